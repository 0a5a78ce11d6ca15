import { createHash } from 'node:crypto';
import type { Random } from '../../random.js';

/**
 * Bird's platform ids: a typed prefix, `_`, and 26 lowercase Crockford base32 characters shaped
 * like a ULID (`em_01krdgeqcxet5s7t44vh8rt9mg`). The first 10 characters encode the creation time
 * in ms, so ids sort by age as Bird's do; the other 16 are random.
 */

/** Crockford's base32 alphabet in lowercase: no i, l, o or u. */
export const CROCKFORD_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
/** ULID time is 48 bits. */
const MAX_TIME_MS = 2 ** 48 - 1;

/** The pattern Bird's schemas give a typed id, e.g. `^em_[0-9a-hjkmnp-tv-z]{26}$` for `em`. */
export function typedIdPattern(prefix: string): RegExp {
  return new RegExp(`^${prefix}_[0-9a-hjkmnp-tv-z]{26}$`);
}

/**
 * A typed id created at `now` (ms since the epoch), e.g. `typedId(random, 'em', now)`.
 * Deterministic under a seeded `Random`.
 * @throws RangeError when `now` does not fit a ULID's 48-bit time.
 */
export function typedId(random: Random, prefix: string, now: number): string {
  if (!Number.isInteger(now) || now < 0 || now > MAX_TIME_MS) throw new RangeError(`cannot encode ${now} as a ULID time`);
  let time = '';
  let rest = now;
  for (let i = 0; i < TIME_CHARS; i++) {
    time = CROCKFORD_ALPHABET.charAt(rest % 32) + time;
    rest = Math.floor(rest / 32);
  }
  return `${prefix}_${time}${random.string(RANDOM_CHARS, CROCKFORD_ALPHABET)}`;
}

/**
 * Makes typed ids that also sort in the order they were made within one millisecond, as a
 * monotonic ULID does: an id drawn in the same millisecond as the one before, and not above it,
 * is that one plus one instead. So records created in one millisecond list in creation order.
 */
export function monotonicIds(random: Random, prefix: string): (now: number) => string {
  const timeEnd = prefix.length + 1 + TIME_CHARS;
  let last = '';
  return (now) => {
    const id = typedId(random, prefix, now);
    if (last === '' || id.slice(0, timeEnd) !== last.slice(0, timeEnd) || id > last) return (last = id);
    const next = incremented(last.slice(timeEnd));
    return (last = next === undefined ? id : `${last.slice(0, timeEnd)}${next}`);
  };
}

/** `chars` (Crockford base32) plus one; undefined when every character is already the last one. */
function incremented(chars: string): string | undefined {
  for (let i = chars.length - 1; i >= 0; i--) {
    const digit = CROCKFORD_ALPHABET.indexOf(chars.charAt(i));
    if (digit < CROCKFORD_ALPHABET.length - 1)
      return `${chars.slice(0, i)}${CROCKFORD_ALPHABET.charAt(digit + 1)}${'0'.repeat(chars.length - i - 1)}`;
  }
  return undefined;
}

/**
 * The `ws_` id of the workspace an API key belongs to. SPEC-PLATFORM §1: each distinct key is its
 * own workspace, and its id is derived from the key, so it is the same across restarts and runs.
 */
export function workspaceId(apiKey: string): string {
  return hashedId('ws', apiKey);
}

/**
 * The `org_` id of the organization owning an API key's workspace: one per key, derived like the
 * workspace's. Bird publishes no organization id pattern; `org_` + 26 Crockford characters is ours.
 */
export function organizationId(apiKey: string): string {
  return hashedId('org', `organization\u0000${apiKey}`);
}

/**
 * A typed id derived from `text`: the same text always gives the same id, different texts
 * (practically) never share one.
 * @note The 128 bits of a ULID are the first 16 bytes of SHA-256(text), so the "time" part carries
 * no meaning; the id only has to be stable, well-formed and distinct per text.
 */
export function hashedId(prefix: string, text: string): string {
  let bits = BigInt(`0x${createHash('sha256').update(text).digest('hex').slice(0, 32)}`);
  let chars = '';
  for (let i = 0; i < TIME_CHARS + RANDOM_CHARS; i++) {
    chars = CROCKFORD_ALPHABET.charAt(Number(bits & 31n)) + chars;
    bits >>= 5n;
  }
  return `${prefix}_${chars}`;
}
