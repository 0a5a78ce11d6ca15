import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notificationsEnvelope } from '../../src/apis/notifications/envelope.js';
import type { Attempt, Delivery } from '../../src/domain/delivery.js';
import type { FiredEvent } from '../../src/domain/event.js';
import { HISTORY_FILE, openHistoryStore, type HistoryCodec, type HistoryStore } from '../../src/store/history-store.js';
import { tempDir } from '../helpers/emulator-server.js';

const AT = '2025-06-22T19:05:31.240Z';
let dir: Awaited<ReturnType<typeof tempDir>>;
const opened: HistoryStore[] = [];

beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  // Remove the folder even when a store fails to close.
  await Promise.allSettled(opened.splice(0).map((store) => store.close()));
  await dir.remove();
});

const codec: HistoryCodec = {
  encode: notificationsEnvelope.encode,
  decode: (_api, body) => notificationsEnvelope.decode(body),
  payloadText: notificationsEnvelope.payloadText,
  perRequestHeaders: new Set(['messagebird-signature']),
};

async function open(limit = 100, storage: 'file' | 'memory' = 'file'): Promise<HistoryStore> {
  const store = await openHistoryStore({
    storage: storage === 'file' ? { kind: 'file', dataDir: dir.path } : { kind: 'memory' },
    limit,
    codec,
  });
  opened.push(store);
  return store;
}

function event(n: number, deliveryIds: string[] = [`d${n}`]): FiredEvent {
  return {
    id: `e${n}`,
    api: 'notifications',
    service: 'channels',
    event: 'sms.inbound',
    payload: { n },
    firedAt: AT,
    source: 'api',
    deliveryIds,
  };
}

/** The delivery body of event n. */
const body = (n: number) => notificationsEnvelope.encode(event(n));

function delivery(n: number, status: Delivery['status'] = 'pending'): Delivery {
  return {
    id: `d${n}`,
    api: 'notifications',
    eventId: `e${n}`,
    subscriptionId: n % 2 === 0 ? 'sub-even' : 'sub-odd',
    organizationId: 'org',
    workspaceId: 'ws',
    service: 'channels',
    event: 'sms.inbound',
    url: 'http://127.0.0.1:1/hook',
    status,
    request: { headers: { 'messagebird-request-id': `d${n}` }, body: body(n) },
    attempts: [],
    maxAttempts: 3,
    createdAt: AT,
    updatedAt: AT,
  };
}

const attempt = (attemptNumber: number, status: number): Attempt => ({
  attemptNumber,
  destination: 'http://127.0.0.1:1/hook',
  startedAt: AT,
  durationMs: 1.5,
  outcome: status < 300 ? 'succeeded' : 'failed',
  response: { status, headers: {}, body: '', bodyTruncated: false },
});

/** Records event n with its one delivery, pending. */
function addPending(store: HistoryStore, n: number) {
  store.addEvent(event(n), body(n), [delivery(n)]);
}

/** Records event n with one finished delivery. */
function addFinished(store: HistoryStore, n: number, status: 'succeeded' | 'failed' = 'succeeded') {
  addPending(store, n);
  store.recordAttempt(`d${n}`, attempt(1, status === 'succeeded' ? 200 : 500), { status, updatedAt: AT });
}

/** `count` failed attempts of delivery `id`, each leaving it pending: changes enough to make the journal compact itself. */
function retryOften(store: HistoryStore, id: string, count: number) {
  for (let i = 0; i < count; i++)
    store.recordAttempt(id, attempt(i + 1, 503), { status: 'pending', nextAttemptAt: AT, updatedAt: `n${i}` });
}

describe('history retention', () => {
  it('drops the oldest finished deliveries, and their events, beyond the limit', async () => {
    const store = await open(3, 'memory');
    for (let n = 1; n <= 5; n++) addFinished(store, n, n % 2 ? 'succeeded' : 'failed');
    addPending(store, 6);
    expect(store.deliveries().map((d) => d.id)).toEqual(['d6', 'd5', 'd4']);
    expect(store.getDelivery('d1')).toBeUndefined();
    expect(store.events().map((e) => e.id)).toEqual(['e6', 'e5', 'e4']);
    expect(store.deliveries({ subscriptionId: 'sub-odd' }).map((d) => d.id)).toEqual(['d5']);
  });

  it('never drops a delivery still owed a retry', async () => {
    const store = await open(2, 'memory');
    addPending(store, 1);
    for (let n = 2; n <= 4; n++) addFinished(store, n);
    addPending(store, 5);
    expect(store.getDelivery('d1')?.status).toBe('pending');
    expect(store.pending().map((d) => d.id)).toEqual(['d1', 'd5']);
    expect(store.getDelivery('d2')).toBeUndefined();
  });

  it('applies the limit to what it loads from disk', async () => {
    const first = await open(10);
    for (let n = 1; n <= 6; n++) addFinished(first, n);
    await first.close();
    const second = await open(4);
    expect(second.deliveries().map((d) => d.id)).toEqual(['d6', 'd5', 'd4', 'd3']);
  });

  it('loads a journal far longer than the limit: the newest finished, every pending, their events', async () => {
    // 3,000 deliveries, 12,000 lines: eviction runs while loading, not only at the end.
    const first = await open(5_000);
    addPending(first, 0);
    first.recordAttempt('d0', attempt(1, 503), { status: 'pending', nextAttemptAt: AT, updatedAt: AT });
    for (let n = 1; n <= 3_000; n++) addFinished(first, n);
    await first.close();
    const second = await open(10);
    expect(second.deliveries().map((d) => d.id)).toEqual([
      'd3000',
      'd2999',
      'd2998',
      'd2997',
      'd2996',
      'd2995',
      'd2994',
      'd2993',
      'd2992',
      'd0',
    ]);
    expect(second.getDelivery('d0')?.attempts).toHaveLength(1);
    expect(second.pending().map((d) => d.id)).toEqual(['d0']);
    expect(second.events().map((e) => e.id)).toEqual(second.deliveries().map((d) => d.id.replace('d', 'e')));
  });
});

