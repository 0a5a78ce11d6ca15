import type { Context, MiddlewareHandler } from 'hono';
import type { Clock } from '../../../clock/clock.js';
import { createRandom } from '../../../random.js';
import { platformErrorBody } from '../errors.js';
import { typedId } from '../ids.js';

/** What the platform API's middleware leaves on each request. */
export interface PlatformEnv {
  Variables: {
    /** `req_` + 26 Crockford characters, also sent as `X-Request-Id`. */
    requestId: string;
    /** The Bearer key of the request. */
    apiKey: string;
    /** The key's workspace (`ws_…`). */
    workspaceId: string;
  };
}

export const REQUEST_ID_HEADER = 'X-Request-Id';

// @note Request ids come from their own unseeded source: under `--seed`, the ids of endpoints stay
// the same however many requests (failed ones included) came before.
const requestIds = createRandom();

/** Middleware: gives the request its id and sends it back as `X-Request-Id`, on success and error alike. */
export function assignRequestId(clock: Clock): MiddlewareHandler<PlatformEnv> {
  return async (c, next) => {
    const id = typedId(requestIds, 'req', clock.now());
    c.set('requestId', id);
    c.header(REQUEST_ID_HEADER, id);
    await next();
  };
}

/**
 * Answers `error` in Bird's platform envelope with `X-Request-Id`; a request that failed before it
 * got an id (a body over the cap) gets one here.
 */
export function platformErrorResponse(c: Context, error: unknown, clock: Clock): Response {
  const requestId = (c as Context<PlatformEnv>).get('requestId') ?? typedId(requestIds, 'req', clock.now());
  const { status, body } = platformErrorBody(error, requestId);
  c.header(REQUEST_ID_HEADER, requestId);
  return c.json(body, status);
}

/** True for the paths Bird's platform API owns. */
export function isPlatformPath(path: string): boolean {
  return path === '/v1' || path.startsWith('/v1/');
}
