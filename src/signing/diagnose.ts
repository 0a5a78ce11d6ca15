import { SIGNATURE_HEADER, TIMESTAMP_HEADER, computeSignature, hashBody, type WebhookBody } from './sign.js';
import {
  constantTimeEqual,
  parseTimestamp,
  readHeader,
  resolveTolerance,
  timestampAgeSeconds,
  type VerifyWebhookSignatureOptions,
} from './verify.js';

/** Why a signature did or did not verify. */
export type DiagnosisCode =
  | 'valid'
  | 'missing_signature_header'
  | 'missing_timestamp_header'
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

/** A key to try, with a label to name it by (e.g. the subscription it belongs to) instead of its value. */
export interface CandidateKey {
  signingKey: string;
  label?: string | undefined;
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

interface Variant<T> {
  value: T;
  /** How it differs from what was given, completing "the signature matches …". */
  description: string;
}

const RAW_BODY_HINT =
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
  const tolerance = resolveTolerance(options.toleranceSeconds);
  if (Number.isNaN(tolerance)) {
    throw new RangeError('toleranceSeconds must be a non-negative number, Infinity or false');
  }
  const nowMs = options.now ?? Date.now();
  if (!Number.isFinite(nowMs)) throw new RangeError('now must be a finite number of milliseconds');

