import * as z from 'zod';
import { TimestampSchema } from '../../../catalogue/schema-parts.js';
import { typedIdPattern } from '../ids.js';

/**
 * Building blocks of the platform event schemas, written from `@messagebird/sdk` 0.63.0's types
 * with the constraints (patterns, formats, ranges) of the OpenAPI schemas the SDK is generated
 * from (`schemas.gen.ts` in messagebird/bird-sdk-typescript; the npm package ships none). Every
 * object is a `z.looseObject`: Bird adds fields over time, so unknown fields pass while known ones
 * are checked.
 */

/** A typed id with the pattern Bird's schema gives it, e.g. `typedIdSchema('em')` for `EmailID`. */
export function typedIdSchema(prefix: string) {
  return z.string().regex(typedIdPattern(prefix), `expected a ${prefix}_ id (${prefix}_ and 26 Crockford base32 characters)`);
}

/**
 * An id Bird's schemas give no pattern for (`EmailBroadcastId`, `PreferenceId`,
 * `PreferenceTransitionId`, `WhatsAppSuppressionId`); the generators still use typed prefixes.
 */
export const UnpatternedIdSchema = z.string().min(1);

export const WorkspaceIdSchema = typedIdSchema('ws');

/**
 * An enum the SDK declares open (`"a" | "b" | (string & {})`): any non-empty string passes, as
 * Bird asks ("treat unknown values as informational"); generators pick only from `values`.
 */
export function openEnum<const V extends readonly string[]>(values: V): z.ZodType<V[number] | (string & {})> {
  return z
    .string()
    .min(1)
    .describe(`open enum; known values: ${values.join(', ')}`);
}

/** `Tag`: ASCII letters, digits, `_` and `-`; names up to 32 characters, values up to 64. */
export const TagSchema = z.looseObject({
  name: z
    .string()
    .max(32)
    .regex(/^[A-Za-z0-9_-]+$/),
  value: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
});

/** `tags`: "Null when the send carried no tags." */
export const TagsSchema = z.array(TagSchema).nullable();

/** `metadata`: any JSON object the send carried, or null. */
export const MetadataSchema = z.record(z.string(), z.unknown()).nullable();

/**
 * A failure detail (`SmsError`, `WhatsAppError`): an open-enum `code`, its text, when it happened,
 * and the provider's own code in the field `rawCode` declares (`carrier_error_code`,
 * `meta_error_code`). Nullable as a whole, as the SDK declares both.
 */
export function failureSchema<const V extends readonly string[], R extends z.core.$ZodLooseShape>(codes: V, rawCode: R) {
  return z.looseObject({ code: openEnum(codes), description: z.string().min(1), ...rawCode, occurred_at: TimestampSchema }).nullable();
}
