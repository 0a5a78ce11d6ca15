import {
  BirdAuthError,
  BirdClient,
  BirdConflictError,
  BirdNotFoundError,
  BirdValidationError,
  type WebhookEndpoint,
} from '@messagebird/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workspaceId } from '../../src/apis/platform/ids.js';
import { createReceiver, type ReceivedRequest, type Receiver } from '../../src/harness/receiver.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator-server.js';

/**
 * Bird's own TypeScript SDK (`@messagebird/sdk` 0.63.0) as the client of the emulator's `/v1`
 * routes over a real socket: what it sends, how it parses answers, and which of its error classes
 * each error becomes (it picks the class by `error.type`).
 */

const API_KEY = 'bk_us1_test';
const REQ_ID = /^req_[0-9a-hjkmnp-tv-z]{26}$/;

let emu: TestEmulator;
let receiver: Receiver;
let bird: BirdClient;

beforeEach(async () => {
  receiver = await createReceiver();
  emu = await startTestEmulator();
  bird = new BirdClient({ apiKey: API_KEY, baseUrl: emu.url, maxRetries: 0 });
});

afterEach(async () => {
  await emu.close();
  await receiver.close();
});

/** Verifies a received delivery with Bird's SDK, as a receiver would (throws if no secret verifies it). */
const unwrap = (request: ReceivedRequest, secret: string) =>
  bird.webhooks.unwrap(request.rawBody.toString('utf8'), request.headers as Record<string, string>, { secret });

async function fireAndSettle(event = 'email.delivered') {
  const fired = await emu.fire({ event, api: 'platform', workspaceId: workspaceId(API_KEY) });
  return Promise.all(fired.deliveries.map((d) => emu.settled(d.id)));
}

