import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createReceiver } from '../../src/harness/receiver.js';
import { startEmulator } from '../../src/harness/start-emulator.js';
import { spawnCli, startCli, type CliProcess } from '../helpers/cli.js';
import { useCleanup } from '../helpers/cleanup.js';
import { api, tempDir } from '../helpers/emulator-server.js';

const track = useCleanup();
const running: CliProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
});

const SEED = JSON.parse(await readFile(new URL('../../fixtures/seed.json', import.meta.url), 'utf8')) as {
  organizationId: string;
  workspaceId: string;
  subscriptions: { event: string }[];
};
const SEED_LIST = `/organizations/${SEED.organizationId}/workspaces/${SEED.workspaceId}/webhook-subscriptions?limit=100`;

async function start(args: string[], env: Record<string, string> = {}) {
  const cli = await startCli(['--port', '0', ...args], { env });
  running.push(cli);
  return cli;
}

async function run(args: string[]) {
  const cli = spawnCli(args);
  running.push(cli);
  const code = await cli.exited;
  return { code, stdout: cli.stdout.join('\n'), stderr: cli.stderr.join('\n') };
}

describe('--load at start', () => {
  it('--load fixtures/seed.json creates the seed subscriptions, once even across restarts', async () => {
    const data = track({ ...(await tempDir()), close: async () => undefined });
    const first = await start(['--data', data.path, '--load', 'fixtures/seed.json']);
    const listed = await api(first.url).get<{ results: { event: string; signingKey: string; url: string }[] }>(SEED_LIST);
    expect(listed.status).toBe(200);
    expect(listed.body.results.map((s) => s.event).sort()).toEqual(SEED.subscriptions.map((s) => s.event).sort());
    expect(listed.body.results.every((s) => s.signingKey === 'seed-signing-key' && s.url === 'http://localhost:3000/webhooks/bird')).toBe(
      true,
    );
    expect(await first.stop()).toBe(0);

    // The same seed on the same data folder: nothing duplicated.
    const second = await start(['--data', data.path], { BIRD_EMULATOR_LOAD: 'fixtures/seed.json' });
    const again = await api(second.url).get<{ results: unknown[] }>(SEED_LIST);
    expect(again.body.results).toHaveLength(SEED.subscriptions.length);
  });

  it('stops start-up with the file and the path of a broken fixture', async () => {
    const dir = track({ ...(await tempDir()), close: async () => undefined });
    const file = join(dir.path, 'seed.json');
    await writeFile(
      file,
      JSON.stringify({ workspaceId: SEED.workspaceId, subscriptions: [{ service: 'channels', event: 'sms.inbound', url: 'ftp://x' }] }),
    );
    const bad = await run(['--port', '0', '--in-memory', '--load', file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(file);
    expect(bad.stderr).toContain('.subscriptions[0].url');
    await writeFile(file, JSON.stringify({ events: [{ service: 'channels', event: 'sms.inbound', payload: { status: 'lost' } }] }));
    const invalid = await run(['--port', '0', '--in-memory', '--load', file]);
    expect(invalid.stderr).toMatch(/not a valid sms\.inbound payload at \.events\[0\]\.payload/);
  });

  it('replays the events of a loaded fixture set after creating its subscriptions (library)', async () => {
    const receiver = track(await createReceiver({ signingKey: 'k' }));
    const dir = track({ ...(await tempDir()), close: async () => undefined });
    const file = join(dir.path, 'set.json');
    const sample = JSON.parse(await readFile(new URL('../../fixtures/events/sms.inbound.json', import.meta.url), 'utf8'));
    await writeFile(
      file,
      JSON.stringify({
        workspaceId: SEED.workspaceId,
        subscriptions: [{ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/hook`, signingKey: 'k' }],
        events: [sample],
      }),
    );
    const emulator = track(await startEmulator({ load: file }));
    const [request] = await receiver.waitForRequests(1);
    expect(request?.signatureValid).toBe(true);
    expect(request?.body).toEqual(sample);
    expect(emulator.emulator.history.events()[0]?.source).toBe('replay');
  });
});

describe('bird-webhook-emulator scenario and replay', () => {
  it('runs a scenario file against a running emulator, steps in order, references resolved', async () => {
    const receiver = track(await createReceiver({ signingKey: 'k' }));
    const emulator = await start(['--in-memory']);
    await api(emulator.url).post(`/organizations/${SEED.organizationId}/workspaces/${SEED.workspaceId}/webhook-subscriptions`, {
      service: 'channels',
      event: 'sms.outbound',
      url: `${receiver.url}/hook`,
      signingKey: 'k',
    });
    const dir = track({ ...(await tempDir()), close: async () => undefined });
    const file = join(dir.path, 'quick.json');
    await writeFile(
      file,
      JSON.stringify({
        name: 'quick',
        steps: [
          { id: 'msg', event: 'sms.outbound', payload: { status: 'accepted' } },
          { event: 'sms.outbound', delayMs: 50, payload: { id: '{{steps.msg.payload.id}}', status: 'sent' } },
          { event: 'sms.outbound', delayMs: 50, payload: { id: '{{steps.msg.payload.id}}', status: 'delivered' } },
        ],
      }),
    );
    const result = await run(['scenario', file, '--url', emulator.url]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^scenario quick: 3 steps\n {2}1\. msg sms\.outbound \[event [0-9a-f-]{36}\]\n {5}--> .*\/hook {2}succeeded {2}HTTP 200/,
    );
    expect(result.stdout).toContain('3. sms.outbound (after 50 ms)');
    const bodies = receiver.requests.map((r) => r.body as { payload: { id: string; status: string } });
    expect(bodies.map((b) => b.payload.status)).toEqual(['accepted', 'sent', 'delivered']);
    expect(new Set(bodies.map((b) => b.payload.id)).size).toBe(1);
    expect(receiver.requests.every((r) => r.signatureValid)).toBe(true);
  });

  it('runs a shipped scenario by name, and names the file and path of a broken one', async () => {
    const emulator = await start(['--in-memory']);
    const shipped = await run(['scenario', 'email-bounced', '--url', emulator.url, '--json']);
    expect(shipped.code, shipped.stderr).toBe(0);
    const answer = JSON.parse(shipped.stdout) as { name: string; steps: { payload: { status: string } }[] };
    expect(answer.name).toBe('email-bounced');
    expect(answer.steps.map((s) => s.payload.status)).toEqual(['sent', 'delivery_failed']);

    const dir = track({ ...(await tempDir()), close: async () => undefined });
    const file = join(dir.path, 'broken.json');
    await writeFile(file, JSON.stringify({ name: 'broken', steps: [{ event: 'sms.outbound', delayMs: 'soon' }] }));
    const broken = await run(['scenario', file, '--url', emulator.url]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`${file}: invalid scenario at .steps[0].delayMs`);
    const unknown = await run(['scenario', 'no-such-scenario', '--url', emulator.url]);
    expect(unknown.stderr).toContain('404 No shipped scenario is named "no-such-scenario"');
  });

  it('replay reports an event the emulator cannot fire and exits 1, firing the others', async () => {
    const emulator = await start(['--in-memory']);
    const dir = track({ ...(await tempDir()), close: async () => undefined });
    await writeFile(join(dir.path, 'a.json'), await readFile(new URL('../../fixtures/events/sms.inbound.json', import.meta.url), 'utf8'));
    await writeFile(join(dir.path, 'b.json'), JSON.stringify({ service: 'channels', event: 'sms.unknown', payload: {} }));
    const result = await run(['replay', dir.path, '--url', emulator.url]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('replayed 1 of 2 events');
    expect(result.stdout).toMatch(/2\. sms\.unknown NOT FIRED: .*--catalog/);
  });
});
