import { Hono } from 'hono';
import type { Catalogue } from '../../catalogue/types.js';
import { FireEventInputSchema, type EventService } from '../../delivery/event-service.js';
import { parseOrThrow } from '../../domain/validation.js';
import { EmulatorError } from '../../errors.js';
import type { HistoryStore } from '../../store/history-store.js';
import { refuseOtherMethods } from '../method-not-allowed.js';
import { limitQuery, readJsonBody } from '../request.js';
import { firedEventView } from './views.js';

/** `/_emulator/events` (fire and list) and `/_emulator/catalog`. */
export function eventRoutes(events: EventService, history: HistoryStore, catalogue: Catalogue): Hono {
  const app = new Hono();

  app.post('/events', async (c) => {
    const input = parseOrThrow(FireEventInputSchema, await readJsonBody(c), '.body');
    return c.json(firedEventView(await events.fire(input)), 201);
  });

  app.get('/events', (c) => {
    const limit = limitQuery(c, 1000);
    const name = c.req.query('event');
    const list = history.events().filter((e) => !name || e.event === name);
    return c.json({ results: list.slice(0, limit) }, 200);
  });
  refuseOtherMethods(app, '/events', ['GET', 'POST']);

  app.get('/events/:id', (c) => {
    const event = history.getEvent(c.req.param('id'));
    if (!event) throw new EmulatorError('NotFound', `Event ${c.req.param('id')} was not found.`);
    return c.json(event, 200);
  });
  refuseOtherMethods(app, '/events/:id', ['GET']);

  app.get('/catalog', (c) => {
    const service = c.req.query('service');
    return c.json(
      {
        results: catalogue.events
          .filter((e) => !service || e.service === service)
          .map((e) => ({
            name: e.name,
            service: e.service,
            description: e.description,
            documented: e.documented,
            filterKeys: e.filterKeys,
          })),
      },
      200,
    );
  });
  refuseOtherMethods(app, '/catalog', ['GET']);

  return app;
}
