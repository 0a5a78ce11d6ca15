import * as z from 'zod';

/**
 * Fields every send request shares (`tags`, `metadata`), with the limits Bird's SDK documents:
 * "Cap: 20 tags per send", names and values of ASCII letters, digits, `_` and `-` (32 and 64 at
 * most), names unique ("a send that repeats one is rejected"), and metadata of at most 2 KB
 * serialised.
 */

export const TagInputSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be ASCII letters, digits, _ or -'),
  value: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be ASCII letters, digits, _ or -'),
});
export type TagInput = z.infer<typeof TagInputSchema>;

export const TagsInputSchema = z
  .array(TagInputSchema)
  .max(20)
  .superRefine((tags, ctx) => {
    const seen = new Set<string>();
    tags.forEach((tag, index) => {
      if (seen.has(tag.name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `repeats the tag name ${tag.name}` });
      seen.add(tag.name);
    });
  });

const METADATA_MAX_BYTES = 2048;

export const MetadataInputSchema = z
  .record(z.string(), z.unknown())
  .refine((metadata) => Buffer.byteLength(JSON.stringify(metadata)) <= METADATA_MAX_BYTES, {
    message: `must be at most ${METADATA_MAX_BYTES} bytes serialised`,
  });

/** An E.164 phone number: `+`, a non-zero digit, up to 15 digits in all. */
export const E164 = /^\+[1-9]\d{1,14}$/;

/** Tags and metadata as webhook payloads carry them: "Null when the send carried no tags/metadata". */
export function echoed(request: { tags?: readonly TagInput[] | undefined; metadata?: Record<string, unknown> | undefined }) {
  return {
    tags: request.tags === undefined ? null : request.tags.map((tag) => ({ ...tag })),
    metadata: request.metadata ?? null,
  };
}
