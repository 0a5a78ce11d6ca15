import type { Outcome } from '../../../config.js';
import { stepsOver, type PlannedStep } from '../../lifecycle.js';
import { sandboxOutcome } from './sandbox.js';

/**
 * The `email.*` steps one recipient goes through (research §3.2, Bird's e-mail events guide):
 * accepted → processed → delivered, or → deferred … → delivered/bounced, or → bounced, or rejected
 * (a suppressed recipient is rejected right after acceptance, "distinct from a bounce"); after
 * delivered, complained, opened and clicked may follow. The numbers are step gaps after the send.
 */

/** The bounce classification of a bounce or deferral: type, class, SMTP reply code and text. */
type Bounce = readonly [type: 'hard' | 'soft', bounceClass: number, code: string, description: string];

/** Bird's sandbox: `bounce@` "SMTP 550 5.1.1 Unknown User, bounce class 10". */
const HARD_BOUNCE: Bounce = ['hard', 10, '550', '5.1.1 Unknown User'];
/** Bird's sandbox: `softbounce@` "SMTP 451, bounce class 20"; messagebird.dev gives the text. */
const SOFT_BOUNCE: Bounce = ['soft', 20, '451', '4.3.0 Temporary failure, please retry'];
/** Bird's sandbox: `deferred@` "SMTP 451, bounce class 21"; messagebird.dev gives the text. */
const DEFERRAL: Bounce = ['soft', 21, '451', '4.2.1 Mailbox temporarily unavailable, will retry'];
/** A deferred message whose retries ran out (ours: Bird shows none). */
const RETRIES_EXHAUSTED: Bounce = ['soft', 21, '451', '4.2.1 Mailbox temporarily unavailable, retries exhausted'];

/** Example values of Bird's schema, so a test can recognise them. */
const SENDING_IP = '192.0.2.10';
const CLIENT = { ip_address: '203.0.113.9', user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)' };

type Rejection = 'recipient_suppressed' | 'transmission_failed';

/** What happens to one recipient. */
export type EmailFate =
  | { kind: 'delivered'; then?: 'opened' | 'clicked' | 'complained' }
  | { kind: 'bounced'; bounce: Bounce }
  | { kind: 'deferred'; then: 'delivered' | 'bounced' }
  | { kind: 'rejected'; reason: Rejection };

/** An outcome rule's outcome, read for e-mail (the ones of other channels as the nearest e-mail has). */
const FATE_OF_OUTCOME: Readonly<Record<Outcome, EmailFate>> = {
  delivered: { kind: 'delivered' },
  bounced: { kind: 'bounced', bounce: HARD_BOUNCE },
  failed: { kind: 'bounced', bounce: HARD_BOUNCE },
  undelivered: { kind: 'bounced', bounce: HARD_BOUNCE },
  expired: { kind: 'bounced', bounce: HARD_BOUNCE },
  'soft-bounced': { kind: 'bounced', bounce: SOFT_BOUNCE },
  'deferred-then-delivered': { kind: 'deferred', then: 'delivered' },
  'deferred-then-bounced': { kind: 'deferred', then: 'bounced' },
  rejected: { kind: 'rejected', reason: 'recipient_suppressed' },
  complained: { kind: 'delivered', then: 'complained' },
  opened: { kind: 'delivered', then: 'opened' },
  read: { kind: 'delivered', then: 'opened' },
  clicked: { kind: 'delivered', then: 'clicked' },
};

/**
 * A recipient's fate and the outcome name it is shown with: the sandbox decides its addresses,
 * then the outcome rules, then the default, delivered.
 */
export function emailFate(address: string, ruled: Outcome | undefined): { fate: EmailFate; outcome: Outcome } {
  const sandbox = sandboxOutcome(address);
  switch (sandbox?.kind) {
    case 'delivered':
      return { fate: { kind: 'delivered' }, outcome: 'delivered' };
    case 'bounced':
      return sandbox.bounce === 'hard'
        ? { fate: { kind: 'bounced', bounce: HARD_BOUNCE }, outcome: 'bounced' }
        : { fate: { kind: 'bounced', bounce: SOFT_BOUNCE }, outcome: 'soft-bounced' };
    case 'deferred-then-delivered':
      return { fate: { kind: 'deferred', then: 'delivered' }, outcome: 'deferred-then-delivered' };
    case 'complained':
      return { fate: { kind: 'delivered', then: 'complained' }, outcome: 'complained' };
    case 'rejected':
      return { fate: { kind: 'rejected', reason: sandbox.reason }, outcome: 'rejected' };
    case undefined:
      return { fate: FATE_OF_OUTCOME[ruled ?? 'delivered'], outcome: ruled ?? 'delivered' };
  }
}

