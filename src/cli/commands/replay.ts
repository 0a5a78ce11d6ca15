import { parseArgs } from 'node:util';
import { EmulatorError } from '../../errors.js';
import { eventsOf, loadFixtures } from '../../fixtures/load.js';
import { callEmulator, emulatorUrl } from '../client.js';
import { FIRE_FLAGS, printFired, type FiredView } from '../fired-events.js';
import type { CliIo } from '../io.js';

export const REPLAY_HELP = `Usage: bird-webhook-emulator replay <file | folder> [options]

Fires recorded events into a running emulator, in order, through its normal pipeline: filtered
against its current subscriptions and signed with their keys. Each payload is sent as recorded (it
must still pass its event's schema). Takes an event fixture, a fixture set (a recording from
"record", or a seed: its subscriptions are not created, use --load for those) or a folder of them.
An event the emulator cannot fire is reported and the others go on; the exit code is then 1.

Options:
      --workspace <id>      fire into one workspace (default: the file's, else every workspace)
      --organization <id>   fire into one organization
      --json                print the emulator's answer as JSON
      --url <url>           the emulator (default http://127.0.0.1:4747) [BIRD_EMULATOR_URL]`;

type ReplayView = {
  fired: number;
  failed: number;
  results: ((FiredView & { index: number; ok: true }) | { index: number; ok: false; event: string; error: { message: string } })[];
};

/** `replay <file | folder>`: POST /_emulator/replay with the events read here. */
export async function replayCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: FIRE_FLAGS });
  const [target, ...extra] = positionals;
  if (!target || extra.length > 0)
    throw new EmulatorError('BadRequest', 'replay takes one fixture file or folder, e.g. replay recording.json');
  const fixtures = await loadFixtures(target, ['event', 'set']);
  // One file keeps its own scope; a folder's files are sent together, scoped by the flags only.
  const single = fixtures.length === 1 && fixtures[0]?.kind === 'set' ? fixtures[0].set : undefined;
  const organizationId = values.organization ?? single?.organizationId;
  const workspaceId = values.workspace ?? single?.workspaceId;
  const scope = { ...(organizationId && { organizationId }), ...(workspaceId && { workspaceId }) };
  const ignored = fixtures.reduce((n, f) => n + (f.kind === 'set' ? f.set.subscriptions.length : 0), 0);

  const baseUrl = emulatorUrl(values.url, io.env);
  const result: ReplayView = { fired: 0, failed: 0, results: [] };
  for (const batch of batches(eventsOf(fixtures))) {
    const answer = await callEmulator<ReplayView>(baseUrl, '/_emulator/replay', {
      method: 'POST',
      body: { ...scope, events: batch.events },
    });
    result.fired += answer.fired;
    result.failed += answer.failed;
    result.results.push(...answer.results.map((r) => ({ ...r, index: r.index + batch.offset })));
  }
  printFired(io, {
    json: values.json,
    answer: result,
    heading: [
      `replayed ${result.fired} of ${result.results.length} events from ${target}`,
      ...(ignored > 0 ? [`  (${ignored} subscriptions in the file were not created: replay fires events only; use start --load)`] : []),
    ],
    entries: result.results.map((r) => ({ index: r.index, label: r.event, ...(r.ok ? { fired: r } : { error: r.error.message }) })),
  });
  return result.failed > 0 ? 1 : 0;
}

// The emulator caps request bodies (1 MiB by default): a long recording goes in several requests, in order.
const BATCH_BYTES = 512 * 1024;

function batches<T>(events: readonly T[]): { offset: number; events: T[] }[] {
  const out: { offset: number; events: T[] }[] = [];
  let current: { offset: number; events: T[] } = { offset: 0, events: [] };
  let size = 0;
  for (const [index, event] of events.entries()) {
    const bytes = Buffer.byteLength(JSON.stringify(event));
    if (current.events.length > 0 && size + bytes > BATCH_BYTES) {
      out.push(current);
      current = { offset: index, events: [] };
      size = 0;
    }
    current.events.push(event);
    size += bytes;
  }
  if (current.events.length > 0 || out.length === 0) out.push(current);
  return out;
}
