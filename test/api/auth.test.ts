import { describe, expect, it } from 'vitest';
import { BASE, LEGACY_BASE, REFERENCE_BODY, WS, expectBirdError, useBirdClient } from '../helpers/bird-client.js';

const LIST = `${BASE}/webhook-subscriptions`;

describe('Authorization: AccessKey <key>', () => {
  const bird = useBirdClient();

  it.each([
    ['GET', LIST],
    ['POST', LIST],
    ['GET', `${LEGACY_BASE}/webhook-subscriptions`],
    ['GET', `/workspaces/${WS}/available-webhooks`],
    ['GET', `${BASE}/webhook-subscriptions/852883af-5f68-4204-b611-7ee8db9600f4/logs`],
  ])('a missing header on %s %s is a JSON 401', async (method, path) => {
    const response = await bird().request(method, path, {
      json: method === 'POST' ? REFERENCE_BODY : undefined,
      headers: { authorization: null },
    });
    const body = expectBirdError(response, 401, { code: 'Unauthorized' });
    expect(body.message).toMatch(/AccessKey/);
  });

  it.each(['Basic x', 'AccessKey', 'AccessKey   ', 'Bearer', 'AccessKey two words', 'test'])(
    'a malformed header %j is a 401',
    async (authorization) => {
      expectBirdError(await bird().get(LIST, { headers: { authorization } }), 401, { code: 'Unauthorized' });
    },
  );

  it('accepts any non-empty key by default, in either case of the scheme', async () => {
    expect((await bird().get(LIST, { headers: { authorization: 'AccessKey anything-at-all' } })).status).toBe(200);
    expect((await bird().get(LIST, { headers: { authorization: 'accesskey abcd' } })).status).toBe(200);
  });

  it('checks the key before anything else: no subscription is created without one', async () => {
    expectBirdError(await bird().post(LIST, REFERENCE_BODY, { headers: { authorization: null } }), 401);
    expect((await bird().get<{ results: unknown[] }>(LIST)).body.results).toEqual([]);
  });
});

describe('the accessKeys option', () => {
  const bird = useBirdClient({ accessKeys: ['k1'] });

  it('accepts the configured key', async () => {
    expect((await bird().get(LIST, { headers: { authorization: 'AccessKey k1' } })).status).toBe(200);
    const created = await bird().post(LIST, REFERENCE_BODY, { headers: { authorization: 'AccessKey k1' } });
    expect(created.status).toBe(201);
  });

  it.each(['AccessKey test', 'AccessKey k2', 'AccessKey K1', 'AccessKey k1x'])('refuses %j with a 401', async (authorization) => {
    expectBirdError(await bird().get(LIST, { headers: { authorization } }), 401, { code: 'Unauthorized' });
    expectBirdError(await bird().post(LIST, REFERENCE_BODY, { headers: { authorization } }), 401);
  });
});
