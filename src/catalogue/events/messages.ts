import { defineEvent } from '../define-event.js';
import { digits, INBOUND_TEXTS, isoTimestamp, messageText, msAgo, OUTBOUND_TEXTS, personName } from '../fake-data.js';
import { bindFilterKeys } from '../filter-keys.js';
import { overrideString } from '../read-path.js';
import type { EventDefinition, EventSource, GenerateContext } from '../types.js';
import { FAILED_MESSAGE_STATUSES, OUTBOUND_MESSAGE_STATUSES, type OutboundMessageStatus, type Platform } from '../vocabulary.js';
import { interactionEvent } from './interactions.js';
import { messageBody } from './message-bodies.js';
import { failureFields, type FailedStatus } from './message-failures.js';
import { InboundMessageSchema, OutboundMessageSchema, type InboundMessage, type OutboundMessage } from './message-schemas.js';
import { MESSAGE_STATUS_PAGE, messageParties, PLATFORM_PROFILES, profileOf, type MessageStyle, type PlatformProfile } from './platforms.js';

/**
 * The status `<platform>.outbound` generates unless told otherwise: `delivered`, the receipt a
 * developer usually wires up first, and stable so that a `messageStatus` filter behaves predictably.
 */
export const DEFAULT_OUTBOUND_STATUS: OutboundMessageStatus = 'delivered';

/** The body a platform's messages have unless another type is asked for: html for e-mail, text elsewhere. */
function defaultBodyType(profile: PlatformProfile): string {
  return profile.platform === 'email' ? 'html' : 'text';
}

/**
 * `lastStatusAt`, `createdAt` and `updatedAt`. Bird's 2022 examples have all three equal; its newer
 * ones create the message a few hundred milliseconds before its last status.
 */
function statusTimes(now: number, createdMsAgo: number) {
  const at = isoTimestamp(now);
  return { lastStatusAt: at, createdAt: isoTimestamp(now - createdMsAgo), updatedAt: at };
}

/** The fields a style adds after `direction`, in Bird's order, around the timestamps. */
function trailingFields(style: MessageStyle, times: { lastStatusAt: string; createdAt: string; updatedAt: string }) {
  return {
    ...(style.contextAndBatch && { context: {} }),
    ...(style.chargeableUnits && { chargeableUnits: 1 }),
    lastStatusAt: times.lastStatusAt,
    createdAt: times.createdAt,
    updatedAt: times.updatedAt,
    ...(style.contextAndBatch && { batchId: null }),
  };
}

/**
 * Makes a received message (`<platform>.inbound`), field for field as Bird's most recent example of
 * the platform. `body.type` in the override picks the body: `text`, `html`, `image`, `file`
 * (a PDF document), `location`, or any other type left for the caller to fill.
 */
export function generateInboundMessage(platform: Platform, context: GenerateContext): InboundMessage {
  const { random } = context;
  const profile = profileOf(platform);
  const { style } = profile;
  const parties = messageParties(profile, random);
  const id = random.uuid();
  const type = overrideString(context, 'body.type') ?? defaultBodyType(profile);
  const body = messageBody(random, { type, text: messageText(random, INBOUND_TEXTS), messageId: id });
  const contact = profile.sharesContactName ? { ...parties.contact, annotations: { name: personName(random) } } : parties.contact;
  const connector = connectorAsReceiver(parties.connector, style);
  const meta = typeof style.meta === 'function' ? style.meta(parties, context) : style.meta === 'empty' ? {} : undefined;
  const times = statusTimes(context.now, style.staggered ? random.int(100, 400) : 0);
  return {
    id,
    channelId: parties.channelId,
    sender: { contact },
    receiver: { connector },
    body,
    ...(meta !== undefined && { meta }),
    ...(style.reference && { reference: '' }),
    parts: [{ platformReference: profile.platformReference(random, parties) }],
    status: 'delivered',
    ...(style.reason && { reason: '' }),
    ...(style.details && { details: '' }),
    direction: 'incoming',
    ...trailingFields(style, times),
  };
}

function connectorAsReceiver(connector: { id: string; identifierValue: string }, style: MessageStyle) {
  if (style.connectorIdentifier === 'absent') return { id: connector.id };
  return { id: connector.id, identifierValue: style.connectorIdentifier === 'empty' ? '' : connector.identifierValue };
}

/** Options of {@link generateOutboundMessage}. */
export interface GenerateOutboundMessageOptions {
  platform: Platform;
  /** @default the override's `status` when it is an outbound status, else DEFAULT_OUTBOUND_STATUS (`delivered`) */
  status?: OutboundMessageStatus;
}

