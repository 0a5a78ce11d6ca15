import * as z from 'zod';
import { emailAddress, phoneNumber, senderEmailAddress } from '../../../catalogue/fake-data.js';
import { EmailAddressSchema, TimestampSchema } from '../../../catalogue/schema-parts.js';
import type { GenerateContext } from '../../../catalogue/types.js';
import { isoTimestamp } from '../../../clock/clock.js';
import type { Random } from '../../../random.js';
import { carrierOf, countryOf, generatedWorkspaceId, phoneNumberIn } from '../fake-data.js';
import { typedId } from '../ids.js';
import { definePlatformEvent } from './define-platform-event.js';
import { MetadataSchema, openEnum, typedIdSchema, WorkspaceIdSchema } from './schema-parts.js';

// `verify.*`: a one-time-passcode session (`verification.*`) and the attempts that carry its
// passcode over a channel (`attempt.*`).

const VERIFICATION_CHANNELS = ['email', 'sms', 'whatsapp', 'telegram', 'voice'] as const;
type VerificationChannel = (typeof VERIFICATION_CHANNELS)[number];

const ATTEMPT_FAILURE_REASONS = [
  'carrier_rejected',
  'hard_bounce',
  'soft_bounce',
  'undelivered',
  'channel_unavailable',
  'channel_disabled',
  'channel_restricted',
  'delivery_timeout',
  'not_billable',
] as const;
type AttemptFailureReason = (typeof ATTEMPT_FAILURE_REASONS)[number];

const TERMINAL_REASONS = ['attempts_exhausted', 'ttl_elapsed', 'undeliverable'] as const;

const ChannelSchema = openEnum(VERIFICATION_CHANNELS);
const AttemptFailureReasonSchema = openEnum(ATTEMPT_FAILURE_REASONS);

/** `VerificationTo`: an email address, a phone number, or both ("at least one is required"). */
const VerificationToSchema = z
  .looseObject({ email: EmailAddressSchema.optional(), phone_number: z.string().min(1).optional() })
  .refine((to) => to.email !== undefined || to.phone_number !== undefined, 'expected an email, a phone_number, or both');

/** `EventVerifyBase`. */
const VerifyBaseSchema = z.looseObject({
  verification_id: typedIdSchema('vrf'),
  workspace_id: WorkspaceIdSchema,
  to: VerificationToSchema,
  metadata: MetadataSchema,
});
type VerifyBase = z.output<typeof VerifyBaseSchema>;

/** One session: its identity fields, and the channel and address its current attempt uses. */
interface Session {
  base: VerifyBase;
  channel: VerificationChannel;
  address: string;
}

/** A session created `createdAgo` ms before now; SMS is the usual first channel. */
function session(context: GenerateContext, createdAgo: readonly [number, number]): Session {
  const { random, now } = context;
  const channel = random.next() < 0.5 ? 'sms' : random.pick(VERIFICATION_CHANNELS);
  const phone_number = phoneNumber(random);
  const email = emailAddress(random);
  // Some sessions name both addresses, so a fallback channel has somewhere to go.
  const both = random.next() < 0.2;
  const to = channel === 'email' ? (both ? { email, phone_number } : { email }) : both ? { email, phone_number } : { phone_number };
  return {
    base: {
      verification_id: typedId(random, 'vrf', now - random.int(createdAgo[0], createdAgo[1])),
      workspace_id: generatedWorkspaceId(context),
      to,
      metadata: random.next() < 0.4 ? null : { user_id: `usr_${random.int(100, 99_999)}` },
    },
    channel,
    address: channel === 'email' ? email : phone_number,
  };
}

const VerificationCreatedSchema = VerifyBaseSchema.extend({
  channel: ChannelSchema,
  status: z.string().min(1),
  created_at: TimestampSchema,
});

function generateCreated(context: GenerateContext): z.output<typeof VerificationCreatedSchema> {
  const { base, channel } = session(context, [0, 0]);
  return { ...base, channel, status: 'pending', created_at: isoTimestamp(context.now) };
}

/** The sender a passcode goes out from on each channel; Telegram exposes none. */
function passcodeSender(random: Random, channel: VerificationChannel, address: string): string | null {
  switch (channel) {
    case 'email':
      return senderEmailAddress(random);
    case 'telegram':
      return null;
    case 'sms':
      // US carriers do not pass alphanumeric sender IDs.
      return countryOf(address) === 'US' ? phoneNumberIn(random, 'US') : random.pick(['Verify', 'Authifly', 'AcmeShop'] as const);
    default:
      return phoneNumberIn(random, countryOf(address));
  }
}

const AttemptSentSchema = VerifyBaseSchema.extend({
  channel: ChannelSchema,
  address: z.string().min(1),
  from: z.string().nullable(),
  sent_at: TimestampSchema,
});

function generateAttemptSent(context: GenerateContext): z.output<typeof AttemptSentSchema> {
  const { base, channel, address } = session(context, [0, 1_000]);
  return { ...base, channel, address, from: passcodeSender(context.random, channel, address), sent_at: isoTimestamp(context.now) };
}

const AttemptDeliveredSchema = VerifyBaseSchema.extend({
  channel: ChannelSchema,
  address: z.string().min(1),
  carrier: z.string().nullable(),
  mcc_mnc: z.string().nullable(),
  delivered_at: TimestampSchema,
});

