import { describe, expect, it } from 'vitest';
import { detectSignatureScheme, diagnoseDelivery } from '../../src/signing/scheme.js';
import { signatureHeaders } from '../../src/signing/sign.js';
import { newSecret, standardWebhookHeaders } from '../../src/signing/standard-webhooks.js';

const BODY = '{"type":"email.delivered","timestamp":"2026-06-01T17:00:12Z","data":{}}';
const URL = 'https://app.example.test/hook';
const KEY = 'secureSigningKey';
const SECRET = newSecret();
const timestamp = Math.floor(Date.now() / 1000);
const platform = standardWebhookHeaders({ id: 'msg_1', timestamp, body: BODY, secrets: [SECRET] });
const notifications = signatureHeaders({ signingKey: KEY, timestamp, url: URL, body: BODY, requestId: 'r' });

describe('detectSignatureScheme', () => {
  it('tells the two schemes apart by their headers', () => {
    expect(detectSignatureScheme(platform)).toBe('standard-webhooks');
    expect(detectSignatureScheme(notifications)).toBe('messagebird-signature');
    // A Notifications delivery from a subscription without a signing key still has its timestamp.
    expect(detectSignatureScheme({ 'messagebird-request-timestamp': String(timestamp) })).toBe('messagebird-signature');
    expect(detectSignatureScheme(new Headers({ 'Webhook-Id': 'msg_1' }))).toBe('standard-webhooks');
    expect(detectSignatureScheme({ 'content-type': 'application/json' })).toBeUndefined();
  });
});

describe('diagnoseDelivery', () => {
  const both = { messagebird: { signingKey: KEY, url: URL }, standard: { secrets: [SECRET] } };

  it('checks each request with the scheme it carries when it can check both', () => {
    expect(diagnoseDelivery({ headers: platform, body: BODY, ...both })).toMatchObject({
      scheme: 'standard-webhooks',
      diagnosis: { valid: true },
    });
    expect(diagnoseDelivery({ headers: notifications, body: BODY, ...both })).toMatchObject({
      scheme: 'messagebird-signature',
      diagnosis: { valid: true },
    });
    expect(diagnoseDelivery({ headers: {}, body: BODY, ...both })?.scheme).toBe('messagebird-signature');
  });

  it('checks with the scheme it holds the means for, and says the request carries the other', () => {
    const asNotifications = diagnoseDelivery({ headers: platform, body: BODY, messagebird: both.messagebird });
    expect(asNotifications).toMatchObject({ scheme: 'messagebird-signature', diagnosis: { reason: 'missing_signature_header' } });
    expect(asNotifications?.diagnosis.hints.join(' ')).toMatch(/platform API delivery/);
    const asPlatform = diagnoseDelivery({ headers: notifications, body: BODY, standard: both.standard });
    expect(asPlatform).toMatchObject({ scheme: 'standard-webhooks', diagnosis: { reason: 'missing_headers' } });
    expect(asPlatform?.diagnosis.hints.join(' ')).toMatch(/Notifications API delivery/);
  });

  it('checks nothing without a key or a secret', () => {
    expect(diagnoseDelivery({ headers: platform, body: BODY })).toBeUndefined();
  });
});
