import { createHash } from 'node:crypto';
import type { Clock } from '../../clock/clock.js';
import { PlatformError } from './errors.js';

/**
 * Bird's `Idempotency-Key` (research §1.0, https://bird.com/pl-pl/dokumentacja/api/idempotency/):
 * honoured on POST, PATCH and DELETE; the same key and the same request within the retention
 * window replays the first answer; the same key for another request is 409 E01005; while the first
 * is still being answered, 409 E01004; a 5xx is not kept. Bird's SDK sends a key on every mutation
 * and keeps it across its retries, so a retried create registers one endpoint, not two.
 *
 * Keys are scoped per workspace and kept in memory (a restart forgets them), for the retention
 * window of emulator time.
 */

/** "retained for roughly 3 hours". */
export const IDEMPOTENCY_RETENTION_MS = 3 * 3_600_000;
/** "Any non-empty string up to 255 characters". */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
/** Keys remembered at most; the oldest go first (a bound, so random keys cannot grow memory without end). */
const MAX_ENTRIES = 10_000;

/** An answer as kept for a replay. */
export interface StoredAnswer {
  status: number;
  /** The body text ('' for none). */
  body: string;
  contentType: string | undefined;
}

/** What to do with a request that carries a key. */
export type IdempotencyVerdict =
  /** The first request with this key: answer it, then `complete` (or `abandon` on a 5xx). */
  | { kind: 'first'; complete(answer: StoredAnswer): void; abandon(): void }
  /** The same request again: send this answer with `Idempotency-Replay: true`. */
  | { kind: 'replay'; answer: StoredAnswer };

export interface IdempotencyStore {
  /**
   * Looks up `key` in `scope` for a request with this fingerprint (see `requestFingerprint`).
   * @throws PlatformError InvalidRequest (400) for an empty or over-long key, RequestInProgress
   * (409) while the first request runs, IdempotencyKeyReuse (409) for another request.
   */
  begin(scope: string, key: string, fingerprint: string): IdempotencyVerdict;
}

interface Entry {
  fingerprint: string;
  expiresAt: number;
  answer?: StoredAnswer;
}

export function createIdempotencyStore({
  clock,
  retentionMs = IDEMPOTENCY_RETENTION_MS,
}: {
  clock: Clock;
  retentionMs?: number;
}): IdempotencyStore {
  // Insertion order is (about) time order: the oldest entries are first.
  const entries = new Map<string, Entry>();

  const forgetExpired = (now: number) => {
    for (const [id, entry] of entries) {
      if (entry.expiresAt > now && entries.size <= MAX_ENTRIES) break;
      entries.delete(id);
    }
  };

  return {
    begin(scope, key, fingerprint) {
      if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
        throw new PlatformError(
          'InvalidRequest',
          `Idempotency-Key must be a non-empty string of at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters (got ${key.length}).`,
        );
      }
      const now = clock.now();
      forgetExpired(now);
      const id = `${scope}\u0000${key}`;
      const found = entries.get(id);
      if (found && found.expiresAt > now) {
        if (!found.answer) {
          throw new PlatformError('RequestInProgress', 'A request with this Idempotency-Key is still in progress; retry shortly.');
        }
        if (found.fingerprint !== fingerprint) {
          throw new PlatformError(
            'IdempotencyKeyReuse',
            'This Idempotency-Key was already used for a different request (method, path or body); use a new key.',
          );
        }
        return { kind: 'replay', answer: found.answer };
      }
      const entry: Entry = { fingerprint, expiresAt: now + retentionMs };
      entries.delete(id);
      entries.set(id, entry);
      return {
        kind: 'first',
        complete(answer) {
          if (entries.get(id) === entry) entry.answer = answer;
        },
        abandon() {
          if (entries.get(id) === entry) entries.delete(id);
        },
      };
    },
  };
}

/** What makes two requests "the same request": method, path (with query) and body bytes. */
export function requestFingerprint(method: string, path: string, body: string): string {
  return createHash('sha256').update(`${method}\u0000${path}\u0000`).update(body).digest('hex');
}
