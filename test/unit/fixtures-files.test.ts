import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { envelopeTimestamp } from '../../src/apis/platform/envelope.js';
import { PLATFORM_EVENTS } from '../../src/apis/platform/events/index.js';
import { BUILT_IN_EVENTS } from '../../src/catalogue/catalogue.js';
import { VIRTUAL_CLOCK_START } from '../../src/clock/virtual-clock.js';
import { loadFixture, SHIPPED_FIXTURES_DIR } from '../../src/fixtures/load.js';
import { FIXTURE_FILE_SCHEMAS, fixtureJsonSchema, NotificationsEventFixtureSchema } from '../../src/fixtures/schemas.js';
import { createRandom } from '../../src/random.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [relative(FIXTURES, join(dir, entry.name))],
  );
}

const files = filesUnder(FIXTURES).sort();
const events = files.filter((f) => f.startsWith('events/'));
const platformEvents = files.filter((f) => f.startsWith('platform-events/'));
const scenarios = files.filter((f) => f.startsWith('scenarios/'));
const schemas = files.filter((f) => f.startsWith('schema/'));

describe('the shipped fixtures/ folder', () => {
  it('holds only files a test below parses (samples, scenarios, the seed and the JSON Schemas)', () => {
    const parsed = [...events, ...platformEvents, ...scenarios, ...schemas];
    expect(files.filter((f) => !parsed.includes(f))).toEqual(['seed.json']);
    expect(SHIPPED_FIXTURES_DIR).toBe(FIXTURES);
  });

  it('has one sample per catalogue event, named after it', () => {
    expect(events.map((f) => f.slice('events/'.length))).toEqual(BUILT_IN_EVENTS.map((e) => `${e.name}.json`).sort());
  });

  // After changing a generator, regenerate the samples: npx vitest run --config test/vitest.config.ts test/unit/fixtures-files.test.ts -u
  it.each(BUILT_IN_EVENTS.map((e) => [e.name, e] as const))(
    'fixtures/events/%s.json is what its generator makes, seeded with its name, at the virtual clock’s start',
    async (name, definition) => {
      const payload = definition.generate({ random: createRandom(`fixtures/${name}`), now: VIRTUAL_CLOCK_START });
      const sample = `${JSON.stringify({ service: definition.service, event: name, payload }, null, 2)}\n`;
      await expect(sample).toMatchFileSnapshot(join(FIXTURES, 'events', `${name}.json`));
    },
  );

  it.each(events)('%s is an event fixture whose payload passes its event schema', async (file) => {
    const fixture = await loadFixture(join(FIXTURES, file));
    expect(fixture.kind).toBe('event');
    if (fixture.kind !== 'event') return;
    const sample = NotificationsEventFixtureSchema.parse(fixture.event);
    expect(`events/${sample.event}.json`).toBe(file);
    // The exact shape of a delivery body: nothing else in a sample.
    expect(Object.keys(sample)).toEqual(['service', 'event', 'payload']);
    const definition = BUILT_IN_EVENTS.find((e) => e.name === sample.event && e.service === sample.service);
    expect(definition, `${file}: no catalogue event ${sample.service}/${sample.event}`).toBeDefined();
    const result = definition?.payloadSchema.safeParse(sample.payload);
    expect(result?.error?.issues ?? []).toEqual([]);
  });

  it('has one sample per platform API event type, named after it', () => {
    expect(platformEvents).toEqual(PLATFORM_EVENTS.map((e) => `platform-events/${e.name}.json`).sort());
  });

  it.each(PLATFORM_EVENTS.map((e) => [e.name, e] as const))(
    'fixtures/platform-events/%s.json is what its generator makes, seeded with its name, at the virtual clock’s start',
    async (name, definition) => {
      const data = definition.generate({ random: createRandom(`fixtures/${name}`), now: VIRTUAL_CLOCK_START });
      const body = { type: name, timestamp: envelopeTimestamp(new Date(VIRTUAL_CLOCK_START).toISOString()), data };
      const file = join(FIXTURES, 'platform-events', `${name}.json`);
      await expect(`${JSON.stringify(body, null, 2)}\n`).toMatchFileSnapshot(file);
      expect((await loadFixture(file)).kind).toBe('event');
      expect(definition.payloadSchema.safeParse(data).error?.issues ?? []).toEqual([]);
    },
  );

  it.each(scenarios)('%s is a valid scenario named after its file, of catalogue events', async (file) => {
    const fixture = await loadFixture(join(FIXTURES, file));
    expect(fixture.kind).toBe('scenario');
    if (fixture.kind !== 'scenario') return;
    expect(`scenarios/${fixture.scenario.name}.json`).toBe(file);
    expect(fixture.scenario.$schema).toBe('../schema/scenario.json');
    for (const step of fixture.scenario.steps) {
      // A fire step names a catalogue event of either API; send and expect steps name none.
      if ('event' in step) expect([...BUILT_IN_EVENTS, ...PLATFORM_EVENTS].some((e) => e.name === step.event)).toBe(true);
    }
  });

  it('ships at least the scenarios the README promises', () => {
    expect(scenarios).toEqual(
      expect.arrayContaining([
        'scenarios/sms-delivered.json',
        'scenarios/email-opened-clicked.json',
        'scenarios/email-bounced.json',
        'scenarios/whatsapp-conversation.json',
        'scenarios/payment-succeeded.json',
        'scenarios/payment-refunded.json',
      ]),
    );
  });

  it('seed.json is a fixture set of subscriptions', async () => {
    const fixture = await loadFixture(join(FIXTURES, 'seed.json'));
    expect(fixture.kind).toBe('set');
    if (fixture.kind !== 'set') return;
    expect(fixture.set.subscriptions.length).toBeGreaterThan(0);
    expect(fixture.set.$schema).toBe('./schema/fixture-set.json');
  });

  it('commits exactly one JSON Schema per file format', () => {
    expect(schemas).toEqual(
      Object.keys(FIXTURE_FILE_SCHEMAS)
        .map((name) => `schema/${name}.json`)
        .sort(),
    );
  });

  // After changing src/fixtures/schemas.ts, regenerate: npx vitest run --config test/vitest.config.ts test/unit/fixtures-files.test.ts -u
  it.each(Object.keys(FIXTURE_FILE_SCHEMAS) as (keyof typeof FIXTURE_FILE_SCHEMAS)[])(
    'fixtures/schema/%s.json is what the zod schema produces',
    async (name) => {
      await expect(`${JSON.stringify(fixtureJsonSchema(name), null, 2)}\n`).toMatchFileSnapshot(join(FIXTURES, 'schema', `${name}.json`));
    },
  );
});
