import type { DurationSummary, LoadTestReport } from '../views/load-test-views.js';

/** How a load test was asked to run, in a few words: `1000/s for 10 s`, `10000 events as fast as 32 in flight allow`. */
export function describeAsked({ asked }: LoadTestReport): string {
  const bound = [asked.count !== undefined ? `${asked.count} events` : '', asked.duration !== undefined ? `${asked.duration} s` : '']
    .filter(Boolean)
    .join(' or ');
  const pace = asked.rate !== undefined ? `${asked.rate}/s` : 'as fast as it goes';
  return `${pace}, ${bound}, concurrency ${asked.concurrency}, retries ${asked.retries ? 'on' : 'off'}`;
}

/** A duration as the report prints it: `0.30 ms`, `15.8 ms`, `848 ms`. */
export const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value)} ms`;
const percentiles = (d: DurationSummary) => `p50 ${ms(d.p50)}  p90 ${ms(d.p90)}  p99 ${ms(d.p99)}  max ${ms(d.max)}`;
const perSecond = (value: number) => `${value.toLocaleString('en', { maximumFractionDigits: 1 })}/s`;

/** Whether the run kept to its rate, e.g. `kept up` or `fell behind by 42% (…)`. */
export function describePace(report: LoadTestReport): string {
  const { rate, events, sendLagMs } = report;
  if (rate.asked === undefined) return `${perSecond(rate.achieved)} achieved (no rate asked: as fast as the receiver answered)`;
  const lag = sendLagMs ? `, sent up to ${ms(sendLagMs.max)} late, p99 ${ms(sendLagMs.p99)}` : '';
  const unsent = events.unsent > 0 ? `, ${events.unsent} scheduled events never sent` : '';
  const verdict = rate.keptUp ? 'kept up' : `FELL BEHIND by ${rate.behindPercent ?? 0}%`;
  return `${perSecond(rate.asked)} asked, ${perSecond(rate.achieved)} achieved: ${verdict}${lag}${unsent}`;
}

/** One line of progress, for a terminal's status line and `tail`. */
export function progressLine(report: LoadTestReport): string {
  const { events, deliveries, rate, latencyMs, errors } = report;
  const failures = errors.timeout + errors.connection + errors.invalidResponse;
  return (
    `${(report.elapsedMs / 1000).toFixed(1)} s: ${events.fired} fired, ${deliveries.succeeded + deliveries.failed}/${deliveries.made} delivered ` +
    `(${deliveries.failed} failed${failures > 0 ? `, ${failures} without answer` : ''}), ${perSecond(rate.achieved)}` +
    `${rate.asked !== undefined ? ` of ${perSecond(rate.asked)}` : ''}, latency p50 ${ms(latencyMs.p50)} p99 ${ms(latencyMs.p99)}`
  );
}

/** The whole report as a small table, for the end of `loadtest`. */
export function reportTable(report: LoadTestReport): string[] {
  const { events, deliveries, latencyMs, responseMs, errors } = report;
  const codes = Object.entries(report.statusCodes)
    .map(([code, n]) => `${code}: ${n}`)
    .join(', ');
  const rows: [string, string][] = [
    ['events fired', `${events.fired} (${events.unmatched} reached no subscriber, ${events.recorded} recorded in the history)`],
    [
      'deliveries',
      `${deliveries.made}: ${deliveries.succeeded} succeeded, ${deliveries.failed} failed` +
        `${deliveries.skipped > 0 ? `, ${deliveries.skipped} skipped (endpoint paused)` : ''}` +
        `${deliveries.pending > 0 ? `, ${deliveries.pending} unsettled` : ''}${deliveries.retries > 0 ? ` (${deliveries.retries} retries)` : ''}`,
    ],
    ['rate', describePace(report)],
    ['deliveries/s', perSecond(report.rate.deliveriesPerSecond)],
    ['latency', `${percentiles(latencyMs)}  (from each event's scheduled send time)`],
    ['response time', `${percentiles(responseMs)}  (from the actual send)`],
    ['status codes', codes === '' ? 'none' : codes],
    ['timeouts', String(errors.timeout)],
    ['connection errors', `${errors.connection}${errors.invalidResponse > 0 ? ` (and ${errors.invalidResponse} invalid answers)` : ''}`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    `loadtest ${report.event} (${report.api} API) ${report.status} after ${(report.elapsedMs / 1000).toFixed(1)} s: ${describeAsked(report)}`,
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
  ];
}
