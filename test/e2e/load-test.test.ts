import { describe, expect, it } from 'vitest';
import { createReceiver, startEmulator, type ReceiverOptions, type StartedEmulator } from '../../src/index.js';
import type { LoadTestReport } from '../../src/views/load-test-views.js';
import { useCleanup } from '../helpers/cleanup.js';
import { deadPort } from '../helpers/dead-port.js';

const track = useCleanup();
const KEY = 'load-test-key';

/**
 * An emulator with one sms.inbound subscription to a receiver that answers as `receiverOptions` say,
 * warmed up by one delivery: the HTTP client loaded and a connection open, so what is measured is
 * the receiver, not the emulator's first moments on a busy machine.
 */
async function setup(receiverOptions: ReceiverOptions = {}) {
  const receiver = track(await createReceiver({ signingKey: KEY, ...receiverOptions }));
  const emulator = track(await startEmulator({ retrySchedule: [20, 20] }));
  await emulator.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/webhooks/bird`, signingKey: KEY });
  await emulator.trigger('sms.inbound');
  await emulator.waitForDelivery({ event: 'sms.inbound' }, { timeoutMs: 20_000 });
  await emulator.reset();
  await emulator.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/webhooks/bird`, signingKey: KEY });
  receiver.clear();
  return { receiver, emulator };
}

