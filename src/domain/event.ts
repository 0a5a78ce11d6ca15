import * as z from 'zod';
import { ServiceSchema } from './subscription.js';

/** What fired an event. */
export const EventSourceSchema = z.enum(['api', 'redeliver', 'replay', 'scenario']);

/** An event fired into the emulator, recorded whether or not it reached any subscription. */
export const FiredEventSchema = z.object({
  id: z.string(),
  service: ServiceSchema,
  event: z.string(),
  /** Set when the event was fired into one organization/workspace; absent means every workspace. */
  organizationId: z.string().optional(),
  workspaceId: z.string().optional(),
  payload: z.record(z.string(), z.unknown()),
  firedAt: z.string(),
  source: EventSourceSchema,
  /** One delivery per matched subscription; empty when none matched. */
  deliveryIds: z.array(z.string()),
});
export type FiredEvent = z.infer<typeof FiredEventSchema>;
