import { createHmac } from 'node:crypto';
import { BirdClient } from '@messagebird/sdk';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { diagnoseStandardWebhook, type StandardWebhookDiagnosisCode } from '../../src/signing/standard-webhooks-diagnose.js';
import { newSecret, standardWebhookHeaders } from '../../src/signing/standard-webhooks.js';
import { verifyStandardWebhook, type VerifyStandardWebhookOptions } from '../../src/signing/standard-webhooks-verify.js';
import type { WebhookHeaders } from '../../src/signing/verify.js';

// The contract: Bird's SDK (`webhooks.unwrap`, which is the `standardwebhooks` package) accepts a
// delivery exactly when verifyStandardWebhook does, and when it refuses, the diagnosis names why.

const NOW_SECONDS = 1_796_020_650;
const NOW = NOW_SECONDS * 1000;
// Bird's TypeScript SDK test fixture secret, and a second one for rotations (research §2.3).
const SECRET = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
const OLD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_01krdgeqcxet5s7t44vh8rt9mg';
const BODY =
  '{"type":"email.delivered","timestamp":"2026-06-01T17:00:12Z","data":{"email_id":"em_01krdgeqcxet5s7t44vh8rt9mg","recipient":"delivered@messagebird.dev","tags":null}}';

/** What the emulator (and Bird) sends: one `v1,` entry per live secret. */
function sent({ secrets = [SECRET], timestamp = NOW_SECONDS, body = BODY, id = ID } = {}): Record<string, string> {
  return standardWebhookHeaders({ id, timestamp, body, secrets });
}

/** Bird's SDK verdict: true, or the error message it throws. */
function sdkVerdict(secret: string, body: string, headers: Headers | Record<string, string>): true | string {
  try {
    new BirdClient({ webhooks: { secret } }).webhooks.unwrap(body, headers);
    return true;
  } catch (error) {
    return (error as Error).message;
  }
}

function asRecord(headers: Headers | Record<string, string>): WebhookHeaders {
  return headers instanceof Headers ? headers : headers;
}

interface Case {
  name: string;
  /** The secret the SDK is given (and the verifier, unless `verifyWith` says otherwise). */
  secret?: string;
  body?: string;
  /** The body the receiver verifies, when it differs from the one signed. */
  received?: string;
  headers: Headers | Record<string, string>;
  /** The options the verifier gets beyond secret, body and headers. */
  more?: Partial<Parameters<typeof diagnoseStandardWebhook>[0]>;
  reason: StandardWebhookDiagnosisCode;
  /** What the message must say, for a refusal. */
  says?: RegExp;
}

const rawKeySignature = (key: string, timestamp = NOW_SECONDS, body = BODY) =>
  `v1,${createHmac('sha256', key).update(`${ID}.${timestamp}.${body}`).digest('base64')}`;

