import { describe, expect, it } from 'vitest';
import {
  BASE,
  CHANNEL_ID,
  ORG,
  REFERENCE_BODY,
  RFC3339_MS_Z,
  UUID,
  WS,
  useBirdClient,
  type BirdSubscription,
} from '../helpers/bird-client.js';

describe('POST /webhook-subscriptions', () => {
  const bird = useBirdClient();

  it("answers Bird's reference example with 201 and every documented field", async () => {
    const response = await bird().post<BirdSubscription>(`${BASE}/webhook-subscriptions`, REFERENCE_BODY);

    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const sub = response.body;
    expect(sub).toEqual({
      id: expect.stringMatching(UUID),
      organizationId: ORG,
      workspaceId: WS,
      service: 'channels',
      event: 'sms.outbound',
      eventFilters: [{ key: 'channelId', value: CHANNEL_ID }],
      template: 'text',
      url: 'http://localhost:3000/webhook',
      signingKey: 'KeV+/HGoIQrxuE5YPCRR6AuQOJveldYNNhbVi1i22qk=',
      status: 'active',
      createdAt: expect.stringMatching(RFC3339_MS_Z),
      updatedAt: expect.stringMatching(RFC3339_MS_Z),
    });
    expect(sub.updatedAt).toBe(sub.createdAt);
    expect(Math.abs(Date.parse(sub.createdAt) - Date.now())).toBeLessThan(60_000);
  });

  it('stores what it answered: GET returns the same object', async () => {
    const created = await bird().create();
    const fetched = await bird().get<BirdSubscription>(`${BASE}/webhook-subscriptions/${created.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created);
  });

  it('gives each subscription its own id', async () => {
    const a = await bird().create();
    const b = await bird().create({ url: 'http://localhost:3000/other' });
    expect(a.id).not.toBe(b.id);
  });

  it('needs only service, event and url; eventFilters defaults to an empty list', async () => {
    const response = await bird().post<BirdSubscription>(`${BASE}/webhook-subscriptions`, {
      service: 'conversations',
      event: 'conversation.created',
      url: 'https://example.com/hook',
    });
    expect(response.status).toBe(201);
    expect(response.body.eventFilters).toEqual([]);
    expect(response.body).not.toHaveProperty('template');
    expect(response.body).not.toHaveProperty('signingKey');
    expect(response.body.status).toBe('active');
  });

  it('accepts signingKey: "" (Bird’s quickstart leaves it empty) as no signing key: none is stored or echoed', async () => {
    const sub = await bird().create({ signingKey: '' });
    expect(sub).not.toHaveProperty('signingKey');
    expect((await bird().get<BirdSubscription>(`${BASE}/webhook-subscriptions/${sub.id}`)).body).not.toHaveProperty('signingKey');
  });

  it('accepts eventFilters: null (nullable in Bird’s create schema) and answers with an empty list', async () => {
    const sub = await bird().create({ eventFilters: null });
    expect(sub.eventFilters).toEqual([]);
  });

  it('accepts local receiver URLs on localhost, 127.0.0.0/8 and [::1], over http and https', async () => {
    for (const url of [
      'http://localhost:3000/webhook',
      'https://localhost/x',
      'http://127.0.0.1:8080/hook',
      'http://127.1.2.3/',
      'http://[::1]:3000/bird',
    ]) {
      const sub = await bird().create({ url, eventFilters: [{ key: 'channelId', value: url }] });
      expect(sub.url).toBe(url);
    }
  });

  it('accepts a public https URL, with or without a port', async () => {
    for (const url of ['https://example.com/webhook', 'https://hooks.example.co.uk:8443/bird?x=1']) {
      expect((await bird().create({ url })).url).toBe(url);
    }
  });

  it('accepts several filters with the same key where the event allows them (voice status)', async () => {
    const sub = await bird().create({
      event: 'voice.inbound',
      eventFilters: [
        { key: 'status', value: 'ringing' },
        { key: 'status', value: 'completed' },
      ],
    });
    expect(sub.eventFilters).toHaveLength(2);
  });

  it('accepts a charset on the JSON content type', async () => {
    const response = await bird().request('POST', `${BASE}/webhook-subscriptions`, {
      raw: JSON.stringify(REFERENCE_BODY),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(response.status).toBe(201);
  });
});
