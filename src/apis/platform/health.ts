import type { Attempt } from '../../domain/delivery.js';
import type { Endpoint } from '../../domain/endpoint.js';

/** Consecutive failed attempts after which an active endpoint is `degraded` (SPEC-PLATFORM §3). */
export const DEGRADED_AFTER_FAILURES = 3;
/** How long an endpoint may fail without a success before it is paused (Svix's rule; Bird gives none). */
export const PAUSED_AFTER_MS = 5 * 24 * 3_600_000;

/**
 * The endpoint after one of its attempts (SPEC-PLATFORM §3): a success clears the failure streak and
 * brings a `degraded` endpoint back to `active`; a failure lengthens it, degrades an active endpoint
 * after three in a row, and pauses it once it has failed for five days without a success. A paused
 * endpoint stays paused until a PATCH. Pure; returns `endpoint` itself when nothing changes.
 */
export function healthAfter(endpoint: Endpoint, attempt: Attempt, now: number): Endpoint {
  if (attempt.outcome === 'succeeded') {
    if (endpoint.failures.consecutive === 0 && endpoint.status !== 'degraded') return endpoint;
    return { ...endpoint, status: endpoint.status === 'degraded' ? 'active' : endpoint.status, failures: { consecutive: 0 } };
  }
  const since = endpoint.failures.since ?? attempt.startedAt;
  const failures = { consecutive: endpoint.failures.consecutive + 1, since };
  const status =
    endpoint.status === 'paused' || now - Date.parse(since) >= PAUSED_AFTER_MS
      ? 'paused'
      : failures.consecutive >= DEGRADED_AFTER_FAILURES
        ? 'degraded'
        : endpoint.status;
  return { ...endpoint, status, failures };
}

/** A PATCH to `active` (or `paused`): the failure streak is forgotten either way. */
export function withStatusSetByHand(endpoint: Endpoint, status: 'active' | 'paused'): Endpoint {
  return { ...endpoint, status, failures: { consecutive: 0 } };
}
