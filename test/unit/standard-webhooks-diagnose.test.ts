import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  diagnoseStandardWebhook,
  maskSecret,
  type DiagnoseStandardWebhookOptions,
  type StandardWebhookDiagnosis,
} from '../../src/signing/standard-webhooks-diagnose.js';
import { standardWebhookHeaders } from '../../src/signing/standard-webhooks.js';
import { verifyStandardWebhook } from '../../src/signing/standard-webhooks-verify.js';
import { signatureHeaders } from '../../src/signing/sign.js';

const SECRET = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
const PREVIOUS = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_01krdgeqcxet5s7t44vh8rt9mg';
const TIMESTAMP = 1_796_020_650;
const NOW = TIMESTAMP * 1000;
const BODY = '{"type":"email.bounced","timestamp":"2026-06-01T17:00:12Z","data":{"email_id":"em_01krdgeqcxet5s7t44vh8rt9mg"}}';

const sent = ({ secrets = [SECRET], timestamp = TIMESTAMP } = {}) => standardWebhookHeaders({ id: ID, timestamp, body: BODY, secrets });

/** Diagnoses what the app verified with (defaults: the right secret and body) against `headers`. */
function diagnose(headers: Record<string, string>, app: Partial<DiagnoseStandardWebhookOptions> = {}): StandardWebhookDiagnosis {
  const options = { secret: SECRET, body: BODY, headers, now: NOW, ...app };
  const diagnosis = diagnoseStandardWebhook(options);
  // The diagnosis never disagrees with the verifier.
  expect(diagnosis.valid).toBe(verifyStandardWebhook(options));
  expect(diagnosis.valid).toBe(diagnosis.reason === 'valid');
  // One plain sentence, and no secret in full anywhere.
  expect(diagnosis.message).toMatch(/^[A-Z][^\n]*\.$/);
  expect(diagnosis.message).not.toMatch(/[.;]\s+[A-Z][a-z]+ /);
  const text = [diagnosis.message, ...diagnosis.hints].join('\n');
  for (const secret of [SECRET, PREVIOUS]) expect(text).not.toContain(secret.slice('whsec_'.length, -2));
  return diagnosis;
}

