import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock/clock.js';
import { createReceiver } from '../../src/harness/receiver.js';
import { startTestEmulator } from '../helpers/emulator-server.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((thing) => thing.close()));
});

/** The wall clock, counting the timers that are set and not yet fired or cancelled. */
function countingClock(): Clock & { live: Set<NodeJS.Timeout> } {
  const live = new Set<NodeJS.Timeout>();
  return {
    live,
    now: () => Date.now(),
    setTimer(callback, delayMs) {
      const timer = setTimeout(
        () => {
          live.delete(timer);
          callback();
        },
        Math.max(0, delayMs),
      );
      timer.unref();
      live.add(timer);
      return () => {
        clearTimeout(timer);
        live.delete(timer);
      };
    },
  };
}

describe('closing the emulator', () => {
  it('waits for the attempt in flight and leaves no retry timer behind', async () => {
    const receiver = await createReceiver({ fallback: { status: 500, delayMs: 150 } });
    open.push(receiver);
    const clock = countingClock();
    const emu = await startTestEmulator({ retrySchedule: [60_000] }, { deps: { clock } });
    open.push(emu);
    await emu.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/slow` });
    const fired = await emu.fire({ event: 'sms.inbound' });
    await receiver.waitForRequests(1);

    await emu.close();
    const delivery = emu.emulator.history.getDelivery(fired.deliveries[0]?.id as string);
    // The attempt finished and its retry stays owed in the records…
    expect(delivery?.attempts).toHaveLength(1);
    expect(delivery?.status).toBe('pending');
    expect(delivery?.nextAttemptAt).toEqual(expect.any(String));
    // …but this closed emulator holds no timer for it.
    expect(clock.live.size).toBe(0);
  });
});
