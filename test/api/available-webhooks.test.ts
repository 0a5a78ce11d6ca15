import { describe, expect, it } from 'vitest';
import { BASE, WS, expectBirdError, useBirdClient } from '../helpers/bird-client.js';

interface AvailableWebhooks {
  results: { service: string; events: { name: string; filterKeys: string[] }[] }[];
}

describe('GET /workspaces/{workspaceId}/available-webhooks', () => {
  const bird = useBirdClient();
  const path = `/workspaces/${WS}/available-webhooks`;

  it('lists every service with its events and filter keys', async () => {
    const response = await bird().get<AvailableWebhooks>(path);
    expect(response.status).toBe(200);
    const services = response.body.results.map((r) => r.service);
    expect(services).toEqual(expect.arrayContaining(['channels', 'numbers', 'conversations', 'templates']));
    const channels = response.body.results.find((r) => r.service === 'channels');
    expect(channels?.events).toContainEqual({
      name: 'sms.outbound',
      filterKeys: expect.arrayContaining(['channelId', 'messageStatus', 'platformId']),
    });
    for (const entry of response.body.results) {
      for (const event of entry.events) {
        expect(Object.keys(event).sort()).toEqual(['filterKeys', 'name']);
      }
    }
  });

  it('narrows to one service with ?service=', async () => {
    const response = await bird().get<AvailableWebhooks>(`${path}?service=numbers`);
    expect(response.status).toBe(200);
    expect(response.body.results).toHaveLength(1);
    expect(response.body.results[0]?.service).toBe('numbers');
    expect(response.body.results[0]?.events.map((e) => e.name)).toEqual(expect.arrayContaining(['10dlc.brand', 'tfn.verification']));
    for (const event of response.body.results[0]?.events ?? []) expect(event.filterKeys).toEqual([]);
  });

  it('refuses an unknown service with a 422 on .query.service', async () => {
    expectBirdError(await bird().get(`${path}?service=fax`), 422, { code: 'InvalidPayload', detailKeys: ['.query.service'] });
  });

  it('lists exactly the filter keys that create accepts', async () => {
    const response = await bird().get<AvailableWebhooks>(`${path}?service=channels`);
    const interaction = response.body.results[0]?.events.find((e) => e.name === 'email.interaction');
    expect(interaction?.filterKeys).toContain('interactionType');
    const sub = await bird().create({ event: 'email.interaction', eventFilters: [{ key: 'interactionType', value: 'opened' }] });
    expect(sub.event).toBe('email.interaction');
  });

  it('is not served under the organization path and refuses other methods', async () => {
    expectBirdError(await bird().get(`${BASE}/available-webhooks`), 404);
    const post = await bird().post(path, {});
    expectBirdError(post, 405);
    expect(post.headers.get('allow')).toBe('GET');
  });
});
