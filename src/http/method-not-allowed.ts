import type { Env, Hono, Schema } from 'hono';
import { EmulatorError } from '../errors.js';

/**
 * Registers a 405 for every other method on `path`. Call it after the path's real handlers: Hono
 * runs matching handlers in registration order, so the real ones answer first.
 */
export function refuseOtherMethods<E extends Env, S extends Schema, P extends string>(
  app: Hono<E, S, P>,
  path: string,
  allowed: readonly string[],
): void {
  app.all(path, (c) => {
    c.header('Allow', allowed.join(', '));
    throw new EmulatorError('MethodNotAllowed', `${c.req.method} is not allowed here; use ${allowed.join(' or ')}.`);
  });
}
