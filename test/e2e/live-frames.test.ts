import { afterEach, describe, expect, it } from 'vitest';
import { createReceiver, type Receiver } from '../../src/harness/receiver.js';
import type { LiveFrame } from '../../src/views/live-frames.js';
import { BIRD, startTestEmulator, type TestEmulator } from '../helpers/emulator-server.js';
import { deadPort } from '../helpers/dead-port.js';
import { connectLive, tryUpgrade, type LiveClient } from '../helpers/ws-client.js';

const SMS = { service: 'channels', event: 'sms.inbound' };
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let stack: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of stack.reverse()) await item.close();
  stack = [];
});
const track = <T extends { close(): Promise<void> }>(item: T): T => {
  stack.push(item);
  return item;
};

const forDelivery = (id: string) => (f: LiveFrame) => 'delivery' in f.data && f.data.delivery.id === id;

function expectNumberedInOrder(frames: LiveFrame[]) {
  const [hello, ...rest] = frames;
  expect(hello).toMatchObject({ v: 1, seq: 0, type: 'hello' });
  rest.forEach((frame, i) => {
    expect(frame.v).toBe(1);
    expect(frame.at).toMatch(ISO);
    if (i > 0) expect(frame.seq).toBe((rest[i - 1] as LiveFrame).seq + 1);
  });
}

