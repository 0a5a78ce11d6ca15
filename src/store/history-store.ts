import { join } from 'node:path';
import * as z from 'zod';
import { AttemptSchema, DeliverySchema, type Attempt, type Delivery, type DeliveryStatus } from '../domain/delivery.js';
import { FiredEventSchema, type FiredEvent } from '../domain/event.js';
import { EmulatorError } from '../errors.js';
import { REQUEST_ID_HEADER, SIGNATURE_HEADER } from '../signing/sign.js';
import { forEachJournalRecord, openJournal, type Journal } from './journal.js';
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
  /**
   * Records an event. `body` is the delivery body its deliveries carry, when the caller built them
   * from it (`{"service","event","payload"}` as the dispatcher serialises it): the store keeps the
   * payload as that text, and is spared serialising it again.
   */
  addEvent(event: FiredEvent, body?: string): void;
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
  // @note Eviction walks these queues from the head instead of iterating the Maps from their start:
  // a Map keeps the slots of deleted entries until it rehashes, so that iteration skips up to
  // `limit` holes on every call, which made each event cost more the longer the history was.
  const deliveryQueue = createQueue();
  const eventQueue = createQueue();
  // Deliveries passed over at the head because they were still pending; older than the queue.
  let parked: string[] = [];
  const intern = createInterner();
  let journal: Journal | undefined;
  let journalLines = 0;

  const apply = (record: JournalRecord, body?: string) => {
    switch (record.t) {
      case 'event': {
        const stored = compactEvent(record.v, body ?? bodyFor(record.v), deliveries, intern);
        if (!events.has(stored.id)) eventQueue.push(stored.id);
        events.set(stored.id, stored);
        break;
      }
      case 'delivery': {
        const delivery = shareStrings(record.v, events, intern);
        if (!deliveries.has(delivery.id)) deliveryQueue.push(delivery.id);
        deliveries.set(delivery.id, delivery);
        const ids = bySubscription.get(delivery.subscriptionId) ?? new Set();
        ids.add(delivery.id);
        bySubscription.set(delivery.subscriptionId, ids);
        break;
      }
      case 'attempt': {
        const delivery = deliveries.get(record.id);
        // A new array of the exact size: push() would reserve room for 16 attempts in each delivery.
        if (delivery) delivery.attempts = delivery.attempts.concat([shareAttemptStrings(record.v, intern)]);
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

  const write = (record: JournalRecord, body?: string) => {
    apply(record, body);
    if (!journal) return;
    journal.append(record);
    journalLines++;
    // @note Compact when the journal holds far more lines than live records: the rewrite costs
    // O(history) but happens once per that many changes, so the cost per change stays flat.
    if (journalLines > 4 * (events.size + deliveries.size) + 10_000) {
      const records = snapshot();
      journalLines = records.length;
      // A failed compaction leaves the old, complete journal in place; appends go on regardless.
      journal.rewrite(records, journalLine).catch(() => undefined);
    }
  };

  const dropDelivery = (delivery: Delivery) => {
    deliveries.delete(delivery.id);
    bySubscription.get(delivery.subscriptionId)?.delete(delivery.id);
  };

  const evict = () => {
    // Oldest first: the parked ones (older than the whole queue) if they have finished since.
    if (deliveries.size > limit && parked.length > 0) {
      const kept: string[] = [];
      for (const id of parked) {
        const delivery = deliveries.get(id);
        if (!delivery) continue;
        if (delivery.status === 'pending' || deliveries.size <= limit) kept.push(id);
        else dropDelivery(delivery);
      }
      parked = kept;
    }
    while (deliveries.size > limit) {
      const id = deliveryQueue.shift();
      if (id === undefined) break;
      const delivery = deliveries.get(id);
      if (!delivery) continue;
      if (delivery.status === 'pending') parked.push(id);
      else dropDelivery(delivery);
    }
    // Events go with their deliveries; an event that reached nothing stays while it is recent.
    // @note Checked even when the deliveries are within the limit: events that matched nothing
    // add no delivery, and must not pile up without bound.
    let passedOver = 0;
    while (events.size > limit && passedOver < eventQueue.length()) {
      const id = eventQueue.shift();
      const event = id === undefined ? undefined : events.get(id);
      if (!event) continue;
      if (event.deliveryIds.some((deliveryId) => deliveries.has(deliveryId))) {
        // Still in use: look at it again once the younger ones have had their turn.
        eventQueue.push(event.id);
        passedOver++;
      } else {
        events.delete(event.id);
      }
    }
  };

  if (storage.kind === 'file') {
    const filePath = join(storage.dataDir, HISTORY_FILE);
    journalLines = await forEachJournalRecord(filePath, (line, lineNumber) => {
      // @note The record JSON.parse made is kept, not zod's copy of it: the parser lays objects out
      // compactly, and no second copy of every record is made while loading.
      if (!JournalRecordSchema.safeParse(line).success) {
        throw new EmulatorError(
          'ConfigurationError',
          `${filePath} line ${lineNumber} is not a valid history record. Fix or remove the file; the emulator will not overwrite it.`,
        );
      }
      apply(line as JournalRecord);
      // @note Evicted while loading, not only at the end: a journal holds many times `limit`
      // deliveries before it is compacted, and all of them at once would set the process's peak memory.
      if (lineNumber % 1024 === 0) evict();
    });
    evict();
    journal = await openJournal(filePath);
  }

  const newestFirst = <T>(values: Iterable<T>) => [...values].reverse();

  return {
    addEvent(event, body) {
      write({ t: 'event', v: event }, body);
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
      deliveryQueue.clear();
      eventQueue.clear();
      parked = [];
      journalLines = 0;
      await journal?.rewrite([]);
    },
    flush: async () => journal?.flush(),
    close: async () => journal?.close(),
  };
}

/** A FIFO of ids: `shift()` is O(1) and the array is compacted once half of it is consumed. */
function createQueue() {
  let items: string[] = [];
  let head = 0;
  return {
    push: (id: string) => void items.push(id),
    shift(): string | undefined {
      if (head >= items.length) return undefined;
      const id = items[head++];
      if (head > 1024 && head * 2 > items.length) {
        items = items.slice(head);
        head = 0;
      }
      return id;
    },
    length: () => items.length - head,
    clear() {
      items = [];
      head = 0;
    },
  };
}

type Intern = (value: string) => string;

/**
 * Hands out one shared instance per distinct string, so the ids, URLs and header values that every
 * record of a subscription repeats are held once rather than once per delivery (records read back
 * from the journal, or answered by the receiver, each bring their own copies).
 */
function createInterner(max = 20_000): Intern {
  let table = new Map<string, string>();
  return (value) => {
    const known = table.get(value);
    if (known !== undefined) return known;
    // A bound, so per-request values (timestamps, dates) cannot grow the table without end.
    if (table.size >= max) table = new Map();
    table.set(value, value);
    return value;
  };
}

/** Stores a delivery as given (the dispatcher keeps using the same object), its strings shared. */
function shareStrings(delivery: Delivery, events: ReadonlyMap<string, FiredEvent>, intern: Intern): Delivery {
  delivery.subscriptionId = intern(delivery.subscriptionId);
  delivery.organizationId = intern(delivery.organizationId);
  delivery.workspaceId = intern(delivery.workspaceId);
  delivery.event = intern(delivery.event);
  delivery.url = intern(delivery.url);
  const headers = delivery.request.headers;
  for (const key of Object.keys(headers)) {
    // The request id is the delivery id; the signature is unique to the request.
    if (key === REQUEST_ID_HEADER && headers[key] === delivery.id) headers[key] = delivery.id;
    else if (key !== SIGNATURE_HEADER) headers[key] = intern(headers[key] as string);
  }
  const event = events.get(delivery.eventId);
  if (event) {
    delivery.eventId = event.id;
    const body = bodyOf(event);
    if (body === delivery.request.body) delivery.request.body = body;
  }
  for (let i = 0; i < delivery.attempts.length; i++) delivery.attempts[i] = shareAttemptStrings(delivery.attempts[i] as Attempt, intern);
  return delivery;
}

function shareAttemptStrings(attempt: Attempt, intern: Intern): Attempt {
  attempt.destination = intern(attempt.destination);
  if (attempt.response) {
    const headers = attempt.response.headers;
    for (const key of Object.keys(headers)) headers[key] = intern(headers[key] as string);
    if (attempt.response.body.length <= 256) attempt.response.body = intern(attempt.response.body);
  }
  if (attempt.error) attempt.error.message = intern(attempt.error.message);
  return attempt;
}

// The delivery body of an event, `{"service":…,"event":…,"payload":…}`, exactly as the dispatcher
// builds it. A stored event keeps only this text; `payload` is parsed from it when read.
const BODY = Symbol('body');
type StoredEvent = FiredEvent & { [BODY]: string };

function payloadGetter(this: StoredEvent): FiredEvent['payload'] {
  return (JSON.parse(this[BODY]) as { payload: FiredEvent['payload'] }).payload;
}

const bodyOf = (event: FiredEvent): string => (event as StoredEvent)[BODY];
const bodyFor = (event: FiredEvent): string => JSON.stringify({ service: event.service, event: event.event, payload: event.payload });

const journalLine = (record: JournalRecord): string => (record.t === 'event' ? eventLine(record.v) : JSON.stringify(record));

/**
 * The journal line of a stored event, its payload spliced in as the text it is kept as: compaction
 * does not parse every payload only to serialise it again (it blocks the event loop while it runs).
 */
function eventLine(event: FiredEvent): string {
  const body = bodyOf(event);
  const prefix = `{"service":${JSON.stringify(event.service)},"event":${JSON.stringify(event.event)},"payload":`;
  if (!body?.startsWith(prefix)) return JSON.stringify({ t: 'event', v: event });
  // Named fields only: reading `payload` would parse it.
  const { id, service, event: name, organizationId, workspaceId, firedAt, source, deliveryIds } = event;
  const head = JSON.stringify({ t: 'event', v: { id, service, event: name, organizationId, workspaceId, firedAt, source, deliveryIds } });
  return `${head.slice(0, -2)},"payload":${body.slice(prefix.length, -1)}}}`;
}

/**
 * The event as stored: its payload held once, as the text of the delivery body, which its
 * deliveries share instead of each holding a copy (about 1 KB per delivery; with the interning
 * above, this halves the memory a long history takes).
 * @note `payload` stays an enumerable property (a getter), so the event still serialises, spreads
 * and compares like the plain object it was; each read returns a fresh copy.
 */
function compactEvent(event: FiredEvent, body: string, deliveries: ReadonlyMap<string, Delivery>, intern: Intern): FiredEvent {
  // Built field by field in the order of FiredEvent, so it serialises as the original did.
  const stored: Record<string, unknown> = { id: event.id, service: event.service, event: intern(event.event) };
  if (event.organizationId !== undefined) stored.organizationId = intern(event.organizationId);
  if (event.workspaceId !== undefined) stored.workspaceId = intern(event.workspaceId);
  Object.defineProperty(stored, 'payload', { get: payloadGetter, enumerable: true });
  stored.firedAt = event.firedAt;
  stored.source = event.source;
  stored.deliveryIds = event.deliveryIds.map((id) => deliveries.get(id)?.id ?? id);
  Object.defineProperty(stored, BODY, { value: body });
  for (const id of event.deliveryIds) {
    const delivery = deliveries.get(id);
    if (delivery?.request.body === body) delivery.request.body = body;
  }
  return stored as StoredEvent;
}
