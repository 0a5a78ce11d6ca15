import type { MiddlewareHandler } from 'hono';
import { PlatformError } from '../errors.js';
import { workspaceId } from '../ids.js';
import type { PlatformEnv } from './context.js';

/**
 * Bird's `Authorization: Bearer <key>` (research §1.0). A missing or malformed header is a 401; any
 * non-empty key is accepted unless `accessKeys` lists the accepted ones. Each key is its own
 * workspace (SPEC-PLATFORM §1).
 */
export function requireBearerKey(accessKeys: readonly string[]): MiddlewareHandler<PlatformEnv> {
  const allowed = new Set(accessKeys);
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined) {
      throw new PlatformError('Unauthorized', 'Missing Authorization header; send "Authorization: Bearer <your API key>".');
    }
    const key = /^Bearer +(\S+) *$/i.exec(header)?.[1];
    if (key === undefined) throw new PlatformError('Unauthorized', 'Malformed Authorization header; expected "Bearer <your API key>".');
    if (allowed.size > 0 && !allowed.has(key)) {
      throw new PlatformError('Unauthorized', 'The API key is not accepted by this emulator (see --access-key).');
    }
    c.set('apiKey', key);
    c.set('workspaceId', workspaceId(key));
    await next();
  };
}
