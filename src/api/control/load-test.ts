import { Hono } from 'hono';
import type { EmulatorServices } from '../../application/services.js';
import { LoadTestInputSchema } from '../../domain/load-test-input.js';
import { parseOrThrow } from '../../domain/validation.js';
import { EmulatorError } from '../../errors.js';
import { refuseOtherMethods } from '../../http/method-not-allowed.js';
import { readJsonBody } from '../../http/request.js';

/**
 * `POST /_emulator/loadtest` runs a load test and answers its report when it ends (the request
 * stays open meanwhile; closing it stops the test). `GET` reads the running test's progress, or the
 * last one's report; `POST /_emulator/loadtest/stop` ends it early and answers the partial report.
 */
export function loadTestRoutes({ loadTests }: EmulatorServices): Hono {
  const app = new Hono();

  app.post('/loadtest', async (c) => {
    const input = parseOrThrow(LoadTestInputSchema, await readJsonBody(c), '.body');
    return c.json(await loadTests.run(input, { signal: c.req.raw.signal }), 200);
  });
  app.get('/loadtest', (c) => {
    const report = loadTests.latest();
    if (!report) throw new EmulatorError('NotFound', 'No load test has run yet; start one with POST /_emulator/loadtest.');
    return c.json(report, 200);
  });
  refuseOtherMethods(app, '/loadtest', ['GET', 'POST']);

  app.post('/loadtest/stop', async (c) => c.json(await loadTests.stop(), 200));
  refuseOtherMethods(app, '/loadtest/stop', ['POST']);

  return app;
}