/**
 * Makes a sent message (`<platform>.outbound`): Bird's message object from the channel's connector
 * to a contact. The failed statuses (asked for by the override's `status`) also get `reason`,
 * `details` and `failure` as Bird's failure examples show them; for e-mail, a `details` or
 * `reason` in the override that is one of Bird's e-mail values is kept.
 */
export function generateOutboundMessage(options: GenerateOutboundMessageOptions, context: GenerateContext): OutboundMessage {
  const { random, now } = context;
  const profile = profileOf(options.platform);
  const status = options.status ?? outboundStatus(overrideString(context, 'status'));
  const parties = messageParties(profile, random);
  const id = random.uuid();
  const type = overrideString(context, 'body.type') ?? defaultBodyType(profile);
  const body = messageBody(random, { type, text: messageText(random, OUTBOUND_TEXTS), messageId: id });
  const createdAt = msAgo({ random, now }, 2_000, 120_000);
  const failure = isFailed(status)
    ? failureFields(profile, status, random, overrideString(context, 'details') ?? overrideString(context, 'reason'))
    : undefined;
  return {
    id,
    channelId: parties.channelId,
    sender: { connector: parties.connector },
    receiver: { contacts: [parties.contact] },
    body,
    reference: `order-${digits(random, 6)}`,
    parts: [{ platformReference: profile.platformReference(random, parties) }],
    status,
    reason: failure?.reason ?? '',
    direction: 'outgoing',
    ...(failure && { details: failure.details, failure: failure.failure }),
    ...trailingFields(profile.style, statusTimes(now, now - createdAt)),
  };
}

function outboundStatus(requested: string | undefined): OutboundMessageStatus {
  return (OUTBOUND_MESSAGE_STATUSES as readonly string[]).includes(requested ?? '')
    ? (requested as OutboundMessageStatus)
    : DEFAULT_OUTBOUND_STATUS;
}

function isFailed(status: OutboundMessageStatus): status is FailedStatus {
  return (FAILED_MESSAGE_STATUSES as readonly string[]).includes(status);
}

const FAILURE_DOCS = `${MESSAGE_STATUS_PAGE}/message-failure-sources`;

/** Where Bird documents a platform's sent messages: statuses everywhere, failure fields for SMS, the object for e-mail. */
function outboundSource(profile: PlatformProfile): EventSource {
  const common =
    'Bird shows no complete sent message: the fields follow its inbound example of the platform with sender and receiver swapped ' +
    '(receiver.contacts as in its send-message API), without meta; reference values are ours.';
  if (profile.platform === 'sms') {
    return {
      payload: 'partial',
      urls: [`${FAILURE_DOCS}/sms-platform-extended-error-codes`, FAILURE_DOCS, MESSAGE_STATUS_PAGE],
      ours: `${common} The failure fields are Bird's two SMS examples.`,
    };
  }
  if (profile.platform === 'email') {
    return {
      payload: 'partial',
      urls: ['https://docs.bird.com/api/channels-api/supported-channels/programmable-email/message-status', MESSAGE_STATUS_PAGE],
      ours: `${common} A failed e-mail carries Bird's documented value in both reason and details; failure.code is ours.`,
    };
  }
  return {
    payload: 'partial',
    urls: [MESSAGE_STATUS_PAGE, FAILURE_DOCS],
    ours: `${common} Failure values are modelled on Bird's SMS examples.`,
  };
}

function messageEvents(profile: PlatformProfile): EventDefinition[] {
  const { platform, label } = profile;
  // @note No Bird message carries a platformId: the filter matches the platform the event is for.
  const messageFilters = bindFilterKeys({ channelId: 'channelId', messageStatus: 'status', platformId: { value: profile.platformId } });
  return [
    defineEvent({
      name: `${platform}.inbound`,
      service: 'channels',
      filterKeys: messageFilters,
      source: profile.inboundSource,
      description: `An inbound ${label} message was received (generated with a ${defaultBodyType(profile)} body).`,
      payloadSchema: InboundMessageSchema,
      generate: (context) => generateInboundMessage(platform, context),
    }),
    defineEvent({
      name: `${platform}.outbound`,
      service: 'channels',
      filterKeys: messageFilters,
      source: outboundSource(profile),
      description: `A sent ${label} message changed status (generated as \`${DEFAULT_OUTBOUND_STATUS}\`).`,
      payloadSchema: OutboundMessageSchema,
      generate: (context) => generateOutboundMessage({ platform }, context),
    }),
    interactionEvent(profile),
  ];
}

/** `<platform>.inbound`, `.outbound` and `.interaction` for every platform of SPEC §1.5. */
export const MESSAGE_EVENTS: readonly EventDefinition[] = PLATFORM_PROFILES.flatMap(messageEvents);
