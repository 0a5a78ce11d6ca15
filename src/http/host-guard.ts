import type { Context, MiddlewareHandler } from 'hono';
import { EmulatorError } from '../errors.js';
import { isLocalHostname } from '../domain/url-rule.js';
import { errorResponse } from './errors.js';

/** Which `Host` names reach the emulator besides local ones (localhost, 127.0.0.0/8, ::1). */
export interface HostPolicy {
  /** The interface the server listens on (`--host`): a request naming it is ours too. */
  boundHost?: string;
  /** Names given with `--allowed-host`; one starting with a dot (`.example.test`) admits its subdomains too. */
  allowedHosts?: readonly string[];
}

/**
 * The key of the Hono binding (`c.env`) that carries the server's HostPolicy. Which names are ours
 * depends on where the app is served, which only the server knows; without the binding (in-process
 * `app.request()`, another server) only local names pass.
 */
export const HOST_POLICY_BINDING = 'hostPolicy';

/** A host name or IP literal and an optional port; nothing a URL parser could read as credentials or a path. */
const AUTHORITY = /^(?:[a-z0-9._-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** What the guard looks at of one request. */
export interface GuardedRequest {
  /** The `Host` header; absent for in-process requests, which use `urlHost` instead. */
  host: string | undefined;
  /** The `Origin` header. */
  origin: string | undefined;
  /** The host (and port) of the request URL as the server built it. */
  urlHost: string;
}

/**
 * Returns why a request is refused, or undefined. Every request must name a host of ours, so a
 * page on another site cannot reach the emulator by pointing its own DNS name at 127.0.0.1 (DNS
 * rebinding). Where `checkOrigin` is set (the control API and the WebSocket), a browser `Origin`
 * must also be the emulator's own, so no other site can drive it or read its live log (cross-site
 * WebSocket hijacking). Requests without `Origin` (curl, servers, tests) are not from a page.
 */
export function hostRefusal(request: GuardedRequest, policy: HostPolicy, { checkOrigin }: { checkOrigin: boolean }): string | undefined {
  const authority = request.host ?? request.urlHost;
  const own = AUTHORITY.test(authority) ? parseOrigin(`http://${authority}`) : undefined;
  if (!own || !isOurHost(own.hostname, policy)) {
    return `Host "${authority}" is not a name of this emulator. Use localhost or 127.0.0.1, or start it with --allowed-host <name>.`;
  }
  if (request.urlHost !== own.host) {
    const urlHostname = parseOrigin(`http://${request.urlHost}`)?.hostname;
    if (urlHostname === undefined || (urlHostname !== own.hostname && !isOurHost(urlHostname, policy))) {
      return `Host "${request.urlHost}" is not a name of this emulator.`;
    }
  }
  if (checkOrigin && request.origin !== undefined && parseOrigin(request.origin)?.origin !== own.origin) {
    return `Origin "${request.origin}" may not use the emulator's control API; only pages served by the emulator itself (${own.origin}) may.`;
  }
  return undefined;
}

/**
 * `hostRefusal` with its verdicts remembered per policy and request.
 * @note Every request of a client names the same Host (and Origin), so a verdict is worked out
 * once, not per request (parsing URLs is a measurable part of a fired event's cost).
 */
export function rememberedHostRefusal(): (request: GuardedRequest, policy: HostPolicy, checkOrigin: boolean) => string | undefined {
  const verdicts = new WeakMap<HostPolicy, Map<string, string | undefined>>();
  return (request, policy, checkOrigin) => {
    const key = `${request.host}\u0000${request.origin}\u0000${request.urlHost}\u0000${checkOrigin}`;
    let cache = verdicts.get(policy);
    if (!cache) verdicts.set(policy, (cache = new Map()));
    if (cache.has(key)) return cache.get(key);
    const refusal = hostRefusal(request, policy, { checkOrigin });
    // Bounded: a client sending a new Host on every request cannot grow it without end.
    if (cache.size >= 256) cache.clear();
    cache.set(key, refusal);
    return refusal;
  };
}

/** Whether a path is the control API's, where `Origin` is checked too. */
export const isControlPath = (path: string): boolean => path === '/_emulator' || path.startsWith('/_emulator/');

/**
 * Middleware: refuses, with 403 and the error body of the API whose path it is (`respond`), requests for a foreign `Host` on every
 * route and a foreign `Origin` under `/_emulator`. It sets no CORS header: a foreign page gets
 * nothing it may read. The URL is not parsed again: Hono has parsed it already.
 */
export function hostGuard(respond: (c: Context, error: EmulatorError) => Response = errorResponse): MiddlewareHandler {
  const refusalOf = rememberedHostRefusal();
  const noPolicy: HostPolicy = {};
  return async (c, next) => {
    const policy = (c.env as Record<string, HostPolicy | undefined> | undefined)?.[HOST_POLICY_BINDING] ?? noPolicy;
    const request = { host: c.req.header('host'), origin: c.req.header('origin'), urlHost: hostOfUrl(c.req.url) };
    const refusal = refusalOf(request, policy, isControlPath(c.req.path));
    if (refusal) return respond(c, new EmulatorError('Forbidden', refusal));
    await next();
  };
}

/** The authority of an absolute URL string (`http://127.0.0.1:4747/x` → `127.0.0.1:4747`). */
function hostOfUrl(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url)?.[1] ?? '';
}

function isOurHost(hostname: string, { boundHost, allowedHosts = [] }: HostPolicy): boolean {
  const name = normalise(hostname);
  if (isLocalHostname(name)) return true;
  if (boundHost !== undefined && name === normalise(boundHost)) return true;
  return allowedHosts.some((entry) => {
    const allowed = normalise(entry);
    return allowed.startsWith('.') ? name === allowed.slice(1) || name.endsWith(allowed) : name === allowed;
  });
}

/** Lower case, without IPv6 brackets or a trailing dot (`localhost.` names the same host). */
function normalise(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}

function parseOrigin(text: string): URL | undefined {
  // `null` (sandboxed frames, file: pages) and anything unparsable is foreign.
  const url = URL.parse(text);
  return url && (url.protocol === 'http:' || url.protocol === 'https:') ? url : undefined;
}
