import { Hono } from 'hono';
import type { PlatformRoutesOptions } from '../route-options.js';

/** Bird's platform API under `/v1` (placeholder: the endpoints API lands in its own change). */
export function platformRoutes(_options: PlatformRoutesOptions): Hono {
  return new Hono();
}
