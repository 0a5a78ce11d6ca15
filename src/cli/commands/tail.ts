import { parseArgs } from 'node:util';
import { EmulatorError } from '../../errors.js';
import type { LiveFrame } from '../../views/live-frames.js';
import { liveLogUrl } from '../../server/live-socket.js';
import { followLiveLog, type LiveConnectionEvent } from '../../server/ws-client.js';
import { emulatorUrl } from '../client.js';
import { describeAsked, progressLine, reportTable } from '../load-test-report.js';
import type { CliIo } from '../io.js';

const TAIL_OPTIONS = {
  url: { type: 'string' },
  json: { type: 'boolean' },
  replay: { type: 'string' },
} as const;

export const TAIL_HELP = `Usage: bird-webhook-emulator tail [options]

Prints the running emulator's live log, one line per frame: fired events (***), delivery attempts
(-->), final outcomes (<--), scheduled retries, subscription changes and sent messages (>>>). Reconnects when the
emulator restarts and resumes where it left off. Ctrl-C stops.

Options:
      --url <url>     the emulator (default http://127.0.0.1:4747) [BIRD_EMULATOR_URL]
      --json          print the raw frames, one JSON object per line
      --replay <n>    first show the newest n frames the emulator kept
  -h, --help          show this help

Colours are used when standard output is a terminal and NO_COLOR is unset (FORCE_COLOR forces them).`;

/** `tail`: follow the live log until SIGINT/SIGTERM (exit 0); a refused connection exits 1. */
export async function tailCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: TAIL_OPTIONS, allowPositionals: false, strict: true });
  if (!/^\d{1,9}$/.test(values.replay ?? '0')) {
    throw new EmulatorError('ConfigurationError', `--replay must be a whole number of 0 or more (got "${values.replay}")`);
  }
  const replay = Number(values.replay ?? 0);
  const url = liveLogUrl(emulatorUrl(values.url, io.env));
  if (!URL.canParse(url) || !/^wss?:$/.test(new URL(url).protocol)) {
    throw new EmulatorError(
      'ConfigurationError',
      `--url must be the emulator's http:// URL (got "${values.url ?? io.env.BIRD_EMULATOR_URL}")`,
    );
  }
  const paint = painter(useColour(io.env));
  let previous: LiveConnectionEvent['type'] | undefined;
  const follower = followLiveLog({
    url,
    replay,
    onFrame(frame, text) {
      if (values.json) io.stdout(text);
      else if (frame.type !== 'hello') io.stdout(describeFrame(frame, paint));
    },
    // Connection news goes to stderr, so stdout stays one line per frame (and pure JSON with --json).
    onConnection(event) {
      // While the emulator stays down, say so once, not at every retry.
      if (event.type !== 'unreachable' || previous !== 'unreachable') io.stderr(describeConnection(event, url));
      previous = event.type;
    },
  });
  try {
    await Promise.race([io.untilStopped(), follower.failed]);
  } catch (error) {
    throw new EmulatorError('ConfigurationError', (error as Error).message);
  } finally {
    await follower.stop();
  }
  return 0;
}

function useColour(env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}

type Paint = Record<'green' | 'red' | 'yellow' | 'cyan' | 'magenta' | 'dim' | 'bold', (text: string) => string>;

