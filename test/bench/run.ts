// npm run bench [-- --quick]: the emulator against the raw loopback limit of this machine, in one run.
// Prints a table of medians; exits 1 (the run is VOID) when any ledger does not balance.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_HISTORY_LIMIT } from '../../src/config.js';
import { runBaseline, type ThroughputRun } from './baseline.js';
import type { CpuPerDelivery } from './cpu.js';
import {
  runLatency,
  runLoadMode,
  runRelay,
  runThroughput,
  type LatencyRun,
  type LoadModeRun,
  type ThroughputOptions,
} from './emulator-load.js';
import { createWorkspace, startEmulatorTarget, startRelayTarget, type EmulatorTarget } from './emulator-target.js';
import { GROWTH_HISTORY_LIMIT, measureGrowth, seedHistory, type GrowthRun } from './growth.js';
import { startReceiver } from './receiver.js';
import { formatTable, median, round, type Row } from './stats.js';
import { measureStartup } from './startup.js';

const quick = process.argv.includes('--quick');
const PLAN = quick
  ? {
      runs: 3,
      baseline: 2000,
      eventsPerWorkspace: 200,
      latencyEvents: 100,
      startupRuns: 5,
      growth: [1_000, 10_000],
      growthEvents: 300,
      loadRssEvents: 50_000,
    }
  : {
      runs: 5,
      baseline: 6000,
      eventsPerWorkspace: 1000,
      latencyEvents: 1000,
      startupRuns: 10,
      growth: [1_000, 100_000],
      growthEvents: 1000,
      loadRssEvents: 1_000_000,
    };
const CONCURRENCY = 32;
const RATE = 100;

const problems: string[] = [];
const startedAt = performance.now();
const progress = (text: string) => console.log(`[${((performance.now() - startedAt) / 1000).toFixed(1)} s] ${text}`);
const rows: Row[] = [];
const ms = (value: number) => `${round(value)} ms`;
const perSecond = (value: number) => `${Math.round(value)}/s`;
const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
const collect = <T extends { problems: string[] }>(run: T): T => {
  problems.push(...run.problems);
  return run;
};

/** Median CPU µs per delivery of each process: what the two cores were spent on. */
const cpuNote = (runs: readonly ThroughputRun[]): string => {
  const us = (pick: (cpu: CpuPerDelivery) => number | undefined) => Math.round(median(runs.map((r) => pick(r.cpu) ?? Number.NaN)));
  const emulator = runs.some((r) => r.cpu.emulator !== undefined) ? `emulator ${us((c) => c.emulator)}, ` : '';
  return `CPU µs/delivery: ${emulator}receiver ${us((c) => c.receiver)}, ${emulator ? 'load generator' : 'client'} ${us((c) => c.client)}`;
};

const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`bench${quick ? ' --quick' : ''}: ${cpus().length} cores, ${cpus()[0]?.model ?? '?'}, node ${process.version}`);
console.log(`load average at start: ${loadAverage()} (the figures compare only on an otherwise idle machine)`);
progress('npm run build …');
execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });

