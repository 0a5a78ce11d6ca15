import { parseArgs } from 'node:util';
import { EmulatorError } from '../../errors.js';
import { isPlainObject } from '../../objects.js';
import type { LoadTestReport } from '../../views/load-test-views.js';
import { callEmulator, callEmulatorWithoutTimeout, emulatorUrl } from '../client.js';
import type { CliIo } from '../io.js';
import { CHECKS_FAILED_EXIT_CODE, unmetChecks, type LoadTestChecks } from '../load-test-checks.js';
import { progressLine, reportTable } from '../load-test-report.js';

export const LOADTEST_HELP = `Usage: bird-webhook-emulator loadtest <event> [options]

Hits your receivers with Bird-signed webhooks at a chosen rate and reports how they coped. The
running emulator generates <event> itself (no request per event), filters, signs and delivers it
through its normal pipeline to the URLs of its existing subscriptions and endpoints, and answers a
report: events fired, deliveries, the achieved rate and how far it fell behind the asked one, the
receiver's latency p50/p90/p99/max (from each event's scheduled send time), status codes, timeouts
and connection errors. The same as POST /_emulator/loadtest.

Options:
      --rate <n>[/s]        events per second, on a fixed schedule (default: as fast as --concurrency allows)
      --count <n>           events to fire
      --duration <s>        seconds to fire for; --count or --duration is required (with both, the first reached ends it)
      --concurrency <n>     deliveries unsettled at once, at most (default 32)
      --payload <json>      a JSON object merged over every generated payload (the platform API's data)
      --retries             follow the emulator's retry schedule (default: one attempt per delivery)
      --record-every <n>    record one event in n in the history, with its deliveries (default 1000)
      --api <name>          notifications or platform, when a name is ambiguous
      --service <name>      the event's service (Notifications API), when a name is ambiguous
      --organization <id>   fire into one organization (Notifications API)
      --workspace <id>      fire into one workspace: a UUID, or a platform ws_ id (default: every workspace)
      --strict              exit ${CHECKS_FAILED_EXIT_CODE} unless every delivery succeeded and the rate kept up (for CI)
      --max-p99 <ms>        exit ${CHECKS_FAILED_EXIT_CODE} when the latency p99 (from the scheduled send time) is above <ms>
      --json                print the report as JSON
      --url <url>           the emulator (default http://127.0.0.1:4747) [BIRD_EMULATOR_URL]

A progress line is shown while it runs (on a terminal). Ctrl-C stops the test: the attempts in
flight finish, the partial report is printed, and the exit code is 130. A run that does not pass
--strict or --max-p99 prints why on stderr after its report and exits ${CHECKS_FAILED_EXIT_CODE}.`;

/** `loadtest <event>`: POST /_emulator/loadtest, progress while it runs, the report at the end. */
export async function loadtestCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      rate: { type: 'string' },
      count: { type: 'string' },
      duration: { type: 'string' },
      concurrency: { type: 'string' },
      payload: { type: 'string' },
      retries: { type: 'boolean' },
      'record-every': { type: 'string' },
      api: { type: 'string' },
      service: { type: 'string' },
      organization: { type: 'string' },
      workspace: { type: 'string' },
      strict: { type: 'boolean' },
      'max-p99': { type: 'string' },
      json: { type: 'boolean' },
      url: { type: 'string' },
    },
  });
  const [event, ...extra] = positionals;
  if (!event || extra.length > 0)
    throw new EmulatorError('BadRequest', 'loadtest takes exactly one event name, e.g. loadtest sms.inbound --rate 500 --duration 10');
  if (values.count === undefined && values.duration === undefined) {
    throw new EmulatorError('BadRequest', 'a load test must be bounded: give --count, --duration or both');
  }
  const checks: LoadTestChecks = {
    strict: values.strict === true,
    ...(values['max-p99'] !== undefined && { maxP99Ms: positiveOption('--max-p99', values['max-p99'].replace(/ms$/, '')) }),
  };
  const body = {
    event,
    ...(values.rate !== undefined && { rate: numberOption('--rate', values.rate.replace(/\/s$/, '')) }),
    ...(values.count !== undefined && { count: numberOption('--count', values.count) }),
    ...(values.duration !== undefined && { duration: numberOption('--duration', values.duration.replace(/s$/, '')) }),
    ...(values.concurrency !== undefined && { concurrency: numberOption('--concurrency', values.concurrency) }),
    ...(values['record-every'] !== undefined && { recordEvery: numberOption('--record-every', values['record-every']) }),
    ...(values.payload !== undefined && { payload: payloadOption(values.payload) }),
    ...(values.retries && { retries: true }),
    ...(values.api && { api: values.api }),
    ...(values.service && { service: values.service }),
    ...(values.organization && { organizationId: values.organization }),
    ...(values.workspace && { workspaceId: values.workspace }),
  };
  const baseUrl = emulatorUrl(values.url, io.env);

  // Listening for Ctrl-C before the run starts: a stop asks the emulator, whose answer to the
  // running request is then the partial report.
  let interrupted = false;
  void io.untilStopped().then(async () => {
    interrupted = true;
    io.progress?.('');
    io.stderr('stopping the load test; waiting for the attempts in flight…');
    await callEmulator(baseUrl, '/_emulator/loadtest/stop', { method: 'POST' }).catch(() => undefined);
  });
  const progress = io.progress;
  const ticker = progress
    ? setInterval(() => {
        callEmulator<LoadTestReport>(baseUrl, '/_emulator/loadtest')
          .then((report) => {
            if (report.status === 'running' && !interrupted) progress(progressLine(report));
          })
          .catch(() => undefined);
      }, 1000)
    : undefined;
  let report: LoadTestReport;
  try {
    report = await callEmulatorWithoutTimeout<LoadTestReport>(baseUrl, '/_emulator/loadtest', body);
  } finally {
    clearInterval(ticker);
    progress?.('');
  }
  if (values.json) io.stdout(JSON.stringify(report, null, 2));
  else for (const line of reportTable(report)) io.stdout(line);
  if (interrupted) return 130;
  const unmet = unmetChecks(report, checks);
  for (const reason of unmet) io.stderr(`loadtest check failed: ${reason}`);
  return unmet.length > 0 ? CHECKS_FAILED_EXIT_CODE : 0;
}

function numberOption(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new EmulatorError('BadRequest', `${flag} must be a number (got "${text}")`);
  return value;
}

function positiveOption(flag: string, text: string): number {
  const value = numberOption(flag, text);
  if (value <= 0) throw new EmulatorError('BadRequest', `${flag} must be above 0 (got "${text}")`);
  return value;
}

function payloadOption(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new EmulatorError('BadRequest', `--payload must be a JSON object: ${(error as Error).message}`);
  }
  if (!isPlainObject(parsed)) throw new EmulatorError('BadRequest', '--payload must be a JSON object, e.g. \'{"channelId":"…"}\'');
  return parsed;
}
