import type { MiddlewareHandler } from 'hono';
import { EmulatorError } from '../../../errors.js';

export interface AccessKeyOptions {
  /** Accepted keys; empty accepts any non-empty key. */
  accessKeys: readonly string[];
}

/**
 * Bird's `Authorization: AccessKey <key>`. A missing or malformed header is always a 401. Bird's
 * reference samples also show `Bearer <token>`, so that scheme is accepted the same way.
 */
export function requireAccessKey({ accessKeys }: AccessKeyOptions): MiddlewareHandler {
  const allowed = new Set(accessKeys);
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header)
      throw new EmulatorError('Unauthorized', 'Missing Authorization header; send "Authorization: AccessKey <your access key>".');
    const match = /^(AccessKey|Bearer)\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new EmulatorError('Unauthorized', 'Malformed Authorization header; expected "AccessKey <your access key>".');
    if (allowed.size > 0 && !allowed.has(match[2] as string)) {
      throw new EmulatorError('Unauthorized', 'The access key is not accepted by this emulator (see --access-key).');
    }
    await next();
  };
}
