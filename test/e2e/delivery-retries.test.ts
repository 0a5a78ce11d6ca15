import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery } from '../../src/domain/delivery.js';
import { createReceiver, type Receiver, type ReceiverOptions } from '../../src/harness/receiver.js';
import { verifyWebhookSignature } from '../../src/signing/verify.js';
import { BIRD, startTestEmulator, type TestEmulator } from '../helpers/emulator-server.js';
import { deadPort } from '../helpers/dead-port.js';

const SIGNED_HEADERS = ['messagebird-signature', 'messagebird-request-timestamp', 'messagebird-request-id', 'content-type'];
const open: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((thing) => thing.close()));
});

async function setup(
  receiverOptions: ReceiverOptions,
  emulatorOptions: Parameters<typeof startTestEmulator>[0] = {},
): Promise<{ receiver: Receiver; emu: TestEmulator; url: string }> {
  const receiver = await createReceiver(receiverOptions);
  open.push(receiver);
  const emu = await startTestEmulator(emulatorOptions);
  open.push(emu);
  return { receiver, emu, url: `${receiver.url}/webhooks/bird` };
}

/** Subscribes `url` to sms.inbound, fires one, and returns the settled delivery. */
async function deliverOne(emu: TestEmulator, url: string, signingKey?: string): Promise<{ delivery: Delivery; subscriptionId: string }> {
  const sub = await emu.subscribe({ service: 'channels', event: 'sms.inbound', url, ...(signingKey && { signingKey }) });
  const fired = await emu.fire({ event: 'sms.inbound' });
  expect(fired.matched).toBe(1);
  const id = fired.deliveries[0]?.id as string;
  await emu.settled(id);
  const { status, body } = await emu.api.get(`/_emulator/deliveries/${id}`);
  expect(status).toBe(200);
  return { delivery: body as Delivery, subscriptionId: sub.id };
}

