import type { Attempt, Delivery } from '../../domain/delivery.js';
import type { Endpoint } from '../../domain/endpoint.js';
import type { HistoryStore } from '../../store/history-store.js';
import { hashedId } from './ids.js';

/**
 * An endpoint's deliveries as Bird's `/v1/webhooks/{id}/attempts` and `/replay` see them
 * (research §1.8, §1.9), read from the emulator's history.
 */

/** Bird's `WebhookAttempt`. */
export interface WebhookAttempt {
  id: string;
  event_id: string | null;
  event_type: string;
  status: 'delivered' | 'pending' | 'failed';
  url: string;
  response_status_code: number | null;
  response_body?: string;
  response_duration_ms: number;
  attempted_at: string;
}

/** Response bodies are shown up to this many bytes, as Bird's `test` documents ("the first 1024 bytes"). */
export const RESPONSE_BODY_SHOWN_BYTES = 1024;

export interface AttemptsQuery {
  limit: number;
  /** Only attempts strictly before this time (ms since the epoch). */
  before?: number | undefined;
  /** Only attempts strictly after this time. */
  after?: number | undefined;
}

/**
 * The endpoint's attempts, newest first. Attempts are recorded once done, so none is `pending`.
 * Ids are `msgatt_` + 26 Crockford characters derived from the delivery id and the attempt number:
 * stable across reads and restarts, and distinct per attempt.
 */
export function attemptsOf(history: HistoryStore, endpoint: Endpoint, { limit, before, after }: AttemptsQuery): WebhookAttempt[] {
  const rows: { at: number; attempt: WebhookAttempt }[] = [];
  for (const delivery of history.deliveries({ subscriptionId: endpoint.id })) {
    for (const attempt of delivery.attempts) {
      const at = Date.parse(attempt.startedAt);
      if ((before !== undefined && !(at < before)) || (after !== undefined && !(at > after))) continue;
      rows.push({ at, attempt: attemptView(delivery, attempt) });
    }
  }
  rows.sort((a, b) => b.at - a.at || (a.attempt.id < b.attempt.id ? 1 : -1));
  return rows.slice(0, limit).map((row) => row.attempt);
}

function attemptView(delivery: Delivery, attempt: Attempt): WebhookAttempt {
  const body = attempt.response ? shownBody(attempt.response.body) : '';
  return {
    id: hashedId('msgatt', `${delivery.id}\u0000${attempt.attemptNumber}`),
    event_id: delivery.eventId,
    event_type: delivery.event,
    status: attempt.outcome === 'succeeded' ? 'delivered' : 'failed',
    // "the endpoint's url at the time of the attempt": what the signature covers, before any --forward.
    url: delivery.url,
    response_status_code: attempt.response?.status ?? null,
    ...(body !== '' && { response_body: body }),
    response_duration_ms: Math.round(attempt.durationMs),
    attempted_at: attempt.startedAt,
  };
}

/** The first 1024 bytes of a body, cut back to a whole UTF-8 character. */
export function shownBody(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= RESPONSE_BODY_SHOWN_BYTES) return text;
  let end = RESPONSE_BODY_SHOWN_BYTES;
  // 0b10xxxxxx is a continuation byte: the cut would split a character.
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}

export interface ReplayWindow {
  /** Deliveries created at or after this time (ms). */
  since: number;
  /** …and at or before this one. */
  until?: number | undefined;
}

/**
 * The deliveries `POST …/replay` sends again: the endpoint's `failed` ones created in the window,
 * oldest first. A delivery that was replayed already is left out (its replay stands for it), so
 * replaying twice does not send an event twice; `skipped` ones (fired while the endpoint was paused)
 * were never attempted, and a replay "does not reach them" (research §2.8).
 */
export function deliveriesToReplay(history: HistoryStore, endpoint: Endpoint, { since, until }: ReplayWindow): string[] {
  const deliveries = history.deliveries({ subscriptionId: endpoint.id });
  const replayed = new Set(deliveries.map((d) => d.redeliveryOf).filter((id) => id !== undefined));
  return deliveries
    .filter((d) => {
      const created = Date.parse(d.createdAt);
      return d.status === 'failed' && !replayed.has(d.id) && created >= since && (until === undefined || created <= until);
    })
    .map((d) => d.id)
    .reverse();
}

/**
 * Sends the deliveries `deliveriesToReplay` picks again, one after the other, each as a new delivery
 * (a new `webhook-id`) with the normal retry schedule; resolves with how many were sent.
 */
export async function replayFailed(
  history: HistoryStore,
  resend: (deliveryId: string) => Promise<unknown>,
  endpoint: Endpoint,
  window: ReplayWindow,
): Promise<number> {
  const ids = deliveriesToReplay(history, endpoint, window);
  for (const id of ids) await resend(id);
  return ids.length;
}
