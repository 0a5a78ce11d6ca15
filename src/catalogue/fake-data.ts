import type { Random } from '../random.js';
import type { GenerateContext } from './types.js';
import { isoTimestamp } from '../clock/clock.js';

/**
 * Small deterministic fakers for payload generators. They use only the `Random` they are given
 * (and `now` for time), so a seed reproduces a payload byte for byte. Domains are the reserved
 * `example.*` ones, so a generated address never reaches a real mailbox.
 */

const FIRST_NAMES = ['Anna', 'Bram', 'Chloe', 'Daan', 'Emma', 'Finn', 'Grace', 'Hugo', 'Isla', 'Jonas'] as const;
const LAST_NAMES = ['de Vries', 'Jansen', 'Smith', 'Garcia', 'Müller', 'Bakker', 'Okafor', 'Tanaka'] as const;
const MAIL_DOMAINS = ['example.com', 'example.net', 'example.org'] as const;
const COMPANIES = ['Acme Shop', 'Bluebird Logistics', 'Cedar Health', 'Northwind Foods', 'Harbor Travel'] as const;

const DIGITS = '0123456789';
const HEX = '0123456789abcdef';

/** `length` decimal digits. */
export function digits(random: Random, length: number): string {
  return random.string(length, DIGITS);
}

/** `length` decimal digits, the first never 0: a platform's numeric id, as Bird shows them. */
export function nonZeroDigits(random: Random, length: number): string {
  return `${random.int(1, 9)}${digits(random, length - 1)}`;
}

/** `length` lowercase hex digits, the shape of most platform message references. */
export function hex(random: Random, length: number): string {
  return random.string(length, HEX);
}

/** A mobile number in E.164 format from the Netherlands, the US, the UK or Germany. */
export function phoneNumber(random: Random): string {
  switch (random.int(0, 3)) {
    case 0:
      return `+316${digits(random, 8)}`;
    case 1:
      return usNumber(random);
    case 2:
      return `+447${digits(random, 9)}`;
    default:
      return `+4915${digits(random, 9)}`;
  }
}

/** A US geographic number: area code and exchange never start with 0 or 1 (NANP rule). */
export function usNumber(random: Random): string {
  return `+1${random.int(2, 9)}${digits(random, 2)}${random.int(2, 9)}${digits(random, 6)}`;
}

/** A US toll-free number (8XX prefixes). */
export function tollFreeNumber(random: Random): string {
  const prefix = random.pick(['800', '833', '844', '855', '866', '877', '888'] as const);
  return `+1${prefix}${random.int(2, 9)}${digits(random, 6)}`;
}

export function personName(random: Random): string {
  return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
}

/** A person's e-mail address, e.g. `emma.jansen42@example.com`. */
export function emailAddress(random: Random): string {
  const local = `${random.pick(FIRST_NAMES)}.${random.pick(LAST_NAMES)}`
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z.]/g, '');
  return `${local}${random.int(1, 99)}@${random.pick(MAIL_DOMAINS)}`;
}

/** A business sending address, e.g. `notifications@example.com`. */
export function senderEmailAddress(random: Random): string {
  return `${random.pick(['notifications', 'hello', 'support', 'orders'] as const)}@${random.pick(MAIL_DOMAINS)}`;
}

export function companyName(random: Random): string {
  return random.pick(COMPANIES);
}

/** Texts a business sends to a customer. */
export const OUTBOUND_TEXTS = [
  'Your order #{n} has shipped and will arrive tomorrow.',
  'Your verification code is {n}.',
  'Reminder: your appointment is tomorrow at 10:30.',
  'Thanks for your purchase! Reply STOP to unsubscribe.',
  'Your table for two is confirmed for Friday at 19:00.',
] as const;

/** Texts a customer sends to a business. */
export const INBOUND_TEXTS = [
  'Hi, where is my order?',
  'Can I change my delivery address?',
  'YES',
  'STOP',
  'Thanks, that worked!',
  'What are your opening hours on Sunday?',
] as const;

/** Picks a text and fills `{n}` with digits, so codes and order numbers vary with the seed. */
export function messageText(random: Random, texts: readonly string[]): string {
  return random.pick(texts).replace('{n}', digits(random, 6));
}

// The one formatter of timestamps, shared with the delivery code so both read alike.
export { isoTimestamp };

/** An RFC 3339 time in whole seconds (`2024-01-15T10:30:00Z`), as Bird's numbers examples write it. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A moment between `minAgoMs` and `maxAgoMs` before `now`, in ms since the epoch. */
export function msAgo(context: GenerateContext, minAgoMs: number, maxAgoMs: number): number {
  return context.now - context.random.int(minAgoMs, maxAgoMs);
}

/** `createdAt` somewhat in the past and `updatedAt` at `now`: the shape of a freshly changed object. */
export function createdAndUpdated(context: GenerateContext, maxAgeMs: number): { createdAt: string; updatedAt: string } {
  return { createdAt: isoTimestamp(msAgo(context, 1_000, maxAgeMs)), updatedAt: isoTimestamp(context.now) };
}
