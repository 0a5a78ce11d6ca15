import { describe, expect, it } from 'vitest';
import { workspaceId } from '../../src/apis/platform/ids.js';
import {
  API_KEY,
  CREATE_BODY,
  OTHER_KEY,
  REQ_ID,
  RFC3339_MS_Z,
  SECRET,
  WHK_ID,
  expectPlatformError,
  usePlatformClient,
  type Endpoint,
  type Page,
} from '../helpers/platform-client.js';

const UNKNOWN_ID = 'whk_01krdgeqcxet5s7t44vh8rt9mg';

describe('POST /v1/webhooks', () => {
  const bird = usePlatformClient();

  it('answers 201 with the endpoint and its secret, once', async () => {
    const answer = await bird().request('POST', '/v1/webhooks', { json: CREATE_BODY });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.headers.get('x-request-id')).toMatch(REQ_ID);
    expect(answer.body).toEqual({
      id: expect.stringMatching(WHK_ID),
      url: CREATE_BODY.url,
      description: CREATE_BODY.description,
      events: CREATE_BODY.events,
      status: 'active',
      created_at: expect.stringMatching(RFC3339_MS_Z),
      updated_at: answer.body.created_at,
      secret: expect.stringMatching(SECRET),
    });
    const read = await bird().request('GET', `/v1/webhooks/${answer.body.id}`);
    expect(read.status).toBe(200);
    const { secret: _secret, ...view } = answer.body;
    expect(read.body).toEqual(view);
    expect(read.text).not.toContain('whsec_');
  });

  it('stores the endpoint in the key’s workspace and tells the live log, the secret masked', async () => {
    const changes: unknown[] = [];
    bird().emulator.onActivity((activity) => changes.push(activity));
    const created = await bird().create();
    expect(bird().emulator.platform.store.get(created.id)?.workspace_id).toBe(workspaceId(API_KEY));
    const masked = `${created.secret.slice(0, 'whsec_'.length + 4)}…${created.secret.slice(-2)}`;
    expect(changes).toEqual([
      {
        type: 'subscription.created',
        api: 'platform',
        subscription: expect.objectContaining({
          id: created.id,
          workspace_id: workspaceId(API_KEY),
          secrets: [expect.objectContaining({ secret: masked })],
        }),
      },
    ]);
    expect(JSON.stringify(changes)).not.toContain(created.secret);
  });

  it('keeps each event type once, and treats an empty description as none', async () => {
    const created = await bird().create({ events: ['email.delivered', 'email.delivered', 'sms.sent'], description: '' });
    expect(created.events).toEqual(['email.delivered', 'sms.sent']);
    expect(created).not.toHaveProperty('description');
  });

  it('refuses unknown fields, wrong types and missing fields with a 422 naming each param', async () => {
    const cases: [unknown, string[]][] = [
      [{ ...CREATE_BODY, filter: { mailbox_id: 'mbx_1' } }, ['filter']],
      [{ ...CREATE_BODY, events: 'email.delivered' }, ['events']],
      [{ ...CREATE_BODY, events: [] }, ['events']],
      [{ ...CREATE_BODY, events: ['email.delivered', 7] }, ['events[1]']],
      [{ events: CREATE_BODY.events }, ['url']],
      [{ url: CREATE_BODY.url }, ['events']],
      [{ ...CREATE_BODY, description: 'x'.repeat(257) }, ['description']],
      [{ ...CREATE_BODY, url: `https://example.com/${'x'.repeat(2048)}` }, ['url']],
      [null, ['body']],
      [[], ['body']],
    ];
    for (const [json, params] of cases) {
      const error = expectPlatformError(await bird().request('POST', '/v1/webhooks', { json }), 422, {
        code: 'E01001',
        name: 'ValidationError',
        params,
      });
      expect(error.message).toMatch(/validation/i);
    }
    expect(bird().emulator.platform.store.all()).toEqual([]);
  });

  it('refuses more than 100 event types and types outside the catalogue', async () => {
    const many = Array.from({ length: 101 }, () => 'email.delivered');
    expectPlatformError(await bird().request('POST', '/v1/webhooks', { json: { ...CREATE_BODY, events: many } }), 422, {
      params: ['events'],
    });
    const unknown = await bird().request('POST', '/v1/webhooks', {
      json: { ...CREATE_BODY, events: ['email.delivered', 'email.teleported', 'realtime.x'] },
    });
    expect(expectPlatformError(unknown, 422).details).toEqual([
      { param: 'events[1]', message: expect.stringContaining('email.teleported') },
      { param: 'events[2]', message: expect.stringContaining('realtime.x') },
    ]);
  });

  it('accepts Bird’s public https URLs and local http(s) ones; refuses the rest, and local ones under strictUrls', async () => {
    for (const url of ['https://example.com/webhooks/bird', 'http://127.0.0.1:4000/x', 'https://localhost/x', 'http://[::1]:3000/']) {
      await bird().create({ url });
    }
    for (const url of ['http://example.com/x', 'ftp://example.com/x', 'https://10.0.0.1/x', 'not a url', 'http://user:pw@localhost/x']) {
      expectPlatformError(await bird().request('POST', '/v1/webhooks', { json: { ...CREATE_BODY, url } }), 422, { params: ['url'] });
    }
  });

  it('answers 400 for a body that is not JSON, and for another content type', async () => {
    const badJson = await bird().request('POST', '/v1/webhooks', { raw: '{"url":', headers: { 'content-type': 'application/json' } });
    expect(expectPlatformError(badJson, 400, { code: 'E01002', name: 'InvalidRequest' }).message).toMatch(/JSON/);
    const text = await bird().request('POST', '/v1/webhooks', {
      raw: JSON.stringify(CREATE_BODY),
      headers: { 'content-type': 'text/plain' },
    });
    expectPlatformError(text, 400, { code: 'E01002' });
    expectPlatformError(await bird().request('POST', '/v1/webhooks'), 400);
  });
});

