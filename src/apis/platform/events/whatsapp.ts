import * as z from 'zod';
import { digits, personName, phoneNumber } from '../../../catalogue/fake-data.js';
import type { GenerateContext } from '../../../catalogue/types.js';
import { isoTimestamp } from '../../../clock/clock.js';
import type { Random } from '../../../random.js';
import { countryOf, generatedWorkspaceId, phoneNumberIn, sendMetadata, sendTags } from '../fake-data.js';
import { typedId } from '../ids.js';
import { definePlatformEvent } from './define-platform-event.js';
import { failureSchema, MetadataSchema, TagsSchema, typedIdSchema, WorkspaceIdSchema } from './schema-parts.js';
import { WhatsAppContentShape, whatsAppContent } from './whatsapp-content.js';

// `whatsapp.*`: outbound messages (accepted → sent → delivered → read, or failed/rejected), inbound
// messages and reactions. `from` and `to` are objects here, unlike SMS's strings.

const HOUR_MS = 3_600_000;

/** `WhatsAppAddress`: a phone number, a business-scoped user id, or both; the profile only on a contact's `from`. */
const WhatsAppAddressSchema = z.looseObject({
  phone_number: z.string().min(1).optional(),
  bsuid: z.string().min(1).optional(),
  username: z.string().optional(),
  display_name: z.string().optional(),
});
type WhatsAppAddress = z.output<typeof WhatsAppAddressSchema>;

const WhatsAppMessageIdSchema = typedIdSchema('wam');

/** `EventWhatsAppBase`. */
const WhatsAppBaseSchema = z.looseObject({
  whatsapp_id: WhatsAppMessageIdSchema,
  workspace_id: WorkspaceIdSchema,
  direction: z.enum(['outbound', 'inbound']),
  from: WhatsAppAddressSchema,
  to: WhatsAppAddressSchema,
  tags: TagsSchema,
  metadata: MetadataSchema,
  in_reply_to_message_id: WhatsAppMessageIdSchema.optional(),
});
type WhatsAppBase = z.output<typeof WhatsAppBaseSchema>;

/** The parties of a conversation: the business's number and the contact, in the contact's country. */
interface Parties {
  business: WhatsAppAddress;
  contact: WhatsAppAddress;
  contactNumber: string;
}

/**
 * The contact's side. Meta's business-scoped user id is a country code and a number (`NL.…` in
 * Bird's example); the profile (display name, username) is known only on what the contact sent.
 */
function parties(random: Random, withProfile: boolean): Parties {
  const number = phoneNumber(random);
  const contact: WhatsAppAddress = { phone_number: number, bsuid: `${countryOf(number)}.${digits(random, 18)}` };
  if (withProfile) {
    const name = personName(random);
    contact.display_name = name;
    if (random.next() < 0.3) contact.username = name.toLowerCase().replace(/[^a-z]/g, '_');
  }
  return { business: { phone_number: phoneNumberIn(random, countryOf(number)) }, contact, contactNumber: number };
}

/** An outbound message the API accepted `acceptedAgo` ms before now; some answer an earlier message. */
function outboundWhatsApp(context: GenerateContext, acceptedAgo: readonly [number, number]): WhatsAppBase {
  const { random, now } = context;
  const acceptedAt = now - random.int(acceptedAgo[0], acceptedAgo[1]);
  const { business, contact } = parties(random, false);
  const base: WhatsAppBase = {
    whatsapp_id: typedId(random, 'wam', acceptedAt),
    workspace_id: generatedWorkspaceId(context),
    direction: 'outbound',
    from: business,
    to: contact,
    tags: sendTags(random),
    metadata: sendMetadata(random),
  };
  if (random.next() < 0.15) base.in_reply_to_message_id = typedId(random, 'wam', acceptedAt - random.int(60_000, 12 * HOUR_MS));
  return base;
}

/** An outbound lifecycle event whose `data` is `EventWhatsAppBase` alone. */
function outboundEvent<N extends string>(name: N, sdkType: string, description: string, acceptedAgo: readonly [number, number]) {
  return definePlatformEvent({
    name,
    sdkType,
    description,
    payloadSchema: WhatsAppBaseSchema,
    generate: (context) => outboundWhatsApp(context, acceptedAgo),
  });
}

const WHATSAPP_ERROR_CODES = [
  'insufficient_balance',
  'price_not_found',
  'internal_error',
  'undeliverable',
  'service_window_expired',
  'rate_limited',
  'recipient_suppressed',
  'media_rejected',
] as const;
type WhatsAppErrorCode = (typeof WHATSAPP_ERROR_CODES)[number];

const WhatsAppErrorSchema = failureSchema(WHATSAPP_ERROR_CODES, { meta_error_code: z.string().nullable().optional() });

type ErrorRow = readonly [code: WhatsAppErrorCode, description: string, metaErrorCode: string | null];

