import { describe, expect, it } from 'vitest';
import {
  diagnoseWebhookSignature,
  type DiagnoseWebhookSignatureOptions,
  type WebhookSignatureDiagnosis,
} from '../../src/signing/diagnose.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook, signatureHeaders } from '../../src/signing/sign.js';
import { verifyWebhookSignature } from '../../src/signing/verify.js';

const KEY = 'secureSigningKey';
const TIMESTAMP = 1700000000;
const NOW = TIMESTAMP * 1000;
const URL = 'https://domain.com/webhook/bird';
const BODY = '{"service":"channels","event":"sms.inbound","payload":{"id":"00000000-0000-0000-0000-000000000001"}}';

interface Delivery {
  signingKey?: string;
  url?: string;
  body?: string | Uint8Array;
}

/** The headers Bird (or the emulator) would send for this subscription and body. */
function sent({ signingKey = KEY, url = URL, body = BODY }: Delivery = {}): Record<string, string> {
  const requestId = 'b7c1bb53-3cf5-4d4b-9d6a-2a1f1e0f1f00';
  return signatureHeaders({ signingKey, timestamp: TIMESTAMP, url, body, requestId });
}

/** Diagnoses what the app verified with (defaults: the right key, URL and body) against `headers`. */
function diagnose(headers: Record<string, string>, app: Partial<DiagnoseWebhookSignatureOptions> = {}): WebhookSignatureDiagnosis {
  const options = { signingKey: KEY, url: URL, body: BODY, headers, now: NOW, ...app };
  const diagnosis = diagnoseWebhookSignature(options);
  // The diagnosis never disagrees with the verifier.
  expect(diagnosis.valid).toBe(verifyWebhookSignature(options));
  expect(diagnosis.valid).toBe(diagnosis.reason === 'valid');
  // One plain sentence.
  expect(diagnosis.message).toMatch(/^[A-Z][^\n]*\.$/);
  expect(diagnosis.message).not.toMatch(/[.;]\s+[A-Z][a-z]+ /);
  return diagnosis;
}

