import { describe, expect, it } from 'vitest';
import {
  BASE,
  LEGACY_BASE,
  ORG,
  WS,
  expectBirdError,
  useBirdClient,
  type BirdPage,
  type BirdSubscription,
} from '../helpers/bird-client.js';

const DEFAULT_ORG = '00000000-0000-4000-8000-000000000000';

describe('the older path /workspaces/{workspaceId}/webhook-subscriptions', () => {
  const bird = useBirdClient();

  it('lists, gets, patches and deletes the workspace’s subscriptions created on the current path', async () => {
    const sub = await bird().create();

    const list = await bird().get<BirdPage>(`${LEGACY_BASE}/webhook-subscriptions`);
    expect(list.status).toBe(200);
    expect(list.body.results).toEqual([sub]);

    expect((await bird().get(`${LEGACY_BASE}/webhook-subscriptions/${sub.id}`)).body).toEqual(sub);

    const patched = await bird().patch<BirdSubscription>(`${LEGACY_BASE}/webhook-subscriptions/${sub.id}`, { template: 'twilio' });
    expect(patched.status).toBe(200);
    expect((await bird().get<BirdSubscription>(`${BASE}/webhook-subscriptions/${sub.id}`)).body.template).toBe('twilio');

    expect((await bird().delete(`${LEGACY_BASE}/webhook-subscriptions/${sub.id}`)).status).toBe(204);
    expectBirdError(await bird().get(`${BASE}/webhook-subscriptions/${sub.id}`), 404);
  });

  it('creates in the organization that already owns the workspace', async () => {
    await bird().create();
    const sub = await bird().create({ url: 'http://localhost:3000/legacy' }, LEGACY_BASE);
    expect(sub.organizationId).toBe(ORG);
    expect(sub.workspaceId).toBe(WS);
    expect((await bird().get(`${BASE}/webhook-subscriptions/${sub.id}`)).status).toBe(200);
  });

  it('creates in the configured default organization when the workspace has no subscription yet', async () => {
    const sub = await bird().create({}, LEGACY_BASE);
    expect(sub.organizationId).toBe(DEFAULT_ORG);
    expect(sub.workspaceId).toBe(WS);
    expect((await bird().get(`/organizations/${DEFAULT_ORG}/workspaces/${WS}/webhook-subscriptions/${sub.id}`)).status).toBe(200);
    expectBirdError(await bird().get(`${BASE}/webhook-subscriptions/${sub.id}`), 404);
  });
});

describe('the older path with defaultOrganizationId configured', () => {
  const bird = useBirdClient({ defaultOrganizationId: ORG });

  it('uses config.defaultOrganizationId for a new workspace', async () => {
    const sub = await bird().create({}, LEGACY_BASE);
    expect(sub.organizationId).toBe(ORG);
  });

  it('needs a UUID workspace id and an access key, like the current path', async () => {
    expectBirdError(await bird().get('/workspaces/not-a-uuid/webhook-subscriptions'), 422, { detailKeys: ['.path.workspaceId'] });
    expectBirdError(await bird().get(`${LEGACY_BASE}/webhook-subscriptions`, { headers: { authorization: null } }), 401);
  });
});
