import { describe, expect, it } from 'vitest';
import type { FiredEventResult } from '../../src/domain/event.js';
import type { FireEventInput } from '../../src/domain/fire-input.js';
import { createVirtualClock } from '../../src/clock/virtual-clock.js';
import { EmulatorError } from '../../src/errors.js';
import { resolveReferences, type FiredStep } from '../../src/fixtures/references.js';
import { runScenario, waitOnClock, type ScenarioRunnerDeps } from '../../src/fixtures/scenario.js';
import { ScenarioSchema, type ScenarioInput } from '../../src/fixtures/schemas.js';

const FIRST: FiredStep = {
  eventId: 'e1',
  firedAt: '2025-01-01T00:00:00.000Z',
  payload: { id: 'm1', receiver: { contacts: [{ identifierValue: '+31600000001' }] }, count: 3 },
};

describe('step references', () => {
  const fired = new Map([['first', FIRST]]);

  it('keeps the JSON type of a whole-string reference and writes embedded ones as text', () => {
    const resolved = resolveReferences(
      {
        id: '{{steps.first.payload.id}}',
        receiver: '{{ steps.first.payload.receiver }}',
        number: '{{steps.first.payload.receiver.contacts.0.identifierValue}}',
        count: '{{steps.first.payload.count}}',
        text: 'message {{steps.first.payload.id}} (event {{steps.first.eventId}} at {{steps.first.firedAt}}), {{steps.first.payload.count}} parts',
        all: '{{steps.first.payload}}',
        untouched: 'Hello {{1}}',
      },
      fired,
      ['steps', 1, 'payload'],
    );
    expect(resolved).toEqual({
      id: 'm1',
      receiver: FIRST.payload.receiver,
      number: '+31600000001',
      count: 3,
      text: 'message m1 (event e1 at 2025-01-01T00:00:00.000Z), 3 parts',
      all: FIRST.payload,
      untouched: 'Hello {{1}}',
    });
    // A copy: changing the result does not change what the first step fired.
    (resolved.receiver as { contacts: unknown[] }).contacts.push('x');
    expect((FIRST.payload.receiver as { contacts: unknown[] }).contacts).toHaveLength(1);
  });

  it('names the step path of a reference that points at nothing', () => {
    const attempt = (payload: Record<string, unknown>) => {
      try {
        resolveReferences(payload, fired, ['steps', 2, 'payload']);
      } catch (error) {
        return error as EmulatorError;
      }
      throw new Error('expected a failure');
    };
    expect(attempt({ a: { b: '{{steps.first.payload.nope}}' } }).details).toEqual({
      '.steps[2].payload.a.b': ['{{steps.first.payload.nope}}: step "first" fired no payload value at nope'],
    });
    expect(attempt({ a: 'x {{steps.first.payload.receiver}}' }).message).toContain('cannot be written inside a longer string');
    expect(attempt({ a: '{{steps.first.payload.receiver.contacts.length}}' }).code).toBe('InvalidPayload');
    expect(attempt({ a: '{{steps.first.payload.__proto__}}' }).code).toBe('InvalidPayload');
  });
});

function fakeDeps(log: string[], clock = createVirtualClock()): ScenarioRunnerDeps {
  let n = 0;
  return {
    async fire(input: FireEventInput): Promise<FiredEventResult> {
      n += 1;
      log.push(`fire ${input.event} at ${clock.now()} ${JSON.stringify(input.payload ?? {})}`);
      const payload = { id: `generated-${n}`, ...input.payload };
      const event = {
        id: `event-${n}`,
        api: 'notifications' as const,
        service: 'channels' as const,
        event: input.event,
        payload,
        firedAt: new Date(clock.now()).toISOString(),
        source: 'scenario' as const,
        deliveryIds: [],
      };
      return { event, deliveries: [] };
    },
    wait: (ms, signal) => waitOnClock(clock, ms, { advance: (t) => clock.advance(t), signal }),
    settle: async () => {
      log.push('settle');
    },
    currentDelivery: () => undefined,
    send: async () => {
      throw new Error('no send in these tests');
    },
    expect: async () => {
      throw new Error('no expect in these tests');
    },
    eventOf: () => undefined,
  };
}

const scenario = (input: ScenarioInput) => ScenarioSchema.parse(input);