const post = async (emulator: StartedEmulator, path: string, body?: unknown) => {
  const response = await fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

describe('load tests: the latency accounting', () => {
  it('measures a receiver that sleeps 50 ms as 50 ms, from each scheduled send time', async () => {
    const { receiver, emulator } = await setup({ fallback: { status: 200, body: 'ok', delayMs: 50 } });
    const report = await emulator.loadTest({ event: 'sms.inbound', rate: 20, count: 20, concurrency: 8 });

    expect(report).toMatchObject({
      status: 'finished',
      event: 'sms.inbound',
      api: 'notifications',
      events: { fired: 20, unmatched: 0, unsent: 0 },
      deliveries: { made: 20, succeeded: 20, failed: 0, pending: 0, retries: 0 },
      statusCodes: { '200': 20 },
      errors: { timeout: 0, connection: 0, invalidResponse: 0 },
    });
    // Every delivery reached the receiver, signed as Bird signs.
    expect(receiver.requests).toHaveLength(20);
    expect(receiver.requests.every((r) => r.signatureValid)).toBe(true);
    // 8 slots at 50 ms each take 160/s: the receiver keeps up with 20/s, so latency is its 50 ms
    // (never less), plus the loopback's and a busy machine's milliseconds.
    for (const summary of [report.latencyMs, report.responseMs]) {
      expect(summary.count).toBe(20);
      expect(summary.p50).toBeGreaterThanOrEqual(49);
      expect(summary.p50).toBeLessThan(250);
      expect(summary.max).toBeGreaterThanOrEqual(summary.p99);
    }
    expect(report.latencyMs.p50).toBeGreaterThanOrEqual(report.responseMs.p50 - 1);
    expect(report.rate.asked).toBe(20);
    expect(report.rate.behindPercent).toBeLessThan(25);
  });

  it('reports a rate the receiver cannot keep up with as behind, with latency counted from the schedule', async () => {
    // 2 slots at 100 ms each: at most 20 deliveries/s, asked 100/s.
    const { receiver, emulator } = await setup({ fallback: { status: 200, body: 'ok', delayMs: 100 } });
    const report = await emulator.loadTest({ event: 'sms.inbound', rate: 100, count: 30, concurrency: 2 });

    // Not silently slowed: every event was fired, the rate achieved is the receiver's, and the report says so.
    expect(report.events.fired).toBe(30);
    expect(receiver.requests).toHaveLength(30);
    expect(report.rate.achieved).toBeLessThan(25);
    expect(report.rate.behindPercent).toBeGreaterThan(70);
    expect(report.rate.keptUp).toBe(false);
    // The receiver answers in 100 ms, but the 30th event, due at 0.29 s, could only go at about 1.4 s:
    // the time it waited for a slot counts.
    expect(report.responseMs.p50).toBeLessThan(400);
    expect(report.latencyMs.max).toBeGreaterThan(1000);
    expect(report.latencyMs.p50).toBeGreaterThan(report.responseMs.p50 + 300);
    expect(report.sendLagMs?.max).toBeGreaterThan(900);
  });

  it('counts the events a duration held that were never sent', async () => {
    const { emulator } = await setup({ fallback: { status: 200, body: 'ok', delayMs: 100 } });
    const report = await emulator.loadTest({ event: 'sms.inbound', rate: 100, duration: 0.5, concurrency: 1 });

    expect(report.status).toBe('finished');
    expect(report.events.fired).toBeLessThan(15);
    expect(report.events.fired + report.events.unsent).toBe(50);
    expect(report.rate.keptUp).toBe(false);
  });

  it('keeps a sample in the history and counts the rest', async () => {
    const { emulator } = await setup();
    const report = await emulator.loadTest({ event: 'sms.inbound', count: 250, concurrency: 16, recordEvery: 100 });

    expect(report.events).toMatchObject({ fired: 250, recorded: 3 });
    expect(report.deliveries.succeeded).toBe(250);
    expect(report.rate.asked).toBeUndefined();
    expect(report.rate.achieved).toBeGreaterThan(0);
    // The 1st, 101st and 201st events, with their deliveries, as any fired event is recorded.
    const deliveries = emulator.deliveries();
    expect(deliveries).toHaveLength(3);
    expect(deliveries.every((d) => d.status === 'succeeded' && d.attempts.length === 1)).toBe(true);
    expect(emulator.emulator.history.events().map((e) => e.source)).toEqual(['loadtest', 'loadtest', 'loadtest']);
  });
});

describe('load tests: what the receiver answered', () => {
  it('counts status codes, timeouts and connection errors, one attempt each unless retries are asked', async () => {
    const { emulator } = await setup({
      respond: ({ rawBody }) => (rawBody.length % 2 === 0 ? { status: 503 } : undefined),
    });
    const dead = await deadPort();
    await emulator.subscribe({ service: 'channels', event: 'sms.inbound', url: `http://127.0.0.1:${dead}/gone`, signingKey: KEY });
    const report = await emulator.loadTest({ event: 'sms.inbound', count: 40, concurrency: 8 });

    expect(report.deliveries).toMatchObject({ made: 80, pending: 0, retries: 0 });
    expect(report.errors.connection).toBe(40);
    const answered = (report.statusCodes['200'] ?? 0) + (report.statusCodes['503'] ?? 0);
    expect(answered).toBe(40);
    expect(report.deliveries.succeeded).toBe(report.statusCodes['200'] ?? 0);
    expect(report.deliveries.failed).toBe(80 - report.deliveries.succeeded);
    expect(report.latencyMs.count).toBe(40);
  });

  it('counts attempts that got no answer in time as timeouts', async () => {
    const receiver = track(await createReceiver({ fallback: { hang: true } }));
    const emulator = track(await startEmulator({ attemptTimeoutMs: 100 }));
    await emulator.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/slow` });
    const report = await emulator.loadTest({ event: 'sms.inbound', count: 3 });

    expect(report.errors).toEqual({ timeout: 3, connection: 0, invalidResponse: 0 });
    expect(report.deliveries.failed).toBe(3);
    expect(report.latencyMs.count).toBe(0);
  });

  it('follows the retry schedule when asked', async () => {
    const seen = new Set<string>();
    const { emulator } = await setup({
      // The first attempt of every delivery fails.
      respond: ({ headers }) => {
        const id = String(headers['messagebird-request-id']);
        if (seen.has(id)) return undefined;
        seen.add(id);
        return { status: 500 };
      },
    });
    const report = await emulator.loadTest({ event: 'sms.inbound', count: 20, concurrency: 4, retries: true });

    expect(report.deliveries).toMatchObject({ made: 20, succeeded: 20, failed: 0, retries: 20 });
    expect(report.statusCodes).toEqual({ '200': 20, '500': 20 });
  });
});

describe('load tests: both Bird APIs', () => {
  it('sends platform API events to an endpoint, signed with Standard Webhooks', async () => {
    const emulator = track(await startEmulator());
    const created = await fetch(`${emulator.url}/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emulator.platform.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'http://127.0.0.1:9/placeholder', events: ['email.delivered'] }),
    });
    const { id, secret } = (await created.json()) as { id: string; secret: string };
    const receiver = track(await createReceiver({ secret }));
    const patched = await fetch(`${emulator.url}/v1/webhooks/${id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${emulator.platform.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${receiver.url}/platform` }),
    });
    expect(patched.status).toBe(200);

    const report = await emulator.loadTest({ event: 'email.delivered', workspaceId: emulator.platform.workspaceId, count: 30 });

    expect(report).toMatchObject({ api: 'platform', events: { fired: 30 }, deliveries: { succeeded: 30 } });
    expect(receiver.requests).toHaveLength(30);
    expect(receiver.requests.every((r) => r.scheme === 'standard-webhooks' && r.signatureValid)).toBe(true);
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size).toBe(30);
  });
});

