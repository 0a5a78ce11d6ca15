import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  REQUEST_ID_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  formatTimestamp,
  signWebhook,
  signatureHeaders,
} from '../../src/signing/sign.js';
import { verifyWebhookSignature, type WebhookHeaders } from '../../src/signing/verify.js';

// SPEC §1.6: the vectors are the contract.
const KEY = 'secureSigningKey';
const TIMESTAMP = 1700000000;
const URL = 'https://domain.com/webhook/bird';
const BODY = '{"service":"channels","event":"sms.inbound","payload":{"id":"00000000-0000-0000-0000-000000000001"}}';
const EMPTY_BODY_SIGNATURE = 'DE1SjJLeCK+ineZ5vdUupK/FTipcBoHojng/MMIIq5A=';
const BODY_SIGNATURE = 'vaDF8NUa2O4+myqb+RRz6ZJoUnKcfShHa6rxYd17XnA=';
const NOW = TIMESTAMP * 1000;

describe('signWebhook', () => {
  it('reproduces the SPEC vector for an empty body', () => {
    expect(signWebhook({ signingKey: KEY, timestamp: TIMESTAMP, url: URL, body: '' })).toBe(EMPTY_BODY_SIGNATURE);
  });

  it('reproduces the SPEC vector for a JSON body', () => {
    expect(signWebhook({ signingKey: KEY, timestamp: TIMESTAMP, url: URL, body: BODY })).toBe(BODY_SIGNATURE);
  });

  it('accepts the timestamp as a decimal string', () => {
    expect(signWebhook({ signingKey: KEY, timestamp: '1700000000', url: URL, body: BODY })).toBe(BODY_SIGNATURE);
  });

  it('gives the same signature for a string body and its UTF-8 bytes', () => {
    const text = '{"text":"héllo wörld 👋 — ✓"}';
    const fromString = signWebhook({ signingKey: KEY, timestamp: TIMESTAMP, url: URL, body: text });
    const bytes = new TextEncoder().encode(text);
    expect(signWebhook({ signingKey: KEY, timestamp: TIMESTAMP, url: URL, body: bytes })).toBe(fromString);
    expect(signWebhook({ signingKey: KEY, timestamp: TIMESTAMP, url: URL, body: Buffer.from(text) })).toBe(fromString);
  });

  it('hashes exactly the bytes of a Uint8Array view, not its whole buffer', () => {
    const backing = new TextEncoder().encode(`xx${BODY}yy`);
    const view = backing.subarray(2, backing.length - 2);
    expect(signWebhook({ signingKey: KEY, timestamp: TIMESTAMP, url: URL, body: view })).toBe(BODY_SIGNATURE);
  });

  it('uses a base64-looking key as UTF-8 text, never decoding it', () => {
    const base64Key = Buffer.from(KEY).toString('base64'); // "c2VjdXJlU2lnbmluZ0tleQ=="
    const signature = signWebhook({ signingKey: base64Key, timestamp: TIMESTAMP, url: URL, body: BODY });
    expect(signature).not.toBe(BODY_SIGNATURE);
    const message = Buffer.concat([Buffer.from(`${TIMESTAMP}\n${URL}\n`), createHash('sha256').update(BODY).digest()]);
    expect(signature).toBe(createHmac('sha256', Buffer.from(base64Key, 'utf8')).update(message).digest('base64'));
  });

  it('changes with every signed part', () => {
    const base = { signingKey: KEY, timestamp: TIMESTAMP, url: URL, body: BODY };
    const signatures = new Set([
      signWebhook(base),
      signWebhook({ ...base, signingKey: `${KEY}x` }),
      signWebhook({ ...base, timestamp: TIMESTAMP + 1 }),
      signWebhook({ ...base, url: `${URL}/` }),
      signWebhook({ ...base, body: `${BODY} ` }),
    ]);
    expect(signatures.size).toBe(5);
  });

  it('refuses an empty key and timestamps that are not Unix seconds', () => {
    expect(() => signWebhook({ signingKey: '', timestamp: TIMESTAMP, url: URL, body: BODY })).toThrow(TypeError);
    for (const timestamp of [1.5, -1, Number.NaN, Infinity, 2 ** 60, '', ' 1', '1e9', '-5', '0x10']) {
      expect(() => formatTimestamp(timestamp), String(timestamp)).toThrow(RangeError);
    }
    expect(formatTimestamp(0)).toBe('0');
  });
});