function generateAttemptDelivered(context: GenerateContext): z.output<typeof AttemptDeliveredSchema> {
  const { base, channel, address } = session(context, [2_000, 30_000]);
  // "Always null for email, WhatsApp, and Telegram": only the phone network reports a carrier.
  const carrier = channel === 'sms' || channel === 'voice' ? carrierOf(context.random, address) : null;
  return {
    ...base,
    channel,
    address,
    carrier: carrier?.name ?? null,
    mcc_mnc: carrier?.mccMnc ?? null,
    delivered_at: isoTimestamp(context.now),
  };
}

type FailureRow = readonly [reason: AttemptFailureReason, error: string | null];

/** Why an attempt fails, per channel, with the diagnostic text the channel reports. */
const ATTEMPT_FAILURES: Readonly<Record<VerificationChannel, readonly FailureRow[]>> = {
  sms: [
    ['carrier_rejected', 'Carrier rejected the message'],
    ['delivery_timeout', null],
    ['channel_restricted', null],
  ],
  email: [
    ['hard_bounce', '550: mailbox unavailable'],
    ['soft_bounce', '452: mailbox full'],
  ],
  whatsapp: [
    ['undelivered', '131026: message undeliverable'],
    ['channel_unavailable', 'The number is not registered on WhatsApp'],
  ],
  telegram: [['channel_unavailable', 'The number has no Telegram account']],
  voice: [
    ['undelivered', 'The call was not answered'],
    ['delivery_timeout', null],
  ],
};

const AttemptUndeliveredSchema = VerifyBaseSchema.extend({
  channel: ChannelSchema,
  address: z.string().min(1),
  reason: AttemptFailureReasonSchema,
  error: z.string().nullable(),
  failed_at: TimestampSchema,
});

function generateAttemptUndelivered(context: GenerateContext): z.output<typeof AttemptUndeliveredSchema> {
  const { base, channel, address } = session(context, [5_000, 120_000]);
  const [reason, error] = context.random.pick(ATTEMPT_FAILURES[channel]);
  return { ...base, channel, address, reason, error, failed_at: isoTimestamp(context.now) };
}

const VerificationVerifiedSchema = VerifyBaseSchema.extend({
  status: z.string().min(1),
  channel: ChannelSchema.nullable(),
  verified_at: TimestampSchema,
});

function generateVerified(context: GenerateContext): z.output<typeof VerificationVerifiedSchema> {
  const { base, channel } = session(context, [10_000, 300_000]);
  // Null: resolved without attributing a channel.
  return { ...base, status: 'verified', channel: context.random.next() < 0.05 ? null : channel, verified_at: isoTimestamp(context.now) };
}

const VerificationFailedSchema = VerifyBaseSchema.extend({
  status: z.string().min(1),
  reason: openEnum(TERMINAL_REASONS),
  channel: ChannelSchema.nullable(),
  last_attempt_reason: AttemptFailureReasonSchema,
  failed_at: TimestampSchema,
});

function generateFailed(context: GenerateContext): z.output<typeof VerificationFailedSchema> {
  const { base, channel } = session(context, [30_000, 600_000]);
  // `not_billable`: the wallet could not cover the send, whatever the channel.
  const [lastReason] = context.random.next() < 0.1 ? (['not_billable'] as const) : context.random.pick(ATTEMPT_FAILURES[channel]);
  return {
    ...base,
    status: 'failed',
    // "Always `undeliverable` on this event."
    reason: 'undeliverable',
    channel,
    last_attempt_reason: lastReason,
    failed_at: isoTimestamp(context.now),
  };
}

/** `verify.*`. */
export const VERIFY_EVENTS = [
  definePlatformEvent({
    name: 'verify.verification.created',
    sdkType: 'EventVerifyVerificationCreated',
    description: 'A verification session was created and its first one-time passcode is being sent.',
    payloadSchema: VerificationCreatedSchema,
    generate: generateCreated,
  }),
  definePlatformEvent({
    name: 'verify.attempt.sent',
    sdkType: 'EventVerifyAttemptSent',
    description: 'A one-time passcode was dispatched to the recipient on a channel.',
    payloadSchema: AttemptSentSchema,
    generate: generateAttemptSent,
  }),
  definePlatformEvent({
    name: 'verify.attempt.delivered',
    sdkType: 'EventVerifyAttemptDelivered',
    description: 'The channel confirmed delivery of a one-time passcode to the recipient.',
    payloadSchema: AttemptDeliveredSchema,
    generate: generateAttemptDelivered,
  }),
  definePlatformEvent({
    name: 'verify.attempt.undelivered',
    sdkType: 'EventVerifyAttemptUndelivered',
    description: 'A one-time passcode failed to deliver to the recipient.',
    payloadSchema: AttemptUndeliveredSchema,
    generate: generateAttemptUndelivered,
  }),
  definePlatformEvent({
    name: 'verify.verification.verified',
    sdkType: 'EventVerifyVerificationVerified',
    description: 'The verification was successfully resolved: the recipient confirmed the correct code.',
    payloadSchema: VerificationVerifiedSchema,
    generate: generateVerified,
  }),
  definePlatformEvent({
    name: 'verify.verification.failed',
    sdkType: 'EventVerifyVerificationFailed',
    description:
      'The verification ended without the recipient receiving a passcode: every planned channel reported that its send would not arrive.',
    payloadSchema: VerificationFailedSchema,
    generate: generateFailed,
  }),
] as const;
