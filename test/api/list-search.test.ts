import { describe, expect, it } from 'vitest';
import { BASE, useBirdClient, type BirdPage, type BirdSubscription } from '../helpers/bird-client.js';

const LIST = `${BASE}/webhook-subscriptions`;
const CHANNEL_A = '58c44c1d-a6a0-4cb6-9f78-05308de87451';
const CHANNEL_B = 'e3a1f7c2-5b4d-4e6f-8a9b-0c1d2e3f4a5b';

describe('GET /webhook-subscriptions with SearchFilters', () => {
  const bird = useBirdClient();
  const ids = (page: BirdPage) => page.results.map((s) => s.id).sort();
  const search = async (query: string) => {
    const response = await bird().get<BirdPage>(`${LIST}?${query}`);
    expect(response.status, response.text).toBe(200);
    return response.body;
  };

  let smsA: BirdSubscription;
  let smsB: BirdSubscription;
  let whatsapp: BirdSubscription;
  let conversation: BirdSubscription;
  const seed = async () => {
    smsA = await bird().create({ eventFilters: [{ key: 'channelId', value: CHANNEL_A }] });
    smsB = await bird().create({ eventFilters: [{ key: 'channelId', value: CHANNEL_B }] });
    whatsapp = await bird().create({ event: 'whatsapp.inbound', eventFilters: [{ key: 'channelId', value: CHANNEL_A }] });
    conversation = await bird().create({ service: 'conversations', event: 'conversation.created', eventFilters: [] });
  };

  it('SearchFilters[service]=… keeps one service', async () => {
    await seed();
    expect(ids(await search('SearchFilters[service]=conversations'))).toEqual([conversation.id]);
    expect(ids(await search('SearchFilters%5Bservice%5D=channels'))).toEqual([smsA.id, smsB.id, whatsapp.id].sort());
  });

  it('SearchFilter[event]=… (the spelling in Bird’s docs) keeps one event', async () => {
    await seed();
    expect(ids(await search('SearchFilter[event]=sms.outbound'))).toEqual([smsA.id, smsB.id].sort());
    expect(ids(await search('SearchFilters[event]=whatsapp.inbound'))).toEqual([whatsapp.id]);
  });

  it('SearchFilters[status]=inactive keeps the deactivated ones', async () => {
    await seed();
    await bird().patch(`${LIST}/${smsB.id}`, { status: 'inactive' });
    expect(ids(await search('SearchFilters[status]=inactive'))).toEqual([smsB.id]);
    expect(ids(await search('SearchFilters[status]=active'))).toEqual([smsA.id, whatsapp.id, conversation.id].sort());
  });

  it('SearchFilters[channelId]=<value> matches the event filters', async () => {
    await seed();
    expect(ids(await search(`SearchFilters[channelId]=${CHANNEL_A}`))).toEqual([smsA.id, whatsapp.id].sort());
    expect(ids(await search(`SearchFilters[channelId]=${CHANNEL_B}`))).toEqual([smsB.id]);
  });

  it('ANDs several filters', async () => {
    await seed();
    expect(ids(await search(`SearchFilters[event]=sms.outbound&SearchFilters[channelId]=${CHANNEL_A}`))).toEqual([smsA.id]);
    expect((await search('SearchFilters[service]=conversations&SearchFilters[status]=inactive')).results).toEqual([]);
  });

  it('answers an empty list when nothing matches', async () => {
    await seed();
    expect(await search('SearchFilters[service]=numbers')).toEqual({ results: [] });
  });

  it('paginates within the filtered results', async () => {
    for (let i = 0; i < 12; i++) await bird().create({ event: 'sms.inbound', eventFilters: [{ key: 'channelId', value: `c-${i}` }] });
    await bird().create({ event: 'sms.outbound' });
    const first = await search('SearchFilters[event]=sms.inbound&limit=10');
    expect(first.results).toHaveLength(10);
    const second = await search(`SearchFilters[event]=sms.inbound&limit=10&pageToken=${encodeURIComponent(first.nextPageToken ?? '')}`);
    expect(second.results).toHaveLength(2);
    expect(second).not.toHaveProperty('nextPageToken');
    expect([...first.results, ...second.results].every((s) => s.event === 'sms.inbound')).toBe(true);
  });
});
