import { isoTimestamp, type Clock, type RealTime } from '../clock/clock.js';
import type { DeliveryObserver } from '../delivery/dispatcher.js';
import type { PlannedEvent, Pipeline } from '../delivery/pipeline.js';
import type { Attempt, Delivery, DeliveryState } from '../domain/delivery.js';
import type { FireEventInput } from '../domain/fire-input.js';
import type { LoadTestInput } from '../domain/load-test-input.js';
import { EmulatorError, invalidField } from '../errors.js';
import type { Random } from '../random.js';
import type { LoadTestActivity, LoadTestReport } from '../views/load-test-views.js';
import type { Firing } from './firing.js';
import { countAttempt, loadTestReport, newLoadTestRun, type LoadTestRun } from './load-test-run.js';

/**
 * Load tests: a receiver hit with Bird-signed webhooks at a chosen rate, and a report of how it
 * coped. Events are generated here, not sent in by fire requests, and go through the same pipeline
 * as any other (filters or event lists, signing, the dispatcher's attempts and retries), for either
 * Bird API. One runs at a time.
 */
export interface LoadTests {
  /**
   * Runs a load test until its `count` or `duration` is reached (or it is stopped: `stop()`, or
   * `signal` aborting), then resolves with its report.
   * @throws EmulatorError `Conflict` while another one runs; `InvalidPayload` for an unknown event, a
   * payload that does not fit it, or an event no subscription or endpoint receives (a load test only
   * targets the URLs of existing ones).
   */
  run(input: LoadTestInput, options?: { signal?: AbortSignal }): Promise<LoadTestReport>;
  /**
   * Stops the running load test: nothing more is fired, attempts in flight finish, retries still
   * waiting are dropped. Resolves with its (partial) report. @throws EmulatorError `Conflict` when none runs.
   */
  stop(): Promise<LoadTestReport>;
  /** The running load test's report so far, else the last one's; undefined before the first. */
  latest(): LoadTestReport | undefined;
}

export interface LoadTestsOptions {
  firing: Pick<Firing, 'newEvent'>;
  pipeline: Pick<Pipeline, 'plan' | 'deliverPlanned'>;
  /** The dispatcher's `release`: drops the retries of a stopped test's deliveries. */
  release(deliveryIds: Iterable<string>): void;
  /** The emulator's clock, for `startedAt`. */
  clock: Clock;
  /** The schedule and every latency are real time, whatever the emulator's clock. */
  realTime: RealTime;
  random: Random;
  /** Told when a test starts, of its progress every `progressEveryMs`, and when it ends. */
  onActivity?: (activity: LoadTestActivity) => void;
  /** @default 1000 */
  progressEveryMs?: number;
}

