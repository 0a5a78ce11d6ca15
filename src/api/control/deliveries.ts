import { Hono } from 'hono';
import * as z from 'zod';
import { DeliveryFilterSchema, DeliveryWaitTimeoutError } from '../../delivery/delivery-waiter.js';
import { DeliveryStatusSchema } from '../../domain/delivery.js';
import { parseOrThrow } from '../../domain/validation.js';
import { refuseOtherMethods } from '../../http/method-not-allowed.js';
import { limitQuery, readJsonBody } from '../../http/request.js';
import { deliverySummary, firedEventView } from '../../views/delivery-views.js';
import type { EmulatorServices } from '../../application/services.js';

const RedeliverInputSchema = z.strictObject({
  /** Deep-merged over the original payload; the request is signed afresh either way. */
  payload: z.record(z.string(), z.unknown()).optional(),
});

const WaitInputSchema = DeliveryFilterSchema.extend({
  /** How long to hold the request open, in real milliseconds. */
  timeoutMs: z.number().int().min(0).max(120_000).default(10_000),
});

/** `/_emulator/deliveries`: list with filters, one with all attempts, redeliver, and a long-poll wait. */
export function deliveryRoutes({ records, firing }: EmulatorServices): Hono {
  const app = new Hono();

  // Registered before `/deliveries/:id` so `wait` is not taken for an id.
  app.post('/deliveries/wait', async (c) => {
    const { timeoutMs, ...filter } = parseOrThrow(WaitInputSchema, (await readJsonBody(c, { optional: true })) ?? {}, '.body');
    try {
      return c.json(await records.waitForDelivery(filter, { timeoutMs, signal: c.req.raw.signal }), 200);
    } catch (error) {
      if (!(error instanceof DeliveryWaitTimeoutError)) throw error;
      return c.json({ code: error.code, message: error.message, arrived: error.arrived.slice(0, 100).map(deliverySummary) }, 408);
    }
  });
  refuseOtherMethods(app, '/deliveries/wait', ['POST']);

  app.get('/deliveries', (c) => {
    const status = c.req.query('status');
    const list = records.deliveries({
      subscriptionId: c.req.query('subscriptionId') || undefined,
      event: c.req.query('event') || undefined,
      eventId: c.req.query('eventId') || undefined,
      status: status ? parseOrThrow(DeliveryStatusSchema, status, '.query.status') : undefined,
    });
    return c.json({ results: list.slice(0, limitQuery(c, 1000)).map(deliverySummary) }, 200);
  });
  refuseOtherMethods(app, '/deliveries', ['GET']);

  app.get('/deliveries/:id', (c) => c.json(records.delivery(c.req.param('id')), 200));
  refuseOtherMethods(app, '/deliveries/:id', ['GET']);

  app.post('/deliveries/:id/redeliver', async (c) => {
    const input = parseOrThrow(RedeliverInputSchema, (await readJsonBody(c, { optional: true })) ?? {}, '.body');
    return c.json(firedEventView(await firing.redeliver(c.req.param('id'), input.payload)), 201);
  });
  refuseOtherMethods(app, '/deliveries/:id/redeliver', ['POST']);

  return app;
}
