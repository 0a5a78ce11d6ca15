import type { z } from 'zod';
import type { Random } from '../../random.js';
import { defineEvent } from '../define-event.js';
import { digits, hex, INBOUND_TEXTS, isoTimestamp, messageText, msAgo, OUTBOUND_TEXTS, personName } from '../fake-data.js';
import { bindFilterKeys } from '../filter-keys.js';
import type { EventDefinition, GenerateContext } from '../types.js';
import {
  EMAIL_FAILURE_REASONS,
  FAILED_MESSAGE_STATUSES,
  type InteractionType,
  type OutboundMessageStatus,
  type Platform,
} from '../vocabulary.js';
import { inboundMessageSchema, interactionSchema, outboundMessageSchema } from './message-schemas.js';
import { PLATFORM_PROFILES, type PlatformProfile } from './platforms.js';

type InboundMessage = z.output<ReturnType<typeof inboundMessageSchema>>;
type OutboundMessage = z.output<ReturnType<typeof outboundMessageSchema>>;
type Interaction = z.output<ReturnType<typeof interactionSchema>>;

/**
 * The status `<platform>.outbound` generates unless told otherwise: `delivered`, the receipt a
 * developer usually wires up first, and stable so that a `messageStatus` filter behaves predictably.
 */
export const DEFAULT_OUTBOUND_STATUS: OutboundMessageStatus = 'delivered';

const NON_EMAIL_FAILURES = [
  { reason: 'Unknown subscriber', code: 1 },
  { reason: 'Absent subscriber', code: 27 },
  { reason: 'Blocked by carrier', code: 103 },
  { reason: 'Invalid destination', code: 21 },
] as const;

const MESSAGE_TAGS = [[], ['onboarding'], ['order-update'], ['promo', 'spring-sale']] as const;

/** The ids and addresses of one message, shared by the message and its interactions. */
interface Parties {
  channelId: string;
  connector: { id: string; identifierValue: string };
  contact: { id: string; identifierKey: string; identifierValue: string };
}

function parties(profile: PlatformProfile, random: Random): Parties {
  const channelIdentifier = profile.channelIdentifier(random);
  return {
    channelId: random.uuid(),
    connector: { id: random.uuid(), identifierValue: channelIdentifier },
    contact: {
      id: random.uuid(),
      identifierKey: profile.identifierKey(channelIdentifier),
      identifierValue: profile.contactIdentifier(random),
    },
  };
}

function body(profile: PlatformProfile, text: string) {
  if (profile.platform !== 'email') return { type: 'text', text: { text } };
  return { type: 'html', html: { text, html: `<p>${text}</p>` } };
}

