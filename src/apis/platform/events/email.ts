import * as z from 'zod';
import { emailAddress, isoTimestamp } from '../../../catalogue/fake-data.js';
import { EmailAddressSchema, TimestampSchema } from '../../../catalogue/schema-parts.js';
import type { GenerateContext } from '../../../catalogue/types.js';
import { clientIp, generatedWorkspaceId, MAIL_USER_AGENTS, sendMetadata, sendTags } from '../fake-data.js';
import { typedId } from '../ids.js';
import { BIRD_DOCS, definePlatformEvent } from './define-platform-event.js';
import { MetadataSchema, TagsSchema, typedIdSchema, UnpatternedIdSchema, WorkspaceIdSchema } from './schema-parts.js';

// The per-recipient `email.*` lifecycle (research §3.2) and the message-level scheduled/canceled.
// Bounces and deferrals are in email-bounces.ts, inbound mail in email-inbound.ts.

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A span before `now` in which a send was made, in ms: [nearest, farthest]. */
export type SentAgo = readonly [number, number];

/** The pages that describe the per-recipient email events. */
export const EMAIL_DOCS = [BIRD_DOCS.emailEvents, BIRD_DOCS.webhooks] as const;

/** `EventEmailMessageBase`: the identity of a send, on the events not tied to one recipient. */
export const EmailMessageBaseSchema = z.looseObject({
  email_id: typedIdSchema('em'),
  workspace_id: WorkspaceIdSchema,
  tags: TagsSchema,
  metadata: MetadataSchema,
});
type EmailMessageBase = z.output<typeof EmailMessageBaseSchema>;

/** `EventEmailBase`: the identity of one recipient of a send, on every per-recipient event. */
export const EmailBaseSchema = EmailMessageBaseSchema.extend({
  recipient_id: typedIdSchema('er'),
  recipient: EmailAddressSchema,
  recipient_role: z.enum(['to', 'cc', 'bcc']),
  broadcast_id: UnpatternedIdSchema.nullable(),
});
export type EmailBase = z.output<typeof EmailBaseSchema>;

function emailMessageBase(context: GenerateContext, sentAt: number): EmailMessageBase {
  const { random } = context;
  return {
    email_id: typedId(random, 'em', sentAt),
    workspace_id: generatedWorkspaceId(context),
    tags: sendTags(random),
    metadata: sendMetadata(random),
  };
}

/**
 * The identity fields of a recipient of a send made `sentAgo` before `now`. Ids carry the send's
 * time; a share of sends went out as part of a broadcast (`eb_`, created shortly before).
 */
export function emailBase(context: GenerateContext, sentAgo: SentAgo, broadcastShare = 0.2): EmailBase {
  const { random, now } = context;
  const sentAt = now - random.int(sentAgo[0], sentAgo[1]);
  const { email_id, workspace_id, tags, metadata } = emailMessageBase(context, sentAt);
  return {
    email_id,
    recipient_id: typedId(random, 'er', sentAt),
    workspace_id,
    recipient: emailAddress(random),
    recipient_role: random.next() < 0.85 ? 'to' : random.pick(['cc', 'bcc'] as const),
    tags,
    metadata,
    broadcast_id: random.next() < broadcastShare ? typedId(random, 'eb', sentAt - random.int(MINUTE_MS, HOUR_MS)) : null,
  };
}

/** An event whose `data` is `EventEmailBase` alone. */
function identityOnlyEvent<N extends string>(name: N, sdkType: string, description: string, sentAgo: SentAgo, broadcastShare?: number) {
  return definePlatformEvent({
    name,
    sdkType,
    docs: EMAIL_DOCS,
    description,
    payloadSchema: EmailBaseSchema,
    generate: (context) => emailBase(context, sentAgo, broadcastShare),
  });
}

const EmailRejectedDataSchema = EmailBaseSchema.extend({
  rejection_reason: z.enum([
    'recipient_suppressed',
    'transmission_failed',
    'generation_failure',
    'policy_rejection',
    'domain_unverified',
    'quota_exceeded',
    'recipient_not_allowed',
  ]),
});

function generateRejected(context: GenerateContext): z.output<typeof EmailRejectedDataSchema> {
  // Suppression is by far the most common reason a recipient is turned away.
  const rejection_reason =
    context.random.next() < 0.6
      ? 'recipient_suppressed'
      : context.random.pick(['policy_rejection', 'domain_unverified', 'quota_exceeded', 'recipient_not_allowed'] as const);
  return { ...emailBase(context, [0, 2_000]), rejection_reason };
}

const EmailComplainedDataSchema = EmailBaseSchema.extend({ feedback_type: z.string().nullable() });

function generateComplained(context: GenerateContext): z.output<typeof EmailComplainedDataSchema> {
  // ARF feedback types (RFC 5965); most feedback loops report `abuse`.
  const feedback_type = context.random.next() < 0.1 ? null : context.random.pick(['abuse', 'abuse', 'abuse', 'fraud', 'other'] as const);
  return { ...emailBase(context, [HOUR_MS, 3 * DAY_MS]), feedback_type };
}

