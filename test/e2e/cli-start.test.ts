import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnCli, startCli } from '../helpers/cli.js';

const ORG = 'cb28a94e-8557-4394-80ea-5bbd2170d434';
const WS = 'b4e02c85-c6d2-4b15-8885-e09671799c61';
const AUTH = { authorization: 'AccessKey test', 'content-type': 'application/json' };
const subscriptionsUrl = (base: string) => `${base}/organizations/${ORG}/workspaces/${WS}/webhook-subscriptions`;

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bird-emulator-cli-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('bird-webhook-emulator start', () => {
  it('prints one ready line with the base URL and serves the health check', async () => {
    const cli = await startCli(['--port', '0', '--in-memory']);
    try {
      const health = await fetch(`${cli.url}/_emulator/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', version: expect.any(String), uptimeMs: expect.any(Number) });
      expect(cli.stdout.filter((l) => l.includes('ready at'))).toHaveLength(1);
    } finally {
      await cli.stop();
    }
  });

  it('keeps subscriptions across a restart of the process and shuts down cleanly on SIGTERM and SIGINT', async () => {
    const first = await startCli(['--port', '0', '--data', dataDir]);
    let id: string;
    try {
      const created = await fetch(subscriptionsUrl(first.url), {
        method: 'POST',
        headers: AUTH,
        body: JSON.stringify({ service: 'channels', event: 'sms.inbound', url: 'http://localhost:3000/hook', signingKey: 'k' }),
      });
      expect(created.status).toBe(201);
      id = ((await created.json()) as { id: string }).id;
    } finally {
      expect(await first.stop('SIGTERM')).toBe(0);
    }
    expect(first.stdout.some((l) => l.includes('stopped'))).toBe(true);

    const second = await startCli(['--port', '0', '--data', dataDir]);
    try {
      const got = await fetch(`${subscriptionsUrl(second.url)}/${id}`, { headers: AUTH });
      expect(got.status).toBe(200);
      expect(await got.json()).toMatchObject({ id, event: 'sms.inbound', signingKey: 'k' });
    } finally {
      expect(await second.stop('SIGINT')).toBe(0);
    }
  });

  it('refuses to start on a corrupt data file, names it, and leaves it untouched', async () => {
    const file = join(dataDir, 'subscriptions.json');
    await writeFile(file, '{"version":1,"subscriptions":[{"id": ');
    const cli = spawnCli(['--port', '0', '--data', dataDir]);
    expect(await cli.exited).toBe(1);
    expect(cli.stderr.join('\n')).toContain(file);
    expect(cli.stderr.join('\n')).toMatch(/not valid JSON/);
    expect(await readFile(file, 'utf8')).toBe('{"version":1,"subscriptions":[{"id": ');
  });

  it('refuses a hand-broken data file with the path of the problem', async () => {
    const file = join(dataDir, 'subscriptions.json');
    await writeFile(file, JSON.stringify({ version: 1, subscriptions: [{ id: 'not-a-uuid' }] }));
    const cli = spawnCli(['--port', '0', '--data', dataDir]);
    expect(await cli.exited).toBe(1);
    expect(cli.stderr.join('\n')).toContain(file);
    expect(cli.stderr.join('\n')).toContain('subscriptions[0].id');
  });

  it('exits non-zero with a clear message when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const cli = spawnCli(['--port', String(port), '--in-memory']);
      expect(await cli.exited).toBe(1);
      expect(cli.stderr.join('\n')).toMatch(new RegExp(`Port ${port} .*already in use`));
    } finally {
      blocker.close();
    }
  });

  it('takes options from the environment, with flags winning', async () => {
    // The environment's port is unusable; the flag must win over it.
    const cli = await startCli(['--in-memory', '--port', '0'], { env: { BIRD_EMULATOR_PORT: 'abc', BIRD_EMULATOR_ACCESS_KEYS: 'k1,k2' } });
    try {
      const list = (key: string) => fetch(subscriptionsUrl(cli.url), { headers: { authorization: `AccessKey ${key}` } });
      expect((await list('k2')).status).toBe(200);
      const refused = await list('other');
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ code: 'Unauthorized' });
    } finally {
      await cli.stop();
    }
  });

  it('runs on a virtual clock with --clock virtual, advanced over HTTP', async () => {
    const cli = await startCli(['--port', '0', '--in-memory', '--clock', 'virtual', '--clock-start', '2030-01-01T00:00:00.000Z']);
    try {
      const advanced = await fetch(`${cli.url}/_emulator/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ms: 90_000 }),
      });
      expect(await advanced.json()).toMatchObject({ kind: 'virtual', now: '2030-01-01T00:01:30.000Z' });
    } finally {
      await cli.stop();
    }
  });

  it('answers --help and --version, and refuses an unknown flag with exit code 2', async () => {
    const help = spawnCli(['--help']);
    expect(await help.exited).toBe(0);
    expect(help.stdout.join('\n')).toContain('--strict-urls');
    const version = spawnCli(['--version']);
    expect(await version.exited).toBe(0);
    expect(version.stdout[0]).toMatch(/^\d+\.\d+\.\d+/);
    const bad = spawnCli(['--no-such-flag']);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr.join('\n')).toContain('--no-such-flag');
  });
});
