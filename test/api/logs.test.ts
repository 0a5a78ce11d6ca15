import { describe, expect, it } from 'vitest';
import { BASE, LEGACY_BASE, expectBirdError, useBirdClient } from '../helpers/bird-client.js';

const LIST = `${BASE}/webhook-subscriptions`;
const UNKNOWN_ID = '852883af-5f68-4204-b611-7ee8db9600f4';
const REQUEST_ID = '5687a7c1-2b3d-4e5f-8a9b-0c1d2e3f4a5b';

describe('webhook subscription logs', () => {
  const bird = useBirdClient();

  it('GET …/logs answers {results: []} for a fresh subscription', async () => {
    const sub = await bird().create();
    const response = await bird().get(`${LIST}/${sub.id}/logs`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ results: [] });
    expect((await bird().get(`${LEGACY_BASE}/webhook-subscriptions/${sub.id}/logs`)).body).toEqual({ results: [] });
  });

  it('GET …/logs validates limit and executionStatus', async () => {
    const sub = await bird().create();
    expect((await bird().get(`${LIST}/${sub.id}/logs?limit=100&executionStatus=failed`)).status).toBe(200);
    expectBirdError(await bird().get(`${LIST}/${sub.id}/logs?limit=0`), 422, { detailKeys: ['.query.limit'] });
    expectBirdError(await bird().get(`${LIST}/${sub.id}/logs?executionStatus=pending`), 422, { detailKeys: ['.query.executionStatus'] });
    expectBirdError(await bird().get(`${LIST}/${sub.id}/logs?pageToken=garbage`), 422, { detailKeys: ['.query.pageToken'] });
  });

  it('GET …/logs/details?requestId= is a JSON 404 for a request that was never sent', async () => {
    const sub = await bird().create();
    const body = expectBirdError(await bird().get(`${LIST}/${sub.id}/logs/details?requestId=${REQUEST_ID}`), 404, { code: 'NotFound' });
    expect(body.message).toContain(REQUEST_ID);
  });

  it('GET …/logs/details needs a UUID requestId (422 on .query.requestId)', async () => {
    const sub = await bird().create();
    expectBirdError(await bird().get(`${LIST}/${sub.id}/logs/details`), 422, { code: 'InvalidPayload', detailKeys: ['.query.requestId'] });
    expectBirdError(await bird().get(`${LIST}/${sub.id}/logs/details?requestId=abc`), 422, { detailKeys: ['.query.requestId'] });
  });

  it('both endpoints are a 404 for an unknown subscription', async () => {
    expectBirdError(await bird().get(`${LIST}/${UNKNOWN_ID}/logs`), 404, { code: 'NotFound' });
    expectBirdError(await bird().get(`${LIST}/${UNKNOWN_ID}/logs/details?requestId=${REQUEST_ID}`), 404, { code: 'NotFound' });
  });

  it('both endpoints are a 404 once the subscription is deleted', async () => {
    const sub = await bird().create();
    await bird().delete(`${LIST}/${sub.id}`);
    expectBirdError(await bird().get(`${LIST}/${sub.id}/logs`), 404);
  });
});
