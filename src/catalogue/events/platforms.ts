import type { Random } from '../../random.js';
import { digits, emailAddress, hex, nonZeroDigits, phoneNumber, senderEmailAddress } from '../fake-data.js';
import type { EventSource } from '../types.js';
import type { InteractionType, Platform } from '../vocabulary.js';

/** Where the channel messages pages live. */
const CHANNELS_DOCS = 'https://docs.bird.com/api/channels-api';
const SUPPORTED = `${CHANNELS_DOCS}/supported-channels`;
/** Bird's page on message statuses and interactions: event names, statuses, and a WhatsApp delivery. */
export const MESSAGE_STATUS_PAGE = `${CHANNELS_DOCS}/message-status-and-interactions`;

/**
 * Which of Bird's message shapes a platform's messages take. Bird's examples differ by age: the
 * 2022 ones (SMS, WhatsApp, e-mail) have no `reference`, `reason` or `meta`; the 2024 ones (LINE,
 * RCS) add `meta: {}`, `reference: ""`, `reason: ""` and `chargeableUnits`; Telegram (2024) and
 * Apple Messages (2025) add `context: {}` and `batchId: null`. Each platform follows Bird's most
 * recent example of it; platforms Bird shows no message of follow the most recent of all.
 */
export interface MessageStyle {
  /** `receiver.connector.identifierValue` of an inbound message: the channel's address, `""` (WhatsApp), or absent (2022). */
  connectorIdentifier: 'value' | 'empty' | 'absent';
  /** `meta` of an inbound message: absent, `{}`, or `{extraInformation}` built from the parties. */
  meta: 'absent' | 'empty' | ((parties: MessageParties, context: { random: Random; now: number }) => Record<string, unknown>);
  /** `reference: ""` on an inbound message. */
  reference: boolean;
  /** `reason: ""` on an inbound message. */
  reason: boolean;
  /** `details: ""` beside `reason` (Bird's e-mail example). */
  details: boolean;
  /** `chargeableUnits: 1`. */
  chargeableUnits: boolean;
  /** `context: {}` and `batchId: null`. */
  contextAndBatch: boolean;
  /** `createdAt` a moment before `lastStatusAt` and `updatedAt` (2023 on), rather than all three equal (2022). */
  staggered: boolean;
}

/** The addresses of one message: the channel's connector and the contact on the other side. */
export interface MessageParties {
  channelId: string;
  connector: { id: string; identifierValue: string };
  contact: { id: string; identifierKey: string; identifierValue: string };
}

