import { Hono } from 'hono';
import { refuseOtherMethods } from '../../../http/method-not-allowed.js';
import { workspaceOf } from '../workspace.js';
import type { PlatformEnv } from './context.js';

/** `GET /v1/workspace`: the workspace the key is scoped to (`bird.workspace.get()`). */
export function workspaceRoutes(): Hono<PlatformEnv> {
  const app = new Hono<PlatformEnv>();
  app.get('/workspace', (c) => c.json(workspaceOf(c.get('apiKey')), 200));
  refuseOtherMethods(app, '/workspace', ['GET']);
  return app;
}