const cases: Case[] = [
  { name: 'a delivery as the emulator sends it', headers: sent(), reason: 'valid' },
  { name: 'headers in a Fetch Headers object', headers: new Headers(sent()), reason: 'valid' },
  {
    name: 'header names in mixed case',
    headers: Object.fromEntries(Object.entries(sent()).map(([k, v]) => [k.toUpperCase(), v])),
    reason: 'valid',
  },
  {
    name: "a rotation's two signatures, verified with the old secret",
    secret: OLD_SECRET,
    headers: sent({ secrets: [SECRET, OLD_SECRET] }),
    reason: 'valid',
  },
  { name: "a rotation's two signatures, verified with the new secret", headers: sent({ secrets: [SECRET, OLD_SECRET] }), reason: 'valid' },
  {
    name: 'two signature header lines joined by ", " (as Headers joins them)',
    secret: OLD_SECRET,
    headers: (() => {
      const headers = new Headers(sent());
      headers.append('webhook-signature', sent({ secrets: [OLD_SECRET] })['webhook-signature'] as string);
      return headers;
    })(),
    reason: 'valid',
  },
  {
    name: 'v2 and v1a entries are skipped',
    headers: { ...sent(), 'webhook-signature': `v2,junk v1a,abc ${sent()['webhook-signature']}` },
    reason: 'valid',
  },
  { name: 'a secret without its whsec_ prefix', secret: SECRET.slice('whsec_'.length), headers: sent(), reason: 'valid' },
  { name: 'an empty body, signed', body: '', received: '', headers: sent({ body: '' }), reason: 'valid' },
  {
    name: 'an unknown event type (no schema check)',
    body: '{"type":"realtime.something_new","data":{}}',
    headers: sent({ body: '{"type":"realtime.something_new","data":{}}' }),
    reason: 'valid',
  },
  { name: 'a timestamp 299 s old', headers: sent({ timestamp: NOW_SECONDS - 299 }), reason: 'valid' },
  { name: 'a timestamp 299 s ahead', headers: sent({ timestamp: NOW_SECONDS + 299 }), reason: 'valid' },
  { name: 'a timestamp 300 s old', headers: sent({ timestamp: NOW_SECONDS - 300 }), reason: 'valid' },
  { name: 'a timestamp 301 s old', headers: sent({ timestamp: NOW_SECONDS - 301 }), reason: 'stale_timestamp', says: /301 seconds old/ },
  {
    name: 'a timestamp 301 s ahead',
    headers: sent({ timestamp: NOW_SECONDS + 301 }),
    reason: 'stale_timestamp',
    says: /301 seconds in the future/,
  },
  {
    name: 'a timestamp in milliseconds',
    headers: sent({ timestamp: NOW }),
    reason: 'stale_timestamp',
    says: /looks like milliseconds/,
  },
  {
    name: 'the wrong secret, the right one among the candidates',
    secret: OLD_SECRET,
    headers: sent(),
    more: { candidates: { secrets: [{ secret: SECRET, label: 'the new secret' }] } },
    reason: 'wrong_secret',
    says: /matches the new secret/,
  },
  {
    name: 'the previous secret after the overlap ended',
    secret: OLD_SECRET,
    headers: sent(),
    more: { candidates: { secrets: [SECRET] } },
    reason: 'wrong_secret',
    says: /candidate secret #1 \("whsec_C2FV…oD"\)/,
  },
  {
    name: 'a body re-serialised with other whitespace',
    received: JSON.stringify(JSON.parse(BODY), null, 2),
    headers: sent(),
    reason: 'body_reserialised',
    says: /re-serialised as compact JSON/,
  },
  {
    name: 'a body that changed in content',
    received: BODY.replace('delivered@', 'bounced@'),
    headers: sent(),
    reason: 'mismatch',
  },
  { name: 'no webhook-id', headers: { ...sent(), 'webhook-id': '' }, reason: 'missing_headers', says: /lacks the webhook-id header/ },
  {
    name: 'no webhook-timestamp',
    headers: (({ 'webhook-timestamp': _, ...rest }) => rest)(sent()),
    reason: 'missing_headers',
    says: /lacks the webhook-timestamp header/,
  },
  {
    name: 'no headers at all',
    headers: {},
    reason: 'missing_headers',
    says: /webhook-id, webhook-timestamp and webhook-signature headers/,
  },
  { name: 'a timestamp that is not a number', headers: { ...sent(), 'webhook-timestamp': 'hello' }, reason: 'malformed_timestamp' },
  {
    name: 'a signature without its v1, prefix',
    headers: { ...sent(), 'webhook-signature': (sent()['webhook-signature'] as string).slice(3) },
    reason: 'malformed_signature',
    says: /no "v1," entry/,
  },
  { name: 'an empty v1 entry', headers: { ...sent(), 'webhook-signature': 'v1,' }, reason: 'malformed_signature' },
  {
    name: 'a truncated signature',
    headers: { ...sent(), 'webhook-signature': 'v1,dawfeoifkpqwoekfpqoekf' },
    reason: 'malformed_signature',
    says: /32-byte/,
  },
  {
    name: 'a secret that is not base64',
    secret: 'whsec_not base64!',
    headers: sent(),
    reason: 'malformed_secret',
    says: /not whsec_ followed by base64/,
  },
  { name: 'a secret with a trailing newline (ignored, as the SDK ignores it)', secret: `${SECRET}\n`, headers: sent(), reason: 'valid' },
  { name: 'a secret wrapped in quotes', secret: `"${SECRET}"`, headers: sent(), reason: 'malformed_secret', says: /wrapped in quotes/ },
  {
    name: "a signer that keyed the HMAC with the secret's text",
    headers: { ...sent(), 'webhook-signature': rawKeySignature(SECRET) },
    reason: 'secret_not_decoded',
    says: /whole text of your secret/,
  },
  {
    name: "a signer that keyed the HMAC with the base64's text",
    headers: { ...sent(), 'webhook-signature': rawKeySignature(SECRET.slice('whsec_'.length)) },
    reason: 'secret_not_decoded',
    says: /base64 text of your secret/,
  },
  {
    name: 'a webhook-id that lost its msg_ prefix on the way',
    headers: { ...sent(), 'webhook-id': ID.slice('msg_'.length) },
    reason: 'wrong_id',
    says: /with a msg_ prefix/,
  },
  {
    name: 'a webhook-id rewritten on the way, the original among the candidates',
    headers: { ...sent(), 'webhook-id': 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W' },
    more: { candidates: { ids: [ID] } },
    reason: 'wrong_id',
    says: /candidate id #1/,
  },
];

describe('verifyStandardWebhook and diagnoseStandardWebhook against Bird SDK 0.63.0', () => {
  beforeAll(() => {
    // unwrap reads Date.now(); the verifier gets `now` explicitly.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it.each(cases)('$name: $reason', ({ secret = SECRET, body = BODY, received = body, headers, more, reason, says }) => {
    const sdk = sdkVerdict(secret, received, headers);
    const options = { secret, body: received, headers: asRecord(headers), now: NOW, ...more };
    const verified = verifyStandardWebhook(options);
    const diagnosis = diagnoseStandardWebhook(options);

    expect(verified, `the SDK said ${String(sdk)}`).toBe(sdk === true);
    expect(diagnosis.valid).toBe(verified);
    expect(diagnosis.reason, diagnosis.message).toBe(reason);
    if (says) expect(diagnosis.message).toMatch(says);
    // One plain sentence, and never a whole secret.
    expect(diagnosis.message).toMatch(/^[A-Z][^\n]*\.$/);
    const text = [diagnosis.message, ...diagnosis.hints].join('\n');
    for (const s of [SECRET, OLD_SECRET]) expect(text).not.toContain(s.slice('whsec_'.length));
  });

  it('the SDK refuses what it should, for the reasons the diagnosis gives', () => {
    // Spot checks that the table above really exercises refusals of different kinds.
    expect(sdkVerdict(SECRET, BODY, { ...sent(), 'webhook-id': '' })).toBe('Missing required headers');
    expect(sdkVerdict(SECRET, BODY, sent({ timestamp: NOW_SECONDS - 301 }))).toBe('Message timestamp too old');
    expect(sdkVerdict(OLD_SECRET, BODY, sent())).toBe('No matching signature found');
    expect(sdkVerdict('whsec_not base64!', BODY, sent())).toMatch(/Base64Coder/);
  });
});

describe('the Standard Webhooks test vectors', () => {
  // standard-webhooks/libraries/javascript/src/webhook.test.ts ("sign function works").
  const vector = {
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    timestamp: 1614265330,
    body: '{"test": 2432232314}',
    signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  };
  const headers = { 'webhook-id': vector.id, 'webhook-timestamp': String(vector.timestamp), 'webhook-signature': vector.signature };
  const at = vector.timestamp * 1000;

  it('signs the vector as the spec does', () => {
    expect(standardWebhookHeaders({ id: vector.id, timestamp: vector.timestamp, body: vector.body, secrets: [vector.secret] })).toEqual(
      headers,
    );
  });

  it('verifies the vector, with or without the whsec_ prefix, and explains its variants', () => {
    for (const secret of [vector.secret, vector.secret.slice('whsec_'.length)]) {
      expect(verifyStandardWebhook({ secret, body: vector.body, headers, now: at })).toBe(true);
    }
    expect(diagnoseStandardWebhook({ secret: vector.secret, body: vector.body, headers, now: at + 301_000 }).reason).toBe(
      'stale_timestamp',
    );
    // The reference's own "multi sig payload is valid" layout.
    const multi = {
      ...headers,
      'webhook-signature': [
        'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
        'v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
        vector.signature,
        'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
      ].join(' '),
    };
    expect(verifyStandardWebhook({ secret: vector.secret, body: vector.body, headers: multi, now: at })).toBe(true);
    // The spec's example of a re-serialisation: the same JSON, minified.
    const minified = diagnoseStandardWebhook({ secret: vector.secret, body: '{"test":2432232314}', headers, now: at });
    expect(minified.reason).toBe('body_reserialised');
  });

  it("reads the spec's example header (v1 and v1a entries) without error", () => {
    // From spec/standard-webhooks.md, "Example headers"; the spec does not publish its secret.
    const example = {
      'webhook-id': 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
      'webhook-timestamp': '1674087231',
      'webhook-signature':
        'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4= v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==',
    };
    const body =
      '{"type":"contact.created","timestamp":"2022-11-03T20:26:10.344522Z","data":{"id":"1f81eb52-5198-4599-803e-771906343485"}}';
    const options = { secret: SECRET, body, headers: example, now: 1674087231_000 };
    expect(verifyStandardWebhook(options)).toBe(false);
    expect(diagnoseStandardWebhook(options).reason).toBe('mismatch');
  });
});

describe('verifyStandardWebhook', () => {
  it('accepts any of several secrets, skipping one that is not base64', () => {
    const headers = sent({ secrets: [OLD_SECRET] });
    expect(verifyStandardWebhook({ secrets: [SECRET, 'not base64!', OLD_SECRET], body: BODY, headers, now: NOW })).toBe(true);
    expect(verifyStandardWebhook({ secret: SECRET, secrets: [OLD_SECRET], body: BODY, headers, now: NOW })).toBe(true);
    expect(verifyStandardWebhook({ secrets: [SECRET], body: BODY, headers, now: NOW })).toBe(false);
  });

  it('takes the id from the option when given, instead of the header', () => {
    const headers = sent();
    expect(
      verifyStandardWebhook({ secret: SECRET, id: ID, body: BODY, headers: { ...headers, 'webhook-id': 'msg_other' }, now: NOW }),
    ).toBe(true);
    expect(verifyStandardWebhook({ secret: SECRET, id: 'msg_other', body: BODY, headers, now: NOW })).toBe(false);
  });

  it('verifies bytes as well as strings, and honours a disabled or custom tolerance', () => {
    const headers = sent({ timestamp: NOW_SECONDS - 3600 });
    const base = { secret: SECRET, body: new TextEncoder().encode(BODY), headers, now: NOW };
    expect(verifyStandardWebhook(base)).toBe(false);
    expect(verifyStandardWebhook({ ...base, toleranceSeconds: false })).toBe(true);
    expect(verifyStandardWebhook({ ...base, toleranceSeconds: Infinity })).toBe(true);
    expect(verifyStandardWebhook({ ...base, toleranceSeconds: 3600 })).toBe(true);
    expect(verifyStandardWebhook({ ...base, toleranceSeconds: -1 })).toBe(false);
    expect(verifyStandardWebhook({ ...base, toleranceSeconds: false, now: Number.NaN })).toBe(true);
    expect(verifyStandardWebhook({ ...base, now: Number.NaN })).toBe(false);
  });

  it('never throws, whatever it is given', () => {
    const hostile = [
      {},
      { secret: SECRET },
      { secret: SECRET, body: BODY, headers: null },
      { secret: SECRET, body: 42, headers: sent() },
      { secret: 42, body: BODY, headers: sent() },
      { secrets: 'whsec_abc', body: BODY, headers: sent() },
      { secrets: [null, SECRET], body: BODY, headers: sent(), now: NOW },
      { secret: '', body: BODY, headers: sent() },
      { secret: 'whsec_', body: BODY, headers: sent() },
      { secret: SECRET, body: BODY, headers: { 'webhook-id': ['a', 'b'], 'webhook-timestamp': 5, 'webhook-signature': {} } },
    ] as unknown as VerifyStandardWebhookOptions[];
    for (const options of hostile) expect(() => verifyStandardWebhook(options)).not.toThrow();
    expect(verifyStandardWebhook(hostile[6] as VerifyStandardWebhookOptions)).toBe(true);
  });

  it('agrees with the standardwebhooks package on random secrets, ids, timestamps and bodies', () => {
    const secretBytes = fc.uint8Array({ minLength: 1, maxLength: 64 });
    const id = fc.stringMatching(/^msg_[0-9A-Za-z]{1,30}$/);
    const skew = fc.integer({ min: -400, max: 400 });
    const body = fc.oneof(fc.json(), fc.string({ unit: 'grapheme' }));
    fc.assert(
      fc.property(secretBytes, id, skew, body, fc.boolean(), (bytes, msgId, offset, payload, tamper) => {
        const secret = newSecret(bytes);
        const timestamp = NOW_SECONDS + offset;
        const signature = new Webhook(secret).sign(msgId, new Date(timestamp * 1000), payload);
        const headers = { 'webhook-id': msgId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
        const received = tamper ? `${payload} ` : payload;
        const expected = Math.abs(offset) <= 300 && !tamper;
        expect(verifyStandardWebhook({ secret, body: received, headers, now: NOW })).toBe(expected);
      }),
      { seed: 0x5eed_5, numRuns: 300 },
    );
  });
});
