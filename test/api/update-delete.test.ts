import { describe, expect, it } from 'vitest';
import {
  BASE,
  ORG,
  RFC3339_MS_Z,
  WS,
  createManualClock,
  expectBirdError,
  useBirdClient,
  type BirdSubscription,
  type ManualClock,
} from '../helpers/bird-client.js';

describe('GET, PATCH and DELETE /webhook-subscriptions/{id}', () => {
  let clock: ManualClock;
  const bird = useBirdClient({}, () => {
    clock = createManualClock();
    return { clock };
  });
  const path = (id: string) => `${BASE}/webhook-subscriptions/${id}`;

  it('GET answers 200 with the subscription', async () => {
    const sub = await bird().create();
    const response = await bird().get<BirdSubscription>(path(sub.id));
    expect(response.status).toBe(200);
    expect(response.body).toEqual(sub);
  });

  it('GET of an unknown id is a JSON 404', async () => {
    expectBirdError(await bird().get(path('852883af-5f68-4204-b611-7ee8db9600f4')), 404, { code: 'NotFound' });
  });

  it.each([
    // @note Bird's own example, https://webhook.another-example-url/…, fails Bird's documented URL
    // pattern (its last label has hyphens), so a conforming host stands in for it.
    ['url', 'https://webhook.another-example.com/68be485e-5faa-4363-8033-2e3d236830db'],
    ['template', 'twilio'],
    ['signingKey', 'a-new-signing-key'],
    ['status', 'inactive'],
    ['eventFilters', [{ key: 'channelId', value: 'd0e5a3c4-7f1b-4a2e-9c8d-6b5a4f3e2d1c' }]],
  ])('PATCH changes %s, moves updatedAt and keeps the rest', async (field, value) => {
    const sub = await bird().create();
    clock.advance(1500);

    const response = await bird().patch<BirdSubscription>(path(sub.id), { [field]: value });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ...sub, [field]: value, updatedAt: expect.stringMatching(RFC3339_MS_Z) });
    expect(Date.parse(response.body.updatedAt) - Date.parse(sub.updatedAt)).toBe(1500);
    expect(response.body.createdAt).toBe(sub.createdAt);
    expect((await bird().get(path(sub.id))).body).toEqual(response.body);
  });

  it('PATCH {"status":"inactive"} (Bird’s deactivation example) and back to active', async () => {
    const sub = await bird().create();
    const off = await bird().patch<BirdSubscription>(path(sub.id), { status: 'inactive' });
    expect(off.status).toBe(200);
    expect(off.body.status).toBe('inactive');
    const on = await bird().patch<BirdSubscription>(path(sub.id), { status: 'active' });
    expect(on.body.status).toBe('active');
  });

  it('PATCH with several fields at once (Bird’s update example)', async () => {
    const sub = await bird().create();
    const response = await bird().patch<BirdSubscription>(path(sub.id), {
      template: 'text',
      url: 'https://example.com/webhook',
      signingKey: 'KeV+/HGoIQrxuE5YPCRR6AuQOJveldYNNhbVi1i22qk=',
      status: 'active',
    });
    expect(response.status).toBe(200);
    expect(response.body.url).toBe('https://example.com/webhook');
  });

  it('PATCH signingKey: "" removes the key, so later deliveries go unsigned and GET shows none', async () => {
    const sub = await bird().create();
    expect(sub.signingKey).toEqual(expect.any(String));
    const response = await bird().patch<BirdSubscription>(path(sub.id), { signingKey: '' });
    expect(response.status).toBe(200);
    expect(response.body).not.toHaveProperty('signingKey');
    expect((await bird().get<BirdSubscription>(path(sub.id))).body).not.toHaveProperty('signingKey');
    // A new key signs again.
    expect((await bird().patch<BirdSubscription>(path(sub.id), { signingKey: 'k2' })).body.signingKey).toBe('k2');
  });

  it('PATCH eventFilters: null or [] clears the filters', async () => {
    const a = await bird().create();
    expect((await bird().patch<BirdSubscription>(path(a.id), { eventFilters: null })).body.eventFilters).toEqual([]);
    const b = await bird().create();
    expect((await bird().patch<BirdSubscription>(path(b.id), { eventFilters: [] })).body.eventFilters).toEqual([]);
  });

  it('PATCH of an unknown id is a JSON 404', async () => {
    expectBirdError(await bird().patch(path('852883af-5f68-4204-b611-7ee8db9600f4'), { status: 'inactive' }), 404, { code: 'NotFound' });
  });

  it('PATCH validates the url with the same rule as create', async () => {
    const sub = await bird().create();
    expectBirdError(await bird().patch(path(sub.id), { url: 'http://example.com/hook' }), 422, { detailKeys: ['.body.url'] });
    expect((await bird().get<BirdSubscription>(path(sub.id))).body).toEqual(sub);
  });

  it('PATCH validates filter keys against the subscription’s event', async () => {
    const sub = await bird().create();
    const body = expectBirdError(await bird().patch(path(sub.id), { eventFilters: [{ key: 'interactionType', value: 'clicked' }] }), 422, {
      detailKeys: ['.body.eventFilters[0].key'],
    });
    expect(body.details?.['.body.eventFilters[0].key']?.join()).toMatch(/interactionType/);
  });

  it('DELETE answers 204 with an empty body, then the subscription is gone', async () => {
    const sub = await bird().create();

    const response = await bird().delete(path(sub.id));
    expect(response.status).toBe(204);
    expect(response.text).toBe('');

    expectBirdError(await bird().get(path(sub.id)), 404);
    expectBirdError(await bird().delete(path(sub.id)), 404);
    expectBirdError(await bird().patch(path(sub.id), { status: 'active' }), 404);
    expect((await bird().get<{ results: unknown[] }>(`${BASE}/webhook-subscriptions`)).body.results).toEqual([]);
  });
});

describe('UUIDs in the path are not case-sensitive', () => {
  const bird = useBirdClient();

  it('finds a subscription through an upper-case path and answers with lower-case ids', async () => {
    const sub = await bird().create();
    const upper = `/organizations/${ORG.toUpperCase()}/workspaces/${WS.toUpperCase()}/webhook-subscriptions/${sub.id.toUpperCase()}`;
    const response = await bird().get<BirdSubscription>(upper);
    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual(sub);
  });

  it('creates through an upper-case path into the same workspace', async () => {
    const upperBase = `/organizations/${ORG.toUpperCase()}/workspaces/${WS.toUpperCase()}`;
    const sub = await bird().create({}, upperBase);
    expect(sub.organizationId).toBe(ORG);
    expect(sub.workspaceId).toBe(WS);
    expect((await bird().get(`${BASE}/webhook-subscriptions/${sub.id}`)).status).toBe(200);
  });
});
