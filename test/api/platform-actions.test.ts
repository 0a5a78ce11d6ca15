import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { workspaceId } from '../../src/apis/platform/ids.js';
import { secretKey, standardSignature } from '../../src/signing/standard-webhooks.js';
import {
  API_KEY,
  SECRET,
  expectPlatformError,
  fakeSend,
  usePlatformClient,
  type FakeSend,
  type PlatformClient,
} from '../helpers/platform-client.js';

const HOUR = 3_600_000;
const WS = workspaceId(API_KEY);

/** Fires a platform event into the test key's workspace and waits for its attempts. */
async function fire(bird: PlatformClient, event = 'email.delivered') {
  const result = await bird.emulator.firing.fire({ event, api: 'platform', workspaceId: WS });
  await bird.emulator.idle();
  return result;
}

/** The `v1,` entries of a `webhook-signature` header. */
const entries = (header: string | undefined) => (header ?? '').split(' ').filter((e) => e !== '');

describe('POST /v1/webhooks/{id}/rotate-secret', () => {
  let send: FakeSend;
  const bird = usePlatformClient({ clock: 'virtual', retrySchedule: [] }, () => {
    send = fakeSend();
    return { send };
  });

  it('answers a new secret; for 24 hours every delivery is signed by both, then by the new one alone', async () => {
    send.now = () => bird().emulator.clock.now();
    const created = await bird().create({ events: ['email.delivered'] });
    const rotated = await bird().request('POST', `/v1/webhooks/${created.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({ secret: expect.stringMatching(SECRET) });
    expect(rotated.body.secret).not.toBe(created.secret);

    await fire(bird());
    const during = send.sent.at(-1)!;
    const signatures = entries(during.headers['webhook-signature']);
    expect(signatures).toHaveLength(2);
    const sign = (secret: string) =>
      `v1,${standardSignature(secretKey(secret), during.headers['webhook-id']!, during.headers['webhook-timestamp']!, during.body)}`;
    // Newest first.
    expect(signatures).toEqual([sign(rotated.body.secret), sign(created.secret)]);

    await bird().emulator.advanceClock(24 * HOUR);
    await fire(bird());
    const after = send.sent.at(-1)!;
    expect(entries(after.headers['webhook-signature'])).toEqual([
      `v1,${standardSignature(secretKey(rotated.body.secret), after.headers['webhook-id']!, after.headers['webhook-timestamp']!, after.body)}`,
    ]);
  });

  it('holds at most 5 live secrets: the fifth rotation in 24 hours is a 409 WebhookTooManySecrets', async () => {
    const created = await bird().create();
    for (let i = 0; i < 4; i++) expect((await bird().request('POST', `/v1/webhooks/${created.id}/rotate-secret`)).status).toBe(200);
    const refused = await bird().request('POST', `/v1/webhooks/${created.id}/rotate-secret`);
    expectPlatformError(refused, 409, { code: 'E90102', name: 'WebhookTooManySecrets' });
    expect(bird().emulator.platform.store.get(created.id)?.secrets).toHaveLength(5);
    // Once the old ones expire, rotation works again and the expired ones are dropped.
    await bird().emulator.advanceClock(24 * HOUR);
    expect((await bird().request('POST', `/v1/webhooks/${created.id}/rotate-secret`)).status).toBe(200);
    expect(bird().emulator.platform.store.get(created.id)?.secrets).toHaveLength(2);
  });

  it('does not change the endpoint as Bird shows it, nor its updated_at', async () => {
    const created = await bird().create();
    await bird().request('POST', `/v1/webhooks/${created.id}/rotate-secret`);
    const { secret: _secret, ...view } = created;
    expect((await bird().request('GET', `/v1/webhooks/${created.id}`)).body).toEqual(view);
  });
});

describe('POST /v1/webhooks/{id}/test', () => {
  let send: FakeSend;
  const bird = usePlatformClient({ retrySchedule: [] }, () => {
    send = fakeSend();
    return { send };
  });

  it('sends {type, timestamp, data:{}} for the first subscribed type, signed, within 10 s; answers the outcome', async () => {
    const created = await bird().create({ events: ['email.bounced', 'email.delivered'] });
    const answer = await bird().request('POST', `/v1/webhooks/${created.id}/test`, { json: {} });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'delivered', response_status_code: 200, response_body: 'ok', response_duration_ms: 4 });
    const [request] = send.sent;
    expect(request?.destination).toBe(created.url);
    expect(request?.timeoutMs).toBe(10_000);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['webhook-id']).toMatch(/^msg_[0-9a-hjkmnp-tv-z]{26}$/);
    const body = new Webhook(created.secret).verify(request!.body, request!.headers) as Record<string, unknown>;
    expect(body).toEqual({ type: 'email.bounced', timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), data: {} });
    expect(Object.keys(JSON.parse(request!.body))).toEqual(['type', 'timestamp', 'data']);
  });

  it('takes any catalogue type, subscribed or not, with or without a body; refuses unknown ones', async () => {
    const created = await bird().create({ events: ['email.delivered'] });
    expect((await bird().request('POST', `/v1/webhooks/${created.id}/test`, { json: { event_type: 'sms.failed' } })).status).toBe(200);
    expect(JSON.parse(send.sent.at(-1)!.body).type).toBe('sms.failed');
    expect((await bird().request('POST', `/v1/webhooks/${created.id}/test`)).status).toBe(200);
    expect(JSON.parse(send.sent.at(-1)!.body).type).toBe('email.delivered');
    for (const [json, param] of [
      [{ event_type: 'email.teleported' }, 'event_type'],
      [{ event_type: '' }, 'event_type'],
      [{ event_type: 42 }, 'event_type'],
      [{ event: 'email.delivered' }, 'event'],
    ] as const) {
      expectPlatformError(await bird().request('POST', `/v1/webhooks/${created.id}/test`, { json }), 422, { params: [param] });
    }
    expect(send.sent).toHaveLength(2);
  });

  it('reports failures in the body: an error status, and an unreachable endpoint with `error`', async () => {
    const created = await bird().create();
    send.answer = { status: 503, body: '' };
    expect((await bird().request('POST', `/v1/webhooks/${created.id}/test`, { json: {} })).body).toEqual({
      status: 'failed',
      response_status_code: 503,
      response_duration_ms: 4,
    });
    send.answer = { unreachable: true };
    expect((await bird().request('POST', `/v1/webhooks/${created.id}/test`, { json: {} })).body).toEqual({
      status: 'failed',
      response_status_code: null,
      response_duration_ms: 2,
      error: 'connection refused',
    });
  });

  it('cuts the response body to its first 1024 bytes, on a character boundary', async () => {
    const created = await bird().create();
    send.answer = { status: 200, body: `a${'é'.repeat(600)}` };
    const answer = await bird().request('POST', `/v1/webhooks/${created.id}/test`, { json: {} });
    expect(answer.body.response_body).toBe(`a${'é'.repeat(511)}`);
    expect(Buffer.byteLength(answer.body.response_body)).toBe(1023);
  });

  it('reaches a paused endpoint, is recorded nowhere and leaves the endpoint’s health alone', async () => {
    const created = await bird().create();
    await bird().request('PATCH', `/v1/webhooks/${created.id}`, { json: { status: 'paused' } });
    const before = bird().emulator.platform.store.get(created.id);
    send.answer = { status: 500 };
    for (let i = 0; i < 4; i++)
      expect((await bird().request('POST', `/v1/webhooks/${created.id}/test`, { json: {} })).body.status).toBe('failed');
    expect(send.sent).toHaveLength(4);
    expect(bird().emulator.history.deliveries()).toEqual([]);
    expect(bird().emulator.history.events()).toEqual([]);
    expect(bird().emulator.platform.store.get(created.id)).toEqual(before);
    expect((await bird().request('GET', `/v1/webhooks/${created.id}/attempts`)).body).toEqual({ data: [] });
  });

  it('signs with every live secret after a rotation', async () => {
    const created = await bird().create();
    const rotated = await bird().request('POST', `/v1/webhooks/${created.id}/rotate-secret`);
    await bird().request('POST', `/v1/webhooks/${created.id}/test`, { json: {} });
    const request = send.sent.at(-1)!;
    expect(entries(request.headers['webhook-signature'])).toHaveLength(2);
    for (const secret of [created.secret, rotated.body.secret])
      expect(() => new Webhook(secret).verify(request.body, request.headers)).not.toThrow();
  });

  it('is a 412 precondition_error without event_type on an endpoint that lists no type', async () => {
    const created = await bird().create();
    const { store } = bird().emulator.platform;
    await store.put({ ...store.get(created.id)!, events: [] });
    expectPlatformError(await bird().request('POST', `/v1/webhooks/${created.id}/test`, { json: {} }), 412, {
      code: 'E90103',
      name: 'WebhookTestEventTypeRequired',
    });
    expect((await bird().request('POST', `/v1/webhooks/${created.id}/test`, { json: { event_type: 'sms.sent' } })).status).toBe(200);
  });
});

describe('POST /v1/webhooks/{id}/test with --forward', () => {
  const send = fakeSend();
  const bird = usePlatformClient({ forward: [{ from: 'https://example.com', to: 'http://127.0.0.1:9999' }] }, () => ({ send }));

  it('goes where a delivery would go, signed for the endpoint’s URL', async () => {
    const created = await bird().create({ url: 'https://example.com/hooks/bird' });
    await bird().request('POST', `/v1/webhooks/${created.id}/test`, { json: {} });
    expect(send.sent.at(-1)?.destination).toBe('http://127.0.0.1:9999/hooks/bird');
  });
});

describe('GET /v1/webhooks/{id}/attempts', () => {
  let send: FakeSend;
  const bird = usePlatformClient({ clock: 'virtual', retrySchedule: [60_000] }, () => {
    send = fakeSend({ status: 500, body: 'down' });
    return { send };
  });

  it('lists each attempt, newest first, in Bird’s WebhookAttempt shape', async () => {
    send.now = () => bird().emulator.clock.now();
    const created = await bird().create({ events: ['email.delivered'] });
    const fired = await fire(bird());
    send.answer = { status: 200, body: '' };
    await bird().emulator.advanceClock(60_000);
    const delivery = bird().emulator.history.getDelivery(fired.deliveries[0]!.id)!;
    expect(delivery.status).toBe('succeeded');

    const answer = await bird().request('GET', `/v1/webhooks/${created.id}/attempts`);
    expect(answer.status).toBe(200);
    const [second, first] = delivery.attempts.slice().reverse();
    expect(answer.body).toEqual({
      data: [
        {
          id: expect.stringMatching(/^msgatt_[0-9a-hjkmnp-tv-z]{26}$/),
          event_id: fired.event.id,
          event_type: 'email.delivered',
          status: 'delivered',
          url: created.url,
          response_status_code: 200,
          response_duration_ms: 4,
          attempted_at: second!.startedAt,
        },
        {
          id: expect.stringMatching(/^msgatt_[0-9a-hjkmnp-tv-z]{26}$/),
          event_id: fired.event.id,
          event_type: 'email.delivered',
          status: 'failed',
          url: created.url,
          response_status_code: 500,
          response_body: 'down',
          response_duration_ms: 4,
          attempted_at: first!.startedAt,
        },
      ],
    });
    expect(fired.event.id).toMatch(/^whe_[0-9a-hjkmnp-tv-z]{26}$/);
    const [a, b] = answer.body.data;
    expect(a.id).not.toBe(b.id);
    // Stable ids: the same on every read.
    expect((await bird().request('GET', `/v1/webhooks/${created.id}/attempts`)).body).toEqual(answer.body);

    const at = (query: string) => bird().request('GET', `/v1/webhooks/${created.id}/attempts?${query}`);
    expect((await at(`before=${encodeURIComponent(a.attempted_at)}`)).body.data.map((x: { id: string }) => x.id)).toEqual([b.id]);
    expect((await at(`after=${encodeURIComponent(b.attempted_at)}`)).body.data.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect((await at(`after=${encodeURIComponent(b.attempted_at)}&before=${encodeURIComponent(a.attempted_at)}`)).body.data).toEqual([]);
    expect((await at('limit=1')).body.data.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect((await at('limit=500')).body.data).toHaveLength(2);
    for (const query of ['limit=0', 'limit=x', 'before=yesterday', 'after=2026-13-01T00:00:00Z']) {
      expectPlatformError(await at(query), 422, { params: [query.split('=')[0]!] });
    }
  });

  it('shows an attempt without a response with a null status and no body; caps at 100, 50 by default', async () => {
    send.now = () => bird().emulator.clock.now();
    const created = await bird().create({ events: ['sms.sent'] });
    send.answer = { unreachable: true };
    await fire(bird(), 'sms.sent');
    const [attempt] = (await bird().request('GET', `/v1/webhooks/${created.id}/attempts`)).body.data;
    expect(attempt).toMatchObject({ status: 'failed', response_status_code: null, event_type: 'sms.sent' });
    expect(attempt).not.toHaveProperty('response_body');
    for (let i = 0; i < 60; i++) await fire(bird(), 'sms.sent');
    expect((await bird().request('GET', `/v1/webhooks/${created.id}/attempts`)).body.data).toHaveLength(50);
    await bird().emulator.advanceClock(60_000);
    expect((await bird().request('GET', `/v1/webhooks/${created.id}/attempts?limit=100`)).body.data).toHaveLength(100);
  });
});

describe('POST /v1/webhooks/{id}/replay', () => {
  let send: FakeSend;
  const bird = usePlatformClient({ clock: 'virtual', retrySchedule: [] }, () => {
    send = fakeSend({ status: 500 });
    return { send };
  });

  it('re-sends the failed deliveries of the last 24 hours as new deliveries; answers 202 {replayed}', async () => {
    const created = await bird().create({ events: ['email.delivered'] });
    const old = await fire(bird());
    await bird().emulator.advanceClock(25 * HOUR);
    const failed = [await fire(bird()), await fire(bird())];
    send.answer = { status: 200 };
    const ok = await fire(bird());
    expect(bird().emulator.history.getDelivery(ok.deliveries[0]!.id)?.status).toBe('succeeded');

    const answer = await bird().request('POST', `/v1/webhooks/${created.id}/replay`, { json: {} });
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ replayed: 2 });
    await bird().emulator.idle();
    const replays = bird()
      .emulator.history.deliveries({ subscriptionId: created.id })
      .filter((d) => d.redeliveryOf !== undefined);
    expect(replays.map((d) => d.redeliveryOf).sort()).toEqual(failed.map((f) => f.deliveries[0]!.id).sort());
    for (const replay of replays) {
      expect(replay.status).toBe('succeeded');
      expect(failed.map((f) => f.deliveries[0]!.id)).not.toContain(replay.id);
      expect(send.sent.some((r) => r.headers['webhook-id'] === replay.id)).toBe(true);
    }
    // Replayed once: a second replay has nothing left to send.
    expect((await bird().request('POST', `/v1/webhooks/${created.id}/replay`)).body).toEqual({ replayed: 0 });
    // The old one is outside the default window, not outside an explicit one.
    const since = new Date(Date.parse(old.event.firedAt) - 1000).toISOString();
    const until = new Date(Date.parse(old.event.firedAt) + 1000).toISOString();
    expect((await bird().request('POST', `/v1/webhooks/${created.id}/replay`, { json: { since, until } })).body).toEqual({ replayed: 1 });
  });

  it('does not replay deliveries skipped while the endpoint was paused', async () => {
    const created = await bird().create({ events: ['email.delivered'] });
    await bird().request('PATCH', `/v1/webhooks/${created.id}`, { json: { status: 'paused' } });
    await fire(bird());
    expect(bird().emulator.history.deliveries()[0]?.status).toBe('skipped');
    await bird().request('PATCH', `/v1/webhooks/${created.id}`, { json: { status: 'active' } });
    expect((await bird().request('POST', `/v1/webhooks/${created.id}/replay`, { json: {} })).body).toEqual({ replayed: 0 });
  });

  it('refuses a bad window with a 422 naming the field', async () => {
    const created = await bird().create();
    for (const [json, param] of [
      [{ since: 'yesterday' }, 'since'],
      [{ until: 12 }, 'until'],
      [{ since: '2026-06-02T00:00:00Z', until: '2026-06-01T00:00:00Z' }, 'until'],
      [{ from: '2026-06-01T00:00:00Z' }, 'from'],
    ] as const) {
      expectPlatformError(await bird().request('POST', `/v1/webhooks/${created.id}/replay`, { json }), 422, { params: [param] });
    }
    expect(
      (await bird().request('POST', `/v1/webhooks/${created.id}/replay`, { json: { since: '2026-06-01T00:00:00+02:00' } })).status,
    ).toBe(202);
  });
});