function painter(colour: boolean): Paint {
  const ansi = (open: number, close: number) => (text: string) => (colour ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return {
    green: ansi(32, 39),
    red: ansi(31, 39),
    yellow: ansi(33, 39),
    cyan: ansi(36, 39),
    magenta: ansi(35, 39),
    dim: ansi(2, 22),
    bold: ansi(1, 22),
  };
}

const SUBSCRIPTION_MARKS: Record<`subscription.${'created' | 'updated' | 'deleted'}`, readonly [string, string]> = {
  'subscription.created': ['+++', 'created'],
  'subscription.updated': ['~~~', 'updated'],
  'subscription.deleted': ['---', 'deleted'],
};

/** One line for one frame, Stripe CLI style. Exported for tests. */
export function describeFrame(frame: LiveFrame, paint: Paint = painter(false)): string {
  const time = paint.dim(clockTime(frame.at));
  const id = (kind: string, value: string) => paint.dim(`[${kind} ${value}]`);
  switch (frame.type) {
    case 'hello':
      return `${time}  connected to bird-webhook-emulator ${frame.data.version}`;
    case 'event.fired': {
      const { event } = frame.data;
      const reach =
        event.matched === 0
          ? paint.yellow('no subscription matched')
          : `${event.matched} ${event.matched === 1 ? 'delivery' : 'deliveries'}`;
      return `${time}  ${paint.cyan('***')} ${paint.bold(event.event)} fired (${event.source}): ${reach}  ${id('event', event.id)}`;
    }
    case 'delivery.attempt': {
      const { delivery, attempt } = frame.data;
      const ok = attempt.outcome === 'succeeded';
      const result = attempt.status !== undefined ? String(attempt.status) : (attempt.error?.code ?? 'error');
      const forwarded = attempt.destination === delivery.url ? '' : paint.dim(` (for ${delivery.url})`);
      return (
        `${time}  ${paint.magenta('-->')} ${(ok ? paint.green : paint.red)(`[${result}]`)} POST ${attempt.destination}${forwarded}` +
        `  ${Math.round(attempt.durationMs)} ms  ${delivery.event} attempt ${attempt.attemptNumber}/${delivery.maxAttempts}  ${id('delivery', delivery.id)}`
      );
    }
    case 'delivery.retry_scheduled': {
      const { delivery, nextAttemptAt } = frame.data;
      return `${time}      ${paint.yellow(`retry ${delivery.attemptCount + 1}/${delivery.maxAttempts} at ${clockTime(nextAttemptAt)}`)}  ${delivery.event} ${delivery.url}  ${id('delivery', delivery.id)}`;
    }
    case 'delivery.succeeded':
    case 'delivery.failed': {
      const { delivery } = frame.data;
      const ok = frame.type === 'delivery.succeeded';
      const attempts = `${delivery.attemptCount} ${delivery.attemptCount === 1 ? 'attempt' : 'attempts'}`;
      const last = ok ? '' : `, last ${delivery.lastStatusCode ?? delivery.lastError?.code ?? 'error'}`;
      return `${time}  ${paint.magenta('<--')} ${(ok ? paint.green : paint.red)(ok ? 'succeeded' : 'failed')} ${delivery.event} ${delivery.url} after ${attempts}${last}  ${id('delivery', delivery.id)}`;
    }
    case 'subscription.created':
    case 'subscription.updated':
    case 'subscription.deleted': {
      const { subscription } = frame.data;
      const [mark, verb] = SUBSCRIPTION_MARKS[frame.type];
      // A platform API endpoint lists the types it receives; a subscription names its service and event.
      const what =
        'events' in subscription
          ? `endpoint ${verb}: ${subscription.events.join(',')}`
          : `subscription ${verb}: ${subscription.service} ${subscription.event}`;
      return `${time}  ${paint.cyan(mark)} ${what} -> ${subscription.url} (${subscription.status})  ${id('subscription', subscription.id)}`;
    }
    case 'message.sent': {
      const { message } = frame.data;
      const to = message.recipients.map((r) => r.address).join(', ');
      return `${time}  ${paint.cyan('>>>')} ${message.channel} sent to ${to} (${message.api}): ${message.status}  ${id('message', message.id)}`;
    }
    case 'message.status': {
      const { message, step } = frame.data;
      const what = step.error === undefined ? paint.bold(step.event) : paint.red(`${step.event} not fired: ${step.error}`);
      const who = step.recipient === undefined ? '' : ` ${step.recipient}`;
      return `${time}  ${paint.cyan('>>>')} ${what}${who} -> ${step.status} (message ${message.status})  ${id('message', message.id)}`;
    }
    case 'emulator.reset':
      return `${time}  ${paint.yellow('!!!')} reset: every subscription, event and delivery removed`;
    case 'loadtest.started':
      return `${time}  ${paint.cyan('>>>')} load test of ${frame.data.report.event} started: ${describeAsked(frame.data.report)}  ${id('loadtest', frame.data.report.id)}`;
    case 'loadtest.progress':
      return `${time}  ${paint.cyan('>>>')} ${progressLine(frame.data.report)}`;
    case 'loadtest.finished':
      return [`${time}  ${paint.cyan('>>>')} ${reportTable(frame.data.report)[0]}`, ...reportTable(frame.data.report).slice(1)].join('\n');
  }
}

function describeConnection(event: LiveConnectionEvent, url: string): string {
  switch (event.type) {
    case 'connected': {
      const replayed =
        event.hello.replayed > 0 ? `; ${event.hello.replayed} earlier ${event.hello.replayed === 1 ? 'frame' : 'frames'} follow` : '';
      const restarted = event.restarted ? ' (the emulator restarted)' : '';
      const missed = event.missed > 0 ? `; ${event.missed} frames while away were no longer kept` : '';
      return `${event.reconnected ? 'Reconnected to' : 'Connected to'} ${url}${restarted}${replayed}${missed}. Ctrl-C to stop.`;
    }
    case 'disconnected':
      return `Disconnected (${event.code}${event.reason ? ` ${event.reason}` : ''}); reconnecting in ${event.retryInMs} ms…`;
    case 'unreachable':
      return `Cannot reach ${url} (${event.message}); retrying in ${event.retryInMs} ms…`;
  }
}

/** `HH:MM:SS.mmm` in local time, as a log reads. */
function clockTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}