describe('strict URLs', () => {
  const bird = usePlatformClient({ strictUrls: true });

  it('applies Bird’s rule alone: public https only', async () => {
    await bird().create({ url: 'https://example.com/hook' });
    expectPlatformError(await bird().request('POST', '/v1/webhooks', { json: { ...CREATE_BODY, url: 'http://localhost:3000/x' } }), 422, {
      params: ['url'],
    });
  });
});

describe('GET, PATCH and DELETE /v1/webhooks/{id}', () => {
  const bird = usePlatformClient();

  it('PATCH changes only the fields sent, answers 200 and moves updated_at', async () => {
    const created = await bird().create();
    const answer = await bird().request('PATCH', `/v1/webhooks/${created.id}`, { json: { events: ['sms.delivered'] } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      ...created,
      secret: undefined,
      events: ['sms.delivered'],
      updated_at: expect.stringMatching(RFC3339_MS_Z),
    });
    expect(answer.body).not.toHaveProperty('secret');
    const cleared = await bird().request('PATCH', `/v1/webhooks/${created.id}`, {
      json: { description: '', url: 'https://example.com/b' },
    });
    expect(cleared.body).not.toHaveProperty('description');
    expect(cleared.body.url).toBe('https://example.com/b');
  });

  it('PATCH {} changes nothing (the SDK’s update without params)', async () => {
    const created = await bird().create();
    const answer = await bird().request('PATCH', `/v1/webhooks/${created.id}`, { json: {} });
    expect(answer.status).toBe(200);
    expect(answer.body.updated_at).toBe(created.updated_at);
  });

  it('PATCH status paused pauses; active re-enables a paused endpoint and forgets its failure streak', async () => {
    const created = await bird().create();
    const { store } = bird().emulator.platform;
    const paused = await bird().request<Endpoint>('PATCH', `/v1/webhooks/${created.id}`, { json: { status: 'paused' } });
    expect(paused.body.status).toBe('paused');
    // Paused after sustained failures, as health.ts does it.
    const stopped = store.get(created.id)!;
    await store.put({ ...stopped, failures: { consecutive: 12, since: stopped.created_at } });
    const active = await bird().request<Endpoint>('PATCH', `/v1/webhooks/${created.id}`, { json: { status: 'active' } });
    expect(active.body.status).toBe('active');
    expect(store.get(created.id)?.failures).toEqual({ consecutive: 0 });
  });

  it('PATCH status active leaves a degraded endpoint degraded (Bird: it recovers on its own)', async () => {
    const created = await bird().create();
    const { store } = bird().emulator.platform;
    await store.put({ ...store.get(created.id)!, status: 'degraded', failures: { consecutive: 3, since: created.created_at } });
    const answer = await bird().request<Endpoint>('PATCH', `/v1/webhooks/${created.id}`, { json: { status: 'active' } });
    expect(answer.body.status).toBe('degraded');
  });

  it('PATCH refuses degraded, unknown fields and bad values', async () => {
    const created = await bird().create();
    for (const [json, param] of [
      [{ status: 'degraded' }, 'status'],
      [{ secret: 'whsec_x' }, 'secret'],
      [{ events: [] }, 'events'],
      [{ events: ['nope'] }, 'events[0]'],
      [{ url: 'http://example.com' }, 'url'],
    ] as const) {
      expectPlatformError(await bird().request('PATCH', `/v1/webhooks/${created.id}`, { json }), 422, { params: [param] });
    }
    expect((await bird().request('GET', `/v1/webhooks/${created.id}`)).body.updated_at).toBe(created.updated_at);
  });

  it('DELETE answers 204 with no body; the endpoint is then a 404', async () => {
    const created = await bird().create();
    const answer = await bird().request('DELETE', `/v1/webhooks/${created.id}`);
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    expect(answer.headers.get('x-request-id')).toMatch(REQ_ID);
    for (const [method, path] of [
      ['GET', `/v1/webhooks/${created.id}`],
      ['DELETE', `/v1/webhooks/${created.id}`],
      ['PATCH', `/v1/webhooks/${created.id}`],
      ['POST', `/v1/webhooks/${created.id}/rotate-secret`],
      ['GET', `/v1/webhooks/${created.id}/attempts`],
    ]) {
      const json = method === 'PATCH' ? {} : undefined;
      expectPlatformError(await bird().request(method as string, path as string, { json }), 404, {
        code: 'E90101',
        name: 'WebhookNotFound',
      });
    }
  });

  it('a malformed id is a 422 on webhook_id; an unknown one a 404', async () => {
    for (const id of ['nope', 'whk_SHORT', 'WHK_01KRDGEQCXET5S7T44VH8RT9MG', 'whk_01krdgeqcxet5s7t44vh8rt9mu']) {
      expectPlatformError(await bird().request('GET', `/v1/webhooks/${id}`), 422, { params: ['webhook_id'] });
    }
    expectPlatformError(await bird().request('GET', `/v1/webhooks/${UNKNOWN_ID}`), 404);
  });
});

