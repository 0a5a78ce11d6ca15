import * as z from 'zod';
import {
  companyName,
  INBOUND_TEXTS,
  messageText,
  OUTBOUND_TEXTS,
  phoneNumber,
  tollFreeNumber,
  usNumber,
} from '../../../catalogue/fake-data.js';
import type { GenerateContext } from '../../../catalogue/types.js';
import { isoTimestamp } from '../../../clock/clock.js';
import type { Random } from '../../../random.js';
import { carrierOf, countryOf, generatedWorkspaceId, phoneNumberIn, sendMetadata, sendTags, smsCost, smsSegments } from '../fake-data.js';
import { typedId } from '../ids.js';
import { definePlatformEvent } from './define-platform-event.js';
import { failureSchema, MetadataSchema, TagsSchema, typedIdSchema, WorkspaceIdSchema } from './schema-parts.js';

// `sms.*`: the lifecycle of one SMS, outbound (accepted → sent → delivered, or a failure) and inbound.

/** `MessageCost`: nullable as a whole ("null until at least one component has been priced"). */
const MessageCostSchema = z
  .looseObject({
    amount: z.string().min(1),
    currency_code: z.string().min(1),
    transaction_amount: z.string().nullable(),
    passthrough_amount: z.string().nullable(),
  })
  .nullable();

/** `EventSmsBase`. */
const SmsBaseSchema = z.looseObject({
  sms_id: typedIdSchema('sms'),
  workspace_id: WorkspaceIdSchema,
  to: z.string().min(1),
  from: z.string().min(1),
  tags: TagsSchema,
  metadata: MetadataSchema,
  cost: MessageCostSchema.optional(),
});
type SmsBase = z.output<typeof SmsBaseSchema>;

const SmsSegmentsSchema = z.looseObject({
  count: z.int().min(1),
  encoding: z.enum(['GSM_7BIT', 'UCS2']),
  characters: z.int().min(0),
});

const SMS_ERROR_CODES = [
  'invalid_destination',
  'unreachable',
  'blocked_by_carrier',
  'blocked_by_recipient',
  'landline_unreachable',
  'content_rejected',
  'sender_unregistered',
  'recipient_opted_out',
  'provider_unavailable',
  'insufficient_balance',
  'unknown',
] as const;
type SmsErrorCode = (typeof SMS_ERROR_CODES)[number];

const SmsErrorSchema = failureSchema(SMS_ERROR_CODES, { carrier_error_code: z.string().nullable().optional() });

type ErrorRow = readonly [code: SmsErrorCode, description: string, carrierErrorCode: string | null];

// Carrier errors carry the raw GSM MAP cause the handset network returned; failures decided
// before a carrier was reached carry none.
const FAILED_ERRORS: readonly ErrorRow[] = [
  ['invalid_destination', 'Unknown subscriber: the number is not assigned', '1'],
  ['landline_unreachable', 'Teleservice not provisioned: the number does not accept SMS', '11'],
  ['blocked_by_carrier', 'Message filtered by the carrier', '13'],
  ['content_rejected', 'Message content rejected by the carrier', '253'],
];
const REJECTED_ERRORS: readonly ErrorRow[] = [
  ['recipient_opted_out', 'The recipient is on the workspace suppression list', null],
  ['insufficient_balance', 'The workspace wallet could not fund the send', null],
  ['sender_unregistered', 'The sender is not registered for the destination country', null],
  ['invalid_destination', 'The destination is not a valid mobile number', null],
];
const UNDELIVERED_ERRORS: readonly ErrorRow[] = [
  ['unreachable', 'Absent subscriber: the handset is off or outside coverage', '27'],
  ['provider_unavailable', 'The provider remained unavailable after retries', null],
];
const EXPIRED_ERRORS: readonly ErrorRow[] = [['unreachable', 'Absent subscriber: the validity period elapsed before delivery', '27']];

/**
 * Who an outbound SMS comes from: in the US a long code, toll-free number or short code (US
 * carriers do not pass alphanumeric senders); elsewhere usually an alphanumeric sender ID.
 */
function smsSender(random: Random, to: string): string {
  if (countryOf(to) === 'US') {
    const kind = random.int(0, 2);
    return kind === 0 ? usNumber(random) : kind === 1 ? tollFreeNumber(random) : String(random.int(20_000, 99_999));
  }
  return random.next() < 0.7
    ? companyName(random)
        .replace(/[^A-Za-z]/g, '')
        .slice(0, 11)
    : phoneNumberIn(random, countryOf(to));
}

interface OutboundSms {
  base: SmsBase;
  segments: z.output<typeof SmsSegmentsSchema>;
}

/**
 * An outbound SMS accepted `acceptedAgo` ms before now. Carrier fees are priced from `sent` on;
 * a rejected message priced nothing, so its `cost` is null.
 */
function outboundSms(context: GenerateContext, acceptedAgo: readonly [number, number], pricing: 'none' | 'accepted' | 'sent'): OutboundSms {
  const { random, now } = context;
  const to = phoneNumber(random);
  const segments = smsSegments(messageText(random, OUTBOUND_TEXTS));
  const base: SmsBase = {
    sms_id: typedId(random, 'sms', now - random.int(acceptedAgo[0], acceptedAgo[1])),
    workspace_id: generatedWorkspaceId(context),
    to,
    from: smsSender(random, to),
    tags: sendTags(random),
    metadata: sendMetadata(random),
    cost: pricing === 'none' ? null : smsCost(to, segments.count, pricing === 'sent'),
  };
  return { base, segments };
}

