import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cursorPage, type CursorQuery } from '../../src/apis/platform/cursor.js';
import { createIdempotencyStore } from '../../src/apis/platform/idempotency.js';
import { monotonicIds } from '../../src/apis/platform/ids.js';
import { createRandom } from '../../src/random.js';

const rowsOf = (keys: string[]) => keys.map((key, i) => ({ id: `id_${String(i).padStart(4, '0')}`, key }));
const query = (over: Partial<CursorQuery> = {}): CursorQuery => ({ limit: 3, sort: 'k', order: 'asc', includeTotal: false, ...over });

describe('cursorPage', () => {
  it('walks any rows forwards and backwards, every row once, in (key, id) order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 30 }),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom('asc' as const, 'desc' as const),
        (keys, limit, order) => {
          const rows = rowsOf(keys);
          const q = query({ limit, order });
          const expected = [...rows].sort((a, b) => (a.key + a.id < b.key + b.id ? -1 : 1)).map((r) => r.id);
          if (order === 'desc') expected.reverse();
          const pages = [cursorPage(rows, q, (r) => r.id)];
          while (pages.at(-1)?.next_cursor) pages.push(cursorPage(rows, { ...q, startingAfter: pages.at(-1)!.next_cursor! }, (r) => r.id));
          expect(pages.flatMap((p) => p.data)).toEqual(expected);
          let page = pages.at(-1)!;
          const back = [page.data];
          while (page.prev_cursor) {
            page = cursorPage(rows, { ...q, endingBefore: page.prev_cursor }, (r) => r.id);
            back.unshift(page.data);
          }
          expect(back.flat()).toEqual(expected);
        },
      ),
    );
  });

  it('refuses cursors of another sort or order', () => {
    const rows = rowsOf(['a', 'b', 'c', 'd']);
    const next = cursorPage(rows, query(), (r) => r.id).next_cursor!;
    expect(() => cursorPage(rows, query({ order: 'desc', startingAfter: next }), (r) => r.id)).toThrow(/order=asc/);
    expect(() => cursorPage(rows, query({ sort: 'other', startingAfter: next }), (r) => r.id)).toThrow(/sort=k/);
  });
});

describe('monotonicIds', () => {
  it('makes ids that sort in the order they were made, within one millisecond and across them', () => {
    const next = monotonicIds(createRandom(3), 'whk');
    const ids = Array.from({ length: 500 }, (_, i) => next(1_700_000_000_000 + Math.floor(i / 100)));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^whk_[0-9a-hjkmnp-tv-z]{26}$/);
  });
});

describe('the Idempotency-Key store', () => {
  const clock = { now: () => 0, setTimer: () => () => undefined };

  it('forgets an abandoned first request (a 5xx), so the same request runs again', () => {
    const store = createIdempotencyStore({ clock });
    const first = store.begin('ws', 'k', 'f1');
    expect(first.kind).toBe('first');
    if (first.kind === 'first') first.abandon();
    const second = store.begin('ws', 'k', 'f1');
    expect(second.kind).toBe('first');
    if (second.kind === 'first') second.complete({ status: 201, body: '{}', contentType: 'application/json' });
    expect(store.begin('ws', 'k', 'f1')).toEqual({ kind: 'replay', answer: { status: 201, body: '{}', contentType: 'application/json' } });
    expect(() => store.begin('ws', 'k', 'f2')).toThrow(/different request/);
    expect(store.begin('other-ws', 'k', 'f2').kind).toBe('first');
  });
});
