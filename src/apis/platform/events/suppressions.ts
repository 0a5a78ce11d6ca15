import * as z from 'zod';
import { digits, emailAddress, phoneNumber, usNumber } from '../../../catalogue/fake-data.js';
import { EmailAddressSchema } from '../../../catalogue/schema-parts.js';
import type { GenerateContext } from '../../../catalogue/types.js';
import { generatedWorkspaceId } from '../fake-data.js';
import { typedId } from '../ids.js';
import { BIRD_DOCS, definePlatformEvent } from './define-platform-event.js';
import { openEnum, typedIdSchema, UnpatternedIdSchema, WorkspaceIdSchema } from './schema-parts.js';

// `<channel>_suppression.created`: an address joined a workspace's suppression list (email) or
// ledger (SMS, WhatsApp). The SDK types email's and WhatsApp's `reason` as plain strings whose
// schemas list known values (`x-extensible-enum`), and SMS's as an open enum: all accept any string.

/** The ids of a suppression opened now: its own (`prefix_`) and its workspace's. */
function opened(context: GenerateContext, prefix: string): { suppression_id: string; workspace_id: string } {
  return { suppression_id: typedId(context.random, prefix, context.now), workspace_id: generatedWorkspaceId(context) };
}

/** `reason` of `email_suppression.created`, as listed in the schema's `x-extensible-enum`. */
const EMAIL_SUPPRESSION_REASONS = ['hard_bounce', 'complaint', 'unsubscribe', 'manual'] as const;

const EmailSuppressionCreatedSchema = z.looseObject({
  suppression_id: typedIdSchema('sup'),
  email: EmailAddressSchema,
  reason: z.string().min(1),
  workspace_id: WorkspaceIdSchema,
});

function generateEmailSuppression(context: GenerateContext): z.output<typeof EmailSuppressionCreatedSchema> {
  return { ...opened(context, 'sup'), email: emailAddress(context.random), reason: context.random.pick(EMAIL_SUPPRESSION_REASONS) };
}

const SMS_SUPPRESSION_REASONS = ['keyword_stop', 'carrier_opted_out', 'manual'] as const;

const SmsSuppressionCreatedSchema = z.looseObject({
  suppression_id: typedIdSchema('ssu'),
  destination: z.string().min(2).max(20),
  originator: z.string().min(1).max(20),
  reason: openEnum(SMS_SUPPRESSION_REASONS),
  workspace_id: WorkspaceIdSchema,
});

function generateSmsSuppression(context: GenerateContext): z.output<typeof SmsSuppressionCreatedSchema> {
  const { random } = context;
  return {
    ...opened(context, 'ssu'),
    destination: phoneNumber(random),
    // A long code or a US short code: the pair (sender, subscriber) is what is suppressed.
    originator: random.next() < 0.7 ? usNumber(random) : String(random.int(20_000, 99_999)),
    // A subscriber's STOP is the usual way in.
    reason: random.next() < 0.7 ? 'keyword_stop' : random.pick(SMS_SUPPRESSION_REASONS),
  };
}

/** The one `reason` the schema lists (`x-extensible-enum: [manual]`); more "may be added". */
const WHATSAPP_SUPPRESSION_REASONS = ['manual'] as const;

const WhatsAppSuppressionCreatedSchema = z.looseObject({
  suppression_id: UnpatternedIdSchema,
  address: z.string().min(1),
  waba: z.string().nullable(),
  reason: z.string().min(1),
  workspace_id: WorkspaceIdSchema,
});

function generateWhatsAppSuppression(context: GenerateContext): z.output<typeof WhatsAppSuppressionCreatedSchema> {
  const { random } = context;
  return {
    // `was_`: the prefix of the OpenAPI schema's example (`was_01krdgeqcxet5s7t44vh8rt9mg`, schemas.gen.ts at
    // bird-sdk-typescript commit 048fa15); no pattern is published.
    ...opened(context, 'was'),
    address: phoneNumber(random),
    // A WhatsApp Business Account id is Meta's 15-16 digit number; null covers the whole workspace.
    waba: random.next() < 0.6 ? null : `1${digits(random, 14)}`,
    reason: random.pick(WHATSAPP_SUPPRESSION_REASONS),
  };
}

/** `email_suppression.created`, `sms_suppression.created` and `whatsapp_suppression.created`. */
export const SUPPRESSION_EVENTS = [
  definePlatformEvent({
    name: 'email_suppression.created',
    sdkType: 'EventEmailSuppressionCreated',
    docs: [BIRD_DOCS.webhooks],
    description: "An email address was added to the workspace's suppression list (manually, via complaint, or via hard bounce).",
    payloadSchema: EmailSuppressionCreatedSchema,
    generate: generateEmailSuppression,
  }),
  definePlatformEvent({
    name: 'sms_suppression.created',
    sdkType: 'EventSmsSuppressionCreated',
    description:
      "A destination was added to the workspace's SMS suppression ledger: a subscriber's STOP, a carrier opt-out, or a manual add.",
    payloadSchema: SmsSuppressionCreatedSchema,
    generate: generateSmsSuppression,
  }),
  definePlatformEvent({
    name: 'whatsapp_suppression.created',
    sdkType: 'EventWhatsAppSuppressionCreated',
    description: "An address was added to the workspace's WhatsApp suppression ledger.",
    payloadSchema: WhatsAppSuppressionCreatedSchema,
    generate: generateWhatsAppSuppression,
  }),
] as const;