describe('auth and workspaces', () => {
  const bird = usePlatformClient();

  it('a missing or malformed Authorization is a 401 auth_error, on every route, known or not', async () => {
    for (const authorization of [null, '', 'Bearer', 'Bearer ', 'AccessKey test', 'Basic dXNlcjpwdw==', 'Bearer a b']) {
      for (const path of ['/v1/webhooks', '/v1/workspace', `/v1/webhooks/${UNKNOWN_ID}`, '/v1/nope']) {
        const answer = await bird().request('GET', path, { headers: { authorization } });
        expect(expectPlatformError(answer, 401, { code: 'E90001', name: 'Unauthorized' }).message).toMatch(/Authorization/);
      }
    }
    expect((await bird().request('GET', '/v1/webhooks', { headers: { authorization: 'bearer bk_us1_x' } })).status).toBe(200);
  });

  it('each key is its own workspace: another key’s endpoint is a 404 and never listed', async () => {
    const mine = await bird().create();
    const theirs = await bird().create({ url: 'https://example.com/theirs' }, OTHER_KEY);
    const list = await bird().request<Page>('GET', '/v1/webhooks');
    expect(list.body.data.map((e) => e.id)).toEqual([mine.id]);
    expect((await bird().request<Page>('GET', '/v1/webhooks', { key: OTHER_KEY })).body.data.map((e) => e.id)).toEqual([theirs.id]);
    expectPlatformError(await bird().request('GET', `/v1/webhooks/${theirs.id}`), 404);
    expectPlatformError(await bird().request('PATCH', `/v1/webhooks/${theirs.id}`, { json: { status: 'paused' } }), 404);
    expectPlatformError(await bird().request('DELETE', `/v1/webhooks/${theirs.id}`), 404);
    expectPlatformError(await bird().request('POST', `/v1/webhooks/${theirs.id}/rotate-secret`), 404);
    expectPlatformError(await bird().request('POST', `/v1/webhooks/${theirs.id}/test`, { json: {} }), 404);
    expectPlatformError(await bird().request('GET', `/v1/webhooks/${theirs.id}/attempts`), 404);
    expectPlatformError(await bird().request('POST', `/v1/webhooks/${theirs.id}/replay`, { json: {} }), 404);
    expect(bird().emulator.platform.store.get(theirs.id)?.status).toBe('active');
  });

  it('GET /v1/workspace answers the key’s workspace, stable and distinct per key', async () => {
    const answer = await bird().request('GET', '/v1/workspace');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      id: workspaceId(API_KEY),
      organization_id: expect.stringMatching(/^org_[0-9a-hjkmnp-tv-z]{26}$/),
      name: expect.any(String),
      notification_emails: { operational: [] },
      logo_url: null,
      created_at: expect.stringMatching(RFC3339_MS_Z),
      updated_at: expect.stringMatching(RFC3339_MS_Z),
    });
    expect((await bird().request('GET', '/v1/workspace')).body).toEqual(answer.body);
    expect((await bird().request('GET', '/v1/workspace', { key: OTHER_KEY })).body.id).not.toBe(answer.body.id);
  });
});

