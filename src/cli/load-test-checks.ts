import type { LoadTestReport } from '../views/load-test-views.js';
import { ms } from './load-test-report.js';

/** What a load test must show for `loadtest` to exit 0: its `--strict` and `--max-p99` flags. */
export interface LoadTestChecks {
  /** Every delivery succeeded, none was left unsettled, and the rate asked was kept up. */
  strict: boolean;
  /** The latency p99 (from the scheduled send time) at most this many ms. */
  maxP99Ms?: number | undefined;
}

/** The exit code of a load test that ran but did not pass its checks: apart from errors (1) and usage (2). */
export const CHECKS_FAILED_EXIT_CODE = 3;

/** Why `report` does not pass `checks`, one sentence each; empty when it passes. */
export function unmetChecks(report: LoadTestReport, checks: LoadTestChecks): string[] {
  const unmet: string[] = [];
  const { deliveries, rate, latencyMs } = report;
  if (checks.strict) {
    if (deliveries.failed > 0) unmet.push(`${deliveries.failed} of ${deliveries.made} deliveries failed`);
    if (deliveries.pending > 0) unmet.push(`${deliveries.pending} of ${deliveries.made} deliveries were left unsettled`);
    if (rate.keptUp === false) unmet.push(`the rate fell behind by ${rate.behindPercent ?? 0}%`);
  }
  if (checks.maxP99Ms !== undefined) {
    // No answer at all is no latency to pass: a receiver that is down must not pass a latency check.
    if (latencyMs.count === 0) unmet.push('no delivery was answered, so there is no latency p99 to hold to --max-p99');
    else if (latencyMs.p99 > checks.maxP99Ms)
      unmet.push(`the latency p99 was ${ms(latencyMs.p99)}, above --max-p99 ${ms(checks.maxP99Ms)}`);
  }
  return unmet;
}