describe('diagnoseWebhookSignature', () => {
  it('reports a valid signature', () => {
    const diagnosis = diagnose(sent());
    expect(diagnosis).toMatchObject({ valid: true, reason: 'valid' });
    expect(diagnosis.hints.length).toBeGreaterThan(0);
  });

  it('reports a delivery from a subscription without a signing key', () => {
    const headers = signatureHeaders({ timestamp: TIMESTAMP, url: URL, body: BODY, requestId: 'r' });
    const diagnosis = diagnose(headers);
    expect(diagnosis.reason).toBe('missing_signature_header');
    expect(diagnosis.message).toContain('signingKey');
  });

  it('reports a missing timestamp header', () => {
    const { [TIMESTAMP_HEADER]: _dropped, ...headers } = sent();
    expect(diagnose(headers).reason).toBe('missing_timestamp_header');
  });

  it('reports a timestamp that is not Unix seconds', () => {
    const diagnosis = diagnose({ ...sent(), [TIMESTAMP_HEADER]: '2023-11-14T22:13:20Z' });
    expect(diagnosis.reason).toBe('malformed_timestamp');
    expect(diagnosis.message).toContain('"2023-11-14T22:13:20Z"');
  });

  describe('stale_timestamp', () => {
    it('says how old the timestamp is and by how much it misses the tolerance', () => {
      const diagnosis = diagnose(sent(), { now: NOW + 412_000 });
      expect(diagnosis.reason).toBe('stale_timestamp');
      expect(diagnosis.message).toContain('412 seconds old');
      expect(diagnosis.message).toContain('112 seconds beyond the 300-second tolerance');
      expect(diagnosis.hints.join(' ')).toMatch(/retry/);
    });

    it('says how far in the future a timestamp is', () => {
      const diagnosis = diagnose(sent(), { now: NOW - 90_000, toleranceSeconds: 60 });
      expect(diagnosis.reason).toBe('stale_timestamp');
      expect(diagnosis.message).toContain('90 seconds in the future, 30 seconds beyond the 60-second tolerance');
    });

    it('is valid when the tolerance is disabled', () => {
      expect(diagnose(sent(), { now: NOW + 8 * 3600_000, toleranceSeconds: false }).reason).toBe('valid');
      expect(diagnose(sent(), { now: NOW + 8 * 3600_000, toleranceSeconds: Infinity }).reason).toBe('valid');
    });

    it('mentions a stale timestamp only as a side note when the signature itself does not match', () => {
      const diagnosis = diagnose(sent(), { now: NOW + 1000_000, url: 'http://domain.com/webhook/bird' });
      expect(diagnosis.reason).toBe('wrong_url');
      expect(diagnosis.hints.join(' ')).toContain('Separately, the timestamp 1700000000 is 1000 seconds old');
    });
  });

  describe('wrong_url', () => {
    it('finds an app behind a TLS-terminating proxy that rebuilt the URL as http://', () => {
      const diagnosis = diagnose(sent(), { url: 'http://domain.com/webhook/bird' });
      expect(diagnosis.reason).toBe('wrong_url');
      expect(diagnosis.message).toContain(`"${URL}"`);
      expect(diagnosis.message).toContain('https:// instead of http://');
    });

    it('finds a subscription registered over http:// verified as https://', () => {
      const httpUrl = 'http://localhost:3000/webhook';
      const diagnosis = diagnose(sent({ url: httpUrl }), { url: 'https://localhost:3000/webhook' });
      expect(diagnosis.reason).toBe('wrong_url');
      expect(diagnosis.message).toContain('http:// instead of https://');
    });

    it('finds a trailing slash added or removed', () => {
      expect(diagnose(sent(), { url: `${URL}/` }).message).toContain('without the trailing slash');
      const withSlash = diagnose(sent({ url: `${URL}/` }));
      expect(withSlash.reason).toBe('wrong_url');
      expect(withSlash.message).toContain('with a trailing slash');
    });

    it('finds a query string the app included but the subscription did not have', () => {
      const diagnosis = diagnose(sent(), { url: `${URL}?source=tunnel` });
      expect(diagnosis.reason).toBe('wrong_url');
      expect(diagnosis.message).toContain('without the query string');
    });

    it('finds a query string the app dropped, given the subscription URLs as candidates', () => {
      const registered = `${URL}?token=abc123`;
      const diagnosis = diagnose(sent({ url: registered }), { candidates: { urls: ['https://other.example/x', registered] } });
      expect(diagnosis.reason).toBe('wrong_url');
      expect(diagnosis.message).toContain(`"${registered}" (one of the candidate URLs)`);
    });

    it('finds the host in a different case and a default port', () => {
      expect(diagnose(sent(), { url: 'https://Domain.COM/webhook/bird' }).message).toContain('with the host in lower case');
      expect(diagnose(sent(), { url: 'https://domain.com:443/webhook/bird' }).message).toContain('without the port :443');
      expect(diagnose(sent({ url: 'https://domain.com:443/webhook/bird' })).message).toContain('with the default port :443 added');
    });

    it('finds two changes at once', () => {
      const diagnosis = diagnose(sent(), { url: 'http://domain.com:80/webhook/bird/' });
      expect(diagnosis.reason).toBe('wrong_url');
      expect(diagnosis.message).toContain('https:// instead of http://, without the trailing slash, without the port :80');
    });
  });

  describe('body_reserialised', () => {
    it('finds an app that verified a pretty-printed copy of the compact body it received', () => {
      const pretty = JSON.stringify(JSON.parse(BODY), null, 2);
      const diagnosis = diagnose(sent(), { body: pretty });
      expect(diagnosis.reason).toBe('body_reserialised');
      expect(diagnosis.message).toContain('compact JSON');
      expect(diagnosis.message).toContain('raw');
    });

    it('finds an app that re-serialised a pretty-printed body compactly (JSON.stringify(req.body))', () => {
      const prettyFixture = `${JSON.stringify(JSON.parse(BODY), null, 2)}\n`;
      const diagnosis = diagnose(sent({ body: prettyFixture }), { body: JSON.stringify(JSON.parse(prettyFixture)) });
      expect(diagnosis.reason).toBe('body_reserialised');
      expect(diagnosis.message).toContain('indented with 2 spaces plus a trailing newline');
    });

    it("finds Python's json.dumps separators and ASCII escaping", () => {
      const body = '{"text":"Olá, João"}';
      const pythonic = '{"text": "Ol\\u00e1, Jo\\u00e3o"}';
      const diagnosis = diagnose(sent({ body: pythonic }), { body });
      expect(diagnosis.reason).toBe('body_reserialised');
      expect(diagnosis.message).toContain('json.dumps');
    });

    it('finds a trailing newline added by the app', () => {
      const diagnosis = diagnose(sent(), { body: `${BODY}\n` });
      expect(diagnosis.reason).toBe('body_reserialised');
      expect(diagnosis.message).toContain('without its trailing newline');
    });

    it('works on a body given as bytes', () => {
      const pretty = new TextEncoder().encode(JSON.stringify(JSON.parse(BODY), null, 2));
      expect(diagnose(sent(), { body: pretty }).reason).toBe('body_reserialised');
    });
  });

  describe('body_changed', () => {
    it('does not call a genuinely changed body re-serialised', () => {
      const changed = BODY.replace('0001', '0002');
      const diagnosis = diagnose(sent(), { body: changed });
      expect(diagnosis.reason).toBe('body_changed');
      expect(diagnosis.message).not.toMatch(/re-serialised/);
    });

    it('cannot reproduce a body whose keys were reordered, and says it cannot tell', () => {
      const reordered = '{"event":"sms.inbound","service":"channels","payload":{"id":"00000000-0000-0000-0000-000000000001"}}';
      const diagnosis = diagnose(sent(), { body: reordered });
      expect(diagnosis.reason).toBe('body_changed');
      expect(diagnosis.message).toContain('most likely');
    });
  });

  describe('wrong_key', () => {
    it('finds the key of another subscription among the candidates, named by its label', () => {
      const headers = sent({ signingKey: 'keyOfSubscriptionB' });
      const diagnosis = diagnose(headers, {
        candidates: {
          signingKeys: [
            { signingKey: KEY, label: 'the key of subscription A' },
            { signingKey: 'keyOfSubscriptionB', label: 'the key of subscription B' },
          ],
        },
      });
      expect(diagnosis.reason).toBe('wrong_key');
      expect(diagnosis.message).toContain('the key of subscription B');
    });

    it('names an unlabelled candidate by position without printing the whole key', () => {
      const headers = sent({ signingKey: 'anotherVerySecretKey' });
      const diagnosis = diagnose(headers, { candidates: { signingKeys: ['first-key-xyz', 'anotherVerySecretKey'] } });
      expect(diagnosis.reason).toBe('wrong_key');
      expect(diagnosis.message).toContain('candidate key #2');
      expect(diagnosis.message).not.toContain('anotherVerySecretKey');
    });

    it('finds a key that was configured in base64 form', () => {
      const base64Key = Buffer.from(KEY).toString('base64');
      const diagnosis = diagnose(sent(), { signingKey: base64Key });
      expect(diagnosis.reason).toBe('wrong_key');
      expect(diagnosis.message).toContain('base64-decoding');
    });

    it('finds a key that was base64-decoded by the signer', () => {
      // A standard-webhooks-style signer decodes a base64-looking secret; Bird does not.
      const secret = 'dGhpcyBpcyBhIHRlc3Qga2V5IQ==';
      const decoded = Buffer.from(secret, 'base64').toString('utf8');
      const diagnosis = diagnose(sent({ signingKey: decoded }), { signingKey: secret });
      expect(diagnosis.reason).toBe('wrong_key');
      expect(diagnosis.message).toContain('base64-decoding');
    });

    it('finds a key read from a file with its trailing newline', () => {
      const diagnosis = diagnose(sent(), { signingKey: `${KEY}\n` });
      expect(diagnosis.reason).toBe('wrong_key');
      expect(diagnosis.message).toContain('whitespace');
    });

    it('still tries the candidates when no key was given', () => {
      expect(diagnose(sent(), { signingKey: '', candidates: { signingKeys: [KEY] } }).reason).toBe('wrong_key');
    });
  });

  describe('mismatch', () => {
    it('is generic when nothing reproduces the signature and the body is not JSON', () => {
      const diagnosis = diagnose(sent(), { body: 'service=channels&event=sms.inbound' });
      expect(diagnosis.reason).toBe('mismatch');
      expect(diagnosis.hints.length).toBeGreaterThan(0);
    });

    it('is generic when a key is wrong and no candidate matches', () => {
      expect(diagnose(sent(), { signingKey: 'notTheKey', body: '' }).reason).toBe('mismatch');
      expect(diagnose(sent(), { signingKey: 'notTheKey' }).reason).toBe('body_changed');
    });

    it('asks for a key when none was given', () => {
      const diagnosis = diagnose(sent(), { signingKey: '' });
      expect(diagnosis.reason).toBe('mismatch');
      expect(diagnosis.message).toContain('No signing key');
    });
  });

  describe('malformed_signature', () => {
    const valid = sent()[SIGNATURE_HEADER] as string;
    const hex = Buffer.from(valid, 'base64').toString('hex');
    it.each([
      ['a prefixed value', 'sha256=abcdef'],
      ['the HMAC in hex', hex],
      ['a truncated signature', valid.slice(0, 30)],
      ['base64 without padding', valid.slice(0, -1)],
      ['base64 of 31 bytes', Buffer.alloc(31, 7).toString('base64')],
    ])('is reported for %s, not blamed on the body', (_what, signature) => {
      const diagnosis = diagnose({ ...sent(), [SIGNATURE_HEADER]: signature });
      expect(diagnosis.reason).toBe('malformed_signature');
      // The message quotes the header (abbreviated when long) so it can be compared with what was sent.
      expect(diagnosis.message).toContain(`"${signature.slice(0, 12)}`);
    });

    it('is reported even when the timestamp header is missing too', () => {
      const { [TIMESTAMP_HEADER]: _dropped, ...headers } = sent();
      expect(diagnose({ ...headers, [SIGNATURE_HEADER]: 'not-a-signature' }).reason).toBe('malformed_signature');
    });
  });

  it('claims no cause it did not reproduce, over many unrelated signatures', () => {
    for (let i = 0; i < 50; i++) {
      const foreign = signWebhook({ signingKey: `k${i}`, timestamp: TIMESTAMP, url: `https://e${i}.example/x`, body: `{"n":${i}}` });
      const diagnosis = diagnose({ [SIGNATURE_HEADER]: foreign, [TIMESTAMP_HEADER]: String(TIMESTAMP) });
      expect(diagnosis.reason).toBe('body_changed');
    }
  });

  it('refuses a nonsensical tolerance', () => {
    expect(() => diagnoseWebhookSignature({ signingKey: KEY, url: URL, body: BODY, headers: sent(), toleranceSeconds: -5 })).toThrow(
      RangeError,
    );
    expect(() => diagnoseWebhookSignature({ signingKey: KEY, url: URL, body: BODY, headers: sent(), now: Number.NaN })).toThrow(RangeError);
  });
});
