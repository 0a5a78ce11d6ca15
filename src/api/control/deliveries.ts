import { Hono } from 'hono';
import { z } from 'zod';
import type { EventService } from '../../delivery/event-service.js';
import { DeliveryStatusSchema } from '../../domain/delivery.js';
import { parseOrThrow } from '../../domain/validation.js';
import { EmulatorError } from '../../errors.js';
import type { HistoryStore } from '../../store/history-store.js';
import { refuseOtherMethods } from '../method-not-allowed.js';
import { limitQuery, readJsonBody } from '../request.js';
import { deliverySummary, firedEventView } from './views.js';

const RedeliverInputSchema = z.strictObject({
  /** Deep-merged over the original payload; the request is signed afresh either way. */
  payload: z.record(z.string(), z.unknown()).optional(),
});

/** `/_emulator/deliveries`: list with filters, one with all attempts, redeliver. */
export function deliveryRoutes(history: HistoryStore, events: EventService): Hono {
  const app = new Hono();

  app.get('/deliveries', (c) => {
    const status = c.req.query('status');
    const list = history.deliveries({
      subscriptionId: c.req.query('subscriptionId') || undefined,
      event: c.req.query('event') || undefined,
      eventId: c.req.query('eventId') || undefined,
      status: status ? parseOrThrow(DeliveryStatusSchema, status, '.query.status') : undefined,
    });
    return c.json({ results: list.slice(0, limitQuery(c, 1000)).map(deliverySummary) }, 200);
  });
  refuseOtherMethods(app, '/deliveries', ['GET']);

  app.get('/deliveries/:id', (c) => {
    const delivery = history.getDelivery(c.req.param('id'));
    if (!delivery) throw new EmulatorError('NotFound', `Delivery ${c.req.param('id')} was not found.`);
    return c.json(delivery, 200);
  });
  refuseOtherMethods(app, '/deliveries/:id', ['GET']);

  app.post('/deliveries/:id/redeliver', async (c) => {
    const input = parseOrThrow(RedeliverInputSchema, (await readJsonBody(c, { optional: true })) ?? {}, '.body');
    return c.json(firedEventView(await events.redeliver(c.req.param('id'), input.payload)), 201);
  });
  refuseOtherMethods(app, '/deliveries/:id/redeliver', ['POST']);

  return app;
}
