import { describe, expect, it } from 'vitest';
import { BASE, ORG, OTHER_ORG, OTHER_WS, WS, expectBirdError, useBirdClient, type BirdPage } from '../helpers/bird-client.js';

const OTHER_WORKSPACE = `/organizations/${ORG}/workspaces/${OTHER_WS}`;
const OTHER_ORGANIZATION = `/organizations/${OTHER_ORG}/workspaces/${WS}`;

describe('workspace isolation', () => {
  const bird = useBirdClient();

  it.each([
    ['another workspace of the same organization', OTHER_WORKSPACE],
    ['another organization with the same workspace id', OTHER_ORGANIZATION],
    ['the older path of another workspace', `/workspaces/${OTHER_WS}`],
  ])('a subscription is invisible from %s', async (_label, base) => {
    const sub = await bird().create();
    const path = `${base}/webhook-subscriptions/${sub.id}`;

    expectBirdError(await bird().get(path), 404, { code: 'NotFound' });
    expectBirdError(await bird().patch(path, { status: 'inactive' }), 404);
    expectBirdError(await bird().delete(path), 404);
    expectBirdError(await bird().get(`${path}/logs`), 404);
    expect((await bird().get<BirdPage>(`${base}/webhook-subscriptions`)).body).toEqual({ results: [] });

    expect((await bird().get(`${BASE}/webhook-subscriptions/${sub.id}`)).body).toEqual(sub);
  });

  it('each workspace lists only its own subscriptions', async () => {
    const mine = await bird().create();
    const theirs = await bird().create({}, OTHER_WORKSPACE);
    const foreign = await bird().create({}, OTHER_ORGANIZATION);
    expect(theirs.workspaceId).toBe(OTHER_WS);
    expect(foreign.organizationId).toBe(OTHER_ORG);

    const ids = async (base: string) => (await bird().get<BirdPage>(`${base}/webhook-subscriptions`)).body.results.map((s) => s.id);
    expect(await ids(BASE)).toEqual([mine.id]);
    expect(await ids(OTHER_WORKSPACE)).toEqual([theirs.id]);
    expect(await ids(OTHER_ORGANIZATION)).toEqual([foreign.id]);
  });

  it('a failed delete from elsewhere leaves the subscription in place', async () => {
    const sub = await bird().create();
    await bird().delete(`${OTHER_ORGANIZATION}/webhook-subscriptions/${sub.id}`);
    await bird().patch(`${OTHER_WORKSPACE}/webhook-subscriptions/${sub.id}`, { url: 'https://evil.example.com/x' });
    expect((await bird().get(`${BASE}/webhook-subscriptions/${sub.id}`)).body).toEqual(sub);
  });
});
