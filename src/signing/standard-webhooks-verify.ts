/**
 * Verifying a Standard Webhooks delivery (Bird's platform API, SPEC-PLATFORM §3) the way Bird's SDKs
 * and the `standardwebhooks` package do: any `v1,` entry of `webhook-signature` may match,
 * compared in constant time, with `webhook-timestamp` inside the tolerance.
 */
import type { WebhookBody } from './sign.js';
import {
  WEBHOOK_ID_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  secretKey,
  standardSignature,
} from './standard-webhooks.js';
import { constantTimeEqual, isWebhookBody, isWithinTolerance, parseTimestamp, readHeader, type WebhookHeaders } from './verify.js';

export interface VerifyStandardWebhookOptions {
  /**
   * The endpoint's signing secret, `whsec_` + base64, as Bird returned it (the base64 alone is
   * accepted too, as the reference libraries accept it).
   */
  secret?: string | undefined;
  /**
   * Every secret to accept, e.g. the old and the new one while a rotation overlaps; used together
   * with `secret`. A secret that is not base64 never verifies anything.
   */
  secrets?: readonly string[] | undefined;
  /**
   * The `webhook-id` the delivery was signed with, when you hold it apart from the headers.
   * @default the request's `webhook-id` header
   */
  id?: string | undefined;
  /** The raw request body bytes as received, before any JSON parsing. */
  body: WebhookBody;
  /** The request headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`). */
  headers: WebhookHeaders;
  /**
   * How far `webhook-timestamp` may be from `now`, in seconds; `Infinity` or `false` disables the
   * check. Every attempt carries its own timestamp, so unlike the Notifications API a late retry
   * is not refused for its age.
   * @default 300 (as every Bird SDK)
   */
  toleranceSeconds?: number | false | undefined;
  /**
   * The current time in milliseconds since the Unix epoch. Under the emulator's virtual clock the
   * timestamps follow emulator time: pass `emulator.clock.now()`.
   * @default Date.now()
   */
  now?: number | undefined;
}

/** The three headers' values: `id` is the option when given, else the `webhook-id` header. */
export interface StandardWebhookParts {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

/**
 * Checks a delivery's `webhook-signature` against the secret(s), the `webhook-id`, the timestamp
 * and the raw body, in constant time, and the timestamp against the tolerance. Never throws:
 * anything missing or malformed (a secret that is not base64 included) is simply `false`.
 */
export function verifyStandardWebhook(options: VerifyStandardWebhookOptions): boolean {
  try {
    const { body } = options;
    if (!isWebhookBody(body)) return false;
    const parts = readStandardWebhookParts(options);
    const timestamp = parseTimestamp(parts.timestamp);
    const { id, signature } = parts;
    if (id === undefined || timestamp === undefined || signature === undefined) return false;
    if (!isWithinTolerance(timestamp.seconds, options)) return false;
    const received = v1Signatures(signature);
    return secretsOf(options).some((secret) => {
      const key = decodeSecret(secret);
      return key !== undefined && matchesAny(received, standardSignature(key, id, timestamp.text, body));
    });
  } catch {
    return false;
  }
}

/** The id, timestamp and signature a verification uses. */
export function readStandardWebhookParts(options: Pick<VerifyStandardWebhookOptions, 'id' | 'headers'>): StandardWebhookParts {
  return {
    id: typeof options.id === 'string' && options.id !== '' ? options.id : readHeader(options.headers, WEBHOOK_ID_HEADER),
    timestamp: readHeader(options.headers, WEBHOOK_TIMESTAMP_HEADER),
    signature: readHeader(options.headers, WEBHOOK_SIGNATURE_HEADER),
  };
}

/**
 * The signatures of the header's `v1,` entries. Entries are space-separated, and any other version
 * (`v1a`, `v2`) is skipped, as the spec says; like the reference library, a trailing comma is
 * tolerated, so two header lines joined by `, ` still read.
 */
export function v1Signatures(header: string): string[] {
  const signatures: string[] = [];
  for (const entry of header.split(' ')) {
    const [version, signature] = entry.split(',');
    if (version === 'v1' && signature !== undefined && signature !== '') signatures.push(signature);
  }
  return signatures;
}

/** `secret` and `secrets`, in that order. */
export function secretsOf(options: Pick<VerifyStandardWebhookOptions, 'secret' | 'secrets'>): string[] {
  const all = [...(options.secret === undefined ? [] : [options.secret]), ...(options.secrets ?? [])];
  return all.filter((secret) => typeof secret === 'string');
}

/**
 * The HMAC key behind a secret, or undefined when it is not (`whsec_` +) base64. Surrounding
 * whitespace (a trailing newline from a file) is ignored, as Bird's SDK ignores it.
 */
export function decodeSecret(secret: string): Buffer | undefined {
  try {
    const key = secretKey(secret.trim());
    return key.length > 0 ? key : undefined;
  } catch {
    return undefined;
  }
}

/** Whether any received signature is the expected one, each compared in constant time. */
export function matchesAny(received: readonly string[], expected: string): boolean {
  let matched = false;
  // No early exit: the time taken does not say which entry matched.
  for (const signature of received) matched = constantTimeEqual(signature, expected) || matched;
  return matched;
}
