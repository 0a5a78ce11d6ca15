import { describe, expect, it } from 'vitest';
import { createRedactor, matchesPattern, parseRedactPath } from '../../src/fixtures/redact.js';

const PHONE = '+31612345678';
const EMAIL = 'anna.jansen@gmail.com';

function smsBody(overrides: Record<string, unknown> = {}) {
  return {
    service: 'channels',
    event: 'sms.inbound',
    payload: {
      id: '0f6b0c1e-5b0e-4c8e-9a3e-1d2c3b4a5f60',
      sender: { contact: { identifierKey: 'phonenumber', identifierValue: PHONE, annotations: { name: 'Anna Jansen' } } },
      receiver: { connector: { id: '7a1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d', identifierValue: '+14155550100' } },
      body: { type: 'text', text: { text: `Call me on ${PHONE} or mail ${EMAIL}` } },
      reference: 'order-4711',
      status: 'delivered',
      ...overrides,
    },
  };
}

describe('redaction of recorded deliveries', () => {
  it('replaces phone numbers, e-mail addresses, message text and names, and keeps the rest', () => {
    const { value, redacted } = createRedactor({ salt: 's' }).redact(smsBody());
    const payload = value.payload;
    expect(payload.sender.contact.identifierValue).toMatch(/^\+1555\d{7}$/);
    expect(payload.sender.contact.annotations.name).toMatch(/^\[redacted [0-9a-f]{8}\]$/);
    expect(payload.body.text.text).toMatch(/^\[redacted [0-9a-f]{8}\]$/);
    expect(payload.body.type).toBe('text');
    // The business's own number is an E.164 number too: replaced by the anywhere rule.
    expect(payload.receiver.connector.identifierValue).toMatch(/^\+1555\d{7}$/);
    expect(payload.receiver.connector.id).toBe('7a1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d');
    expect(payload.reference).toBe('order-4711');
    expect(payload.id).toBe('0f6b0c1e-5b0e-4c8e-9a3e-1d2c3b4a5f60');
    expect(JSON.stringify(value)).not.toContain('612345678');
    expect(JSON.stringify(value)).not.toContain('anna');
    expect(redacted).toEqual(
      expect.arrayContaining([
        'payload.sender.contact.identifierValue',
        'payload.body.text.text',
        'payload.receiver.connector.identifierValue',
      ]),
    );
  });

  it('gives the same value the same fake, wherever it appears, and other values other fakes', () => {
    const redactor = createRedactor({ salt: 's' });
    const first = redactor.redact(smsBody()).value.payload;
    const second = redactor.redact(smsBody({ reference: `contact ${PHONE}`, customer: { email: EMAIL } })).value.payload;
    const fake = first.sender.contact.identifierValue;
    expect(second.sender.contact.identifierValue).toBe(fake);
    expect(second.reference).toBe(`contact ${fake}`);
    expect((second as unknown as { customer: { email: string } }).customer.email).toMatch(/^redacted-[0-9a-f]{8}@example\.com$/);
    expect(first.receiver.connector.identifierValue).not.toBe(fake);
  });

  it('derives fakes from the salt: another salt, other fakes; a random salt by default', () => {
    const a = createRedactor({ salt: 'one' }).redact(smsBody()).value.payload.sender.contact.identifierValue;
    const b = createRedactor({ salt: 'two' }).redact(smsBody()).value.payload.sender.contact.identifierValue;
    const c = createRedactor({ salt: 'one' }).redact(smsBody()).value.payload.sender.contact.identifierValue;
    expect(a).not.toBe(b);
    expect(a).toBe(c);
    expect(createRedactor().redact(smsBody()).value.payload.sender.contact.identifierValue).toMatch(/^\+1555\d{7}$/);
  });

  it('keeps a fake of the same kind, so payload schemas still pass (e-mail contact → address)', () => {
    const body = {
      service: 'channels',
      event: 'email.inbound',
      payload: { sender: { contact: { identifierValue: EMAIL } }, meta: { email: { subject: 'Re: my order' } } },
    };
    const { value } = createRedactor({ salt: 's' }).redact(body);
    expect(value.payload.sender.contact.identifierValue).toMatch(/^redacted-[0-9a-f]{8}@example\.com$/);
    expect(value.payload.meta.email.subject).toMatch(/^\[redacted [0-9a-f]{8}\]$/);
  });

  it('redacts extra paths (whole subtrees, * and **), and leaves numbers and booleans', () => {
    const body = smsBody({ customer: { iban: 'NL91ABNA0417164300', vip: true, score: 7 }, items: [{ sku: 'a' }, { sku: 'b' }] });
    const { value, redacted } = createRedactor({ salt: 's', paths: ['payload.customer', 'payload.items.*.sku', '**.reference'] }).redact(
      body,
    );
    const payload = value.payload as unknown as {
      customer: { iban: string; vip: boolean; score: number };
      items: { sku: string }[];
      reference: string;
    };
    expect(payload.customer.iban).toMatch(/^\[redacted /);
    expect(payload.customer).toMatchObject({ vip: true, score: 7 });
    expect(payload.items.map((i) => i.sku)).toEqual([expect.stringMatching(/^\[redacted /), expect.stringMatching(/^\[redacted /)]);
    expect(payload.reference).toMatch(/^\[redacted /);
    expect(redacted).toEqual(expect.arrayContaining(['payload.customer.iban', 'payload.items[1].sku']));
  });

  it('with defaults off, redacts only the given paths', () => {
    const { value } = createRedactor({ salt: 's', defaults: false, paths: ['payload.reference'] }).redact(smsBody());
    expect(value.payload.sender.contact.identifierValue).toBe(PHONE);
    expect(value.payload.reference).toMatch(/^\[redacted /);
  });

  it('does not change the input', () => {
    const body = smsBody();
    const copy = structuredClone(body);
    createRedactor().redact(body);
    expect(body).toEqual(copy);
  });

  it('parses --redact paths from the body and matches them', () => {
    expect(parseRedactPath('payload.a.*.b')).toEqual(['payload', 'a', '*', 'b']);
    expect(() => parseRedactPath('customer.name')).toThrow(/payload\.customer/);
    expect(() => parseRedactPath('payload..x')).toThrow();
    expect(matchesPattern(['**', 'iban'], ['payload', 'a', 'iban'])).toBe(true);
    expect(matchesPattern(['payload', '*'], ['payload', 'a', 'b'])).toBe(false);
    expect(matchesPattern(['payload', '**'], ['payload'])).toBe(true);
  });
});