  const signature = readHeader(headers, SIGNATURE_HEADER);
  if (signature === undefined) {
    return failure(
      'missing_signature_header',
      `The request has no ${SIGNATURE_HEADER} header, so give the subscription a signingKey (deliveries without one are unsigned) or stop the proxy in between from dropping the header.`,
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
  if (!/^[A-Za-z0-9+/]{43}=$/.test(signature)) {
    hints.push(
      `The ${SIGNATURE_HEADER} header is ${JSON.stringify(abbreviate(signature))}, not the 44-character base64 of an HMAC-SHA256, so it was altered or truncated before it reached you.`,
    );
  }
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

/** A clause saying how far a timestamp is outside the tolerance, or undefined when it is inside. */
function describeStaleness(seconds: number, nowMs: number, tolerance: number): string | undefined {
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

// --- URL variants -------------------------------------------------------------------------------

interface UrlParts {
  scheme: string;
  userinfo: string;
  host: string;
  port: string | undefined;
  path: string;
  query: string | undefined;
  fragment: string | undefined;
}

interface UrlChange {
  /** The changed parts, or undefined when the change does not apply to these parts. */
  apply(parts: UrlParts): { parts: UrlParts; description: string } | undefined;
}

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443' };

/** A string parse (not `new URL`) so that nothing is normalised behind our back. */
function parseUrl(url: string): UrlParts | undefined {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/.exec(url);
  if (!match) return undefined;
  const [, scheme = '', authority = '', path = '', query, fragment] = match;
  const at = authority.lastIndexOf('@');
  const userinfo = at === -1 ? '' : authority.slice(0, at + 1);
  const hostPort = /^(\[[^\]]*\]|[^:]*)(?::([0-9]*))?$/.exec(authority.slice(at + 1));
  if (!hostPort) return undefined;
  return { scheme, userinfo, host: hostPort[1] ?? '', port: hostPort[2], path, query, fragment };
}

function formatUrl(p: UrlParts): string {
  const port = p.port === undefined ? '' : `:${p.port}`;
  return `${p.scheme}://${p.userinfo}${p.host}${port}${p.path}${p.query ?? ''}${p.fragment ?? ''}`;
}

// The order matters: the port change looks at the scheme after a swap.
const URL_CHANGES: UrlChange[] = [
  {
    apply(p) {
      const scheme = p.scheme.toLowerCase();
      if (scheme !== 'http' && scheme !== 'https') return undefined;
      const swapped = scheme === 'http' ? 'https' : 'http';
      return { parts: { ...p, scheme: swapped }, description: `${swapped}:// instead of ${p.scheme}://` };
    },
  },
  {
    apply(p) {
      if (p.path.endsWith('/')) {
        return { parts: { ...p, path: p.path.slice(0, -1) }, description: 'without the trailing slash' };
      }
      return { parts: { ...p, path: `${p.path}/` }, description: 'with a trailing slash' };
    },
  },
  {
    apply(p) {
      if (p.query === undefined) return undefined;
      return { parts: { ...p, query: undefined }, description: 'without the query string' };
    },
  },
  {
    apply(p) {
      if (p.fragment === undefined) return undefined;
      return { parts: { ...p, fragment: undefined }, description: 'without the #fragment' };
    },
  },
  {
    apply(p) {
      const lower = p.host.toLowerCase();
      if (lower === p.host) return undefined;
      return { parts: { ...p, host: lower }, description: 'with the host in lower case' };
    },
  },
  {
    apply(p) {
      const defaultPort = DEFAULT_PORTS[p.scheme.toLowerCase()];
      if (defaultPort === undefined) return undefined;
      if (p.port === undefined) {
        return { parts: { ...p, port: defaultPort }, description: `with the default port :${defaultPort} added` };
      }
      // Either default, so that http://host:80 also reaches https://host after a scheme swap.
      if (Object.values(DEFAULT_PORTS).includes(p.port)) {
        return { parts: { ...p, port: undefined }, description: `without the port :${p.port}` };
      }
      return undefined;
    },
  },
];

/** The candidate URLs, then every combination of the URL changes above, fewest changes first. */
function urlVariants(url: string, candidateUrls: readonly string[]): Variant<string>[] {
  const seen = new Set([url]);
  const variants: Variant<string>[] = [];
  const add = (value: string, description: string): void => {
    if (seen.has(value)) return;
    seen.add(value);
    variants.push({ value, description });
  };
  for (const candidate of candidateUrls) {
    if (typeof candidate === 'string') add(candidate, 'one of the candidate URLs');
  }
  const parts = parseUrl(url);
  if (parts === undefined) return variants;
  const combinations: Array<Variant<string> & { size: number }> = [];
  for (let subset = 1; subset < 1 << URL_CHANGES.length; subset++) {
    let current: UrlParts | undefined = parts;
    const descriptions: string[] = [];
    for (const [index, change] of URL_CHANGES.entries()) {
      if ((subset & (1 << index)) === 0) continue;
      const changed = change.apply(current);
      if (changed === undefined) {
        current = undefined;
        break;
      }
      current = changed.parts;
      descriptions.push(changed.description);
    }
    if (current !== undefined) {
      combinations.push({ value: formatUrl(current), description: descriptions.join(', '), size: descriptions.length });
    }
  }
  combinations.sort((a, b) => a.size - b.size);
  for (const combination of combinations) add(combination.value, combination.description);
  return variants;
}

// --- Body variants ------------------------------------------------------------------------------

/** Re-serialisations of the body's JSON and whitespace edits of its text, each described. */
function bodyVariants(body: WebhookBody): Variant<string>[] {
  const text = decodeUtf8(body);
  if (text === undefined) return [];
  const seen = new Set([text]);
  const variants: Variant<string>[] = [];
  const add = (value: string, description: string): void => {
    if (seen.has(value)) return;
    seen.add(value);
    variants.push({ value, description });
  };

  // The smallest edits first, so that the description names the least that changed.
  add(text.replace(/\r?\n$/, ''), 'without its trailing newline');
  add(text.trim(), 'with leading and trailing whitespace trimmed');
  add(`${text}\n`, 'with a trailing newline added');
  add(text.replace(/\r\n/g, '\n'), 'with CRLF line endings turned into LF');
  add(text.replace(/\r?\n/g, '\r\n'), 'with LF line endings turned into CRLF');

  const parsed = parseJson(text);
  if (parsed.ok) {
    const forms: Variant<string>[] = [
      { value: JSON.stringify(parsed.value), description: 're-serialised as compact JSON (JSON.stringify)' },
      { value: JSON.stringify(parsed.value, null, 2), description: 're-serialised as JSON indented with 2 spaces' },
      { value: JSON.stringify(parsed.value, null, 4), description: 're-serialised as JSON indented with 4 spaces' },
      { value: JSON.stringify(parsed.value, null, '\t'), description: 're-serialised as JSON indented with tabs' },
      {
        value: serialiseJson(parsed.value, ', ', ': ', false),
        description: "re-serialised with a space after each comma and colon (as Python's json.dumps does)",
      },
      {
        value: serialiseJson(parsed.value, ', ', ': ', true),
        description: "re-serialised with spaces and non-ASCII characters escaped (Python's json.dumps defaults)",
      },
      {
        value: serialiseJson(parsed.value, ',', ':', true),
        description: 're-serialised as compact JSON with non-ASCII characters escaped',
      },
    ];
    for (const form of forms) {
      add(form.value, form.description);
      add(`${form.value}\n`, `${form.description} plus a trailing newline`);
    }
  }
  return variants;
}

function decodeUtf8(body: WebhookBody): string | undefined {
  if (typeof body === 'string') return body;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return undefined;
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function parsesAsJson(body: WebhookBody): boolean {
  const text = decodeUtf8(body);
  return text !== undefined && parseJson(text).ok;
}

/** JSON with chosen separators and optional \uXXXX escaping, for serialisers other than JSON.stringify. */
function serialiseJson(value: unknown, itemSeparator: string, keySeparator: string, asciiOnly: boolean): string {
  const encodeString = (s: string): string => {
    const json = JSON.stringify(s);
    return asciiOnly ? json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
  };
  const walk = (v: unknown): string => {
    if (typeof v === 'string') return encodeString(v);
    if (Array.isArray(v)) return `[${v.map(walk).join(itemSeparator)}]`;
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v).map(([k, item]) => `${encodeString(k)}${keySeparator}${walk(item)}`);
      return `{${entries.join(itemSeparator)}}`;
    }
    return JSON.stringify(v);
  };
  return walk(value);
}

// --- Key variants -------------------------------------------------------------------------------

/** The candidate keys, then the given key trimmed and base64-decoded. */
function keyVariants(signingKey: string, candidateKeys: ReadonlyArray<string | CandidateKey>): Variant<Buffer>[] {
  const seen = new Set([signingKey === '' ? '' : Buffer.from(signingKey, 'utf8').toString('hex')]);
  const variants: Variant<Buffer>[] = [];
  const add = (value: Buffer, description: string): void => {
    const id = value.toString('hex');
    if (value.length === 0 || seen.has(id)) return;
    seen.add(id);
    variants.push({ value, description });
  };

  candidateKeys.forEach((candidate, index) => {
    const key = typeof candidate === 'string' ? candidate : candidate?.signingKey;
    if (typeof key !== 'string') return;
    const label = typeof candidate === 'string' ? undefined : candidate.label;
    const name = label ?? `candidate key #${index + 1} (${JSON.stringify(mask(key))})`;
    add(
      Buffer.from(key, 'utf8'),
      `${name} rather than the key you verified with, so configure your app with that key (each subscription has its own)`,
    );
  });

  const trimmed = signingKey.trim();
  add(
    Buffer.from(trimmed, 'utf8'),
    'your signing key with its surrounding whitespace removed, so your configured key has stray whitespace (often a trailing newline from a file or .env) and must be trimmed',
  );
  for (const key of new Set([signingKey, trimmed])) {
    const decoded = decodeBase64(key);
    if (decoded !== undefined) {
      add(
        decoded,
        'your signing key only after base64-decoding it, so one side treats the key as base64 while Bird uses the key string itself as UTF-8 bytes; configure both sides with the same literal string and do not decode it',
      );
    }
  }
  return variants;
}

function decodeBase64(text: string): Buffer | undefined {
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(text) && text.length % 4 === 0) return Buffer.from(text, 'base64');
  if (/^[A-Za-z0-9_-]+$/.test(text) && text.length % 4 !== 1) return Buffer.from(text, 'base64url');
  return undefined;
}

// --- Text helpers -------------------------------------------------------------------------------

/** Enough of a secret to recognise it, not to use it. */
function mask(key: string): string {
  return key.length <= 8 ? `${key.slice(0, 2)}…` : `${key.slice(0, 4)}…${key.slice(-2)}`;
}

function abbreviate(text: string): string {
  return text.length <= 60 ? text : `${text.slice(0, 57)}...`;
}
