import * as z from 'zod';
import { defineEvent } from '../define-event.js';
import { INBOUND_TEXTS, isoTimestamp, messageText, msAgo, personName } from '../fake-data.js';
import { bindFilterKeys } from '../filter-keys.js';
import { IdSchema, LooseIdSchema, TimestampSchema } from '../schema-parts.js';
import type { EventDefinition, EventSource, GenerateContext } from '../types.js';
import { profileOf } from './platforms.js';

/**
 * A participant as Bird's conversation example shows one: a contact carries its identifier (and
 * the platform's address for it), a user does not.
 */
const ParticipantSchema = z.looseObject({
  id: LooseIdSchema,
  type: z.string(),
  status: z.string().optional(),
  displayName: z.string().optional(),
  avatarUrl: z.string().optional(),
  contact: z.looseObject({ identifierKey: z.string(), identifierValue: z.string(), platformAddress: z.string().optional() }).optional(),
});
type Participant = z.output<typeof ParticipantSchema>;

/** A conversation object; `channelId` filters read its `channelId`. */
export const ConversationPayloadSchema = z.looseObject({
  id: IdSchema,
  name: z.string().optional(),
  description: z.string().optional(),
  status: z.string(),
  visibility: z.string().optional(),
  accessibility: z.string().optional(),
  featuredParticipants: z.array(ParticipantSchema).optional(),
  activeParticipantCount: z.number().int().nonnegative().optional(),
  pendingParticipantCount: z.number().int().nonnegative().optional(),
  initiatingParticipant: ParticipantSchema.optional(),
  channelId: IdSchema.optional(),
  lastMessage: z
    .looseObject({
      id: LooseIdSchema.optional(),
      type: z.string().optional(),
      preview: z.looseObject({ text: z.string().optional() }).optional(),
      recipients: z.array(z.unknown()).nullable().optional(),
      status: z.string().optional(),
      sender: ParticipantSchema.optional(),
    })
    .optional(),
  createdAt: TimestampSchema.optional(),
  updatedAt: TimestampSchema.optional(),
});
type ConversationPayload = z.output<typeof ConversationPayloadSchema>;

type Lifecycle = 'created' | 'updated' | 'deleted';

/** Bird's example is a Facebook Messenger conversation; so is every generated one. */
const PROFILE = profileOf('facebook');

/**
 * A customer's conversation with an agent, as Bird's example: unnamed, private and invite-only,
 * started by the contact, whose message is the last one. A deleted one is generated `closed`.
 */
function generateConversation({ random, now }: GenerateContext, lifecycle: Lifecycle): ConversationPayload {
  const profile = PROFILE;
  const identifierValue = profile.contactIdentifier(random);
  const customer: Participant = {
    id: random.uuid(),
    type: 'contact',
    status: 'active',
    displayName: personName(random),
    avatarUrl: '',
    // Bird's example gives the contact's platform address as its identifier value.
    contact: { identifierKey: profile.identifierKey(profile.channelIdentifier(random)), identifierValue, platformAddress: identifierValue },
  };
  const agent: Participant = { id: random.uuid(), type: 'user', status: 'active', displayName: personName(random), avatarUrl: '' };
  // An existing conversation is at least an hour old.
  const createdMs = lifecycle === 'created' ? now : msAgo({ random, now }, 3_600_000, 3 * 24 * 3_600_000);
  return {
    id: random.uuid(),
    name: '',
    description: '',
    status: lifecycle === 'deleted' ? 'closed' : 'active',
    visibility: 'private',
    accessibility: 'invite-only',
    featuredParticipants: [customer, agent],
    activeParticipantCount: 2,
    pendingParticipantCount: 0,
    initiatingParticipant: customer,
    channelId: random.uuid(),
    lastMessage: {
      id: random.uuid(),
      type: 'text',
      preview: { text: messageText(random, INBOUND_TEXTS) },
      recipients: null,
      status: 'delivered',
      sender: customer,
    },
    createdAt: isoTimestamp(createdMs),
    updatedAt: isoTimestamp(now),
  };
}

const conversationFilters = bindFilterKeys({ channelId: 'channelId' });

const SOURCE: EventSource = {
  payload: 'partial',
  urls: ['https://docs.bird.com/api/conversations-api/api-reference/events'],
  ours:
    'Bird’s one example (conversation.updated) is cut off inside lastMessage.sender: lastMessage ends there, and createdAt and ' +
    'updatedAt are ours; created and deleted take the same shape (deleted is generated closed).',
};

function conversationEvent(lifecycle: Lifecycle, description: string): EventDefinition {
  return defineEvent({
    name: `conversation.${lifecycle}`,
    service: 'conversations',
    filterKeys: conversationFilters,
    source: SOURCE,
    description,
    payloadSchema: ConversationPayloadSchema,
    generate: (context) => generateConversation(context, lifecycle),
  });
}

/** `conversation.created`, `.updated` and `.deleted`. */
export const CONVERSATION_EVENTS: readonly EventDefinition[] = [
  conversationEvent('created', 'A conversation was started.'),
  conversationEvent('updated', 'A conversation changed (participants, name, status or its last message).'),
  conversationEvent('deleted', 'A conversation was deleted (generated with status `closed`).'),
];
