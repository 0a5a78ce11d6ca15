/**
 * A load test's report, as the control API answers it, the live log's `loadtest.*` frames carry it
 * and the CLI prints it. Types only: the load test (application/load-test.ts) fills them in.
 */

/** Percentiles of a set of durations, in milliseconds; all 0 when nothing was measured. */
export interface DurationSummary {
  /** How many durations were measured. */
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** What the load test was asked to do, defaults filled in. */
export interface LoadTestAsked {
  /** Events per second; absent: as fast as `concurrency` allows. */
  rate?: number | undefined;
  count?: number | undefined;
  /** Seconds. */
  duration?: number | undefined;
  concurrency: number;
  retries: boolean;
  recordEvery: number;
}

export interface LoadTestReport {
  id: string;
  /** The event fired, and its API. */
  event: string;
  api: string;
  /** `running` while it fires (progress), then `finished` (its bound was reached) or `stopped`. */
  status: 'running' | 'finished' | 'stopped';
  asked: LoadTestAsked;
  /** On the emulator's clock. */
  startedAt: string;
  /** Real time since the start, ms. */
  elapsedMs: number;
  events: {
    /** Events generated and sent through the pipeline. */
    fired: number;
    /** Of those, events that reached no subscriber (their filters did not match). */
    unmatched: number;
    /** Events recorded in the history (one in `recordEvery`). */
    recorded: number;
    /** Events the schedule held within `duration` that were never fired: the run fell behind (or was stopped). */
    unsent: number;
  };
  deliveries: {
    /** Deliveries made, one per subscriber each event reached. */
    made: number;
    succeeded: number;
    failed: number;
    /** Not attempted: the endpoint was paused. */
    skipped: number;
    /** Unsettled (an attempt in flight or a retry waiting); after a stop, the retries dropped. */
    pending: number;
    /** Attempts after the first (with `retries`). */
    retries: number;
  };
  rate: {
    /** Events per second asked; absent without a rate. */
    asked?: number | undefined;
    /**
     * Events per second fired: with a rate, over the schedule's span (from the start to the last
     * event fired, plus one interval), so a run that kept up shows the rate asked; without, over the
     * whole run.
     */
    achieved: number;
    /** Deliveries settled per second, from the start to the last one settled. */
    deliveriesPerSecond: number;
    /** How far the achieved rate fell short of the asked one, percent (0 when it kept up). */
    behindPercent?: number | undefined;
    /** Achieved at least 98% of the asked rate, and fired every event its schedule held. */
    keptUp?: boolean | undefined;
  };
  /** With a rate: how late each event was fired after its scheduled time. */
  sendLagMs?: DurationSummary | undefined;
  /**
   * The receiver's latency, each delivery's first attempt: from the event's scheduled send time to
   * the whole answer (coordinated-omission-safe: time spent queued behind a slow receiver counts).
   * Answers of any status are measured; timeouts and connection errors are counted in `errors`.
   */
  latencyMs: DurationSummary;
  /** The same attempts from the moment each was actually sent: the receiver's own service time. */
  responseMs: DurationSummary;
  /** Answers of every attempt, by HTTP status. */
  statusCodes: Record<string, number>;
  /** Attempts without an answer. */
  errors: {
    /** No complete answer within the attempt timeout. */
    timeout: number;
    /** Refused, reset or failed connections. */
    connection: number;
    /** An answer that was not valid HTTP. */
    invalidResponse: number;
  };
}

/** What a load test reports as it runs: the live log's `loadtest.*` frames are made of these. */
export interface LoadTestActivity {
  type: 'loadtest.started' | 'loadtest.progress' | 'loadtest.finished';
  report: LoadTestReport;
}
