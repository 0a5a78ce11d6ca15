import { Hono } from 'hono';
import { FireEventInputSchema } from '../../domain/fire-input.js';
import { parseOrThrow } from '../../domain/validation.js';
import { refuseOtherMethods } from '../../http/method-not-allowed.js';
import { limitQuery, readJsonBody } from '../../http/request.js';
import { firedEventJson } from '../../views/delivery-views.js';
import type { EmulatorServices } from '../../application/services.js';

/** `/_emulator/events` (fire and list) and `/_emulator/catalog`. */
export function eventRoutes({ firing, records, dialects }: EmulatorServices): Hono {
  const app = new Hono();

  app.post('/events', async (c) => {
    const input = parseOrThrow(FireEventInputSchema, await readJsonBody(c), '.body');
    const result = await firing.fire(input);
    // The payload as the deliveries carry it, so the answer does not serialise it a second time.
    const body = result.deliveries[0]?.request.body;
    const envelope = dialects.find((dialect) => dialect.api === result.event.api)?.envelope;
    const payloadText = body === undefined ? undefined : envelope?.payloadText(body, result.event);
    return c.body(firedEventJson(result, payloadText), 201, { 'Content-Type': 'application/json' });
  });

  app.get('/events', (c) => {
    const limit = limitQuery(c, 1000);
    const list = records.events({ event: c.req.query('event') || undefined });
    return c.json({ results: list.slice(0, limit) }, 200);
  });
  refuseOtherMethods(app, '/events', ['GET', 'POST']);

  app.get('/events/:id', (c) => c.json(records.event(c.req.param('id')), 200));
  refuseOtherMethods(app, '/events/:id', ['GET']);

  app.get('/catalog', (c) => {
    const service = c.req.query('service');
    const results = dialects.flatMap((dialect) =>
      dialect.catalogue.events
        .filter((e) => !service || e.service === service)
        .map((e) => ({
          api: dialect.api,
          name: e.name,
          service: e.service,
          description: e.description,
          // Whether Bird documents the event, and how much of its payload (`source.payload`: example, partial, none) and where.
          documented: e.documented,
          source: e.source,
          filterKeys: e.filterKeys,
        })),
    );
    return c.json({ results }, 200);
  });
  refuseOtherMethods(app, '/catalog', ['GET']);

  return app;
}
