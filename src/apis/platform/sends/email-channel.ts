import { isoTimestamp } from '../../../clock/clock.js';
import type { SentMessage } from '../../../domain/message.js';
import type { PlannedRecipient } from '../../lifecycle.js';
import { invalidParam } from '../errors.js';
import { typedId } from '../ids.js';
import { emailFate, emailMessageStatus, emailSteps, firstLink } from './email-lifecycle.js';
import { emailRecipients, EmailSendSchema, type EmailAddress, type EmailSend } from './email-request.js';
import { echoed } from './request-parts.js';
import { platformMessage, type SendChannel } from './send-channel.js';
import { firedSteps, matchesTags, stepTime } from './message-reads.js';

/** The request as kept: addresses in object form, attachments as metadata (Bird does not echo content). */
interface StoredEmailRequest extends Omit<EmailSend, 'from' | 'to' | 'cc' | 'bcc' | 'reply_to' | 'html' | 'text' | 'attachments'> {
  from: EmailAddress;
  to: EmailAddress[];
  cc?: EmailAddress[];
  bcc?: EmailAddress[];
  reply_to?: EmailAddress[];
  attachments?: { id: string; filename: string; content_type?: string; size: number; inline: boolean; content_id: string | null }[];
}

/** `bird.email.send/get/list`: `POST` and `GET /v1/email/messages`, `GET /v1/email/messages/{id}`. */
export const EMAIL_CHANNEL: SendChannel<typeof EmailSendSchema> = {
  channel: 'email',
  idPrefix: 'em',
  requestSchema: EmailSendSchema,

  plan(send, { random, now, stepMs, workspaceId, outcomeFor }) {
    // Bird renders neither here: a template lives in Bird's store, a schedule needs its cancel route.
    if (send.template !== undefined)
      throw invalidParam(
        'template',
        'is not rendered by the emulator (it holds no stored templates); send subject and html/text',
        'UnsupportedFeature',
      );
    if (send.scheduled_at !== undefined)
      throw invalidParam('scheduled_at', 'is not supported by the emulator, which sends at once; leave it out', 'UnsupportedFeature');
    const id = typedId(random, 'em', now);
    const link = firstLink(send.html, send.text);
    const recipients = emailRecipients(send).map(({ address, role }): PlannedRecipient => {
      const recipientId = typedId(random, 'er', now);
      const { fate, outcome } = emailFate(address.email, outcomeFor('email', address.email));
      const base = {
        email_id: id,
        recipient_id: recipientId,
        workspace_id: workspaceId,
        recipient: address.email,
        recipient_role: role,
        ...echoed(send),
        broadcast_id: null,
      };
      const steps = emailSteps(fate, { base, trackOpens: send.track_opens !== false, trackClicks: send.track_clicks !== false, link });
      return { id: recipientId, address: address.email, role, outcome, steps };
    });
    const { html, text, attachments, ...rest } = send;
    const request: StoredEmailRequest = {
      ...rest,
      ...(attachments !== undefined && {
        attachments: attachments.map((a) => ({
          id: typedId(random, 'ea', now),
          filename: a.filename,
          ...(a.content_type !== undefined && { content_type: a.content_type }),
          size: Buffer.from(a.content, 'base64').length,
          inline: a.content_id !== undefined,
          content_id: a.content_id ?? null,
        })),
      }),
    };
    return platformMessage({
      channel: 'email',
      id,
      workspaceId,
      from: send.from.email,
      now,
      stepMs,
      recipients,
      aggregate: emailMessageStatus,
      content: {
        ...(send.subject !== undefined && { subject: send.subject }),
        ...(html !== undefined && { html }),
        ...(text !== undefined && { text }),
      },
      request: request as unknown as Record<string, unknown>,
    });
  },

  view: emailMessageView,

  query(params) {
    const status = params.get('status');
    const category = params.get('category');
    const to = params.get('to')?.toLowerCase();
    const from = params.get('from')?.toLowerCase();
    const tags = params.all('tag');
    return (message) =>
      (status === undefined || message.status === status) &&
      (category === undefined || (stored(message).category ?? 'marketing') === category) &&
      (to === undefined || message.recipients.some((r) => r.address.toLowerCase() === to)) &&
      (from === undefined || message.from?.toLowerCase() === from) &&
      matchesTags(stored(message).tags, tags);
  },
};

const stored = (message: SentMessage) => message.request as unknown as StoredEmailRequest;

/** Bird's `EmailMessage`: the send as kept, with counts and latencies from the steps fired so far. */
function emailMessageView(message: SentMessage): Record<string, unknown> {
  const request = stored(message);
  const fired = firedSteps(message);
  const count = (status: string) => message.recipients.filter((r) => r.status === status).length;
  const reached = (event: string) => new Set(fired.filter((s) => s.event === event).map((s) => s.recipient)).size;
  const created = Date.parse(message.createdAt);
  /** The fastest recipient's time from one event to another (or from the send), in ms; null until one got there. */
  const fastest = (from: string | undefined, to: string) => {
    const spans = message.recipients.flatMap((_, i) => {
      const end = stepTime(fired, i, to);
      const start = from === undefined ? created : stepTime(fired, i, from);
      return end === undefined || start === undefined ? [] : [end - start];
    });
    return spans.length === 0 ? null : Math.min(...spans);
  };
  const deliveredTimes = message.recipients.map((_, i) => stepTime(fired, i, 'email.delivered'));
  const allDelivered = message.recipients.every((r, i) => deliveredTimes[i] !== undefined && r.status === 'delivered');
  return {
    id: message.id,
    from: request.from,
    to: request.to,
    ...(request.cc !== undefined && { cc: request.cc }),
    ...(request.bcc !== undefined && { bcc: request.bcc }),
    subject: message.content?.subject ?? '',
    category: request.category ?? 'marketing',
    reply_to: request.reply_to ?? null,
    status: message.status,
    accepted_count: count('accepted'),
    processed_count: reached('email.processed'),
    delivered_count: reached('email.delivered'),
    bounced_count: count('bounced'),
    complained_count: count('complained'),
    deferred_count: count('deferred'),
    rejected_count: count('rejected'),
    processing_latency_ms: fastest(undefined, 'email.processed'),
    delivery_latency_ms: fastest('email.processed', 'email.delivered'),
    total_latency_ms: fastest(undefined, 'email.delivered'),
    open_count: fired.filter((s) => s.event === 'email.opened').length,
    click_count: fired.filter((s) => s.event === 'email.clicked').length,
    requested_language: null,
    resolved_language: null,
    template_id: null,
    template_version_id: null,
    ...(request.tags !== undefined && { tags: request.tags }),
    ...(request.metadata !== undefined && { metadata: request.metadata }),
    parameters: request.parameters ?? null,
    attachments: request.attachments ?? [],
    track_opens: request.track_opens !== false,
    track_clicks: request.track_clicks !== false,
    created_at: message.createdAt,
    thread_id: null,
    in_reply_to_message_id: null,
    delivered_at: allDelivered ? isoTimestamp(Math.max(...(deliveredTimes as number[]))) : null,
  };
}
