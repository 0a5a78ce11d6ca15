import type { LoadTestReport } from '../../src/views/load-test-views.js';
import type { ThroughputRun } from './baseline.js';
import { startCpuMeter } from './cpu.js';
import { BENCH_EVENT, createWorkspace, fire, type BenchApi, type EmulatorTarget, type Workspace } from './emulator-target.js';
import { checkLedger } from './ledger.js';
import type { BenchReceiver } from './receiver.js';
import { nowNs, percentile } from './stats.js';

export interface ThroughputOptions {
  /** Subscriptions (or endpoints) each event reaches. */
  subscriptions: number;
  /** Workspaces (each with its own subscriptions) the events rotate through. */
  workspaces: number;
  /** At most 1000, the most `GET /_emulator/deliveries` lists per subscription for the ledger. */
  eventsPerWorkspace: number;
  concurrency: number;
  /** @default 'notifications' */
  api?: BenchApi;
}

/**
 * Fires events through `POST /_emulator/events`, `concurrency` requests in flight, and counts
 * deliveries per second from the first fire to the receiver's last arrival.
 */
export async function runThroughput(target: EmulatorTarget, receiver: BenchReceiver, options: ThroughputOptions): Promise<ThroughputRun> {
  const workspaces: Workspace[] = [];
  for (let i = 0; i < options.workspaces; i++) {
    workspaces.push(await createWorkspace(target, receiver, options.subscriptions, options.api));
  }
  const events = options.workspaces * options.eventsPerWorkspace;
  const fired = events * options.subscriptions;
  await receiver.reset();
  const cpu = await startCpuMeter(receiver, target);
  let next = 0;
  let matched = 0;
  const worker = async () => {
    while (next < events) {
      const workspace = workspaces[next++ % workspaces.length] as Workspace;
      const answer = await fire(target, workspace);
      matched += answer.matched;
    }
  };
  const started = nowNs();
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const stats = await receiver.waitFor(fired);
  const cpuUsed = await cpu.perDelivery(stats, fired);
  const label = `${options.api ?? 'notifications'}, ${options.subscriptions} subscriber(s)`;
  const problems = await checkLedger(
    label,
    target,
    stats,
    workspaces.flatMap((w) => w.subscriptionIds),
    fired,
  );
  if (matched !== fired) problems.push(`${label}: ${events} events should reach ${fired} subscribers, the emulator matched ${matched}`);
  return { perSecond: fired / ((stats.lastAt - started) / 1e9), cpu: cpuUsed, problems };
}

/**
 * The bare relay (relay-process.mjs) under the same load as `runThroughput` with one subscription:
 * `concurrency` fire requests in flight, each relayed to the receiver as one signed delivery.
 */
export async function runRelay(
  relay: EmulatorTarget,
  receiver: BenchReceiver,
  { events, concurrency }: { events: number; concurrency: number },
) {
  await receiver.reset();
  const cpu = await startCpuMeter(receiver, relay);
  let next = 0;
  const worker = async () => {
    while (next++ < events) await relay.client.post('/fire', BENCH_EVENT.notifications);
  };
  const started = nowNs();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const stats = await receiver.waitFor(events);
  const cpuUsed = await cpu.perDelivery(stats, events);
  const problems =
    stats.received === events && stats.verified === events
      ? []
      : [`relay: relayed ${events}, the receiver got ${stats.received} (${stats.verified} verified, ${stats.rejected} rejected)`];
  return { perSecond: events / ((stats.lastAt - started) / 1e9), cpu: cpuUsed, problems } satisfies ThroughputRun;
}

export interface LoadModeRun extends ThroughputRun {
  report: LoadTestReport;
}

/**
 * A load test of `events` events into `workspace` (`POST /_emulator/loadtest`, no rate: as fast as
 * `concurrency` deliveries in flight allow), counted like the baseline: from the request to the
 * receiver's last arrival. `onRss` is called with the emulator's RSS every `rssEveryMs` meanwhile.
 */
export async function runLoadMode(
  target: EmulatorTarget,
  receiver: BenchReceiver,
  workspace: Workspace,
  {
    events,
    concurrency,
    rssEveryMs = 0,
    onRss,
  }: { events: number; concurrency: number; rssEveryMs?: number; onRss?: (rss: number) => void },
): Promise<LoadModeRun> {
  await receiver.reset();
  const cpu = await startCpuMeter(receiver, target);
  let sampling = rssEveryMs > 0 && onRss !== undefined;
  const sampler = (async () => {
    while (sampling) {
      onRss?.(await target.rss());
      await new Promise((resolve) => setTimeout(resolve, rssEveryMs));
    }
  })();
  const started = nowNs();
  const report = await target.client.post<LoadTestReport>('/_emulator/loadtest', {
    ...BENCH_EVENT[workspace.api],
    workspaceId: workspace.workspaceId,
    count: events,
    concurrency,
  });
  sampling = false;
  await sampler;
  const deliveries = events * workspace.subscriptionIds.length;
  const stats = await receiver.waitFor(deliveries);
  const cpuUsed = await cpu.perDelivery(stats, deliveries);
  const problems: string[] = [];
  if (report.deliveries.succeeded !== deliveries || stats.received !== deliveries || stats.verified !== deliveries) {
    problems.push(
      `load mode: ${events} events should make ${deliveries} deliveries; the emulator reports ${report.deliveries.succeeded} succeeded, ` +
        `${report.deliveries.failed} failed, the receiver got ${stats.received} (${stats.verified} verified)`,
    );
  }
  return { perSecond: deliveries / ((stats.lastAt - started) / 1e9), cpu: cpuUsed, problems, report };
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
  const workspace = await createWorkspace(target, receiver, 1);
  await receiver.reset({ arrivals: true });
  const sentAt = new Map<string, number>();
  const requests: Promise<void>[] = [];
  const interval = 1e9 / ratePerSecond;
  const start = nowNs();
  for (let i = 0; i < events; i++) {
    const wait = (start + i * interval - nowNs()) / 1e6;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const t0 = nowNs();
    requests.push(
      fire(target, workspace).then(({ deliveries }) => {
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
