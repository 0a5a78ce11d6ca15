import * as z from 'zod';
import { AttemptSchema, DeliverySchema, type Attempt, type Delivery, type DeliveryState } from '../domain/delivery.js';
import { FiredEventSchema, type FiredEvent } from '../domain/event.js';

// @note Journals written before the emulator served a second Bird API have no `api`: theirs is the
// Notifications API, which `migrated` fills in as each line is read.
const ApiDefault = { api: z.string().default('notifications') };

/** The lines of the history journal: one per change (a new event, a new delivery, an attempt, a status). */
export const JournalRecordSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('event'), v: FiredEventSchema.extend(ApiDefault) }),
  z.object({ t: z.literal('delivery'), v: DeliverySchema.extend(ApiDefault) }),
  z.object({ t: z.literal('attempt'), id: z.string(), v: AttemptSchema }),
  z.object({
    t: z.literal('state'),
    id: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    nextAttemptAt: z.string().optional(),
    updatedAt: z.string(),
    reason: z.string().optional(),
  }),
]);
export type JournalRecord =
  | { t: 'event'; v: FiredEvent }
  | { t: 'delivery'; v: Delivery }
  | { t: 'attempt'; id: string; v: Attempt }
  | ({ t: 'state'; id: string } & DeliveryState);

/** The state a `state` line records, without the line's own fields. */
export function stateOf({ t: _t, id: _id, ...state }: Extract<JournalRecord, { t: 'state' }>): DeliveryState {
  return state;
}

/** A journal line of an earlier version, brought to the current record shape. */
export function migrated(record: JournalRecord): JournalRecord {
  if ((record.t === 'event' || record.t === 'delivery') && record.v.api === undefined) {
    return { ...record, v: { ...record.v, api: 'notifications' } } as JournalRecord;
  }
  return record;
}
