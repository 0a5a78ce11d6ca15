import { type BirdWebhookEvent, WebhookEventType, type WebhookEventTypeValue } from '@messagebird/sdk';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as z from 'zod';
import { PLATFORM_EVENTS, type PlatformEventDefinition, type PlatformEventSchemas } from '../../src/apis/platform/events/index.js';
import { carrierOf, smsCost, smsSegments } from '../../src/apis/platform/fake-data.js';
import { CROCKFORD_ALPHABET, typedId, typedIdPattern, workspaceId } from '../../src/apis/platform/ids.js';
import type { Payload } from '../../src/catalogue/types.js';
import { createRandom } from '../../src/random.js';

const NOW = Date.UTC(2026, 8, 11, 9, 30, 15, 123);
const SEEDS = [...Array.from({ length: 60 }, (_, i) => i), 'ci-seed', 'another seed'] as const;
const TYPED_ID = /^([a-z]+)_([0-9a-hjkmnp-tv-z]{26})$/;

function generate(definition: PlatformEventDefinition, seed: number | string): Payload {
  return definition.generate({ random: createRandom(seed), now: NOW });
}

/** Every leaf of a JSON value with its path; `metadata` is free-form, so its contents are no leaves of ours. */
function leaves(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; value: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, [...path, i]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => (key === 'metadata' && item !== null ? [] : leaves(item, [...path, key])));
  }
  return [{ path, value }];
}

function withValueAt(data: Payload, path: (string | number)[], replacement: unknown): Payload {
  const copy = structuredClone(data);
  let target: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  target[path.at(-1) as string | number] = replacement;
  return copy;
}

/** Adds `x_extra` to every object of `value` except the contents of `metadata`. */
function withExtraFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withExtraFields);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([key, item]) => [key, key === 'metadata' ? item : withExtraFields(item)]);
  return { ...Object.fromEntries(entries), x_extra: { added: ['by', 'a test'] } };
}

/** A JSON value of a type no field that holds `value` accepts. */
function wrongType(value: unknown): unknown {
  return typeof value === 'string' ? 42 : typeof value === 'number' ? '42' : typeof value === 'boolean' ? 'yes' : 'not an object';
}

