import { join } from 'node:path';
import type { ApiName } from '../domain/api.js';
import {
  withAttempt,
  withOutcome,
  withState,
  type Attempt,
  type Delivery,
  type DeliveryState,
  type DeliveryStatus,
} from '../domain/delivery.js';
import type { FiredEvent } from '../domain/event.js';
import { EmulatorError } from '../errors.js';
import { forEachJournalRecord, openJournal, type Journal } from './journal.js';
import { JournalRecordSchema, migrated, stateOf, type JournalRecord } from './journal-records.js';
import type { StorageOptions } from './storage.js';
import { bodyOfStored, createInterner, eventLine, storedAttempt, storedDelivery, storedEvent } from './stored-records.js';

/** The file name of the history journal inside the data folder. */
export const HISTORY_FILE = 'history.jsonl';

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
 *
 * Records are values: what a read returns is never changed afterwards, and a write returns the new
 * record, so a caller holding an older one (or a copy) is never out of step with the store.
 */
export interface HistoryStore {
  /**
   * Records an event and the new deliveries it made; `body` is the body they carry (the event's
   * envelope as text). Returns the deliveries as stored.
   */
  addEvent(event: FiredEvent, body: string, deliveries?: readonly Delivery[]): Delivery[];
  /**
   * Records an attempt of a delivery and the state it leads to; returns the new record, or
   * `undefined` when the delivery is no longer kept (a reset ran meanwhile).
   */
  recordAttempt(deliveryId: string, attempt: Attempt, state: DeliveryState): Delivery | undefined;
  /** Records a state change without an attempt (a delivery stopped early); returns the new record. */
  setState(deliveryId: string, state: DeliveryState): Delivery | undefined;
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

/** What the history needs to know of each Bird API's bodies and headers. */
export interface HistoryCodec {
  /** The body of an event, to keep a loaded event's payload as that text (see stored-records.ts). */
  encode(event: FiredEvent): string;
  decode(api: ApiName, body: string): FiredEvent['payload'];
  payloadText(body: string, event: FiredEvent): string | undefined;
  /** Header names whose values are unique to each request (not worth sharing). */
  perRequestHeaders: ReadonlySet<string>;
}

export interface HistoryStoreOptions {
  storage: StorageOptions;
  /** Deliveries kept; beyond it the oldest finished ones (and their events) are dropped. */
  limit: number;
  codec: HistoryCodec;
}

export async function openHistoryStore({ storage, limit, codec }: HistoryStoreOptions): Promise<HistoryStore> {
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
  const decoders = new Map<ApiName, (body: string) => FiredEvent['payload']>();
  const decoderOf = (api: ApiName) => {
    let decode = decoders.get(api);
    if (!decode) decoders.set(api, (decode = (body) => codec.decode(api, body)));
    return decode;
  };
  let journal: Journal | undefined;
  let journalLines = 0;

  /**
   * Applies one change to the maps; returns the delivery it made or changed. `fresh`: a delivery the
   * pipeline has just made, whose strings are already the subscription's and whose body is its
   * event's; it is kept as it is instead of copied (records read from the journal are copied).
   */
  const apply = (record: JournalRecord, body?: string, fresh = false): Delivery | undefined => {
    switch (record.t) {
      case 'event': {
        const event = record.v;
        const eventBody = body ?? codec.encode(event);
        const stored = storedEvent(event, eventBody, decoderOf(event.api), intern);
        if (!events.has(stored.id)) eventQueue.push(stored.id);
        events.set(stored.id, stored);
        // Deliveries read before their event (journals of earlier versions wrote them first) share its
        // body from now on; the pipeline records an event before its deliveries, so none are found then.
        for (const id of stored.deliveryIds) {
          const delivery = deliveries.get(id);
          if (delivery && delivery.request.body === eventBody) {
            deliveries.set(id, { ...delivery, request: { ...delivery.request, body: eventBody } });
          }
        }
        return undefined;
      }
      case 'delivery': {
        const event = events.get(record.v.eventId);
        const delivery = fresh ? record.v : storedDelivery(record.v, event && bodyOfStored(event), intern, codec.perRequestHeaders);
        if (!deliveries.has(delivery.id)) deliveryQueue.push(delivery.id);
        deliveries.set(delivery.id, delivery);
        const ids = bySubscription.get(delivery.subscriptionId) ?? new Set();
        ids.add(delivery.id);
        bySubscription.set(delivery.subscriptionId, ids);
        return delivery;
      }
      case 'attempt':
      case 'state': {
        const delivery = deliveries.get(record.id);
        if (!delivery) return undefined;
        const updated =
          record.t === 'attempt' ? withAttempt(delivery, storedAttempt(record.v, intern)) : withState(delivery, stateOf(record));
        deliveries.set(record.id, updated);
        return updated;
      }
    }
  };

  const snapshot = (): JournalRecord[] => [
    ...[...events.values()].map((v) => ({ t: 'event' as const, v })),
    ...[...deliveries.values()].map((v) => ({ t: 'delivery' as const, v })),
  ];
  const journalLine = (record: JournalRecord): string =>
    record.t === 'event' ? eventLine(record.v, codec.payloadText) : JSON.stringify(record);

  const append = (record: JournalRecord) => {
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

  const write = (record: JournalRecord, body?: string, fresh = false): Delivery | undefined => {
    const changed = apply(record, body, fresh);
    append(record);
    return changed;
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
      apply(migrated(line as JournalRecord));
      // @note Evicted while loading, not only at the end: a journal holds many times `limit`
      // deliveries before it is compacted, and all of them at once would set the process's peak memory.
      if (lineNumber % 1024 === 0) evict();
    });
    evict();
    journal = await openJournal(filePath);
  }

  const newestFirst = <T>(values: Iterable<T>) => [...values].reverse();

  return {
    addEvent(event, body, added = []) {
      // The event first, so its deliveries share its body text; eviction once all of them are in.
      write({ t: 'event', v: event }, body);
      // Shared as they are only when they carry this very body (the pipeline's do).
      const stored = added.map((delivery) => write({ t: 'delivery', v: delivery }, undefined, delivery.request.body === body) as Delivery);
      evict();
      return stored;
    },
    recordAttempt(id, attempt, state) {
      const delivery = deliveries.get(id);
      if (!delivery) return undefined;
      // One new record for the attempt and the state it led to; the journal keeps its two lines.
      const updated = withOutcome(delivery, storedAttempt(attempt, intern), state);
      deliveries.set(id, updated);
      append({ t: 'attempt', id, v: attempt });
      append({ t: 'state', id, ...state });
      return updated;
    },
    setState: (id, state) => (deliveries.has(id) ? write({ t: 'state', id, ...state }) : undefined),
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
