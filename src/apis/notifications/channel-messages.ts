import * as z from 'zod';
import { failureFields, type FailureFields } from '../../catalogue/events/message-failures.js';
import { generateOutboundMessage } from '../../catalogue/events/messages.js';
import { profileOf } from '../../catalogue/events/platforms.js';
import { MessageBodySchema } from '../../catalogue/schema-parts.js';
import type { Platform } from '../../catalogue/vocabulary.js';
import { isoTimestamp } from '../../clock/clock.js';
import type { Outcome } from '../../config.js';
import type { SentMessage } from '../../domain/message.js';
import type { Random } from '../../random.js';
import { layOut, type PlannedStep } from '../lifecycle.js';
import type { Channel } from './channel-store.js';

/**
 * Bird's Channels API send route, `POST /workspaces/{workspaceId}/channels/{channelId}/messages`
 * (issue 12's INDEX §5): the request as Bird documents it (`receiver` required; `body` or
 * `template`), and the `<platform>.outbound` status events that follow.
 */

const ContactInputSchema = z
  .looseObject({
    id: z.string().min(1).max(256).optional(),
    identifierKey: z.string().min(1).max(256).optional(),
    identifierValue: z.string().min(1).max(2048).optional(),
    type: z.string().max(64).optional(),
    platformAddress: z.string().max(2048).optional(),
    platformAddressSelector: z.string().max(2048).optional(),
  })
  .refine((contact) => contact.identifierValue !== undefined || contact.id !== undefined, {
    message: 'a contact needs an identifierValue (or the id of a known contact)',
  });

/** Bird's schema has more top-level fields than its page shows (`notification`, `capFrequency`…): unknown ones pass. */
export const ChannelMessageInputSchema = z
  .looseObject({
    receiver: z.looseObject({ contacts: z.array(ContactInputSchema).min(1).max(50) }),
    body: MessageBodySchema.optional(),
    template: z
      .looseObject({ projectId: z.string().min(1).optional(), version: z.string().min(1).optional(), locale: z.string().min(1).optional() })
      .optional(),
    reference: z.string().max(256).optional(),
    sender: z.looseObject({}).optional(),
    meta: z.looseObject({}).optional(),
    enableLinkTracking: z.boolean().optional(),
  })
  .superRefine((message, ctx) => {
    if ((message.body === undefined) === (message.template === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'send either body or template' });
    }
  });
export type ChannelMessageInput = z.infer<typeof ChannelMessageInputSchema>;

type Fate = 'delivered' | 'sending_failed' | 'delivery_failed';

/** An outcome rule's outcome, read for a channel message (Bird's failed statuses: before sending, or after). */
function fateOf(outcome: Outcome): Fate {
  if (outcome === 'rejected') return 'sending_failed';
  const failed: readonly Outcome[] = ['bounced', 'soft-bounced', 'deferred-then-bounced', 'failed', 'undelivered', 'expired'];
  return failed.includes(outcome) ? 'delivery_failed' : 'delivered';
}

/** The e-mail failure Bird's e-mail status page names for an outcome (`details`/`reason`). */
const EMAIL_REASONS: Partial<Record<Outcome, string>> = {
  bounced: 'bounceHard',
  failed: 'bounceHard',
  'soft-bounced': 'bounceSoft',
  undelivered: 'bounceSoft',
  'deferred-then-bounced': 'delay',
  expired: 'delay',
  rejected: 'policyRejection',
};

export interface ChannelSendContext {
  random: Random;
  now: number;
  stepMs: number;
  workspaceId: string;
  channel: Channel;
  outcomeFor(channel: string, address: string): Outcome | undefined;
}

