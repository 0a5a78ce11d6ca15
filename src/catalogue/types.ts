import type { z } from 'zod';
import type { Service } from '../domain/subscription.js';
import type { Random } from '../random.js';

/** A JSON object delivered as the `payload` of a webhook body. */
export type Payload = Record<string, unknown>;

/**
 * A filter key an event accepts, and where its value is read in the payload
 * (a dot-separated path such as `channelId` or `status`).
 */
export interface FilterKeyBinding {
  key: string;
  path: string;
}

/** What a payload generator may use; nothing else, so output is deterministic under a seed. */
export interface GenerateContext {
  random: Random;
  /** The clock's current time in ms since the epoch; generated timestamps are at or before it. */
  now: number;
  /** The workspace the event is fired into, when it is fired into one. */
  workspaceId?: string | undefined;
}

export interface EventDefinition {
  /** Bird's event name, e.g. `sms.outbound`. */
  name: string;
  /** The Notifications API's service; an API without services (the platform API) leaves it out. */
  service?: Service;
  /** The filter keys `available-webhooks` lists for this event, with where each reads its value. */
  filterKeys: readonly FilterKeyBinding[];
  /** False for events Bird does not document (the payment events) and for user-added ones. */
  documented: boolean;
  /** One line for humans (dashboard, `--help` of trigger). */
  description: string;
  /** Validates a payload after user overrides are merged in. */
  payloadSchema: z.ZodType<Payload>;
  /** Makes a realistic payload. */
  generate(context: GenerateContext): Payload;
}

/** The shape of Bird's `GET /workspaces/{id}/available-webhooks`. */
export interface AvailableWebhooks {
  results: { service: Service; events: { name: string; filterKeys: string[] }[] }[];
}

export interface Catalogue {
  readonly events: readonly EventDefinition[];
  /** Finds an event by name; with `service`, only within that service. */
  find(name: string, service?: Service): EventDefinition | undefined;
  availableWebhooks(service?: Service): AvailableWebhooks;
}