export interface EmailStepsOptions {
  /** The recipient's `EventEmailBase` fields, on every event. */
  base: Record<string, unknown>;
  trackOpens: boolean;
  trackClicks: boolean;
  /** The link a click follows; no click without one. */
  link: string | undefined;
}

/** The steps of one recipient with this fate. */
export function emailSteps(fate: EmailFate, { base, trackOpens, trackClicks, link }: EmailStepsOptions): PlannedStep[] {
  const step = stepsOver(base);
  const bounced = (after: number, [bounce_type, bounce_class, bounce_code, bounce_description]: Bounce) =>
    step(after, 'email.bounced', 'bounced', () => ({ bounce_type, bounce_class, bounce_code, bounce_description, sending_ip: SENDING_IP }));
  const accepted = step(0, 'email.accepted', 'accepted');
  const processed = step(1, 'email.processed', 'processed');

  switch (fate.kind) {
    case 'rejected':
      // A suppressed recipient is turned away before it is processed; a transmission failure after.
      return fate.reason === 'recipient_suppressed'
        ? [accepted, step(1, 'email.rejected', 'rejected', () => ({ rejection_reason: fate.reason }))]
        : [accepted, processed, step(2, 'email.rejected', 'rejected', () => ({ rejection_reason: fate.reason }))];
    case 'bounced':
      return [accepted, processed, bounced(2, fate.bounce)];
    case 'deferred': {
      const [bounce_type, bounce_class, , defer_reason] = DEFERRAL;
      const deferred = step(2, 'email.deferred', 'deferred', () => ({ bounce_type, bounce_class, defer_reason, sending_ip: SENDING_IP }));
      // Bird retries a deferral; the retry comes three gaps later.
      const last = fate.then === 'delivered' ? step(5, 'email.delivered', 'delivered') : bounced(5, RETRIES_EXHAUSTED);
      return [accepted, processed, deferred, last];
    }
    case 'delivered': {
      const steps = [accepted, processed, step(2, 'email.delivered', 'delivered')];
      if (fate.then === 'complained') steps.push(step(3, 'email.complained', 'complained', () => ({ feedback_type: 'abuse' })));
      const opens = trackOpens && (fate.then === 'opened' || fate.then === 'clicked');
      if (opens) steps.push(step(3, 'email.opened', 'delivered', () => CLIENT));
      if (opens && fate.then === 'clicked' && trackClicks && link !== undefined) {
        steps.push(step(4, 'email.clicked', 'delivered', () => ({ url: link, ...CLIENT })));
      }
      return steps;
    }
  }
}

/**
 * The message's status from its recipients' (Bird's `EmailMessageStatus`): `complained` wins over
 * everything; `rejected` when all were rejected, `bounced` when all failed, `partial_failure` when
 * some failed; `delivered` when all were delivered; then `deferred`, `processed`, `accepted`.
 */
export function emailMessageStatus(statuses: readonly string[]): string {
  if (statuses.includes('complained')) return 'complained';
  const failed = statuses.filter((s) => s === 'bounced' || s === 'rejected').length;
  if (failed === statuses.length) return statuses.every((s) => s === 'rejected') ? 'rejected' : 'bounced';
  if (failed > 0) return 'partial_failure';
  if (statuses.every((s) => s === 'delivered')) return 'delivered';
  if (statuses.includes('deferred')) return 'deferred';
  if (statuses.some((s) => s === 'processed' || s === 'delivered')) return 'processed';
  return 'accepted';
}

/** The first link of the body, which a simulated click follows. */
export function firstLink(html: string | undefined, text: string | undefined): string | undefined {
  const inHtml = html === undefined ? undefined : /href\s*=\s*["'](https?:\/\/[^"'\s]+)["']/i.exec(html)?.[1];
  return inHtml ?? (text === undefined ? undefined : /https?:\/\/[^\s<>"']+/i.exec(text)?.[0]);
}
