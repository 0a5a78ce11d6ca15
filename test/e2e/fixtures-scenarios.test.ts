import { describe, expect, it } from 'vitest';
import { createReceiver, startEmulator, VIRTUAL_CLOCK_START } from '../../src/index.js';
import { listShippedScenarios } from '../../src/fixtures/load.js';
import { useCleanup } from '../helpers/cleanup.js';

const track = useCleanup();

type Body = { service: string; event: string; payload: Record<string, any> };

/** Runs a shipped scenario on a virtual clock into a real receiver that checks signatures. */
async function run(name: string) {
  const receiver = track(await createReceiver({ signingKey: 'scenario-key' }));
  const emulator = track(await startEmulator({ clock: 'virtual' }));
  const scenario = (await listShippedScenarios()).find((s) => s.name === name);
  if (!scenario) throw new Error(`no shipped scenario ${name}`);
  for (const event of new Set(scenario.steps.flatMap((s) => ('event' in s ? [s.event] : [])))) {
    const service = emulator.emulator.notifications.catalogue.find(event)?.service ?? 'channels';
    await emulator.subscribe({ service, event, url: `${receiver.url}/webhooks/bird`, signingKey: 'scenario-key' });
  }
  const realStart = performance.now();
  const result = await emulator.runScenario(name);
  const realMs = performance.now() - realStart;
  const bodies = receiver.requests.map((r) => r.body as Body);
  return { emulator, receiver, scenario, result, realMs, bodies };
}

