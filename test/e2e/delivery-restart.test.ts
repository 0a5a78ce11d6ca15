import { afterEach, describe, expect, it } from 'vitest';
import { createReceiver } from '../../src/harness/receiver.js';
import { startTestEmulator, tempDir, type TestEmulator } from '../helpers/emulator-server.js';

const SAME_ON_RETRY = ['messagebird-request-id', 'messagebird-signature', 'messagebird-request-timestamp'];
const open: { close(): Promise<void> }[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.allSettled(open.splice(0).map((thing) => thing.close()));
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Resolves when the emulator has recorded a failed attempt and scheduled its retry. */
const retryScheduled = (emu: TestEmulator) =>
  new Promise<string>((resolve) => {
    const stop = emu.emulator.onActivity((activity) => {
      if (activity.type !== 'delivery.retry_scheduled') return;
      stop();
      resolve(activity.nextAttemptAt);
    });
  });

async function firstRunThatFails(retrySchedule: number[]) {
  const dir = await tempDir();
  cleanups.push(dir.remove);
  const receiver = await createReceiver({ fail: [{ status: 500, body: 'down for maintenance' }] });
  open.push(receiver);
  const options = { storage: 'file' as const, dataDir: dir.path, retrySchedule };
  const first = await startTestEmulator(options);
  open.push(first);
  await first.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/hook`, signingKey: 'restart-key' });
  const scheduled = retryScheduled(first);
  const fired = await first.fire({ event: 'sms.inbound' });
  const nextAttemptAt = await scheduled;
  await first.close();
  return { receiver, options, deliveryId: fired.deliveries[0]?.id as string, nextAttemptAt };
}

describe('pending retries across a restart (file storage)', () => {
  it('are sent on schedule by the next run, with the same request id and signature', async () => {
    const { receiver, options, deliveryId, nextAttemptAt } = await firstRunThatFails([300]);
    expect(receiver.requests).toHaveLength(1);

    const second = await startTestEmulator(options);
    open.push(second);
    expect(second.emulator.history.getDelivery(deliveryId)).toMatchObject({ status: 'pending', nextAttemptAt });
    const delivery = await second.settled(deliveryId);

    expect(receiver.requests).toHaveLength(2);
    const [before, after] = receiver.requests;
    for (const name of SAME_ON_RETRY) expect(after?.headers[name], name).toBe(before?.headers[name]);
    expect(after?.headers['messagebird-request-id']).toBe(deliveryId);
    expect(after?.rawBody.equals(before?.rawBody as Buffer)).toBe(true);
    // Not early: the retry waited for the time the first run had scheduled.
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(nextAttemptAt));
    expect(delivery.status).toBe('succeeded');
    expect(delivery.attempts.map((a) => [a.attemptNumber, a.response?.status])).toEqual([
      [1, 500],
      [2, 200],
    ]);
    expect((await second.api.get(`/_emulator/deliveries/${deliveryId}`)).body.attempts[0].response.body).toBe('down for maintenance');
  });

  it('are sent at start when they fell due while the emulator was down', async () => {
    const { receiver, options, deliveryId, nextAttemptAt } = await firstRunThatFails([50]);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(nextAttemptAt) - Date.now()) + 100));
    expect(receiver.requests).toHaveLength(1);

    const second = await startTestEmulator(options);
    open.push(second);
    const delivery = await second.settled(deliveryId, 2_000);
    expect(delivery.status).toBe('succeeded');
    expect(receiver.requests[1]?.headers['messagebird-signature']).toBe(receiver.requests[0]?.headers['messagebird-signature']);
  });
});
