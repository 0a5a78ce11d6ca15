import * as z from 'zod';
import { typedIdPattern } from '../ids.js';
import { invalidParam } from '../errors.js';
import { E164, MetadataInputSchema, TagsInputSchema } from './request-parts.js';

/**
 * `WhatsAppMessageSendRequest` (@messagebird/sdk 0.63.0, sends.md). "Carry exactly one kind of
 * content … The schema does not express that constraint": `checkWhatsAppSend` does, with Bird's names.
 */

const MediaSchema = z.looseObject({ url: z.string().min(1).max(2048), caption: z.string().max(1024).optional() });

/** The content arms, one of which a send carries. */
export const CONTENT_KINDS = [
  'template',
  'text',
  'image',
  'video',
  'audio',
  'sticker',
  'document',
  'location',
  'interactive',
  'contact_cards',
] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

export const WhatsAppSendSchema = z.strictObject({
  to: z.string().min(1).max(64),
  from: z.string().min(1).max(64).optional(),
  template: z
    .looseObject({
      id: z.string().min(1).optional(),
      slug: z.string().min(1).max(63).optional(),
      language: z.string().min(1).max(35).optional(),
      components: z.array(z.looseObject({ type: z.string().min(1) })).optional(),
    })
    .optional(),
  text: z.strictObject({ body: z.string().min(1).max(4096), preview_url: z.boolean().optional() }).optional(),
  image: MediaSchema.optional(),
  video: MediaSchema.optional(),
  audio: MediaSchema.optional(),
  sticker: MediaSchema.optional(),
  document: MediaSchema.extend({ filename: z.string().max(255).optional() }).optional(),
  location: z.looseObject({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }).optional(),
  interactive: z.looseObject({ type: z.string().min(1) }).optional(),
  contact_cards: z.array(z.looseObject({})).min(1).max(5).optional(),
  in_reply_to_message_id: z.string().regex(typedIdPattern('wam'), 'must be a wam_ message id').optional(),
  tags: TagsInputSchema.optional(),
  metadata: MetadataInputSchema.optional(),
});
export type WhatsAppSend = z.infer<typeof WhatsAppSendSchema>;

/** A business-scoped user id: a country code and Meta's number (`US.13491208655302741918`). */
export const BSUID = /^[A-Z]{2}\.\d{6,32}$/;

/** The one kind of content the send carries. @throws PlatformError (a 422) with Bird's name when there is none, more than one, or no sender. */
export function checkWhatsAppSend(send: WhatsAppSend): ContentKind {
  if (!E164.test(send.to) && !BSUID.test(send.to)) {
    throw invalidParam('to', 'must be an E.164 phone number or a business-scoped user id', 'WhatsAppInvalidRecipient');
  }
  const kinds = CONTENT_KINDS.filter((kind) => send[kind] !== undefined);
  const [kind] = kinds;
  if (kind === undefined) throw invalidParam('text', `one of ${CONTENT_KINDS.join(', ')} is required`, 'WhatsAppContentRequired');
  if (kinds.length > 1)
    throw invalidParam(
      kinds[1] as string,
      `cannot be sent with ${kind}: a message carries one kind of content`,
      'WhatsAppContentAmbiguous',
    );
  // Only a Bird-managed template picks its own number; the emulator reads every template without `from` as one.
  if (kind !== 'template' && send.from === undefined)
    throw invalidParam('from', 'is required for free-form content', 'WhatsAppSenderRequired');
  if (send.from !== undefined && !E164.test(send.from)) throw invalidParam('from', 'must be a phone number in E.164 format');
  if (kind === 'template' && send.template?.id === undefined && send.template?.slug === undefined) {
    throw invalidParam('template', 'must name the template by id or slug');
  }
  return kind;
}
