import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EmulatorError } from '../../errors.js';
import { loadFixture } from '../../fixtures/load.js';
import { callEmulator, emulatorUrl } from '../client.js';
import { FIRE_FLAGS, printFired, type FiredView } from '../fired-events.js';
import type { CliIo } from '../io.js';

export const SCENARIO_HELP = `Usage: bird-webhook-emulator scenario <file | name> [options]

Runs a scenario against a running emulator: each step waits its delayMs (on a virtual clock the
emulator advances time itself), then fires its event with references to earlier steps filled in.
A file is checked here first (errors name the file and the path); a name such as sms-delivered runs
a scenario shipped in the package's fixtures/scenarios/.

Options:
      --workspace <id>      fire into one workspace (default: the scenario's, else every workspace)
      --organization <id>   fire into one organization
      --json                print the emulator's answer as JSON
      --url <url>           the emulator (default http://127.0.0.1:4747) [BIRD_EMULATOR_URL]`;

interface ScenarioView {
  name: string;
  steps: (FiredView & { index: number; stepId?: string; delayMs: number })[];
}

/** `scenario <file | name>`: POST /_emulator/scenarios with the file's scenario, or with `{name}`. */
export async function scenarioCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: FIRE_FLAGS });
  const [target, ...extra] = positionals;
  if (!target || extra.length > 0) {
    throw new EmulatorError('BadRequest', 'scenario takes one scenario file or shipped scenario name, e.g. scenario sms-delivered');
  }
  const scope = {
    ...(values.organization && { organizationId: values.organization }),
    ...(values.workspace && { workspaceId: values.workspace }),
  };
  const isFile = await stat(target).then(
    (s) => s.isFile(),
    () => false,
  );
  let body: Record<string, unknown>;
  if (isFile) {
    const fixture = await loadFixture(target, ['scenario']);
    if (fixture.kind !== 'scenario') throw new EmulatorError('InternalError', `${target} is not a scenario`);
    body = { ...fixture.scenario, ...scope };
  } else if (/[\\/]|\.json$/.test(target)) {
    throw new EmulatorError('BadRequest', `Cannot read the scenario file ${target}: no such file`);
  } else {
    body = { name: target, ...scope };
  }

  const result = await callEmulator<ScenarioView>(emulatorUrl(values.url, io.env), '/_emulator/scenarios', { method: 'POST', body });
  printFired(io, {
    json: values.json,
    answer: result,
    heading: [`scenario ${result.name}: ${result.steps.length} steps`],
    entries: result.steps.map((step) => ({
      index: step.index,
      label: `${step.stepId ? `${step.stepId} ` : ''}${step.event}${step.delayMs > 0 ? ` (after ${step.delayMs} ms)` : ''}`,
      fired: step,
    })),
  });
  return 0;
}
