import * as z from 'zod';

/**
 * Building blocks shared by the payload schemas. Every payload schema is a `z.looseObject`: Bird
 * adds fields over time and users merge their own, so unknown fields pass while the known ones
 * are type-checked.
 */

/**
 * An id in UUID format (8-4-4-4-12 hex digits).
 * @note `z.guid()` rather than `z.uuid()`: Bird's own examples and users' fixtures use
 * hand-written ids such as `00000000-0000-0000-0000-000000000001`, which carry no RFC 9562
 * version and would fail the stricter check.
 */
export const IdSchema = z.guid();

/** An RFC 3339 timestamp; Bird sends milliseconds and `Z`, but any offset or precision is RFC 3339. */
export const TimestampSchema = z.iso.datetime({ offset: true });

/** A phone number in E.164 format, e.g. `+31612345678`. */
export const PhoneNumberSchema = z.e164();

export const EmailAddressSchema = z.email();

/** A contact as Bird puts it in a message's `sender.contact` or `receiver.contacts[]`. */
export function contactSchema(identifierValue: z.ZodType<string>) {
  return z.looseObject({
    id: IdSchema.optional(),
    identifierKey: z.string().min(1),
    identifierValue,
  });
}

/** The channel side of a message: `sender.connector` (outbound) or `receiver.connector` (inbound). */
export const ConnectorSchema = z.looseObject({
  id: IdSchema,
  identifierValue: z.string().optional(),
});

/** A message body: `{type: "text", text: {text}}`, `{type: "html", html: {...}}`, and so on. */
export const MessageBodySchema = z.looseObject({
  type: z.string().min(1),
});

/** Bird's `{code, description, source}` on a failed message; Bird does not fix the code's type. */
export const FailureSchema = z.looseObject({
  code: z.union([z.number().int(), z.string()]).optional(),
  description: z.string().optional(),
  source: z.looseObject({ code: z.string().optional(), name: z.string().optional() }).optional(),
});
