import { describe, expect, it } from 'vitest';
import { BASE, expectBirdError, useBirdClient, type BirdClient, type BirdPage, type BirdSubscription } from '../helpers/bird-client.js';

const LIST = `${BASE}/webhook-subscriptions`;

/** Creates `count` subscriptions with distinct filters (so the five-per-combination rule never applies). */
async function createMany(client: BirdClient, count: number): Promise<BirdSubscription[]> {
  const created: BirdSubscription[] = [];
  for (let i = 0; i < count; i++) created.push(await client.create({ eventFilters: [{ key: 'channelId', value: `channel-${i}` }] }));
  return created;
}

/** Follows nextPageToken from the first page to the last, returning every page. */
async function allPages(client: BirdClient, query: string): Promise<BirdPage[]> {
  const pages: BirdPage[] = [];
  let token: string | undefined;
  do {
    const tokenPart = token === undefined ? '' : `&pageToken=${encodeURIComponent(token)}`;
    const response = await client.get<BirdPage>(`${LIST}?${query}${tokenPart}`);
    expect(response.status, response.text).toBe(200);
    pages.push(response.body);
    token = response.body.nextPageToken;
    expect(pages.length).toBeLessThan(50);
  } while (token !== undefined);
  return pages;
}

describe('GET /webhook-subscriptions pagination', () => {
  const bird = useBirdClient();

  it('answers {results: []} without nextPageToken when there is nothing', async () => {
    const response = await bird().get<BirdPage>(LIST);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ results: [] });
  });

  it('pages 25 subscriptions as 10, 10, 5; the union is exactly all of them', async () => {
    const created = await createMany(bird(), 25);

    const pages = await allPages(bird(), 'limit=10');

    expect(pages.map((p) => p.results.length)).toEqual([10, 10, 5]);
    expect(pages[0]?.nextPageToken).toEqual(expect.any(String));
    expect(pages[1]?.nextPageToken).toEqual(expect.any(String));
    expect(pages[2]).not.toHaveProperty('nextPageToken');
    const ids = pages.flatMap((p) => p.results.map((s) => s.id));
    expect(new Set(ids).size).toBe(25);
    expect([...ids].sort()).toEqual(created.map((s) => s.id).sort());
    expect(pages.flatMap((p) => p.results)).toEqual(expect.arrayContaining(created));
  });

  it('defaults to 10 per page', async () => {
    await createMany(bird(), 12);
    const first = await bird().get<BirdPage>(LIST);
    expect(first.body.results).toHaveLength(10);
    expect(first.body.nextPageToken).toEqual(expect.any(String));
    const second = await bird().get<BirdPage>(`${LIST}?pageToken=${encodeURIComponent(first.body.nextPageToken ?? '')}`);
    expect(second.body.results).toHaveLength(2);
    expect(second.body).not.toHaveProperty('nextPageToken');
  });

  it('omits nextPageToken when the last page is exactly full', async () => {
    await createMany(bird(), 10);
    const response = await bird().get<BirdPage>(`${LIST}?limit=10`);
    expect(response.body.results).toHaveLength(10);
    expect(response.body).not.toHaveProperty('nextPageToken');
  });

  it('accepts limit 1 and 100', async () => {
    await createMany(bird(), 3);
    expect((await allPages(bird(), 'limit=1')).map((p) => p.results.length)).toEqual([1, 1, 1]);
    expect((await bird().get<BirdPage>(`${LIST}?limit=100`)).body.results).toHaveLength(3);
  });

  it.each(['0', '101', 'abc', '-1', '1.5', '10abc'])('refuses limit=%s with a 422 on .query.limit', async (limit) => {
    expectBirdError(await bird().get(`${LIST}?limit=${limit}`), 422, { code: 'InvalidPayload', detailKeys: ['.query.limit'] });
  });

  it.each(['garbage', 'eyJ2IjoxfQ', 'bnVsbA', '%%%'])('refuses the pageToken %j with a 422 on .query.pageToken', async (token) => {
    expectBirdError(await bird().get(`${LIST}?pageToken=${encodeURIComponent(token)}`), 422, { detailKeys: ['.query.pageToken'] });
  });

  it('refuses a pageToken longer than 8000 characters', async () => {
    await createMany(bird(), 11);
    const first = await bird().get<BirdPage>(`${LIST}?limit=1`);
    const token = `${first.body.nextPageToken ?? ''}${'A'.repeat(8001)}`;
    const body = expectBirdError(await bird().get(`${LIST}?pageToken=${token}`), 422, { detailKeys: ['.query.pageToken'] });
    expect(body.details?.['.query.pageToken']?.join(' ')).toMatch(/8000/);
  });

  it('neither repeats nor skips earlier subscriptions when one is created between page requests', async () => {
    const before = await createMany(bird(), 15);
    const first = await bird().get<BirdPage>(`${LIST}?limit=10`);
    const extra = await bird().create({ eventFilters: [{ key: 'channelId', value: 'created-between-pages' }] });

    const rest = await bird().get<BirdPage>(`${LIST}?limit=10&pageToken=${encodeURIComponent(first.body.nextPageToken ?? '')}`);

    const seen = [...first.body.results, ...rest.body.results].map((s) => s.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => id !== extra.id).sort()).toEqual(before.map((s) => s.id).sort());
  });

  it('neither repeats nor skips the others when one is deleted between page requests', async () => {
    const created = await createMany(bird(), 15);
    const first = await bird().get<BirdPage>(`${LIST}?limit=10`);
    const lastOfFirst = first.body.results[9] as BirdSubscription;
    expect((await bird().delete(`${LIST}/${lastOfFirst.id}`)).status).toBe(204);

    const rest = await bird().get<BirdPage>(`${LIST}?limit=10&pageToken=${encodeURIComponent(first.body.nextPageToken ?? '')}`);

    const seen = [...first.body.results, ...rest.body.results].map((s) => s.id);
    expect(new Set(seen).size).toBe(15);
    expect(seen.sort()).toEqual(created.map((s) => s.id).sort());
  });
});
