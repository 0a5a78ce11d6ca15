import * as z from 'zod';
import { defineEvent } from '../define-event.js';
import { INBOUND_TEXTS, isoTimestamp, messageText, msAgo, personName } from '../fake-data.js';
import { bindFilterKeys } from '../filter-keys.js';
import { IdSchema, TimestampSchema } from '../schema-parts.js';
import type { EventDefinition, GenerateContext } from '../types.js';
import { PLATFORM_PROFILES } from './platforms.js';

export const CONVERSATION_STATUSES = ['active', 'closed'] as const;

/** Bird's participant types (Conversations API, "Conversation Participants"). */
export const PARTICIPANT_TYPES = [
  'accessKey',
  'user',
  'contact',
  'flow',
  'bot',
  'connector',
  'channel',
  'collaborationAutomation',
] as const;

const ParticipantSchema = z.looseObject({
  id: IdSchema,
  type: z.enum(PARTICIPANT_TYPES),
  displayName: z.string().optional(),
  contact: z.looseObject({ identifierKey: z.string(), identifierValue: z.string() }).optional(),
});

/** A conversation object; `channelId` filters read its `channelId`. */
export const ConversationPayloadSchema = z.looseObject({
  id: IdSchema,
  channelId: IdSchema,
  name: z.string().optional(),
  description: z.string().optional(),
  status: z.enum(CONVERSATION_STATUSES),
  visibility: z.enum(['public', 'private', 'direct']).optional(),
  accessibility: z.enum(['open', 'invite-only', 'private']).optional(),
  featuredParticipants: z.array(ParticipantSchema).optional(),
  activeParticipantCount: z.number().int().nonnegative().optional(),
  pendingParticipantCount: z.number().int().nonnegative().optional(),
  lastMessageIncomingAt: TimestampSchema.optional(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema.optional(),
});
type ConversationPayload = z.output<typeof ConversationPayloadSchema>;

type Lifecycle = 'created' | 'updated' | 'deleted';

/** A one-to-one customer conversation with an agent; a deleted one is generated `closed`. */
function generateConversation({ random, now }: GenerateContext, lifecycle: Lifecycle): ConversationPayload {
  const profile = random.pick(PLATFORM_PROFILES);
  const customer = personName(random);
  const channelIdentifier = profile.channelIdentifier(random);
  // An existing conversation is at least an hour old, so its last message comes after its creation.
  const createdMs = lifecycle === 'created' ? now : msAgo({ random, now }, 3_600_000, 3 * 24 * 3_600_000);
  const lastIncomingMs = lifecycle === 'created' ? now : msAgo({ random, now }, 0, 60_000);
  return {
    id: random.uuid(),
    channelId: random.uuid(),
    name: `${customer} via ${profile.label}`,
    description: messageText(random, INBOUND_TEXTS),
    status: lifecycle === 'deleted' ? 'closed' : 'active',
    visibility: 'public',
    accessibility: 'open',
    featuredParticipants: [
      {
        id: random.uuid(),
        type: 'contact',
        displayName: customer,
        contact: {
          identifierKey: profile.identifierKey(channelIdentifier),
          identifierValue: profile.contactIdentifier(random),
        },
      },
      { id: random.uuid(), type: 'user', displayName: personName(random) },
    ],
    activeParticipantCount: 2,
    pendingParticipantCount: 0,
    lastMessageIncomingAt: isoTimestamp(lastIncomingMs),
    createdAt: isoTimestamp(createdMs),
    updatedAt: isoTimestamp(now),
  };
}

const conversationFilters = bindFilterKeys({ channelId: 'channelId' });

function conversationEvent(lifecycle: Lifecycle, description: string): EventDefinition {
  return defineEvent({
    name: `conversation.${lifecycle}`,
    service: 'conversations',
    filterKeys: conversationFilters,
    description,
    payloadSchema: ConversationPayloadSchema,
    generate: (context) => generateConversation(context, lifecycle),
  });
}

/** `conversation.created`, `.updated` and `.deleted`. */
export const CONVERSATION_EVENTS: readonly EventDefinition[] = [
  conversationEvent('created', 'A conversation was started.'),
  conversationEvent('updated', 'A conversation changed (participants, name or status).'),
  conversationEvent('deleted', 'A conversation was deleted (generated with status `closed`).'),
];
