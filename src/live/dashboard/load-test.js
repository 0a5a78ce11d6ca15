// @ts-check
/** @import { LoadTestReport } from '../../views/load-test-views.js' */
import { byId } from './dom.js';

/**
 * The header's load-test status: while a load test runs (`loadtest.progress` every second) and
 * after it ends, one line of what it did, so a page watching the sampled deliveries also shows the
 * run they belong to. Hidden until the first load test, and again after a reset.
 */

/** @param {number} value */
const ms = (value) => (value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : String(Math.round(value))) + ' ms';
/** @param {number} value */
const perSecond = (value) => value.toLocaleString('en', { maximumFractionDigits: 1 }) + '/s';

/**
 * Whether a finished run with a rate failed to keep to it.
 * @param {LoadTestReport} report
 */
const fellBehind = (report) => report.status !== 'running' && report.rate.asked !== undefined && !report.rate.keptUp;

/**
 * One line of a report: the run's state, counts, rate and latency.
 * @param {LoadTestReport} report
 */
export function loadTestLine(report) {
  const { events, deliveries, rate, latencyMs } = report;
  const pace =
    perSecond(rate.achieved) +
    (rate.asked === undefined ? '' : ' of ' + perSecond(rate.asked)) +
    (fellBehind(report) ? ', fell behind by ' + (rate.behindPercent ?? 0) + '%' : '');
  return [
    'load test ' + report.event + ' ' + report.status,
    (report.elapsedMs / 1000).toFixed(1) + ' s',
    events.fired + ' fired',
    deliveries.succeeded + deliveries.failed + '/' + deliveries.made + ' delivered (' + deliveries.failed + ' failed)',
    pace,
    'p99 ' + ms(latencyMs.p99),
  ].join(' · ');
}

/** @param {LoadTestReport} report */
export function showLoadTest(report) {
  const el = byId('loadtest');
  el.textContent = loadTestLine(report);
  el.title = el.textContent;
  el.dataset.status = report.status;
  const failed = report.deliveries.failed > 0 || fellBehind(report);
  el.className = 'pill ' + (report.status === 'running' ? 'pill-amber' : failed ? 'pill-red' : 'pill-green');
  el.hidden = false;
}

export function hideLoadTest() {
  const el = byId('loadtest');
  el.hidden = true;
  el.textContent = '';
  el.title = '';
  delete el.dataset.status;
}
