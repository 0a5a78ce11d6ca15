/**
 * The Standard Webhooks signature Bird's platform API uses (SPEC-PLATFORM §3, and
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md):
 * `webhook-signature: v1,<base64(HMAC-SHA256(key, id + "." + timestamp + "." + body))>`, where the
 * key is the base64-decoded part of the `whsec_` secret. One `v1,` entry per live secret,
 * space-separated, so a receiver holding either secret of a rotation verifies.
 *
 * @note Like sign.ts, this file imports nothing but `node:crypto`: the emulator's signer and the
 * verifier users import cannot drift apart.
 */
import { createHmac, randomBytes } from 'node:crypto';

/** The delivery's id: the same on every retry of one delivery (receivers deduplicate on it). */
export const WEBHOOK_ID_HEADER = 'webhook-id';
/** Unix seconds of this attempt; a retry carries its own. */
export const WEBHOOK_TIMESTAMP_HEADER = 'webhook-timestamp';
/** `v1,<signature>` entries, space-separated. */
export const WEBHOOK_SIGNATURE_HEADER = 'webhook-signature';
/** The prefix of every secret Bird issues. */
export const SECRET_PREFIX = 'whsec_';

/**
 * The HMAC key behind a secret: the bytes of the base64 after `whsec_` (a secret without the prefix
 * is taken as the base64 itself, as the reference libraries do).
 * @throws {TypeError} when what remains is not base64.
 */
export function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (encoded === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 === 1) {
    throw new TypeError('a webhook secret is whsec_ followed by base64');
  }
  return Buffer.from(encoded, 'base64');
}

/** The signature of one message under one key, as the base64 text after `v1,`. */
export function standardSignature(key: Uint8Array, id: string, timestamp: string, body: string | Uint8Array): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`, 'utf8').update(body).digest('base64');
}

export interface StandardWebhookHeadersOptions {
  /** The delivery's `webhook-id`. */
  id: string;
  /** Unix seconds of this attempt. */
  timestamp: number;
  /** The exact body bytes sent. */
  body: string | Uint8Array;
  /** Every live secret, newest first: each adds one `v1,` entry. */
  secrets: readonly string[];
}

/**
 * The headers of one attempt: id, timestamp and one signature per secret.
 * @throws {TypeError} when a secret is not `whsec_` + base64.
 */
export function standardWebhookHeaders({ id, timestamp, body, secrets }: StandardWebhookHeadersOptions): Record<string, string> {
  const stamp = String(timestamp);
  return {
    [WEBHOOK_ID_HEADER]: id,
    [WEBHOOK_TIMESTAMP_HEADER]: stamp,
    [WEBHOOK_SIGNATURE_HEADER]: secrets.map((secret) => `v1,${standardSignature(secretKey(secret), id, stamp, body)}`).join(' '),
  };
}

/** A new secret: `whsec_` and the base64 of 24 random bytes (SPEC-PLATFORM §2). */
export function newSecret(bytes: Uint8Array = randomBytes(24)): string {
  return `${SECRET_PREFIX}${Buffer.from(bytes).toString('base64')}`;
}
