import { describe, expect, it } from 'vitest';
import { PRODUCTION_RETRY_DELAYS_MS } from '../../src/delivery/retry-schedule.js';
import { createReceiver, startEmulator, VIRTUAL_CLOCK_START, type Receiver } from '../../src/index.js';
import { useCleanup } from '../helpers/cleanup.js';

const track = useCleanup();

const HOURS = 3_600_000;

describe("clock: 'virtual'", () => {
  it('runs the 8-hour production schedule to failed in under a second of real time', async () => {
    const receiver = track(await createReceiver({ fallback: { status: 503 } }));
    const emulator = track(await startEmulator({ clock: 'virtual', retrySchedule: 'production' }));
    await emulator.subscribe({ service: 'channels', event: 'sms.outbound', url: `${receiver.url}/hook`, signingKey: 'k' });
    const realStart = performance.now();
    await emulator.trigger('sms.outbound');
    await emulator.clock.advance(9 * HOURS);
    const delivery = await emulator.waitForDelivery({ status: 'failed' }, { timeoutMs: 1_000 });
    const realMs = performance.now() - realStart;

    expect(delivery.attempts).toHaveLength(PRODUCTION_RETRY_DELAYS_MS.length + 1);
    expect(receiver.requests).toHaveLength(12);
    expect(realMs).toBeLessThan(1_000);
    // Each attempt happened at its scheduled virtual instant: the gaps are the schedule's.
    const starts = delivery.attempts.map((a) => Date.parse(a.startedAt));
    expect(starts.slice(1).map((t, i) => t - (starts[i] as number))).toEqual(PRODUCTION_RETRY_DELAYS_MS);
    expect((starts.at(-1) as number) - (starts[0] as number)).toBeGreaterThan(8 * HOURS);
    // Every retry resent the same signed request.
    const signatures = new Set(receiver.requests.map((r) => r.headers['messagebird-signature']));
    expect(signatures.size).toBe(1);
  });

  it('stands still until advanced, and runs only the retries whose time has come', async () => {
    const receiver = track(await createReceiver({ fail: 2 }));
    const emulator = track(await startEmulator({ clock: 'virtual', retrySchedule: [1000, 5000] }));
    expect(emulator.clock.now()).toBe(VIRTUAL_CLOCK_START);
    await emulator.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/hook` });
    await emulator.trigger('sms.inbound');
    await emulator.waitForDelivery({ attempts: 1, status: 'pending' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.requests).toHaveLength(1);

    await emulator.clock.advance(999);
    expect(receiver.requests).toHaveLength(1);
    await emulator.clock.advance(1);
    expect(receiver.requests).toHaveLength(2);
    await emulator.clock.advance(5000);
    expect(receiver.requests).toHaveLength(3);
    await expect(emulator.waitForDelivery({ status: 'succeeded' }, { timeoutMs: 500 })).resolves.toMatchObject({ status: 'succeeded' });
    expect(emulator.clock.now()).toBe(VIRTUAL_CLOCK_START + 6000);
  });

  it('puts virtual time in timestamps and signatures', async () => {
    const receiver = track(await createReceiver({ signingKey: 'k' }));
    const emulator = track(await startEmulator({ clock: 'virtual', clockStart: '2030-05-01T12:00:00.000Z' }));
    await emulator.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/hook`, signingKey: 'k' });
    await emulator.trigger('sms.inbound');
    const [request] = await receiver.waitForRequests(1);
    expect(request?.headers['messagebird-request-timestamp']).toBe(String(Date.parse('2030-05-01T12:00:00.000Z') / 1000));
    expect(request?.signatureValid).toBe(true);
    expect((request?.body as { payload: { createdAt: string } }).payload.createdAt <= '2030-05-01T12:00:00.000Z').toBe(true);
  });

  it('is refused on the system clock', async () => {
    const emulator = track(await startEmulator());
    await expect(emulator.clock.advance(1000)).rejects.toMatchObject({ code: 'Conflict' });
  });
});

describe('determinism', () => {
  /** One full run: same seed, same virtual clock, same receiver URL. */
  async function run(receiver: Receiver) {
    const emulator = await startEmulator({ seed: 42, clock: 'virtual' });
    try {
      await emulator.subscribe({ service: 'channels', event: 'email.outbound', url: `${receiver.url}/hook`, signingKey: 'k' });
      await emulator.subscribe({ service: 'channels', event: 'whatsapp.interaction', url: `${receiver.url}/hook`, signingKey: 'k2' });
      await emulator.trigger('email.outbound');
      await emulator.trigger('whatsapp.interaction');
      await emulator.waitForDelivery({ event: 'whatsapp.interaction' });
      await emulator.waitForDelivery({ event: 'email.outbound' });
    } finally {
      await emulator.close();
    }
  }

  it('produces byte-identical delivery bodies and signatures in two runs with the same seed and clock', async () => {
    const receiver = track(await createReceiver());
    await run(receiver);
    const first = receiver.requests.map((r) => ({ body: r.rawBody.toString('hex'), headers: pick(r.headers) }));
    receiver.clear();
    await run(receiver);
    const second = receiver.requests.map((r) => ({ body: r.rawBody.toString('hex'), headers: pick(r.headers) }));
    expect(first).toHaveLength(2);
    const byBody = (a: { body: string }, b: { body: string }) => (a.body < b.body ? -1 : 1);
    expect(second.sort(byBody)).toEqual(first.sort(byBody));
  });
});

function pick(headers: Record<string, unknown>) {
  return {
    id: headers['messagebird-request-id'],
    timestamp: headers['messagebird-request-timestamp'],
    signature: headers['messagebird-signature'],
  };
}
