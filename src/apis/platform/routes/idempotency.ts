import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode, StatusCode } from 'hono/utils/http-status';
import { requestFingerprint, type IdempotencyStore } from '../idempotency.js';
import type { PlatformEnv } from './context.js';

const HONOURED = new Set(['POST', 'PATCH', 'DELETE']);

/**
 * Middleware: Bird's `Idempotency-Key` on POST, PATCH and DELETE (see ../idempotency.ts). Runs after
 * authentication, since keys belong to a workspace; a replay carries `Idempotency-Replay: true`.
 */
export function honourIdempotencyKey(store: IdempotencyStore): MiddlewareHandler<PlatformEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined || !HONOURED.has(c.req.method)) return next();
    const url = new URL(c.req.url);
    const fingerprint = requestFingerprint(c.req.method, `${url.pathname}${url.search}`, await c.req.text());
    const verdict = store.begin(c.get('workspaceId'), key, fingerprint);
    if (verdict.kind === 'replay') {
      const { status, body, contentType } = verdict.answer;
      c.header('Idempotency-Replay', 'true');
      if (contentType !== undefined) c.header('Content-Type', contentType);
      return body === '' ? c.body(null, status as StatusCode) : c.body(body, status as ContentfulStatusCode);
    }
    let kept = false;
    try {
      await next();
      // A 5xx is not kept: the same request may be tried again. A 4xx is, as at Bird.
      kept = c.res.status < 500;
      if (kept) {
        const contentType = c.res.headers.get('content-type') ?? undefined;
        verdict.complete({ status: c.res.status, body: await c.res.clone().text(), contentType });
      }
    } finally {
      if (!kept) verdict.abandon();
    }
  };
}
