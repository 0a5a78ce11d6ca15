import { Hono } from 'hono';
import * as z from 'zod';
import type { ClockControl } from '../../application/control.js';
import { isoTimestamp } from '../../clock/clock.js';
import { parseOrThrow } from '../../domain/validation.js';
import { MAX_STEP_DELAY_MS } from '../../fixtures/schemas.js';
import { refuseOtherMethods } from '../../http/method-not-allowed.js';
import { readJsonBody } from '../../http/request.js';

const AdvanceInputSchema = z.strictObject({
  /** How far to move a virtual clock, at most 30 days at once (as a scenario step may wait). */
  ms: z.number().int().min(0).max(MAX_STEP_DELAY_MS),
});

/** `GET /_emulator/clock` and `POST /_emulator/clock/advance {ms}` (virtual clock only: else 409). */
export function clockRoutes(clock: ClockControl): Hono {
  const app = new Hono();
  const view = () => ({ kind: clock.kind, now: isoTimestamp(clock.now()), nowMs: clock.now() });
  app.get('/clock', (c) => c.json(view(), 200));
  refuseOtherMethods(app, '/clock', ['GET']);
  app.post('/clock/advance', async (c) => {
    const { ms } = parseOrThrow(AdvanceInputSchema, await readJsonBody(c), '.body');
    await clock.advance(ms);
    return c.json(view(), 200);
  });
  refuseOtherMethods(app, '/clock/advance', ['POST']);
  return app;
}
