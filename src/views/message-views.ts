import type { Delivery } from '../domain/delivery.js';
import type { MessageStep, SentMessage } from '../domain/message.js';
import { deliverySummary, type DeliverySummary } from './delivery-views.js';

/**
 * How sent messages are shown: in `GET /_emulator/messages`, the live log's `message.*` frames and
 * the dashboard's outbox. Pure functions of records.
 */

/** A recipient and where it stands. */
export interface RecipientView {
  address: string;
  role?: string | undefined;
  status: string;
  /** What decided its lifecycle: an outcome (`bounced`, `delivered`…), from the sandbox or a rule. */
  outcome: string;
}

/** A message in lists and frames: no bodies, no payloads. */
export interface MessageSummary {
  id: string;
  api: string;
  /** `email`, `sms`, `whatsapp`, or a Notifications API platform. */
  channel: string;
  workspaceId: string;
  channelId?: string | undefined;
  from?: string | undefined;
  subject?: string | undefined;
  /** A line to recognise it by: the subject, else the start of its text. */
  preview?: string | undefined;
  status: string;
  recipients: RecipientView[];
  /** Steps of the lifecycle fired so far, of all of them. */
  fired: number;
  steps: number;
  createdAt: string;
  updatedAt: string;
}

export function messageSummary(message: SentMessage): MessageSummary {
  return {
    id: message.id,
    api: message.api,
    channel: message.channel,
    workspaceId: message.workspaceId,
    ...(message.channelId !== undefined && { channelId: message.channelId }),
    ...(message.from !== undefined && { from: message.from }),
    ...(message.content?.subject !== undefined && { subject: message.content.subject }),
    ...(previewOf(message) !== undefined && { preview: previewOf(message) }),
    status: message.status,
    recipients: message.recipients.map((r) => ({
      address: r.address,
      ...(r.role !== undefined && { role: r.role }),
      status: r.status,
      outcome: r.outcome,
    })),
    fired: message.steps.filter((step) => step.firedAt !== undefined).length,
    steps: message.steps.length,
    createdAt: message.createdAt,
    updatedAt: message.updatedAt,
  };
}

const PREVIEW_LENGTH = 120;

function previewOf(message: SentMessage): string | undefined {
  const text = message.content?.subject ?? message.content?.text;
  return text === undefined ? undefined : text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text;
}

/** One step of the timeline: due or fired, the event it fires and the statuses it leaves. */
export interface StepView {
  at: string;
  /** The recipient's address; absent for a step about every recipient. */
  recipient?: string | undefined;
  event: string;
  status: string;
  messageStatus: string;
  firedAt?: string | undefined;
  eventId?: string | undefined;
  error?: string | undefined;
}

/** `GET /_emulator/messages/{id}`: the message whole, its timeline, and the deliveries its events made. */
export interface MessageDetail extends MessageSummary {
  content: { subject?: string | undefined; html?: string | undefined; text?: string | undefined };
  /** The send request as accepted (bodies are in `content`). */
  request: Record<string, unknown>;
  timeline: StepView[];
  /** The deliveries of the events it caused, oldest first (those the history still keeps). */
  deliveries: DeliverySummary[];
}

export function messageDetail(message: SentMessage, deliveries: readonly Delivery[]): MessageDetail {
  return {
    ...messageSummary(message),
    content: { ...message.content },
    request: { ...message.request },
    timeline: message.steps.map((step) => stepView(message, step)),
    deliveries: deliveries.map(deliverySummary),
  };
}

/** One step of a message's lifecycle, as the timeline shows it. */
export function stepView(message: SentMessage, step: MessageStep): StepView {
  return {
    at: step.at,
    ...(step.recipient !== undefined && { recipient: message.recipients[step.recipient]?.address }),
    event: step.event,
    status: step.status,
    messageStatus: step.messageStatus,
    ...(step.firedAt !== undefined && { firedAt: step.firedAt }),
    ...(step.eventId !== undefined && { eventId: step.eventId }),
    ...(step.error !== undefined && { error: step.error }),
  };
}
