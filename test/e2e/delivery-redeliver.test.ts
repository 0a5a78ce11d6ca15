import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock/clock.js';
import type { Delivery } from '../../src/domain/delivery.js';
import { createReceiver, type ReceivedRequest, type Receiver } from '../../src/harness/receiver.js';
import { verifyWebhookSignature } from '../../src/signing/verify.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator-server.js';

/** The wall clock plus an offset the test moves forward, so a redelivery gets a later timestamp. */
let offsetMs = 0;
const clock: Clock = {
  now: () => Date.now() + offsetMs,
  setTimer(callback, delayMs) {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    return () => clearTimeout(timer);
  },
};

let receiver: Receiver;
let emu: TestEmulator;
let url: string;
let original: Delivery;

beforeAll(async () => {
  receiver = await createReceiver();
  emu = await startTestEmulator({}, { deps: { clock } });
  url = `${receiver.url}/hook`;
  await emu.subscribe({ service: 'channels', event: 'sms.outbound', url, signingKey: 'redeliver-key' });
  const fired = await emu.fire({ event: 'sms.outbound' });
  original = await emu.settled(fired.deliveries[0]?.id as string);
});
afterAll(async () => {
  await Promise.all([emu?.close(), receiver?.close()]);
});

const requestOf = (id: string) => receiver.requests.find((r) => r.headers['messagebird-request-id'] === id) as ReceivedRequest;
const verifies = (request: ReceivedRequest) =>
  verifyWebhookSignature({ signingKey: 'redeliver-key', url, body: request.rawBody, headers: request.headers, now: clock.now() });

describe('POST /_emulator/deliveries/{id}/redeliver', () => {
  it('sends the same body again as a new request, signed afresh', async () => {
    offsetMs += 90_000;
    const { status, body } = await emu.api.post(`/_emulator/deliveries/${original.id}/redeliver`);
    expect(status).toBe(201);
    const copy = await emu.settled(body.deliveries[0].id);
    expect(copy.id).not.toBe(original.id);
    expect(copy.redeliveryOf).toBe(original.id);
    expect(copy.status).toBe('succeeded');

    const first = requestOf(original.id);
    const again = requestOf(copy.id);
    expect(again.rawBody.equals(first.rawBody)).toBe(true);
    expect(Number(again.headers['messagebird-request-timestamp'])).toBeGreaterThanOrEqual(
      Number(first.headers['messagebird-request-timestamp']) + 90,
    );
    expect(again.headers['messagebird-signature']).not.toBe(first.headers['messagebird-signature']);
    expect(verifies(again)).toBe(true);

    const listed = (await emu.api.get('/_emulator/events?limit=100')).body.results;
    expect(listed[0]).toMatchObject({ source: 'redeliver', deliveryIds: [copy.id] });
  });

  it('delivers an edited payload, signed over the new body', async () => {
    const { status, body } = await emu.api.post(`/_emulator/deliveries/${original.id}/redeliver`, {
      payload: { status: 'delivery_failed', reference: 'edited' },
    });
    expect(status).toBe(201);
    const copy = await emu.settled(body.deliveries[0].id);
    const request = requestOf(copy.id);
    const sent = JSON.parse(request.rawBody.toString('utf8'));
    const before = JSON.parse(requestOf(original.id).rawBody.toString('utf8'));
    expect(sent.payload).toEqual({ ...before.payload, status: 'delivery_failed', reference: 'edited' });
    expect(body.payload).toEqual(sent.payload);
    expect(copy.redeliveryOf).toBe(original.id);
    expect(verifies(request)).toBe(true);
  });

  it('refuses an edit that breaks the schema, and an unknown delivery', async () => {
    const broken = await emu.api.post(`/_emulator/deliveries/${original.id}/redeliver`, { payload: { status: 42 } });
    expect(broken.status).toBe(422);
    expect(Object.keys(broken.body.details)).toEqual(['.body.payload.status']);
    const unknown = await emu.api.post('/_emulator/deliveries/00000000-0000-4000-8000-00000000dead/redeliver');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NotFound');
  });
});
