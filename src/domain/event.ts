import * as z from 'zod';
import type { DeepReadonly } from '../objects.js';
import { ApiNameSchema } from './api.js';
import type { Delivery } from './delivery.js';
import { ServiceSchema } from './subscription.js';

/** What fired an event; `send` is a step of a message's lifecycle (a send through Bird's API). */
const EventSourceSchema = z.enum(['api', 'redeliver', 'replay', 'scenario', 'send', 'loadtest']);

/** An event fired into the emulator, recorded whether or not it reached any subscription. */
export const FiredEventSchema = z.object({
  id: z.string(),
  /** The Bird API whose subscribers it goes to. */
  api: ApiNameSchema,
  /** The Notifications API's service; absent for the platform API, which has none. */
  service: ServiceSchema.optional(),
  event: z.string(),
  /** Set when the event was fired into one organization/workspace; absent means every workspace. */
  organizationId: z.string().optional(),
  workspaceId: z.string().optional(),
  payload: z.record(z.string(), z.unknown()),
  firedAt: z.string(),
  source: EventSourceSchema,
  /** The message sent through the emulator whose lifecycle caused it (source `send`). */
  messageId: z.string().optional(),
  /** One delivery per matched subscription; empty when none matched. */
  deliveryIds: z.array(z.string()),
});
/** A recorded event: a value, never changed once recorded. */
export type FiredEvent = DeepReadonly<z.infer<typeof FiredEventSchema>>;

/** An event and the deliveries it made (as recorded when it fired). */
export interface FiredEventResult {
  readonly event: FiredEvent;
  readonly deliveries: readonly Delivery[];
}