describe('retries of a failing receiver', () => {
  it('resends the same signed request until it succeeds, and logs it as Bird does', async () => {
    const { receiver, emu, url } = await setup({ fail: [{ status: 500, body: 'boom' }, { status: 503 }] });
    // When the receiver saw each attempt arrive.
    const arrivals = [1, 2, 3].map((count) => receiver.waitForRequests(count).then(() => performance.now()));
    const { delivery, subscriptionId } = await deliverOne(emu, url, 'retry-key');

    expect(receiver.requests).toHaveLength(3);
    const [first, ...retries] = receiver.requests;
    for (const retry of retries) {
      for (const name of SIGNED_HEADERS) expect(retry.headers[name], name).toBe(first?.headers[name]);
      expect(retry.rawBody.equals(first?.rawBody as Buffer)).toBe(true);
      expect(retry.path).toBe('/webhooks/bird');
    }
    expect(first?.headers['messagebird-request-id']).toBe(delivery.id);
    expect(verifyWebhookSignature({ signingKey: 'retry-key', url, body: first?.rawBody as Buffer, headers: first?.headers ?? {} })).toBe(
      true,
    );
    // The schedule's gaps (50 ms, then 100 ms) are waited between attempts.
    const [t1, t2, t3] = (await Promise.all(arrivals)) as [number, number, number];
    expect(t2 - t1).toBeGreaterThanOrEqual(40);
    expect(t3 - t2).toBeGreaterThanOrEqual(90);

    expect(delivery.status).toBe('succeeded');
    expect(delivery.attempts.map((a) => [a.attemptNumber, a.outcome, a.response?.status])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 503],
      [3, 'succeeded', 200],
    ]);
    expect(delivery.attempts[0]?.response?.body).toBe('boom');

    const logs = await emu.api.get(`${BIRD}/webhook-subscriptions/${subscriptionId}/logs`);
    expect(logs.status).toBe(200);
    expect(logs.body.results).toEqual([
      { requestId: delivery.id, attemptCount: 3, httpStatusCode: 200, executionStatus: 'succeeded', createdAt: delivery.createdAt },
    ]);
    expect(logs.body.nextPageToken).toBeUndefined();

    const details = await emu.api.get(`${BIRD}/webhook-subscriptions/${subscriptionId}/logs/details?requestId=${delivery.id}`);
    expect(details.status).toBe(200);
    expect(details.body.results).toHaveLength(3);
    expect(
      details.body.results.map((r: { attemptCount: number; httpStatusCode: number; executionStatus: string }) => [
        r.attemptCount,
        r.httpStatusCode,
        r.executionStatus,
      ]),
    ).toEqual([
      [1, 500, 'failed'],
      [2, 503, 'failed'],
      [3, 200, 'succeeded'],
    ]);
    for (const row of details.body.results) {
      expect(row).toMatchObject({ subscriptionId, requestId: delivery.id, payloadDetails: { request: first?.rawBody.toString('utf8') } });
    }
  });

  it('times out a receiver that never answers, and retries it', async () => {
    const { receiver, emu, url } = await setup({ fallback: { hang: true } }, { attemptTimeoutMs: 200, retrySchedule: [50] });
    const { delivery } = await deliverOne(emu, url);
    expect(receiver.requests).toHaveLength(2);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toHaveLength(2);
    for (const attempt of delivery.attempts) {
      expect(attempt.error?.code).toBe('timeout');
      expect(attempt.response).toBeUndefined();
      expect(attempt.durationMs).toBeGreaterThanOrEqual(150);
    }
  });

  it('retries a port nobody listens on and fails after the last attempt of the schedule', async () => {
    const emu = await startTestEmulator({ retrySchedule: [20, 20, 20] });
    open.push(emu);
    const { delivery, subscriptionId } = await deliverOne(emu, `http://127.0.0.1:${await deadPort()}/hook`);
    expect(delivery.status).toBe('failed');
    expect(delivery.maxAttempts).toBe(4);
    expect(delivery.attempts.map((a) => a.error?.code)).toEqual(Array(4).fill('connection_refused'));
    expect(delivery.nextAttemptAt).toBeUndefined();
    const logs = await emu.api.get(`${BIRD}/webhook-subscriptions/${subscriptionId}/logs?executionStatus=failed`);
    expect(logs.body.results).toEqual([expect.objectContaining({ requestId: delivery.id, attemptCount: 4, executionStatus: 'failed' })]);
  });

  it('counts a 302 as a failed attempt and does not follow it', async () => {
    const receiver = await createReceiver();
    open.push(receiver);
    receiver.answer([{ redirect: `${receiver.url}/elsewhere` }]);
    const emu = await startTestEmulator({ retrySchedule: [30] });
    open.push(emu);
    const { delivery } = await deliverOne(emu, `${receiver.url}/hook`);
    expect(receiver.requests.map((r) => r.path)).toEqual(['/hook', '/hook']);
    expect(delivery.attempts.map((a) => [a.outcome, a.response?.status])).toEqual([
      ['failed', 302],
      ['succeeded', 200],
    ]);
    expect(delivery.attempts[0]?.response?.headers.location).toBe(`${receiver.url}/elsewhere`);
  });

  it('records a receiver that cuts the connection as a reset', async () => {
    const { emu, url } = await setup({ fail: [{ destroy: true }] }, { retrySchedule: [20] });
    const { delivery } = await deliverOne(emu, url);
    expect(delivery.attempts.map((a) => a.error?.code ?? a.response?.status)).toEqual(['connection_reset', 200]);
    expect(delivery.status).toBe('succeeded');
  });
});

describe('what a single attempt sends and keeps', () => {
  it('sends no signature without a signing key, but always the timestamp and request id', async () => {
    const { receiver, emu, url } = await setup({});
    const before = Math.floor(Date.now() / 1000);
    const { delivery } = await deliverOne(emu, url);
    const [request] = receiver.requests;
    expect(request?.headers['messagebird-signature']).toBeUndefined();
    expect(request?.headers['messagebird-request-id']).toBe(delivery.id);
    expect(request?.headers['content-type']).toBe('application/json');
    const timestamp = request?.headers['messagebird-request-timestamp'] as string;
    expect(timestamp).toMatch(/^\d+$/);
    expect(Number(timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(timestamp)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(JSON.parse(request?.rawBody.toString('utf8') ?? '')).toMatchObject({
      service: 'channels',
      event: 'sms.inbound',
      payload: expect.any(Object),
    });
  });

  it('cuts response bodies at 64 KiB and says so', async () => {
    const big = Buffer.alloc(100 * 1024, 'a');
    const exact = Buffer.alloc(64 * 1024, 'b');
    const { emu, url } = await setup({
      fail: [
        { status: 200, body: big },
        { status: 200, body: exact },
      ],
    });
    const first = await deliverOne(emu, url);
    expect(first.delivery.attempts[0]?.response).toMatchObject({ status: 200, bodyTruncated: true });
    expect(first.delivery.attempts[0]?.response?.body).toBe('a'.repeat(64 * 1024));
    const sub = await emu.fire({ event: 'sms.inbound' });
    const second = await emu.settled(sub.deliveries[0]?.id as string);
    expect(second.attempts[0]?.response?.bodyTruncated).toBe(false);
    expect(second.attempts[0]?.response?.body).toHaveLength(64 * 1024);
  });
});