/** `carrier` and `mcc_mnc` of the number's network; both absent when the carrier reports none. */
function carrierFields(random: Random, number: string): { carrier?: string; mcc_mnc?: string } {
  if (random.next() < 0.1) return {};
  const carrier = carrierOf(random, number);
  return { carrier: carrier.name, mcc_mnc: carrier.mccMnc };
}

const SmsAcceptedSchema = SmsBaseSchema.extend({ segments: SmsSegmentsSchema });

function generateAccepted(context: GenerateContext): z.output<typeof SmsAcceptedSchema> {
  const { base, segments } = outboundSms(context, [0, 1_000], 'accepted');
  return { ...base, segments };
}

const SmsCarrierSchema = SmsBaseSchema.extend({ carrier: z.string().optional(), mcc_mnc: z.string().optional() });
type SmsCarrier = z.output<typeof SmsCarrierSchema>;

function generateSent(context: GenerateContext): SmsCarrier {
  const { base } = outboundSms(context, [1_000, 5_000], 'sent');
  return { ...base, ...carrierFields(context.random, base.to) };
}

function generateDelivered(context: GenerateContext): SmsCarrier {
  const { base } = outboundSms(context, [3_000, 120_000], 'sent');
  return { ...base, ...carrierFields(context.random, base.to) };
}

const SmsFailureSchema = SmsBaseSchema.extend({ error: SmsErrorSchema });
type SmsFailure = z.output<typeof SmsFailureSchema>;

function failure(context: GenerateContext, base: SmsBase, rows: readonly ErrorRow[]): SmsFailure {
  const [code, description, carrierErrorCode] = context.random.pick(rows);
  return { ...base, error: { code, description, carrier_error_code: carrierErrorCode, occurred_at: isoTimestamp(context.now) } };
}

function generateFailed(context: GenerateContext): SmsFailure {
  return failure(context, outboundSms(context, [5_000, 600_000], 'sent').base, FAILED_ERRORS);
}

function generateRejected(context: GenerateContext): SmsFailure {
  return failure(context, outboundSms(context, [0, 1_000], 'none').base, REJECTED_ERRORS);
}

function generateUndelivered(context: GenerateContext): SmsFailure {
  return failure(context, outboundSms(context, [5_000, 600_000], 'sent').base, UNDELIVERED_ERRORS);
}

function generateExpired(context: GenerateContext): SmsFailure {
  // The validity period (24 to 48 hours here) ran out while the handset stayed unreachable.
  return failure(context, outboundSms(context, [24 * 3_600_000, 48 * 3_600_000], 'sent').base, EXPIRED_ERRORS);
}

// @note The SDK types `sms.received` as `EventSmsBase & unknown & {...}`: the `unknown` is the
// schema's `anyOf` requiring `text` or `media`, and `media` is declared nowhere. A generated
// inbound SMS always carries `text`.
const SmsReceivedSchema = SmsCarrierSchema.extend({
  text: z.string().min(1).optional(),
  segments: SmsSegmentsSchema,
  subject: z.string().optional(),
});

function generateReceived(context: GenerateContext): z.output<typeof SmsReceivedSchema> {
  const { random, now } = context;
  const customer = phoneNumber(random);
  const text = messageText(random, INBOUND_TEXTS);
  return {
    sms_id: typedId(random, 'sms', now),
    workspace_id: generatedWorkspaceId(context),
    // Inbound: `to` is the workspace's own number, `from` the customer's.
    to: phoneNumberIn(random, countryOf(customer)),
    from: customer,
    tags: null,
    metadata: null,
    text,
    segments: smsSegments(text),
    ...carrierFields(random, customer),
  };
}

/** `sms.*`. */
export const SMS_EVENTS = [
  definePlatformEvent({
    name: 'sms.accepted',
    sdkType: 'EventSmsAccepted',
    description: 'The API accepted the SMS send request and queued it for processing.',
    payloadSchema: SmsAcceptedSchema,
    generate: generateAccepted,
  }),
  definePlatformEvent({
    name: 'sms.rejected',
    sdkType: 'EventSmsRejected',
    description:
      'The API rejected the message before sending it to the carrier because of an invalid destination, suppression, or content or policy restriction.',
    payloadSchema: SmsFailureSchema,
    generate: generateRejected,
  }),
  definePlatformEvent({
    name: 'sms.sent',
    sdkType: 'EventSmsSent',
    description: 'The API handed the message to the carrier for delivery.',
    payloadSchema: SmsCarrierSchema,
    generate: generateSent,
  }),
  definePlatformEvent({
    name: 'sms.delivered',
    sdkType: 'EventSmsDelivered',
    description: 'The carrier confirmed delivery of the message to the recipient handset.',
    payloadSchema: SmsCarrierSchema,
    generate: generateDelivered,
  }),
  definePlatformEvent({
    name: 'sms.undelivered',
    sdkType: 'EventSmsUndelivered',
    description: 'The carrier reported a non-permanent failure to deliver the message.',
    payloadSchema: SmsFailureSchema,
    generate: generateUndelivered,
  }),
  definePlatformEvent({
    name: 'sms.failed',
    sdkType: 'EventSmsFailed',
    description: 'Message delivery failed permanently.',
    payloadSchema: SmsFailureSchema,
    generate: generateFailed,
  }),
  definePlatformEvent({
    name: 'sms.expired',
    sdkType: 'EventSmsExpired',
    description: "The message's validity period elapsed before it could be delivered.",
    payloadSchema: SmsFailureSchema,
    generate: generateExpired,
  }),
  definePlatformEvent({
    name: 'sms.received',
    sdkType: 'EventSmsReceived',
    description: 'A message was received on one of your numbers.',
    payloadSchema: SmsReceivedSchema,
    generate: generateReceived,
  }),
] as const;
