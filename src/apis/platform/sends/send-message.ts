import type { Clock } from '../../../clock/clock.js';
import type { SentMessage } from '../../../domain/message.js';
import { parseOrThrow } from '../../../domain/validation.js';
import type { Random } from '../../../random.js';
import type { MessageOutbox } from '../../api-dialect.js';
import { EMAIL_CHANNEL } from './email-channel.js';
import type { SendChannel } from './send-channel.js';
import { SMS_CHANNEL } from './sms-channel.js';
import { WHATSAPP_CHANNEL } from './whatsapp-channel.js';

/** The channels of the platform API's send routes. */
export const SEND_CHANNELS = [EMAIL_CHANNEL, SMS_CHANNEL, WHATSAPP_CHANNEL] as const;
export type SendChannelName = (typeof SEND_CHANNELS)[number]['channel'];

export interface SendThroughOptions {
  outbox: MessageOutbox;
  clock: Clock;
  random: Random;
  /** The sending key's workspace. */
  workspaceId: string;
}

/**
 * A send, as `POST /v1/{channel}/messages` makes it (the route and a scenario's send step both call
 * this): the body checked (`.body.…` details), the lifecycle planned, the message handed to the outbox.
 * @throws EmulatorError `InvalidPayload` for a body the schema refuses; PlatformError for Bird's named 422s.
 */
export async function sendThrough(channel: SendChannel, body: unknown, { outbox, clock, random, workspaceId }: SendThroughOptions) {
  const request = parseOrThrow(channel.requestSchema, body, '.body');
  const planned = channel.plan(request, {
    random,
    now: clock.now(),
    stepMs: outbox.stepMs,
    workspaceId,
    outcomeFor: (name, address) => outbox.outcomeFor(name, address),
  });
  const message: SentMessage = await outbox.send(planned);
  return { message, answer: channel.view(message) };
}
