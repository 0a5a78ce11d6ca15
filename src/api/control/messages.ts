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

/**
 * A sent e-mail's HTML is whatever the app wrote, so it is served as a document of its own that can
 * do nothing: `sandbox` (no script, an opaque origin, no forms, no top navigation) whether it is
 * opened in the dashboard's frame or on its own, nothing loaded from anywhere (only inline styles
 * and `data:` images render, as a mail client that blocks remote content shows it), and framed only
 * by the dashboard.
 * @note Not a `srcdoc` frame: a `srcdoc` document takes the dashboard's own policy, whose
 * `style-src 'self'` would strip every inline style an e-mail is made of, and loosening that policy
 * for the preview would loosen it for the whole dashboard.
 */
export const MAIL_PREVIEW_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'";

const MAIL_PREVIEW_HEADERS = {
  'Content-Security-Policy': MAIL_PREVIEW_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

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

  // The e-mail as its recipient's client would show it, for the dashboard's preview frame.
  app.get('/messages/:id/html', (c) => {
    const html = outbox.get(c.req.param('id'))?.content?.html;
    if (html === undefined) throw new EmulatorError('NotFound', `Message ${c.req.param('id')} has no HTML part.`);
    return c.body(html, 200, { ...MAIL_PREVIEW_HEADERS, 'Content-Type': 'text/html; charset=utf-8' });
  });
  refuseOtherMethods(app, '/messages/:id/html', ['GET']);

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
