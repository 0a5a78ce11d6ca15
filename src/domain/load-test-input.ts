import * as z from 'zod';
import { FireEventInputSchema } from './fire-input.js';

/**
 * A load test: the body of `POST /_emulator/loadtest`, and of `emulator.loadTest()`. The event is
 * named as in a fire request (its fields, unknown ones refused); the rest says how hard and how long. It must be bounded: `count`,
 * `duration`, or both (whichever comes first ends it).
 */
export const LoadTestInputSchema = FireEventInputSchema.extend({
  /**
   * Events per second, on a fixed schedule (open loop): a receiver that cannot keep up is reported
   * as behind, never given a slower schedule. Absent: as fast as `concurrency` allows.
   */
  rate: z.number().positive().max(1_000_000).optional(),
  /** Events to fire in all. */
  count: z.number().int().min(1).max(1_000_000_000).optional(),
  /** Seconds to fire for. */
  duration: z
    .number()
    .positive()
    .max(7 * 24 * 3600)
    .optional(),
  /** Deliveries unsettled at once, at most (an attempt in flight or a retry waiting). @default 32 */
  concurrency: z.number().int().min(1).max(10_000).default(32),
  /** Follow the emulator's retry schedule; off, every delivery is attempted once. @default false */
  retries: z.boolean().default(false),
  /**
   * One event in this many is recorded in the history (with its deliveries, and shown on the live
   * log); the others are only counted, so memory stays flat however long the run. @default 1000
   */
  recordEvery: z.number().int().min(1).default(1000),
}).refine((input) => input.count !== undefined || input.duration !== undefined, {
  message: 'a load test must be bounded: give count, duration or both',
  path: ['count'],
});
export type LoadTestInput = z.infer<typeof LoadTestInputSchema>;
/** What `emulator.loadTest()` takes: the same fields, defaults optional. */
export type LoadTestOptions = z.input<typeof LoadTestInputSchema>;
