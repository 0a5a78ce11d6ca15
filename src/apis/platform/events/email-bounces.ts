import * as z from 'zod';
import type { GenerateContext } from '../../../catalogue/types.js';
import { sendingIp } from '../fake-data.js';
import { definePlatformEvent } from './define-platform-event.js';
import { EMAIL_DOCS, emailBase, EmailBaseSchema, type SentAgo } from './email.js';

// `email.deferred`, `email.bounced` and `email.out_of_band_bounce`: the events that carry a bounce
// classification.
// @note Bird does not list its `bounce_class` values. They are read here as SparkPost's bounce
// classification codes (10 Invalid Recipient, 21 DNS Failure, 22 Mailbox Full, 24 Timeout, 25
// Admin Failure, 51 Spam Block, …), which fit the schema's 1–255 range and its examples (10 for a
// "5.1.1 Unknown user" bounce) and come from the email platform Bird runs [inference]. Each row
// keeps type, class, SMTP code and text in agreement.

type BounceType = z.output<typeof BounceShape.bounce_type>;

/** A bounce as the receiving server reported it: type, class, SMTP reply code and its text. */
type BounceRow = readonly [type: BounceType, bounceClass: number | null, code: string | null, description: string | null];

/** Permanent failures, the recipient's terminal `bounced` status. */
const BOUNCES: readonly BounceRow[] = [
  ['hard', 10, '550', '5.1.1 The email account that you tried to reach does not exist'],
  ['hard', 10, '550', '5.1.1 Unknown user'],
  ['hard', 10, '553', '5.1.2 Recipient domain does not accept mail (null MX)'],
  ['soft', 22, '552', '5.2.2 Mailbox full, retries exhausted'],
  ['block', 51, '554', '5.7.1 Service unavailable; client host blocked using a DNS blocklist'],
  ['admin', 25, '550', '5.7.1 Relaying denied'],
  ['undetermined', 1, null, null],
];

/** Bounce notifications that arrive after the receiving server had accepted the message. */
const OUT_OF_BAND_BOUNCES: readonly BounceRow[] = [
  ['hard', 10, '550', '5.1.1 Delivery to the following recipient failed permanently: no such user'],
  ['soft', 22, '552', '5.2.2 Quota exceeded'],
  ['block', 52, '550', '5.7.1 Message rejected as spam by content filtering'],
];

/** Temporary refusals, which Bird retries: type, class and the server's reason. */
const DEFERRALS: readonly (readonly [type: BounceType, bounceClass: number | null, reason: string | null])[] = [
  ['soft', 20, '4.7.1 Greylisted, please try again later'],
  ['soft', 21, '4.4.3 Temporary DNS failure looking up the recipient domain, will retry'],
  ['soft', 22, '4.2.2 Mailbox full, will retry'],
  ['soft', 24, '4.4.2 Connection timed out, will retry'],
  ['block', 51, '4.7.0 Messages temporarily deferred due to unexpected volume or user complaints'],
];

/** "The IP address used to send this message, or null when it is not known." */
function sendingIpOrNull(context: GenerateContext): string | null {
  return context.random.next() < 0.95 ? sendingIp(context.random) : null;
}

/** What bounces and deferrals share: the classification, and the IP the message was sent from. */
const BounceShape = {
  bounce_type: z.enum(['hard', 'soft', 'undetermined', 'admin', 'block']),
  bounce_class: z.int().min(1).max(255).nullable(),
  sending_ip: z.string().nullable(),
};

const EmailBouncedDataSchema = EmailBaseSchema.extend({
  ...BounceShape,
  bounce_code: z.string().nullable(),
  bounce_description: z.string().nullable(),
});
type EmailBouncedData = z.output<typeof EmailBouncedDataSchema>;

function bounced(context: GenerateContext, sentAgo: SentAgo, rows: readonly BounceRow[]): EmailBouncedData {
  const base = emailBase(context, sentAgo);
  const [bounce_type, bounce_class, bounce_code, bounce_description] = context.random.pick(rows);
  return { ...base, bounce_type, bounce_class, bounce_code, bounce_description, sending_ip: sendingIpOrNull(context) };
}

function generateBounced(context: GenerateContext): EmailBouncedData {
  return bounced(context, [2_000, 3_600_000], BOUNCES);
}

function generateOutOfBandBounce(context: GenerateContext): EmailBouncedData {
  return bounced(context, [60_000, 6 * 3_600_000], OUT_OF_BAND_BOUNCES);
}

const EmailDeferredDataSchema = EmailBaseSchema.extend({ ...BounceShape, defer_reason: z.string().nullable() });

function generateDeferred(context: GenerateContext): z.output<typeof EmailDeferredDataSchema> {
  const base = emailBase(context, [10_000, 600_000]);
  const [bounce_type, bounce_class, defer_reason] = context.random.pick(DEFERRALS);
  return { ...base, bounce_type, bounce_class, defer_reason, sending_ip: sendingIpOrNull(context) };
}

/** The email events that carry a bounce classification. */
export const EMAIL_BOUNCE_EVENTS = [
  definePlatformEvent({
    name: 'email.deferred',
    sdkType: 'EventEmailDeferred',
    docs: EMAIL_DOCS,
    description:
      "The recipient's mail server temporarily refused the email. Delivery remains pending and is retried. May fire more than once per recipient.",
    payloadSchema: EmailDeferredDataSchema,
    generate: generateDeferred,
  }),
  definePlatformEvent({
    name: 'email.bounced',
    sdkType: 'EventEmailBounced',
    docs: EMAIL_DOCS,
    description: "An outbound email permanently failed at the recipient's mail server. Fires once per recipient.",
    payloadSchema: EmailBouncedDataSchema,
    generate: generateBounced,
  }),
  definePlatformEvent({
    name: 'email.out_of_band_bounce',
    sdkType: 'EventEmailOutOfBandBounce',
    docs: EMAIL_DOCS,
    description: 'A bounce notification arrived after the message had already been accepted for delivery. Fires once per recipient.',
    payloadSchema: EmailBouncedDataSchema,
    generate: generateOutOfBandBounce,
  }),
] as const;
