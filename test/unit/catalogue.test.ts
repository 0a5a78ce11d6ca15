import { describe, expect, it } from 'vitest';
import { BUILT_IN_EVENTS, createCatalogue } from '../../src/catalogue/catalogue.js';
import { generateInteraction } from '../../src/catalogue/events/interactions.js';
import { generateOutboundMessage } from '../../src/catalogue/events/messages.js';
import { filterValue, readPayloadValue } from '../../src/catalogue/read-path.js';
import type { EventDefinition, Payload } from '../../src/catalogue/types.js';
import { EMAIL_FAILURE_REASONS, INTERACTION_TYPES, PLATFORMS } from '../../src/catalogue/vocabulary.js';
import { createRandom } from '../../src/random.js';

const NOW = Date.UTC(2025, 5, 22, 19, 5, 31, 240);
const SEEDS = [1, 2, 3, 42, 'ci-seed'] as const;
const ISO_MS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Bird's toll-free example writes whole seconds. */
const ISO_SECONDS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const E164 = /^\+[1-9]\d{6,14}$/;

const catalogue = createCatalogue();

function generate(definition: EventDefinition, seed: number | string, now = NOW): Payload {
  return definition.generate({ random: createRandom(seed), now });
}

function event(name: string): EventDefinition {
  const definition = catalogue.find(name);
  if (!definition) throw new Error(`${name} is missing from the catalogue`);
  return definition;
}

/** Every string at a key ending in `At` (createdAt, updatedAt, lastStatusAt, ...), at any depth. */
function timestamps(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => timestamps(item, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key.endsWith('At') && typeof item === 'string') out.push(item);
      else timestamps(item, out);
    }
  }
  return out;
}

const EXPECTED_NAMES = [
  ...PLATFORMS.flatMap((p) => [`${p}.inbound`, `${p}.outbound`, `${p}.interaction`]),
  'channel.created',
  'channel.updated',
  'voice.inbound',
  'voice.outbound',
  '10dlc.brand',
  '10dlc.campaign',
  '10dlc.vetting',
  'tfn.verification',
  'payment.created',
  'payment.succeeded',
  'payment.failed',
  'payment.refunded',
  'conversation.created',
  'conversation.updated',
  'conversation.deleted',
  'template.created',
  'template.updated',
  'template.deleted',
];

