import * as z from 'zod';
import type { Random } from '../../random.js';
import { digits, emailAddress, hex, phoneNumber, senderEmailAddress } from '../fake-data.js';
import { EmailAddressSchema, PhoneNumberSchema } from '../schema-parts.js';
import type { InteractionType, Platform } from '../vocabulary.js';

/** How one messaging platform addresses people and channels, for its message events. */
export interface PlatformProfile {
  platform: Platform;
  /** Human name for descriptions. */
  label: string;
  /** The `platformId` of its channels. */
  platformId: string;
  /** The business side's identifier (the connector's `identifierValue`): a number, address or account id. */
  channelIdentifier(random: Random): string;
  /** A contact's `identifierKey`; social platforms scope contact ids to the business account. */
  identifierKey(channelIdentifier: string): string;
  contactIdentifier(random: Random): string;
  contactIdentifierSchema: z.ZodType<string>;
  /** Whether the platform shares the person's display name (Bird puts it in `contact.annotations.name`). */
  sharesContactName: boolean;
  /** What `<platform>.interaction` generates by default: the interaction most typical of the platform. */
  defaultInteraction: InteractionType;
}

const AnyIdentifierSchema = z.string().min(1);

// Bird: e-mail contacts use `emailaddress`; SMS, WhatsApp, RCS and Viber use `phonenumber` (E.164).
function phoneProfile(
  platform: Platform,
  label: string,
  platformId: string,
  channelIdentifier: (random: Random) => string,
  defaultInteraction: InteractionType,
): PlatformProfile {
  return {
    platform,
    label,
    platformId,
    channelIdentifier,
    identifierKey: () => 'phonenumber',
    contactIdentifier: phoneNumber,
    contactIdentifierSchema: PhoneNumberSchema,
    sharesContactName: false,
    defaultInteraction,
  };
}

// @note Bird documents `facebookid-<page id>` and `telegram:<bot id>` as identifier keys; the
// `<platform>id-<account id>` keys of the other social platforms follow the Facebook pattern and are our guess.
function socialProfile(
  platform: Platform,
  label: string,
  channelIdentifier: (random: Random) => string,
  contactIdentifier: (random: Random) => string,
  defaultInteraction: InteractionType,
  identifierKey: (channelIdentifier: string) => string = (account) => `${platform}id-${account}`,
): PlatformProfile {
  return {
    platform,
    label,
    platformId: platform,
    channelIdentifier,
    identifierKey,
    contactIdentifier,
    contactIdentifierSchema: AnyIdentifierSchema,
    sharesContactName: true,
    defaultInteraction,
  };
}

/** One profile per platform, in SPEC §1.5 order. */
export const PLATFORM_PROFILES: readonly PlatformProfile[] = [
  // SMS reports link clicks (short links), not reads.
  phoneProfile('sms', 'SMS', 'sms-messagebird', phoneNumber, 'clicked'),
  phoneProfile('whatsapp', 'WhatsApp', 'whatsapp', phoneNumber, 'read'),
  {
    platform: 'email',
    label: 'e-mail',
    platformId: 'email-messagebird',
    channelIdentifier: senderEmailAddress,
    identifierKey: () => 'emailaddress',
    contactIdentifier: emailAddress,
    contactIdentifierSchema: EmailAddressSchema,
    sharesContactName: false,
    defaultInteraction: 'opened',
  },
  phoneProfile('rcs', 'RCS', 'rcs', (random) => `acme_shop_${hex(random, 6)}_agent`, 'read'),
  socialProfile(
    'line',
    'LINE',
    (random) => `@${hex(random, 8)}`,
    (random) => `U${hex(random, 32)}`,
    'read',
  ),
  socialProfile(
    'instagram',
    'Instagram',
    (random) => digits(random, 17),
    (random) => digits(random, 17),
    'read',
  ),
  socialProfile(
    'facebook',
    'Facebook Messenger',
    (random) => digits(random, 15),
    (random) => digits(random, 16),
    'read',
  ),
  phoneProfile('viber', 'Viber', 'viber', () => 'AcmeShop', 'read'),
  socialProfile(
    'linkedin',
    'LinkedIn',
    (random) => digits(random, 8),
    (random) => `urn:li:person:${random.string(10)}`,
    'read',
  ),
  socialProfile(
    'tiktok',
    'TikTok',
    (random) => random.string(24),
    (random) => random.string(32),
    'read',
  ),
  socialProfile(
    'telegram',
    'Telegram',
    (random) => digits(random, 10),
    (random) => digits(random, 10),
    'read',
    (bot) => `telegram:${bot}`,
  ),
];
