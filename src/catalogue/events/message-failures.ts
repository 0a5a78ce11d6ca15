import type { Random } from '../../random.js';
import { EMAIL_DELIVERY_FAILURE_REASONS, EMAIL_SENDING_FAILURE_REASONS, type OutboundMessageStatus } from '../vocabulary.js';
import type { PlatformProfile } from './platforms.js';

/**
 * What a failed outbound message carries besides its status. Bird's SMS failure examples
 * (message-failure-sources pages) give the shape: `reason` is the platform's text,
 * `"details: <text>; reason: <code>; code: <n>"`, `details` the snake_case code, and `failure` a
 * channel-agnostic `code` (15XXX: platform errors) with the platform's own `source`.
 */
export interface FailureFields {
  reason: string;
  details: string;
  failure: { code: number; source: { name: string; code: string } };
}

/** Bird's two published SMS failures. Other platforms' failures take the same values: ours, for want of examples. */
const PLATFORM_FAILURES = [
  { text: 'unknown subscriber', code: 'unknown_subscriber', platformCode: 1, failureCode: 15005 },
  { text: 'system failure', code: 'received_network_error', platformCode: 34, failureCode: 15001 },
] as const;

const EMAIL_REASONS_BY_STATUS: Record<FailedStatus, readonly string[]> = {
  sending_failed: EMAIL_SENDING_FAILURE_REASONS,
  delivery_failed: EMAIL_DELIVERY_FAILURE_REASONS,
};

export type FailedStatus = Extract<OutboundMessageStatus, 'sending_failed' | 'delivery_failed'>;

/**
 * The failure fields of a failed message. For e-mail, `wanted` (a reason the caller asked for in
 * `details` or `reason`) is used when it is one of Bird's e-mail values; it goes into both fields,
 * since Bird's page names them both. `failure.code` of e-mail (15005 for a delivery failure,
 * 12001 for a sending failure) is ours.
 */
export function failureFields(profile: PlatformProfile, status: FailedStatus, random: Random, wanted?: string): FailureFields {
  if (profile.platform === 'email') {
    const reasons = EMAIL_REASONS_BY_STATUS[status];
    const reason = wanted !== undefined && reasons.includes(wanted) ? wanted : random.pick(reasons);
    const code = status === 'delivery_failed' ? 15005 : 12001;
    return { reason, details: reason, failure: { code, source: { name: profile.failureSource, code: reason } } };
  }
  const failure = random.pick(PLATFORM_FAILURES);
  return {
    reason: `details: ${failure.text}; reason: ${failure.code}; code: ${failure.platformCode}`,
    details: failure.code,
    failure: { code: failure.failureCode, source: { name: profile.failureSource, code: String(failure.platformCode) } },
  };
}