/** How one messaging platform addresses people and channels, for its message events. */
export interface PlatformProfile {
  platform: Platform;
  /** Human name for descriptions. */
  label: string;
  /**
   * Bird's id of the platform, the value a `platformId` filter compares with (Bird's template
   * webhooks page lists them; `email-messagebird` is the e-mail failure source's name).
   */
  platformId: string;
  /** `failure.source.name` of a failed message: the platform's name on Bird's failure-sources page. */
  failureSource: string;
  /** The business side's identifier (the connector's `identifierValue`): a number, address or account id. */
  channelIdentifier(random: Random): string;
  /** A contact's `identifierKey`; social platforms scope contact ids to the business account. */
  identifierKey(channelIdentifier: string): string;
  contactIdentifier(random: Random): string;
  /** Whether the platform shares the person's display name (Bird puts it in `contact.annotations.name`). */
  sharesContactName: boolean;
  /** `parts[].platformReference`: the platform's own message id. */
  platformReference(random: Random, parties: MessageParties): string;
  style: MessageStyle;
  /** What `<platform>.interaction` generates by default: the interaction most typical of the platform. */
  defaultInteraction: InteractionType;
  /** Where Bird documents the platform's inbound messages. */
  inboundSource: EventSource;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Bird's 2022 examples: SMS, e-mail. */
const STYLE_2022: MessageStyle = {
  connectorIdentifier: 'absent',
  meta: 'absent',
  reference: false,
  reason: false,
  details: false,
  chargeableUnits: false,
  contextAndBatch: false,
  staggered: false,
};
/** Bird's 2024 LINE and RCS examples. */
const STYLE_2024: MessageStyle = {
  connectorIdentifier: 'value',
  meta: 'empty',
  reference: true,
  reason: true,
  details: false,
  chargeableUnits: true,
  contextAndBatch: false,
  staggered: true,
};
/** Bird's most recent examples (Telegram 2024, Apple Messages 2025), for platforms Bird shows no message of. */
const STYLE_LATEST: MessageStyle = { ...STYLE_2024, contextAndBatch: true };

/** A platform Bird shows no inbound message of: the message object is Bird's, the identifiers ours. */
function undocumented(label: string): EventSource {
  return {
    payload: 'partial',
    urls: [MESSAGE_STATUS_PAGE],
    ours: `Bird shows no ${label} message: the fields follow its most recent message examples (Telegram, Apple Messages); identifiers and platformReference are ours.`,
  };
}

function receiving(slug: string, ours?: string): EventSource {
  return { payload: 'example', urls: [`${SUPPORTED}/${slug}/receiving-messages`], ...(ours !== undefined && { ours }) };
}

// Bird: e-mail contacts use `emailaddress`; SMS, WhatsApp, RCS and Viber use `phonenumber` (E.164).
const byPhoneNumber = { identifierKey: () => 'phonenumber', contactIdentifier: phoneNumber, sharesContactName: false } as const;

/** One profile per platform, in SPEC §1.5 order. */
export const PLATFORM_PROFILES: readonly PlatformProfile[] = [
  {
    platform: 'sms',
    label: 'SMS',
    platformId: 'sms-messagebird',
    failureSource: 'sms-messagebird',
    channelIdentifier: phoneNumber,
    ...byPhoneNumber,
    platformReference: (random) => hex(random, 32),
    style: STYLE_2022,
    // SMS reports link clicks (short links), not reads.
    defaultInteraction: 'clicked',
    inboundSource: receiving('programmable-sms'),
  },
  {
    platform: 'whatsapp',
    label: 'WhatsApp',
    platformId: 'whatsapp',
    failureSource: 'whatsapp',
    channelIdentifier: phoneNumber,
    ...byPhoneNumber,
    // `wamid.` and the base64 of WhatsApp's binary message id, as in every Bird example.
    platformReference: (random) => `wamid.HBgL${random.string(48, BASE64)}AA==`,
    style: {
      ...STYLE_2022,
      connectorIdentifier: 'empty',
      // WhatsApp's own timestamp of the message, in Unix seconds, a moment before Bird created it.
      meta: (_parties, { random, now }) => ({ extraInformation: { timestamp: String(Math.floor((now - random.int(500, 5_000)) / 1000)) } }),
      reference: true,
      reason: true,
      staggered: true,
    },
    defaultInteraction: 'read',
    inboundSource: {
      payload: 'example',
      urls: [`${SUPPORTED}/programmable-whatsapp/receiving-messages`, MESSAGE_STATUS_PAGE],
      ours: 'Bird’s WhatsApp page shows 2022 messages without meta, reference and reason; its message-status page shows a December 2023 delivery with them, which the generator follows.',
    },
  },
  {
    platform: 'email',
    label: 'e-mail',
    platformId: 'email-messagebird',
    failureSource: 'email-messagebird',
    channelIdentifier: senderEmailAddress,
    identifierKey: () => 'emailaddress',
    contactIdentifier: emailAddress,
    sharesContactName: false,
    // A numeric id at the mail host, as Bird's `1234459590994@mail.mail.com`.
    platformReference: (random, { connector }) =>
      `${nonZeroDigits(random, 13)}@mail.${connector.identifierValue.split('@')[1] ?? 'example.com'}`,
    style: { ...STYLE_2022, reason: true, details: true },
    defaultInteraction: 'opened',
    inboundSource: receiving('programmable-email'),
  },
  {
    platform: 'rcs',
    label: 'RCS',
    platformId: 'rcs-google',
    failureSource: 'rcs-google',
    // An RBM agent address, as Bird's `agent_name@rbm.goog`.
    channelIdentifier: (random) => `acme_shop_${hex(random, 6)}_agent@rbm.goog`,
    ...byPhoneNumber,
    platformReference: (random) => `M${random.string(23, BASE64URL)}`,
    style: STYLE_2024,
    defaultInteraction: 'read',
    inboundSource: receiving('programmable-rcs'),
  },
  {
    platform: 'line',
    label: 'LINE',
    platformId: 'line',
    failureSource: 'line',
    // Bird: the connector is the LINE channel id, and contacts are keyed `line-<channel id>`.
    channelIdentifier: (random) => nonZeroDigits(random, 10),
    identifierKey: (channel) => `line-${channel}`,
    contactIdentifier: (random) => `U${hex(random, 32)}`,
    sharesContactName: true,
    platformReference: (random) => nonZeroDigits(random, 18),
    style: STYLE_2024,
    defaultInteraction: 'read',
    inboundSource: receiving('programmable-line'),
  },
  social('instagram', 'Instagram', 'instagram', 'instagram', (random) => nonZeroDigits(random, 17), 17),
  // @note Bird's templates name the platform `facebook-messenger`; its failure sources call it `facebook`.
  social('facebook', 'Facebook Messenger', 'facebook-messenger', 'facebook', (random) => nonZeroDigits(random, 15), 16),
  {
    platform: 'viber',
    label: 'Viber',
    platformId: 'viber',
    failureSource: 'viber',
    channelIdentifier: () => 'AcmeShop',
    ...byPhoneNumber,
    platformReference: (random) => nonZeroDigits(random, 19),
    style: STYLE_LATEST,
    defaultInteraction: 'read',
    inboundSource: undocumented('Viber'),
  },
  social(
    'linkedin',
    'LinkedIn',
    'linkedin',
    'linkedin',
    (random) => digits(random, 8),
    0,
    (random) => `urn:li:person:${random.string(10)}`,
  ),
  social(
    'tiktok',
    'TikTok',
    'tiktok',
    'tiktok',
    (random) => random.string(24),
    0,
    (random) => random.string(32),
  ),
  {
    platform: 'telegram',
    label: 'Telegram',
    platformId: 'telegram',
    failureSource: 'telegram',
    // Bird: the connector is the bot's id, contacts are keyed `telegram:<bot id>` and valued by chat id.
    channelIdentifier: (random) => nonZeroDigits(random, 10),
    identifierKey: (bot) => `telegram:${bot}`,
    contactIdentifier: (random) => nonZeroDigits(random, 10),
    sharesContactName: true,
    platformReference: (random, { connector, contact }) =>
      `telegram:${connector.identifierValue}:${contact.identifierValue}:${random.int(1, 999)}`,
    style: { ...STYLE_LATEST, meta: (parties) => ({ extraInformation: { ChatID: parties.contact.identifierValue } }) },
    defaultInteraction: 'read',
    inboundSource: receiving('programmable-telegram'),
  },
];

/**
 * A social platform Bird shows no message of. Contacts are keyed `<platform>id-<account id>` after
 * Bird's documented `facebookid-<page id>` (the pattern for the others is our guess) and valued by
 * a digit string of `contactDigits`, or by `contactIdentifier` when given.
 */
function social(
  platform: Platform,
  label: string,
  platformId: string,
  failureSource: string,
  channelIdentifier: (random: Random) => string,
  contactDigits: number,
  contactIdentifier: (random: Random) => string = (random) => nonZeroDigits(random, contactDigits),
): PlatformProfile {
  return {
    platform,
    label,
    platformId,
    failureSource,
    channelIdentifier,
    identifierKey: (account) => `${platform}id-${account}`,
    contactIdentifier,
    sharesContactName: true,
    platformReference: (random) => hex(random, 32),
    style: STYLE_LATEST,
    defaultInteraction: 'read',
    inboundSource: undocumented(label),
  };
}

/** Fresh ids and addresses for one message between a platform's channel and a contact. */
export function messageParties(profile: PlatformProfile, random: Random): MessageParties {
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

export function profileOf(platform: Platform): PlatformProfile {
  const profile = PLATFORM_PROFILES.find((p) => p.platform === platform);
  if (profile === undefined) throw new RangeError(`unknown platform ${platform}`);
  return profile;
}
