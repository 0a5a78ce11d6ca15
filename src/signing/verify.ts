import { timingSafeEqual } from 'node:crypto';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, computeSignature, hashBody, isDecimalSeconds, type WebhookBody } from './sign.js';

/** How far (in seconds, either way) a timestamp may be from now before it is refused. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A plain header record, such as Node's `IncomingHttpHeaders` or Hono's `c.req.header()`. */
export type HeaderRecord = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Anything with a Fetch-style `get()`, such as `Headers`. */
export interface HeadersLike {
  get(name: string): string | null | undefined;
}

/** Request headers, looked up case-insensitively. */
export type WebhookHeaders = HeaderRecord | HeadersLike;

export interface VerifyWebhookSignatureOptions {
  /** The subscription's signing key, exactly as configured in Bird (used as UTF-8, never decoded). */
  signingKey: string;
  /** The subscription's URL string exactly as registered, not the path your framework routed. */
  url: string;
  /** The raw request body bytes as received, before any JSON parsing. */
  body: WebhookBody;
  /** The request headers. */
  headers: WebhookHeaders;
  /**
   * How far the timestamp may be from `now`, in seconds; `Infinity` or `false` disables the check.
   * Bird keeps a request's original timestamp on every retry, so a late retry falls outside it.
   * @default 300
   */
  toleranceSeconds?: number | false | undefined;
  /**
   * The current time in milliseconds since the Unix epoch.
   * @default Date.now()
   */
  now?: number | undefined;
}

/**
 * Checks a delivery's `messagebird-signature` against the key, URL and raw body, in constant time,
 * and its timestamp against the tolerance. Never throws: anything malformed is simply `false`.
 */
export function verifyWebhookSignature(options: VerifyWebhookSignatureOptions): boolean {
  try {
    const { signingKey, url, body, headers } = options;
    if (typeof signingKey !== 'string' || signingKey === '') return false;
    if (typeof url !== 'string' || !isWebhookBody(body)) return false;
    const signature = readHeader(headers, SIGNATURE_HEADER);
    const timestamp = parseTimestamp(readHeader(headers, TIMESTAMP_HEADER));
    if (signature === undefined || timestamp === undefined) return false;
    if (!isWithinTolerance(timestamp.seconds, options)) return false;
    const expected = computeSignature(Buffer.from(signingKey, 'utf8'), timestamp.text, url, hashBody(body));
    return constantTimeEqual(signature, expected.toString('base64'));
  } catch {
    return false;
  }
}

/**
 * One header's value: case-insensitive, the first value of an array, trimmed; `undefined` when
 * absent or empty.
 */
export function readHeader(headers: WebhookHeaders, name: string): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  const lower = name.toLowerCase();
  let value: unknown;
  if (isHeadersLike(headers)) {
    value = headers.get(lower);
  } else {
    value = Object.hasOwn(headers, lower) ? headers[lower] : undefined;
    if (value === undefined) {
      for (const [key, candidate] of Object.entries(headers)) {
        if (key.toLowerCase() === lower) {
          value = candidate;
          break;
        }
      }
    }
  }
  if (Array.isArray(value)) value = value[0];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A timestamp header's text (as signed) and value, or `undefined` unless it is decimal Unix seconds. */
export function parseTimestamp(text: string | undefined): { text: string; seconds: number } | undefined {
  if (text === undefined || !isDecimalSeconds(text)) return undefined;
  return { text, seconds: Number(text) };
}

/**
 * The tolerance in seconds: the default when unset, `Infinity` when disabled, `NaN` when invalid
 * (negative or not a number), which every comparison refuses.
 */
export function resolveTolerance(toleranceSeconds: number | false | undefined): number {
  if (toleranceSeconds === undefined) return DEFAULT_TOLERANCE_SECONDS;
  if (toleranceSeconds === false) return Infinity;
  return typeof toleranceSeconds === 'number' && toleranceSeconds >= 0 ? toleranceSeconds : Number.NaN;
}

/**
 * Whether a timestamp is within `toleranceSeconds` of `now` (both as in the verifiers' options);
 * a bad `now` or tolerance refuses rather than accepts.
 */
export function isWithinTolerance(
  seconds: number,
  options: { toleranceSeconds?: number | false | undefined; now?: number | undefined },
): boolean {
  const tolerance = resolveTolerance(options.toleranceSeconds);
  if (tolerance === Infinity) return true;
  // Written so that NaN (a bad `now` or tolerance) refuses rather than accepts.
  return Math.abs(timestampAgeSeconds(seconds, options.now ?? Date.now())) <= tolerance;
}

/** Whole seconds from the timestamp to `nowMs`: positive in the past, negative in the future. */
export function timestampAgeSeconds(seconds: number, nowMs: number): number {
  return Math.floor(nowMs / 1000) - seconds;
}

/** Compares two strings' UTF-8 bytes in constant time; different lengths are simply unequal. */
export function constantTimeEqual(received: string, expected: string): boolean {
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function isHeadersLike(headers: WebhookHeaders): headers is HeadersLike {
  return typeof (headers as { get?: unknown }).get === 'function';
}

/** A string or bytes, the two body forms the verifiers take. */
export function isWebhookBody(body: unknown): body is WebhookBody {
  return typeof body === 'string' || body instanceof Uint8Array;
}
