/**
 * The variants the diagnosis tries: other forms of the URL, the body and the key that a receiver
 * commonly signs with by mistake. Each is something to sign with, and a description of how it
 * differs from what was given.
 */
import type { WebhookBody } from './sign.js';

/** A key to try, with a label to name it by (e.g. the subscription it belongs to) instead of its value. */
export interface CandidateKey {
  signingKey: string;
  label?: string | undefined;
}

export interface Variant<T> {
  value: T;
  /** How it differs from what was given, completing "the signature matches …". */
  description: string;
}

/**
 * Collects variants to try, each value once under its first (smallest) description, skipping what
 * was `given` itself, `undefined`, and empty keys (no verifier accepts one).
 */
export function collectVariants<T extends string | Buffer>(
  given: Iterable<T>,
): { variants: Variant<T>[]; add(value: T | undefined, description: string): void } {
  const identity = (value: T): string => (typeof value === 'string' ? `text:${value}` : `bytes:${value.toString('hex')}`);
  const seen = new Set([...given].map(identity));
  const variants: Variant<T>[] = [];
  return {
    variants,
    add(value, description) {
      if (value === undefined || (typeof value !== 'string' && value.length === 0)) return;
      const id = identity(value);
      if (seen.has(id)) return;
      seen.add(id);
      variants.push({ value, description });
    },
  };
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
export function urlVariants(url: string, candidateUrls: readonly string[]): Variant<string>[] {
  const { variants, add } = collectVariants([url]);
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
export function bodyVariants(body: WebhookBody): Variant<string>[] {
  const text = decodeUtf8(body);
  if (text === undefined) return [];
  const { variants, add } = collectVariants([text]);

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

export function parsesAsJson(body: WebhookBody): boolean {
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
export function keyVariants(signingKey: string, candidateKeys: ReadonlyArray<string | CandidateKey>): Variant<Buffer>[] {
  const { variants, add } = collectVariants<Buffer>([Buffer.from(signingKey, 'utf8')]);

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
export function mask(key: string): string {
  return key.length <= 8 ? `${key.slice(0, 2)}…` : `${key.slice(0, 4)}…${key.slice(-2)}`;
}

export function abbreviate(text: string): string {
  return text.length <= 60 ? text : `${text.slice(0, 57)}...`;
}
