import type { Outcome } from '../../../config.js';
import type { SentMessage } from '../../../domain/message.js';
import { stepsOver, type PlannedStep } from '../../lifecycle.js';
import { typedId } from '../ids.js';
import { firedSteps, phoneMessageQuery, timelineOf, timeOf } from './message-reads.js';
import { E164, echoed } from './request-parts.js';
import { oneRecipientMessage, type SendChannel } from './send-channel.js';
import { checkWhatsAppSend, WhatsAppSendSchema, type ContentKind, type WhatsAppSend } from './whatsapp-request.js';

/**
 * `bird.whatsapp.send/get/list/listEvents`: accepted → sent → delivered → read, or → failed after
 * WhatsApp had it, or rejected before. "Read receipts appear in `read_at` and `whatsapp.read`
 * events": reading leaves the status `delivered`.
 */

type WhatsAppFate = 'delivered' | 'read' | 'failed' | 'rejected';

/** An outcome rule's outcome, read for WhatsApp (a mail outcome as the nearest WhatsApp has). */
const FATE_OF_OUTCOME: Readonly<Record<Outcome, WhatsAppFate>> = {
  delivered: 'delivered',
  complained: 'delivered',
  'deferred-then-delivered': 'delivered',
  read: 'read',
  opened: 'read',
  clicked: 'read',
  failed: 'failed',
  bounced: 'failed',
  'soft-bounced': 'failed',
  undelivered: 'failed',
  expired: 'failed',
  'deferred-then-bounced': 'failed',
  rejected: 'rejected',
};

/** `WhatsAppError` of the two failures: Bird's code, text, and the WhatsApp Cloud API's own code. */
const ERRORS = {
  failed: ['undeliverable', 'Message undeliverable', '131026'],
  rejected: ['recipient_suppressed', 'The recipient is on the workspace suppression list', null],
} as const;

/** The number a Bird-managed template sends from ("selects the sender number"); the SDK's example. */
const MANAGED_SENDER = '+13124495648';

/** `WhatsAppAddress` of the recipient: a phone number or a business-scoped user id. */
function addressOf(to: string): { phone_number: string } | { bsuid: string } {
  return E164.test(to) ? { phone_number: to } : { bsuid: to };
}

function whatsAppSteps(fate: WhatsAppFate, base: Record<string, unknown>): PlannedStep[] {
  const step = stepsOver(base);
  const failure = (after: number, kind: keyof typeof ERRORS) => {
    const [code, description, meta_error_code] = ERRORS[kind];
    return step(after, `whatsapp.${kind}`, kind, (at) => ({ error: { code, description, meta_error_code, occurred_at: at } }));
  };
  const accepted = step(0, 'whatsapp.accepted', 'accepted');
  if (fate === 'rejected') return [accepted, failure(1, 'rejected')];
  const sent = step(1, 'whatsapp.sent', 'sent');
  if (fate === 'failed') return [accepted, sent, failure(2, 'failed')];
  const delivered = step(2, 'whatsapp.delivered', 'delivered');
  return fate === 'read' ? [accepted, sent, delivered, step(3, 'whatsapp.read', 'delivered')] : [accepted, sent, delivered];
}

/** What a person reads, for the outbox: the text, a caption, or what kind of content it is. */
function readableText(send: WhatsAppSend, kind: ContentKind): string {
  if (send.text !== undefined) return send.text.body;
  const media =
    kind === 'image' || kind === 'video' || kind === 'audio' || kind === 'sticker' || kind === 'document' ? send[kind] : undefined;
  return media?.caption ?? `[${kind}${kind === 'template' ? ` ${send.template?.slug ?? send.template?.id}` : ''}]`;
}

interface StoredWhatsAppRequest extends WhatsAppSend {
  from: string;
  kind: ContentKind;
}

const stored = (message: SentMessage) => message.request as unknown as StoredWhatsAppRequest;

export const WHATSAPP_CHANNEL: SendChannel<typeof WhatsAppSendSchema> = {
  channel: 'whatsapp',
  idPrefix: 'wam',
  requestSchema: WhatsAppSendSchema,

  plan(send, { random, now, stepMs, workspaceId, outcomeFor }) {
    const kind = checkWhatsAppSend(send);
    const id = typedId(random, 'wam', now);
    const from = send.from ?? MANAGED_SENDER;
    const outcome = outcomeFor('whatsapp', send.to) ?? 'delivered';
    const base = {
      whatsapp_id: id,
      workspace_id: workspaceId,
      direction: 'outbound',
      from: { phone_number: from },
      to: addressOf(send.to),
      ...echoed(send),
      ...(send.in_reply_to_message_id !== undefined && { in_reply_to_message_id: send.in_reply_to_message_id }),
    };
    return oneRecipientMessage({
      channel: 'whatsapp',
      id,
      workspaceId,
      from,
      now,
      stepMs,
      address: send.to,
      outcome,
      steps: whatsAppSteps(FATE_OF_OUTCOME[outcome], base),
      stepIdPrefix: 'ev',
      random,
      content: { text: readableText(send, kind) },
      request: { ...send, from, kind },
    });
  },

  view(message) {
    const request = stored(message);
    const fired = firedSteps(message);
    const error = fired.map((s) => s.payload.error).find((e) => e !== undefined);
    const content =
      request.kind === 'template'
        ? {
            template: {
              slug: request.template?.slug ?? request.template?.id,
              language: request.template?.language ?? 'en',
              category: 'utility',
              components: request.template?.components ?? [],
            },
          }
        : request.kind === 'text'
          ? { text: { body: request.text?.body } }
          : { [request.kind]: request[request.kind] };
    return {
      id: message.id,
      direction: 'outbound',
      from: { phone_number: request.from },
      to: addressOf(request.to),
      ...content,
      ...(request.in_reply_to_message_id !== undefined && { in_reply_to_message_id: request.in_reply_to_message_id }),
      status: message.status,
      ...(error !== undefined && { last_error: error }),
      created_at: message.createdAt,
      sent_at: timeOf(fired, 'whatsapp.sent'),
      delivered_at: timeOf(fired, 'whatsapp.delivered'),
      read_at: timeOf(fired, 'whatsapp.read'),
      cost: null,
      ...(request.tags !== undefined && { tags: request.tags }),
      ...(request.metadata !== undefined && { metadata: request.metadata }),
    };
  },

  query(params) {
    const shared = phoneMessageQuery(params);
    const contact = params.get('phone_number') ?? params.get('bsuid');
    const category = params.get('category');
    return (message) => {
      const request = stored(message);
      return (
        shared(message, request) &&
        (contact === undefined || request.to === contact) &&
        // Every template the emulator sends is read as a utility template (it holds none of its own).
        (category === undefined || (request.kind === 'template' && category === 'utility'))
      );
    };
  },

  timeline: timelineOf,
};
