import { Hono } from 'hono';
import type { EmulatorControl } from '../../application/control.js';
import { refuseOtherMethods } from '../../http/method-not-allowed.js';

/** `/_emulator/health` and `/_emulator/reset`. */
export function systemRoutes(control: EmulatorControl): Hono {
  const app = new Hono();
  app.get('/health', (c) => c.json(control.health(), 200));
  refuseOtherMethods(app, '/health', ['GET']);
  app.post('/reset', async (c) => {
    await control.reset();
    return c.json({ status: 'reset' }, 200);
  });
  refuseOtherMethods(app, '/reset', ['POST']);
  return app;
}
