import { parseArgs } from 'node:util';
import { resolveConfig, type RawOptions } from '../../config.js';
import { createEmulator, type EmulatorActivity } from '../../emulator.js';
import { listen } from '../../server/listen.js';
import { VERSION } from '../../version.js';
import type { CliIo } from '../io.js';

export const START_OPTIONS = {
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  data: { type: 'string' },
  'in-memory': { type: 'boolean' },
  'access-key': { type: 'string', multiple: true },
  'strict-urls': { type: 'boolean' },
  seed: { type: 'string' },
  'retry-schedule': { type: 'string' },
  'attempt-timeout': { type: 'string' },
  forward: { type: 'string', multiple: true },
  catalog: { type: 'string' },
  'history-limit': { type: 'string' },
  json: { type: 'boolean' },
  'allowed-host': { type: 'string', multiple: true },
  load: { type: 'string' },
  clock: { type: 'string' },
  'clock-start': { type: 'string' },
  outcomes: { type: 'string' },
  'send-step': { type: 'string' },
} as const;

export const START_HELP = `Usage: bird-webhook-emulator [start] [options]

Serves Bird's webhook-subscription API, Bird's platform API (/v1: webhooks and the e-mail, SMS and
WhatsApp send routes), the Channels API send route and the /_emulator control API.

Options (environment variable in brackets):
  -p, --port <n>            TCP port, 0 for any free one (default 4747) [BIRD_EMULATOR_PORT]
      --host <addr>         interface to bind (default 127.0.0.1) [BIRD_EMULATOR_HOST]
      --data <dir>          data folder (default .bird-emulator) [BIRD_EMULATOR_DATA]
      --in-memory           keep nothing on disk [BIRD_EMULATOR_IN_MEMORY]
      --access-key <key>    accept only this access key; repeatable (default: any) [BIRD_EMULATOR_ACCESS_KEYS]
      --strict-urls         apply Bird's URL rule alone: https on a public host [BIRD_EMULATOR_STRICT_URLS]
      --seed <n>            make ids and generated payloads deterministic [BIRD_EMULATOR_SEED]
      --retry-schedule <s>  production | fast | ms,ms,... (default fast) [BIRD_EMULATOR_RETRY_SCHEDULE]
      --attempt-timeout <ms> per-attempt timeout (default 10000) [BIRD_EMULATOR_ATTEMPT_TIMEOUT]
      --forward <from=to>   deliver URLs starting with from to to instead; repeatable [BIRD_EMULATOR_FORWARD]
      --catalog <file>      add events from a JSON file [BIRD_EMULATOR_CATALOG]
      --history-limit <n>   deliveries kept in history (default 10000) [BIRD_EMULATOR_HISTORY_LIMIT]
      --json                machine-readable log lines [BIRD_EMULATOR_JSON]
      --allowed-host <name> accept requests for this Host name too (default: local names only); repeatable [BIRD_EMULATOR_ALLOWED_HOSTS]
      --load <path>         a fixtures file or folder to load at start: subscriptions, then events [BIRD_EMULATOR_LOAD]
      --clock <kind>        system, or virtual: time stands still until POST /_emulator/clock/advance [BIRD_EMULATOR_CLOCK]
      --clock-start <iso>   where virtual time starts (default 2025-01-01T00:00:00.000Z) [BIRD_EMULATOR_CLOCK_START]
      --outcomes <file>     outcome rules for messages sent through the emulator (JSON) [BIRD_EMULATOR_OUTCOMES]
      --send-step <ms>      emulator time between a sent message's lifecycle steps (default 200) [BIRD_EMULATOR_SEND_STEP]
  -h, --help                show this help
  -v, --version             print the version`;

/** `start`: serve until SIGINT/SIGTERM, then close cleanly (every write flushed). */
export async function startCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: START_OPTIONS, allowPositionals: false, strict: true });
  const config = resolveConfig(values as RawOptions, io.env);
  // Listening for SIGINT/SIGTERM starts here, before the data folder is locked and long before the
  // ready line: whoever reads that line may stop us at once, and must still get a clean shutdown. A
  // signal during start-up is answered once started (a second one exits at once, see bin.ts).
  const stopped = io.untilStopped();
  const emulator = await createEmulator(config);
  let server;
  try {
    server = await listen(emulator.app, {
      port: config.port,
      host: config.host,
      allowedHosts: config.allowedHosts,
      directRoutes: emulator.directRoutes,
      live: emulator.live,
    });
  } catch (error) {
    await emulator.close();
    throw error;
  }
  const log = config.json
    ? (fields: Record<string, unknown>) => io.stdout(JSON.stringify({ time: new Date().toISOString(), ...fields }))
    : (fields: Record<string, unknown>) => io.stdout(String(fields.text));
  emulator.onActivity((activity) => {
    const line = describeActivity(activity);
    if (line) log({ type: activity.type, text: line });
  });

  const storage = config.storage === 'file' ? `data in ${config.dataDir}` : 'in memory';
  const dashboardUrl = `${server.url}/`;
  log({
    type: 'ready',
    url: server.url,
    wsUrl: server.wsUrl,
    dashboardUrl,
    version: VERSION,
    text:
      `bird-webhook-emulator ${VERSION} ready at ${server.url} (${storage}, retry schedule ${describeSchedule(config.retrySchedule)}); ` +
      `live log ${server.wsUrl}, dashboard ${dashboardUrl}`,
  });

  const signal = await stopped;
  log({ type: 'stopping', signal, text: `${signal} received, stopping…` });
  await server.close();
  await emulator.close();
  log({ type: 'stopped', text: 'stopped; all data written' });
  return 0;
}

function describeSchedule(schedule: unknown): string {
  return Array.isArray(schedule) ? schedule.join(',') : String(schedule);
}

/** One human line per attempt and per final outcome. */
function describeActivity(activity: EmulatorActivity): string | undefined {
  switch (activity.type) {
    case 'delivery.attempt': {
      const { delivery, attempt } = activity;
      const outcome = attempt.response ? String(attempt.response.status) : (attempt.error?.code ?? 'error');
      return `--> ${delivery.event} ${delivery.url} attempt ${attempt.attemptNumber}/${delivery.maxAttempts}: ${outcome} (${Math.round(attempt.durationMs)} ms) [${delivery.id}]`;
    }
    case 'delivery.failed':
      return `<-- ${activity.delivery.event} ${activity.delivery.url} failed after ${activity.delivery.attempts.length} attempts [${activity.delivery.id}]`;
    case 'event.fired':
      return activity.result.deliveries.length === 0
        ? `*** ${activity.result.event.event} fired; no subscription matched [${activity.result.event.id}]`
        : undefined;
    case 'emulator.reset':
      return '!!! reset: every subscription, event and delivery removed';
    default:
      return undefined;
  }
}
