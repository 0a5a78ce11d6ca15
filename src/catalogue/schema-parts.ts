import * as z from 'zod';

/**
 * Building blocks shared by the payload schemas. They check what a receiver relies on, the JSON
 * type of every field they name, and accept what Bird sends:
 * - every object is a `z.looseObject`, at every depth, so a field the emulator does not know passes
 *   untouched (Bird adds fields over time, and users merge their own);
 * - a field is required only when every Bird example of the event shows it; for events Bird shows
 *   no payload of, nothing is, since every field there is the emulator's guess;
 * - formats (UUIDs, E.164) are checked only where every Bird example keeps them: Bird's own
 *   e-mail example has a contact id with 11 digits in its last group.
 */

/**
 * An id in UUID format (8-4-4-4-12 hex digits), for the top-level ids (`id`, `channelId`,
 * `messageId`) that are UUIDs in every Bird example.
 * @note `z.guid()` rather than `z.uuid()`: Bird's own examples and users' fixtures use
 * hand-written ids such as `00000000-0000-0000-0000-000000000001`, which carry no RFC 9562
 * version and would fail the stricter check.
 */
export const IdSchema = z.guid();

/** An id Bird does not always write as a UUID: contacts, participants, numbers objects. */
export const LooseIdSchema = z.string().min(1);

/** An RFC 3339 timestamp; Bird sends `Z` with up to three fraction digits (`.96Z`) or none (`:00Z`). */
export const TimestampSchema = z.iso.datetime({ offset: true });

/** A phone number in E.164 format, e.g. `+31612345678`. */
export const PhoneNumberSchema = z.e164();

export const EmailAddressSchema = z.email();

/** `{name}` beside a contact or connector: the display name Bird knows for it. */
const AnnotationsSchema = z.looseObject({ name: z.string().optional() });

/**
 * A contact as Bird puts it in a message's `sender.contact` or `receiver.contacts[]`. The
 * identifier is a phone number, an address or a platform's own id, so only its type is checked.
 */
export const ContactSchema = z.looseObject({
  id: LooseIdSchema.optional(),
  identifierKey: z.string(),
  identifierValue: z.string(),
  annotations: AnnotationsSchema.optional(),
  platformAddress: z.string().optional(),
  platformAddressSelector: z.string().optional(),
});

/** The channel side of a message: `sender.connector` (outbound) or `receiver.connector` (inbound). */
export const ConnectorSchema = z.looseObject({
  id: LooseIdSchema,
  // Bird sends "" for WhatsApp and leaves it out in its 2022 examples.
  identifierValue: z.string().optional(),
  annotations: AnnotationsSchema.optional(),
});

const MediaSchema = z.looseObject({ mediaUrl: z.string() });

/**
 * A message body: `{type, <type>: {...}}`. The bodies Bird shows (text with optional quick-reply
 * `actions` and LINE emoji `metadata`, html, image, file, location) are typed; other types pass.
 */
export const MessageBodySchema = z.looseObject({
  type: z.string().min(1),
  text: z.looseObject({ text: z.string(), actions: z.array(z.looseObject({ type: z.string() })).optional() }).optional(),
  html: z.looseObject({ text: z.string().optional(), html: z.string().optional() }).optional(),
  image: z.looseObject({ images: z.array(MediaSchema) }).optional(),
  file: z.looseObject({ files: z.array(MediaSchema.extend({ contentType: z.string(), filename: z.string().optional() })) }).optional(),
  location: z
    .looseObject({
      coordinates: z.looseObject({ latitude: z.number(), longitude: z.number() }),
      location: z.looseObject({ address: z.string().optional(), label: z.string().optional() }).optional(),
    })
    .optional(),
});

/** Bird's `{code, source: {name, code}}` on a failed message: a number grouping the error, and the platform's own code. */
export const FailureSchema = z.looseObject({
  code: z.union([z.number().int(), z.string()]).optional(),
  description: z.string().optional(),
  source: z.looseObject({ code: z.string().optional(), name: z.string().optional() }).optional(),
});