describe('the platform event catalogue', () => {
  it("has exactly the SDK's 54 WebhookEventType values, each once", () => {
    const names = PLATFORM_EVENTS.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(names)).toEqual(new Set(Object.values(WebhookEventType)));
    expect(names).toHaveLength(54);
    expectTypeOf<keyof PlatformEventSchemas>().toEqualTypeOf<WebhookEventTypeValue>();
  });

  it('documents every event: a one-line description and the SDK type it comes from', () => {
    for (const event of PLATFORM_EVENTS) {
      expect(event.documented, event.name).toBe(true);
      expect(event.description, event.name).toMatch(/^[A-Z].*\.$/);
      expect(event.description, event.name).not.toContain('\n');
      expect(event.source, event.name).toEqual({
        payload: 'schema',
        urls: expect.arrayContaining(['https://github.com/messagebird/bird-sdk-typescript']),
        ours: expect.stringMatching(/^Values are ours; the shape is the SDK's Event\w+\.$/),
      });
    }
  });

  it.each(PLATFORM_EVENTS.map((e) => [e.name, e] as const))('%s: generated data parses with its schema and survives JSON', (_, event) => {
    for (const seed of SEEDS) {
      const data = generate(event, seed);
      const parsed = event.payloadSchema.safeParse(data);
      expect(parsed.error, `${event.name} seed ${seed}`).toBeUndefined();
      expect(parsed.data).toEqual(data);
      expect(JSON.parse(JSON.stringify(data))).toStrictEqual(data);
    }
  });

  it('generates the same bytes from the same seed, and varies with the seed', () => {
    for (const event of PLATFORM_EVENTS) {
      expect(JSON.stringify(generate(event, 'ci-seed')), event.name).toBe(JSON.stringify(generate(event, 'ci-seed')));
      const distinct = new Set(SEEDS.map((seed) => JSON.stringify(generate(event, seed))));
      expect(distinct.size, event.name).toBeGreaterThan(SEEDS.length / 2);
    }
  });

  it('dates every generated id and timestamp at or before now, except a schedule', () => {
    for (const event of PLATFORM_EVENTS) {
      for (const { path, value } of SEEDS.slice(0, 10).flatMap((seed) => leaves(generate(event, seed)))) {
        if (typeof value !== 'string') continue;
        const id = TYPED_ID.exec(value);
        if (id) expect(decodeTime(id[2] as string), `${event.name} ${path.join('.')}`).toBeLessThanOrEqual(NOW);
        if (/^\d{4}-\d{2}-\d{2}T/.test(value) && path.at(-1) !== 'scheduled_at') {
          expect(Date.parse(value), `${event.name} ${path.join('.')}`).toBeLessThanOrEqual(NOW);
        }
      }
    }
  });

  it('lets unknown fields through at every depth, untouched', () => {
    for (const event of PLATFORM_EVENTS) {
      const data = withExtraFields(generate(event, 7));
      expect(event.payloadSchema.parse(data), event.name).toEqual(data);
    }
  });

  it('fails a known field of the wrong JSON type, at its path', () => {
    for (const event of PLATFORM_EVENTS) {
      for (const seed of [1, 2, 3]) {
        const data = generate(event, seed);
        for (const { path, value } of leaves(data).filter((leaf) => leaf.value !== null)) {
          const result = event.payloadSchema.safeParse(withValueAt(data, path, wrongType(value)));
          expect(result.success, `${event.name}.${path.join('.')}`).toBe(false);
          expect(result.error?.issues.map((issue) => issue.path)).toEqual([path]);
        }
        for (const key of Object.keys(data).filter((k) => data[k] !== null)) {
          const result = event.payloadSchema.safeParse(withValueAt(data, [key], wrongType(data[key])));
          expect(
            result.error?.issues.map((issue) => issue.path),
            `${event.name}.${key}`,
          ).toEqual([[key]]);
        }
      }
    }
  });

  it('rejects a typed id with the wrong prefix or alphabet', () => {
    const delivered = PLATFORM_EVENTS.find((e) => e.name === 'email.delivered') as PlatformEventDefinition;
    const data = generate(delivered, 1);
    for (const emailId of ['er_01krdgeqcxet5s7t44vh8rt9mg', 'em_01KRDGEQCXET5S7T44VH8RT9MG', 'em_01krdgeqcxet5s7t44vh8rt9mi']) {
      expect(delivered.payloadSchema.safeParse({ ...data, email_id: emailId }).success, emailId).toBe(false);
    }
  });
});

describe('typed ids', () => {
  it('are the prefix and 26 Crockford characters whose first 10 encode the time', () => {
    const id = typedId(createRandom(1), 'em', NOW);
    expect(id).toMatch(typedIdPattern('em'));
    expect(decodeTime(id.slice(3))).toBe(NOW);
    // Bird's own example decodes to a plausible creation time.
    expect(new Date(decodeTime('01krdgeqcxet5s7t44vh8rt9mg')).toISOString()).toBe('2026-05-12T07:12:08.093Z');
  });

  it('are deterministic under a seed and sort by time', () => {
    expect(typedId(createRandom('s'), 'sms', NOW)).toBe(typedId(createRandom('s'), 'sms', NOW));
    expect(typedId(createRandom(1), 'sms', NOW) < typedId(createRandom(1), 'sms', NOW + 1)).toBe(true);
    expect(() => typedId(createRandom(1), 'em', -1)).toThrow(RangeError);
  });

  it('give each API key its own stable workspace id', () => {
    expect(workspaceId('bk_us1_one')).toBe(workspaceId('bk_us1_one'));
    expect(workspaceId('bk_us1_one')).not.toBe(workspaceId('bk_us1_two'));
    expect(workspaceId('bk_us1_one')).toMatch(typedIdPattern('ws'));
  });
});

