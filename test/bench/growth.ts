import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Attempt } from '../../src/domain/delivery.js';
import { createEmulator } from '../../src/emulator.js';
import { createWorkspace, fire, ORGANIZATION_ID, startEmulatorTarget } from './emulator-target.js';
import { checkLedger } from './ledger.js';
import type { BenchReceiver } from './receiver.js';
import { SIGNING_KEY } from './receiver.js';
import { median, nowNs } from './stats.js';

/** Large enough that nothing of the seeded history is evicted. */
export const GROWTH_HISTORY_LIMIT = 200_000;

/**
 * Seeds `count` deliveries into the file store at `dataDir` through the emulator's own event
 * service, in this process, with a sender that answers 200 as the receiver does: the journal holds
 * exactly what a real run writes, without waiting for `count` HTTP round trips.
 */
export async function seedHistory(dataDir: string, count: number): Promise<void> {
  const send = async ({ attemptNumber, destination }: { attemptNumber: number; destination: string }): Promise<Attempt> => ({
    attemptNumber,
    destination,
    startedAt: new Date().toISOString(),
    durationMs: 0.4,
    outcome: 'succeeded',
    response: {
      status: 200,
      headers: {
        'content-type': 'text/plain',
        date: new Date().toUTCString(),
        connection: 'keep-alive',
        'keep-alive': 'timeout=30',
        'content-length': '2',
      },
      body: 'ok',
      bodyTruncated: false,
    },
  });
  const emulator = await createEmulator({ storage: 'file', dataDir, historyLimit: GROWTH_HISTORY_LIMIT }, { send });
  const workspaceId = '00000000-0000-4000-8000-000000005eed';
  await emulator.notifications.subscriptions.create(
    { organizationId: ORGANIZATION_ID, workspaceId },
    { service: 'channels', event: 'sms.inbound', url: 'http://127.0.0.1:9/seed', signingKey: SIGNING_KEY },
  );
  for (let done = 0; done < count;) {
    const batch = Math.min(500, count - done);
    await Promise.all(
      Array.from({ length: batch }, () => emulator.firing.fire({ event: 'sms.inbound', service: 'channels', workspaceId })),
    );
    await emulator.idle();
    done += batch;
  }
  await emulator.close();
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(join(dir, name))).size;
  return total;
}

export interface GrowthRun {
  /** Milliseconds from spawn to ready, the seeded history loaded. */
  loadMs: number;
  /** Median wall time per event (fire to receiver), events fired `concurrency` at a time. */
  usPerEvent: number;
  /** Median bytes the data folder grew by per event. */
  bytesPerEvent: number;
  /** The emulator process's RSS after the batches, in bytes. */
  rss: number;
  problems: string[];
}

/** Loads the seeded folder in an emulator process and measures batches of `events` events. */
export async function measureGrowth(
  dataDir: string,
  receiver: BenchReceiver,
  {
    events,
    runs,
    concurrency,
    historyLimit = GROWTH_HISTORY_LIMIT,
  }: {
    events: number;
    runs: number;
    concurrency: number;
    /** 'default': the emulator's own default retention. */
    historyLimit?: number | 'default';
  },
): Promise<GrowthRun> {
  const started = nowNs();
  const target = await startEmulatorTarget({ storage: 'file', dataDir, ...(historyLimit !== 'default' && { historyLimit }) });
  const loadMs = (nowNs() - started) / 1e6;
  const problems: string[] = [];
  const times: number[] = [];
  const bytes: number[] = [];
  const batch = async () => {
    const workspace = await createWorkspace(target, receiver, 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = await folderBytes(dataDir);
    await receiver.reset();
    let next = 0;
    const t0 = nowNs();
    const worker = async () => {
      while (next++ < events) await fire(target, workspace);
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const stats = await receiver.waitFor(events);
    problems.push(...(await checkLedger('growth', target, stats, workspace.subscriptionIds, events)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { us: (stats.lastAt - t0) / 1e3 / events, bytes: ((await folderBytes(dataDir)) - before) / events };
  };
  try {
    await batch(); // warm-up: connections, JIT
    for (let i = 0; i < runs; i++) {
      const { us, bytes: b } = await batch();
      times.push(us);
      bytes.push(b);
    }
    return { loadMs, usPerEvent: median(times), bytesPerEvent: median(bytes), rss: await target.rss(), problems };
  } finally {
    await target.stop();
  }
}