const receiver = await startReceiver();
const dataDirs: string[] = [];
const targets: EmulatorTarget[] = [];
try {
  // Throughput: the baseline, load mode, the bare relay and the emulator variants interleaved run by
  // run, so a slower moment of a shared machine weighs on all of them alike.
  const fileDir = await mkdtemp(join(tmpdir(), 'bench-file-'));
  dataDirs.push(fileDir);
  const memory = await startEmulatorTarget({ storage: 'memory' });
  targets.push(memory);
  const file = await startEmulatorTarget({ storage: 'file', dataDir: fileDir });
  targets.push(file);
  const relay = await startRelayTarget(`${receiver.url}/relay`);
  targets.push(relay);
  const loadWorkspace = await createWorkspace(memory, receiver, 1);
  const oneSub: ThroughputOptions = {
    subscriptions: 1,
    workspaces: 3,
    eventsPerWorkspace: PLAN.eventsPerWorkspace,
    concurrency: CONCURRENCY,
  };
  const fiveSubs: ThroughputOptions = {
    subscriptions: 5,
    workspaces: 1,
    eventsPerWorkspace: PLAN.eventsPerWorkspace,
    concurrency: CONCURRENCY,
  };
  const HTTP_FIRE = 'memory, 1 subscription';
  const PLATFORM = 'platform API, memory, 1 endpoint';
  const variants = [
    { name: HTTP_FIRE, target: memory, options: oneSub, min: 0.5 },
    { name: PLATFORM, target: memory, options: { ...oneSub, api: 'platform' as const } },
    { name: 'memory, 5 subscriptions', target: memory, options: fiveSubs, min: 0.5 },
    { name: 'file, 1 subscription', target: file, options: oneSub, min: 0.4 },
    { name: 'file, 5 subscriptions', target: file, options: fiveSubs, min: 0.4 },
  ];
  const relayEvents = oneSub.workspaces * oneSub.eventsPerWorkspace;
  const loadOptions = { events: PLAN.baseline, concurrency: CONCURRENCY };
  progress('throughput: warm-up …');
  await runBaseline(receiver, { concurrency: CONCURRENCY, total: PLAN.baseline });
  await runLoadMode(memory, receiver, loadWorkspace, loadOptions);
  await runRelay(relay, receiver, { events: relayEvents, concurrency: CONCURRENCY });
  for (const v of variants) await runThroughput(v.target, receiver, { ...v.options, workspaces: 1, eventsPerWorkspace: 200 });
  const baseline: ThroughputRun[] = [];
  const loadMode: LoadModeRun[] = [];
  const relayed: ThroughputRun[] = [];
  const throughput = new Map<string, ThroughputRun[]>(variants.map((v) => [v.name, []]));
  for (let i = 0; i < PLAN.runs; i++) {
    progress(`throughput: run ${i + 1}/${PLAN.runs} …`);
    baseline.push(collect(await runBaseline(receiver, { concurrency: CONCURRENCY, total: PLAN.baseline })));
    loadMode.push(collect(await runLoadMode(memory, receiver, loadWorkspace, loadOptions)));
    relayed.push(collect(await runRelay(relay, receiver, { events: relayEvents, concurrency: CONCURRENCY })));
    for (const v of variants) throughput.get(v.name)?.push(collect(await runThroughput(v.target, receiver, v.options)));
  }
  const limit = median(baseline.map((r) => r.perSecond));
  rows.push({
    section: 'throughput',
    metric: `baseline: undici + keep-alive, signing, ${CONCURRENCY} in flight`,
    value: perSecond(limit),
    note: cpuNote(baseline),
  });
  const loadRate = median(loadMode.map((r) => r.perSecond));
  rows.push({
    section: 'throughput',
    metric: `load mode: loadtest sms.inbound, 1 subscription, ${CONCURRENCY} in flight`,
    value: `${perSecond(loadRate)} (${round(loadRate / limit, 2)}×)`,
    target: '≥ 0.8× baseline',
    met: loadRate / limit >= 0.8,
    note: `${cpuNote(loadMode)}; its own report: ${perSecond(median(loadMode.map((r) => r.report.rate.deliveriesPerSecond)))}`,
  });
  const relayRate = median(relayed.map((r) => r.perSecond));
  const relayCpu = median(relayed.map((r) => r.cpu.emulator ?? Number.NaN));
  rows.push({
    section: 'throughput',
    metric: `bare relay (relay-process.mjs): ${CONCURRENCY} fires in flight`,
    value: perSecond(relayRate),
    note: cpuNote(relayed).replace('emulator', 'relay'),
  });
  const byName = (name: string) => throughput.get(name) ?? [];
  const fireRate = median(byName(HTTP_FIRE).map((r) => r.perSecond));
  const fireCpu = median(byName(HTTP_FIRE).map((r) => r.cpu.emulator ?? Number.NaN));
  rows.push(
    {
      section: 'throughput',
      metric: `HTTP fire path (${HTTP_FIRE}) vs bare relay: deliveries/s`,
      value: `${perSecond(fireRate)} (${round(fireRate / relayRate, 2)}×)`,
      target: '≥ 0.8× relay',
      met: fireRate / relayRate >= 0.8,
      note: cpuNote(byName(HTTP_FIRE)),
    },
    {
      section: 'throughput',
      metric: 'HTTP fire path vs bare relay: CPU µs per delivery',
      value: `${Math.round(fireCpu)} vs ${Math.round(relayCpu)} µs (${round(fireCpu / relayCpu, 2)}×)`,
      target: '≤ 1.3× relay',
      met: fireCpu / relayCpu <= 1.3,
      note: 'the emulator process against the relay process',
    },
  );
  const platformRate = median(byName(PLATFORM).map((r) => r.perSecond));
  rows.push({
    section: 'throughput',
    metric: `${PLATFORM}: email.delivered, ${CONCURRENCY} fires in flight`,
    value: `${perSecond(platformRate)} (${round(platformRate / fireRate, 2)}× the Notifications API row)`,
    // Issue 14's "within 10%" read as "no more than 10% slower": the second API must not cost more
    // than the first; its event (email.delivered) is smaller than sms.inbound, so it may well be faster.
    target: '≥ 0.9× of it',
    met: platformRate / fireRate >= 0.9,
    note: cpuNote(byName(PLATFORM)),
  });
  for (const v of variants) {
    if (v.min === undefined) continue;
    const runs = byName(v.name);
    const value = median(runs.map((r) => r.perSecond));
    rows.push({
      section: 'throughput',
      metric: `${v.name}, ${CONCURRENCY} fires in flight`,
      value: `${perSecond(value)} (${round(value / limit, 2)}×)`,
      target: `≥ ${v.min}× baseline`,
      met: value / limit >= v.min,
      note: cpuNote(runs),
    });
  }

  progress(`latency at ${RATE} events/s …`);
  const latency = new Map<EmulatorTarget, LatencyRun[]>([
    [memory, []],
    [file, []],
  ]);
  for (let i = 0; i < PLAN.runs; i++) {
    for (const target of [memory, file])
      latency.get(target)?.push(collect(await runLatency(target, receiver, { events: PLAN.latencyEvents, ratePerSecond: RATE })));
  }
  for (const [name, target, max] of [
    ['memory', memory, 10],
    ['file', file, 20],
  ] as const) {
    const runs = latency.get(target) ?? [];
    const p99 = median(runs.map((r) => r.p99Ms));
    rows.push({ section: 'latency', metric: `${name}: fire → receiver first byte, p50`, value: ms(median(runs.map((r) => r.p50Ms))) });
    rows.push({
      section: 'latency',
      metric: `${name}: fire → receiver first byte, p99`,
      value: ms(p99),
      target: `< ${max} ms`,
      met: p99 < max,
    });
  }
  await Promise.all(targets.splice(0).map((t) => t.stop()));

  // Memory under load mode: a fresh emulator, one subscription, PLAN.loadRssEvents events as fast as
  // the receiver takes them, its RSS read every 250 ms.
  progress(`load mode: ${PLAN.loadRssEvents.toLocaleString('en')} events, RSS sampled …`);
  const loadTarget = await startEmulatorTarget({ storage: 'memory' });
  targets.push(loadTarget);
  const idleRss = await loadTarget.rss();
  let peakRss = idleRss;
  const rssWorkspace = await createWorkspace(loadTarget, receiver, 1);
  const rssRun = collect(
    await runLoadMode(loadTarget, receiver, rssWorkspace, {
      events: PLAN.loadRssEvents,
      concurrency: CONCURRENCY,
      rssEveryMs: 250,
      onRss: (rss) => (peakRss = Math.max(peakRss, rss)),
    }),
  );
  peakRss = Math.max(peakRss, await loadTarget.rss());
  rows.push({
    section: 'memory',
    metric: `RSS during a ${PLAN.loadRssEvents.toLocaleString('en')}-event load run (peak)`,
    value: mb(peakRss),
    target: '< 300 MB',
    met: peakRss < 300e6,
    note: `${mb(idleRss)} before it; ${perSecond(rssRun.perSecond)} over ${round(rssRun.report.elapsedMs / 1000)} s, ${rssRun.report.events.recorded} events recorded`,
  });
  await Promise.all(targets.splice(0).map((t) => t.stop()));

  progress('start-up …');
  const startup = await measureStartup(PLAN.startupRuns);
  rows.push(
    {
      section: 'start-up',
      metric: 'node dist/cli/bin.js --port 0 --in-memory → ready line',
      value: ms(startup.cliMs),
      target: '< 500 ms',
      met: startup.cliMs < 500,
    },
    { section: 'start-up', metric: 'bare node:http script → ready line (the floor)', value: ms(startup.bareMs) },
    {
      section: 'start-up',
      metric: 'await startEmulator() in-process',
      value: ms(startup.inProcessMs),
      target: '< 50 ms',
      met: startup.inProcessMs < 50,
    },
  );

  const growth: [number, GrowthRun][] = [];
  let retained: GrowthRun | undefined;
  for (const size of PLAN.growth) {
    progress(`growth: seeding ${size} deliveries …`);
    const dir = await mkdtemp(join(tmpdir(), 'bench-growth-'));
    dataDirs.push(dir);
    await seedHistory(dir, size);
    progress(`growth: measuring with ${size} recorded …`);
    const options = { events: PLAN.growthEvents, runs: PLAN.runs, concurrency: CONCURRENCY };
    growth.push([size, collect(await measureGrowth(dir, receiver, options))]);
    if (size === PLAN.growth[PLAN.growth.length - 1]) {
      progress(`growth: the same folder at the default retention …`);
      retained = collect(await measureGrowth(dir, receiver, { ...options, runs: 1, historyLimit: 'default' }));
    }
    await rm(dir, { recursive: true, force: true });
  }
  for (const [size, run] of growth) {
    const label = `${size.toLocaleString('en')} recorded`;
    rows.push(
      { section: 'growth', metric: `${label}: load (spawn → ready)`, value: ms(run.loadMs) },
      {
        section: 'growth',
        metric: `${label}: wall time per fired event`,
        value: `${Math.round(run.usPerEvent)} µs`,
        note: `file store, ${CONCURRENCY} in flight, batches of ${PLAN.growthEvents}`,
      },
      { section: 'growth', metric: `${label}: bytes appended per fired event`, value: `${Math.round(run.bytesPerEvent)} B` },
    );
  }
  const [small, large] = [growth[0], growth[growth.length - 1]];
  if (small && large) {
    const ratio = large[1].usPerEvent / small[1].usPerEvent;
    const label = large[0].toLocaleString('en');
    rows.push(
      {
        section: 'growth',
        metric: `time per event, ${label} vs ${small[0].toLocaleString('en')}`,
        value: `${round(ratio, 2)}×`,
        target: '≤ 1.5×',
        met: ratio <= 1.5,
      },
      {
        section: 'growth',
        metric: `RSS after ${label} deliveries, all kept`,
        value: mb(large[1].rss),
        note: `emulator process, historyLimit ${GROWTH_HISTORY_LIMIT.toLocaleString('en')}`,
      },
    );
    if (retained) {
      rows.push({
        section: 'growth',
        metric: `RSS after ${label} deliveries, default retention`,
        value: mb(retained.rss),
        target: '< 300 MB',
        met: retained.rss < 300e6,
        note: `the same folder, historyLimit ${DEFAULT_HISTORY_LIMIT.toLocaleString('en')} (the default)`,
      });
    }
  }
} finally {
  await Promise.allSettled(targets.map((t) => t.stop()));
  await receiver.stop();
  await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
}

console.log(`\n${formatTable(rows)}\n`);
progress(`done; load average at end: ${loadAverage()}`);
if (problems.length > 0) {
  console.log(`VOID: the ledger does not balance (fired ≠ delivered + failed):\n  ${problems.join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log('ledger: every run balanced (fired = delivered + failed, at the receiver and in GET /_emulator/deliveries).');
}
