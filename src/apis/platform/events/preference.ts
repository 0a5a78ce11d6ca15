import * as z from 'zod';
import { emailAddress, phoneNumber, senderEmailAddress } from '../../../catalogue/fake-data.js';
import type { GenerateContext } from '../../../catalogue/types.js';
import { countryOf, phoneNumberIn } from '../fake-data.js';
import { typedId } from '../ids.js';
import { definePlatformEvent } from './define-platform-event.js';
import { openEnum, typedIdSchema, UnpatternedIdSchema } from './schema-parts.js';

// `preference.*`: a consent ledger per (handle, channel, sender scope, topic). Every write appends a
// transition; the event names the key (`prf_`) and the transition (`prt_`). The payloads carry no
// workspace_id, and `effective_at` is the envelope's timestamp.

const PREFERENCE_CHANNELS = ['email', 'sms', 'whatsapp'] as const;

/** `EventPreferenceBase`. */
const PreferenceSchema = z.looseObject({
  preference_id: UnpatternedIdSchema,
  transition_id: UnpatternedIdSchema,
  channel: openEnum(PREFERENCE_CHANNELS),
  handle: z.string().min(1).max(320),
  sender_scope: z.string().nullable(),
  topic_id: z.string().nullable(),
  coverage: z.enum(['all', 'non_transactional']),
  contact_id: typedIdSchema('con').nullable(),
});
type Preference = z.output<typeof PreferenceSchema>;

/**
 * A preference written now on a key created earlier. The handle is an email address on email and
 * an E.164 number on SMS and WhatsApp; a scoped statement names one sender of that channel.
 * `prf_` and `prt_` are the prefixes of the examples in Bird's OpenAPI schema (`schemas.gen.ts` at
 * bird-sdk-typescript commit 048fa15, 0.42.1's 53 event types); neither id has a published pattern.
 */
function preference(context: GenerateContext, coverage: Preference['coverage']): Preference {
  const { random, now } = context;
  const channel = random.pick(PREFERENCE_CHANNELS);
  const handle = channel === 'email' ? emailAddress(random) : phoneNumber(random);
  const scoped = random.next() < 0.3;
  const sender = channel === 'email' ? senderEmailAddress(random) : phoneNumberIn(random, countryOf(handle));
  return {
    preference_id: typedId(random, 'prf', now - random.int(0, 90 * 24 * 3_600_000)),
    transition_id: typedId(random, 'prt', now),
    channel,
    handle,
    sender_scope: scoped ? sender : null,
    // "Reserved: always null in v1."
    topic_id: null,
    coverage,
    contact_id: random.next() < 0.7 ? typedId(random, 'con', now - random.int(24 * 3_600_000, 365 * 24 * 3_600_000)) : null,
  };
}

function generateGranted(context: GenerateContext): Preference {
  return preference(context, context.random.next() < 0.6 ? 'non_transactional' : 'all');
}

function generateRevoked(context: GenerateContext): Preference {
  // An opt-out usually stops marketing while receipts and codes keep flowing.
  return preference(context, context.random.next() < 0.8 ? 'non_transactional' : 'all');
}

function generateDeleted(context: GenerateContext): Preference {
  return preference(context, context.random.pick(['all', 'non_transactional'] as const));
}

/** `preference.*`. */
export const PREFERENCE_EVENTS = [
  definePlatformEvent({
    name: 'preference.granted',
    sdkType: 'EventPreferenceGranted',
    description: "A stated preference was granted (a person consented, or a customer wrote a grant) and became the key's live statement.",
    payloadSchema: PreferenceSchema,
    generate: generateGranted,
  }),
  definePlatformEvent({
    name: 'preference.revoked',
    sdkType: 'EventPreferenceRevoked',
    description: "A stated preference was revoked (a person opted out, or a customer wrote a revoke) and became the key's live statement.",
    payloadSchema: PreferenceSchema,
    generate: generateRevoked,
  }),
  definePlatformEvent({
    name: 'preference.deleted',
    sdkType: 'EventPreferenceDeleted',
    description: 'A stated preference was deleted, superseding it in the ledger without erasing its history.',
    payloadSchema: PreferenceSchema,
    generate: generateDeleted,
  }),
] as const;
