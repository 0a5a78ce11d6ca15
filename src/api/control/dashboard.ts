import { Hono } from 'hono';
import type { ApiDialect } from '../../apis/api-dialect.js';
import { EmulatorError } from '../../errors.js';
import { DASHBOARD_ASSETS_PATH, dashboardAsset } from '../../live/dashboard-assets.js';
import { dashboardHtml } from '../../live/dashboard-page.js';
import { refuseOtherMethods } from '../../http/method-not-allowed.js';

/**
 * The page allows only its own script and style files, so no inline code runs even if a payload
 * ever slipped into the markup. `ws:`/`wss:` are listed because older engines do not count a
 * WebSocket to the same host as `'self'`.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const COMMON_HEADERS = {
  'Content-Security-Policy': DASHBOARD_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // The assets change with the package version; a reload must never mix old script and new page.
  'Cache-Control': 'no-cache',
};

/**
 * The dashboard: `GET /` (the page), its script modules and style sheet under `/_emulator/dashboard/`, and
 * `GET /_emulator/subscriptions` (every subscription of every API, across workspaces) which the page
 * lists. Mount at the root: `app.route('/', dashboardRoutes(…))`.
 */
export function dashboardRoutes(dialects: readonly Pick<ApiDialect, 'subscribers'>[]): Hono {
  const app = new Hono();
  const html = dashboardHtml();

  app.get('/', (c) => c.body(html, 200, { ...COMMON_HEADERS, 'Content-Type': 'text/html; charset=utf-8' }));
  refuseOtherMethods(app, '/', ['GET']);

  const assetPath = `${DASHBOARD_ASSETS_PATH}:file`;
  app.get(assetPath, (c) => {
    const asset = dashboardAsset(c.req.param('file'));
    if (asset === undefined) throw new EmulatorError('NotFound', `The dashboard has no file ${c.req.param('file')}.`);
    return c.body(asset.body, 200, { ...COMMON_HEADERS, 'Content-Type': asset.contentType });
  });
  refuseOtherMethods(app, assetPath, ['GET']);

  app.get('/_emulator/subscriptions', (c) => c.json({ results: dialects.flatMap((dialect) => dialect.subscribers()) }, 200));
  refuseOtherMethods(app, '/_emulator/subscriptions', ['GET']);

  return app;
}