/** Who loaded the pixel or followed the link; both are "null when it is not known". */
function engagementClient(context: GenerateContext): { ip_address: string | null; user_agent: string | null } {
  const known = context.random.next() < 0.95;
  return {
    ip_address: known ? clientIp(context.random) : null,
    user_agent: known ? context.random.pick(MAIL_USER_AGENTS) : null,
  };
}

const EmailOpenedDataSchema = EmailBaseSchema.extend({ ip_address: z.string().nullable(), user_agent: z.string().nullable() });

function generateOpened(context: GenerateContext): z.output<typeof EmailOpenedDataSchema> {
  return { ...emailBase(context, [MINUTE_MS, 2 * DAY_MS]), ...engagementClient(context) };
}

const EmailClickedDataSchema = EmailOpenedDataSchema.extend({ url: z.string() });

const CLICKED_URLS = [
  'https://example.com/welcome',
  'https://example.com/orders?utm_source=bird&utm_medium=email',
  'https://example.com/account/verify',
  'https://shop.example.net/sale?utm_campaign=spring-sale',
  'https://example.org/blog/whats-new',
] as const;

function generateClicked(context: GenerateContext): z.output<typeof EmailClickedDataSchema> {
  return { ...emailBase(context, [2 * MINUTE_MS, 2 * DAY_MS]), url: context.random.pick(CLICKED_URLS), ...engagementClient(context) };
}

const EmailScheduledDataSchema = EmailMessageBaseSchema.extend({ scheduled_at: TimestampSchema });

function generateScheduled(context: GenerateContext): z.output<typeof EmailScheduledDataSchema> {
  // Scheduled for a whole minute between ten minutes and a week ahead.
  const at = context.now + context.random.int(10, 7 * 24 * 60) * MINUTE_MS;
  return { ...emailMessageBase(context, context.now), scheduled_at: isoTimestamp(at - (at % MINUTE_MS)) };
}

function generateCanceled(context: GenerateContext): EmailMessageBase {
  return emailMessageBase(context, context.now - context.random.int(HOUR_MS, 3 * DAY_MS));
}

/** The per-recipient email events other than bounces, and the message-level scheduled/canceled. */
export const EMAIL_EVENTS = [
  identityOnlyEvent(
    'email.accepted',
    'EventEmailAccepted',
    'The API accepted the email send and is preparing it for delivery. Fires once per requested recipient.',
    [0, 2_000],
  ),
  identityOnlyEvent(
    'email.processed',
    'EventEmailProcessed',
    "The API prepared the message for delivery to the recipient's mail server. Fires once per recipient.",
    [1_000, 5_000],
  ),
  identityOnlyEvent(
    'email.delivered',
    'EventEmailDelivered',
    "An outbound email reached the recipient's mail server and was accepted.",
    [2_000, 30_000],
  ),
  definePlatformEvent({
    name: 'email.rejected',
    sdkType: 'EventEmailRejected',
    docs: EMAIL_DOCS,
    description:
      'The API rejected the email before delivery because of suppression, transmission failure, content, or policy. Fires once per recipient.',
    payloadSchema: EmailRejectedDataSchema,
    generate: generateRejected,
  }),
  definePlatformEvent({
    name: 'email.complained',
    sdkType: 'EventEmailComplained',
    docs: EMAIL_DOCS,
    description: "The recipient marked the email as spam through their mailbox provider's feedback loop. Fires once per recipient.",
    payloadSchema: EmailComplainedDataSchema,
    generate: generateComplained,
  }),
  definePlatformEvent({
    name: 'email.opened',
    sdkType: 'EventEmailOpened',
    docs: EMAIL_DOCS,
    description: 'The recipient opened the email (the tracking pixel was loaded). May fire more than once per recipient.',
    payloadSchema: EmailOpenedDataSchema,
    generate: generateOpened,
  }),
  definePlatformEvent({
    name: 'email.clicked',
    sdkType: 'EventEmailClicked',
    docs: EMAIL_DOCS,
    description: 'The recipient clicked a tracked link in the email. May fire more than once per recipient.',
    payloadSchema: EmailClickedDataSchema,
    generate: generateClicked,
  }),
  // Unsubscribes mostly follow marketing broadcasts.
  identityOnlyEvent(
    'email.unsubscribed',
    'EventEmailUnsubscribed',
    'Recipient unsubscribed by clicking a tracked unsubscribe link in the email. Fires once per recipient.',
    [5 * MINUTE_MS, 3 * DAY_MS],
    0.7,
  ),
  identityOnlyEvent(
    'email.list_unsubscribed',
    'EventEmailListUnsubscribed',
    'Recipient unsubscribed via the RFC 8058 one-click List-Unsubscribe mechanism. Fires once per recipient.',
    [5 * MINUTE_MS, 3 * DAY_MS],
    0.7,
  ),
  definePlatformEvent({
    name: 'email.scheduled',
    sdkType: 'EventEmailScheduled',
    description: 'The API accepted an email scheduled for a future time. Fires once per message when the schedule is created.',
    payloadSchema: EmailScheduledDataSchema,
    generate: generateScheduled,
  }),
  definePlatformEvent({
    name: 'email.canceled',
    sdkType: 'EventEmailCanceled',
    description: 'A scheduled send was canceled before it fired. Fires once for each message regardless of its recipient count.',
    payloadSchema: EmailMessageBaseSchema,
    generate: generateCanceled,
  }),
] as const;