describe('GET /_emulator/ws: the live log', () => {
  let emulator: TestEmulator;
  let receiver: Receiver;
  let client: LiveClient;

  it('streams an event and every attempt of a delivery that fails once, then succeeds, in order', async () => {
    emulator = track(await startTestEmulator({}, { live: true }));
    receiver = track(await createReceiver({ fail: [{ status: 500, body: 'boom' }] }));
    client = track(await connectLive(emulator.wsUrl));
    const sub = await emulator.subscribe({ ...SMS, url: `${receiver.url}/hook`, signingKey: 'k' });
    const fired = await emulator.fire({ event: 'sms.inbound' });
    const deliveryId = fired.deliveries[0]?.id as string;

    await client.waitFor((f) => f.type === 'delivery.succeeded');
    expectNumberedInOrder(client.frames);
    expect(client.frames[0]?.data).toEqual({ version: expect.any(String), replayed: 0, lastSeq: 0 });
    expect(client.frames.map((f) => f.type)).toEqual([
      'hello',
      'subscription.created',
      'event.fired',
      'delivery.attempt',
      'delivery.retry_scheduled',
      'delivery.attempt',
      'delivery.succeeded',
    ]);
    const [, created, event, first, retry, second, succeeded] = client.frames;
    expect(created?.data).toEqual({
      api: 'notifications',
      subscription: expect.objectContaining({ id: sub.id, url: `${receiver.url}/hook` }),
    });
    expect(event?.data).toEqual({
      event: {
        id: fired.id,
        api: 'notifications',
        service: 'channels',
        event: 'sms.inbound',
        firedAt: expect.stringMatching(ISO),
        source: 'api',
        deliveryIds: [deliveryId],
        matched: 1,
      },
    });
    expect(first?.data).toMatchObject({
      delivery: { id: deliveryId, status: 'pending', attemptCount: 1, lastStatusCode: 500 },
      attempt: { attemptNumber: 1, destination: `${receiver.url}/hook`, outcome: 'failed', status: 500, durationMs: expect.any(Number) },
    });
    expect(first?.data).not.toHaveProperty('attempt.error');
    expect(retry?.data).toMatchObject({ delivery: { id: deliveryId, status: 'pending' }, nextAttemptAt: expect.stringMatching(ISO) });
    expect(second?.data).toMatchObject({ attempt: { attemptNumber: 2, outcome: 'succeeded', status: 200 } });
    expect(succeeded?.data).toMatchObject({ delivery: { id: deliveryId, status: 'succeeded', attemptCount: 2, lastStatusCode: 200 } });
    // The payload stays out of frames; a delivery frame carries no request or response bodies.
    expect(JSON.stringify(client.frames)).not.toContain('"payload"');
    expect(JSON.stringify(client.frames)).not.toContain('boom');
  });

  it('reports each failed attempt, the error of an unreachable receiver, and the final failure', async () => {
    emulator = track(await startTestEmulator({}, { live: true }));
    client = track(await connectLive(emulator.wsUrl));
    await emulator.subscribe({ ...SMS, url: `http://127.0.0.1:${await deadPort()}/hook` });
    const fired = await emulator.fire({ event: 'sms.inbound' });
    const deliveryId = fired.deliveries[0]?.id as string;

    await client.waitFor((f) => f.type === 'delivery.failed');
    expectNumberedInOrder(client.frames);
    const frames = client.frames.filter(forDelivery(deliveryId));
    expect(frames.map((f) => f.type)).toEqual([
      'delivery.attempt',
      'delivery.retry_scheduled',
      'delivery.attempt',
      'delivery.retry_scheduled',
      'delivery.attempt',
      'delivery.failed',
    ]);
    expect(frames[0]?.data).toMatchObject({
      attempt: { outcome: 'failed', error: { code: 'connection_refused', message: expect.any(String) } },
    });
    expect(frames[0]?.data).not.toHaveProperty('attempt.status');
    expect(frames[5]?.data).toMatchObject({
      delivery: { status: 'failed', attemptCount: 3, maxAttempts: 3, lastError: { code: 'connection_refused' } },
    });
  });

  it('sends subscription.created, .updated and .deleted with the Bird object', async () => {
    emulator = track(await startTestEmulator({}, { live: true }));
    client = track(await connectLive(emulator.wsUrl));
    const sub = await emulator.subscribe({ ...SMS, url: 'http://localhost:3000/hook' });
    expect((await emulator.api.patch(`${BIRD}/webhook-subscriptions/${sub.id}`, { status: 'inactive' })).status).toBe(200);
    const deleted = await fetch(`${emulator.url}${BIRD}/webhook-subscriptions/${sub.id}`, {
      method: 'DELETE',
      headers: { authorization: 'AccessKey test' },
    });
    expect(deleted.status).toBeLessThan(300);

    await client.waitFor((f) => f.type === 'subscription.deleted');
    expectNumberedInOrder(client.frames);
    expect(client.frames.slice(1).map((f) => [f.type, f.data])).toEqual([
      [
        'subscription.created',
        { api: 'notifications', subscription: expect.objectContaining({ id: sub.id, status: 'active', service: 'channels' }) },
      ],
      ['subscription.updated', { api: 'notifications', subscription: expect.objectContaining({ id: sub.id, status: 'inactive' }) }],
      ['subscription.deleted', { api: 'notifications', subscription: expect.objectContaining({ id: sub.id }) }],
    ]);
  });

  it('sends emulator.reset, with empty data, on a reset', async () => {
    emulator = track(await startTestEmulator({}, { live: true }));
    await emulator.subscribe({ ...SMS, url: 'http://localhost:3000/hook' });
    client = track(await connectLive(emulator.wsUrl));
    expect((await emulator.api.post('/_emulator/reset')).status).toBeLessThan(300);

    const reset = await client.waitFor((f) => f.type === 'emulator.reset');
    expect(reset.data).toEqual({});
    expectNumberedInOrder(client.frames);
  });

  it('gives a late client what it missed: ?replay=N the newest N, ?since=SEQ everything after it', async () => {
    emulator = track(await startTestEmulator({ liveReplay: 4 }, { live: true }));
    for (let i = 0; i < 6; i += 1) await emulator.fire({ event: 'sms.inbound' });
    // Six frames so far (seq 1–6); the feed keeps the newest four.

    const replayed = track(await connectLive(`${emulator.wsUrl}?replay=2`));
    await replayed.waitForCount(() => true, 2);
    expect(replayed.frames.map((f) => f.seq)).toEqual([0, 5, 6]);
    expect(replayed.frames[0]?.data).toMatchObject({ replayed: 2, lastSeq: 6 });

    const resumed = track(await connectLive(`${emulator.wsUrl}?since=4`));
    await resumed.waitForCount(() => true, 2);
    expect(resumed.frames.map((f) => f.seq)).toEqual([0, 5, 6]);

    // Older than what is kept: the kept frames, from 3.
    const behind = track(await connectLive(`${emulator.wsUrl}?since=0`));
    await behind.waitForCount(() => true, 4);
    expect(behind.frames.map((f) => f.seq)).toEqual([0, 3, 4, 5, 6]);

    // A seq this emulator never reached comes from before a restart: everything kept is sent.
    const fromEarlierRun = track(await connectLive(`${emulator.wsUrl}?since=900`));
    await fromEarlierRun.waitForCount(() => true, 4);
    expect(fromEarlierRun.frames.map((f) => f.seq)).toEqual([0, 3, 4, 5, 6]);

    // Then the live ones follow, for every client.
    await emulator.fire({ event: 'sms.inbound' });
    for (const c of [replayed, resumed, behind, fromEarlierRun]) await c.waitFor((f) => f.seq === 7);

    const plain = track(await connectLive(emulator.wsUrl));
    await plain.waitFor((f) => f.type === 'hello');
    expect(plain.frames).toHaveLength(1);
    expect(plain.frames[0]?.data).toMatchObject({ replayed: 0, lastSeq: 7 });
  });

  it('refuses bad query values with 400 and other upgrade paths with 404, as JSON', async () => {
    emulator = track(await startTestEmulator({}, { live: true }));
    for (const query of ['replay=abc', 'replay=-1', 'since=1.5', 'since=', 'since=1&replay=2']) {
      const answer = await tryUpgrade(`${emulator.wsUrl}?${query}`);
      expect(answer, query).toMatchObject({ status: 400, body: { code: 'BadRequest', message: expect.any(String) } });
    }
    expect(await tryUpgrade(`${emulator.url}/_emulator/other`)).toMatchObject({ status: 404, body: { code: 'NotFound' } });
    expect(await tryUpgrade(`${emulator.url}/`)).toMatchObject({ status: 404, body: { code: 'NotFound' } });
    expect(await tryUpgrade(emulator.wsUrl)).toMatchObject({ status: 101 });
  });

  it('closes every client with 1001 when the server closes', async () => {
    emulator = await startTestEmulator({}, { live: true });
    client = track(await connectLive(emulator.wsUrl));
    await emulator.close();
    expect(await client.closed).toEqual({ code: 1001, reason: 'emulator stopping' });
  });
});