describe('platform fakers', () => {
  it('count SMS segments as Bird documents: GSM 160/153 septets, UCS2 70/67 units', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ count: 1, encoding: 'GSM_7BIT', characters: 160 });
    expect(smsSegments('a'.repeat(161))).toEqual({ count: 2, encoding: 'GSM_7BIT', characters: 161 });
    // `€` is in the extension table: one character, two septets.
    expect(smsSegments('€'.repeat(80))).toEqual({ count: 1, encoding: 'GSM_7BIT', characters: 80 });
    expect(smsSegments('€'.repeat(81)).count).toBe(2);
    // `ç` is outside GSM 03.38 (only `Ç` is in it); an emoji is a surrogate pair, two units.
    expect(smsSegments('Façade')).toEqual({ count: 1, encoding: 'UCS2', characters: 6 });
    expect(smsSegments('👍'.repeat(35))).toEqual({ count: 1, encoding: 'UCS2', characters: 35 });
    expect(smsSegments('👍'.repeat(36)).count).toBe(2);
  });

  it('price an SMS as the sum of its components, the carrier fee null until priced', () => {
    expect(smsCost('+14155550100', 2, true)).toEqual({
      amount: '0.02180',
      currency_code: 'USD',
      transaction_amount: '0.01580',
      passthrough_amount: '0.00600',
    });
    expect(smsCost('+14155550100', 2, false)).toMatchObject({ amount: '0.01580', passthrough_amount: null });
  });

  it("pick a carrier of the number's own country", () => {
    expect(carrierOf(createRandom(1), '+31612345678').mccMnc).toMatch(/^204/);
    expect(carrierOf(createRandom(1), '+447912345678').mccMnc).toMatch(/^234/);
  });
});

function decodeTime(chars: string): number {
  return [...chars.slice(0, 10)].reduce((time, c) => time * 32 + CROCKFORD_ALPHABET.indexOf(c), 0);
}

// ---------------------------------------------------------------------------------------------
// Compile-time: each schema's output type is the SDK's `data` type, field for field.
// `npm run typecheck` enforces these; vitest only runs the surrounding `it`.

type KnownKey<K> = string extends K ? never : number extends K ? never : symbol extends K ? never : K;
type HasKnownKeys<T> = [keyof { [K in keyof T as KnownKey<K>]: unknown }] extends [never] ? false : true;

/**
 * A type as compared with the SDK's, at every depth: intersections flattened, `readonly` dropped
 * (the SDK marks server-set fields readonly; a JSON payload has no such notion), and the
 * `[key: string]: unknown` index signature of a loose object removed. An object that is only an
 * index signature (`metadata`) keeps it, so a record still differs from `{}`.
 */
type Comparable<T> = T extends readonly (infer Item)[]
  ? Comparable<Item>[]
  : T extends object
    ? HasKnownKeys<T> extends true
      ? { -readonly [K in keyof T as KnownKey<K>]: Comparable<T[K]> }
      : { [key: string]: Comparable<T[string & keyof T]> }
    : T;

/** True when A and B are identical types (TypeScript's own identity relation). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

type SdkData<N extends WebhookEventTypeValue> = Extract<BirdWebhookEvent, { type: N }>['data'];
type Matches<S extends z.ZodType, N extends WebhookEventTypeValue> = Same<Comparable<z.output<S>>, Comparable<SdkData<N>>>;

/** The names whose schema differs from the SDK's data type; `never` when all 54 agree. */
type Mismatched = {
  [N in keyof PlatformEventSchemas]: Matches<PlatformEventSchemas[N], N> extends true ? never : N;
}[keyof PlatformEventSchemas];

/** Compiles only when `T` is `never`; otherwise the compiler's error names the types in `T`. */
function expectNone<T extends never>(): T[] {
  return [];
}

