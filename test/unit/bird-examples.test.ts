import { describe, expect, it } from 'vitest';
import { createCatalogue } from '../../src/catalogue/catalogue.js';
import type { Payload } from '../../src/catalogue/types.js';
import {
  INBOUND_MESSAGE_STATUSES,
  INTERACTION_TYPES,
  MESSAGE_DIRECTIONS,
  OUTBOUND_MESSAGE_STATUSES,
} from '../../src/catalogue/vocabulary.js';
import { deepMerge } from '../../src/objects.js';
import { createRandom } from '../../src/random.js';
import { BIRD_EXAMPLES, examplePayload, readExample, type BirdExample } from '../fixtures-bird/examples.js';
import { hasPath, shapeOf, withoutPaths } from '../helpers/shape.js';

/**
 * The generated payload of every event Bird publishes an example of has Bird's shape: the same
 * keys at every level, the same JSON types, values from Bird's sets and in Bird's formats. Each
 * case names the page the example is from (see test/fixtures-bird/examples.ts).
 */

const NOW = Date.UTC(2025, 0, 1, 12);
const SEEDS = [1, 2, 3, 'bird'] as const;
const catalogue = createCatalogue();

/** What a fire with the example's variant override delivers: the generated variant with the override merged over it. */
function generated(example: BirdExample, seed: number | string): Payload {
  const definition = catalogue.find(example.event, example.service);
  if (!definition) throw new Error(`no ${example.service} event ${example.event}`);
  const payload = definition.generate({ random: createRandom(seed), now: NOW, override: example.variant });
  return example.variant ? deepMerge(payload, example.variant) : payload;
}

/** Bird's documented values at the paths where it lists them; a generated value must be one of them. */
function birdValues(event: string): Record<string, readonly string[]> {
  const statuses = event.endsWith('.inbound')
    ? INBOUND_MESSAGE_STATUSES
    : event.endsWith('.outbound')
      ? OUTBOUND_MESSAGE_STATUSES
      : event === 'tfn.verification'
        ? ['verified', 'rejected']
        : event.startsWith('10dlc.')
          ? ['PENDING']
          : ['active'];
  return {
    status: statuses,
    direction: MESSAGE_DIRECTIONS,
    'body.type': ['text', 'html', 'image', 'file', 'location'],
    ...(event.endsWith('.interaction') && { type: INTERACTION_TYPES }),
    // The sources on Bird's message-failure-sources page.
    'failure.source.name': ['sms-messagebird', 'email-messagebird', 'whatsapp', 'facebook', 'line', 'apple-business-chat', 'instagram'],
  };
}

/** A string's format, where Bird keeps one: what the generated value at the same path must have too. */
function formatOf(value: string): string | undefined {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return 'a UUID';
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z$/.test(value)) return 'a timestamp with a fraction';
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value)) return 'a timestamp in whole seconds';
  if (/^\+[1-9]\d{6,14}$/.test(value)) return 'an E.164 number';
  if (/^[^@\s]+@[^@\s]+\.[a-z]+$/i.test(value)) return 'an address';
  if (/^https?:\/\/\S+$/.test(value)) return 'a URL';
  if (/^\d+$/.test(value)) return 'digits';
  return undefined;
}

/** The first string at every path (arrays: their first element), as `a.b[].c`. */
function stringsByPath(json: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (typeof json === 'string' && !out.has(prefix)) out.set(prefix, json);
  else if (Array.isArray(json)) json.forEach((item) => stringsByPath(item, `${prefix}[]`, out));
  else if (typeof json === 'object' && json !== null) {
    for (const [key, value] of Object.entries(json)) stringsByPath(value, prefix === '' ? key : `${prefix}.${key}`, out);
  }
  return out;
}

/** For a fragment, only the fields Bird shows are compared. */
function comparable(example: BirdExample, payload: Payload, bird: Payload): Payload {
  if (example.kind !== 'fragment') return payload;
  return Object.fromEntries(Object.keys(bird).map((key) => [key, payload[key]]));
}

