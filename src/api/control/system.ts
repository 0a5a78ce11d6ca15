import { Hono } from 'hono';
import { VERSION } from '../../version.js';
import { refuseOtherMethods } from '../method-not-allowed.js';

export interface SystemRoutesOptions {
  startedAt: number;
  /** Empties subscriptions and history. */
  reset: () => Promise<void>;
}

/** `/_emulator/health` and `/_emulator/reset`. */
export function systemRoutes({ startedAt, reset }: SystemRoutesOptions): Hono {
  const app = new Hono();
  // Uptime is wall time even under a virtual clock: it tells how long the process has run.
  app.get('/health', (c) => c.json({ status: 'ok', version: VERSION, uptimeMs: Math.round(performance.now() - startedAt) }, 200));
  refuseOtherMethods(app, '/health', ['GET']);
  app.post('/reset', async (c) => {
    await reset();
    return c.json({ status: 'reset' }, 200);
  });
  refuseOtherMethods(app, '/reset', ['POST']);
  return app;
}
