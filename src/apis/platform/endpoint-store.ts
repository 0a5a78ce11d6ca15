import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low, Memory } from 'lowdb';
import * as z from 'zod';
import { EndpointSchema, type Endpoint } from '../../domain/endpoint.js';
import type { DeepReadonly } from '../../objects.js';
import { createJsonDataFile } from '../../store/json-data-file.js';
import type { StorageOptions } from '../../store/storage.js';

const EndpointsFileSchema = z.strictObject({
  version: z.literal(1),
  endpoints: z.array(EndpointSchema),
});
/** The file's content: a value, replaced on each change. */
type EndpointsFile = DeepReadonly<z.infer<typeof EndpointsFileSchema>>;

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
  const initial: EndpointsFile = { version: 1, endpoints: [] };
  let db: Low<EndpointsFile>;
  if (storage.kind === 'file') {
    await mkdir(storage.dataDir, { recursive: true });
    db = new Low(createJsonDataFile(join(storage.dataDir, ENDPOINTS_FILE), EndpointsFileSchema), initial);
  } else {
    db = new Low(new Memory<EndpointsFile>(), initial);
  }
  await db.read();
  if (db.data === initial) await db.write();

  const byId = new Map<string, Endpoint>();
  // Two indexes: by (workspace, type) and by type across workspaces; both rebuilt on a change,
  // which is rare next to the events that read them.
  let byEvent = new Map<string, Endpoint[]>();
  const eventKey = (type: string, workspaceId = '*') => `${workspaceId}\u0000${type}`;
  const reindex = () => {
    byId.clear();
    byEvent = new Map();
    for (const endpoint of db.data.endpoints) {
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

  // @note Writes are chained so flush() can wait for the last one (lowdb's steno serialises them too).
  let pending: Promise<void> = Promise.resolve();
  const replaceAll = (endpoints: readonly Endpoint[]) => {
    db.data = { version: 1, endpoints };
    reindex();
    pending = pending.catch(() => undefined).then(() => db.write());
    return pending;
  };

  return {
    all: () => db.data.endpoints,
    inWorkspace: (workspaceId) => db.data.endpoints.filter((e) => e.workspace_id === workspaceId),
    get: (id) => byId.get(id),
    forEvent: (type, workspaceId) => byEvent.get(eventKey(type, workspaceId)) ?? [],
    put(endpoint) {
      const exists = byId.has(endpoint.id);
      return replaceAll(exists ? db.data.endpoints.map((e) => (e.id === endpoint.id ? endpoint : e)) : [...db.data.endpoints, endpoint]);
    },
    async remove(id) {
      if (!byId.has(id)) return false;
      await replaceAll(db.data.endpoints.filter((e) => e.id !== id));
      return true;
    },
    clear: () => replaceAll([]),
    flush: () => pending,
  };
}