describe.each(BIRD_EXAMPLES.map((e) => [`${e.event}: ${e.file}, from ${e.source}`, e] as const))('%s', (_title, example) => {
  const bird = examplePayload(example);

  it('is a valid payload of its event, as published', () => {
    const schema = catalogue.find(example.event, example.service)?.payloadSchema;
    // A fragment is not a payload on its own: it is checked merged over a generated one.
    const payload = example.kind === 'fragment' ? deepMerge(generated(example, 1), bird) : bird;
    expect(schema?.safeParse(payload).error?.issues).toBeUndefined();
  });

  it('is matched field for field and type for type by the generated payload', () => {
    const { onlyGenerated = [], onlyBird = [] } = example.differs ?? {};
    const birdShape = shapeOf(bird);
    for (const seed of SEEDS) {
      const ours = shapeOf(comparable(example, generated(example, seed), bird));
      // Each listed difference is real, so the lists cannot outlive the differences they excuse.
      for (const path of onlyGenerated) expect([path, hasPath(ours, path), hasPath(birdShape, path)]).toEqual([path, true, false]);
      for (const path of onlyBird) expect([path, hasPath(birdShape, path), hasPath(ours, path)]).toEqual([path, true, false]);
      expect(withoutPaths(ours, onlyGenerated), `seed ${seed}`).toEqual(withoutPaths(birdShape, onlyBird));
    }
  });

  it('takes its values from Bird’s sets and writes them in Bird’s formats', () => {
    const sets = birdValues(example.event);
    const birdStrings = stringsByPath(bird);
    for (const seed of SEEDS) {
      const ours = stringsByPath(generated(example, seed));
      for (const [path, allowed] of Object.entries(sets)) {
        if (birdStrings.has(path)) expect(allowed, `Bird's own ${path}`).toContain(birdStrings.get(path));
        if (ours.has(path)) expect(allowed, `${path} (seed ${seed})`).toContain(ours.get(path));
      }
      for (const [path, value] of birdStrings) {
        const format = formatOf(value);
        if (format !== undefined && ours.has(path)) expect([path, formatOf(ours.get(path) ?? '')]).toEqual([path, format]);
      }
    }
  });
});

describe('variants reached by a small override', () => {
  const failures = BIRD_EXAMPLES.filter((e) => e.kind === 'fragment').map((e) => readExample(e.file) as Payload);

  it('{status: "delivery_failed"} on sms.outbound gives one of Bird’s two SMS failures, field for field', () => {
    const example = BIRD_EXAMPLES.find((e) => e.kind === 'fragment') as BirdExample;
    const seen = new Set<string>();
    for (const seed of Array.from({ length: 20 }, (_, i) => i)) {
      const { status, reason, direction, details, failure } = generated(example, seed);
      expect(failures).toContainEqual({ status, reason, direction, details, failure });
      seen.add(String(details));
    }
    expect(seen).toEqual(new Set(['unknown_subscriber', 'received_network_error']));
  });

  it('{body: {type}} gives that body alone, with no text left over from the default', () => {
    const definition = catalogue.find('whatsapp.inbound');
    for (const type of ['image', 'file', 'location', 'carousel']) {
      const override = { body: { type } };
      const payload = deepMerge(definition?.generate({ random: createRandom(1), now: NOW, override }) ?? {}, override);
      expect(Object.keys(payload.body as object).sort()).toEqual(type === 'carousel' ? ['type'] : [type, 'type'].sort());
    }
  });

  it('{receiver: {connector}} on an interaction gives the connector instead of the contacts', () => {
    const definition = catalogue.find('sms.interaction');
    const override = { receiver: { connector: {} } };
    const payload = definition?.generate({ random: createRandom(1), now: NOW, override }) as Payload;
    expect(Object.keys(payload.receiver as object)).toEqual(['connector']);
    expect(Object.keys(definition?.generate({ random: createRandom(1), now: NOW }).receiver as object)).toEqual(['contacts']);
  });

  it('{status: "delivery_failed", details: "bounceSoft"} on email.outbound keeps that reason in reason and details', () => {
    const definition = catalogue.find('email.outbound');
    const override = { status: 'delivery_failed', details: 'bounceSoft' };
    const payload = definition?.generate({ random: createRandom(1), now: NOW, override }) as Payload;
    expect(payload).toMatchObject({ status: 'delivery_failed', reason: 'bounceSoft', details: 'bounceSoft' });
    expect(payload.failure).toEqual({ code: 15005, source: { name: 'email-messagebird', code: 'bounceSoft' } });
  });
});