describe('the Bird SDK against /v1/webhooks', () => {
  it('create, get, update, list, delete', async () => {
    const created = await bird.webhooks.create({
      url: `${receiver.url}/hooks/bird`,
      events: ['email.delivered', 'email.bounced'],
      description: 'Delivery pipeline',
    });
    expect(created).toMatchObject({ url: `${receiver.url}/hooks/bird`, status: 'active', description: 'Delivery pipeline' });
    expect(created.secret).toMatch(/^whsec_/);

    const read = await bird.webhooks.get(created.id);
    expect(read).not.toHaveProperty('secret');
    expect(read.events).toEqual(['email.delivered', 'email.bounced']);

    const paused = await bird.webhooks.update(created.id, { status: 'paused', events: ['email.delivered'] });
    expect(paused).toMatchObject({ status: 'paused', events: ['email.delivered'] });
    expect((await bird.webhooks.update(created.id)).status).toBe('paused');
    expect((await bird.webhooks.update(created.id, { status: 'active' })).status).toBe('active');

    const { data, response } = await bird.webhooks.get(created.id).withResponse();
    expect(data.id).toBe(created.id);
    expect(response.requestId).toMatch(REQ_ID);

    // A 204 without a body or Content-Type: the SDK resolves (typed void) with the empty body, null.
    expect(await bird.webhooks.delete(created.id)).toBeNull();
    await expect(bird.webhooks.get(created.id)).rejects.toBeInstanceOf(BirdNotFoundError);
  });

  it('list pages with for await, following next_cursor to the last page', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await bird.webhooks.create({ url: `${receiver.url}/${i}`, events: ['sms.sent'] })).id);
    const seen: WebhookEndpoint[] = [];
    for await (const endpoint of bird.webhooks.list({ limit: 3 })) seen.push(endpoint);
    expect(seen.map((e) => e.id)).toEqual([...ids].reverse());

    const page = await bird.webhooks.list({ limit: 3, include_total: true, sort: 'url', order: 'asc' });
    expect(page.data.map((e) => e.url)).toEqual([`${receiver.url}/0`, `${receiver.url}/1`, `${receiver.url}/2`]);
    expect(page.total).toBe(8);
    expect(page.prev_cursor).toBeNull();
    const last = await bird.webhooks.list({ limit: 3, sort: 'url', order: 'asc', starting_after: page.next_cursor! });
    expect(last.data).toHaveLength(3);
    const back = await bird.webhooks.list({ limit: 3, sort: 'url', order: 'asc', ending_before: last.prev_cursor! });
    expect(back.data.map((e) => e.id)).toEqual(page.data.map((e) => e.id));
  });

  it('test sends a signed stub the SDK’s unwrap verifies, and reports the outcome', async () => {
    const created = await bird.webhooks.create({ url: `${receiver.url}/hooks`, events: ['email.bounced'] });
    const result = await bird.webhooks.test(created.id);
    expect(result).toEqual({
      status: 'delivered',
      response_status_code: 200,
      response_body: 'ok',
      response_duration_ms: expect.any(Number),
    });
    expect(Number.isInteger(result.response_duration_ms)).toBe(true);
    const [request] = receiver.requests;
    expect(unwrap(request!, created.secret)).toEqual({ type: 'email.bounced', timestamp: expect.any(String), data: {} });
    expect((await bird.webhooks.test(created.id, { event_type: 'sms.failed' })).status).toBe('delivered');

    receiver.answer([{ status: 503, body: 'x'.repeat(5000) }]);
    const failed = await bird.webhooks.test(created.id);
    expect(failed).toMatchObject({ status: 'failed', response_status_code: 503, response_body: 'x'.repeat(1024) });
    expect(failed).not.toHaveProperty('error');
    expect(await bird.webhooks.attempts(created.id)).toEqual({ data: [] });
  });

  it('test reports an unreachable endpoint in the body', async () => {
    const created = await bird.webhooks.create({ url: 'http://127.0.0.1:9/nothing-here', events: ['email.bounced'] });
    const result = await bird.webhooks.test(created.id);
    expect(result).toMatchObject({ status: 'failed', response_status_code: null, error: expect.stringMatching(/refused/) });
    expect(result).not.toHaveProperty('response_body');
  });

  it('deliveries verify with unwrap; after rotateSecret with either secret; attempts lists them', async () => {
    const created = await bird.webhooks.create({ url: `${receiver.url}/hooks`, events: ['email.delivered'] });
    await fireAndSettle();
    expect(unwrap(receiver.requests[0]!, created.secret)).toMatchObject({ type: 'email.delivered' });

    const { secret } = await bird.webhooks.rotateSecret(created.id);
    await fireAndSettle();
    const rotated = receiver.requests[1]!;
    expect(unwrap(rotated, secret)).toMatchObject({ type: 'email.delivered' });
    expect(unwrap(rotated, created.secret)).toMatchObject({ type: 'email.delivered' });

    const attempts = await bird.webhooks.attempts(created.id, { limit: 10 });
    expect(attempts.data).toHaveLength(2);
    expect(attempts.data.map((a) => a.status)).toEqual(['delivered', 'delivered']);
    expect(attempts.data[0]!.attempted_at >= attempts.data[1]!.attempted_at).toBe(true);
    const older = await bird.webhooks.attempts(created.id, { before: attempts.data[0]!.attempted_at });
    expect(older.data.map((a) => a.id)).toEqual([attempts.data[1]!.id]);
  });

  it('replay through bird.request re-sends the failed deliveries', async () => {
    const created = await bird.webhooks.create({ url: `${receiver.url}/hooks`, events: ['email.delivered'] });
    receiver.answer([{ status: 500 }, { status: 500 }, { status: 500 }]);
    const [failed] = await fireAndSettle();
    expect(failed?.status).toBe('failed');
    const replay = await bird.request<{ replayed: number }>({ method: 'POST', path: `/v1/webhooks/${created.id}/replay`, body: {} });
    expect(replay).toEqual({ replayed: 1 });
    const replayDelivery = emu.emulator.history.deliveries().find((d) => d.redeliveryOf === failed?.id);
    const replayed = await emu.settled(replayDelivery!.id);
    expect(replayed.status).toBe('succeeded');
    const last = receiver.requests.at(-1)!;
    expect(last.headers['webhook-id']).toBe(replayed.id);
    expect(last.headers['webhook-id']).not.toBe(failed?.id);
    expect(unwrap(last, created.secret)).toMatchObject({ type: 'email.delivered' });
  });

  it('GET /v1/workspace is the key’s workspace', async () => {
    const workspace = await bird.workspace.get();
    expect(workspace.id).toBe(workspaceId(API_KEY));
    expect(workspace.organization_id).toMatch(/^org_/);
  });
});

