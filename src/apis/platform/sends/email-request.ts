import * as z from 'zod';
import { MetadataInputSchema, TagsInputSchema } from './request-parts.js';

/**
 * `EmailMessageSendRequest` (@messagebird/sdk 0.63.0, sends.md), field by field with the limits
 * its schema gives. Unknown fields are refused, as everywhere on `/v1`.
 */

/** An address as Bird answers it: "Responses always return the object form". */
export interface EmailAddress {
  email: string;
  name?: string;
}

const EMAIL = /^[^\s@<>",;:()[\]\\]+@[^\s@<>",;:()[\]\\]+\.[^\s@<>",;:()[\]\\]+$/;
const MAILBOX = /^\s*"?([^"<]*?)"?\s*<([^<>]+)>\s*$/;
const EmailSchema = z.string().max(320).regex(EMAIL, 'must be an e-mail address');

/**
 * `EmailAddressInput`: "a plain email string, an RFC 5322 mailbox string (`Jane <jane@acme.com>`),
 * or an object with an optional display name".
 */
const AddressInputSchema = z.union([
  z
    .string()
    .max(1000)
    .transform((text, ctx): EmailAddress => {
      const mailbox = MAILBOX.exec(text);
      const email = (mailbox ? (mailbox[2] as string) : text).trim();
      if (!EMAIL.test(email)) {
        ctx.addIssue({ code: 'custom', message: 'must be an e-mail address, "Name <address>", or {email, name}' });
        return z.NEVER;
      }
      const name = mailbox?.[1]?.trim();
      return name ? { email, name } : { email };
    }),
  z.strictObject({ email: EmailSchema, name: z.string().max(256).optional() }),
]);

/** Headers the API generates or that have their own fields: "Reserved headers are rejected with a 422". */
const RESERVED_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'content-type',
  'content-transfer-encoding',
  'dkim-signature',
  'received',
  'return-path',
]);

const HeadersSchema = z
  .record(
    z
      .string()
      .min(1)
      .max(256)
      .regex(/^[!-9;-~]+$/, 'must be a header name'),
    z
      .string()
      .max(998)
      .regex(/^[^\r\n]*$/, 'must not contain carriage-return or line-feed characters'),
  )
  .superRefine((headers, ctx) => {
    const names = Object.keys(headers);
    if (names.length > 25) ctx.addIssue({ code: 'custom', message: 'must have at most 25 headers' });
    for (const name of names) {
      if (RESERVED_HEADERS.has(name.toLowerCase())) ctx.addIssue({ code: 'custom', path: [name], message: 'is a reserved header' });
    }
  });

const AttachmentSchema = z.strictObject({
  filename: z.string().min(1).max(255),
  content: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
  content_type: z.string().min(1).max(255).optional(),
  content_id: z.string().min(1).max(255).optional(),
});

const BODY_MAX = 524_288;

export const EmailSendSchema = z
  .strictObject({
    from: AddressInputSchema,
    to: z.array(AddressInputSchema).min(1).max(50),
    cc: z.array(AddressInputSchema).max(50).optional(),
    bcc: z.array(AddressInputSchema).max(50).optional(),
    subject: z.string().max(998).optional(),
    html: z.string().max(BODY_MAX).optional(),
    text: z.string().max(BODY_MAX).optional(),
    reply_to: z.array(AddressInputSchema).min(1).max(25).optional(),
    headers: HeadersSchema.optional(),
    tags: TagsInputSchema.optional(),
    metadata: MetadataInputSchema.optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    template: z.record(z.string(), z.unknown()).optional(),
    track_opens: z.boolean().optional(),
    track_clicks: z.boolean().optional(),
    ip_pool_id: z
      .string()
      .regex(/^ipp_([0-9a-hjkmnp-tv-z]{26}|shared)$/, 'must be ipp_shared or an ipp_ id')
      .optional(),
    category: z.enum(['marketing', 'transactional']).optional(),
    attachments: z.array(AttachmentSchema).max(20).optional(),
    scheduled_at: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((send, ctx) => {
    if (send.template !== undefined) return;
    if (send.subject === undefined) ctx.addIssue({ code: 'custom', path: ['subject'], message: 'is required for inline sends' });
    if (send.html === undefined && send.text === undefined) {
      ctx.addIssue({ code: 'custom', path: ['html'], message: 'at least one of html or text must be provided' });
    }
  });
export type EmailSend = z.infer<typeof EmailSendSchema>;

/** The recipients in envelope order (to, cc, bcc), each with its role. */
export function emailRecipients(send: EmailSend): { address: EmailAddress; role: 'to' | 'cc' | 'bcc' }[] {
  return [
    ...send.to.map((address) => ({ address, role: 'to' as const })),
    ...(send.cc ?? []).map((address) => ({ address, role: 'cc' as const })),
    ...(send.bcc ?? []).map((address) => ({ address, role: 'bcc' as const })),
  ];
}
