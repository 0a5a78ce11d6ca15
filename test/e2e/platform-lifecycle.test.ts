import { BirdClient, WebhookEventType, type BirdWebhookEvent } from '@messagebird/sdk';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createReceiver, startEmulator, type ReceivedRequest, type StartedEmulator } from '../../src/index.js';
import { useCleanup } from '../helpers/cleanup.js';

// Every test here talks to the emulator only through Bird's own SDK and fetch, and checks every
// delivery with the SDK's `webhooks.unwrap` and the `standardwebhooks` reference library.
const track = useCleanup();
afterEach(() => {
  vi.useRealTimers();
});

/** Bird's SDK pointed at the emulator; no retries, so an error shows as the SDK raises it. */
function birdFor(emulator: StartedEmulator): BirdClient {
  return new BirdClient({ apiKey: emulator.platform.apiKey, baseUrl: emulator.platform.baseUrl, maxRetries: 0 });
}

/** Fires a platform event into the harness's workspace through the control API. */
async function fire(emulator: StartedEmulator, event: string, payload?: Record<string, unknown>) {
  const response = await fetch(`${emulator.url}/_emulator/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ event, workspaceId: emulator.platform.workspaceId, ...(payload && { payload }) }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; payload: Record<string, unknown>; deliveries: { id: string; status: string }[] };
}

/** The request as the SDK takes it: the raw body text and the headers. */
const unwrapWith = (secret: string, request: ReceivedRequest): BirdWebhookEvent =>
  new BirdClient({ webhooks: { secret } }).webhooks.unwrap(request.rawBody.toString('utf8'), request.headers as Record<string, string>);

const verifiesWith = (secret: string, request: ReceivedRequest): boolean => {
  try {
    new Webhook(secret).verify(request.rawBody.toString('utf8'), request.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
};

describe("Bird's platform API end to end: deliveries, rotation, health, every event type, through Bird's SDK", () => {
  it('creates an endpoint, fires email.delivered, and the SDK unwraps the typed event the receiver got', async () => {
    const emulator = track(await startEmulator());
    const receiver = track(await createReceiver());
    const bird = birdFor(emulator);
    const endpoint = await bird.webhooks.create({ url: `${receiver.url}/webhooks/bird`, events: ['email.delivered'] });
    expect(endpoint).toMatchObject({ id: expect.stringMatching(/^whk_[0-9a-hjkmnp-tv-z]{26}$/), status: 'active' });
    expect(endpoint.secret).toMatch(/^whsec_/);

    const fired = await fire(emulator, 'email.delivered', { recipient: 'delivered@messagebird.dev' });
    const [request] = await receiver.waitForRequests(1);
    const event = unwrapWith(endpoint.secret, request as ReceivedRequest);
    expect(event.type).toBe('email.delivered');
    if (event.type !== 'email.delivered') return;
    // Narrowed by `type`: the SDK's own type for the event's data.
    expect(event.data.email_id).toBe(fired.payload.email_id);
    expect(event.data.recipient).toBe('delivered@messagebird.dev');
    expect(event.data.workspace_id).toBe(emulator.platform.workspaceId);
    expect(verifiesWith(endpoint.secret, request as ReceivedRequest)).toBe(true);
    expect(request?.headers['webhook-id']).toBe(fired.deliveries[0]?.id);

    // The attempt is on the endpoint's record, as Bird lists it.
    const attempts = await bird.webhooks.attempts(endpoint.id);
    expect(attempts.data).toEqual([
      expect.objectContaining({
        event_type: 'email.delivered',
        status: 'delivered',
        response_status_code: 200,
        url: `${receiver.url}/webhooks/bird`,
      }),
    ]);
  });

  it('signs with both secrets for 24 hours after a rotation, then with the new one only', async () => {
    // A virtual clock that starts now: the SDK checks timestamps against its own clock.
    const emulator = track(await startEmulator({ clock: 'virtual', clockStart: Date.now() }));
    const receiver = track(await createReceiver());
    const bird = birdFor(emulator);
    const { id, secret: first } = await bird.webhooks.create({ url: `${receiver.url}/hook`, events: ['email.bounced'] });
    const { secret: second } = await bird.webhooks.rotateSecret(id);
    expect(second).not.toBe(first);

    await fire(emulator, 'email.bounced');
    const [during] = await receiver.waitForRequests(1);
    expect(during?.headers['webhook-signature']?.toString().split(' ')).toHaveLength(2);
    for (const secret of [first, second]) {
      expect(unwrapWith(secret, during as ReceivedRequest).type).toBe('email.bounced');
      expect(verifiesWith(secret, during as ReceivedRequest)).toBe(true);
    }

    await emulator.clock.advance(24 * 3_600_000 + 1_000);
    await fire(emulator, 'email.bounced');
    const [, after] = await receiver.waitForRequests(2);
    // The verifier's clock follows the emulator's, as the README says to do under a virtual clock.
    vi.useFakeTimers({ now: emulator.clock.now(), toFake: ['Date'] });
    expect(after?.headers['webhook-signature']?.toString().split(' ')).toHaveLength(1);
    expect(unwrapWith(second, after as ReceivedRequest).type).toBe('email.bounced');
    expect(() => unwrapWith(first, after as ReceivedRequest)).toThrow(/signature/i);
    expect(verifiesWith(first, after as ReceivedRequest)).toBe(false);
  });

  it('degrades a failing endpoint, pauses it after five days, and PATCH plus replay recover the failed events', async () => {
    const emulator = track(await startEmulator({ clock: 'virtual', clockStart: Date.now(), retrySchedule: [] }));
    const receiver = track(await createReceiver({ fallback: { status: 503 } }));
    const bird = birdFor(emulator);
    const { id, secret } = await bird.webhooks.create({ url: `${receiver.url}/hook`, events: ['sms.delivered'] });

    for (let i = 0; i < 3; i++) await fire(emulator, 'sms.delivered');
    await receiver.waitForRequests(3);
    await emulator.emulator.idle();
    expect((await bird.webhooks.get(id)).status).toBe('degraded');

    // Five days of failures without a success pause it.
    await emulator.clock.advance(5 * 24 * 3_600_000);
    await fire(emulator, 'sms.delivered');
    await receiver.waitForRequests(4);
    await emulator.emulator.idle();
    expect((await bird.webhooks.get(id)).status).toBe('paused');

    // While paused, nothing is attempted: the delivery is recorded as skipped.
    const skipped = await fire(emulator, 'sms.delivered');
    expect(skipped.deliveries[0]?.status).toBe('skipped');
    expect(receiver.requests).toHaveLength(4);

    // Re-enable, then replay the failed deliveries of the last six days: each goes out again.
    receiver.answer([], { status: 200 });
    vi.useFakeTimers({ now: emulator.clock.now(), toFake: ['Date'] });
    expect((await bird.webhooks.update(id, { status: 'active' })).status).toBe('active');
    const since = new Date(emulator.clock.now() - 6 * 24 * 3_600_000).toISOString();
    const replayed = await bird.request<{ replayed: number }>({ method: 'POST', path: `/v1/webhooks/${id}/replay`, body: { since } });
    expect(replayed).toEqual({ replayed: 4 });
    const requests = await receiver.waitForRequests(8);
    for (const request of requests.slice(4)) expect(unwrapWith(secret, request).type).toBe('sms.delivered');
    // A replay sends the same events again, byte for byte, each under a new webhook-id.
    const bodies = (list: ReceivedRequest[]) => list.map((r) => r.rawBody.toString('utf8')).sort();
    expect(bodies(requests.slice(4))).toEqual(bodies(requests.slice(0, 4)));
    const ids = new Set(requests.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(8);
    await emulator.emulator.idle();
    expect((await bird.webhooks.get(id)).status).toBe('active');
  });

  it('fires, delivers and unwraps every event type of the SDK', async () => {
    const emulator = track(await startEmulator());
    const receiver = track(await createReceiver());
    const bird = birdFor(emulator);
    const types = Object.values(WebhookEventType);
    const { secret } = await bird.webhooks.create({ url: `${receiver.url}/all`, events: types });
    for (const type of types) await fire(emulator, type);
    const requests = await receiver.waitForRequests(types.length);
    const unwrapped = requests.map((request) => unwrapWith(secret, request));
    expect(unwrapped.map((event) => event.type).sort()).toEqual([...types].sort());
    for (const request of requests) expect(verifiesWith(secret, request)).toBe(true);
  });
});
