import { EmulatorError } from '../errors.js';
import { VERSION } from '../version.js';
import type { CliIo } from './io.js';

interface Command {
  run: (args: string[], io: CliIo) => Promise<number>;
  help: string;
}

// @note Each command is imported when it is chosen: `start`, the command whose start-up is timed,
// then loads nothing of the client commands (their HTTP and WebSocket clients, signature diagnosis,
// the recorder).
const COMMANDS: Record<string, () => Promise<Command>> = {
  start: () => import('./commands/start.js').then((m) => ({ run: m.startCommand, help: m.START_HELP })),
  trigger: () => import('./commands/trigger.js').then((m) => ({ run: m.triggerCommand, help: m.TRIGGER_HELP })),
  tail: () => import('./commands/tail.js').then((m) => ({ run: m.tailCommand, help: m.TAIL_HELP })),
  verify: () => import('./commands/verify.js').then((m) => ({ run: m.verifyCommand, help: m.VERIFY_HELP })),
  scenario: () => import('./commands/scenario.js').then((m) => ({ run: m.scenarioCommand, help: m.SCENARIO_HELP })),
  replay: () => import('./commands/replay.js').then((m) => ({ run: m.replayCommand, help: m.REPLAY_HELP })),
  record: () => import('./commands/record.js').then((m) => ({ run: m.recordCommand, help: m.RECORD_HELP })),
  loadtest: () => import('./commands/loadtest.js').then((m) => ({ run: m.loadtestCommand, help: m.LOADTEST_HELP })),
};

const overview = (startHelp: string) => `bird-webhook-emulator ${VERSION}: a local emulator of Bird's webhook subscriptions.

Commands:
  start     serve the emulator (the default command)
  trigger   fire an event into a running emulator
  tail      follow a running emulator's live log
  verify    explain a webhook signature
  scenario  run a scenario (a file, or a shipped one by name) against a running emulator
  replay    fire recorded events into a running emulator
  record    record real Bird deliveries (through a tunnel) into a fixture file
  loadtest  hit your receivers with signed webhooks at a chosen rate and report how they coped

Run "bird-webhook-emulator <command> --help" for a command's options.

${startHelp}`;

/** Runs the CLI; returns the exit code. Errors become one clear line on stderr, never a stack. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  const named = first !== undefined && !first.startsWith('-') ? first : undefined;
  const args = named === undefined ? [...argv] : rest;
  if (named === undefined && (args.includes('--version') || args.includes('-v'))) {
    io.stdout(VERSION);
    return 0;
  }
  const name = named ?? 'start';
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr(`Unknown command "${named}". Commands: ${Object.keys(COMMANDS).join(', ')}. See --help.`);
    return 2;
  }
  try {
    const command = await load();
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout(named === undefined ? overview(command.help) : command.help);
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof EmulatorError) {
      io.stderr(`bird-webhook-emulator: ${error.message}`);
      return 1;
    }
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`bird-webhook-emulator: ${(error as Error).message}. See --help.`);
      return 2;
    }
    io.stderr(`bird-webhook-emulator: unexpected error: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}
