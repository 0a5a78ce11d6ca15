import { EmulatorError } from '../errors.js';
import { VERSION } from '../version.js';
import { RECORD_HELP, recordCommand } from './commands/record.js';
import { REPLAY_HELP, replayCommand } from './commands/replay.js';
import { SCENARIO_HELP, scenarioCommand } from './commands/scenario.js';
import { START_HELP, startCommand } from './commands/start.js';
import { TAIL_HELP, tailCommand } from './commands/tail.js';
import { TRIGGER_HELP, triggerCommand } from './commands/trigger.js';
import { VERIFY_HELP, verifyCommand } from './commands/verify.js';
import type { CliIo } from './io.js';

const COMMANDS: Record<string, { run: (args: string[], io: CliIo) => Promise<number>; help: string }> = {
  start: { run: startCommand, help: START_HELP },
  trigger: { run: triggerCommand, help: TRIGGER_HELP },
  tail: { run: tailCommand, help: TAIL_HELP },
  verify: { run: verifyCommand, help: VERIFY_HELP },
  scenario: { run: scenarioCommand, help: SCENARIO_HELP },
  replay: { run: replayCommand, help: REPLAY_HELP },
  record: { run: recordCommand, help: RECORD_HELP },
};

const OVERVIEW = `bird-webhook-emulator ${VERSION}: a local emulator of Bird's webhook subscriptions.

Commands:
  start     serve the emulator (the default command)
  trigger   fire an event into a running emulator
  tail      follow a running emulator's live log
  verify    explain a webhook signature
  scenario  run a scenario (a file, or a shipped one by name) against a running emulator
  replay    fire recorded events into a running emulator
  record    record real Bird deliveries (through a tunnel) into a fixture file

Run "bird-webhook-emulator <command> --help" for a command's options.

${START_HELP}`;

/** Runs the CLI; returns the exit code. Errors become one clear line on stderr, never a stack. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  const named = first !== undefined && !first.startsWith('-') ? first : undefined;
  const args = named === undefined ? [...argv] : rest;
  if (named === undefined && (args.includes('--version') || args.includes('-v'))) {
    io.stdout(VERSION);
    return 0;
  }
  const command = COMMANDS[named ?? 'start'];
  if (!command) {
    io.stderr(`Unknown command "${named}". Commands: ${Object.keys(COMMANDS).join(', ')}. See --help.`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(named === undefined ? OVERVIEW : command.help);
    return 0;
  }
  try {
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
