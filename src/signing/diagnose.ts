import { SIGNATURE_HEADER, TIMESTAMP_HEADER, computeSignature, hashBody } from './sign.js';
import {
  constantTimeEqual,
  parseTimestamp,
  readHeader,
  resolveTolerance,
  timestampAgeSeconds,
  type VerifyWebhookSignatureOptions,
} from './verify.js';
import { abbreviate, bodyVariants, keyVariants, parsesAsJson, urlVariants, type CandidateKey } from './variants.js';

export type { CandidateKey } from './variants.js';

/** Why a signature did or did not verify. */
export type DiagnosisCode =
  | 'valid'
  | 'missing_signature_header'
  | 'missing_timestamp_header'
  | 'malformed_signature'
  | 'malformed_timestamp'
  | 'stale_timestamp'
  | 'wrong_url'
  | 'body_reserialised'
  | 'body_changed'
  | 'wrong_key'
  | 'mismatch';

export interface WebhookSignatureDiagnosis {
  /** True only for `reason: 'valid'`, i.e. exactly when `verifyWebhookSignature` accepts. */
  valid: boolean;
  reason: DiagnosisCode;
  /** One plain-English sentence saying what happened and what to do. */
  message: string;
  /** Further sentences worth checking, possibly none. */
  hints: string[];
}

export interface DiagnosisCandidates {
  /** Other keys the request may have been signed with, e.g. every subscription's key. */
  signingKeys?: ReadonlyArray<string | CandidateKey> | undefined;
  /** Other URLs it may have been signed for, e.g. the subscription URL behind a forwarding rule. */
  urls?: readonly string[] | undefined;
}

export interface DiagnoseWebhookSignatureOptions extends VerifyWebhookSignatureOptions {
  /** Alternatives to try besides the variants derived from `signingKey`, `url` and `body`. */
  candidates?: DiagnosisCandidates | undefined;
}

export const RAW_BODY_HINT =
  'Read the body as raw bytes for the webhook route (for example express.raw({ type: "application/json" }) or await c.req.arrayBuffer() in Hono) and parse it only after verifying.';
const DIGEST_HINT = 'The body hash inside the signed message is the raw 32-byte SHA-256 digest, not its hex or base64 text.';
const URL_HINT =
  'The signed URL is the full subscription URL as registered (scheme, host, path and query), not the request path your framework sees.';
const KEY_HINT = "The key is the subscription's signingKey used as UTF-8 text exactly as given, never base64-decoded.";
const RETRY_HINT =
  'Bird keeps the original timestamp on every retry, so a retry that arrives later than your tolerance is refused; deduplicate with the messagebird-request-id header and widen the tolerance if you want late retries.';

/**
 * Explains why a delivery's signature does or does not verify with the given key, URL and body. It
 * names a specific cause only when it reproduced the received signature with that variant (another
 * URL form, a re-serialised body, another key); otherwise it says it could not tell.
 *
 * @throws {RangeError} when `toleranceSeconds` is negative or not a number, or `now` is not finite.
 */
