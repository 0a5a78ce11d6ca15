import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { diagnoseWebhookSignature } from '../../src/signing/diagnose.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook } from '../../src/signing/sign.js';
import { verifyWebhookSignature } from '../../src/signing/verify.js';

/** SPEC §1.6 written out again from scratch, so the module is checked against the text, not itself. */
function referenceSignature(key: string, timestamp: string, url: string, body: Buffer): string {
  const bodyDigest = createHash('sha256').update(body).digest();
  const message = Buffer.concat([Buffer.from(`${timestamp}\n${url}\n`, 'utf8'), bodyDigest]);
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(message).digest('base64');
}

/** mulberry32: a seeded generator, so a failure reproduces. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 0x5eed_b1d;
const ALPHABETS = [
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  'abcXYZ019+/=_- \t\n"\\{}[]:,',
  'éüñ中文日本語🙂👋🏽—“”\u0000\u007f\u2028',
];

describe('signing against an independent reference', () => {
  const random = createRandom(SEED);
  const int = (max: number): number => Math.floor(random() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const text = (maxLength: number): string => {
    const alphabet = [...pick(ALPHABETS)];
    return Array.from({ length: int(maxLength + 1) }, () => pick(alphabet)).join('');
  };
  const bytes = (maxLength: number): Buffer => Buffer.from(Array.from({ length: int(maxLength + 1) }, () => int(256)));

  const cases = Array.from({ length: 400 }, () => {
    const signingKey = text(40) || 'k';
    const timestamp = int(2_000_000_000);
    const origin = `${pick(['https', 'http'])}://${pick(['domain.com', 'localhost:3000', 'Example.ORG', '[::1]:8443'])}`;
    const url = `${origin}/${text(20)}${random() < 0.3 ? `?${text(10)}` : ''}`;
    const body: string | Buffer = random() < 0.5 ? text(300) : bytes(300);
    return { signingKey, timestamp, url, body };
  });

  it(`matches the reference over ${cases.length} random keys, URLs and bodies (seed ${SEED})`, () => {
    for (const { signingKey, timestamp, url, body } of cases) {
      const bodyBytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      const expected = referenceSignature(signingKey, String(timestamp), url, bodyBytes);
      expect(signWebhook({ signingKey, timestamp, url, body })).toBe(expected);
      expect(signWebhook({ signingKey, timestamp: String(timestamp), url, body: new Uint8Array(bodyBytes) })).toBe(expected);
    }
  });

  it('verifies what the reference signs and refuses a one-byte change, agreeing with the diagnosis', () => {
    for (const { signingKey, timestamp, url, body } of cases.slice(0, 100)) {
      const bodyBytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
      const headers = {
        [SIGNATURE_HEADER]: referenceSignature(signingKey, String(timestamp), url, bodyBytes),
        [TIMESTAMP_HEADER]: String(timestamp),
      };
      const options = { signingKey, url, body: bodyBytes, headers, now: timestamp * 1000 };
      expect(verifyWebhookSignature(options)).toBe(true);
      expect(diagnoseWebhookSignature(options).reason).toBe('valid');

      const tampered = Buffer.concat([bodyBytes, Buffer.from([int(256)])]);
      expect(verifyWebhookSignature({ ...options, body: tampered })).toBe(false);
      expect(diagnoseWebhookSignature({ ...options, body: tampered }).valid).toBe(false);
    }
  });

  it('still reproduces the SPEC vectors through the reference', () => {
    const url = 'https://domain.com/webhook/bird';
    const body = '{"service":"channels","event":"sms.inbound","payload":{"id":"00000000-0000-0000-0000-000000000001"}}';
    expect(referenceSignature('secureSigningKey', '1700000000', url, Buffer.alloc(0))).toBe('DE1SjJLeCK+ineZ5vdUupK/FTipcBoHojng/MMIIq5A=');
    expect(referenceSignature('secureSigningKey', '1700000000', url, Buffer.from(body))).toBe(
      'vaDF8NUa2O4+myqb+RRz6ZJoUnKcfShHa6rxYd17XnA=',
    );
  });
});
