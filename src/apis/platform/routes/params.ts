import type { Context } from 'hono';
import * as z from 'zod';
import { parseOrThrow } from '../../../domain/validation.js';
import { readJsonBody } from '../../../http/request.js';
import { invalidParam } from '../errors.js';
import { typedIdPattern } from '../ids.js';

/**
 * Reading a request of the platform API: path ids, query parameters and JSON bodies, each refused
 * with a 422 `validation_error` naming the parameter (`webhook_id`, `limit`, `events[0]`).
 */

const WEBHOOK_ID = typedIdPattern('whk');

/** `{webhook_id}`: `whk_` + 26 lowercase Crockford characters, as Bird's schema says. */
export function webhookIdParam(c: Context): string {
  const id = c.req.param('webhook_id') ?? '';
  if (!WEBHOOK_ID.test(id)) throw invalidParam('webhook_id', 'must be whk_ followed by 26 lowercase Crockford base32 characters');
  return id;
}

/**
 * The JSON body parsed with `schema` (strict schemas refuse unknown fields, as Bird's
 * `additionalProperties: false` does). With `optional`, no body at all reads as `{}`.
 */
export async function readBody<S extends z.ZodType>(c: Context, schema: S, { optional = false } = {}): Promise<z.infer<S>> {
  const body = await readJsonBody(c, { optional });
  return parseOrThrow(schema, body === undefined ? {} : body, '.body');
}

/** `?limit=`: a whole number from 1; above `max` it is refused, or cut to `max` with `clamp`. */
export function limitQuery(c: Context, { fallback, max, clamp = false }: { fallback: number; max: number; clamp?: boolean }): number {
  const text = c.req.query('limit');
  if (text === undefined || text === '') return fallback;
  const value = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1) || (!clamp && value > max)) throw invalidParam('limit', `must be a whole number from 1 to ${max}`);
  return Math.min(value, max);
}

/** A query parameter that takes one of `values`. */
export function enumQuery<const T extends string>(c: Context, name: string, values: readonly T[], fallback: T): T {
  const text = c.req.query(name);
  if (text === undefined || text === '') return fallback;
  if (!(values as readonly string[]).includes(text)) throw invalidParam(name, `must be one of ${values.join(', ')}`);
  return text as T;
}

/** `true` or `false`. */
export function booleanQuery(c: Context, name: string): boolean {
  return enumQuery(c, name, ['true', 'false'], 'false') === 'true';
}

/** An opaque cursor; empty is the same as none. */
export function cursorQuery(c: Context, name: string): string | undefined {
  return c.req.query(name) || undefined;
}

/** RFC 3339 with `Z` or an offset, as Bird writes every timestamp. */
export const TimestampSchema = z.iso.datetime({ offset: true, message: 'must be an RFC 3339 timestamp, e.g. 2026-06-01T17:00:12Z' });

/** A timestamp query parameter, in ms since the epoch. */
export function timestampQuery(c: Context, name: string): number | undefined {
  const text = c.req.query(name);
  if (text === undefined || text === '') return undefined;
  if (!TimestampSchema.safeParse(text).success) throw invalidParam(name, 'must be an RFC 3339 timestamp, e.g. 2026-06-01T17:00:12Z');
  return Date.parse(text);
}