describe('the built-in catalogue', () => {
  it('holds exactly the events of SPEC §1.5, grouped by service', () => {
    expect(catalogue.events.map((e) => e.name)).toEqual(EXPECTED_NAMES);
    expect(catalogue.events).toHaveLength(51);
    expect(new Set(catalogue.events.map((e) => e.service))).toEqual(
      new Set(['channels', 'numbers', 'payments', 'conversations', 'templates']),
    );
    expect(BUILT_IN_EVENTS).toHaveLength(51);
  });

  it('assigns each event to its service', () => {
    expect(event('sms.outbound').service).toBe('channels');
    expect(event('voice.inbound').service).toBe('channels');
    expect(event('channel.updated').service).toBe('channels');
    expect(event('tfn.verification').service).toBe('numbers');
    expect(event('payment.failed').service).toBe('payments');
    expect(event('conversation.deleted').service).toBe('conversations');
    expect(event('template.created').service).toBe('templates');
  });

  it('marks the payment events undocumented and every other event documented', () => {
    for (const definition of catalogue.events) {
      expect(definition.documented, definition.name).toBe(definition.service !== 'payments');
    }
  });

  it('names the Bird pages of every event, and says what is ours unless Bird shows the whole payload', () => {
    for (const { name, source } of catalogue.events) {
      expect(source.urls.length, name).toBeGreaterThan(0);
      expect(new Set(source.urls).size, name).toBe(source.urls.length);
      for (const url of source.urls) expect(url, name).toMatch(/^https:\/\/docs\.bird\.com\/api\//);
      if (source.payload !== 'example') expect(source.ours, name).toEqual(expect.any(String));
    }
    const examples = catalogue.events.filter((e) => e.source.payload === 'example').map((e) => e.name);
    expect(examples).toEqual([
      'sms.inbound',
      'whatsapp.inbound',
      'email.inbound',
      'rcs.inbound',
      'line.inbound',
      'telegram.inbound',
      '10dlc.brand',
      '10dlc.campaign',
      'tfn.verification',
    ]);
    expect(catalogue.events.filter((e) => !e.documented).every((e) => e.source.payload === 'none')).toBe(true);
  });

  it('gives every event a description', () => {
    for (const definition of catalogue.events) expect(definition.description.length, definition.name).toBeGreaterThan(10);
  });

  it('finds events by name, and only within the given service', () => {
    expect(catalogue.find('sms.outbound')?.service).toBe('channels');
    expect(catalogue.find('sms.outbound', 'channels')?.name).toBe('sms.outbound');
    expect(catalogue.find('sms.outbound', 'numbers')).toBeUndefined();
    expect(catalogue.find('sms.sideways')).toBeUndefined();
  });
});

describe('payload generators', () => {
  it.each(EXPECTED_NAMES)('%s makes payloads that pass its own schema', (name) => {
    const definition = event(name);
    for (const seed of SEEDS) {
      const result = definition.payloadSchema.safeParse(generate(definition, seed));
      expect(result.error?.issues, `${name} seed ${seed}`).toBeUndefined();
    }
  });

  it.each(EXPECTED_NAMES)('%s is deterministic under a seed and varies between seeds', (name) => {
    const definition = event(name);
    expect(generate(definition, 7)).toEqual(generate(definition, 7));
    expect(generate(definition, 7).id).not.toEqual(generate(definition, 8).id);
    expect(generate(definition, 7).id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it.each(EXPECTED_NAMES)('%s stamps times in RFC 3339 with Z as Bird does, at or before now', (name) => {
    for (const seed of SEEDS) {
      const stamps = timestamps(generate(event(name), seed));
      expect(stamps.length, name).toBeGreaterThan(0);
      for (const stamp of stamps) {
        expect(stamp).toMatch(name === 'tfn.verification' ? ISO_SECONDS_Z : ISO_MS_Z);
        expect(Date.parse(stamp)).toBeLessThanOrEqual(NOW);
        expect(Date.parse(stamp)).toBeGreaterThan(NOW - 31 * 24 * 3_600_000);
      }
    }
  });

  it('follows the clock it is given', () => {
    const later = NOW + 3_600_000;
    expect(generate(event('sms.outbound'), 1, later).updatedAt).toBe(new Date(later).toISOString());
    expect(generate(event('sms.outbound'), 1, later)).not.toEqual(generate(event('sms.outbound'), 1));
  });

  it.each(EXPECTED_NAMES)('%s: every filter key has a value for a generated payload', (name) => {
    const definition = event(name);
    const payload = generate(definition, 3);
    for (const binding of definition.filterKeys) {
      const value = filterValue(binding, payload);
      expect(typeof value, `${name} ${binding.key}`).toBe('string');
      expect(value).not.toBe('');
    }
  });

  it('sends outbound messages as delivered and inbound messages as delivered and incoming', () => {
    for (const platform of PLATFORMS) {
      const outbound = generate(event(`${platform}.outbound`), 5);
      expect(outbound).toMatchObject({ status: 'delivered', direction: 'outgoing', reason: '' });
      expect(outbound.failure).toBeUndefined();
      expect(generate(event(`${platform}.inbound`), 5)).toMatchObject({ status: 'delivered', direction: 'incoming' });
    }
  });

  it('addresses SMS and WhatsApp contacts by E.164 number and e-mail contacts by address', () => {
    for (const seed of SEEDS) {
      for (const platform of ['sms', 'whatsapp'] as const) {
        const message = generate(event(`${platform}.outbound`), seed);
        expect(readPayloadValue(message, 'receiver.contacts.0.identifierKey')).toBe('phonenumber');
        expect(readPayloadValue(message, 'receiver.contacts.0.identifierValue')).toMatch(E164);
        expect(readPayloadValue(generate(event(`${platform}.inbound`), seed), 'sender.contact.identifierValue')).toMatch(E164);
      }
      const email = generate(event('email.outbound'), seed);
      expect(readPayloadValue(email, 'receiver.contacts.0.identifierKey')).toBe('emailaddress');
      expect(readPayloadValue(email, 'receiver.contacts.0.identifierValue')).toMatch(/^[a-z.]+\d+@example\.(com|net|org)$/);
      expect(readPayloadValue(email, 'sender.connector.identifierValue')).toMatch(/@example\.(com|net|org)$/);
      expect(readPayloadValue(email, 'body.type')).toBe('html');
    }
  });

  it('builds text bodies for SMS', () => {
    const body = generate(event('sms.inbound'), 1).body as { type: string; text: { text: string } };
    expect(body.type).toBe('text');
    expect(body.text.text.length).toBeGreaterThan(0);
  });

  it('adds reason, details and failure to failed outbound messages, in Bird’s shape', () => {
    for (const status of ['sending_failed', 'delivery_failed'] as const) {
      for (const seed of SEEDS) {
        const context = { random: createRandom(seed), now: NOW };
        const email = generateOutboundMessage({ platform: 'email', status }, context);
        expect(email.status).toBe(status);
        expect(EMAIL_FAILURE_REASONS).toContain(email.reason);
        expect(email.details).toBe(email.reason);
        expect(email.failure).toEqual({ code: expect.any(Number), source: { name: 'email-messagebird', code: email.reason } });
        expect(event('email.outbound').payloadSchema.safeParse(email).success).toBe(true);

        const sms = generateOutboundMessage({ platform: 'sms', status }, context);
        expect(sms.reason).toMatch(/^details: [a-z ]+; reason: [a-z_]+; code: \d+$/);
        expect(sms.failure).toEqual({
          code: expect.any(Number),
          source: { name: 'sms-messagebird', code: expect.stringMatching(/^\d+$/) },
        });
        expect(event('sms.outbound').payloadSchema.safeParse(sms).success).toBe(true);
      }
    }
  });

  it('makes the variant an override asks for, so the merge is coherent', () => {
    const context = (override: Payload) => ({ random: createRandom(1), now: NOW, override });
    expect(event('sms.outbound').generate(context({ status: 'sending_failed' }))).toMatchObject({ status: 'sending_failed' });
    expect(event('sms.outbound').generate(context({ status: 'sending_failed' })).failure).toBeDefined();
    expect(event('email.inbound').generate(context({ body: { type: 'text' } })).body).toEqual({
      type: 'text',
      text: { text: expect.any(String) },
    });
    expect(event('whatsapp.interaction').generate(context({ type: 'clicked' }))).toMatchObject({
      type: 'clicked',
      details: expect.stringMatching(/^item_\d_clicked$/),
    });
    expect(event('tfn.verification').generate(context({ status: 'rejected' }))).toMatchObject({
      status: 'rejected',
      statusMessage: { statusCode: '1101' },
    });
    expect(event('tfn.verification').generate(context({})).statusMessage).toBeUndefined();
  });

  it('generates the platform-typical interaction, and any requested type', () => {
    expect(generate(event('email.interaction'), 1).type).toBe('opened');
    expect(generate(event('sms.interaction'), 1).type).toBe('clicked');
    expect(generate(event('whatsapp.interaction'), 1).type).toBe('read');
    for (const type of INTERACTION_TYPES) {
      const interaction = generateInteraction({ platform: 'whatsapp', type }, { random: createRandom(1), now: NOW });
      expect(interaction.type).toBe(type);
      expect(event('whatsapp.interaction').payloadSchema.safeParse(interaction).success).toBe(true);
    }
  });

  it('gives payments an integer amount in minor units, and refund or failure details by outcome', () => {
    const refunded = generate(event('payment.refunded'), 1) as { amount: { value: number }; refund: { amount: unknown } };
    expect(Number.isInteger(refunded.amount.value)).toBe(true);
    expect(refunded.refund.amount).toEqual(refunded.amount);
    expect(generate(event('payment.failed'), 1).failureReason).toEqual(expect.any(String));
    expect(generate(event('payment.succeeded'), 1)).toMatchObject({ status: 'succeeded' });
    expect(generate(event('payment.created'), 1)).toMatchObject({ status: 'pending' });
  });
});

describe('payload schemas', () => {
  const sms = () => generate(event('sms.outbound'), 1);

  it('accept fields they do not know, as Bird adds fields over time', () => {
    expect(event('sms.outbound').payloadSchema.safeParse({ ...sms(), batchId: null, custom: { a: 1 } }).success).toBe(true);
  });

  it('reject unknown statuses, directions and interaction types', () => {
    const schema = event('sms.outbound').payloadSchema;
    expect(schema.safeParse({ ...sms(), status: 'read' }).success).toBe(false);
    expect(schema.safeParse({ ...sms(), direction: 'sideways' }).success).toBe(false);
    const inbound = generate(event('sms.inbound'), 1);
    expect(event('sms.inbound').payloadSchema.safeParse({ ...inbound, status: 'sent' }).success).toBe(false);
    const interaction = generate(event('sms.interaction'), 1);
    expect(event('sms.interaction').payloadSchema.safeParse({ ...interaction, type: 'liked' }).success).toBe(false);
    const call = generate(event('voice.inbound'), 1);
    expect(event('voice.inbound').payloadSchema.safeParse({ ...call, status: 'hung-up' }).success).toBe(false);
    const template = generate(event('template.updated'), 1);
    expect(event('template.updated').payloadSchema.safeParse({ ...template, status: 'approved' }).success).toBe(false);
  });

  it('check top-level id formats and timestamps, and take the reason as the platform’s text', () => {
    const schema = event('sms.outbound').payloadSchema;
    expect(schema.safeParse({ ...sms(), id: 'msg-1' }).success).toBe(false);
    expect(schema.safeParse({ ...sms(), createdAt: '22/06/2025 19:05' }).success).toBe(false);
    expect(schema.safeParse({ ...sms(), createdAt: '2025-06-22T19:05:31Z' }).success).toBe(true);
    // Hand-written ids without an RFC 9562 version, as in Bird's own examples, are accepted.
    expect(schema.safeParse({ ...sms(), id: '00000000-0000-0000-0000-000000000001' }).success).toBe(true);
    // Bird's e-mail example has a contact id with 11 digits in its last group.
    expect(
      schema.safeParse({
        ...sms(),
        receiver: {
          contacts: [{ id: '86c4bf7e-d3b4-444e-ae2e-440f3451122', identifierKey: 'phonenumber', identifierValue: '+31612345678' }],
        },
      }).success,
    ).toBe(true);
    const email = generate(event('email.outbound'), 1);
    expect(event('email.outbound').payloadSchema.safeParse({ ...email, reason: 'bounceHard' }).success).toBe(true);
    expect(event('email.outbound').payloadSchema.safeParse({ ...email, reason: '550 5.1.1 mailbox unavailable' }).success).toBe(true);
    expect(event('email.outbound').payloadSchema.safeParse({ ...email, reason: 550 }).success).toBe(false);
  });

  it('require only what every Bird example of the event shows: nothing for events Bird shows no payload of', () => {
    const { id: _id, ...withoutId } = sms();
    expect(event('sms.outbound').payloadSchema.safeParse(withoutId).success).toBe(false);
    const { channelId: _channelId, ...withoutChannel } = sms();
    expect(event('sms.outbound').payloadSchema.safeParse(withoutChannel).success).toBe(false);
    const { createdAt: _createdAt, parts: _parts, ...lean } = sms();
    expect(event('sms.outbound').payloadSchema.safeParse(lean).success).toBe(true);
    for (const name of ['payment.created', 'channel.created', 'voice.inbound', 'template.updated', '10dlc.vetting']) {
      expect(event(name).payloadSchema.safeParse({}).error?.issues, name).toBeUndefined();
    }
    const payment = generate(event('payment.created'), 1);
    const paymentSchema = event('payment.created').payloadSchema;
    expect(paymentSchema.safeParse({ ...payment, amount: { value: 19.99, currency: 'EUR' } }).success).toBe(false);
    expect(paymentSchema.safeParse({ ...payment, amount: { value: 1999, currency: 'euro' } }).success).toBe(false);
  });

  it('let unknown fields through at every depth, and still refuse a known field of the wrong JSON type', () => {
    const schema = event('whatsapp.inbound').payloadSchema;
    const message = generate(event('whatsapp.inbound'), 1);
    const extra = {
      ...message,
      sender: { contact: { ...(message.sender as { contact: object }).contact, extra: { deep: [1] } }, x: 1 },
      body: { type: 'text', text: { text: 'hi', emoji: true } },
    };
    expect(schema.safeParse(extra).error?.issues).toBeUndefined();
    const issues = schema.safeParse({ ...message, parts: [{ platformReference: 42 }] }).error?.issues ?? [];
    expect(issues.map((i) => i.path.join('.'))).toEqual(['parts.0.platformReference']);
  });
});

describe('filter keys (SPEC §1.4)', () => {
  const keys = (name: string) => event(name).filterKeys.map((f) => f.key);
  /** Where each key's value comes from: a payload path, or `=value` for a value the event fixes. */
  const bindings = (name: string) => Object.fromEntries(event(name).filterKeys.map((f) => [f.key, 'path' in f ? f.path : `=${f.value}`]));
  const PLATFORM_IDS = {
    sms: 'sms-messagebird',
    whatsapp: 'whatsapp',
    email: 'email-messagebird',
    rcs: 'rcs-google',
    line: 'line',
    instagram: 'instagram',
    facebook: 'facebook-messenger',
    viber: 'viber',
    linkedin: 'linkedin',
    tiktok: 'tiktok',
    telegram: 'telegram',
  } as const;

  it('gives platform messages channelId, messageStatus and platformId, the last fixed by the platform', () => {
    for (const platform of PLATFORMS) {
      for (const kind of ['inbound', 'outbound']) {
        expect(keys(`${platform}.${kind}`)).toEqual(['channelId', 'messageStatus', 'platformId']);
        expect(bindings(`${platform}.${kind}`)).toEqual({
          channelId: 'channelId',
          messageStatus: 'status',
          platformId: `=${PLATFORM_IDS[platform]}`,
        });
      }
    }
  });

  it('gives interactions channelId, interactionType and platformId', () => {
    for (const platform of PLATFORMS) {
      expect(bindings(`${platform}.interaction`)).toEqual({
        channelId: 'channelId',
        interactionType: 'type',
        platformId: `=${PLATFORM_IDS[platform]}`,
      });
      expect(keys(`${platform}.interaction`)).toEqual(['channelId', 'interactionType', 'platformId']);
      // The interaction object itself carries the same platformId.
      expect(generate(event(`${platform}.interaction`), 1).platformId).toBe(PLATFORM_IDS[platform]);
    }
  });

  it('puts no platformId in any message, as no Bird message has one', () => {
    for (const platform of PLATFORMS) {
      for (const kind of ['inbound', 'outbound']) expect(generate(event(`${platform}.${kind}`), 1)).not.toHaveProperty('platformId');
    }
  });

  it('reads a channel event’s channelId from its id', () => {
    for (const name of ['channel.created', 'channel.updated']) {
      expect(keys(name)).toEqual(['channelId', 'platformId', 'channelStatus']);
      expect(bindings(name)).toEqual({ channelId: 'id', platformId: 'platformId', channelStatus: 'status' });
    }
    const channel = generate(event('channel.created'), 1);
    expect(readPayloadValue(channel, 'id')).toBe(channel.id);
  });

  it('gives voice events channelId and status', () => {
    expect(bindings('voice.inbound')).toEqual({ channelId: 'channelId', status: 'status' });
    expect(keys('voice.outbound')).toEqual(['channelId', 'status']);
  });

  it('gives conversations channelId and templates platformId', () => {
    for (const name of ['conversation.created', 'conversation.updated', 'conversation.deleted']) {
      expect(bindings(name)).toEqual({ channelId: 'channelId' });
    }
    for (const name of ['template.created', 'template.updated', 'template.deleted']) {
      expect(bindings(name)).toEqual({ platformId: 'platformId' });
    }
  });

  it('gives numbers and payment events no filters', () => {
    const unfiltered = catalogue.events.filter((e) => e.service === 'numbers' || e.service === 'payments');
    expect(unfiltered).toHaveLength(8);
    for (const { name } of unfiltered) expect(keys(name), name).toEqual([]);
  });

  it('always lists channelId first', () => {
    for (const definition of catalogue.events) {
      const index = definition.filterKeys.findIndex((f) => f.key === 'channelId');
      expect(index === -1 || index === 0, definition.name).toBe(true);
    }
  });
});

describe('availableWebhooks', () => {
  it('answers in Bird’s shape with every service, in order', () => {
    const { results } = catalogue.availableWebhooks();
    expect(results.map((r) => r.service)).toEqual(['channels', 'numbers', 'payments', 'conversations', 'templates']);
    expect(results.reduce((n, r) => n + r.events.length, 0)).toBe(51);
    const channels = results[0];
    expect(channels?.events[0]).toEqual({ name: 'sms.inbound', filterKeys: ['channelId', 'messageStatus', 'platformId'] });
    expect(channels?.events.find((e) => e.name === 'channel.created')).toEqual({
      name: 'channel.created',
      filterKeys: ['channelId', 'platformId', 'channelStatus'],
    });
    expect(results.find((r) => r.service === 'numbers')?.events).toEqual([
      { name: '10dlc.brand', filterKeys: [] },
      { name: '10dlc.campaign', filterKeys: [] },
      { name: '10dlc.vetting', filterKeys: [] },
      { name: 'tfn.verification', filterKeys: [] },
    ]);
  });

  it('narrows to one service', () => {
    const { results } = catalogue.availableWebhooks('payments');
    expect(results).toEqual([
      {
        service: 'payments',
        events: ['payment.created', 'payment.succeeded', 'payment.failed', 'payment.refunded'].map((name) => ({
          name,
          filterKeys: [],
        })),
      },
    ]);
    expect(catalogue.availableWebhooks('templates').results.map((r) => r.service)).toEqual(['templates']);
  });

  it('returns a fresh answer, so a caller cannot change the catalogue', () => {
    const first = catalogue.availableWebhooks('numbers');
    first.results[0]?.events.pop();
    expect(catalogue.availableWebhooks('numbers').results[0]?.events).toHaveLength(4);
  });
});
