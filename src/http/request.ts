import type { Context } from 'hono';
import * as z from 'zod';
import { EmulatorError } from '../errors.js';
import { parseOrThrow } from '../domain/validation.js';

/**
 * Reads the body as JSON. Bird's API takes JSON only: another content type or text that does not
 * parse is a 400 (not well formed); validation of the parsed value is the caller's (422).
 */
export async function readJsonBody(c: Context, options: { optional?: boolean } = {}): Promise<unknown> {
  return parseJsonBody(await c.req.text(), c.req.header('content-type'), options);
}

/** `readJsonBody` of a body already read as text (the server's direct routes read it themselves). */
export function parseJsonBody(text: string, contentType: string | undefined, { optional = false } = {}): unknown {
  if (text.trim() === '') {
    if (optional) return undefined;
    throw new EmulatorError('BadRequest', 'The request body is empty; send a JSON object.');
  }
  if (contentType !== undefined && !/^application\/(.+\+)?json\s*(;|$)/i.test(contentType)) {
    throw new EmulatorError('BadRequest', `Content-Type must be application/json (got "${contentType}").`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new EmulatorError('BadRequest', `The request body is not valid JSON: ${(error as Error).message}`);
  }
  // A text of at most two characters per level cannot nest deeper: most bodies skip the walk.
  if (text.length > 2 * MAX_JSON_DEPTH && nestsDeeperThan(value, MAX_JSON_DEPTH)) {
    throw new EmulatorError('BadRequest', `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`, {
      '.body': [`must not nest objects and arrays more than ${MAX_JSON_DEPTH} levels deep`],
    });
  }
  return value;
}

/**
 * How deep a request body may nest. JSON.parse takes any depth, but JSON.stringify recurses and
 * overflows the stack at a few thousand levels, so a deeper payload would be accepted and then
 * fail to be signed, recorded or answered (a 500). Bird's payloads nest a handful of levels.
 */
export const MAX_JSON_DEPTH = 64;

/** Walks `value` without recursion (the point is to survive any depth). */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

const UuidSchema = z.uuid('must be a UUID');

/**
 * Path ids are UUIDs at Bird; anything else is a 422 naming the parameter.
 * @note UUIDs are compared in lower case (the canonical form, and how ids are generated), so an id
 * copied in upper case still finds its workspace and subscription instead of a silent 404.
 */
export function uuidParam(c: Context, name: string): string {
  return parseOrThrow(UuidSchema, c.req.param(name), `.path.${name}`).toLowerCase();
}

/** `?limit=` in 1..100, default 10, as Bird documents. */
export function limitQuery(c: Context, max = 100): number {
  const text = c.req.query('limit');
  if (text === undefined || text === '') return 10;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) {
    throw new EmulatorError('InvalidPayload', 'The query failed validation; see details.', {
      '.query.limit': [`must be a whole number from 1 to ${max}`],
    });
  }
  return Number(text);
}
