import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newSecret, secretKey, standardWebhookHeaders } from '../../src/signing/standard-webhooks.js';

// The reference library is the contract: what it verifies is what Bird's SDKs verify.
describe('Standard Webhooks signing', () => {
  const body = '{"type":"email.delivered","timestamp":"2026-06-01T17:00:12Z","data":{"email_id":"em_01krdgeqcxet5s7t44vh8rt9mg"}}';
  const now = Math.floor(Date.now() / 1000);

  it('signs what the standardwebhooks package verifies, under each live secret', () => {
    const [older, newer] = [newSecret(), newSecret()];
    const headers = standardWebhookHeaders({ id: 'msg_01krdgeqcxet5s7t44vh8rt9mg', timestamp: now, body, secrets: [newer, older] });
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
    for (const secret of [newer, older]) expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newSecret()).verify(body, headers)).toThrow();
  });

  it('matches the reference library byte for byte', () => {
    const secret = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    const reference = new Webhook(secret).sign(id, new Date(now * 1000), body);
    expect(standardWebhookHeaders({ id, timestamp: now, body, secrets: [secret] })['webhook-signature']).toBe(reference);
  });

  it('makes whsec_ secrets of 24 random bytes, and refuses a secret that is not base64', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(secretKey(secret)).toHaveLength(24);
    expect(() => secretKey('whsec_not base64!')).toThrow(TypeError);
  });
});
