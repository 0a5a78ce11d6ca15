import { describe, expect, it } from 'vitest';
import { BASE, OTHER_WS, ORG, REFERENCE_BODY, expectBirdError, useBirdClient } from '../helpers/bird-client.js';

const LIST = `${BASE}/webhook-subscriptions`;
const CHANNEL = { key: 'channelId', value: '58c44c1d-a6a0-4cb6-9f78-05308de87451' };
const STATUS = { key: 'messageStatus', value: 'delivered' };

describe('at most five subscriptions per service, event and filter combination', () => {
  const bird = useBirdClient();
  const createFive = async (eventFilters: unknown[]) => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await bird().create({ eventFilters, url: `http://localhost:3000/hook/${i}` })).id);
    return ids;
  };

  it('refuses the sixth with a 422 that says why', async () => {
    await createFive([CHANNEL, STATUS]);
    const body = expectBirdError(await bird().post(LIST, { ...REFERENCE_BODY, eventFilters: [CHANNEL, STATUS] }), 422, {
      code: 'InvalidPayload',
      detailKeys: ['.body.eventFilters'],
    });
    expect(body.message).toMatch(/five|5/);
  });

  it('counts the same filters in a different order as the same combination', async () => {
    await createFive([CHANNEL, STATUS]);
    expectBirdError(await bird().post(LIST, { ...REFERENCE_BODY, eventFilters: [STATUS, CHANNEL] }), 422);
  });

  it('counts no filters, null and [] as the same combination', async () => {
    await createFive([]);
    expectBirdError(await bird().post(LIST, { ...REFERENCE_BODY, eventFilters: null }), 422);
    const { eventFilters: _none, ...withoutFilters } = REFERENCE_BODY;
    expectBirdError(await bird().post(LIST, withoutFilters), 422);
  });

  it('still accepts a different filter set, event or workspace', async () => {
    await createFive([CHANNEL]);
    expect((await bird().post(LIST, { ...REFERENCE_BODY, eventFilters: [CHANNEL, STATUS] })).status).toBe(201);
    expect((await bird().post(LIST, { ...REFERENCE_BODY, eventFilters: [{ key: 'channelId', value: 'another' }] })).status).toBe(201);
    expect((await bird().post(LIST, { ...REFERENCE_BODY, event: 'sms.inbound' })).status).toBe(201);
    const otherWorkspace = `/organizations/${ORG}/workspaces/${OTHER_WS}/webhook-subscriptions`;
    expect((await bird().post(otherWorkspace, REFERENCE_BODY)).status).toBe(201);
  });

  it('frees a place when one of the five is deleted', async () => {
    const ids = await createFive([CHANNEL]);
    expect((await bird().delete(`${LIST}/${ids[0]}`)).status).toBe(204);
    expect((await bird().post(LIST, REFERENCE_BODY)).status).toBe(201);
  });

  it('refuses a PATCH that moves a subscription into a full combination, and leaves it unchanged', async () => {
    await createFive([CHANNEL]);
    const other = await bird().create({ eventFilters: [STATUS] });
    expectBirdError(await bird().patch(`${LIST}/${other.id}`, { eventFilters: [CHANNEL] }), 422, { detailKeys: ['.body.eventFilters'] });
    expect((await bird().get(`${LIST}/${other.id}`)).body).toEqual(other);
  });

  it('lets one of the five PATCH its own filters to the same combination', async () => {
    const ids = await createFive([CHANNEL, STATUS]);
    const response = await bird().patch(`${LIST}/${ids[2]}`, { eventFilters: [STATUS, CHANNEL] });
    expect(response.status).toBe(200);
  });
});
