import type { Catalogue, EventDefinition, Payload } from '../../catalogue/types.js';
import { PLATFORM_EVENTS, type PlatformEventDefinition } from './events/index.js';

/**
 * The platform API's catalogue: the SDK's event types (`events/`), and user-added ones (`--catalog`
 * entries with `"api": "platform"`; one named like a built-in type replaces it). Platform events
 * have no service and no filter keys: an endpoint lists the types it wants.
 */
export function createPlatformCatalogue(custom: readonly PlatformEventDefinition[] = []): Catalogue {
  const merged = new Map<string, EventDefinition>();
  for (const definition of [...PLATFORM_EVENTS, ...custom]) merged.set(definition.name, toEventDefinition(definition));
  const events = Object.freeze([...merged.values()]);
  return {
    events,
    find: (name, service) => (service === undefined ? merged.get(name) : undefined),
    availableWebhooks: () => ({ results: [] }),
  };
}

function toEventDefinition(definition: PlatformEventDefinition): EventDefinition {
  return {
    name: definition.name,
    filterKeys: [],
    documented: definition.documented,
    description: definition.description,
    payloadSchema: definition.payloadSchema,
    generate: (context) => inWorkspace(definition.generate(context), context.workspaceId),
  };
}

/**
 * A generated `data` of an event fired into one workspace names that workspace, as Bird's would:
 * the generators make up a `ws_` id, which a workspace given with the event replaces.
 */
function inWorkspace(data: Payload, workspaceId: string | undefined): Payload {
  return workspaceId !== undefined && 'workspace_id' in data ? { ...data, workspace_id: workspaceId } : data;
}
