import type { Context, MiddlewareHandler } from 'hono';
import type { WorkspaceScope } from '../../../domain/subscription.js';
import { uuidParam } from '../../../http/request.js';

export type ScopeVariables = { scope: WorkspaceScope };

/**
 * Reads the workspace (and, on the current path, the organization) from the URL; both must be
 * UUIDs. The older path without the organization scopes by workspace alone.
 */
export const workspaceScope: MiddlewareHandler<{ Variables: ScopeVariables }> = async (c, next) => {
  const workspaceId = uuidParam(c, 'workspaceId');
  const organizationId = c.req.param('organizationId') === undefined ? undefined : uuidParam(c, 'organizationId');
  c.set('scope', organizationId === undefined ? { workspaceId } : { organizationId, workspaceId });
  await next();
};

export function scopeOf(c: Context<{ Variables: ScopeVariables }>): WorkspaceScope {
  return c.get('scope');
}
