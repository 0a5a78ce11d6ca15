/**
 * Why a Standard Webhooks delivery (Bird's platform API) does or does not verify, in the manner of
 * diagnose.ts: a cause is named only when the received signature was reproduced with it.
 */
import { RAW_BODY_HINT, describeStaleness, diagnosisClock } from './diagnose.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, type WebhookBody } from './sign.js';
import {
  SECRET_PREFIX,
  WEBHOOK_ID_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  standardSignature,
} from './standard-webhooks.js';
import {
  decodeSecret,
  matchesAny,
  readStandardWebhookParts,
  secretsOf,
  v1Signatures,
  type VerifyStandardWebhookOptions,
} from './standard-webhooks-verify.js';
import { abbreviate, bodyVariants, collectVariants, mask, type Variant } from './variants.js';
import { parseTimestamp, readHeader } from './verify.js';

/** Why a Standard Webhooks signature did or did not verify. */
export type StandardWebhookDiagnosisCode =
  | 'valid'
  | 'missing_headers'
  | 'malformed_timestamp'
  | 'stale_timestamp'
  | 'malformed_signature'
  | 'malformed_secret'
  | 'secret_not_decoded'
  | 'body_reserialised'
  | 'wrong_id'
  | 'wrong_secret'
  | 'mismatch';

export interface StandardWebhookDiagnosis {
  /** True only for `reason: 'valid'`, i.e. exactly when `verifyStandardWebhook` accepts. */
  valid: boolean;
  reason: StandardWebhookDiagnosisCode;
  /** One plain-English sentence saying what happened and what to do; secrets appear masked. */
  message: string;
  /** Further sentences worth checking, possibly none. */
  hints: string[];
}

/** A secret to try, with a label to name it by (e.g. "the previous secret") instead of its masked value. */
export interface CandidateSecret {
  secret: string;
  label?: string | undefined;
}

export interface StandardWebhookCandidates {
  /** Other secrets the request may have been signed with, e.g. the other side of a rotation. */
  secrets?: ReadonlyArray<string | CandidateSecret> | undefined;
  /** Other `webhook-id`s it may have been signed with. */
  ids?: readonly string[] | undefined;
}

export interface DiagnoseStandardWebhookOptions extends VerifyStandardWebhookOptions {
  /** Alternatives to try besides the variants derived from the secrets, the id and the body. */
  candidates?: StandardWebhookCandidates | undefined;
}

const SECRET_HINT =
  "The HMAC key is the bytes the base64 after whsec_ decodes to (Buffer.from(secret.slice(6), 'base64')), never the secret's text.";
const ID_HINT = 'The webhook-id header is part of the signed message (id.timestamp.body), so pass it on exactly as received.';
const CLOCK_HINT =
  "Under the emulator's virtual clock, webhook-timestamp follows emulator time, so set the verifier's clock to it (e.g. vi.setSystemTime(emulator.clock.now())) or pass now: emulator.clock.now().";
const ATTEMPT_HINT =
  'Every attempt, retries included, carries its own webhook-timestamp, so a stale one means the clocks of sender and verifier disagree.';
const ROTATION_HINT =
  'After a rotation Bird signs with both the old and the new secret for 24 hours, then with the new one alone, so verify with both secrets while you switch.';
const NOTIFICATIONS_HINT = `This request carries ${SIGNATURE_HEADER} or ${TIMESTAMP_HEADER}, so it is a Notifications API delivery: check it with diagnoseWebhookSignature and the subscription's signingKey instead.`;

/** A secret as given, its key when it decodes, and how to name it in a sentence. */
interface NamedSecret {
  secret: string;
  key: Buffer | undefined;
  name: string;
}

/**
 * Explains why a platform API delivery's `webhook-signature` does or does not verify with the given
 * secret(s), id and body. It names a specific cause only when it reproduced the received signature
 * with that variant (a re-serialised body, another id, another secret, the secret's text used as
 * the key); otherwise it says it could not tell. Secrets are only ever shown masked.
 *
 * @throws {RangeError} when `toleranceSeconds` is negative or not a number, or `now` is not finite.
 */
