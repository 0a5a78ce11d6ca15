import * as z from 'zod';
import { EndpointSchema, type Endpoint } from '../../domain/endpoint.js';
import { openJsonState } from '../../store/json-state.js';
import type { StorageOptions } from '../../store/storage.js';

const EndpointsFileSchema = z.strictObject({
  version: z.literal(1),
  endpoints: z.array(EndpointSchema),
});

/** The file name of the platform API's endpoints (with their live secrets) inside the data folder. */
export const ENDPOINTS_FILE = 'endpoints.json';

/**
 * The platform API's webhook endpoints, kept in lowdb (small state, rewritten whole on each change)
 * and indexed by workspace and event type, so an event finds its endpoints without a scan.
 */
export interface EndpointStore {
  /** Every endpoint, oldest first. */
  all(): readonly Endpoint[];
  /** The endpoints of one workspace, oldest first. */
  inWorkspace(workspaceId: string): readonly Endpoint[];
  get(id: string): Endpoint | undefined;
  /** The endpoints subscribed to `type`, in one workspace or in every workspace. */
  forEvent(type: string, workspaceId?: string): readonly Endpoint[];
  /** Creates or replaces an endpoint and persists the change. */
  put(endpoint: Endpoint): Promise<void>;
  remove(id: string): Promise<boolean>;
  clear(): Promise<void>;
  /** Resolves when every change so far is on disk. */
  flush(): Promise<void>;
}

/** Opens the store; with file storage, loads (or creates) `endpoints.json` in the data folder. */
export async function openEndpointStore(storage: StorageOptions): Promise<EndpointStore> {
  const state = await openJsonState(storage, ENDPOINTS_FILE, EndpointsFileSchema, { version: 1, endpoints: [] });

  const byId = new Map<string, Endpoint>();
  // Two indexes: by (workspace, type) and by type across workspaces; both rebuilt on a change,
  // which is rare next to the events that read them.
  let byEvent = new Map<string, Endpoint[]>();
  const eventKey = (type: string, workspaceId = '*') => `${workspaceId}\u0000${type}`;
  const reindex = () => {
    byId.clear();
    byEvent = new Map();
    for (const endpoint of state.get().endpoints) {
      byId.set(endpoint.id, endpoint);
      for (const type of new Set(endpoint.events)) {
        for (const key of [eventKey(type, endpoint.workspace_id), eventKey(type)]) {
          const list = byEvent.get(key);
          if (list) list.push(endpoint);
          else byEvent.set(key, [endpoint]);
        }
      }
    }
  };
  reindex();

  const replaceAll = (endpoints: readonly Endpoint[]) => {
    const written = state.set({ version: 1, endpoints });
    reindex();
    return written;
  };

  return {
    all: () => state.get().endpoints,
    inWorkspace: (workspaceId) => state.get().endpoints.filter((e) => e.workspace_id === workspaceId),
    get: (id) => byId.get(id),
    forEvent: (type, workspaceId) => byEvent.get(eventKey(type, workspaceId)) ?? [],
    put(endpoint) {
      const exists = byId.has(endpoint.id);
      return replaceAll(
        exists ? state.get().endpoints.map((e) => (e.id === endpoint.id ? endpoint : e)) : [...state.get().endpoints, endpoint],
      );
    },
    async remove(id) {
      if (!byId.has(id)) return false;
      await replaceAll(state.get().endpoints.filter((e) => e.id !== id));
      return true;
    },
    clear: () => replaceAll([]),
    flush: () => state.flush(),
  };
}
