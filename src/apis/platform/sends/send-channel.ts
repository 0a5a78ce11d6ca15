import type * as z from 'zod';
import { isoTimestamp } from '../../../clock/clock.js';
import type { Outcome } from '../../../config.js';
import type { SentMessage } from '../../../domain/message.js';
import type { Random } from '../../../random.js';
import { layOut, type LifecyclePlan, type PlannedStep } from '../../lifecycle.js';
import { typedId } from '../ids.js';

/** What planning a send needs besides the request. */
export interface SendContext {
  random: Random;
  /** When the send is accepted (ms). */
  now: number;
  /** Emulator time between lifecycle steps. */
  stepMs: number;
  /** The sending key's workspace. */
  workspaceId: string;
  /** The outcome an outcome rule gives a recipient, if any. */
  outcomeFor(channel: string, address: string): Outcome | undefined;
}

/** A list request's filters, read from the query string, as a test of a message. */
export type MessageQuery = (message: SentMessage) => boolean;

/**
 * One channel of Bird's platform API sends (`/v1/email/messages`, `/v1/sms/messages`,
 * `/v1/whatsapp/messages`): what the shared routes (routes/messages.ts) need to serve it.
 */
export interface SendChannel<S extends z.ZodType = z.ZodType> {
  /** `email`, `sms`, `whatsapp`: the path segment, the message's `channel` and the outcome rules' channel. */
  channel: 'email' | 'sms' | 'whatsapp';
  /** The id prefix of its messages (`em`, `sms`, `wam`). */
  idPrefix: string;
  /** The send request's schema (strict, as Bird's). */
  requestSchema: S;
  /**
   * Checks what the schema cannot say (Bird's named 422s), then plans the message and its lifecycle.
   * @throws PlatformError for a request Bird would refuse.
   */
  plan(request: z.output<S>, context: SendContext): SentMessage;
  /** The message as Bird's reads answer it (`EmailMessage`, `SmsMessage`, `WhatsAppMessage`). */
  view(message: SentMessage): Record<string, unknown>;
  /** The list's filters, from the query parameters (`get(name)` one value, `all(name)` a repeated one). */
  query(params: QueryParams): MessageQuery;
  /** `GET …/{id}/events`: the message's timeline, where Bird has the route. */
  timeline?(message: SentMessage): Record<string, unknown>[];
}

/** The query string as a channel reads it. */
export interface QueryParams {
  get(name: string): string | undefined;
  all(name: string): string[];
}

/** The parts of a platform API message a channel decides. */
export interface PlatformMessageParts extends Pick<LifecyclePlan, 'recipients'> {
  channel: SendChannel['channel'];
  id: string;
  workspaceId: string;
  from: string;
  /** When it was accepted, and the gap between its steps. */
  now: number;
  stepMs: number;
  /** The message's status from its recipients'; a one-recipient message's status is its recipient's. */
  aggregate?: LifecyclePlan['aggregate'];
  content: NonNullable<SentMessage['content']>;
  request: Record<string, unknown>;
}

/** A platform API message, accepted now, its lifecycle laid out. */
export function platformMessage(parts: PlatformMessageParts): SentMessage {
  const { now, stepMs, recipients, aggregate = ([status]) => status as string } = parts;
  const createdAt = isoTimestamp(now);
  return {
    id: parts.id,
    api: 'platform',
    channel: parts.channel,
    workspaceId: parts.workspaceId,
    from: parts.from,
    status: 'accepted',
    ...layOut({ createdAt: now, stepMs, initialStatus: 'accepted', recipients, aggregate }),
    content: parts.content,
    request: parts.request,
    createdAt,
    updatedAt: createdAt,
  };
}

/** The parts of a message to one number (SMS, WhatsApp), whose steps are listed on the API's timeline. */
export interface OneRecipientParts extends Omit<PlatformMessageParts, 'recipients' | 'aggregate'> {
  address: string;
  outcome: Outcome;
  steps: readonly PlannedStep[];
  /** The prefix of the timeline's event ids: `evt` (SMS), `ev` (WhatsApp). */
  stepIdPrefix: string;
  random: Random;
}

/** A one-recipient message; its steps get their timeline ids (stable: a read lists the same ids each time). */
export function oneRecipientMessage({ address, outcome, steps, stepIdPrefix, random, ...parts }: OneRecipientParts): SentMessage {
  const listed = steps.map((step) => ({ ...step, id: typedId(random, stepIdPrefix, parts.now) }));
  return platformMessage({ ...parts, recipients: [{ id: parts.id, address, outcome, steps: listed }] });
}