export function diagnoseStandardWebhook(options: DiagnoseStandardWebhookOptions): StandardWebhookDiagnosis {
  const { tolerance, nowMs } = diagnosisClock(options);
  const { body, headers, candidates } = options;
  const parts = readStandardWebhookParts(options);
  const otherScheme =
    (readHeader(headers, SIGNATURE_HEADER) ?? readHeader(headers, TIMESTAMP_HEADER)) === undefined ? [] : [NOTIFICATIONS_HINT];

  const missing = [
    parts.id === undefined && WEBHOOK_ID_HEADER,
    parts.timestamp === undefined && WEBHOOK_TIMESTAMP_HEADER,
    parts.signature === undefined && WEBHOOK_SIGNATURE_HEADER,
  ].filter((name) => name !== false);
  if (parts.id === undefined || parts.timestamp === undefined || parts.signature === undefined) {
    const names = missing.join(' and ').replace(/ and (?=.* and )/, ', ');
    return failure(
      'missing_headers',
      `The request lacks the ${names} header${missing.length > 1 ? 's' : ''}, which Bird's platform API sends on every delivery and the signature covers, so make sure nothing between the sender and your app drops ${missing.length > 1 ? 'them' : 'it'}.`,
      otherScheme,
    );
  }
  const id = parts.id;
  const timestamp = parseTimestamp(parts.timestamp);
  if (timestamp === undefined) {
    return failure(
      'malformed_timestamp',
      `The ${WEBHOOK_TIMESTAMP_HEADER} header is ${JSON.stringify(abbreviate(parts.timestamp))} rather than Unix seconds as a decimal integer, so pass the header's value through unchanged.`,
    );
  }
  const signatures = v1Signatures(parts.signature);
  const shown = JSON.stringify(abbreviate(parts.signature));
  if (signatures.length === 0) {
    const asymmetric = /(^| )v1a,/.test(parts.signature)
      ? ['A v1a entry is the asymmetric (ed25519) scheme of Standard Webhooks, which Bird does not use.']
      : [];
    return failure(
      'malformed_signature',
      `The ${WEBHOOK_SIGNATURE_HEADER} header ${shown} has no "v1," entry, so nothing can verify it: Bird sends "v1,<base64>" entries separated by spaces.`,
      [...asymmetric, ...otherScheme],
    );
  }
  if (!signatures.some((signature) => /^[A-Za-z0-9+/]{43}=$/.test(signature))) {
    return failure(
      'malformed_signature',
      `None of the v1 entries of the ${WEBHOOK_SIGNATURE_HEADER} header ${shown} is the base64 of a 32-byte HMAC-SHA256 (44 characters ending in =), so the header was truncated or altered before it reached you.`,
    );
  }

  const given = named(
    secretsOf(options).map((secret) => ({ secret })),
    (_secret, index, count) => (count === 1 ? 'your secret' : `secret #${index + 1}`),
  );
  const usable = given.filter((secret): secret is NamedSecret & { key: Buffer } => secret.key !== undefined);
  const malformed = given.filter((secret) => secret.key === undefined);
  const reproduces = (key: Uint8Array, signedId: string = id, signedBody: WebhookBody = body): boolean =>
    matchesAny(signatures, standardSignature(key, signedId, timestamp.text, signedBody));
  const staleness = describeStaleness(timestamp.seconds, nowMs, tolerance);

  const matched = usable.find((secret) => reproduces(secret.key));
  if (matched) {
    if (staleness !== undefined) {
      return failure(
        'stale_timestamp',
        `The signature matches but ${staleness}, so Bird's SDKs and every Standard Webhooks library refuse it; run the verifier on the sender's clock or widen the tolerance.`,
        [CLOCK_HINT, ATTEMPT_HINT],
      );
    }
    const which = given.length > 1 ? matched.name : 'this secret';
    return {
      valid: true,
      reason: 'valid',
      message: `The signature is valid for ${which}, webhook-id, timestamp and body, so if your app still refuses it, compare its code with these exact inputs.`,
      hints: [
        'Your app must verify the raw body bytes it received, not a re-serialised JSON object.',
        SECRET_HINT,
        ...(matched.secret.trim().startsWith(SECRET_PREFIX)
          ? []
          : [`The secret lacks the ${SECRET_PREFIX} prefix, so it was read as base64, as the reference libraries read it.`]),
        ...(matched.secret === matched.secret.trim()
          ? []
          : ["The secret has surrounding whitespace, which was ignored as Bird's SDK ignores it, but other verifiers may not: trim it."]),
        CLOCK_HINT,
      ],
    };
  }

  // From here on the timestamp is only a side note: the signature itself did not match.
  const hints: string[] = [...otherScheme];
  if (staleness !== undefined) hints.push(`Separately, ${staleness}.`);

  for (const secret of usable) {
    for (const variant of bodyVariants(body)) {
      if (reproduces(secret.key, id, variant.value)) {
        return failure(
          'body_reserialised',
          `The signature matches the body ${variant.description}, so your app verified a parsed or altered copy of the body instead of the raw bytes it received; verify the raw request body.`,
          [RAW_BODY_HINT, ...hints],
        );
      }
    }
  }
  for (const secret of usable) {
    for (const variant of idVariants(id, readHeader(headers, WEBHOOK_ID_HEADER), candidates?.ids ?? [])) {
      if (reproduces(secret.key, variant.value)) {
        return failure(
          'wrong_id',
          `The signature matches the webhook-id ${JSON.stringify(variant.value)} (${variant.description}) instead of ${JSON.stringify(id)}, so verify with the ${WEBHOOK_ID_HEADER} header exactly as received.`,
          [ID_HINT, ...hints],
        );
      }
    }
  }
  const others = named(
    (candidates?.secrets ?? []).map((candidate) => (typeof candidate === 'string' ? { secret: candidate } : candidate)),
    (secret, index) => `candidate secret #${index + 1} (${JSON.stringify(maskSecret(secret))})`,
  );
  for (const other of others) {
    if (other.key !== undefined && reproduces(other.key)) {
      return failure(
        'wrong_secret',
        `The signature matches ${other.name} rather than the secret you verified with, so configure your app with that secret (each endpoint has its own, and a rotation replaces it).`,
        [ROTATION_HINT, ...hints],
      );
    }
  }
  for (const variant of undecodedKeys([...given, ...others])) {
    if (reproduces(variant.value)) {
      return failure('secret_not_decoded', `The signature matches ${variant.description}.`, [SECRET_HINT, ...hints]);
    }
  }

  for (const secret of malformed) {
    const unquoted = secret.secret.trim().replace(/^(["'])(.*)\1$/, '$2');
    const key = decodeSecret(unquoted);
    if (key !== undefined && reproduces(key)) {
      return failure(
        'malformed_secret',
        `${capitalise(secret.name)} is wrapped in quotes (often copied from JSON or a .env file) and verifies once they are removed, so strip them from your configured secret.`,
        hints,
      );
    }
  }
  if (given.length === 0) {
    return failure(
      'malformed_secret',
      "No secret was given and no candidate secret reproduced the signature, so pass the endpoint's whsec_ secret.",
      hints,
    );
  }
  const [unreadable] = malformed;
  if (unreadable) {
    return failure(
      'malformed_secret',
      `${capitalise(unreadable.name)} (${JSON.stringify(maskSecret(unreadable.secret))}) is not ${SECRET_PREFIX} followed by base64, so it verifies nothing; copy the secret exactly as Bird returned it when the endpoint was created or its secret rotated.`,
      [SECRET_HINT, ...hints],
    );
  }
  return failure(
    'mismatch',
    "No variant of the body, webhook-id or secret reproduced the signature, so the body most likely differs in content from what was signed, or the secret is not the one that signed it; compare your raw body bytes and the endpoint's current secret with what was sent.",
    [RAW_BODY_HINT, SECRET_HINT, ROTATION_HINT, ID_HINT, ...hints],
  );
}

/** Enough of a secret to recognise it, not to use it: `whsec_` and a few characters of the base64. */
export function maskSecret(secret: string): string {
  return secret.startsWith(SECRET_PREFIX) ? `${SECRET_PREFIX}${mask(secret.slice(SECRET_PREFIX.length))}` : mask(secret);
}

function failure(reason: StandardWebhookDiagnosisCode, message: string, hints: string[] = []): StandardWebhookDiagnosis {
  return { valid: false, reason, message, hints };
}

/** Secrets with their keys and names: the label when there is one, else `nameOf`. */
function named(
  secrets: ReadonlyArray<{ secret: unknown; label?: string | undefined }>,
  nameOf: (secret: string, index: number, count: number) => string,
): NamedSecret[] {
  return secrets.flatMap(({ secret, label }, index) =>
    typeof secret === 'string' ? [{ secret, key: decodeSecret(secret), name: label ?? nameOf(secret, index, secrets.length) }] : [],
  );
}

/** The candidate ids, the header's id when another was passed, and the id with or without `msg_`. */
function idVariants(id: string, headerId: string | undefined, candidateIds: readonly string[]): Variant<string>[] {
  const { variants, add } = collectVariants([id]);
  candidateIds.forEach((candidate, index) => add(candidate, `candidate id #${index + 1}`));
  add(headerId, `the ${WEBHOOK_ID_HEADER} header, not the id you passed`);
  add(id.trim(), 'with its surrounding whitespace removed');
  add(
    id.startsWith('msg_') ? id.slice('msg_'.length) : `msg_${id}`,
    id.startsWith('msg_') ? 'without its msg_ prefix' : 'with a msg_ prefix',
  );
  return variants;
}

/** The keys one side makes when it does not decode a secret as the spec says, each described. */
function undecodedKeys(secrets: readonly NamedSecret[]): Variant<Buffer>[] {
  const { variants, add } = collectVariants<Buffer>(secrets.flatMap((secret) => (secret.key === undefined ? [] : [secret.key])));
  const decode =
    "so whoever signed it keyed the HMAC with the secret's text instead of the bytes its base64 decodes to; decode the part after whsec_ on both sides";
  for (const { secret, name } of secrets) {
    const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
    add(Buffer.from(secret, 'utf8'), `the whole text of ${name} used as raw UTF-8 key bytes, ${decode}`);
    add(Buffer.from(encoded, 'utf8'), `the base64 text of ${name} used as raw UTF-8 key bytes, ${decode}`);
    if (secret.startsWith(SECRET_PREFIX)) {
      add(
        Buffer.from(secret, 'base64'),
        `${name} base64-decoded with its ${SECRET_PREFIX} prefix still on, so whoever signed it must strip ${SECRET_PREFIX} before decoding`,
      );
    }
  }
  return variants;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