describe('signatureHeaders', () => {
  const requestId = '11111111-2222-4333-8444-555555555555';

  it('carries content type, request id, timestamp and signature', () => {
    expect(signatureHeaders({ signingKey: KEY, timestamp: TIMESTAMP, url: URL, body: BODY, requestId })).toEqual({
      'content-type': 'application/json',
      [REQUEST_ID_HEADER]: requestId,
      [TIMESTAMP_HEADER]: '1700000000',
      [SIGNATURE_HEADER]: BODY_SIGNATURE,
    });
  });

  it('names the headers as Bird does', () => {
    expect([SIGNATURE_HEADER, TIMESTAMP_HEADER, REQUEST_ID_HEADER]).toEqual([
      'messagebird-signature',
      'messagebird-request-timestamp',
      'messagebird-request-id',
    ]);
  });

  it('sends no signature header without a signing key', () => {
    for (const signingKey of [undefined, null, '']) {
      const headers = signatureHeaders({ signingKey, timestamp: TIMESTAMP, url: URL, body: BODY, requestId });
      expect(headers).toEqual({
        'content-type': 'application/json',
        [REQUEST_ID_HEADER]: requestId,
        [TIMESTAMP_HEADER]: '1700000000',
      });
    }
    const omitted = signatureHeaders({ timestamp: TIMESTAMP, url: URL, body: BODY, requestId });
    expect(omitted).not.toHaveProperty(SIGNATURE_HEADER);
  });

  it('produces headers that verify', () => {
    const headers = signatureHeaders({ signingKey: KEY, timestamp: TIMESTAMP, url: URL, body: BODY, requestId });
    expect(verifyWebhookSignature({ signingKey: KEY, url: URL, body: BODY, headers, now: NOW })).toBe(true);
  });
});