describe('history on disk', () => {
  it('comes back after a reopen with attempts, states and pending retries', async () => {
    const first = await open();
    addFinished(first, 1);
    addPending(first, 2);
    first.recordAttempt('d2', attempt(1, 503), { status: 'pending', nextAttemptAt: '2025-06-22T19:06:00.000Z', updatedAt: AT });
    await first.close();

    const second = await open();
    expect(second.getDelivery('d1')).toMatchObject({ status: 'succeeded', attempts: [{ response: { status: 200 } }] });
    expect(second.pending()).toEqual([
      expect.objectContaining({
        id: 'd2',
        nextAttemptAt: '2025-06-22T19:06:00.000Z',
        attempts: [expect.objectContaining({ attemptNumber: 1 })],
      }),
    ]);
    expect(second.getEvent('e2')?.payload).toEqual({ n: 2 });
  });

  it('refuses a history file with a corrupt record in the middle, naming the file and line', async () => {
    const first = await open();
    addFinished(first, 1);
    await first.close();
    const path = join(dir.path, HISTORY_FILE);
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines.splice(1, 0, JSON.stringify({ t: 'delivery', v: { id: 'broken' } }));
    await writeFile(path, lines.join('\n'));
    await expect(open()).rejects.toThrow(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} line 2\\b`));
    // Refused, not replaced: the file is left as it was for the user to fix.
    expect((await readFile(path, 'utf8')).split('\n')).toEqual(lines);
  });

  it('loses no change made while the journal compacts itself', async () => {
    const first = await open(10_000);
    addPending(first, 0);
    // Enough changes to pass the compaction threshold…
    retryOften(first, 'd0', 5_025);
    // …and new deliveries tick after tick while the compacted file is written and renamed.
    for (let n = 1; n <= 200; n++) {
      await new Promise((resolve) => setImmediate(resolve));
      addPending(first, n);
    }
    first.recordAttempt('d0', attempt(5_026, 500), { status: 'failed', updatedAt: 'last' });
    await first.close();

    const second = await open(10_000);
    expect(second.getDelivery('d0')).toMatchObject({ status: 'failed', updatedAt: 'last' });
    expect(second.deliveries()).toHaveLength(201);
    const lines = (await readFile(join(dir.path, HISTORY_FILE), 'utf8')).trim().split('\n');
    expect(lines.length).toBeLessThan(1_000);
  });
});

describe('history compaction', () => {
  it('writes events back exactly: ids, scope, payload (spliced in as its stored text) and delivery ids', async () => {
    const first = await open(10_000);
    const scoped = { ...event(1), organizationId: 'org', workspaceId: 'ws', payload: { text: 'a "quoted" é', nested: { list: [1, 2] } } };
    first.addEvent(scoped, notificationsEnvelope.encode(scoped), [delivery(1)]);
    first.addEvent(event(2, []), body(2));
    // Enough changes to pass the compaction threshold, then wait for the rewrite to land.
    retryOften(first, 'd1', 5_025);
    first.recordAttempt('d1', attempt(5_026, 200), { status: 'succeeded', updatedAt: 'last' });
    await first.close();
    const lines = (await readFile(join(dir.path, HISTORY_FILE), 'utf8')).trim().split('\n');
    expect(lines.length).toBeLessThan(100);

    const second = await open(10_000);
    expect(second.getEvent('e1')).toEqual(scoped);
    expect(second.getEvent('e2')).toEqual(event(2, []));
    expect(second.getDelivery('d1')).toMatchObject({ status: 'succeeded', updatedAt: 'last' });
  });
});

describe('history retention of events that reached nothing', () => {
  it('bounds them too, oldest first', async () => {
    const store = await open(3, 'memory');
    for (let n = 1; n <= 10; n++) store.addEvent(event(n, []), body(n));
    expect(store.events().map((e) => e.id)).toEqual(['e10', 'e9', 'e8']);
  });
});

describe('history records are values', () => {
  it('never changes a record it handed out: a write returns the new one', async () => {
    const store = await open(10, 'memory');
    addPending(store, 1);
    const before = store.getDelivery('d1') as Delivery;
    const copy = structuredClone(before);
    const after = store.recordAttempt('d1', attempt(1, 503), { status: 'pending', nextAttemptAt: AT, updatedAt: AT });
    expect(before).toEqual(copy);
    expect(after).toBe(store.getDelivery('d1'));
    expect(after).toMatchObject({ status: 'pending', nextAttemptAt: AT, attempts: [{ attemptNumber: 1 }] });
    expect(store.recordAttempt('gone', attempt(1, 200), { status: 'succeeded', updatedAt: AT })).toBeUndefined();
  });
});
