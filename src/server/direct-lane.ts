import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DirectRoute } from '../http/direct-route.js';
import { errorAnswer } from '../http/errors.js';
import { isControlPath, rememberedHostRefusal, type HostPolicy } from '../http/host-guard.js';
import { parseJsonBody } from '../http/request.js';

/** Answers a request itself (true), or leaves it untouched for Hono (false). */
export type DirectLane = (request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * Serves `routes` (see DirectRoute) straight from Node's request: a request it takes gets what
 * Hono's app would answer, byte for byte in its body and status. It takes only what needs none of
 * the app's middleware beyond what it checks itself: the route's method and exact path, a `Host`
 * and `Origin` the host guard admits, and a declared `Content-Length` within the route's limit.
 * Anything else (a refusal to answer, a chunked body, a query string) is left to Hono, untouched.
 */
export function directLane(routes: readonly DirectRoute[], policy: HostPolicy): DirectLane {
  const byPath = new Map(routes.map((route) => [route.path, route]));
  const refusalOf = rememberedHostRefusal();
  // Decodes as Hono's `text()` does (a byte-order mark dropped, bad bytes replaced).
  const decoder = new TextDecoder();
  return (request, response) => {
    const route = byPath.get(request.url ?? '');
    if (route === undefined || request.method !== route.method) return false;
    const { host, origin } = request.headers;
    const declared = request.headers['content-length'];
    if (host === undefined || declared === undefined || request.headers['transfer-encoding'] !== undefined) return false;
    if (Number(declared) > route.maxBodyBytes) return false;
    if (refusalOf({ host, origin, urlHost: host }, policy, isControlPath(route.path)) !== undefined) return false;

    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A client gone before its whole body came: nobody to answer.
    request.on('error', () => undefined);
    request.on('end', () => {
      const answer = (async () => {
        const text = decoder.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
        return route.answer(parseJsonBody(text, request.headers['content-type']));
      })();
      answer.then(
        ({ status, json }) => reply(response, status, json),
        (error: unknown) => {
          const { status, body } = errorAnswer(error);
          reply(response, status, JSON.stringify(body));
        },
      );
    });
    return true;
  };
}

function reply(response: ServerResponse, status: number, json: string): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) }).end(json);
}