export function createLoadTests(options: LoadTestsOptions): LoadTests {
  const { firing, pipeline, clock, realTime, random } = options;
  const progressEveryMs = options.progressEveryMs ?? 1000;
  let current: { run: LoadTestRun; done: Promise<LoadTestReport> } | undefined;
  let last: LoadTestReport | undefined;

  const waitFor = (run: LoadTestRun, ms: number) =>
    new Promise<void>((resolve) => {
      const cancel = Number.isFinite(ms) ? realTime.setTimer(() => done(), ms) : undefined;
      const done = () => {
        cancel?.();
        run.wake = undefined;
        resolve();
      };
      run.wake = done;
    });

  /** Counts one attempt (or a stop before one) of a delivery of an event due at `scheduledAt`. */
  const observe = (run: LoadTestRun, scheduledAt: number, delivery: Delivery, state: DeliveryState, attempt: Attempt | undefined) => {
    const now = realTime.now();
    if (attempt) countAttempt(run, attempt, now - scheduledAt);
    if (state.status === 'pending') {
      if (!run.stopping) {
        run.waitingRetry.add(delivery.id);
        return;
      }
      // Stopping: a retry it would wait for is dropped, and the delivery counted as pending.
      options.release([delivery.id]);
      run.dropped++;
    } else if (state.status === 'succeeded') run.succeeded++;
    else run.failed++;
    run.waitingRetry.delete(delivery.id);
    run.unsettled--;
    run.lastSettledAt = now;
    run.wake?.();
  };

  /** Fires one planned event due at `scheduledAt`. */
  const fire = (run: LoadTestRun, planned: PlannedEvent, scheduledAt: number) => {
    const index = run.fired++;
    const now = realTime.now();
    run.lastFiredAt = now;
    if (run.input.rate !== undefined) run.lag.record(now - scheduledAt);
    if (planned.planned.length === 0) {
      run.unmatched++;
      return;
    }
    const record = index % run.input.recordEvery === 0;
    if (record) run.recorded++;
    const observer: DeliveryObserver = (delivery, state, attempt) => observe(run, scheduledAt, delivery, state, attempt);
    const made = pipeline.deliverPlanned(planned, { record, retries: run.input.retries, observe: observer });
    run.made += made.length;
    for (const delivery of made) {
      if (delivery.status === 'skipped') run.skipped++;
      else run.unsettled++;
    }
  };

  const reportOf = (run: LoadTestRun, status: LoadTestReport['status']) => loadTestReport(run, status, realTime.now());

  /** Fires on the schedule until the bound (or a stop), then waits for every delivery to settle. */
  async function drive(run: LoadTestRun, first: PlannedEvent, next: () => PlannedEvent): Promise<void> {
    const { rate, count, duration, concurrency } = run.input;
    const interval = rate === undefined ? 0 : 1000 / rate;
    const endAt = duration === undefined ? Infinity : run.t0 + duration * 1000;
    // With a rate, an event due before the end may still go out this long after it (a timer's granularity).
    const grace = Math.max(interval, 10);
    const limit = count ?? Infinity;
    let sinceYield = 0;
    for (;;) {
      if (run.stopping || run.fired >= limit) break;
      const now = realTime.now();
      let scheduledAt = now;
      if (rate !== undefined) {
        scheduledAt = run.t0 + run.fired * interval;
        if (scheduledAt >= endAt || now >= endAt + grace) break;
      } else if (now >= endAt) break;
      // @note A slot before the schedule: an event due while the receiver holds every slot goes out
      // late, and its latency counts from when it was due (coordinated omission), never from when it went.
      if (run.unsettled >= concurrency) {
        await waitFor(run, Infinity);
        continue;
      }
      if (scheduledAt > now) {
        await waitFor(run, scheduledAt - now);
        continue;
      }
      fire(run, run.fired === 0 ? first : next(), scheduledAt);
      // Responses are read between sends: a burst of catching up must not starve them.
      if (++sinceYield >= 64) {
        sinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    if (rate !== undefined && duration !== undefined && !run.stopping) {
      const due = Math.min(limit, Math.ceil((duration * 1000) / interval));
      run.unsent = Math.max(0, due - run.fired);
    }
    while (run.unsettled > 0) {
      if (run.stopping && run.waitingRetry.size > 0) {
        options.release(run.waitingRetry);
        run.dropped += run.waitingRetry.size;
        run.unsettled -= run.waitingRetry.size;
        run.waitingRetry.clear();
        continue;
      }
      await waitFor(run, Infinity);
    }
  }

  return {
    async run(input, { signal } = {}) {
      if (current) {
        throw new EmulatorError('Conflict', `Load test ${current.run.id} is running; stop it first (POST /_emulator/loadtest/stop).`);
      }
      const fireInput: FireEventInput = {
        event: input.event,
        ...(input.api !== undefined && { api: input.api }),
        ...(input.service !== undefined && { service: input.service }),
        ...(input.organizationId !== undefined && { organizationId: input.organizationId }),
        ...(input.workspaceId !== undefined && { workspaceId: input.workspaceId }),
        ...(input.payload !== undefined && { payload: input.payload }),
      };
      // The first event decides whether the run can start: an unknown event, a payload that does not
      // fit it, or an event that reaches nobody is refused before anything is sent.
      const firstEvent = firing.newEvent(fireInput, { source: 'loadtest' });
      const first = pipeline.plan(firstEvent.event, firstEvent.definition);
      if (first.planned.length === 0) {
        const whom = firstEvent.event.api === 'platform' ? 'endpoint' : 'subscription';
        throw invalidField(
          '.body.event',
          `No ${whom} receives ${input.event}${input.workspaceId ? ` in workspace ${input.workspaceId}` : ''}: a load test only ` +
            `sends to the URLs of existing ${whom}s whose ${whom === 'endpoint' ? 'events list' : 'filters'} take the event. Create one first` +
            `${whom === 'subscription' ? ', or set the fields its filters look at with payload' : ''}.`,
        );
      }
      const next = () => {
        const { event, definition } = firing.newEvent(fireInput, { source: 'loadtest', validate: false });
        return pipeline.plan(event, definition);
      };
      const run = newLoadTestRun({
        id: random.uuid(),
        input,
        api: firstEvent.event.api,
        startedAt: isoTimestamp(clock.now()),
        t0: realTime.now(),
      });
      const stop = () => {
        run.stopping = true;
        run.wake?.();
      };
      if (signal?.aborted) stop();
      signal?.addEventListener('abort', stop, { once: true });
      options.onActivity?.({ type: 'loadtest.started', report: reportOf(run, 'running') });
      let cancelProgress = () => undefined as void;
      const progress = () => {
        options.onActivity?.({ type: 'loadtest.progress', report: reportOf(run, 'running') });
        cancelProgress = realTime.setTimer(progress, progressEveryMs);
      };
      cancelProgress = realTime.setTimer(progress, progressEveryMs);
      const done = drive(run, first, next)
        .then(() => {
          const report = reportOf(run, run.stopping ? 'stopped' : 'finished');
          last = report;
          options.onActivity?.({ type: 'loadtest.finished', report });
          return report;
        })
        .finally(() => {
          cancelProgress();
          signal?.removeEventListener('abort', stop);
          current = undefined;
        });
      current = { run, done };
      return done;
    },

    async stop() {
      if (!current) throw new EmulatorError('Conflict', 'No load test is running.');
      current.run.stopping = true;
      current.run.wake?.();
      return current.done;
    },

    latest: () => (current ? reportOf(current.run, 'running') : last),
  };
}