describe('diagnoseStandardWebhook', () => {
  it('reports a valid signature, naming which of several secrets matched', () => {
    expect(diagnose(sent())).toMatchObject({ valid: true, reason: 'valid' });
    const rotated = diagnose(sent({ secrets: [PREVIOUS] }), { secret: undefined, secrets: [SECRET, PREVIOUS] });
    expect(rotated.valid).toBe(true);
    expect(rotated.message).toContain('secret #2');
  });

  it('names every missing header, and needs no webhook-id header when the id is passed', () => {
    const { 'webhook-id': _id, 'webhook-signature': _signature, ...headers } = sent();
    expect(diagnose(headers).message).toContain('lacks the webhook-id and webhook-signature headers');
    expect(diagnose(headers, { id: ID }).message).toContain('lacks the webhook-signature header,');
    expect(diagnose({ 'webhook-signature': sent()['webhook-signature'] as string }, { id: ID }).message).toContain(
      'lacks the webhook-timestamp header,',
    );
  });

  it('points a Notifications API delivery to the other verifier', () => {
    const notifications = signatureHeaders({ signingKey: 'k', timestamp: TIMESTAMP, url: 'https://x.test/', body: BODY, requestId: 'r' });
    const diagnosis = diagnose(notifications);
    expect(diagnosis.reason).toBe('missing_headers');
    expect(diagnosis.hints.join(' ')).toMatch(/Notifications API delivery: check it with diagnoseWebhookSignature/);
  });

  it('says how far a stale timestamp is, and how to verify under the virtual clock', () => {
    const diagnosis = diagnose(sent({ timestamp: TIMESTAMP - 7200 }));
    expect(diagnosis.reason).toBe('stale_timestamp');
    expect(diagnosis.message).toContain('7200 seconds old, 6900 seconds beyond the 300-second tolerance');
    expect(diagnosis.hints.join(' ')).toContain('vi.setSystemTime(emulator.clock.now())');
    expect(diagnose(sent({ timestamp: TIMESTAMP - 7200 }), { toleranceSeconds: false }).valid).toBe(true);
    expect(diagnose(sent({ timestamp: TIMESTAMP + 90 }), { toleranceSeconds: 60 }).message).toContain(
      '90 seconds in the future, 30 seconds beyond the 60-second tolerance',
    );
  });

  it('mentions a stale timestamp only as a side note when the signature does not match either', () => {
    const diagnosis = diagnose(sent({ timestamp: TIMESTAMP - 7200 }), { secret: PREVIOUS, candidates: { secrets: [SECRET] } });
    expect(diagnosis.reason).toBe('wrong_secret');
    expect(diagnosis.hints).toContain(
      'Separately, the timestamp 1796013450 is 7200 seconds old, 6900 seconds beyond the 300-second tolerance.',
    );
  });

  it('explains a v1a-only header: the asymmetric scheme, which Bird does not use', () => {
    const diagnosis = diagnose({ ...sent(), 'webhook-signature': 'v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXq==' });
    expect(diagnosis.reason).toBe('malformed_signature');
    expect(diagnosis.hints.join(' ')).toMatch(/ed25519/);
  });

  it('names a labelled candidate secret, e.g. the other side of a rotation', () => {
    const diagnosis = diagnose(sent(), {
      secret: PREVIOUS,
      candidates: { secrets: [{ secret: SECRET, label: 'the secret from the rotation' }] },
    });
    expect(diagnosis.reason).toBe('wrong_secret');
    expect(diagnosis.message).toMatch(/^The signature matches the secret from the rotation rather than the secret you verified with/);
  });

  it('tries the candidate secrets when no secret is given', () => {
    expect(diagnose(sent(), { secret: undefined, candidates: { secrets: [SECRET] } }).reason).toBe('wrong_secret');
    const none = diagnose(sent(), { secret: undefined });
    expect(none.reason).toBe('malformed_secret');
    expect(none.message).toMatch(/^No secret was given/);
  });

  it('reproduces a secret decoded with its whsec_ prefix still on', () => {
    const key = Buffer.from(SECRET, 'base64');
    const signature = createHmac('sha256', key).update(`${ID}.${TIMESTAMP}.${BODY}`).digest('base64');
    const diagnosis = diagnose({ ...sent(), 'webhook-signature': `v1,${signature}` });
    expect(diagnosis.reason).toBe('secret_not_decoded');
    expect(diagnosis.message).toContain('base64-decoded with its whsec_ prefix still on');
  });

  it("reproduces a candidate secret's text used as the key", () => {
    const signature = createHmac('sha256', PREVIOUS).update(`${ID}.${TIMESTAMP}.${BODY}`).digest('base64');
    const diagnosis = diagnose({ ...sent(), 'webhook-signature': `v1,${signature}` }, { candidates: { secrets: [PREVIOUS] } });
    expect(diagnosis.reason).toBe('secret_not_decoded');
    expect(diagnosis.message).toContain('candidate secret #1 ("whsec_MfKQ…Sw")');
  });

  it('reports a secret that is not base64 even when another secret is fine', () => {
    const diagnosis = diagnose(sent({ secrets: [PREVIOUS] }), { secret: undefined, secrets: [SECRET, 'my-secret!'] });
    expect(diagnosis.reason).toBe('malformed_secret');
    expect(diagnosis.message).toMatch(/^Secret #2 \("my-s…t!"\) is not whsec_ followed by base64/);
  });

  it('throws a RangeError for a tolerance or clock that makes no sense', () => {
    expect(() => diagnoseStandardWebhook({ secret: SECRET, body: BODY, headers: sent(), toleranceSeconds: -1 })).toThrow(RangeError);
    expect(() => diagnoseStandardWebhook({ secret: SECRET, body: BODY, headers: sent(), now: Number.NaN })).toThrow(RangeError);
  });
});

describe('maskSecret', () => {
  it('keeps the prefix and a few characters, never the secret', () => {
    expect(maskSecret(SECRET)).toBe('whsec_C2FV…oD');
    expect(maskSecret('C2FVsBQIhrscChlQIMV+b5sSYspob7oD')).toBe('C2FV…oD');
    expect(maskSecret('short')).toBe('sh…');
  });
});
