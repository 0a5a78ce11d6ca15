import type { Catalogue, EventDefinition, Payload } from '../../catalogue/types.js';
import { toEventDefinition, type CustomEventDefinition } from '../../catalogue/custom-catalog.js';
import { PLATFORM_EVENTS, type PlatformEventDefinition } from './events/index.js';

/**
 * The platform API's catalogue: the SDK's event types (`events/`), and user-added ones (`--catalog`
 * entries with `"api": "platform"`; one named like a built-in type replaces it). Platform events
 * have no service and no filter keys: an endpoint lists the types it wants.
 */
export function createPlatformCatalogue(custom: readonly CustomEventDefinition[] = []): Catalogue {
  const merged = new Map<string, EventDefinition>();
  for (const definition of PLATFORM_EVENTS) merged.set(definition.name, fromPlatformDefinition(definition));
  for (const event of custom.filter((e) => e.api === 'platform')) merged.set(event.name, inWorkspaceOf(toEventDefinition(event)));
  const events = Object.freeze([...merged.values()]);
  return {
    events,
    find: (name, service) => (service === undefined ? merged.get(name) : undefined),
    availableWebhooks: () => ({ results: [] }),
  };
}

function fromPlatformDefinition(definition: PlatformEventDefinition): EventDefinition {
  return inWorkspaceOf({
    name: definition.name,
    filterKeys: [],
    documented: definition.documented,
    source: definition.source,
    description: definition.description,
    payloadSchema: definition.payloadSchema,
    generate: definition.generate,
  });
}

/** The definition, its generated data naming the workspace an event is fired into. */
function inWorkspaceOf(definition: EventDefinition): EventDefinition {
  return { ...definition, generate: (context) => inWorkspace(definition.generate(context), context.workspaceId) };
}

/**
 * A generated `data` of an event fired into one workspace names that workspace, as Bird's would:
 * the generators make up a `ws_` id, which a workspace given with the event replaces.
 */
function inWorkspace(data: Payload, workspaceId: string | undefined): Payload {
  return workspaceId !== undefined && 'workspace_id' in data ? { ...data, workspace_id: workspaceId } : data;
}