describe('errors reach the SDK as its typed classes', () => {
  it('a validation error is a BirdValidationError with details', async () => {
    const error = await bird.webhooks.create({ url: 'http://example.com/x', events: ['email.teleported'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BirdValidationError);
    const validation = error as BirdValidationError;
    expect(validation).toMatchObject({ statusCode: 422, code: 'E01001', type: 'validation_error', errorName: 'ValidationError' });
    expect(validation.docUrl).toBe('https://docs.bird.com/errors/E01001');
    expect(validation.requestId).toMatch(REQ_ID);
    expect(validation.details.map((d) => d.param).sort()).toEqual(['events[0]', 'url']);
  });

  it('not found, conflicts and a bad cursor', async () => {
    await expect(bird.webhooks.get('whk_01krdgeqcxet5s7t44vh8rt9mg')).rejects.toBeInstanceOf(BirdNotFoundError);
    const created = await bird.webhooks.create({ url: `${receiver.url}/a`, events: ['sms.sent'] });
    for (let i = 0; i < 4; i++) await bird.webhooks.rotateSecret(created.id);
    const tooMany = await bird.webhooks.rotateSecret(created.id).catch((e: unknown) => e);
    expect(tooMany).toBeInstanceOf(BirdConflictError);
    expect(tooMany).toMatchObject({ statusCode: 409, errorName: 'WebhookTooManySecrets' });

    const first = await bird.webhooks.create({ url: `${receiver.url}/b`, events: ['sms.sent'] }, { idempotencyKey: 'create-b' });
    const again = await bird.webhooks.create({ url: `${receiver.url}/b`, events: ['sms.sent'] }, { idempotencyKey: 'create-b' });
    expect(again.id).toBe(first.id);
    const reuse = await bird.webhooks
      .create({ url: `${receiver.url}/c`, events: ['sms.sent'] }, { idempotencyKey: 'create-b' })
      .catch((e) => e);
    expect(reuse).toBeInstanceOf(BirdConflictError);
    expect(reuse).toMatchObject({ code: 'E01005', errorName: 'IdempotencyKeyReuse' });

    const cursor = await bird.webhooks.list({ starting_after: 'garbage' }).catch((e: unknown) => e);
    expect(cursor).toBeInstanceOf(BirdValidationError);
    expect(cursor).toMatchObject({ code: 'E01012', errorName: 'InvalidCursor' });
  });

  it('a key the emulator does not accept is a BirdAuthError', async () => {
    const strict = await startTestEmulator({ accessKeys: ['bk_us1_allowed'] });
    try {
      const refused = new BirdClient({ apiKey: API_KEY, baseUrl: strict.url, maxRetries: 0 });
      await expect(refused.webhooks.list()).rejects.toBeInstanceOf(BirdAuthError);
      const allowed = new BirdClient({ apiKey: 'bk_us1_allowed', baseUrl: strict.url, maxRetries: 0 });
      expect((await allowed.webhooks.list()).data).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});

describe('the SDK’s retries', () => {
  it('a create whose answer is lost is retried with the same Idempotency-Key and makes one endpoint', async () => {
    let lost = 0;
    const keys: string[] = [];
    // The request reaches the emulator; its answer is lost on the way back, once.
    const flaky: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.method === 'POST') keys.push(request.headers.get('idempotency-key') ?? '');
      const response = await fetch(request);
      if (request.method === 'POST' && lost++ === 0) throw new TypeError('fetch failed: socket hang up');
      return response;
    };
    const retrying = new BirdClient({ apiKey: API_KEY, baseUrl: emu.url, maxRetries: 2, fetch: flaky });
    const created = await retrying.webhooks.create({ url: `${receiver.url}/once`, events: ['sms.sent'] });
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect((await bird.webhooks.list({ include_total: true })).total).toBe(1);
    expect((await bird.webhooks.list()).data[0]?.id).toBe(created.id);
  });
});
