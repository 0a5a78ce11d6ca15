import { describe, expect, it } from 'vitest';
import { readPayloadValue } from '../../src/catalogue/read-path.js';

const payload = {
  id: 'abc',
  status: 'delivered',
  count: 3,
  flagged: false,
  nothing: null,
  receiver: { contacts: [{ identifierValue: '+31612345678' }] },
  nested: { deeper: { value: 'x' } },
};

describe('readPayloadValue', () => {
  it('reads top-level and nested strings', () => {
    expect(readPayloadValue(payload, 'status')).toBe('delivered');
    expect(readPayloadValue(payload, 'nested.deeper.value')).toBe('x');
  });

  it('reads array items by index', () => {
    expect(readPayloadValue(payload, 'receiver.contacts.0.identifierValue')).toBe('+31612345678');
    expect(readPayloadValue(payload, 'receiver.contacts.1.identifierValue')).toBeUndefined();
  });

  it('stringifies numbers and booleans, as filter values are strings', () => {
    expect(readPayloadValue(payload, 'count')).toBe('3');
    expect(readPayloadValue(payload, 'flagged')).toBe('false');
  });

  it('gives undefined for missing paths, null, objects and arrays', () => {
    expect(readPayloadValue(payload, 'missing')).toBeUndefined();
    expect(readPayloadValue(payload, 'status.length')).toBeUndefined();
    expect(readPayloadValue(payload, 'nothing')).toBeUndefined();
    expect(readPayloadValue(payload, 'nothing.x')).toBeUndefined();
    expect(readPayloadValue(payload, 'nested')).toBeUndefined();
    expect(readPayloadValue(payload, 'receiver.contacts')).toBeUndefined();
  });

  it('never reads through the prototype chain', () => {
    expect(readPayloadValue(payload, 'constructor.name')).toBeUndefined();
    expect(readPayloadValue(payload, '__proto__.toString')).toBeUndefined();
    expect(readPayloadValue(payload, 'receiver.contacts.length')).toBeUndefined();
  });
});
