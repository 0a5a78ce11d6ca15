import type { Attempt } from '../domain/delivery.js';
import type { LoadTestInput } from '../domain/load-test-input.js';
import type { LoadTestReport } from '../views/load-test-views.js';
import { createDurationHistogram, type DurationHistogram } from './duration-histogram.js';

/** The state of one load test: what was asked, and counters the report is computed from. */
export interface LoadTestRun {
  id: string;
  input: LoadTestInput;
  api: string;
  startedAt: string;
  /** Real-time origin of the schedule. */
  t0: number;
  fired: number;
  unmatched: number;
  recorded: number;
  unsent: number;
  made: number;
  succeeded: number;
  failed: number;
  skipped: number;
  /** Deliveries unsettled: an attempt in flight or a retry waiting. */
  unsettled: number;
  retries: number;
  dropped: number;
  lastFiredAt: number;
  lastSettledAt: number;
  /** First attempts, from the time the event was due to the response. */
  latency: DurationHistogram;
  /** First attempts, from the request to the response. */
  response: DurationHistogram;
  /** How late each event went out after it was due (with a rate). */
  lag: DurationHistogram;
  statusCodes: Map<number, number>;
  errors: { timeout: number; connection: number; invalidResponse: number };
  /** Deliveries of this run waiting for a retry, which a stop drops. */
  waitingRetry: Set<string>;
  stopping: boolean;
  /** Ends the loop's current wait early (a delivery settled, or a stop). */
  wake: (() => void) | undefined;
}

/** A run that has fired nothing yet, its schedule starting at real time `t0`. */
export function newLoadTestRun(fields: Pick<LoadTestRun, 'id' | 'input' | 'api' | 'startedAt' | 't0'>): LoadTestRun {
  return {
    ...fields,
    fired: 0,
    unmatched: 0,
    recorded: 0,
    unsent: 0,
    made: 0,
    succeeded: 0,
    failed: 0,
    skipped: 0,
    unsettled: 0,
    retries: 0,
    dropped: 0,
    lastFiredAt: fields.t0,
    lastSettledAt: fields.t0,
    latency: createDurationHistogram(),
    response: createDurationHistogram(),
    lag: createDurationHistogram(),
    statusCodes: new Map(),
    errors: { timeout: 0, connection: 0, invalidResponse: 0 },
    waitingRetry: new Set(),
    stopping: false,
    wake: undefined,
  };
}

/** Counts one attempt: its status code or error, and for a first attempt its latency `sinceScheduled` ms. */
export function countAttempt(run: LoadTestRun, attempt: Attempt, sinceScheduled: number): void {
  if (attempt.attemptNumber > 1) run.retries++;
  if (attempt.response) {
    const status = attempt.response.status;
    run.statusCodes.set(status, (run.statusCodes.get(status) ?? 0) + 1);
    if (attempt.attemptNumber === 1) {
      run.latency.record(sinceScheduled);
      run.response.record(attempt.durationMs);
    }
  } else if (attempt.error?.code === 'timeout') run.errors.timeout++;
  else if (attempt.error?.code === 'invalid_response') run.errors.invalidResponse++;
  else run.errors.connection++;
}

/** The run's report at real time `now`. */
export function loadTestReport(run: LoadTestRun, status: LoadTestReport['status'], now: number): LoadTestReport {
  const { rate, count: asked, duration, concurrency, retries, recordEvery } = run.input;
  const elapsedMs = now - run.t0;
  const interval = rate === undefined ? 0 : 1000 / rate;
  // With a rate, over the schedule's span so far: a run that kept up shows exactly the rate asked.
  const span =
    rate === undefined
      ? status === 'running'
        ? elapsedMs
        : Math.max(run.lastSettledAt, run.lastFiredAt) - run.t0
      : run.lastFiredAt - run.t0 + interval;
  const achieved = run.fired === 0 || span <= 0 ? 0 : (run.fired * 1000) / span;
  const settled = run.succeeded + run.failed;
  const settledSpan = (status === 'running' ? now : run.lastSettledAt) - run.t0;
  const behind = rate === undefined || run.fired === 0 ? undefined : Math.max(0, Math.round((1 - achieved / rate) * 1000) / 10);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    id: run.id,
    event: run.input.event,
    api: run.api,
    status,
    asked: { rate, count: asked, duration, concurrency, retries, recordEvery },
    startedAt: run.startedAt,
    elapsedMs: round(elapsedMs),
    events: { fired: run.fired, unmatched: run.unmatched, recorded: run.recorded, unsent: run.unsent },
    deliveries: {
      made: run.made,
      succeeded: run.succeeded,
      failed: run.failed,
      skipped: run.skipped,
      pending: run.unsettled + run.dropped,
      retries: run.retries,
    },
    rate: {
      asked: rate,
      achieved: round(achieved),
      deliveriesPerSecond: settled === 0 || settledSpan <= 0 ? 0 : round((settled * 1000) / settledSpan),
      ...(behind !== undefined && { behindPercent: behind, keptUp: behind < 2 && run.unsent === 0 }),
    },
    ...(rate !== undefined && { sendLagMs: run.lag.summary() }),
    latencyMs: run.latency.summary(),
    responseMs: run.response.summary(),
    statusCodes: Object.fromEntries([...run.statusCodes].sort(([a], [b]) => a - b).map(([code, n]) => [String(code), n])),
    errors: { ...run.errors },
  };
}