describe('the scenario runner', () => {
  it('waits each delay on the clock (advancing a virtual one), resolves references and settles between steps', async () => {
    const log: string[] = [];
    const clock = createVirtualClock(0);
    const result = await runScenario(
      scenario({
        name: 'two',
        steps: [
          { id: 'first', event: 'sms.outbound', payload: { status: 'accepted' } },
          { event: 'sms.outbound', delayMs: 1500, payload: { id: '{{steps.first.payload.id}}', status: 'sent' } },
        ],
      }),
      fakeDeps(log, clock),
    );
    expect(log).toEqual([
      'fire sms.outbound at 0 {"status":"accepted"}',
      'settle',
      'fire sms.outbound at 1500 {"id":"generated-1","status":"sent"}',
      'settle',
    ]);
    expect(result.steps.map((s) => [s.index, s.stepId, s.delayMs, s.event.id])).toEqual([
      [0, 'first', 0, 'event-1'],
      [1, undefined, 1500, 'event-2'],
    ]);
  });

  it('passes the workspace and organization, the runner options over the scenario', async () => {
    const seen: FireEventInput[] = [];
    const deps = fakeDeps([]);
    const fire = deps.fire;
    deps.fire = (input) => {
      seen.push(input);
      return fire(input);
    };
    const ws = '11111111-1111-4111-8111-111111111111';
    const other = '22222222-2222-4222-8222-222222222222';
    await runScenario(scenario({ name: 's', workspaceId: ws, steps: [{ event: 'sms.inbound' }] }), deps);
    await runScenario(scenario({ name: 's', workspaceId: ws, steps: [{ event: 'sms.inbound' }] }), deps, { workspaceId: other });
    expect(seen.map((s) => s.workspaceId)).toEqual([ws, other]);
  });

  it('stops at a failing step with the step named and the details re-pointed at it', async () => {
    const deps = fakeDeps([]);
    deps.fire = async () => {
      throw new EmulatorError('InvalidPayload', 'The payload is not a valid sms.outbound payload; see details.', {
        '.body.payload.status': ['Invalid option'],
      });
    };
    const run = runScenario(scenario({ name: 'broken', steps: [{ id: 'one', event: 'sms.outbound' }] }), deps);
    await expect(run).rejects.toMatchObject({
      code: 'InvalidPayload',
      message: expect.stringContaining('Scenario broken stopped at step 1 ("one"), sms.outbound'),
      details: { '.steps[0].payload.status': ['Invalid option'] },
    });
  });

  it('really waits on a system-like clock, and an abort stops the wait', async () => {
    const timers: { ms: number; cancelled: boolean }[] = [];
    const clock = {
      now: () => 0,
      setTimer: (callback: () => void, ms: number) => {
        const timer = { ms, cancelled: false };
        timers.push(timer);
        const handle = setTimeout(callback, 5);
        return () => {
          timer.cancelled = true;
          clearTimeout(handle);
        };
      },
    };
    await waitOnClock(clock, 60_000);
    expect(timers[0]).toEqual({ ms: 60_000, cancelled: false });
    const controller = new AbortController();
    const waiting = waitOnClock(clock, 60_000, { signal: controller.signal });
    controller.abort(new Error('client went away'));
    await expect(waiting).rejects.toThrow('client went away');
    expect(timers[1]?.cancelled).toBe(true);
  });
});

describe('send and expect steps', () => {
  it('sends with the SDK’s request, then expects with the message id referred to, each result saying its kind', async () => {
    const log: string[] = [];
    const deps = fakeDeps(log);
    const accepted = await deps.fire({ event: 'email.accepted' });
    deps.send = async (input) => {
      log.push(`send ${input.channel} from ${input.apiKey ?? input.workspaceId} ${JSON.stringify(input.request)}`);
      return { messageId: 'em_1', answer: { id: 'em_1', status: 'accepted' }, first: accepted };
    };
    deps.expect = async (filter, withinMs) => {
      log.push(`expect ${JSON.stringify(filter)} within ${withinMs}`);
      return { id: 'd1', eventId: accepted.event.id } as never;
    };
    deps.eventOf = () => accepted.event;
    const result = await runScenario(
      scenario({
        name: 'loop',
        workspaceId: 'ws_01jgfjjz00rn5t41r3vn69p58y',
        steps: [
          { id: 'welcome', send: { email: { to: ['a@b.test'], subject: 'Hi' } } },
          {
            expect: {
              event: 'email.bounced',
              messageId: '{{steps.welcome.messageId}}',
              payload: { email_id: '{{steps.welcome.payload.id}}' },
            },
          },
        ],
      }),
      deps,
    );
    expect(log.filter((l) => l !== 'settle')).toEqual([
      'fire email.accepted at 1735689600000 {}',
      'send email from ws_01jgfjjz00rn5t41r3vn69p58y {"to":["a@b.test"],"subject":"Hi"}',
      'expect {"event":"email.bounced","messageId":"em_1","payload":{"email_id":"em_1"}} within 60000',
    ]);
    expect(result.steps.map((s) => [s.kind, s.messageId])).toEqual([
      ['send', 'em_1'],
      ['expect', undefined],
    ]);
  });

  it('names the step whose send has no platform workspace', async () => {
    const run = runScenario(scenario({ name: 'nowhere', steps: [{ send: { sms: { to: '+31612345678' } } }] }), fakeDeps([]));
    await expect(run).rejects.toMatchObject({ details: { '.steps[0].apiKey': [expect.stringContaining('ws_')] } });
  });

  it('refuses a reference to a later or unknown step in a send or an expect, as in a payload', () => {
    const parsed = ScenarioSchema.safeParse({
      name: 'bad',
      steps: [{ expect: { messageId: '{{steps.later.messageId}}' } }, { id: 'later', send: { sms: { to: '+1' } } }],
    });
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['steps.0.expect.messageId']);
  });
});
