import { describe, expect, it } from 'vitest';
import { BASE, ORG, REFERENCE_BODY, WS, expectBirdError, useBirdClient } from '../helpers/bird-client.js';

const LIST = `${BASE}/webhook-subscriptions`;
const UNKNOWN_ID = '852883af-5f68-4204-b611-7ee8db9600f4';

describe('requests that are not well formed', () => {
  const bird = useBirdClient();

  it('bad JSON is a 400', async () => {
    const body = expectBirdError(
      await bird().request('POST', LIST, { raw: '{"service": "channels",', headers: { 'content-type': 'application/json' } }),
      400,
      { code: 'BadRequest' },
    );
    expect(body.message).toMatch(/JSON/);
  });

  it('a non-JSON content type is a 400', async () => {
    const response = await bird().request('POST', LIST, { raw: JSON.stringify(REFERENCE_BODY), headers: { 'content-type': 'text/plain' } });
    expect(expectBirdError(response, 400).message).toMatch(/Content-Type/i);
    const form = await bird().request('POST', LIST, {
      raw: 'service=channels',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectBirdError(form, 400);
  });

  it('an empty body is a 400, on create and on PATCH', async () => {
    expectBirdError(await bird().request('POST', LIST, { raw: '', headers: { 'content-type': 'application/json' } }), 400);
    expectBirdError(await bird().request('POST', LIST), 400);
    const sub = await bird().create();
    expectBirdError(
      await bird().request('PATCH', `${LIST}/${sub.id}`, { raw: '  ', headers: { 'content-type': 'application/json' } }),
      400,
    );
  });

  it('JSON that is not an object is a 422 on .body', async () => {
    for (const json of [null, [], 'channels', 42]) {
      expectBirdError(await bird().post(LIST, json), 422, { code: 'InvalidPayload', detailKeys: ['.body'] });
    }
  });

  it('a body over 1 MiB is a JSON 413, with or without Content-Length', async () => {
    const big = JSON.stringify({ ...REFERENCE_BODY, template: 'x'.repeat(Math.round(1.1 * 1024 * 1024)) });
    expectBirdError(await bird().request('POST', LIST, { raw: big, headers: { 'content-type': 'application/json' } }), 413, {
      code: 'PayloadTooLarge',
    });
    const withLength = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(big)) };
    expectBirdError(await bird().request('POST', LIST, { raw: big, headers: withLength }), 413);
    expect((await bird().get<{ results: unknown[] }>(LIST)).body.results).toEqual([]);
  });

  it('a body just under the cap reaches validation (422 for an over-long template, not 413)', async () => {
    const body = { ...REFERENCE_BODY, template: 'x'.repeat(1000 * 1024) };
    expectBirdError(await bird().post(LIST, body), 422, { detailKeys: ['.body.template'] });
  });
});

describe('routes, methods and path ids', () => {
  const bird = useBirdClient();

  it.each([
    ['GET', '/nothing-here'],
    ['GET', `${BASE}/webhook-subscription`],
    ['GET', `${BASE}/webhook-subscriptions/${UNKNOWN_ID}/unknown`],
    ['POST', '/organizations'],
  ])('an unknown route %s %s is a JSON 404', async (method, path) => {
    expectBirdError(await bird().request(method, path), 404, { code: 'NotFound' });
  });

  it.each([
    ['PUT', LIST, 'GET, POST'],
    ['DELETE', LIST, 'GET, POST'],
    ['PUT', `${LIST}/${UNKNOWN_ID}`, 'GET, PATCH, DELETE'],
    ['POST', `${LIST}/${UNKNOWN_ID}`, 'GET, PATCH, DELETE'],
    ['DELETE', `${LIST}/${UNKNOWN_ID}/logs`, 'GET'],
    ['POST', `${LIST}/${UNKNOWN_ID}/logs/details`, 'GET'],
  ])('%s %s is a JSON 405 with Allow: %s', async (method, path, allow) => {
    const response = await bird().request(method, path);
    expectBirdError(response, 405, { code: 'MethodNotAllowed' });
    expect(response.headers.get('allow')).toBe(allow);
  });

  it.each([
    ['organizationId', `/organizations/not-a-uuid/workspaces/${WS}/webhook-subscriptions`],
    ['workspaceId', `/organizations/${ORG}/workspaces/12345/webhook-subscriptions`],
    ['workspaceId', `/workspaces/12345/available-webhooks`],
    ['id', `${LIST}/not-a-uuid`],
    ['id', `${LIST}/not-a-uuid/logs`],
  ])('a non-UUID %s in %s is a 422 on .path.<name>', async (name, path) => {
    expectBirdError(await bird().get(path), 422, { code: 'InvalidPayload', detailKeys: [`.path.${name}`] });
  });

  it('non-UUID subscription ids are refused on PATCH and DELETE too', async () => {
    expectBirdError(await bird().patch(`${LIST}/123`, { status: 'inactive' }), 422, { detailKeys: ['.path.id'] });
    expectBirdError(await bird().delete(`${LIST}/123`), 422, { detailKeys: ['.path.id'] });
  });

  it('a non-UUID organization refuses a create before reading it', async () => {
    const response = await bird().post(`/organizations/acme/workspaces/${WS}/webhook-subscriptions`, REFERENCE_BODY);
    expectBirdError(response, 422, { detailKeys: ['.path.organizationId'] });
  });
});
