import * as z from 'zod';
import { EmailAddressSchema } from '../../../catalogue/schema-parts.js';
import type { GenerateContext } from '../../../catalogue/types.js';
import { typedId } from '../ids.js';
import { definePlatformEvent } from './define-platform-event.js';
import { InboundAuthenticationShape, inboundMail } from './email-inbound.js';
import { typedIdSchema } from './schema-parts.js';

// `email_mailbox.*`: once-per-message events of Bird's mailboxes, beside the per-recipient `email.*`.
// The mailbox payloads carry no workspace_id, tags or metadata.

const DAY_MS = 24 * 3_600_000;

const MailboxMessageSchema = z.looseObject({
  message_id: typedIdSchema('em'),
  mailbox_id: typedIdSchema('mbx'),
  thread_id: typedIdSchema('thr'),
});
type MailboxMessage = z.output<typeof MailboxMessageSchema>;

/** A mailbox made months ago, with a thread started up to a week before the message. */
function mailboxAndThread({ random, now }: GenerateContext): { mailbox_id: string; thread_id: string } {
  return {
    mailbox_id: typedId(random, 'mbx', now - random.int(10 * DAY_MS, 300 * DAY_MS)),
    thread_id: typedId(random, 'thr', now - random.int(0, 7 * DAY_MS)),
  };
}

function mailboxMessage(context: GenerateContext, sentAgoMaxMs: number): MailboxMessage {
  const { mailbox_id, thread_id } = mailboxAndThread(context);
  return { message_id: typedId(context.random, 'em', context.now - context.random.int(0, sentAgoMaxMs)), mailbox_id, thread_id };
}

function generateSent(context: GenerateContext): MailboxMessage {
  return mailboxMessage(context, 2_000);
}

function generateDelivered(context: GenerateContext): MailboxMessage {
  return mailboxMessage(context, 60_000);
}

const MailboxMessageFailedSchema = MailboxMessageSchema.extend({ reason: z.string() });

function generateFailed(context: GenerateContext): z.output<typeof MailboxMessageFailedSchema> {
  const reason = context.random.pick(['all recipients bounced', 'all recipients rejected', 'recipient suppressed'] as const);
  return { ...mailboxMessage(context, 3_600_000), reason };
}

const EXTRACTED_TEXTS = [
  'Sounds good — can you send the invoice?',
  'Thanks for the quick reply. Could we move the delivery to Friday?',
  'Hi, I never received my order. Can you check the tracking number?',
  'Please find the signed contract attached.',
] as const;

const MailboxMessageReceivedSchema = z.looseObject({
  message_id: typedIdSchema('rem'),
  mailbox_id: typedIdSchema('mbx'),
  thread_id: typedIdSchema('thr'),
  route_id: z.string().nullable().optional(),
  from: EmailAddressSchema,
  to: z.array(EmailAddressSchema),
  subject: z.string().nullable(),
  extracted_text: z.string().nullable().optional(),
  truncated_text: z.boolean().optional(),
  attachment_count: z.int().min(0),
  ...InboundAuthenticationShape,
});

function generateReceived(context: GenerateContext): z.output<typeof MailboxMessageReceivedSchema> {
  const { random, now } = context;
  const mail = inboundMail(random);
  const text = random.pick(EXTRACTED_TEXTS);
  return {
    message_id: typedId(random, 'rem', now - random.int(0, 2_000)),
    ...mailboxAndThread(context),
    // Null: delivered by the mailbox's own address rather than an explicit inbound route (`ein_`).
    route_id: random.next() < 0.7 ? null : typedId(random, 'ein', now - random.int(DAY_MS, 90 * DAY_MS)),
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    extracted_text: text,
    truncated_text: false,
    attachment_count: text.includes('attached') ? random.int(1, 2) : 0,
    authentication: mail.authentication,
    spf_pass: mail.spf_pass,
    dkim_pass: mail.dkim_pass,
    dmarc_pass: mail.dmarc_pass,
  };
}

const MailboxSuspendedSchema = z.looseObject({ mailbox_id: typedIdSchema('mbx'), reason: z.string() });

function generateSuspended(context: GenerateContext): z.output<typeof MailboxSuspendedSchema> {
  const { mailbox_id } = mailboxAndThread(context);
  return { mailbox_id, reason: context.random.pick(['abuse review', 'bounce rate above threshold'] as const) };
}

const ThreadCreatedSchema = z.looseObject({
  thread_id: typedIdSchema('thr'),
  mailbox_id: typedIdSchema('mbx'),
  subject: z.string().nullable(),
  initiated_by: z.enum(['inbound', 'outbound']),
});

function generateThreadCreated(context: GenerateContext): z.output<typeof ThreadCreatedSchema> {
  const { random, now } = context;
  const initiated_by = random.pick(['inbound', 'outbound'] as const);
  const subjects = initiated_by === 'inbound' ? ['Question about my invoice', 'Where is my package?'] : ['Your quote', 'Welcome aboard'];
  return {
    thread_id: typedId(random, 'thr', now),
    mailbox_id: mailboxAndThread(context).mailbox_id,
    subject: random.next() < 0.05 ? null : random.pick(subjects),
    initiated_by,
  };
}

/** `email_mailbox.*`. */
export const EMAIL_MAILBOX_EVENTS = [
  definePlatformEvent({
    name: 'email_mailbox.message_sent',
    sdkType: 'EventEmailMailboxMessageSent',
    description: 'A mailbox message was handed off for delivery. This event fires once per message.',
    payloadSchema: MailboxMessageSchema,
    generate: generateSent,
  }),
  definePlatformEvent({
    name: 'email_mailbox.message_delivered',
    sdkType: 'EventEmailMailboxMessageDelivered',
    description: 'Every recipient of a mailbox message reached a delivered state. This event fires once per message.',
    payloadSchema: MailboxMessageSchema,
    generate: generateDelivered,
  }),
  definePlatformEvent({
    name: 'email_mailbox.message_failed',
    sdkType: 'EventEmailMailboxMessageFailed',
    description: 'A mailbox message reached a terminal delivery failure. This event fires once per message.',
    payloadSchema: MailboxMessageFailedSchema,
    generate: generateFailed,
  }),
  definePlatformEvent({
    name: 'email_mailbox.message_received',
    sdkType: 'EventEmailMailboxMessageReceived',
    description: 'An email arrived in a mailbox. The same message also emits an `email.received` event.',
    payloadSchema: MailboxMessageReceivedSchema,
    generate: generateReceived,
  }),
  definePlatformEvent({
    name: 'email_mailbox.thread_created',
    sdkType: 'EventEmailMailboxThreadCreated',
    description: 'A new thread was created in a mailbox, from either direction.',
    payloadSchema: ThreadCreatedSchema,
    generate: generateThreadCreated,
  }),
  definePlatformEvent({
    name: 'email_mailbox.suspended',
    sdkType: 'EventEmailMailboxSuspended',
    description: 'This mailbox-suspension event is reserved and is not currently emitted.',
    payloadSchema: MailboxSuspendedSchema,
    generate: generateSuspended,
  }),
] as const;
