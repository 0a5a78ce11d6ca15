import type { z } from 'zod';
import type { Service } from '../domain/subscription.js';
import type { Random } from '../random.js';

/** A JSON object delivered as the `payload` of a webhook body. */
export type Payload = Record<string, unknown>;

/**
 * A filter key an event accepts, and where its value comes from: a dot-separated path in the
 * payload (`channelId`, `status`), or a value the event itself fixes. The second is for keys Bird
 * does not read from the payload: every `sms.*` event is on Bird's `sms-messagebird` platform,
 * though no Bird message carries a `platformId`.
 */
export type FilterKeyBinding = { key: string; path: string } | { key: string; value: string };

/** How much of an event Bird documents, and where. */
export interface EventSource {
  /**
   * - `example`: Bird publishes example payloads of the event; the generator follows them field for field.
   * - `partial`: Bird documents part of the payload (fragments, prose, a placeholder object); `ours` says what the emulator added.
   * - `none`: Bird names the event (or, for `documented: false` events, not even that) but shows no payload; the shape is the emulator's.
   * - `schema`: Bird publishes the payload's schema (its SDK's types, for the platform API); the generator follows it field for field.
   */
  payload: 'example' | 'partial' | 'none' | 'schema';
  /** The pages the event and its payload are taken from, most specific first. */
  urls: readonly string[];
  /** What the emulator chose where Bird is silent or contradicts itself; absent when nothing is. */
  ours?: string;
}

/** What a payload generator may use; nothing else, so output is deterministic under a seed. */
export interface GenerateContext {
  random: Random;
  /** The clock's current time in ms since the epoch; generated timestamps are at or before it. */
  now: number;
  /** The workspace the event is fired into, when it is fired into one. */
  workspaceId?: string | undefined;
  /**
   * The payload the caller is about to deep-merge over the generated one (a fire's `payload`), read
   * only. Generators read its discriminating fields (`status`, `body.type`, `type`, …) and make
   * that variant, so that `{body: {type: "image"}}` merges into an image message rather than a text
   * message relabelled. Absent: the event's default variant.
   */
  override?: Readonly<Payload> | undefined;
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
  /** Where Bird documents the event and its payload, and what is the emulator's own. */
  source: EventSource;
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