describe('access keys', () => {
  const bird = usePlatformClient({ accessKeys: ['bk_us1_allowed'] });

  it('only the listed keys are accepted', async () => {
    expectPlatformError(await bird().request('GET', '/v1/webhooks'), 401, { code: 'E90001' });
    expect((await bird().request('GET', '/v1/webhooks', { key: 'bk_us1_allowed' })).status).toBe(200);
  });
});

describe('errors outside the routes', () => {
  const bird = usePlatformClient({ maxBodyBytes: 4096 });

  it('an unknown path under /v1 is a 404 in the platform envelope; elsewhere the Notifications shape stays', async () => {
    for (const path of ['/v1/nope', '/v1/webhooks/x/y/z', `/v1/webhooks/${UNKNOWN_ID}/nope`, '/v1']) {
      expectPlatformError(await bird().request('GET', path), 404, { code: 'E90003', name: 'RouteNotFound' });
    }
    const other = await bird().request('GET', '/nope');
    expect(other.status).toBe(404);
    expect(other.body).toEqual({ code: 'NotFound', message: expect.any(String) });
    const notifications = await bird().request('GET', '/workspaces/not-a-uuid/webhook-subscriptions', { headers: { authorization: null } });
    expect(notifications.body).toMatchObject({ code: 'Unauthorized' });
  });

  it('another method on a route is a 405 bad_request_error with Allow', async () => {
    const created = await bird().create();
    for (const [method, path, allow] of [
      ['PUT', '/v1/webhooks', 'GET, POST'],
      ['POST', `/v1/webhooks/${created.id}`, 'GET, PATCH, DELETE'],
      ['GET', `/v1/webhooks/${created.id}/rotate-secret`, 'POST'],
      ['DELETE', `/v1/webhooks/${created.id}/attempts`, 'GET'],
      ['POST', '/v1/workspace', 'GET'],
    ] as const) {
      const answer = await bird().request(method, path);
      expectPlatformError(answer, 405, { code: 'E90004', name: 'MethodNotAllowed' });
      expect(answer.headers.get('allow')).toBe(allow);
    }
  });

  it('a body over the cap is a 413 payload_too_large_error, with or without Content-Length', async () => {
    const big = JSON.stringify({ ...CREATE_BODY, description: 'x'.repeat(5000) });
    const headers = { 'content-type': 'application/json' };
    expectPlatformError(await bird().request('POST', '/v1/webhooks', { raw: big, headers }), 413, { code: 'E90005' });
    const withLength = { ...headers, 'content-length': String(Buffer.byteLength(big)) };
    expectPlatformError(await bird().request('POST', '/v1/webhooks', { raw: big, headers: withLength }), 413);
    // The Notifications API keeps its own shape for the same error.
    const notifications = await bird().request('POST', '/workspaces/b4e02c85-c6d2-4b15-8885-e09671799c61/webhook-subscriptions', {
      raw: big,
      headers,
    });
    expect(notifications.body).toMatchObject({ code: 'PayloadTooLarge' });
    expect(bird().emulator.platform.store.all()).toEqual([]);
  });
});
