import { describe, expect, it } from 'vitest';
import { createManualClock } from '../helpers/bird-client.js';
import { expectPlatformError, OTHER_KEY, usePlatformClient, type Endpoint, type Page } from '../helpers/platform-client.js';

/**
 * Bird's cursor pages on `GET /v1/webhooks` (research §1.2): `limit` 1–100 (25), `sort`
 * created_at|url, `order` (desc), `starting_after`/`ending_before`, `include_total`, and the
 * envelope `{data, next_cursor, prev_cursor, refresh_cursor, total}`.
 */

const clock = createManualClock();

describe('GET /v1/webhooks pages', () => {
  const bird = usePlatformClient({}, () => ({ clock }));

  /** `n` endpoints one millisecond apart (some share a millisecond), urls in a shuffled order. */
  const createMany = async (n: number): Promise<Endpoint[]> => {
    const made: Endpoint[] = [];
    for (let i = 0; i < n; i++) {
      if (i % 3 !== 0) clock.advance(1);
      made.push(await bird().create({ url: `https://example.com/${String((i * 7) % n).padStart(3, '0')}` }));
    }
    return made;
  };

  const list = (query: string) => bird().request<Page>('GET', `/v1/webhooks${query}`);

  /** Follows next_cursor from the first page; returns the pages. */
  const walkForward = async (query: string): Promise<Page[]> => {
    const pages: Page[] = [];
    let page = (await list(`?${query}`)).body;
    pages.push(page);
    while (page.next_cursor !== null) {
      const answer = await list(`?${query}&starting_after=${page.next_cursor}`);
      expect(answer.status, answer.text).toBe(200);
      page = answer.body;
      pages.push(page);
    }
    return pages;
  };

  it('an empty list has every cursor null and total null', async () => {
    expect((await list('')).body).toEqual({ data: [], next_cursor: null, prev_cursor: null, refresh_cursor: null, total: null });
    expect((await list('?include_total=true')).body.total).toBe(0);
  });

  it('defaults: 25 per page, newest first, total null unless include_total', async () => {
    const made = await createMany(30);
    const first = (await list('')).body;
    expect(first.data.map((e) => e.id)).toEqual(
      made
        .slice(5)
        .reverse()
        .map((e) => e.id),
    );
    expect(first.total).toBeNull();
    expect(first.prev_cursor).toBeNull();
    expect(first.refresh_cursor).toEqual(expect.any(String));
    expect(first.next_cursor).toEqual(expect.any(String));
    expect((await list('?include_total=true')).body.total).toBe(30);
    expect((await list('?include_total=false')).body.total).toBeNull();
  });

  it('walks every endpoint forwards, then backwards with prev_cursor, in both orders and both sorts', async () => {
    const made = await createMany(23);
    for (const sort of ['created_at', 'url'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const key = (e: Endpoint) => (sort === 'url' ? e.url : e.created_at);
        const expected = [...made].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : 1)).map((e) => e.id);
        if (order === 'desc') expected.reverse();
        const query = `limit=5&sort=${sort}&order=${order}&include_total=true`;
        const pages = await walkForward(query);
        expect(pages.map((p) => p.data.length)).toEqual([5, 5, 5, 5, 3]);
        expect(pages.flatMap((p) => p.data.map((e) => e.id))).toEqual(expected);
        expect(pages.every((p) => p.total === 23)).toBe(true);
        expect(pages.at(-1)?.next_cursor).toBeNull();

        // Backwards from the last page: each prev_cursor gives the page before, the first has none.
        let page = pages.at(-1) as Page;
        const back: string[][] = [page.data.map((e) => e.id)];
        while (page.prev_cursor !== null) {
          page = (await list(`?${query}&ending_before=${page.prev_cursor}`)).body;
          back.unshift(page.data.map((e) => e.id));
        }
        expect(back).toEqual(pages.map((p) => p.data.map((e) => e.id)));
        expect(page.prev_cursor).toBeNull();
      }
    }
  });

  it('sort=url orders by URL, largest first by default', async () => {
    await bird().create({ url: 'https://b.example.com/' });
    await bird().create({ url: 'https://c.example.com/' });
    await bird().create({ url: 'https://a.example.com/' });
    expect((await list('?sort=url')).body.data.map((e) => e.url)).toEqual([
      'https://c.example.com/',
      'https://b.example.com/',
      'https://a.example.com/',
    ]);
    expect((await list('?sort=url&order=asc&limit=1')).body.data.map((e) => e.url)).toEqual(['https://a.example.com/']);
  });

  it('refresh_cursor fetches what was created since, with ending_before', async () => {
    await createMany(3);
    const first = (await list('')).body;
    expect(first.next_cursor).toBeNull();
    clock.advance(10);
    const newer = [await bird().create(), await bird().create()];
    const since = (await list(`?ending_before=${first.refresh_cursor}`)).body;
    expect(since.data.map((e) => e.id)).toEqual(newer.map((e) => e.id).reverse());
    expect(since.prev_cursor).toBeNull();
    expect(since.next_cursor).toEqual(expect.any(String));
  });

  it('creating and deleting endpoints between pages neither repeats nor skips the others', async () => {
    const made = await createMany(10);
    const first = (await list('?limit=4&order=asc')).body;
    // The last row of the first page goes away; a new endpoint appears at the end.
    await bird().request('DELETE', `/v1/webhooks/${first.data[3]?.id}`);
    clock.advance(5);
    const added = await bird().create();
    const rest = (await list(`?limit=100&order=asc&starting_after=${first.next_cursor}`)).body;
    expect(rest.data.map((e) => e.id)).toEqual([...made.slice(4).map((e) => e.id), added.id]);
  });

  it('a malformed cursor, or one of another sort or order, is a 422 InvalidCursor', async () => {
    await createMany(4);
    const page = (await list('?limit=2')).body;
    const bad = [
      'abc',
      '!!!',
      Buffer.from('{"v":2}').toString('base64url'),
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('not json').toString('base64url'),
      'x'.repeat(5000),
    ];
    for (const cursor of bad) {
      for (const param of ['starting_after', 'ending_before']) {
        const answer = await list(`?${param}=${encodeURIComponent(cursor)}`);
        expectPlatformError(answer, 422, { code: 'E01012', name: 'InvalidCursor', params: [param] });
      }
    }
    expectPlatformError(await list(`?sort=url&starting_after=${page.next_cursor}`), 422, { code: 'E01012' });
    expectPlatformError(await list(`?order=asc&starting_after=${page.next_cursor}`), 422, { code: 'E01012' });
    expect((await list(`?starting_after=`)).status).toBe(200);
  });

  it('refuses bad limit, sort, order and include_total with a 422 naming the param', async () => {
    for (const [query, param] of [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=2.5', 'limit'],
      ['limit=ten', 'limit'],
      ['limit=99999999999999999999', 'limit'],
      ['sort=status', 'sort'],
      ['order=up', 'order'],
      ['include_total=yes', 'include_total'],
    ]) {
      expectPlatformError(await list(`?${query}`), 422, { code: 'E01001', params: [param as string] });
    }
    expect((await list('?limit=100')).status).toBe(200);
    expect((await list('?limit=1')).status).toBe(200);
  });

  it('counts and lists only the key’s own workspace', async () => {
    await createMany(3);
    await bird().create({}, OTHER_KEY);
    expect((await list('?include_total=true')).body.total).toBe(3);
    expect((await bird().request<Page>('GET', '/v1/webhooks?include_total=true', { key: OTHER_KEY })).body.total).toBe(1);
  });
});
