import * as z from 'zod';
import { emailAddress, senderEmailAddress } from '../../../catalogue/fake-data.js';
import { EmailAddressSchema } from '../../../catalogue/schema-parts.js';
import type { GenerateContext } from '../../../catalogue/types.js';
import type { Random } from '../../../random.js';
import { generatedWorkspaceId, messageIdHeader } from '../fake-data.js';
import { typedId } from '../ids.js';
import { BIRD_DOCS, definePlatformEvent } from './define-platform-event.js';
import { typedIdSchema, WorkspaceIdSchema } from './schema-parts.js';

// `email.received`, and the parsed inbound mail it shares with `email_mailbox.message_received`.

/** The authentication verdicts both inbound events carry, every one optional and nullable. */
export const InboundAuthenticationShape = {
  authentication: z.enum(['pass', 'fail', 'unknown']).nullable().optional(),
  spf_pass: z.boolean().nullable().optional(),
  dkim_pass: z.boolean().nullable().optional(),
  dmarc_pass: z.boolean().nullable().optional(),
};

interface InboundAuthentication {
  authentication: 'pass' | 'fail' | 'unknown' | null;
  spf_pass: boolean | null;
  dkim_pass: boolean | null;
  dmarc_pass: boolean | null;
}

/** Verdicts that agree: DMARC passes only on an aligned SPF or DKIM pass, and decides `authentication`. */
function inboundAuthentication(random: Random): InboundAuthentication {
  const draw = random.next();
  if (draw < 0.75) return { authentication: 'pass', spf_pass: true, dkim_pass: true, dmarc_pass: true };
  if (draw < 0.85) return { authentication: 'pass', spf_pass: true, dkim_pass: false, dmarc_pass: true };
  if (draw < 0.95) return { authentication: 'fail', spf_pass: false, dkim_pass: false, dmarc_pass: false };
  return { authentication: 'unknown', spf_pass: null, dkim_pass: null, dmarc_pass: null };
}

const INBOUND_SUBJECTS = [
  'Question about my invoice',
  'Where is my package?',
  'Re: Your order has shipped',
  'Re: Your quote',
  'Change of delivery address',
] as const;

/** One parsed inbound message: who sent it to which of the workspace's addresses, and its verdicts. */
export interface InboundMail extends InboundAuthentication {
  from: string;
  to: string[];
  subject: string | null;
  /** The sender's `Message-ID` header, or null when it had none. */
  messageId: string | null;
  /** `In-Reply-To`: set on replies (`Re:` subjects), else null. */
  inReplyTo: string | null;
}

export function inboundMail(random: Random): InboundMail {
  const subject = random.next() < 0.05 ? null : random.pick(INBOUND_SUBJECTS);
  return {
    from: emailAddress(random),
    to: [senderEmailAddress(random)],
    subject,
    messageId: random.next() < 0.02 ? null : messageIdHeader(random),
    inReplyTo: subject?.startsWith('Re:') ? messageIdHeader(random) : null,
    ...inboundAuthentication(random),
  };
}

const EmailReceivedDataSchema = z.looseObject({
  inbound_message_id: typedIdSchema('rem'),
  workspace_id: WorkspaceIdSchema,
  message_id: z.string().nullable(),
  from: EmailAddressSchema,
  to: z.array(EmailAddressSchema),
  subject: z.string().nullable(),
  in_reply_to: z.string().nullable().optional(),
  ...InboundAuthenticationShape,
  spam_score: z.number().nullable().optional(),
});

function generateReceived(context: GenerateContext): z.output<typeof EmailReceivedDataSchema> {
  const { random, now } = context;
  const mail = inboundMail(random);
  return {
    inbound_message_id: typedId(random, 'rem', now - random.int(0, 2_000)),
    workspace_id: generatedWorkspaceId(context),
    message_id: mail.messageId,
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    in_reply_to: mail.inReplyTo,
    authentication: mail.authentication,
    spf_pass: mail.spf_pass,
    dkim_pass: mail.dkim_pass,
    dmarc_pass: mail.dmarc_pass,
    // SpamAssassin-style score: low for authenticated mail.
    spam_score: mail.authentication === 'fail' ? random.int(40, 90) / 10 : random.int(0, 25) / 10,
  };
}

/** `email.received`. */
export const EMAIL_INBOUND_EVENTS = [
  definePlatformEvent({
    name: 'email.received',
    sdkType: 'EventEmailReceived',
    docs: [BIRD_DOCS.webhooks],
    description:
      "The API received and parsed an inbound email. The payload carries the message's identifiers, sender and recipients, subject, threading reference, and authentication results, which is enough to route and triage without a fetch.",
    payloadSchema: EmailReceivedDataSchema,
    generate: generateReceived,
  }),
] as const;
