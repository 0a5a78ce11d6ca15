import { describe, expect, it } from 'vitest';
import { createCatalogue } from '../../src/catalogue/catalogue.js';
import type { EventDefinition, Payload } from '../../src/catalogue/types.js';
import type { EventFilter, Subscription } from '../../src/domain/subscription.js';
import { matchSubscriptions, subscriptionReceives } from '../../src/apis/notifications/filtering.js';
import { deepMerge } from '../../src/objects.js';
import { createRandom } from '../../src/random.js';

const catalogue = createCatalogue();
const ORG_A = '11111111-1111-4111-8111-111111111111';
const ORG_B = '22222222-2222-4222-8222-222222222222';
const WS = '33333333-3333-4333-8333-333333333333';
let nextId = 0;

function definition(name: string): EventDefinition {
  const found = catalogue.find(name);
  if (!found) throw new Error(`${name} is not in the catalogue`);
  return found;
}

/** A generated payload of `name` with `fields` merged in, checked against the event's schema. */
function payload(name: string, fields: Payload = {}): Payload {
  const def = definition(name);
  const merged = deepMerge(def.generate({ random: createRandom(7), now: Date.UTC(2025, 5, 22) }), fields);
  def.payloadSchema.parse(merged);
  return merged;
}

function subscription(event: string, eventFilters: EventFilter[] = [], extra: Partial<Subscription> = {}): Subscription {
  const def = definition(event);
  nextId++;
  return {
    id: `00000000-0000-4000-8000-${String(nextId).padStart(12, '0')}`,
    organizationId: ORG_A,
    workspaceId: WS,
    service: def.service ?? 'channels',
    event,
    eventFilters,
    url: 'https://app.example.com/webhooks/bird',
    status: 'active',
    createdAt: '2025-06-22T19:05:31.240Z',
    updatedAt: '2025-06-22T19:05:31.240Z',
    ...extra,
  };
}

const receives = (event: string, filters: EventFilter[], fields: Payload) =>
  subscriptionReceives(subscription(event, filters), definition(event), payload(event, fields));

/**
 * Every filter key of SPEC §1.4 on the events that take it, with the payload field it reads and
 * two valid values of that field.
 */
const KEY_CASES: { key: string; event: string; field: string; value: string; other: string }[] = [
  {
    key: 'channelId',
    event: 'sms.inbound',
    field: 'channelId',
    value: 'aaaaaaaa-0000-4000-8000-000000000001',
    other: 'aaaaaaaa-0000-4000-8000-000000000002',
  },
  {
    key: 'channelId',
    event: 'whatsapp.interaction',
    field: 'channelId',
    value: 'aaaaaaaa-0000-4000-8000-000000000001',
    other: 'aaaaaaaa-0000-4000-8000-000000000002',
  },
  {
    key: 'channelId',
    event: 'channel.created',
    field: 'id',
    value: 'aaaaaaaa-0000-4000-8000-000000000001',
    other: 'aaaaaaaa-0000-4000-8000-000000000002',
  },
  {
    key: 'channelId',
    event: 'voice.outbound',
    field: 'channelId',
    value: 'aaaaaaaa-0000-4000-8000-000000000001',
    other: 'aaaaaaaa-0000-4000-8000-000000000002',
  },
  {
    key: 'channelId',
    event: 'conversation.updated',
    field: 'channelId',
    value: 'aaaaaaaa-0000-4000-8000-000000000001',
    other: 'aaaaaaaa-0000-4000-8000-000000000002',
  },
  { key: 'messageStatus', event: 'sms.outbound', field: 'status', value: 'delivered', other: 'sent' },
  { key: 'messageStatus', event: 'email.outbound', field: 'status', value: 'accepted', other: 'processing' },
  { key: 'interactionType', event: 'email.interaction', field: 'type', value: 'clicked', other: 'opened' },
  { key: 'platformId', event: 'channel.updated', field: 'platformId', value: 'sms-messagebird', other: 'sms-other' },
  { key: 'platformId', event: 'template.created', field: 'platformId', value: 'whatsapp', other: 'email-messagebird' },
  { key: 'channelStatus', event: 'channel.updated', field: 'status', value: 'active', other: 'inactive' },
  { key: 'status', event: 'voice.inbound', field: 'status', value: 'ringing', other: 'completed' },
];

describe('subscriptionReceives: one filter key', () => {
  it.each(KEY_CASES)('$key on $event reads payload.$field', ({ key, event, field, value, other }) => {
    expect(definition(event).filterKeys.map((f) => f.key)).toContain(key);
    expect(receives(event, [{ key, value }], { [field]: value })).toBe(true);
    expect(receives(event, [{ key, value }], { [field]: other })).toBe(false);
  });

  it.each(KEY_CASES)('several $key values on $event are ORed', ({ key, event, field, value, other }) => {
    const filters = [
      { key, value: other },
      { key, value },
    ];
    expect(receives(event, filters, { [field]: value })).toBe(true);
    expect(receives(event, filters, { [field]: other })).toBe(true);
  });
});

describe('subscriptionReceives: a key the event fixes (platformId of <platform>.*)', () => {
  it.each([
    ['sms.inbound', 'sms-messagebird'],
    ['whatsapp.outbound', 'whatsapp'],
    ['rcs.interaction', 'rcs-google'],
    ['facebook.inbound', 'facebook-messenger'],
  ])('%s matches platformId %s whatever its payload holds', (event, platformId) => {
    expect(receives(event, [{ key: 'platformId', value: platformId }], {})).toBe(true);
    // No Bird message has a platformId; one added to a payload changes nothing.
    expect(receives(event, [{ key: 'platformId', value: platformId }], { platformId: 'something-else' })).toBe(true);
    expect(receives(event, [{ key: 'platformId', value: 'email-messagebird' }], { platformId: 'email-messagebird' })).toBe(false);
    expect(
      receives(
        event,
        [
          { key: 'platformId', value: 'email-messagebird' },
          { key: 'platformId', value: platformId },
        ],
        {},
      ),
    ).toBe(true);
  });
});

