import { describe, expect, it } from 'vitest';
import type { SendAttempt } from '../../src/delivery/attempt.js';
import { CREATE_BODY, OTHER_KEY, expectPlatformError, fakeSend, usePlatformClient, type Page } from '../helpers/platform-client.js';

/**
 * `Idempotency-Key` (research §1.0): same key + same request within 3 h replays the answer with
 * `Idempotency-Replay: true`; another request is 409 E01005; one in flight 409 E01004; an empty or
 * over-long key 400 E01002; keys belong to a workspace.
 */

const key = (value: string) => ({ 'idempotency-key': value });

describe('Idempotency-Key', () => {
  const bird = usePlatformClient({ clock: 'virtual' });

  it('a repeated create replays the first answer, secret included, and creates one endpoint', async () => {
    const first = await bird().request('POST', '/v1/webhooks', { json: CREATE_BODY, headers: key('create-1') });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotency-replay')).toBeNull();
    const again = await bird().request('POST', '/v1/webhooks', { json: CREATE_BODY, headers: key('create-1') });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotency-replay')).toBe('true');
    expect(again.headers.get('content-type')).toMatch(/^application\/json/);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    expect(bird().emulator.platform.store.all()).toHaveLength(1);
  });

  it('the same key for another body, path or method is a 409 IdempotencyKeyReuse', async () => {
    const created = await bird().request('POST', '/v1/webhooks', { json: CREATE_BODY, headers: key('k') });
    const other = { ...CREATE_BODY, description: 'another' };
    expectPlatformError(await bird().request('POST', '/v1/webhooks', { json: other, headers: key('k') }), 409, {
      code: 'E01005',
      name: 'IdempotencyKeyReuse',
    });
    expectPlatformError(await bird().request('PATCH', `/v1/webhooks/${created.body.id}`, { json: CREATE_BODY, headers: key('k') }), 409, {
      code: 'E01005',
    });
    expectPlatformError(await bird().request('DELETE', `/v1/webhooks/${created.body.id}`, { headers: key('k') }), 409, { code: 'E01005' });
    expect(bird().emulator.platform.store.all()).toHaveLength(1);
  });

  it('replays errors too (4xx), so a retried invalid request gets the same answer', async () => {
    const bad = { ...CREATE_BODY, events: ['nope'] };
    const first = await bird().request('POST', '/v1/webhooks', { json: bad, headers: key('bad') });
    expect(first.status).toBe(422);
    const again = await bird().request('POST', '/v1/webhooks', { json: bad, headers: key('bad') });
    expect(again.status).toBe(422);
    expect(again.headers.get('idempotency-replay')).toBe('true');
    expect(again.body).toEqual(first.body);
    // Still Bird's error envelope; its request_id is the first request's, its X-Request-Id its own.
    const { request_id } = expectPlatformError(again, 422);
    expect(request_id).toBe(first.headers.get('x-request-id'));
    expect(again.headers.get('x-request-id')).not.toBe(request_id);
  });

  it('DELETE replays its 204 instead of a 404', async () => {
    const created = await bird().create();
    expect((await bird().request('DELETE', `/v1/webhooks/${created.id}`, { headers: key('del') })).status).toBe(204);
    const again = await bird().request('DELETE', `/v1/webhooks/${created.id}`, { headers: key('del') });
    expect(again.status).toBe(204);
    expect(again.text).toBe('');
    expect(again.headers.get('idempotency-replay')).toBe('true');
    expectPlatformError(await bird().request('DELETE', `/v1/webhooks/${created.id}`, { headers: key('del-2') }), 404);
  });

  it('keys last 3 hours of emulator time', async () => {
    await bird().request('POST', '/v1/webhooks', { json: CREATE_BODY, headers: key('window') });
    await bird().emulator.advanceClock(3 * 3_600_000 - 1);
    expect(
      (await bird().request('POST', '/v1/webhooks', { json: CREATE_BODY, headers: key('window') })).headers.get('idempotency-replay'),
    ).toBe('true');
    await bird().emulator.advanceClock(1);
    const after = await bird().request('POST', '/v1/webhooks', { json: CREATE_BODY, headers: key('window') });
    expect(after.status).toBe(201);
    expect(after.headers.get('idempotency-replay')).toBeNull();
    expect(bird().emulator.platform.store.all()).toHaveLength(2);
  });

  it('keys belong to a workspace: another key’s workspace may use the same one', async () => {
    await bird().request('POST', '/v1/webhooks', { json: CREATE_BODY, headers: key('shared') });
    const other = await bird().request('POST', '/v1/webhooks', { json: CREATE_BODY, headers: key('shared'), key: OTHER_KEY });
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotency-replay')).toBeNull();
    expect((await bird().request<Page>('GET', '/v1/webhooks', { key: OTHER_KEY })).body.data).toHaveLength(1);
  });

  it('an empty or over-long key is a 400 InvalidRequest; 255 characters is fine', async () => {
    for (const value of ['', 'k'.repeat(256)]) {
      expectPlatformError(await bird().request('POST', '/v1/webhooks', { json: CREATE_BODY, headers: key(value) }), 400, {
        code: 'E01002',
        name: 'InvalidRequest',
      });
    }
    expect(bird().emulator.platform.store.all()).toHaveLength(0);
    expect((await bird().request('POST', '/v1/webhooks', { json: CREATE_BODY, headers: key('k'.repeat(255)) })).status).toBe(201);
  });

  it('GET ignores the key', async () => {
    await bird().request('GET', '/v1/webhooks', { headers: key('') });
    const list = await bird().request('GET', '/v1/webhooks', { headers: key('') });
    expect(list.status).toBe(200);
    expect(list.headers.get('idempotency-replay')).toBeNull();
  });
});

describe('Idempotency-Key while the first request runs', () => {
  let release: () => void = () => undefined;
  const send = fakeSend();
  const slow: SendAttempt = async (request) => {
    await new Promise<void>((resolve) => (release = resolve));
    return send(request);
  };
  const bird = usePlatformClient({}, () => ({ send: slow }));

  it('a second request with the key is a 409 RequestInProgress; afterwards it replays', async () => {
    const created = await bird().create();
    const path = `/v1/webhooks/${created.id}/test`;
    const first = bird().request('POST', path, { json: {}, headers: key('test-1') });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expectPlatformError(await bird().request('POST', path, { json: {}, headers: key('test-1') }), 409, {
      code: 'E01004',
      name: 'RequestInProgress',
    });
    release();
    expect((await first).status).toBe(200);
    const again = await bird().request('POST', path, { json: {}, headers: key('test-1') });
    expect(again.headers.get('idempotency-replay')).toBe('true');
    expect(send.sent).toHaveLength(1);
  });
});
