import { afterEach, describe, expect, it } from 'vitest';
import { createReceiver, type Receiver } from '../../src/harness/receiver.js';
import { spawnCli, startCli, type CliProcess } from '../helpers/cli.js';
import { ORG, startTestEmulator, WS, type TestEmulator } from '../helpers/emulator-server.js';

const SMS = { service: 'channels', event: 'sms.inbound' };

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function tail(args: string[], env: Record<string, string> = {}): Promise<CliProcess> {
  const cli = spawnCli(['tail', ...args], { env: { NO_COLOR: '', FORCE_COLOR: '0', ...env } });
  cleanup.push(() => cli.stop('SIGINT'));
  return cli;
}

/** Resolves once the process has written a line matching `pattern` to stderr. */
async function waitForStderr(cli: CliProcess, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = cli.stderr.find((l) => pattern.test(l));
    if (line !== undefined) return line;
    if (Date.now() > deadline)
      throw new Error(`no stderr line matching ${pattern}; stderr: ${cli.stderr.join('\n')}; stdout: ${cli.stdout.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('bird-webhook-emulator tail', () => {
  let emulator: TestEmulator;
  let receiver: Receiver;

  it('prints one line per frame: the event, each attempt (-->) with status, URL and duration, and the outcome (<--)', async () => {
    emulator = await startTestEmulator({}, { live: true });
    cleanup.push(() => emulator.close());
    receiver = await createReceiver({ fail: [{ status: 503 }] });
    cleanup.push(() => receiver.close());
    const cli = await tail(['--url', emulator.url]);
    await waitForStderr(cli, /^Connected to ws:\/\/127\.0\.0\.1:\d+\/_emulator\/ws/);

    const sub = await emulator.subscribe({ ...SMS, url: `${receiver.url}/hook` });
    const fired = await emulator.fire({ event: 'sms.inbound' });
    const deliveryId = fired.deliveries[0]?.id as string;

    expect(await cli.waitForLine(/\+\+\+ subscription created/)).toContain(`${receiver.url}/hook`);
    expect(await cli.waitForLine(/\*\*\* sms\.inbound fired/)).toMatch(
      new RegExp(`fired \\(api\\): 1 delivery\\s+\\[event ${fired.id}\\]`),
    );
    const first = await cli.waitForLine(/--> \[503\]/);
    expect(first).toMatch(
      new RegExp(
        `^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  --> \\[503\\] POST ${receiver.url}/hook  \\d+ ms  sms\\.inbound attempt 1/3  \\[delivery ${deliveryId}\\]$`,
      ),
    );
    expect(await cli.waitForLine(/retry 2\/3 at/)).toContain(deliveryId);
    expect(await cli.waitForLine(/--> \[200\]/)).toContain('attempt 2/3');
    expect(await cli.waitForLine(/<-- succeeded/)).toContain(`sms.inbound ${receiver.url}/hook after 2 attempts`);
    expect(sub.id).toBeDefined();
    // No colour codes: stdout is not a terminal.
    expect(cli.stdout.join('\n')).not.toContain('\u001b[');

    expect(await cli.stop('SIGINT')).toBe(0);
  });

  it('--json prints the raw frames, one per line, hello first; --replay shows what came before', async () => {
    emulator = await startTestEmulator({}, { live: true });
    cleanup.push(() => emulator.close());
    await emulator.fire({ event: 'sms.inbound' });
    await emulator.fire({ event: 'sms.inbound' });
    const cli = await tail(['--json', '--replay', '1'], { BIRD_EMULATOR_URL: emulator.url });

    await cli.waitForLine(/"seq":2/);
    await emulator.fire({ event: 'sms.inbound' });
    await cli.waitForLine(/"seq":3/);
    const frames = cli.stdout.filter(Boolean).map((line) => JSON.parse(line));
    expect(frames.map((f) => [f.seq, f.type])).toEqual([
      [0, 'hello'],
      [2, 'event.fired'],
      [3, 'event.fired'],
    ]);
    expect(frames[0]).toMatchObject({ v: 1, data: { replayed: 1, lastSeq: 2 } });
    expect(frames[2]).toMatchObject({ v: 1, at: expect.any(String), data: { event: { event: 'sms.inbound', matched: 0 } } });
  });

  it('colours its lines when FORCE_COLOR is set, and not with NO_COLOR', async () => {
    emulator = await startTestEmulator({}, { live: true });
    cleanup.push(() => emulator.close());
    const coloured = await tail(['--url', emulator.url], { FORCE_COLOR: '1' });
    const plain = await tail(['--url', emulator.url], { FORCE_COLOR: '1', NO_COLOR: '1' });
    await waitForStderr(coloured, /Connected/);
    await waitForStderr(plain, /Connected/);
    await emulator.fire({ event: 'sms.inbound' });
    expect(await coloured.waitForLine(/fired/)).toContain('\u001b[36m***\u001b[39m');
    expect(await plain.waitForLine(/fired/)).not.toContain('\u001b[');
  });

  it('reconnects when the emulator restarts on the same port, says so, and prints the new frames', { timeout: 60_000 }, async () => {
    const first = await startCli(['--port', '0', '--in-memory']);
    cleanup.push(() => first.stop());
    const port = new URL(first.url).port;
    const cli = await tail(['--url', first.url]);
    await waitForStderr(cli, /^Connected to/);
    const fire = (base: string) =>
      fetch(`${base}/_emulator/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ event: 'sms.inbound' }),
      });
    expect((await fire(first.url)).status).toBe(201);
    await cli.waitForLine(/\*\*\* sms\.inbound fired/);

    expect(await first.stop('SIGTERM')).toBe(0);
    await waitForStderr(cli, /^Disconnected \(1001 emulator stopping\); reconnecting in \d+ ms/);

    const second = await startCli(['--port', port, '--in-memory']);
    cleanup.push(() => second.stop());
    await waitForStderr(cli, /^Reconnected to .* \(the emulator restarted\)/);
    const sub = await fetch(`${second.url}/organizations/${ORG}/workspaces/${WS}/webhook-subscriptions`, {
      method: 'POST',
      headers: { authorization: 'AccessKey test', 'content-type': 'application/json' },
      body: JSON.stringify({ ...SMS, url: 'http://localhost:9/hook' }),
    });
    expect(sub.status).toBe(201);
    expect(await cli.waitForLine(/\+\+\+ subscription created/)).toContain('http://localhost:9/hook');
    expect(cli.stdout.filter((l) => l.includes('fired'))).toHaveLength(1);
  });

  it('exits 1 with the reason when the emulator refuses the connection or --replay is not a number', async () => {
    emulator = await startTestEmulator({}, { live: true });
    cleanup.push(() => emulator.close());
    const refused = await tail(['--url', `${emulator.url}/not-the-emulator`]);
    expect(await refused.exited).toBe(1);
    expect(refused.stderr.join('\n')).toMatch(/refused the live log \(404\)/);
    const bad = await tail(['--replay', 'many', '--url', emulator.url]);
    expect(await bad.exited).toBe(1);
    expect(bad.stderr.join('\n')).toContain('--replay must be a whole number');
  });
});
