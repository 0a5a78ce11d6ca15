import * as z from 'zod';
import { ConnectorSchema, contactSchema, FailureSchema, IdSchema, MessageBodySchema, TimestampSchema } from '../schema-parts.js';
import { EMAIL_FAILURE_REASONS, INBOUND_MESSAGE_STATUSES, INTERACTION_TYPES, OUTBOUND_MESSAGE_STATUSES } from '../vocabulary.js';
import type { PlatformProfile } from './platforms.js';

// @note Bird sends `"reason": ""` on messages that did not fail, so the e-mail enum allows it too.
const EmailReasonSchema = z.union([z.enum(EMAIL_FAILURE_REASONS), z.literal('')]);

/** The fields inbound and outbound messages share; sender and receiver differ by direction. */
function messageFields(profile: PlatformProfile) {
  return {
    id: IdSchema,
    channelId: IdSchema,
    platformId: z.string().min(1),
    body: MessageBodySchema.optional(),
    reference: z.string().optional(),
    parts: z.array(z.looseObject({ platformReference: z.string().optional() })).optional(),
    reason: (profile.platform === 'email' ? EmailReasonSchema : z.string()).optional(),
    details: z.string().optional(),
    failure: FailureSchema.optional(),
    lastStatusAt: TimestampSchema.optional(),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema.optional(),
  };
}

/** A received message: from a contact to the channel's connector, always `delivered`. */
export function inboundMessageSchema(profile: PlatformProfile) {
  return z.looseObject({
    ...messageFields(profile),
    sender: z.looseObject({ contact: contactSchema(profile.contactIdentifierSchema) }).optional(),
    receiver: z.looseObject({ connector: ConnectorSchema }).optional(),
    status: z.enum(INBOUND_MESSAGE_STATUSES),
    direction: z.literal('incoming'),
  });
}

/** A sent message: from the channel's connector to one or more contacts. */
export function outboundMessageSchema(profile: PlatformProfile) {
  return z.looseObject({
    ...messageFields(profile),
    sender: z.looseObject({ connector: ConnectorSchema }).optional(),
    receiver: z.looseObject({ contacts: z.array(contactSchema(profile.contactIdentifierSchema)).min(1) }).optional(),
    status: z.enum(OUTBOUND_MESSAGE_STATUSES),
    direction: z.literal('outgoing'),
  });
}

/**
 * An interaction with a sent message. Bird's reference shows `receiver` as a connector in one place
 * and a message's receiver is a list of contacts, so both shapes are accepted.
 */
export function interactionSchema(profile: PlatformProfile) {
  return z.looseObject({
    id: IdSchema,
    messageId: IdSchema,
    channelId: IdSchema,
    platformId: z.string().min(1),
    type: z.enum(INTERACTION_TYPES),
    messageReference: z.string().optional(),
    messagePartsCount: z.number().int().nonnegative().optional(),
    messageTags: z.array(z.string()).optional(),
    receiver: z
      .looseObject({
        contacts: z.array(contactSchema(profile.contactIdentifierSchema)).optional(),
        connector: ConnectorSchema.optional(),
      })
      .optional(),
    createdAt: TimestampSchema,
    details: z.string().optional(),
    context: z.looseObject({}).optional(),
    metadata: z.looseObject({}).optional(),
  });
}
