import * as z from 'zod';
import { defineEvent } from '../define-event.js';
import { isoTimestamp, phoneNumber } from '../fake-data.js';
import { bindFilterKeys } from '../filter-keys.js';
import { IdSchema, PhoneNumberSchema, TimestampSchema } from '../schema-parts.js';
import type { EventDefinition, EventSource, GenerateContext } from '../types.js';
import { VOICE_CALL_STATUSES } from '../vocabulary.js';

/**
 * A call object; voice subscriptions filter on `channelId` and `status` (several `status` filters
 * are ORed). Bird documents the statuses, not the payload, so no field is required.
 */
export const VoiceCallPayloadSchema = z.looseObject({
  id: IdSchema.optional(),
  channelId: IdSchema.optional(),
  status: z.enum(VOICE_CALL_STATUSES).optional(),
  direction: z.enum(['incoming', 'outgoing']).optional(),
  from: PhoneNumberSchema.optional(),
  to: PhoneNumberSchema.optional(),
  /** Whole seconds between answer and hang-up. */
  duration: z.number().int().nonnegative().optional(),
  startedAt: TimestampSchema.optional(),
  endedAt: TimestampSchema.optional(),
  createdAt: TimestampSchema.optional(),
  updatedAt: TimestampSchema.optional(),
});
type VoiceCallPayload = z.output<typeof VoiceCallPayloadSchema>;

/**
 * A finished call (`completed`): the status a developer usually handles first, with a duration and
 * start/end times that fit before `now`.
 */
function generateCall({ random, now }: GenerateContext, direction: 'incoming' | 'outgoing'): VoiceCallPayload {
  const customer = phoneNumber(random);
  const business = phoneNumber(random);
  const duration = random.int(5, 600);
  const endedAt = now - random.int(0, 1_000);
  const startedAt = endedAt - duration * 1_000;
  return {
    id: random.uuid(),
    channelId: random.uuid(),
    status: 'completed',
    direction,
    from: direction === 'incoming' ? customer : business,
    to: direction === 'incoming' ? business : customer,
    duration,
    startedAt: isoTimestamp(startedAt),
    endedAt: isoTimestamp(endedAt),
    // Ringing before the answer.
    createdAt: isoTimestamp(startedAt - random.int(2_000, 15_000)),
    updatedAt: isoTimestamp(now),
  };
}

const voiceFilters = bindFilterKeys({ channelId: 'channelId', status: 'status' });

const SOURCE: EventSource = {
  payload: 'none',
  urls: ['https://docs.bird.com/api/voice-api/voice-webhooks'],
  ours: 'Bird documents the call statuses and filters but shows no payload: the call fields are ours.',
};

/** `voice.inbound` and `voice.outbound`. */
export const VOICE_EVENTS: readonly EventDefinition[] = [
  defineEvent({
    name: 'voice.inbound',
    service: 'channels',
    filterKeys: voiceFilters,
    source: SOURCE,
    description: 'An incoming call changed status (generated as `completed`).',
    payloadSchema: VoiceCallPayloadSchema,
    generate: (context) => generateCall(context, 'incoming'),
  }),
  defineEvent({
    name: 'voice.outbound',
    service: 'channels',
    filterKeys: voiceFilters,
    source: SOURCE,
    description: 'An outgoing call changed status (generated as `completed`).',
    payloadSchema: VoiceCallPayloadSchema,
    generate: (context) => generateCall(context, 'outgoing'),
  }),
];
