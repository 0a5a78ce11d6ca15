import { join } from 'node:path';
import { z } from 'zod';
import { AttemptSchema, DeliverySchema, type Attempt, type Delivery, type DeliveryStatus } from '../domain/delivery.js';
import { FiredEventSchema, type FiredEvent } from '../domain/event.js';
import { EmulatorError } from '../errors.js';
import { openJournal, readJournal, type Journal } from './journal.js';
import type { StorageOptions } from './subscription-store.js';

/** The file name of the history journal inside the data folder. */
export const HISTORY_FILE = 'history.jsonl';

// One line per change: a new event, a new delivery, an attempt, a status change.
const JournalRecordSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('event'), v: FiredEventSchema }),
  z.object({ t: z.literal('delivery'), v: DeliverySchema }),
  z.object({ t: z.literal('attempt'), id: z.string(), v: AttemptSchema }),
  z.object({
    t: z.literal('state'),
    id: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    nextAttemptAt: z.string().optional(),
    updatedAt: z.string(),
  }),
]);
type JournalRecord = z.infer<typeof JournalRecordSchema>;

export interface DeliveryQuery {
  subscriptionId?: string | undefined;
  event?: string | undefined;
  eventId?: string | undefined;
  status?: DeliveryStatus | undefined;
}

/**
 * Events, deliveries and attempts. Kept in memory (insertion order = oldest first), bounded by
 * `limit`; with file storage every change is appended to a journal in batches, so the cost of a
 * change does not grow with the history.
 */
export interface HistoryStore {
  addEvent(event: FiredEvent): void;
  addDelivery(delivery: Delivery): void;
  addAttempt(deliveryId: string, attempt: Attempt): void;
  setState(deliveryId: string, state: { status: DeliveryStatus; nextAttemptAt?: string | undefined; updatedAt: string }): void;
  getEvent(id: string): FiredEvent | undefined;
  getDelivery(id: string): Delivery | undefined;
  /** Newest first. */
  events(): FiredEvent[];
  /** Newest first. */
  deliveries(query?: DeliveryQuery): Delivery[];
  /** Deliveries still owed an attempt (to resume after a restart). */
  pending(): Delivery[];
  clear(): Promise<void>;
  /** Resolves once every change so far is on disk (at once in memory). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface HistoryStoreOptions {
  storage: StorageOptions;
  /** Deliveries kept; beyond it the oldest finished ones (and their events) are dropped. */
  limit: number;
}

export async function openHistoryStore({ storage, limit }: HistoryStoreOptions): Promise<HistoryStore> {
  const events = new Map<string, FiredEvent>();
  const deliveries = new Map<string, Delivery>();
  const bySubscription = new Map<string, Set<string>>();
  let journal: Journal | undefined;
  let journalLines = 0;

  const apply = (record: JournalRecord) => {
    switch (record.t) {
      case 'event':
        events.set(record.v.id, record.v);
        break;
      case 'delivery': {
        deliveries.set(record.v.id, record.v);
        const ids = bySubscription.get(record.v.subscriptionId) ?? new Set();
        ids.add(record.v.id);
        bySubscription.set(record.v.subscriptionId, ids);
        break;
      }
      case 'attempt': {
        const delivery = deliveries.get(record.id);
        if (delivery) delivery.attempts.push(record.v);
        break;
      }
      case 'state': {
        const delivery = deliveries.get(record.id);
        if (delivery) {
          delivery.status = record.status;
          delivery.updatedAt = record.updatedAt;
          if (record.nextAttemptAt === undefined) delete delivery.nextAttemptAt;
          else delivery.nextAttemptAt = record.nextAttemptAt;
        }
        break;
      }
    }
  };

  const snapshot = (): JournalRecord[] => [
    ...[...events.values()].map((v) => ({ t: 'event' as const, v })),
    ...[...deliveries.values()].map((v) => ({ t: 'delivery' as const, v })),
  ];

  const write = (record: JournalRecord) => {
    apply(record);
    if (!journal) return;
    journal.append(record);
    journalLines++;
    // @note Compact when the journal holds far more lines than live records: the rewrite costs
    // O(history) but happens once per that many changes, so the cost per change stays flat.
    if (journalLines > 4 * (events.size + deliveries.size) + 10_000) {
      const records = snapshot();
      journalLines = records.length;
      // A failed compaction leaves the old, complete journal in place; appends go on regardless.
      journal.rewrite(records).catch(() => undefined);
    }
  };

  const evict = () => {
    for (const delivery of deliveries.values()) {
      if (deliveries.size <= limit) break;
      if (delivery.status === 'pending') continue;
      deliveries.delete(delivery.id);
      bySubscription.get(delivery.subscriptionId)?.delete(delivery.id);
    }
    // Events go with their deliveries; an event that reached nothing stays while it is recent.
    // @note Checked even when the deliveries are within the limit: events that matched nothing
    // add no delivery, and must not pile up without bound.
    for (const event of events.values()) {
      if (events.size <= limit) break;
      if (event.deliveryIds.some((id) => deliveries.has(id))) continue;
      events.delete(event.id);
    }
  };

  if (storage.kind === 'file') {
    const filePath = join(storage.dataDir, HISTORY_FILE);
    const lines = await readJournal(filePath);
    lines.forEach((line, i) => {
      const parsed = JournalRecordSchema.safeParse(line);
      if (!parsed.success) {
        throw new EmulatorError(
          'ConfigurationError',
          `${filePath} line ${i + 1} is not a valid history record. Fix or remove the file; the emulator will not overwrite it.`,
        );
      }
      apply(parsed.data);
    });
    journalLines = lines.length;
    evict();
    journal = await openJournal(filePath);
  }

  const newestFirst = <T>(values: Iterable<T>) => [...values].reverse();

  return {
    addEvent(event) {
      write({ t: 'event', v: event });
      evict();
    },
    addDelivery(delivery) {
      write({ t: 'delivery', v: delivery });
      evict();
    },
    addAttempt: (id, attempt) => write({ t: 'attempt', id, v: attempt }),
    setState: (id, state) => write({ t: 'state', id, ...state }),
    getEvent: (id) => events.get(id),
    getDelivery: (id) => deliveries.get(id),
    events: () => newestFirst(events.values()),
    deliveries(query = {}) {
      const source = query.subscriptionId
        ? [...(bySubscription.get(query.subscriptionId) ?? [])].map((id) => deliveries.get(id)).filter((d): d is Delivery => !!d)
        : deliveries.values();
      return newestFirst(source).filter(
        (d) =>
          (query.event === undefined || d.event === query.event) &&
          (query.eventId === undefined || d.eventId === query.eventId) &&
          (query.status === undefined || d.status === query.status),
      );
    },
    pending: () => [...deliveries.values()].filter((d) => d.status === 'pending'),
    async clear() {
      events.clear();
      deliveries.clear();
      bySubscription.clear();
      journalLines = 0;
      await journal?.rewrite([]);
    },
    flush: async () => journal?.flush(),
    close: async () => journal?.close(),
  };
}
