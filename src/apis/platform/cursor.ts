import * as z from 'zod';
import { PlatformError } from './errors.js';

/**
 * Bird's cursor pages (research §1.2 and Bird's pagination guide): `{data, next_cursor,
 * prev_cursor, refresh_cursor, total}`. Cursors are opaque to clients; here each is base64url of a
 * small JSON that names one row by its sort value and id (keyset pagination), and the sort and order
 * it belongs to, so creating or deleting rows between two requests neither repeats nor skips others,
 * and a cursor of another sort is refused ("Changing the sort invalidates cursors", 422 E01012).
 */

export type SortOrder = 'asc' | 'desc';

export interface CursorQuery {
  /** Rows per page, 1–100. */
  limit: number;
  /** The field the rows are sorted by (part of every cursor). */
  sort: string;
  order: SortOrder;
  /** A `next_cursor`: the page right after that row. */
  startingAfter?: string | undefined;
  /** A `prev_cursor` or `refresh_cursor`: the page right before that row. */
  endingBefore?: string | undefined;
  /** Count every row (`total`); otherwise `total` is null. */
  includeTotal: boolean;
}

export interface CursorPage<T> {
  data: T[];
  next_cursor: string | null;
  prev_cursor: string | null;
  refresh_cursor: string | null;
  total: number | null;
}

/** A row as pagination sees it: its id and the value it is sorted by. */
export interface Keyed {
  id: string;
  key: string;
}

const CursorSchema = z.strictObject({
  v: z.literal(1),
  sort: z.string(),
  order: z.enum(['asc', 'desc']),
  key: z.string(),
  id: z.string(),
});
type Cursor = z.infer<typeof CursorSchema>;

/** Longer than any cursor this API makes (a 2048-character URL is the longest key). */
const MAX_CURSOR_LENGTH = 4096;

/** (key, id) ascending; `desc` pages walk it backwards. */
function compare(a: Keyed, b: Keyed): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function encode(row: Keyed, query: CursorQuery): string {
  const cursor: Cursor = { v: 1, sort: query.sort, order: query.order, key: row.key, id: row.id };
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** @throws PlatformError InvalidCursor (422 E01012) for a cursor this list did not make, or made for another sort. */
function decode(text: string, param: string, query: CursorQuery): Keyed {
  const refuse = (why: string) =>
    new PlatformError('InvalidCursor', `The cursor in ${param} is not valid (${why}); restart pagination without a cursor.`, [
      { param, message: `must be a cursor from this list (${why})` },
    ]);
  if (text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) throw refuse('malformed');
  let parsed: z.ZodSafeParseResult<Cursor>;
  try {
    parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw refuse('malformed');
  }
  if (!parsed.success) throw refuse('malformed');
  if (parsed.data.sort !== query.sort || parsed.data.order !== query.order) {
    throw refuse(`made for sort=${parsed.data.sort}&order=${parsed.data.order}`);
  }
  return { key: parsed.data.key, id: parsed.data.id };
}

/**
 * One page of `rows` (in any order) with Bird's cursors:
 * - `next_cursor`: the last row, when rows follow it; `prev_cursor`: the first row, when rows
 *   precede it; `refresh_cursor`: the first row whenever the page has one (polling for newer rows
 *   with `ending_before`);
 * - `ending_before` answers the `limit` rows right before its row, in the same order as any page.
 * @throws PlatformError InvalidCursor for a malformed cursor.
 */
export function cursorPage<R extends Keyed, T>(rows: readonly R[], query: CursorQuery, view: (row: R) => T): CursorPage<T> {
  const sign = query.order === 'asc' ? 1 : -1;
  const ordered = [...rows].sort((a, b) => sign * compare(a, b));
  let start = 0;
  let end = ordered.length;
  if (query.startingAfter !== undefined) {
    const anchor = decode(query.startingAfter, 'starting_after', query);
    start = indexOf(ordered, (row) => sign * compare(row, anchor) > 0);
    end = Math.min(ordered.length, start + query.limit);
  } else if (query.endingBefore !== undefined) {
    const anchor = decode(query.endingBefore, 'ending_before', query);
    end = indexOf(ordered, (row) => sign * compare(row, anchor) >= 0);
    start = Math.max(0, end - query.limit);
  } else {
    end = Math.min(ordered.length, query.limit);
  }
  const page = ordered.slice(start, end);
  const first = page[0];
  const last = page[page.length - 1];
  return {
    data: page.map(view),
    next_cursor: last && end < ordered.length ? encode(last, query) : null,
    prev_cursor: first && start > 0 ? encode(first, query) : null,
    refresh_cursor: first ? encode(first, query) : null,
    total: query.includeTotal ? rows.length : null,
  };
}

/** The index of the first row that passes `test`, or the length when none does. */
function indexOf(ordered: readonly Keyed[], test: (row: Keyed) => boolean): number {
  const index = ordered.findIndex(test);
  return index === -1 ? ordered.length : index;
}