describe('verifyWebhookSignature', () => {
  const headers = { [SIGNATURE_HEADER]: BODY_SIGNATURE, [TIMESTAMP_HEADER]: '1700000000' };
  const verify = (overrides: Partial<Parameters<typeof verifyWebhookSignature>[0]> = {}): boolean =>
    verifyWebhookSignature({ signingKey: KEY, url: URL, body: BODY, headers, now: NOW, ...overrides });

  it('accepts the SPEC vectors', () => {
    expect(verify()).toBe(true);
    expect(verify({ body: '', headers: { [SIGNATURE_HEADER]: EMPTY_BODY_SIGNATURE, [TIMESTAMP_HEADER]: '1700000000' } })).toBe(true);
    expect(verify({ body: new TextEncoder().encode(BODY) })).toBe(true);
  });

  it('refuses a different key, URL, body or timestamp', () => {
    expect(verify({ signingKey: 'otherSigningKey' })).toBe(false);
    expect(verify({ url: 'http://domain.com/webhook/bird' })).toBe(false);
    expect(verify({ url: `${URL}/` })).toBe(false);
    expect(verify({ body: `${BODY}\n` })).toBe(false);
    expect(verify({ body: JSON.stringify(JSON.parse(BODY), null, 2) })).toBe(false);
    expect(verify({ headers: { ...headers, [TIMESTAMP_HEADER]: '1700000001' }, now: NOW + 1000 })).toBe(false);
  });

  it('refuses a base64-decoded key: the key is used as given', () => {
    const base64Key = Buffer.from(KEY).toString('base64');
    expect(verify({ signingKey: base64Key })).toBe(false);
  });

  it('looks headers up case-insensitively in a record', () => {
    expect(verify({ headers: { 'MessageBird-Signature': BODY_SIGNATURE, 'MESSAGEBIRD-REQUEST-TIMESTAMP': '1700000000' } })).toBe(true);
  });

  it('reads a Headers object', () => {
    const fetchHeaders = new Headers({ 'MessageBird-Signature': BODY_SIGNATURE, [TIMESTAMP_HEADER]: '1700000000' });
    expect(verify({ headers: fetchHeaders })).toBe(true);
    expect(verify({ headers: { get: (name: string) => (headers as Record<string, string>)[name] ?? null } })).toBe(true);
  });

  it('takes the first value of array-valued headers', () => {
    expect(verify({ headers: { [SIGNATURE_HEADER]: [BODY_SIGNATURE], [TIMESTAMP_HEADER]: ['1700000000'] } })).toBe(true);
    expect(verify({ headers: { [SIGNATURE_HEADER]: [], [TIMESTAMP_HEADER]: '1700000000' } })).toBe(false);
  });

  it('accepts Node-style IncomingHttpHeaders', () => {
    const incoming: IncomingHttpHeaders = { ...headers, 'set-cookie': ['a=b'], host: 'x' };
    expect(verify({ headers: incoming })).toBe(true);
  });

  it('refuses a signature of the wrong length without throwing', () => {
    for (const signature of [BODY_SIGNATURE.slice(0, -1), `${BODY_SIGNATURE}=`, 'x', `${BODY_SIGNATURE}${BODY_SIGNATURE}`]) {
      expect(verify({ headers: { ...headers, [SIGNATURE_HEADER]: signature } })).toBe(false);
    }
    // Same length, one character off.
    const flipped = `${BODY_SIGNATURE[0] === 'A' ? 'B' : 'A'}${BODY_SIGNATURE.slice(1)}`;
    expect(verify({ headers: { ...headers, [SIGNATURE_HEADER]: flipped } })).toBe(false);
  });

  it('compares the base64 text, not the bytes a lenient decoder would make of it', () => {
    // Both decode to the right HMAC with Buffer.from(…, 'base64'), which drops padding and junk.
    for (const signature of [BODY_SIGNATURE.slice(0, -1), `!${BODY_SIGNATURE}`]) {
      expect(Buffer.from(signature, 'base64').toString('base64')).toBe(BODY_SIGNATURE);
      expect(verify({ headers: { ...headers, [SIGNATURE_HEADER]: signature } })).toBe(false);
    }
  });

  it('applies a 300-second tolerance either way by default', () => {
    expect(verify({ now: NOW + 300_000 })).toBe(true);
    expect(verify({ now: NOW + 300_999 })).toBe(true);
    expect(verify({ now: NOW + 301_000 })).toBe(false);
    expect(verify({ now: NOW - 300_000 })).toBe(true);
    expect(verify({ now: NOW - 301_000 })).toBe(false);
  });

  it('uses a custom tolerance, or none', () => {
    expect(verify({ now: NOW + 10_000, toleranceSeconds: 5 })).toBe(false);
    expect(verify({ now: NOW + 5_000, toleranceSeconds: 5 })).toBe(true);
    expect(verify({ now: NOW, toleranceSeconds: 0 })).toBe(true);
    expect(verify({ now: NOW + 8 * 3600_000, toleranceSeconds: Infinity })).toBe(true);
    expect(verify({ now: NOW + 8 * 3600_000, toleranceSeconds: false })).toBe(true);
    expect(verify({ now: Number.NaN, toleranceSeconds: false })).toBe(true);
  });

  it('fails closed on a nonsensical tolerance or clock', () => {
    expect(verify({ toleranceSeconds: -1 })).toBe(false);
    expect(verify({ toleranceSeconds: Number.NaN })).toBe(false);
    expect(verify({ now: Number.NaN })).toBe(false);
  });

  it('uses the real clock by default', () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const fresh = {
      [SIGNATURE_HEADER]: signWebhook({ signingKey: KEY, timestamp, url: URL, body: BODY }),
      [TIMESTAMP_HEADER]: String(timestamp),
    };
    expect(verifyWebhookSignature({ signingKey: KEY, url: URL, body: BODY, headers: fresh })).toBe(true);
    expect(verifyWebhookSignature({ signingKey: KEY, url: URL, body: BODY, headers })).toBe(false);
  });

  it('refuses missing or malformed headers', () => {
    expect(verify({ headers: {} })).toBe(false);
    expect(verify({ headers: { [TIMESTAMP_HEADER]: '1700000000' } })).toBe(false);
    expect(verify({ headers: { [SIGNATURE_HEADER]: BODY_SIGNATURE } })).toBe(false);
    expect(verify({ headers: { ...headers, [SIGNATURE_HEADER]: '' } })).toBe(false);
    for (const timestamp of ['', 'abc', '1700000000.0', '1.7e9', '-1700000000', '99999999999999999999']) {
      expect(verify({ headers: { ...headers, [TIMESTAMP_HEADER]: timestamp }, toleranceSeconds: false })).toBe(false);
    }
  });

  it('never throws on malformed input', () => {
    const garbage: unknown[] = [undefined, null, 42, 'text', [], { get: 'not a function' }, { get: () => 42 }];
    for (const value of garbage) {
      expect(verify({ headers: value as WebhookHeaders })).toBe(false);
      expect(verify({ signingKey: value as string })).toBe(false);
      expect(verify({ url: value as string })).toBe(false);
      expect(verify({ body: value as string })).toBe(false);
    }
    const throwing = {
      get: (): string => {
        throw new Error('boom');
      },
    };
    expect(verify({ headers: throwing })).toBe(false);
    expect(verify({ signingKey: '' })).toBe(false);
  });
});
