import { Hono } from 'hono';
import * as z from 'zod';
import { OutcomeRulesInputSchema } from '../../application/outcome-rules.js';
import type { EmulatorServices } from '../../application/services.js';
import { messageMatches, MessageFilterSchema } from '../../domain/message.js';
import { parseOrThrow } from '../../domain/validation.js';
import { EmulatorError } from '../../errors.js';
import { refuseOtherMethods } from '../../http/method-not-allowed.js';
import { limitQuery, readJsonBody } from '../../http/request.js';
import { messageDetail, messageSummary } from '../../views/message-views.js';

const WaitInputSchema = MessageFilterSchema.extend({
  /** How long to hold the request open, in real milliseconds. */
  timeoutMs: z.number().int().min(0).max(120_000).default(10_000),
});

/**
 * `/_emulator/messages` (what apps sent through Bird's send routes: list, one with its timeline and
 * the deliveries it caused, a long-poll wait) and `/_emulator/outcomes` (the outcome rules).
 */
export function messageRoutes({ outbox, records }: EmulatorServices): Hono {
  const app = new Hono();

  // Registered before `/messages/:id` so `wait` is not taken for an id.
  app.post('/messages/wait', async (c) => {
    const { timeoutMs, ...filter } = parseOrThrow(WaitInputSchema, (await readJsonBody(c, { optional: true })) ?? {}, '.body');
    return c.json(messageSummary(await outbox.waitForMessage(filter, { timeoutMs, signal: c.req.raw.signal })), 200);
  });
  refuseOtherMethods(app, '/messages/wait', ['POST']);

  app.get('/messages', (c) => {
    const filter = parseOrThrow(
      MessageFilterSchema,
      Object.fromEntries(['api', 'channel', 'status', 'to', 'workspaceId'].flatMap((k) => (c.req.query(k) ? [[k, c.req.query(k)]] : []))),
      '.query',
    );
    const list = outbox.list().filter((m) => messageMatches(m, filter));
    return c.json({ results: list.slice(0, limitQuery(c, 1000)).map(messageSummary) }, 200);
  });
  refuseOtherMethods(app, '/messages', ['GET']);

  app.get('/messages/:id', (c) => {
    const message = outbox.get(c.req.param('id'));
    if (!message) throw new EmulatorError('NotFound', `Message ${c.req.param('id')} was not found.`);
    const eventIds = message.steps.flatMap((step) => (step.eventId === undefined ? [] : [step.eventId]));
    return c.json(messageDetail(message, records.deliveriesOfEvents(eventIds)), 200);
  });
  refuseOtherMethods(app, '/messages/:id', ['GET']);

  app.get('/outcomes', (c) => c.json({ results: outbox.rules.list() }, 200));
  app.post('/outcomes', async (c) => {
    const input = parseOrThrow(OutcomeRulesInputSchema, await readJsonBody(c), '.body');
    outbox.rules.add(Array.isArray(input) ? input : 'rules' in input ? input.rules : [input]);
    return c.json({ results: outbox.rules.list() }, 201);
  });
  app.delete('/outcomes', (c) => {
    outbox.rules.clear();
    return c.json({ results: outbox.rules.list() }, 200);
  });
  refuseOtherMethods(app, '/outcomes', ['GET', 'POST', 'DELETE']);

  return app;
}
