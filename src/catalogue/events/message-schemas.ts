import * as z from 'zod';
import { ConnectorSchema, ContactSchema, FailureSchema, IdSchema, MessageBodySchema, TimestampSchema } from '../schema-parts.js';
import { INBOUND_MESSAGE_STATUSES, INTERACTION_TYPES, MESSAGE_DIRECTIONS, OUTBOUND_MESSAGE_STATUSES } from '../vocabulary.js';

/**
 * Bird's message object, for `<platform>.inbound` and `.outbound`. Required are the fields every
 * Bird example shows and a receiver needs to tell messages apart: `id`, `channelId`, `status`,
 * `direction`. Sender and receiver may each be a contact or a connector: which is which depends on
 * the direction, and Bird's own message-status example pairs `accepted` with `incoming`, so the
 * schema does not tie them together.
 */
function messageSchema(statuses: readonly [string, ...string[]]) {
  return z.looseObject({
    id: IdSchema,
    channelId: IdSchema,
    sender: z.looseObject({ contact: ContactSchema.optional(), connector: ConnectorSchema.optional() }).optional(),
    receiver: z.looseObject({ contacts: z.array(ContactSchema).optional(), connector: ConnectorSchema.optional() }).optional(),
    body: MessageBodySchema.optional(),
    meta: z.looseObject({}).optional(),
    reference: z.string().optional(),
    parts: z.array(z.looseObject({ platformReference: z.string().optional() })).optional(),
    status: z.enum(statuses),
    // Any text: for SMS it is the platform's own ("details: …; reason: …; code: 1").
    reason: z.string().optional(),
    details: z.string().optional(),
    direction: z.enum(MESSAGE_DIRECTIONS),
    failure: FailureSchema.optional(),
    template: z.looseObject({ projectId: z.string().optional(), version: z.string().optional(), locale: z.string().optional() }).optional(),
    context: z.looseObject({}).optional(),
    chargeableUnits: z.number().optional(),
    lastStatusAt: TimestampSchema.optional(),
    createdAt: TimestampSchema.optional(),
    updatedAt: TimestampSchema.optional(),
    batchId: z.string().nullable().optional(),
  });
}

/** A received message: Bird creates it `delivered`. */
export const InboundMessageSchema = messageSchema(INBOUND_MESSAGE_STATUSES);

/** A sent message, in any of its statuses. */
export const OutboundMessageSchema = messageSchema(OUTBOUND_MESSAGE_STATUSES);

const LinkSchema = z.looseObject({ name: z.string().optional(), url: z.string().optional() });

/**
 * An interaction with a sent message, after the interaction object of Bird's List-interactions
 * API (no webhook example is published). `receiver` is the contacts the message went to (Bird's
 * SMS page) or a connector (the API object), so both are accepted.
 */
export const InteractionSchema = z.looseObject({
  id: IdSchema,
  messageId: IdSchema,
  channelId: IdSchema,
  platformId: z.string().optional(),
  type: z.enum(INTERACTION_TYPES),
  messageReference: z.string().optional(),
  messagePartsCount: z.number().int().nonnegative().optional(),
  messageTags: z.array(z.string()).optional(),
  receiver: z.looseObject({ contacts: z.array(ContactSchema).optional(), connector: ConnectorSchema.optional() }).optional(),
  createdAt: TimestampSchema.optional(),
  details: z.string().optional(),
  context: z.looseObject({ id: z.string().optional(), type: z.string().optional(), tags: z.array(z.string()).optional() }).optional(),
  metadata: z
    .looseObject({
      link: LinkSchema.optional(),
      button: z.looseObject({ payload: z.string().optional() }).optional(),
      reaction: z.looseObject({ emoji: z.string().optional(), action: z.string().optional() }).optional(),
      prefetched: z.boolean().optional(),
    })
    .optional(),
});

export type InboundMessage = z.output<typeof InboundMessageSchema>;
export type OutboundMessage = z.output<typeof OutboundMessageSchema>;
export type Interaction = z.output<typeof InteractionSchema>;
