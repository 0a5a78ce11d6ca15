import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { EmulatorError } from '../errors.js';
import { errorResponse } from './errors.js';

/**
 * Refuses request bodies larger than `maxBytes` with Bird's 413, answered by `respond` (by default
 * in the root app's error shape).
 * @note A body with a declared Content-Length is judged by that header alone (Node's parser holds
 * the client to it). Only a chunked body goes through Hono's `bodyLimit`, which counts the bytes as
 * they stream: asking for the body as a web stream makes @hono/node-server build a full web
 * `Request` around the Node request, about a tenth of the emulator's CPU time per fired event.
 */
export function limitBody(maxBytes: number, respond: (c: Context, error: EmulatorError) => Response = errorResponse): MiddlewareHandler {
  const tooLarge = new EmulatorError('PayloadTooLarge', `The request body is larger than ${maxBytes} bytes.`);
  const streamed = bodyLimit({ maxSize: maxBytes, onError: (c) => respond(c, tooLarge) });
  return async (c, next) => {
    // What Hono's would do too (a GET's web Request has no body), without building that Request.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    return Number.parseInt(declared, 10) > maxBytes ? respond(c, tooLarge) : next();
  };
}
