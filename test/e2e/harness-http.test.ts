import { describe, expect, it } from 'vitest';
import { createReceiver, startEmulator } from '../../src/index.js';
import { useCleanup } from '../helpers/cleanup.js';

const track = useCleanup();

const post = async (url: string, body?: unknown) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as any };
};

describe('the harness over HTTP, for tests in any language', () => {
  it('POST /_emulator/deliveries/wait holds the request until a matching delivery settles', async () => {
    const receiver = track(await createReceiver({ fail: [{ status: 200, delayMs: 200 }] }));
    const emulator = track(await startEmulator());
    await emulator.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/hook` });
    const waiting = post(`${emulator.url}/_emulator/deliveries/wait`, { event: 'sms.inbound', status: 'succeeded', timeoutMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const fired = await post(`${emulator.url}/_emulator/events`, { event: 'sms.inbound' });
    const waited = await waiting;
    expect(waited.status).toBe(200);
    expect(waited.body).toMatchObject({ id: fired.body.deliveries[0].id, status: 'succeeded', attempts: [{ response: { status: 200 } }] });
    expect(waited.body.request.headers['messagebird-request-id']).toBe(fired.body.deliveries[0].id);
  });

  it('answers 408 with what did arrive when nothing matches in time', async () => {
    const receiver = track(await createReceiver());
    const emulator = track(await startEmulator());
    await emulator.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/hook` });
    await emulator.trigger('sms.inbound');
    await emulator.waitForDelivery();
    const waited = await post(`${emulator.url}/_emulator/deliveries/wait`, { event: 'email.inbound', timeoutMs: 100 });
    expect(waited.status).toBe(408);
    expect(waited.body).toMatchObject({
      code: 'Timeout',
      message: expect.stringContaining('email.inbound'),
      arrived: [{ event: 'sms.inbound', status: 'succeeded' }],
    });
  });

  it('refuses a bad wait request with the JSON error shape', async () => {
    const emulator = track(await startEmulator());
    const waited = await post(`${emulator.url}/_emulator/deliveries/wait`, { status: 'done', timeoutMs: -1 });
    expect(waited.status).toBe(422);
    expect(Object.keys(waited.body.details).sort()).toEqual(['.body.status', '.body.timeoutMs']);
  });

  it('advances a virtual clock over HTTP, running due retries, and refuses it on the system clock with 409', async () => {
    const receiver = track(await createReceiver({ fail: 1 }));
    const virtual = track(await startEmulator({ clock: 'virtual', retrySchedule: [60_000] }));
    await virtual.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/hook` });
    await virtual.trigger('sms.inbound');
    await virtual.waitForDelivery({ attempts: 1, status: 'pending' });
    const advanced = await post(`${virtual.url}/_emulator/clock/advance`, { ms: 60_000 });
    expect(advanced.status).toBe(200);
    expect(advanced.body).toMatchObject({ kind: 'virtual', now: '2025-01-01T00:01:00.000Z' });
    expect(receiver.requests).toHaveLength(2);
    expect((await virtual.waitForDelivery({}, { timeoutMs: 200 })).status).toBe('succeeded');

    const system = track(await startEmulator());
    const refused = await post(`${system.url}/_emulator/clock/advance`, { ms: 1000 });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('Conflict');
  });

  it('POST /_emulator/reset empties everything', async () => {
    const emulator = track(await startEmulator());
    await emulator.subscribe({ service: 'channels', event: 'sms.inbound', url: 'http://127.0.0.1:9/x' });
    await emulator.trigger('sms.inbound');
    const reset = await post(`${emulator.url}/_emulator/reset`);
    expect(reset).toEqual({ status: 200, body: { status: 'reset' } });
    expect(emulator.emulator.notifications.store.all()).toEqual([]);
    expect(emulator.emulator.history.events()).toEqual([]);
  });
});
