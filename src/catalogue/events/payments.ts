import * as z from 'zod';
import { defineEvent } from '../define-event.js';
import { digits, emailAddress, isoTimestamp, msAgo } from '../fake-data.js';
import { EmailAddressSchema, IdSchema, TimestampSchema } from '../schema-parts.js';
import type { EventDefinition, GenerateContext } from '../types.js';

// @note Bird lists a `payments` service but documents no payment events. Everything in this file
// (event names, payload shape, statuses) is the emulator's own and is marked `documented: false`.

export const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed', 'refunded'] as const;
export const PAYMENT_METHODS = ['card', 'ideal', 'bancontact', 'sepa_debit', 'apple_pay', 'google_pay', 'paypal'] as const;
export const PAYMENT_FAILURE_REASONS = [
  'insufficient_funds',
  'card_declined',
  'expired_card',
  'authentication_failed',
  'processing_error',
] as const;

/** An amount in integer minor units (cents), so no floating-point rounding: `{value: 1999, currency: "EUR"}` is €19.99. */
export const MoneySchema = z.looseObject({
  value: z.number().int().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
});

/** The emulator's own payment; nothing is required, as for every event Bird shows no payload of. */
export const PaymentPayloadSchema = z.looseObject({
  id: IdSchema.optional(),
  amount: MoneySchema.optional(),
  status: z.enum(PAYMENT_STATUSES).optional(),
  method: z.enum(PAYMENT_METHODS).optional(),
  reference: z.string().optional(),
  description: z.string().optional(),
  customer: z.looseObject({ email: EmailAddressSchema.optional() }).optional(),
  /** Only on `failed` payments. */
  failureReason: z.enum(PAYMENT_FAILURE_REASONS).optional(),
  /** Only on `refunded` payments. */
  refund: z
    .looseObject({
      id: IdSchema,
      amount: MoneySchema,
      reason: z.string().optional(),
      createdAt: TimestampSchema,
    })
    .optional(),
  createdAt: TimestampSchema.optional(),
  updatedAt: TimestampSchema.optional(),
});
type PaymentPayload = z.output<typeof PaymentPayloadSchema>;
type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

const CURRENCIES = ['EUR', 'USD', 'GBP'] as const;
const DAY_MS = 24 * 3_600_000;

function generatePayment({ random, now }: GenerateContext, status: PaymentStatus): PaymentPayload {
  const amount = { value: random.int(5, 500) * 100 - 1, currency: random.pick(CURRENCIES) };
  // A refund comes days after the payment; the other outcomes within minutes of it.
  const createdMs = status === 'refunded' ? msAgo({ random, now }, DAY_MS, 14 * DAY_MS) : msAgo({ random, now }, 0, 300_000);
  const payment: PaymentPayload = {
    id: random.uuid(),
    amount,
    status,
    method: random.pick(PAYMENT_METHODS),
    reference: `order-${digits(random, 6)}`,
    description: `Order #${digits(random, 6)}`,
    customer: { email: emailAddress(random) },
    createdAt: isoTimestamp(status === 'pending' ? now : createdMs),
    updatedAt: isoTimestamp(now),
  };
  if (status === 'failed') return { ...payment, failureReason: random.pick(PAYMENT_FAILURE_REASONS) };
  if (status === 'refunded') {
    const refund = { id: random.uuid(), amount, reason: 'requested_by_customer', createdAt: isoTimestamp(now) };
    return { ...payment, refund };
  }
  return payment;
}

function paymentEvent(name: string, status: PaymentStatus, description: string): EventDefinition {
  return defineEvent({
    name,
    service: 'payments',
    documented: false,
    source: {
      payload: 'none',
      urls: ['https://docs.bird.com/api/notifications-api/api-reference/webhook-subscriptions'],
      ours: 'Bird lists the payments service but no payment events: the event names and every field are ours.',
    },
    description: `${description} (emulator-defined; Bird documents no payment events).`,
    payloadSchema: PaymentPayloadSchema,
    generate: (context) => generatePayment(context, status),
  });
}

/** The emulator's own payment events; they take no filters. */
export const PAYMENT_EVENTS: readonly EventDefinition[] = [
  paymentEvent('payment.created', 'pending', 'A payment was started'),
  paymentEvent('payment.succeeded', 'succeeded', 'A payment was completed'),
  paymentEvent('payment.failed', 'failed', 'A payment failed'),
  paymentEvent('payment.refunded', 'refunded', 'A payment was refunded in full'),
];