function emailSubject(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function profileOf(platform: Platform): PlatformProfile {
  const profile = PLATFORM_PROFILES.find((p) => p.platform === platform);
  if (profile === undefined) throw new RangeError(`unknown platform ${platform}`);
  return profile;
}

/** Makes a received message (`<platform>.inbound`). */
export function generateInboundMessage(platform: Platform, { random, now }: GenerateContext): InboundMessage {
  const profile = profileOf(platform);
  const { channelId, connector, contact } = parties(profile, random);
  const text = messageText(random, INBOUND_TEXTS);
  const createdAt = isoTimestamp(msAgo({ random, now }, 0, 2_000));
  return {
    id: random.uuid(),
    channelId,
    platformId: profile.platformId,
    sender: { contact: profile.sharesContactName ? { ...contact, annotations: { name: personName(random) } } : contact },
    receiver: { connector },
    body: body(profile, text),
    ...(profile.platform === 'email' ? { meta: { email: { subject: emailSubject(text) } } } : {}),
    reference: '',
    parts: [{ platformReference: hex(random, 32) }],
    status: 'delivered',
    reason: '',
    direction: 'incoming',
    chargeableUnits: 1,
    lastStatusAt: isoTimestamp(now),
    createdAt,
    updatedAt: isoTimestamp(now),
  };
}

/** Options of {@link generateOutboundMessage}. */
export interface GenerateOutboundMessageOptions {
  platform: Platform;
  /** @default DEFAULT_OUTBOUND_STATUS (`delivered`) */
  status?: OutboundMessageStatus;
}

/**
 * Makes a sent message (`<platform>.outbound`). The failed statuses also get `reason` (one of
 * Bird's e-mail reasons for e-mail), `details` and `failure`.
 */
export function generateOutboundMessage(options: GenerateOutboundMessageOptions, { random, now }: GenerateContext): OutboundMessage {
  const profile = profileOf(options.platform);
  const status = options.status ?? DEFAULT_OUTBOUND_STATUS;
  const { channelId, connector, contact } = parties(profile, random);
  const text = messageText(random, OUTBOUND_TEXTS);
  const message: OutboundMessage = {
    id: random.uuid(),
    channelId,
    platformId: profile.platformId,
    sender: { connector },
    receiver: { contacts: [contact] },
    body: body(profile, text),
    ...(profile.platform === 'email' ? { meta: { email: { subject: emailSubject(text) } } } : {}),
    reference: `order-${digits(random, 6)}`,
    parts: [{ platformReference: hex(random, 32) }],
    status,
    reason: '',
    direction: 'outgoing',
    chargeableUnits: 1,
    lastStatusAt: isoTimestamp(now),
    createdAt: isoTimestamp(msAgo({ random, now }, 2_000, 120_000)),
    updatedAt: isoTimestamp(now),
  };
  if (!(FAILED_MESSAGE_STATUSES as readonly string[]).includes(status)) return message;
  return { ...message, ...failureFields(profile, random) };
}

function failureFields(profile: PlatformProfile, random: Random) {
  if (profile.platform === 'email') {
    const reason = random.pick(EMAIL_FAILURE_REASONS);
    return {
      reason,
      details: `The receiving mail server answered: ${reason}`,
      failure: { code: random.int(500, 554), description: reason, source: { code: 'smtp', name: profile.platformId } },
    };
  }
  const failure = random.pick(NON_EMAIL_FAILURES);
  return {
    reason: failure.reason,
    details: `The carrier reported: ${failure.reason}`,
    failure: {
      code: failure.code,
      description: failure.reason,
      source: { code: String(failure.code), name: profile.platformId },
    },
  };
}

/** Options of {@link generateInteraction}. */
export interface GenerateInteractionOptions {
  platform: Platform;
  /** @default the platform's typical interaction: `opened` for e-mail, `clicked` for SMS, `read` otherwise */
  type?: InteractionType;
}

/** Makes an interaction with a sent message (`<platform>.interaction`). */
export function generateInteraction(options: GenerateInteractionOptions, { random, now }: GenerateContext): Interaction {
  const profile = profileOf(options.platform);
  const type = options.type ?? profile.defaultInteraction;
  const { channelId, contact } = parties(profile, random);
  const messageId = random.uuid();
  const link = `https://example.com/l/${random.string(8)}`;
  return {
    id: random.uuid(),
    messageId,
    channelId,
    platformId: profile.platformId,
    type,
    messageReference: `order-${digits(random, 6)}`,
    messagePartsCount: 1,
    messageTags: [...random.pick(MESSAGE_TAGS)],
    receiver: { contacts: [contact] },
    createdAt: isoTimestamp(now),
    details: type === 'clicked' ? link : `Message ${type}`,
    context: {},
    ...(type === 'clicked' ? { metadata: { link: { name: 'Track your order', url: link } } } : {}),
    ...(type === 'reaction' ? { metadata: { reaction: { emoji: '👍', action: 'react' } } } : {}),
  };
}

function messageEvents(profile: PlatformProfile): EventDefinition[] {
  const { platform, label } = profile;
  const messageFilters = bindFilterKeys({ channelId: 'channelId', messageStatus: 'status', platformId: 'platformId' });
  return [
    defineEvent({
      name: `${platform}.inbound`,
      service: 'channels',
      filterKeys: messageFilters,
      description: `An inbound ${label} message was received.`,
      payloadSchema: inboundMessageSchema(profile),
      generate: (context) => generateInboundMessage(platform, context),
    }),
    defineEvent({
      name: `${platform}.outbound`,
      service: 'channels',
      filterKeys: messageFilters,
      description: `A sent ${label} message changed status (generated as \`${DEFAULT_OUTBOUND_STATUS}\`).`,
      payloadSchema: outboundMessageSchema(profile),
      generate: (context) => generateOutboundMessage({ platform }, context),
    }),
    defineEvent({
      name: `${platform}.interaction`,
      service: 'channels',
      filterKeys: bindFilterKeys({ channelId: 'channelId', interactionType: 'type', platformId: 'platformId' }),
      description: `A recipient interacted with a sent ${label} message (generated as \`${profile.defaultInteraction}\`).`,
      payloadSchema: interactionSchema(profile),
      generate: (context) => generateInteraction({ platform }, context),
    }),
  ];
}

/** `<platform>.inbound`, `.outbound` and `.interaction` for every platform of SPEC §1.5. */
export const MESSAGE_EVENTS: readonly EventDefinition[] = PLATFORM_PROFILES.flatMap(messageEvents);