/** The message Bird answers and every status event carries, as it is when accepted; its id and contacts apart. */
function acceptedMessage(
  input: ChannelMessageInput,
  { random, now, channel }: ChannelSendContext,
): { id: string; contacts: { id: string; identifierValue: string }[]; message: Record<string, unknown> } {
  const profile = profileOf(channel.platform);
  // Bird's order (id, identifierKey, identifierValue), then whatever else the send gave.
  const contacts = input.receiver.contacts.map((contact) => ({
    id: contact.id ?? random.uuid(),
    identifierKey: contact.identifierKey ?? profile.identifierKey(channel.connector.identifierValue),
    identifierValue: contact.identifierValue ?? contact.id ?? '',
    ...contact,
  }));
  // The generator gives the platform's fields (parts, the style's extras) in Bird's order; the send gives the rest.
  const {
    id: _id,
    channelId: _channel,
    sender: _sender,
    receiver: _receiver,
    body: _body,
    reference: _reference,
    parts,
    status,
    reason,
    direction,
    ...trailing
  } = generateOutboundMessage({ platform: channel.platform, status: 'accepted' }, { random, now });
  const created = isoTimestamp(now);
  const id = random.uuid();
  const message = {
    id,
    channelId: channel.id,
    sender: { connector: { ...channel.connector } },
    receiver: { contacts },
    ...(input.body !== undefined && { body: input.body }),
    ...(input.template !== undefined && { template: input.template }),
    ...(input.reference !== undefined && { reference: input.reference }),
    parts,
    status,
    reason,
    direction,
    ...trailing,
    lastStatusAt: created,
    createdAt: created,
    updatedAt: created,
  };
  return { id, contacts, message };
}

/** What a person reads: a text body's text, an HTML body's HTML and text part. */
function contentOf(input: ChannelMessageInput): NonNullable<SentMessage['content']> {
  const body = input.body as { text?: { text?: string }; html?: { html?: string; text?: string } } | undefined;
  const text = body?.text?.text ?? body?.html?.text;
  return { ...(body?.html?.html !== undefined && { html: body.html.html }), ...(text !== undefined && { text }) };
}

/** The message in `status` at `at`: the failure fields after `direction`, where Bird's failure examples have them. */
function withStatus(
  message: Record<string, unknown>,
  status: string,
  at: string,
  failure: FailureFields | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message)) {
    out[key] =
      key === 'status' ? status : key === 'reason' ? (failure?.reason ?? '') : key === 'lastStatusAt' || key === 'updatedAt' ? at : value;
    if (key === 'direction' && failure) Object.assign(out, { details: failure.details, failure: failure.failure });
  }
  return out;
}

/** The message recorded, with its `<platform>.outbound` lifecycle: accepted → sent → delivered, or a failure. */
export function planChannelMessage(input: ChannelMessageInput, context: ChannelSendContext): SentMessage {
  const { random, now, stepMs, workspaceId, channel } = context;
  const platform: Platform = channel.platform;
  const { id, contacts, message } = acceptedMessage(input, context);
  // One status for the whole message: the first contact that an outcome rule names decides it.
  const outcome = contacts.map((c) => context.outcomeFor(platform, c.identifierValue)).find((o) => o !== undefined) ?? 'delivered';
  const fate = fateOf(outcome);
  const event = `${platform}.outbound`;
  const step = (after: number, status: string): PlannedStep => ({
    after,
    event,
    status,
    payload: (at) => {
      const failed = status === 'sending_failed' || status === 'delivery_failed';
      return withStatus(
        message,
        status,
        at,
        failed ? failureFields(profileOf(platform), status, random, EMAIL_REASONS[outcome]) : undefined,
      );
    },
  });
  const shared =
    fate === 'sending_failed' ? [step(0, 'accepted'), step(1, 'sending_failed')] : [step(0, 'accepted'), step(1, 'sent'), step(2, fate)];
  const created = isoTimestamp(now);
  return {
    id,
    api: 'notifications',
    channel: platform,
    service: 'channels',
    workspaceId,
    channelId: channel.id,
    from: channel.connector.identifierValue,
    status: 'accepted',
    ...layOut({
      createdAt: now,
      stepMs,
      initialStatus: 'accepted',
      recipients: contacts.map((contact) => ({ id: contact.id, address: contact.identifierValue, outcome, steps: [] })),
      shared,
      aggregate: ([status]) => status as string,
    }),
    content: contentOf(input),
    request: { ...input },
    createdAt: created,
    updatedAt: created,
  };
}
