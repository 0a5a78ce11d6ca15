import { randomBytes, randomFillSync } from 'node:crypto';

/**
 * The source of every random choice the emulator makes (ids, generated payloads). Seeded, it is
 * a small deterministic PRNG so that two runs with the same seed produce the same bytes;
 * unseeded, ids come from the operating system's random bytes, as `crypto.randomUUID`'s do.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** A version-4 UUID. */
  uuid(): string;
  /** `length` characters drawn from `alphabet` (ASCII characters only). */
  string(length: number, alphabet?: string): string;
  /** `length` random bytes: from the seed when there is one, else from the operating system (secrets). */
  bytes(length: number): Uint8Array;
}

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Creates a random source; with a seed it is fully deterministic. */
export function createRandom(seed?: number | string): Random {
  const next = seed === undefined ? Math.random : sfc32(seedWords(String(seed)));
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick() from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    uuid: seed === undefined ? systemUuid : () => seededUuid(random),
    bytes: seed === undefined ? (length) => randomBytes(length) : (length) => Uint8Array.from({ length }, () => random.int(0, 255)),
    string: (length, alphabet = ALPHANUMERIC) => {
      const text = scratch(length);
      for (let i = 0; i < length; i++) text[i] = alphabet.charCodeAt(Math.floor(next() * alphabet.length));
      return text.toString('latin1', 0, length);
    },
  };
  return random;
}

// @note Ids and random strings are written as ASCII into a buffer and read out as one string.
// `crypto.randomUUID` (Node 20) and `+=` build each of them from 20-odd pieces, which were a third
// of the bytes a load test allocated per delivery (V8's sampling heap profiler).
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
let ascii = Buffer.alloc(64);
/** The buffer strings are written into, at least `length` bytes long. */
const scratch = (length: number): Buffer => (ascii.length >= length ? ascii : (ascii = Buffer.alloc(length)));

/** The version-4 UUID text of `bytes[at … at+15]`, its version and variant bits set (the bytes are changed). */
function formatUuid(bytes: Uint8Array, at: number): string {
  bytes[at + 6] = ((bytes[at + 6] as number) & 0x0f) | 0x40;
  bytes[at + 8] = ((bytes[at + 8] as number) & 0x3f) | 0x80;
  const text = scratch(36);
  let out = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text[out++] = 0x2d; // '-'
    const byte = bytes[at + i] as number;
    text[out++] = HEX_DIGITS[byte >> 4] as number;
    text[out++] = HEX_DIGITS[byte & 0x0f] as number;
  }
  return text.toString('latin1', 0, 36);
}

// Random bytes for 128 ids at a time, as `crypto.randomUUID` buffers them.
const SYSTEM_UUIDS = 128;
const systemBytes = Buffer.alloc(16 * SYSTEM_UUIDS);
let systemUsed = SYSTEM_UUIDS;
function systemUuid(): string {
  if (systemUsed === SYSTEM_UUIDS) {
    randomFillSync(systemBytes);
    systemUsed = 0;
  }
  return formatUuid(systemBytes, 16 * systemUsed++);
}

const seededUuid = (random: Random): string =>
  formatUuid(
    Uint8Array.from({ length: 16 }, () => random.int(0, 255)),
    0,
  );

// @note sfc32 passes PractRand and is four lines; seeded from a string with cyrb128.
function sfc32([a0, b0, c0, d0]: [number, number, number, number]): () => number {
  let a = a0,
    b = b0,
    c = c0,
    d = d0;
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

function seedWords(text: string): [number, number, number, number] {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}
