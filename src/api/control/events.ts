import { Hono } from 'hono';
import { FireEventInputSchema } from '../../domain/fire-input.js';
import { parseOrThrow } from '../../domain/validation.js';
import type { DirectRoute } from '../../http/direct-route.js';
import { refuseOtherMethods } from '../../http/method-not-allowed.js';
import { limitQuery, readJsonBody } from '../../http/request.js';
import { firedEventJson } from '../../views/delivery-views.js';
import type { EmulatorServices } from '../../application/services.js';

/** `POST /_emulator/events`: fires an event and answers 201 with it and its deliveries. A direct route (see DirectRoute). */
export function fireEventRoute({ firing, dialects }: EmulatorServices, maxBodyBytes: number): DirectRoute {
  return {
    method: 'POST',
    path: '/_emulator/events',
    maxBodyBytes,
    async answer(body) {
      const input = parseOrThrow(FireEventInputSchema, body, '.body');
      const result = await firing.fire(input);
      // The payload as the deliveries carry it, so the answer does not serialise it a second time.
      const delivered = result.deliveries[0]?.request.body;
      const envelope = dialects.find((dialect) => dialect.api === result.event.api)?.envelope;
      const payloadText = delivered === undefined ? undefined : envelope?.payloadText(delivered, result.event);
      return { status: 201, json: firedEventJson(result, payloadText) };
    },
  };
}

/** `/_emulator/events` (fire and list) and `/_emulator/catalog`. */
export function eventRoutes(services: EmulatorServices, fire: DirectRoute): Hono {
  const { records, dialects } = services;
  const app = new Hono();

  app.post('/events', async (c) => {
    const { status, json } = await fire.answer(await readJsonBody(c));
    return c.body(json, status, { 'Content-Type': 'application/json' });
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