describe('POST /_emulator/loadtest', () => {
  it('answers the report when the run ends, and GET shows it afterwards', async () => {
    const { emulator } = await setup();
    const { status, body } = await post(emulator, '/_emulator/loadtest', { event: 'sms.inbound', count: 10 });
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'finished', events: { fired: 10 }, deliveries: { succeeded: 10 } });
    const latest = await fetch(`${emulator.url}/_emulator/loadtest`);
    expect(await latest.json()).toEqual(body);
  });

  it('refuses an unbounded run, an unknown event and an event nobody receives, with a 422 naming the field', async () => {
    const { emulator } = await setup();
    const unbounded = await post(emulator, '/_emulator/loadtest', { event: 'sms.inbound', rate: 10 });
    expect(unbounded.status).toBe(422);
    expect(unbounded.body.details['.body.count']?.[0]).toMatch(/bounded/);
    const unknown = await post(emulator, '/_emulator/loadtest', { event: 'sms.nothing', count: 1 });
    expect(unknown.status).toBe(422);
    const nobody = await post(emulator, '/_emulator/loadtest', { event: 'sms.outbound', count: 1 });
    expect(nobody.status).toBe(422);
    expect(nobody.body.message).toMatch(/No subscription receives sms\.outbound/);
    const nobodyInWorkspace = await post(emulator, '/_emulator/loadtest', {
      event: 'sms.inbound',
      workspaceId: '00000000-0000-4000-8000-00000000dead',
      count: 1,
    });
    expect(nobodyInWorkspace.status).toBe(422);
  });

  it('stops on POST /_emulator/loadtest/stop, answering both requests with the partial report', async () => {
    const { emulator } = await setup();
    expect((await fetch(`${emulator.url}/_emulator/loadtest`)).status).toBe(404);
    expect((await post(emulator, '/_emulator/loadtest/stop')).status).toBe(409);

    const running = post(emulator, '/_emulator/loadtest', { event: 'sms.inbound', rate: 50, duration: 60 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await post(emulator, '/_emulator/loadtest', { event: 'sms.inbound', count: 1 });
    expect(second.status).toBe(409);
    const progress = (await (await fetch(`${emulator.url}/_emulator/loadtest`)).json()) as LoadTestReport;
    expect(progress.status).toBe('running');

    const stopped = await post(emulator, '/_emulator/loadtest/stop');
    const { status, body } = await running;
    expect(stopped.status).toBe(200);
    expect(status).toBe(200);
    expect(body).toEqual(stopped.body);
    expect(body.status).toBe('stopped');
    expect(body.events.fired).toBeGreaterThan(5);
    expect(body.events.fired).toBeLessThan(500);
    expect(body.events.unsent).toBe(0);
    expect(body.deliveries.succeeded + body.deliveries.failed).toBe(body.deliveries.made);
  });

  it('announces itself on the live log: started, progress every second, finished', async () => {
    const { emulator } = await setup();
    const frames: string[] = [];
    emulator.emulator.live.subscribe((_json, frame) => {
      if (frame.type.startsWith('loadtest.')) frames.push(frame.type);
    });
    await emulator.loadTest({ event: 'sms.inbound', rate: 20, duration: 1.2 });
    expect(frames[0]).toBe('loadtest.started');
    expect(frames).toContain('loadtest.progress');
    expect(frames[frames.length - 1]).toBe('loadtest.finished');
  });
});