describe('subscriptionReceives: combinations', () => {
  const CHANNEL = 'aaaaaaaa-0000-4000-8000-000000000001';
  const filters: EventFilter[] = [
    { key: 'channelId', value: CHANNEL },
    { key: 'messageStatus', value: 'delivered' },
    { key: 'messageStatus', value: 'delivery_failed' },
  ];

  it('ANDs different keys and ORs values of the same key', () => {
    expect(receives('sms.outbound', filters, { channelId: CHANNEL, status: 'delivered' })).toBe(true);
    expect(receives('sms.outbound', filters, { channelId: CHANNEL, status: 'delivery_failed' })).toBe(true);
    expect(receives('sms.outbound', filters, { channelId: CHANNEL, status: 'sent' })).toBe(false);
    expect(receives('sms.outbound', filters, { channelId: 'aaaaaaaa-0000-4000-8000-000000000009', status: 'delivered' })).toBe(false);
  });

  it('ANDs three keys on an interaction', () => {
    const three: EventFilter[] = [
      { key: 'channelId', value: CHANNEL },
      { key: 'interactionType', value: 'read' },
      { key: 'platformId', value: 'whatsapp' },
    ];
    expect(receives('whatsapp.interaction', three, { channelId: CHANNEL, type: 'read' })).toBe(true);
    expect(receives('whatsapp.interaction', three, { channelId: CHANNEL, type: 'reaction' })).toBe(false);
    expect(receives('sms.interaction', three, { channelId: CHANNEL, type: 'read' })).toBe(false);
  });

  it('ANDs channelStatus with platformId on channel events', () => {
    const both: EventFilter[] = [
      { key: 'platformId', value: 'sms-messagebird' },
      { key: 'channelStatus', value: 'active' },
    ];
    expect(receives('channel.created', both, { platformId: 'sms-messagebird', status: 'active' })).toBe(true);
    expect(receives('channel.created', both, { platformId: 'sms-messagebird', status: 'inactive' })).toBe(false);
    expect(receives('channel.created', both, { platformId: 'email-messagebird', status: 'active' })).toBe(false);
  });

  it('ORs several voice status filters and ANDs them with the channel', () => {
    const voice: EventFilter[] = [
      { key: 'channelId', value: CHANNEL },
      { key: 'status', value: 'completed' },
      { key: 'status', value: 'no-answer' },
      { key: 'status', value: 'busy' },
    ];
    for (const status of ['completed', 'no-answer', 'busy']) {
      expect(receives('voice.outbound', voice, { channelId: CHANNEL, status })).toBe(true);
    }
    expect(receives('voice.outbound', voice, { channelId: CHANNEL, status: 'ringing' })).toBe(false);
  });

  it('lets a subscription without filters receive every event of its name', () => {
    expect(receives('sms.outbound', [], { status: 'sent' })).toBe(true);
    expect(receives('10dlc.brand', [], {})).toBe(true);
  });

  it('never matches a filter key the event does not have, nor a payload without the field', () => {
    expect(receives('template.created', [{ key: 'channelId', value: CHANNEL }], {})).toBe(false);
    const def = definition('sms.inbound');
    const withoutChannel = payload('sms.inbound');
    delete withoutChannel.channelId;
    expect(subscriptionReceives(subscription('sms.inbound', [{ key: 'channelId', value: CHANNEL }]), def, withoutChannel)).toBe(false);
  });

  it('never delivers to an inactive subscription, with or without filters', () => {
    const def = definition('sms.inbound');
    const body = payload('sms.inbound');
    expect(subscriptionReceives(subscription('sms.inbound', [], { status: 'inactive' }), def, body)).toBe(false);
    const filtered = subscription('sms.inbound', [{ key: 'platformId', value: 'sms-messagebird' }], { status: 'inactive' });
    expect(subscriptionReceives(filtered, def, body)).toBe(false);
  });
});

describe('matchSubscriptions', () => {
  const def = definition('sms.outbound');
  const body = payload('sms.outbound', { status: 'delivered' });
  const all = subscription('sms.outbound');
  const delivered = subscription('sms.outbound', [{ key: 'messageStatus', value: 'delivered' }]);
  const failed = subscription('sms.outbound', [{ key: 'messageStatus', value: 'delivery_failed' }]);
  const inactive = subscription('sms.outbound', [], { status: 'inactive' });
  const otherOrg = subscription('sms.outbound', [], { organizationId: ORG_B });

  it('keeps the matching active subscriptions in their order', () => {
    expect(matchSubscriptions([all, delivered, failed, inactive, otherOrg], def, body).map((s) => s.id)).toEqual([
      all.id,
      delivered.id,
      otherOrg.id,
    ]);
  });

  it('narrows to one organization when given one', () => {
    expect(matchSubscriptions([all, delivered, otherOrg], def, body, ORG_B).map((s) => s.id)).toEqual([otherOrg.id]);
    expect(matchSubscriptions([all, delivered, otherOrg], def, body, ORG_A).map((s) => s.id)).toEqual([all.id, delivered.id]);
  });
});
