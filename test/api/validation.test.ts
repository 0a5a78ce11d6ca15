import { describe, expect, it } from 'vitest';
import { BASE, CHANNEL_ID, REFERENCE_BODY, expectBirdError, useBirdClient } from '../helpers/bird-client.js';

const LIST = `${BASE}/webhook-subscriptions`;

describe('create: a well-formed body that fails validation is a 422', () => {
  const bird = useBirdClient();
  const create = (overrides: Record<string, unknown>) => bird().post(LIST, { ...REFERENCE_BODY, ...overrides });

  it('refuses an unknown field on .body.foo', async () => {
    const body = expectBirdError(await create({ foo: 'bar' }), 422, { code: 'InvalidPayload', detailKeys: ['.body.foo'] });
    expect(Object.keys(body.details ?? {})).toEqual(['.body.foo']);
  });

  it('refuses an unknown field inside a filter', async () => {
    expectBirdError(await create({ eventFilters: [{ key: 'channelId', value: CHANNEL_ID, op: 'eq' }] }), 422, {
      detailKeys: ['.body.eventFilters[0].op'],
    });
  });

  it.each(['service', 'event', 'url'])('requires %s', async (field) => {
    const { [field as keyof typeof REFERENCE_BODY]: _omitted, ...rest } = REFERENCE_BODY;
    expectBirdError(await bird().post(LIST, rest), 422, { detailKeys: [`.body.${field}`] });
  });

  it('refuses a service outside the enum', async () => {
    expectBirdError(await create({ service: 'sms' }), 422, { detailKeys: ['.body.service'] });
    expectBirdError(await create({ service: 'Channels' }), 422, { detailKeys: ['.body.service'] });
  });

  it('refuses an event of another service and names the service it belongs to', async () => {
    const body = expectBirdError(await create({ service: 'numbers', eventFilters: [] }), 422, { detailKeys: ['.body.event'] });
    const message = body.details?.['.body.event']?.join(' ') ?? '';
    expect(message).toMatch(/sms\.outbound/);
    expect(message).toMatch(/channels/);
  });

  it('refuses an event that no service has', async () => {
    const body = expectBirdError(await create({ event: 'sms.teleported' }), 422, { detailKeys: ['.body.event'] });
    expect(body.details?.['.body.event']?.join(' ')).toMatch(/available-webhooks/);
  });

  it('refuses a filter key that is not valid for the event, naming the key', async () => {
    const body = expectBirdError(await create({ eventFilters: [{ key: 'interactionType', value: 'clicked' }] }), 422, {
      detailKeys: ['.body.eventFilters[0].key'],
    });
    expect(body.details?.['.body.eventFilters[0].key']?.join(' ')).toMatch(/interactionType/);
  });

  it('points at the right index when the second filter is the bad one', async () => {
    const filters = [
      { key: 'channelId', value: CHANNEL_ID },
      { key: 'colour', value: 'blue' },
    ];
    const body = expectBirdError(await create({ eventFilters: filters }), 422, { detailKeys: ['.body.eventFilters[1].key'] });
    expect(body.details).not.toHaveProperty(['.body.eventFilters[0].key']);
  });

  it('refuses any filter on numbers events', async () => {
    const response = await create({ service: 'numbers', event: '10dlc.brand', eventFilters: [{ key: 'channelId', value: CHANNEL_ID }] });
    expectBirdError(response, 422, { detailKeys: ['.body.eventFilters[0].key'] });
  });

  it('refuses two channelId filters', async () => {
    const filters = [
      { key: 'channelId', value: CHANNEL_ID },
      { key: 'channelId', value: 'e3a1f7c2-5b4d-4e6f-8a9b-0c1d2e3f4a5b' },
    ];
    const body = expectBirdError(await create({ eventFilters: filters }), 422, { detailKeys: ['.body.eventFilters'] });
    expect(body.details?.['.body.eventFilters']?.join(' ')).toMatch(/channelId/);
  });

  it('refuses filters that are not {key, value} strings', async () => {
    expectBirdError(await create({ eventFilters: [{ key: 'channelId' }] }), 422, { detailKeys: ['.body.eventFilters[0].value'] });
    expectBirdError(await create({ eventFilters: [{ key: 'channelId', value: 7 }] }), 422, { detailKeys: ['.body.eventFilters[0].value'] });
    expectBirdError(await create({ eventFilters: { channelId: CHANNEL_ID } }), 422, { detailKeys: ['.body.eventFilters'] });
  });

  it('refuses wrong types for template, signingKey and url', async () => {
    expectBirdError(await create({ template: 1 }), 422, { detailKeys: ['.body.template'] });
    expectBirdError(await create({ signingKey: true }), 422, { detailKeys: ['.body.signingKey'] });
    expectBirdError(await create({ url: ['http://localhost:3000'] }), 422, { detailKeys: ['.body.url'] });
  });

  it('creates nothing when validation fails', async () => {
    await create({ foo: 'bar' });
    await create({ service: 'numbers' });
    expect((await bird().get<{ results: unknown[] }>(LIST)).body.results).toEqual([]);
  });
});

describe('PATCH: a body that fails validation is a 422', () => {
  const bird = useBirdClient();

  it('refuses {} because at least one field is needed', async () => {
    const sub = await bird().create();
    expectBirdError(await bird().patch(`${LIST}/${sub.id}`, {}), 422, { code: 'InvalidPayload', detailKeys: ['.body'] });
  });

  it('refuses service and event, naming them', async () => {
    const sub = await bird().create();
    const one = expectBirdError(await bird().patch(`${LIST}/${sub.id}`, { service: 'numbers' }), 422, { detailKeys: ['.body.service'] });
    expect(one.message).toMatch(/service/);
    expectBirdError(await bird().patch(`${LIST}/${sub.id}`, { event: 'sms.inbound', url: 'https://example.com/x' }), 422, {
      detailKeys: ['.body.event'],
    });
    expectBirdError(await bird().patch(`${LIST}/${sub.id}`, { service: 'channels', event: 'sms.outbound' }), 422, {
      detailKeys: ['.body.service', '.body.event'],
    });
    expect((await bird().get(`${LIST}/${sub.id}`)).body).toEqual(sub);
  });

  it('refuses unknown fields and a status outside active/inactive', async () => {
    const sub = await bird().create();
    expectBirdError(await bird().patch(`${LIST}/${sub.id}`, { foo: 1 }), 422, { detailKeys: ['.body.foo'] });
    expectBirdError(await bird().patch(`${LIST}/${sub.id}`, { status: 'paused' }), 422, { detailKeys: ['.body.status'] });
    expectBirdError(await bird().patch(`${LIST}/${sub.id}`, { id: sub.id }), 422, { detailKeys: ['.body.id'] });
  });

  it('refuses two channelId filters on PATCH', async () => {
    const sub = await bird().create();
    const filters = [
      { key: 'channelId', value: 'a' },
      { key: 'channelId', value: 'b' },
    ];
    expectBirdError(await bird().patch(`${LIST}/${sub.id}`, { eventFilters: filters }), 422, { detailKeys: ['.body.eventFilters'] });
  });
});
