import { Hono } from 'hono';
import * as z from 'zod';
import { AnyWorkspaceIdSchema, ScopeIdSchema } from '../../domain/scope-id.js';
import { parseOrThrow } from '../../domain/validation.js';
import { eventsOf, listShippedScenarios, loadShippedScenario, parseFixture } from '../../fixtures/load.js';
import type { RunScenarioOptions } from '../../fixtures/scenario.js';
import { ScenarioSchema, type Scenario } from '../../fixtures/schemas.js';
import { isPlainObject } from '../../objects.js';
import type { EmulatorServices } from '../../application/services.js';
import { refuseOtherMethods } from '../../http/method-not-allowed.js';
import { readJsonBody } from '../../http/request.js';
import { firedEventView } from '../../views/delivery-views.js';

/** `POST /_emulator/scenarios {name}`: run a shipped scenario by name. */
const RunShippedScenarioSchema = z.strictObject({
  name: z.string().min(1).max(100),
  organizationId: ScopeIdSchema.optional(),
  workspaceId: AnyWorkspaceIdSchema.optional(),
});

/**
 * `/_emulator/scenarios` (list the shipped ones, run one), `/_emulator/replay` (fire recorded
 * events), and `GET /_emulator/events/{id}/fixture` and `/deliveries/{id}/fixture` (save one as a
 * fixture file). `dir` is the folder whose `scenarios/` holds the shipped scenarios (default: the
 * package's `fixtures/`).
 */
export function fixtureRoutes({ firing, records }: EmulatorServices, dir?: string): Hono {
  const app = new Hono();

  app.get('/scenarios', async (c) => {
    const scenarios = await listShippedScenarios(dir);
    return c.json({ results: scenarios.map((s) => ({ name: s.name, description: s.description, steps: s.steps.length })) }, 200);
  });

  app.post('/scenarios', async (c) => {
    const body = await readJsonBody(c);
    let scenario: Scenario;
    let runOptions: RunScenarioOptions = { signal: c.req.raw.signal };
    if (isPlainObject(body) && !('steps' in body)) {
      const { name, ...scope } = parseOrThrow(RunShippedScenarioSchema, body, '.body');
      scenario = await loadShippedScenario(name, dir);
      runOptions = { ...runOptions, ...scope };
    } else {
      scenario = parseOrThrow(ScenarioSchema, body, '.body');
    }
    const result = await firing.runScenario(scenario, runOptions);
    return c.json(
      {
        name: result.name,
        steps: result.steps.map((step) => ({
          index: step.index,
          stepId: step.stepId,
          delayMs: step.delayMs,
          kind: step.kind,
          ...(step.messageId !== undefined && { messageId: step.messageId }),
          ...firedEventView(step),
        })),
      },
      200,
    );
  });
  refuseOtherMethods(app, '/scenarios', ['GET', 'POST']);

  app.post('/replay', async (c) => {
    const fixture = parseFixture(await readJsonBody(c), {
      source: 'The request body',
      code: 'InvalidPayload',
      prefix: '.body',
      kinds: ['event', 'set'],
    });
    const scope = fixture.kind === 'set' ? fixture.set : undefined;
    const result = await firing.replay(eventsOf([fixture]), { organizationId: scope?.organizationId, workspaceId: scope?.workspaceId });
    return c.json(
      {
        fired: result.fired,
        failed: result.failed,
        results: result.results.map((r) => (r.ok ? { index: r.index, ok: true, ...firedEventView(r) } : r)),
      },
      200,
    );
  });
  refuseOtherMethods(app, '/replay', ['POST']);

  app.get('/events/:id/fixture', (c) => {
    const event = records.event(c.req.param('id'));
    return fixtureFile(records.bodyOf(event), event.event, event.id);
  });
  refuseOtherMethods(app, '/events/:id/fixture', ['GET']);

  app.get('/deliveries/:id/fixture', (c) => {
    const delivery = records.delivery(c.req.param('id'));
    // The body exactly as it was sent (and signed): an event fixture is a delivery body.
    return fixtureFile(delivery.request.body, delivery.event, delivery.id);
  });
  refuseOtherMethods(app, '/deliveries/:id/fixture', ['GET']);

  return app;
}

/** A fixture file download: the body, pretty-printed, named `<event>-<id>.json`. */
function fixtureFile(body: string, event: string, id: string): Response {
  const filename = `${event}-${id}.json`.replace(/[^A-Za-z0-9._-]/g, '_');
  return new Response(`${JSON.stringify(JSON.parse(body), null, 2)}\n`, {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` },
  });
}