describe('schemas against the SDK types (compile time)', () => {
  it("agree with each event's data type in @messagebird/sdk 0.63.0", () => {
    // On a mismatch, `npm run typecheck` says e.g. `Type '"sms.sent"' does not satisfy the constraint 'never'`.
    expect(expectNone<Mismatched>()).toEqual([]);
  });

  it('tell near misses apart: the comparison is not vacuous', () => {
    // sms.received is `EventSmsBase & unknown & {...}`, with readonly nested fields and open enums.
    const Cost = z.looseObject({
      amount: z.string(),
      currency_code: z.string(),
      transaction_amount: z.string().nullable(),
      passthrough_amount: z.string().nullable(),
    });
    const Received = z.looseObject({
      sms_id: z.string(),
      workspace_id: z.string(),
      to: z.string(),
      from: z.string(),
      tags: z.array(z.looseObject({ name: z.string(), value: z.string() })).nullable(),
      metadata: z.record(z.string(), z.unknown()).nullable(),
      cost: Cost.nullable().optional(),
      text: z.string().optional(),
      segments: z.looseObject({ count: z.number(), encoding: z.enum(['GSM_7BIT', 'UCS2']), characters: z.number() }),
      carrier: z.string().optional(),
      mcc_mnc: z.string().optional(),
      subject: z.string().optional(),
    });
    expectTypeOf<Matches<typeof Received, 'sms.received'>>().toEqualTypeOf<true>();
    // Each `_…` schema exists only for its type: a control the comparison must refuse.
    // Required where the SDK says optional, and the reverse.
    const _RequiredText = Received.required({ text: true });
    expectTypeOf<Matches<typeof _RequiredText, 'sms.received'>>().toEqualTypeOf<false>();
    const _OptionalFrom = Received.partial({ from: true });
    expectTypeOf<Matches<typeof _OptionalFrom, 'sms.received'>>().toEqualTypeOf<false>();
    // Missing or extra field; nullability lost.
    const _NoSubject = Received.omit({ subject: true });
    expectTypeOf<Matches<typeof _NoSubject, 'sms.received'>>().toEqualTypeOf<false>();
    const _Extra = Received.extend({ media: z.string().optional() });
    expectTypeOf<Matches<typeof _Extra, 'sms.received'>>().toEqualTypeOf<false>();
    const _NotNullable = Received.extend({ cost: Cost.optional() });
    expectTypeOf<Matches<typeof _NotNullable, 'sms.received'>>().toEqualTypeOf<false>();
    // A closed enum widened to string; metadata narrowed to an empty object.
    const _Widened = Received.extend({ segments: z.looseObject({ count: z.number(), encoding: z.string(), characters: z.number() }) });
    expectTypeOf<Matches<typeof _Widened, 'sms.received'>>().toEqualTypeOf<false>();
    const _NoMetadata = Received.extend({ metadata: z.looseObject({ order_id: z.string() }).nullable() });
    expectTypeOf<Matches<typeof _NoMetadata, 'sms.received'>>().toEqualTypeOf<false>();
    // An open enum (`"email" | … | (string & {})`) is not a plain string, nor the closed list.
    const Verified = z.looseObject({
      verification_id: z.string(),
      workspace_id: z.string(),
      to: z.looseObject({ email: z.string().optional(), phone_number: z.string().optional() }),
      metadata: z.record(z.string(), z.unknown()).nullable(),
      status: z.string(),
      channel: z.enum(['email', 'sms', 'whatsapp', 'telegram', 'voice']).nullable(),
      verified_at: z.string(),
    });
    expectTypeOf<Matches<typeof Verified, 'verify.verification.verified'>>().toEqualTypeOf<false>();
    const _PlainString = Verified.extend({ channel: z.string().nullable() });
    expectTypeOf<Matches<typeof _PlainString, 'verify.verification.verified'>>().toEqualTypeOf<false>();
  });
});
