import { ServiceSchema, type Service } from '../domain/subscription.js';
import { toEventDefinition, type CustomEventDefinition } from './custom-catalog.js';
import { CHANNEL_EVENTS } from './events/channels.js';
import { CONVERSATION_EVENTS } from './events/conversations.js';
import { MESSAGE_EVENTS } from './events/messages.js';
import { NUMBERS_EVENTS } from './events/numbers.js';
import { PAYMENT_EVENTS } from './events/payments.js';
import { TEMPLATE_EVENTS } from './events/templates.js';
import { VOICE_EVENTS } from './events/voice.js';
import type { AvailableWebhooks, Catalogue, EventDefinition } from './types.js';

/** Every event of SPEC §1.5, grouped by service in `available-webhooks` order. */
export const BUILT_IN_EVENTS: readonly EventDefinition[] = [
  ...MESSAGE_EVENTS,
  ...CHANNEL_EVENTS,
  ...VOICE_EVENTS,
  ...NUMBERS_EVENTS,
  ...PAYMENT_EVENTS,
  ...CONVERSATION_EVENTS,
  ...TEMPLATE_EVENTS,
];

/** The order of services in `available-webhooks`: Bird's service enum order. */
const SERVICE_ORDER: readonly Service[] = ServiceSchema.options;

export interface CatalogueOptions {
  /**
   * User-added events (see `loadCustomCatalog`). One with the same service and name as a built-in
   * event replaces it, so a user can correct a payload shape; the others are added.
   * @default []
   */
  customEvents?: readonly CustomEventDefinition[];
}

/** Creates the event catalogue: the built-in events plus any user-added ones. */
export function createCatalogue(options: CatalogueOptions = {}): Catalogue {
  const merged = [...BUILT_IN_EVENTS];
  for (const custom of (options.customEvents ?? []).filter((e) => e.api === 'notifications')) {
    const definition = toEventDefinition(custom);
    const index = merged.findIndex((e) => e.name === custom.name && e.service === custom.service);
    if (index === -1) merged.push(definition);
    else merged[index] = definition;
  }
  // Stable sort: custom events join the end of their service's group.
  const rank = (e: EventDefinition) => (e.service === undefined ? -1 : SERVICE_ORDER.indexOf(e.service));
  const events = Object.freeze(merged.sort((a, b) => rank(a) - rank(b)));
  // Looked up on every fired event: by name, then service.
  const byName = new Map<string, EventDefinition[]>();
  for (const e of events) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);

  return {
    events,
    find(name, service) {
      return byName.get(name)?.find((e) => service === undefined || e.service === service);
    },
    availableWebhooks(service): AvailableWebhooks {
      const results = SERVICE_ORDER.filter((s) => service === undefined || s === service).flatMap((s) => {
        const ofService = events.filter((e) => e.service === s);
        if (ofService.length === 0) return [];
        const listed = ofService.map((e) => ({ name: e.name, filterKeys: e.filterKeys.map((f) => f.key) }));
        return [{ service: s, events: listed }];
      });
      return { results };
    },
  };
}
