import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EmulatorError } from '../../errors.js';
import { deepMerge, isPlainObject } from '../../objects.js';
import { callEmulator, emulatorUrl } from '../client.js';
import { describeDelivery, type DeliveryView, type FiredView } from '../fired-events.js';
import type { CliIo } from '../io.js';

export const TRIGGER_HELP = `Usage: bird-webhook-emulator trigger <event> [options]

Fires an event of either Bird API (sms.inbound, email.delivered…) into a running emulator and
prints where it was delivered.

Options:
      --set <path=value>    set a payload field (dot path; the platform API's data); value is JSON if it
                            parses, else a string; repeatable
      --payload <file>      a JSON object merged over the generated payload (before --set)
      --api <name>          notifications or platform, when a name is ambiguous
      --service <name>      the event's service (Notifications API), when a name is ambiguous
      --organization <id>   fire into one organization (Notifications API)
      --workspace <id>      fire into one workspace: a UUID, or a platform ws_ id (default: every workspace)
      --no-wait             do not wait for the first attempts
      --json                print the emulator's answer as JSON
      --url <url>           the emulator (default http://127.0.0.1:4747) [BIRD_EMULATOR_URL]`;

interface TriggeredDelivery extends DeliveryView {
  attemptCount: number;
}
interface TriggeredView extends FiredView {
  deliveries: TriggeredDelivery[];
}

/** `trigger <event>`: POST /_emulator/events, then report each delivery's first outcome. */
export async function triggerCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      set: { type: 'string', multiple: true },
      payload: { type: 'string' },
      api: { type: 'string' },
      service: { type: 'string' },
      organization: { type: 'string' },
      workspace: { type: 'string' },
      'no-wait': { type: 'boolean' },
      json: { type: 'boolean' },
      url: { type: 'string' },
    },
  });
  const [event, ...extra] = positionals;
  if (!event || extra.length > 0) throw new EmulatorError('BadRequest', 'trigger takes exactly one event name, e.g. trigger sms.inbound');
  const baseUrl = emulatorUrl(values.url, io.env);
  let payload: Record<string, unknown> = values.payload ? await readPayloadFile(values.payload) : {};
  for (const assignment of values.set ?? []) payload = deepMerge(payload, parseAssignment(assignment));

  const fired = await callEmulator<TriggeredView>(baseUrl, '/_emulator/events', {
    method: 'POST',
    body: {
      event,
      ...(values.api && { api: values.api }),
      ...(values.service && { service: values.service }),
      ...(values.organization && { organizationId: values.organization }),
      ...(values.workspace && { workspaceId: values.workspace }),
      ...(Object.keys(payload).length > 0 && { payload }),
    },
  });
  const deliveries = values['no-wait'] ? fired.deliveries : await Promise.all(fired.deliveries.map((d) => firstOutcome(baseUrl, d)));
  if (values.json) {
    io.stdout(JSON.stringify({ ...fired, deliveries }, null, 2));
    return 0;
  }
  io.stdout(`fired ${fired.event} [event ${fired.id}]`);
  if (deliveries.length === 0) io.stdout('  no active subscription matched; the event is recorded with no delivery');
  for (const d of deliveries) io.stdout(`  ${describeDelivery(d)}`);
  return 0;
}

/** Polls a delivery until its first attempt is recorded (a few seconds at most). */
async function firstOutcome(baseUrl: string, delivery: TriggeredDelivery): Promise<TriggeredDelivery> {
  const deadline = Date.now() + 15_000;
  let current = delivery;
  // A skipped delivery (its endpoint is paused) is never attempted: nothing to wait for.
  while (current.attemptCount === 0 && current.status === 'pending' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const full = await callEmulator<{
      attempts: { response?: { status: number }; error?: { code: string; message: string } }[];
      status: string;
    }>(baseUrl, `/_emulator/deliveries/${delivery.id}`);
    const last = full.attempts[full.attempts.length - 1];
    current = {
      ...current,
      status: full.status,
      attemptCount: full.attempts.length,
      ...(last?.response && { lastStatusCode: last.response.status }),
      ...(last?.error && { lastError: last.error }),
    };
  }
  return current;
}

async function readPayloadFile(file: string): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new EmulatorError('BadRequest', `--payload ${file}: ${(error as Error).message}`);
  }
  if (!isPlainObject(parsed)) throw new EmulatorError('BadRequest', `--payload ${file} must hold a JSON object`);
  return parsed;
}

/** `a.b.c=value` → `{a:{b:{c:value}}}`; the value is JSON when it parses, else the raw string. */
function parseAssignment(assignment: string): Record<string, unknown> {
  const at = assignment.indexOf('=');
  if (at <= 0) throw new EmulatorError('BadRequest', `--set expects path=value (got "${assignment}")`);
  const path = assignment.slice(0, at).split('.');
  const text = assignment.slice(at + 1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}
