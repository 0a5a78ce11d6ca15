import { invalidField } from '../../errors.js';

/**
 * Opaque page tokens: base64url of a small JSON cursor. The cursor names the last item of the
 * previous page (keyset pagination), so creating or deleting subscriptions between two page
 * requests neither repeats nor skips the others.
 */
interface Cursor {
  v: 1;
  /** id of the last item returned. */
  after: string;
  /** createdAt of that item, so the position survives its deletion. */
  at: string;
}

function encodePageToken(after: { id: string; createdAt: string }): string {
  const cursor: Cursor = { v: 1, after: after.id, at: after.createdAt };
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** Decodes a token from `?pageToken=`; a token this emulator did not issue is a 422. */
function decodePageToken(token: string, path = '.query.pageToken'): Cursor {
  const refuse = () => invalidField(path, 'is not a page token issued by this API');
  if (token.length > 8000) throw invalidField(path, 'must be at most 8000 characters');
  let cursor: unknown;
  try {
    cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (
    typeof cursor !== 'object' ||
    cursor === null ||
    (cursor as Cursor).v !== 1 ||
    typeof (cursor as Cursor).after !== 'string' ||
    typeof (cursor as Cursor).at !== 'string'
  ) {
    throw refuse();
  }
  return cursor as Cursor;
}

export type Order = 'oldest-first' | 'newest-first';

/** Items after the cursor in (createdAt, id) order, or its reverse. */
function itemsAfter<T extends { id: string; createdAt: string }>(
  items: readonly T[],
  cursor: Cursor | undefined,
  order: Order = 'oldest-first',
): T[] {
  if (!cursor) return [...items];
  const anchor = { id: cursor.after, createdAt: cursor.at };
  const sign = order === 'oldest-first' ? 1 : -1;
  return items.filter((item) => sign * byCreation(item, anchor) > 0);
}

/** Sorts by (createdAt, id): the order every paginated list uses. */
export function byCreation<T extends { id: string; createdAt: string }>(a: T, b: T): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** One page of `items` (already sorted in `order`) after `pageToken`. */
export function paginate<T extends { id: string; createdAt: string }>(
  items: readonly T[],
  { limit, pageToken, order = 'oldest-first' }: { limit: number; pageToken?: string | undefined; order?: Order },
): { results: T[]; nextPageToken?: string } {
  const remaining = itemsAfter(items, pageToken ? decodePageToken(pageToken) : undefined, order);
  const results = remaining.slice(0, limit);
  const last = results[results.length - 1];
  return remaining.length > limit && last ? { results, nextPageToken: encodePageToken(last) } : { results };
}