// Failures WhatsApp reported carry its Cloud API error code; rejections happen before WhatsApp.
const FAILED_ERRORS: readonly ErrorRow[] = [
  ['undeliverable', 'Message undeliverable', '131026'],
  ['service_window_expired', 'More than 24 hours have passed since the recipient last replied', '131047'],
  ['media_rejected', 'Media download error: the media URL returned HTTP 404', '131053'],
  ['internal_error', 'Something went wrong', '131000'],
];
const REJECTED_ERRORS: readonly ErrorRow[] = [
  ['recipient_suppressed', 'The recipient is on the workspace suppression list', null],
  ['insufficient_balance', 'The workspace wallet could not fund the send', null],
  ['price_not_found', 'No price is configured for the destination and template', null],
];

const WhatsAppFailureSchema = WhatsAppBaseSchema.extend({ error: WhatsAppErrorSchema });
type WhatsAppFailure = z.output<typeof WhatsAppFailureSchema>;

function failure(context: GenerateContext, acceptedAgo: readonly [number, number], rows: readonly ErrorRow[]): WhatsAppFailure {
  const [code, description, metaErrorCode] = context.random.pick(rows);
  const error = { code, description, meta_error_code: metaErrorCode, occurred_at: isoTimestamp(context.now) };
  return { ...outboundWhatsApp(context, acceptedAgo), error };
}

function generateFailed(context: GenerateContext): WhatsAppFailure {
  return failure(context, [2_000, 600_000], FAILED_ERRORS);
}

function generateRejected(context: GenerateContext): WhatsAppFailure {
  return failure(context, [0, 1_000], REJECTED_ERRORS);
}

const WhatsAppReceivedSchema = WhatsAppBaseSchema.extend(WhatsAppContentShape);

function generateReceived(context: GenerateContext): z.output<typeof WhatsAppReceivedSchema> {
  const { random, now } = context;
  const { business, contact, contactNumber } = parties(random, true);
  const whatsapp_id = typedId(random, 'wam', now);
  const content = whatsAppContent(random, whatsapp_id, now, contactNumber);
  const received: z.output<typeof WhatsAppReceivedSchema> = {
    whatsapp_id,
    workspace_id: generatedWorkspaceId(context),
    direction: 'inbound',
    from: contact,
    to: business,
    tags: null,
    metadata: null,
    ...content,
  };
  // A tap on a button always answers the message that offered it.
  if (content.interactive_reply !== undefined || random.next() < 0.1) {
    received.in_reply_to_message_id = typedId(random, 'wam', now - random.int(60_000, 24 * HOUR_MS));
  }
  return received;
}

const WhatsAppReactedSchema = z.looseObject({
  whatsapp_id: WhatsAppMessageIdSchema,
  emoji: z.string().nullable(),
  from: WhatsAppAddressSchema,
  to: WhatsAppAddressSchema,
  workspace_id: WorkspaceIdSchema,
});

function generateReacted(context: GenerateContext): z.output<typeof WhatsAppReactedSchema> {
  const { random, now } = context;
  const { business, contact } = parties(random, true);
  return {
    // A message the business sent earlier (reactions match messages up to 15 days old).
    whatsapp_id: typedId(random, 'wam', now - random.int(60_000, 3 * 24 * HOUR_MS)),
    // Null: the contact took their reaction back.
    emoji: random.next() < 0.1 ? null : random.pick(['👍', '❤️', '😂', '🙏', '😮'] as const),
    from: contact,
    to: business,
    workspace_id: generatedWorkspaceId(context),
  };
}

/** `whatsapp.*`. */
export const WHATSAPP_EVENTS = [
  outboundEvent('whatsapp.accepted', 'EventWhatsAppAccepted', 'The API accepted and charged the send request.', [0, 1_000]),
  definePlatformEvent({
    name: 'whatsapp.rejected',
    sdkType: 'EventWhatsAppRejected',
    description:
      'The API rejected the message before sending it to WhatsApp because the recipient is on the workspace suppression list, the wallet has insufficient balance, or the destination is unpriced.',
    payloadSchema: WhatsAppFailureSchema,
    generate: generateRejected,
  }),
  outboundEvent('whatsapp.sent', 'EventWhatsAppSent', 'The API handed the message to Meta for delivery.', [1_000, 5_000]),
  outboundEvent('whatsapp.delivered', 'EventWhatsAppDelivered', "The message was delivered to the recipient's device.", [2_000, 60_000]),
  outboundEvent('whatsapp.read', 'EventWhatsAppRead', 'The recipient read the message.', [10_000, 2 * HOUR_MS]),
  definePlatformEvent({
    name: 'whatsapp.failed',
    sdkType: 'EventWhatsAppFailed',
    description: 'Message delivery failed permanently.',
    payloadSchema: WhatsAppFailureSchema,
    generate: generateFailed,
  }),
  definePlatformEvent({
    name: 'whatsapp.received',
    sdkType: 'EventWhatsAppReceived',
    description: 'A contact sent the business a WhatsApp message.',
    payloadSchema: WhatsAppReceivedSchema,
    generate: generateReceived,
  }),
  definePlatformEvent({
    name: 'whatsapp.reacted',
    sdkType: 'EventWhatsAppReacted',
    description: 'A contact placed, changed or took back a reaction on a message.',
    payloadSchema: WhatsAppReactedSchema,
    generate: generateReacted,
  }),
] as const;