export function diagnoseWebhookSignature(options: DiagnoseWebhookSignatureOptions): WebhookSignatureDiagnosis {
  const { signingKey, url, body, headers, candidates } = options;
  const { tolerance, nowMs } = diagnosisClock(options);

  const signature = readHeader(headers, SIGNATURE_HEADER);
  if (signature === undefined) {
    return failure(
      'missing_signature_header',
      `The request has no ${SIGNATURE_HEADER} header, so give the subscription a signingKey (deliveries without one are unsigned) or stop the proxy in between from dropping the header.`,
    );
  }
  // Bird's signature is always the base64 of a 32-byte HMAC-SHA256: 43 characters and "=". Nothing
  // can reproduce anything else, so no key, URL or body is to blame.
  if (!/^[A-Za-z0-9+/]{43}=$/.test(signature)) {
    return failure(
      'malformed_signature',
      `The ${SIGNATURE_HEADER} header is ${JSON.stringify(abbreviate(signature))}, not the base64 of a 32-byte HMAC-SHA256 (44 characters ending in "="), so it was altered or cut short on the way, or did not come from Bird.`,
    );
  }
  const timestampText = readHeader(headers, TIMESTAMP_HEADER);
  if (timestampText === undefined) {
    return failure(
      'missing_timestamp_header',
      `The request has no ${TIMESTAMP_HEADER} header, which is part of the signed message, so make sure your app reads it from the request (and no proxy drops it).`,
    );
  }
  const timestamp = parseTimestamp(timestampText);
  if (timestamp === undefined) {
    return failure(
      'malformed_timestamp',
      `The ${TIMESTAMP_HEADER} header is ${JSON.stringify(timestampText)} rather than Unix seconds as a decimal integer, so pass the header's value through unchanged.`,
    );
  }

  const hints: string[] = [];
  const staleness = describeStaleness(timestamp.seconds, nowMs, tolerance);
  const keyBytes = Buffer.from(signingKey, 'utf8');
  const hasKey = signingKey !== '';
  const bodyDigest = hashBody(body);
  const reproduces = (key: Uint8Array, signedUrl: string, digest: Uint8Array): boolean =>
    constantTimeEqual(signature, computeSignature(key, timestamp.text, signedUrl, digest).toString('base64'));

  if (hasKey && reproduces(keyBytes, url, bodyDigest)) {
    if (staleness !== undefined) {
      return failure(
        'stale_timestamp',
        `The signature matches but ${staleness}, so check the receiving machine's clock or accept a wider tolerance.`,
        [RETRY_HINT, ...hints],
      );
    }
    return {
      valid: true,
      reason: 'valid',
      message:
        'The signature is valid for this key, URL and body, so if your app still refuses it, compare its code with these exact inputs.',
      hints: ['Your app must hash the raw body bytes it received, not a re-serialised JSON object.', DIGEST_HINT, KEY_HINT],
    };
  }
  // From here on the timestamp is only a side note: the signature itself did not match.
  if (staleness !== undefined) hints.push(`Separately, ${staleness}.`);

  if (hasKey) {
    for (const variant of urlVariants(url, candidates?.urls ?? [])) {
      if (reproduces(keyBytes, variant.value, bodyDigest)) {
        return failure(
          'wrong_url',
          `The signature matches the URL ${JSON.stringify(variant.value)} (${variant.description}) instead of ${JSON.stringify(url)}, so verify with the exact URL string the subscription was registered with.`,
          [URL_HINT, ...hints],
        );
      }
    }
    for (const variant of bodyVariants(body)) {
      if (reproduces(keyBytes, url, hashBody(variant.value))) {
        return failure(
          'body_reserialised',
          `The signature matches the body ${variant.description}, so your app verified a parsed or altered copy of the body instead of the raw bytes it received; verify the raw request body.`,
          [RAW_BODY_HINT, ...hints],
        );
      }
    }
  }
  for (const variant of keyVariants(signingKey, candidates?.signingKeys ?? [])) {
    if (reproduces(variant.value, url, bodyDigest)) {
      return failure('wrong_key', `The signature matches ${variant.description}.`, [KEY_HINT, ...hints]);
    }
  }

  if (!hasKey) {
    return failure(
      'mismatch',
      "No signing key was given and no candidate key reproduced the signature, so pass the subscription's signingKey.",
      hints,
    );
  }
  if (parsesAsJson(body)) {
    return failure(
      'body_changed',
      'No variant of the URL, body or key reproduced the signature, so the body most likely differs in content from what was signed (or the key or URL differ in a way not tried); compare your raw body bytes with what was sent.',
      [RAW_BODY_HINT, DIGEST_HINT, URL_HINT, KEY_HINT, ...hints],
    );
  }
  return failure(
    'mismatch',
    'No variant of the URL, body or key reproduced the signature and the body is not even JSON (Bird always sends JSON), so check that you pass the raw request body, the exact subscription URL and its signing key.',
    [RAW_BODY_HINT, DIGEST_HINT, URL_HINT, KEY_HINT, ...hints],
  );
}

function failure(reason: DiagnosisCode, message: string, hints: string[] = []): WebhookSignatureDiagnosis {
  return { valid: false, reason, message, hints };
}

/**
 * The tolerance and the current time a diagnosis measures against.
 * @throws {RangeError} when `toleranceSeconds` is negative or not a number, or `now` is not finite.
 */
export function diagnosisClock(options: { toleranceSeconds?: number | false | undefined; now?: number | undefined }): {
  tolerance: number;
  nowMs: number;
} {
  const tolerance = resolveTolerance(options.toleranceSeconds);
  if (Number.isNaN(tolerance)) {
    throw new RangeError('toleranceSeconds must be a non-negative number, Infinity or false');
  }
  const nowMs = options.now ?? Date.now();
  if (!Number.isFinite(nowMs)) throw new RangeError('now must be a finite number of milliseconds');
  return { tolerance, nowMs };
}

/** A clause saying how far a timestamp is outside the tolerance, or undefined when it is inside. */
export function describeStaleness(seconds: number, nowMs: number, tolerance: number): string | undefined {
  if (tolerance === Infinity) return undefined;
  const age = timestampAgeSeconds(seconds, nowMs);
  if (Math.abs(age) <= tolerance) return undefined;
  const beyond = Math.abs(age) - tolerance;
  const when = age > 0 ? `${age} seconds old` : `${-age} seconds in the future`;
  const unit = seconds > 100_000_000_000 ? ' (it looks like milliseconds, but Bird sends seconds)' : '';
  return `the timestamp ${seconds}${unit} is ${when}, ${formatSeconds(beyond)} beyond the ${tolerance}-second tolerance`;
}

function formatSeconds(seconds: number): string {
  const rounded = Math.ceil(seconds);
  return rounded === 1 ? '1 second' : `${rounded} seconds`;
}
