import { Hono } from 'hono';
import * as z from 'zod';
import { parseOrThrow } from '../../domain/validation.js';
import { EmulatorError } from '../../errors.js';
import { eventsOf, listShippedScenarios, loadShippedScenario, parseFixture } from '../../fixtures/load.js';
import type { ReplayOptions, ReplayResult } from '../../fixtures/replay.js';
import type { RunScenarioOptions, ScenarioResult } from '../../fixtures/scenario.js';
import { ScenarioSchema, type EventFixture, type Scenario } from '../../fixtures/schemas.js';
import { parsePayloadOfBody } from '../../delivery/event-service.js';
import { isPlainObject } from '../../objects.js';
import type { HistoryStore } from '../../store/history-store.js';
import { refuseOtherMethods } from '../method-not-allowed.js';
import { readJsonBody } from '../request.js';
import { firedEventView } from './views.js';

export interface FixtureRoutesOptions {
  history: HistoryStore;
  runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioResult>;
  replay(events: readonly EventFixture[], options: ReplayOptions): Promise<ReplayResult>;
  /** The folder whose `scenarios/` holds the shipped scenarios. @default the package's `fixtures/` */
  fixturesDir?: string;
}

const ScopeIdSchema = z
  .uuid()
  .transform((id) => id.toLowerCase())
  .optional();

/** `POST /_emulator/scenarios {name}`: run a shipped scenario by name. */
const RunShippedScenarioSchema = z.strictObject({
  name: z.string().min(1).max(100),
  organizationId: ScopeIdSchema,
  workspaceId: ScopeIdSchema,
});

/**
 * `/_emulator/scenarios` (list the shipped ones, run one), `/_emulator/replay` (fire recorded
 * events), and `GET /_emulator/events/{id}/fixture` and `/deliveries/{id}/fixture` (save one as a
 * fixture file).
 */
export function fixtureRoutes(options: FixtureRoutesOptions): Hono {
  const app = new Hono();
  const dir = options.fixturesDir;

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
    const result = await options.runScenario(scenario, runOptions);
    return c.json(
      {
        name: result.name,
        steps: result.steps.map((step) => ({ index: step.index, stepId: step.stepId, delayMs: step.delayMs, ...firedEventView(step) })),
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
    const result = await options.replay(eventsOf([fixture]), { organizationId: scope?.organizationId, workspaceId: scope?.workspaceId });
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
    const event = options.history.getEvent(c.req.param('id'));
    if (!event) throw new EmulatorError('NotFound', `Event ${c.req.param('id')} was not found.`);
    return fixtureFile({ service: event.service, event: event.event, payload: event.payload }, event.id);
  });
  refuseOtherMethods(app, '/events/:id/fixture', ['GET']);

  app.get('/deliveries/:id/fixture', (c) => {
    const delivery = options.history.getDelivery(c.req.param('id'));
    if (!delivery) throw new EmulatorError('NotFound', `Delivery ${c.req.param('id')} was not found.`);
    // The body exactly as it was sent (and signed), read back into the fixture shape.
    return fixtureFile(
      { service: delivery.service, event: delivery.event, payload: parsePayloadOfBody(delivery.request.body) },
      delivery.id,
    );
  });
  refuseOtherMethods(app, '/deliveries/:id/fixture', ['GET']);

  return app;
}

/** A fixture file download: pretty JSON named `<event>-<id>.json`. */
function fixtureFile(fixture: EventFixture, id: string): Response {
  const filename = `${fixture.event}-${id}.json`.replace(/[^A-Za-z0-9._-]/g, '_');
  return new Response(`${JSON.stringify(fixture, null, 2)}\n`, {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` },
  });
}
