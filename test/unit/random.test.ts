import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/random.js';

const V4_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** How a seeded source formatted its ids before they were written into a buffer: the same seed must still give the same ids. */
function uuidAsBefore(bytes: number[]): string {
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe('random ids and strings', () => {
  it('gives version-4 UUIDs, all different, also across the refills of its random bytes', () => {
    const random = createRandom();
    const ids = Array.from({ length: 1000 }, () => random.uuid());
    for (const id of ids) expect(id).toMatch(V4_UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives a seeded run the same ids and strings as before, and again on the next run', () => {
    const reference = createRandom('fixture-seed');
    const expected = Array.from({ length: 20 }, () => uuidAsBefore(Array.from({ length: 16 }, () => reference.int(0, 255))));
    const first = createRandom('fixture-seed');
    expect(Array.from({ length: 20 }, () => first.uuid())).toEqual(expected);
    const [a, b] = [createRandom(7), createRandom(7)];
    expect(Array.from({ length: 50 }, () => a.string(40))).toEqual(Array.from({ length: 50 }, () => b.string(40)));
  });

  it('draws strings of the asked length from the alphabet only, however long', () => {
    const random = createRandom();
    for (const length of [0, 1, 13, 32, 100, 5000]) {
      const text = random.string(length, '0123456789abcdef');
      expect(text).toHaveLength(length);
      expect(text).toMatch(/^[0-9a-f]*$/);
    }
    expect(random.string(64)).toMatch(/^[A-Za-z0-9]{64}$/);
  });

  it('returns strings that later calls do not change', () => {
    const random = createRandom();
    const id = random.uuid();
    const text = random.string(20);
    const [idCopy, textCopy] = [`${id}`, `${text}`];
    for (let i = 0; i < 300; i++) {
      random.uuid();
      random.string(200);
    }
    expect([id, text]).toEqual([idCopy, textCopy]);
  });
});
