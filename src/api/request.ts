import type { Context } from 'hono';
import { z } from 'zod';
import { EmulatorError } from '../errors.js';
import { parseOrThrow } from '../domain/validation.js';

/**
 * Reads the body as JSON. Bird's API takes JSON only: another content type or text that does not
 * parse is a 400 (not well formed); validation of the parsed value is the caller's (422).
 */
export async function readJsonBody(c: Context, { optional = false } = {}): Promise<unknown> {
  const contentType = c.req.header('content-type');
  const text = await c.req.text();
  if (text.trim() === '') {
    if (optional) return undefined;
    throw new EmulatorError('BadRequest', 'The request body is empty; send a JSON object.');
  }
  if (contentType !== undefined && !/^application\/(.+\+)?json\s*(;|$)/i.test(contentType)) {
    throw new EmulatorError('BadRequest', `Content-Type must be application/json (got "${contentType}").`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EmulatorError('BadRequest', `The request body is not valid JSON: ${(error as Error).message}`);
  }
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
