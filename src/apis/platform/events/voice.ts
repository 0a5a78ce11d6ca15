import * as z from 'zod';
import { phoneNumber } from '../../../catalogue/fake-data.js';
import type { GenerateContext } from '../../../catalogue/types.js';
import { countryOf, generatedWorkspaceId, phoneNumberIn } from '../fake-data.js';
import { typedId } from '../ids.js';
import { definePlatformEvent } from './define-platform-event.js';
import { typedIdSchema, WorkspaceIdSchema } from './schema-parts.js';

// `voice_call.*`: one leg of a call through Bird's SIP trunking, initiated → answered → ended.

/** `EventVoiceBase`. */
const VoiceBaseSchema = z.looseObject({
  call_id: typedIdSchema('vcl'),
  session_id: typedIdSchema('vcs').nullable().optional(),
  workspace_id: WorkspaceIdSchema,
  direction: z.enum(['inbound', 'outbound']),
  from: z.string().min(1),
  to: z.string().min(1),
});
type VoiceBase = z.output<typeof VoiceBaseSchema>;

/**
 * A call that started at `startedAt`: outbound from the workspace's PBX to a customer, or inbound
 * from a customer to one of its numbers. The session id is null when Bird could not correlate legs.
 */
function voiceCall(context: GenerateContext, startedAt: number): VoiceBase {
  const { random } = context;
  const customer = phoneNumber(random);
  const business = phoneNumberIn(random, countryOf(customer));
  const direction = random.next() < 0.6 ? 'outbound' : 'inbound';
  const call_id = typedId(random, 'vcl', startedAt);
  const draw = random.next();
  return {
    call_id,
    ...(draw < 0.7 ? { session_id: typedId(random, 'vcs', startedAt) } : draw < 0.9 ? { session_id: null } : {}),
    workspace_id: generatedWorkspaceId(context),
    direction,
    from: direction === 'outbound' ? business : customer,
    to: direction === 'outbound' ? customer : business,
  };
}

function generateInitiated(context: GenerateContext): VoiceBase {
  return voiceCall(context, context.now);
}

function generateAnswered(context: GenerateContext): VoiceBase {
  // Answered after 3 to 30 seconds of ringing.
  return voiceCall(context, context.now - context.random.int(3_000, 30_000));
}

const VoiceCallEndedSchema = VoiceBaseSchema.extend({
  status: z.enum(['answered', 'no_answer', 'busy', 'canceled', 'failed', 'rejected', 'unknown', 'ringing', 'in_progress']),
  sip_response_code: z.int().min(100).nullable(),
  duration_ms: z.int().min(0),
  billable_ms: z.int().min(0),
});
type VoiceCallEnded = z.output<typeof VoiceCallEndedSchema>;

/** How an ended call went: status, final SIP code, ringing time and talk time in ms. */
function outcome(context: GenerateContext): Pick<VoiceCallEnded, 'status' | 'sip_response_code'> & { ringMs: number; talkMs: number } {
  const { random } = context;
  const draw = random.next();
  // `busy` and `canceled` are "reserved … neither is emitted yet"; `ringing`/`in_progress` are live states.
  if (draw < 0.7)
    return { status: 'answered', sip_response_code: 200, ringMs: random.int(2_000, 20_000), talkMs: random.int(10_000, 900_000) };
  if (draw < 0.85) return { status: 'no_answer', sip_response_code: 480, ringMs: random.int(25_000, 45_000), talkMs: 0 };
  if (draw < 0.92) return { status: 'rejected', sip_response_code: 603, ringMs: random.int(1_000, 10_000), talkMs: 0 };
  if (draw < 0.98)
    return { status: 'failed', sip_response_code: random.pick([404, 503] as const), ringMs: random.int(100, 3_000), talkMs: 0 };
  return { status: 'unknown', sip_response_code: null, ringMs: random.int(100, 3_000), talkMs: 0 };
}

function generateEnded(context: GenerateContext): VoiceCallEnded {
  const { status, sip_response_code, ringMs, talkMs } = outcome(context);
  // Duration runs from the first INVITE; billing from the answer.
  const duration_ms = ringMs + talkMs;
  return { ...voiceCall(context, context.now - duration_ms), status, sip_response_code, duration_ms, billable_ms: talkMs };
}

/** `voice_call.*`. */
export const VOICE_EVENTS = [
  definePlatformEvent({
    name: 'voice_call.initiated',
    sdkType: 'EventVoiceCallInitiated',
    description: 'Call routing began.',
    payloadSchema: VoiceBaseSchema,
    generate: generateInitiated,
  }),
  definePlatformEvent({
    name: 'voice_call.answered',
    sdkType: 'EventVoiceCallAnswered',
    description: 'The called party answered and media began flowing.',
    payloadSchema: VoiceBaseSchema,
    generate: generateAnswered,
  }),
  definePlatformEvent({
    name: 'voice_call.ended',
    sdkType: 'EventVoiceCallEnded',
    description: 'The call ended after either party hung up or call setup failed.',
    payloadSchema: VoiceCallEndedSchema,
    generate: generateEnded,
  }),
] as const;
