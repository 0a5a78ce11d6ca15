import type { ThroughputRun } from './baseline.js';
import { startCpuMeter } from './cpu.js';
import { createWorkspace, fire, type EmulatorTarget, type Workspace } from './emulator-target.js';
import { checkLedger } from './ledger.js';
import type { BenchReceiver } from './receiver.js';
import { nowNs, percentile } from './stats.js';

export interface ThroughputOptions {
  /** Subscriptions each event reaches. */
  subscriptions: number;
  /** Workspaces (each with its own subscriptions) the events rotate through. */
  workspaces: number;
  /** At most 1000, the most `GET /_emulator/deliveries` lists per subscription for the ledger. */
  eventsPerWorkspace: number;
  concurrency: number;
}

/**
 * Fires events through `POST /_emulator/events`, `concurrency` requests in flight, and counts
 * deliveries per second from the first fire to the receiver's last arrival.
 */
export async function runThroughput(target: EmulatorTarget, receiver: BenchReceiver, options: ThroughputOptions): Promise<ThroughputRun> {
  const workspaces: Workspace[] = [];
  for (let i = 0; i < options.workspaces; i++) workspaces.push(await createWorkspace(target, receiver.url, options.subscriptions));
  const events = options.workspaces * options.eventsPerWorkspace;
  const fired = events * options.subscriptions;
  await receiver.reset();
  const cpu = await startCpuMeter(receiver, target);
  let next = 0;
  let matched = 0;
  const worker = async () => {
    while (next < events) {
      const workspace = workspaces[next++ % workspaces.length];
      const answer = await fire(target, workspace?.workspaceId ?? '');
      matched += answer.matched;
    }
  };
  const started = nowNs();
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const stats = await receiver.waitFor(fired);
  const cpuUsed = await cpu.perDelivery(stats, fired);
  const label = `${options.subscriptions} subscription(s)`;
  const problems = await checkLedger(
    label,
    target,
    stats,
    workspaces.flatMap((w) => w.subscriptionIds),
    fired,
  );
  if (matched !== fired) problems.push(`${label}: ${events} events should reach ${fired} subscriptions, the emulator matched ${matched}`);
  return { perSecond: fired / ((stats.lastAt - started) / 1e9), cpu: cpuUsed, problems };
}

export interface LatencyRun {
  p50Ms: number;
  p99Ms: number;
  problems: string[];
}

/** Fires `events` at a fixed rate (open loop) and measures fire request → receiver's first byte. */
export async function runLatency(
  target: EmulatorTarget,
  receiver: BenchReceiver,
  { events, ratePerSecond }: { events: number; ratePerSecond: number },
): Promise<LatencyRun> {
  const workspace = await createWorkspace(target, receiver.url, 1);
  await receiver.reset();
  const sentAt = new Map<string, number>();
  const requests: Promise<void>[] = [];
  const interval = 1e9 / ratePerSecond;
  const start = nowNs();
  for (let i = 0; i < events; i++) {
    const wait = (start + i * interval - nowNs()) / 1e6;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const t0 = nowNs();
    requests.push(
      fire(target, workspace.workspaceId).then(({ deliveries }) => {
        for (const d of deliveries) sentAt.set(d.id, t0);
      }),
    );
  }
  await Promise.all(requests);
  const stats = await receiver.waitFor(events);
  const problems = await checkLedger('latency', target, stats, workspace.subscriptionIds, events);
  const arrivals = await receiver.arrivals();
  const latencies = [...sentAt].map(([id, t0]) => ((arrivals[id] ?? Number.NaN) - t0) / 1e6).filter(Number.isFinite);
  if (latencies.length !== events) problems.push(`latency: ${events} fired, ${latencies.length} matched to an arrival`);
  return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), problems };
}
