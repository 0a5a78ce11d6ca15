import * as z from 'zod';
import type { DeepReadonly } from '../objects.js';
import { ApiNameSchema } from './api.js';
import { ServiceSchema } from './subscription.js';

/**
 * A message an app sent through the emulator (Bird's send routes), with its whole lifecycle planned
 * when it was accepted: every event it will cause, for which recipient, at what emulator time and
 * with what payload. The outbox fires the steps as their time comes and marks each one fired, so a
 * restart resumes the lifecycle where it stopped, and a read shows the status the webhooks told.
 */

/** One step of a lifecycle: an event fired about one recipient at its time. */
export const MessageStepSchema = z.object({
  /** The step's id on its API's timeline (`evt_…` for SMS, `ev_…` for WhatsApp); absent where the API lists none. */
  id: z.string().optional(),
  /** When it is due (RFC 3339, emulator time). */
  at: z.string(),
  /**
   * The recipient it is about, an index into `recipients`; absent when it is about every one (a
   * Notifications API message has one status for all its contacts).
   */
  recipient: z.number().int().min(0).optional(),
  /** The event it fires, a name of the message's API. */
  event: z.string(),
  /** The recipient's status once it has fired. */
  status: z.string(),
  /** The message's status once it has fired. */
  messageStatus: z.string(),
  /** The event's payload (the platform API's `data`), valid for its event's schema. */
  payload: z.record(z.string(), z.unknown()),
  /** When it fired; absent while it is due. */
  firedAt: z.string().optional(),
  /** The event it fired. */
  eventId: z.string().optional(),
  /** Why it fired no event (its payload was refused: a bug of the emulator, never an input). */
  error: z.string().optional(),
});
export type MessageStep = DeepReadonly<z.infer<typeof MessageStepSchema>>;

export const MessageRecipientSchema = z.object({
  /** `er_…` for e-mail; the message's own id where a message has one recipient. */
  id: z.string(),
  /** The e-mail address or phone number (a WhatsApp user id) as the send gave it. */
  address: z.string(),
  /** `to`, `cc` or `bcc` for e-mail. */
  role: z.string().optional(),
  /** What decided its lifecycle: a sandbox address, an outcome rule, or the default (`delivered`). */
  outcome: z.string(),
  /** Where it stands: the status its latest fired step left. */
  status: z.string(),
});
export type MessageRecipient = DeepReadonly<z.infer<typeof MessageRecipientSchema>>;

/** What a person would read: kept apart from the request so the outbox can show it. */
export const MessageContentSchema = z.object({
  subject: z.string().optional(),
  html: z.string().optional(),
  text: z.string().optional(),
});

export const SentMessageSchema = z.object({
  /** Bird's id of the message: `em_…`, `sms_…`, `wam_…`, or the Notifications API's UUID. */
  id: z.string(),
  api: ApiNameSchema,
  /** `email`, `sms` or `whatsapp`; for the Notifications API, the channel's platform. */
  channel: z.string(),
  /** The Notifications API's service of its events (`channels`); absent for the platform API. */
  service: ServiceSchema.optional(),
  /** Where its events are fired: the sending key's `ws_…`, or the Notifications API workspace. */
  workspaceId: z.string(),
  /** The Notifications API channel it went through. */
  channelId: z.string().optional(),
  /** The sender, as shown. */
  from: z.string().optional(),
  /** The message's status: the one its latest fired step left. */
  status: z.string(),
  recipients: z.array(MessageRecipientSchema).min(1),
  content: MessageContentSchema.optional(),
  /** The send request as accepted (without the bodies, which are in `content`). */
  request: z.record(z.string(), z.unknown()),
  /** The lifecycle, in the order it fires. */
  steps: z.array(MessageStepSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A recorded message: a value; every step that fires makes a new record. */
export type SentMessage = DeepReadonly<z.infer<typeof SentMessageSchema>>;

/** True once every step has fired (or failed to): nothing more will happen to the message. */
export function isFinished(message: SentMessage): boolean {
  return message.steps.every((step) => step.firedAt !== undefined);
}

/** What a fired step changes. */
export interface StepOutcome {
  firedAt: string;
  eventId?: string | undefined;
  error?: string | undefined;
}

/**
 * The record after step `index` fired: the step marked, the recipient's and the message's status
 * moved on (unless the step failed to fire). A new object; `message` is left as it was.
 */
export function withStepFired(message: SentMessage, index: number, outcome: StepOutcome): SentMessage {
  const step = message.steps[index];
  if (step === undefined || step.firedAt !== undefined) return message;
  const fired: MessageStep = {
    ...step,
    firedAt: outcome.firedAt,
    ...(outcome.eventId !== undefined && { eventId: outcome.eventId }),
    ...(outcome.error !== undefined && { error: outcome.error }),
  };
  const moved = outcome.error === undefined;
  return {
    ...message,
    status: moved ? step.messageStatus : message.status,
    recipients: message.recipients.map((r, i) =>
      moved && (step.recipient === undefined || i === step.recipient) ? { ...r, status: step.status } : r,
    ),
    steps: message.steps.map((s, i) => (i === index ? fired : s)),
    updatedAt: outcome.firedAt,
  };
}

/** Which messages to wait for or list. Every field given must match. */
export const MessageFilterSchema = z.strictObject({
  id: z.string().optional(),
  api: ApiNameSchema.optional(),
  channel: z.string().optional(),
  /** A recipient's address, exactly as sent (e-mail addresses compared without case). */
  to: z.string().optional(),
  /** The message's status, e.g. `delivered`; absent matches as soon as the message exists. */
  status: z.string().optional(),
  workspaceId: z.string().optional(),
});
export type MessageFilter = z.infer<typeof MessageFilterSchema>;

export function messageMatches(message: SentMessage, filter: MessageFilter): boolean {
  const to = filter.to?.toLowerCase();
  return (
    (filter.id === undefined || message.id === filter.id) &&
    (filter.api === undefined || message.api === filter.api) &&
    (filter.channel === undefined || message.channel === filter.channel) &&
    (filter.status === undefined || message.status === filter.status) &&
    (filter.workspaceId === undefined || message.workspaceId === filter.workspaceId) &&
    (to === undefined || message.recipients.some((r) => r.address.toLowerCase() === to))
  );
}