describe('every shipped scenario, on a virtual clock', () => {
  it('covers every scenario in fixtures/scenarios', async () => {
    const names = (await listShippedScenarios()).map((s) => s.name).sort();
    // email-send-bounce sends through the platform API: test/e2e/sends-scenario.test.ts runs it.
    expect(names).toEqual([...Object.keys(EXPECTED), 'email-send-bounce'].sort());
  });

  const EXPECTED: Record<string, (bodies: Body[]) => void> = {
    'sms-delivered': (bodies) => {
      expect(bodies.map((b) => [b.event, b.payload.status])).toEqual([
        ['sms.outbound', 'accepted'],
        ['sms.outbound', 'sent'],
        ['sms.outbound', 'delivered'],
      ]);
      sameMessage(bodies);
    },
    'email-opened-clicked': (bodies) => {
      expect(bodies.map((b) => [b.event, b.payload.status ?? b.payload.type])).toEqual([
        ['email.outbound', 'sent'],
        ['email.outbound', 'delivered'],
        ['email.interaction', 'opened'],
        ['email.interaction', 'clicked'],
      ]);
      sameMessage(bodies.slice(0, 2));
      const [sent, , opened, clicked] = bodies as [Body, Body, Body, Body];
      for (const interaction of [opened, clicked]) {
        expect(interaction.payload.messageId).toBe(sent.payload.id);
        expect(interaction.payload.messageReference).toBe(sent.payload.reference);
        expect(interaction.payload.receiver).toEqual(sent.payload.receiver);
      }
      expect(clicked.payload.metadata.link.url).toMatch(/^https:\/\//);
    },
    'email-bounced': (bodies) => {
      expect(bodies.map((b) => [b.event, b.payload.status])).toEqual([
        ['email.outbound', 'sent'],
        ['email.outbound', 'delivery_failed'],
      ]);
      sameMessage(bodies);
      expect(bodies[1]?.payload).toMatchObject({
        reason: 'bounceHard',
        details: 'bounceHard',
        failure: { code: 15005, source: { name: 'email-messagebird', code: 'bounceHard' } },
      });
    },
    'whatsapp-conversation': (bodies) => {
      expect(bodies.map((b) => [b.event, b.payload.status ?? b.payload.type])).toEqual([
        ['whatsapp.inbound', 'delivered'],
        ['whatsapp.inbound', 'delivered'],
        ['whatsapp.outbound', 'accepted'],
        ['whatsapp.outbound', 'sent'],
        ['whatsapp.outbound', 'delivered'],
        ['whatsapp.interaction', 'read'],
      ]);
      const [question, followUp, reply, , , read] = bodies as Body[] as [Body, Body, Body, Body, Body, Body];
      expect(followUp.payload.id).not.toBe(question.payload.id);
      expect(followUp.payload.sender).toEqual(question.payload.sender);
      expect(followUp.payload.channelId).toBe(question.payload.channelId);
      // The reply goes from the channel's connector back to the customer who wrote.
      expect(reply.payload.sender.connector).toEqual(question.payload.receiver.connector);
      expect(reply.payload.receiver.contacts).toEqual([question.payload.sender.contact]);
      sameMessage(bodies.slice(2, 5));
      expect(read.payload.messageId).toBe(reply.payload.id);
      expect(read.payload.channelId).toBe(question.payload.channelId);
    },
    'payment-succeeded': (bodies) => {
      expect(bodies.map((b) => [b.event, b.payload.status])).toEqual([
        ['payment.created', 'pending'],
        ['payment.succeeded', 'succeeded'],
      ]);
      samePayment(bodies);
    },
    'payment-refunded': (bodies) => {
      expect(bodies.map((b) => [b.event, b.payload.status])).toEqual([
        ['payment.created', 'pending'],
        ['payment.succeeded', 'succeeded'],
        ['payment.refunded', 'refunded'],
      ]);
      samePayment(bodies);
      expect(bodies[2]?.payload.refund.amount).toEqual(bodies[0]?.payload.amount);
    },
  };

  it.each(Object.keys(EXPECTED))('%s delivers its steps in order, signed, with references resolved', async (name) => {
    const { emulator, receiver, scenario, result, realMs, bodies } = await run(name);
    expect(result.steps.map((s) => s.event.event)).toEqual(scenario.steps.map((s) => ('event' in s ? s.event : undefined)));
    expect(receiver.requests).toHaveLength(scenario.steps.length);
    expect(receiver.requests.every((r) => r.signatureValid)).toBe(true);
    expect(result.steps.flatMap((s) => s.deliveries.map((d) => d.status))).toEqual(scenario.steps.map(() => 'succeeded'));
    expect(emulator.deliveries().every((d) => d.status === 'succeeded')).toBe(true);
    EXPECTED[name]?.(bodies);

    // The delays passed on the virtual clock, each step at its own instant, in no real time.
    const total = scenario.steps.reduce((sum, s) => sum + s.delayMs, 0);
    expect(emulator.clock.now()).toBe(VIRTUAL_CLOCK_START + total);
    let at = VIRTUAL_CLOCK_START;
    scenario.steps.forEach((step, index) => {
      at += step.delayMs;
      expect(Date.parse(result.steps[index]?.event.firedAt ?? '')).toBe(at);
    });
    expect(realMs).toBeLessThan(5_000);
    expect(emulator.emulator.history.events().every((e) => e.source === 'scenario')).toBe(true);
  });
});

/** Status updates of one message: the same id, channel, parties, text, reference and creation time. */
function sameMessage(bodies: Body[]) {
  const [first, ...rest] = bodies as [Body, ...Body[]];
  for (const body of rest) {
    for (const field of ['id', 'channelId', 'sender', 'receiver', 'body', 'reference', 'createdAt']) {
      expect(body.payload[field], field).toEqual(first.payload[field]);
    }
    expect(Date.parse(body.payload.updatedAt)).toBeGreaterThan(Date.parse(first.payload.updatedAt));
  }
}

function samePayment(bodies: Body[]) {
  const [first, ...rest] = bodies as [Body, ...Body[]];
  for (const body of rest) {
    for (const field of ['id', 'amount', 'method', 'reference', 'customer', 'createdAt'])
      expect(body.payload[field], field).toEqual(first.payload[field]);
  }
}
