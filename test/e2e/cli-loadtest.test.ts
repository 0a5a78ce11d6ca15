import { beforeEach, describe, expect, it } from 'vitest';
import { createReceiver, startEmulator, type Receiver, type StartedEmulator } from '../../src/index.js';
import type { LoadTestReport } from '../../src/views/load-test-views.js';
import { useCleanup } from '../helpers/cleanup.js';
import { cleanUpAfterEach, spawnCli } from '../helpers/cli.js';

const track = useCleanup();
const { running } = cleanUpAfterEach();
let emulator: StartedEmulator;
let receiver: Receiver;

beforeEach(async () => {
  receiver = track(await createReceiver({ signingKey: 'cli-key' }));
  emulator = track(await startEmulator());
  await emulator.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/bird`, signingKey: 'cli-key' });
});

const loadtest = (...args: string[]) => {
  const cli = spawnCli(['loadtest', ...args, '--url', emulator.url]);
  running.add(cli);
  return cli;
};

describe('bird-webhook-emulator loadtest', () => {
  it('runs a bounded load test and prints the report as a table', async () => {
    const cli = loadtest('sms.inbound', '--rate', '50/s', '--count', '20', '--concurrency', '4');
    expect(await cli.exited).toBe(0);
    const output = cli.stdout.join('\n');
    expect(output).toMatch(
      /^loadtest sms\.inbound \(notifications API\) finished after [\d.]+ s: 50\/s, 20 events, concurrency 4, retries off/m,
    );
    expect(output).toMatch(/events fired\s+20 /);
    expect(output).toMatch(/deliveries\s+20: 20 succeeded, 0 failed/);
    expect(output).toMatch(/rate\s+50\/s asked, [\d.]+\/s achieved/);
    expect(output).toMatch(/latency\s+p50 [\d.]+ ms\s+p90 [\d.]+ ms\s+p99 [\d.]+ ms\s+max [\d.]+ ms/);
    expect(output).toMatch(/status codes\s+200: 20/);
    expect(output).toMatch(/timeouts\s+0/);
    expect(output).toMatch(/connection errors\s+0/);
    expect(receiver.requests.filter((r) => r.signatureValid)).toHaveLength(20);
  });

  it('prints the report as JSON with --json, and takes a payload to merge', async () => {
    const cli = loadtest('sms.inbound', '--count', '5', '--json', '--payload', '{"body":{"text":{"text":"load"}}}');
    expect(await cli.exited).toBe(0);
    const report = JSON.parse(cli.stdout.join('\n')) as LoadTestReport;
    expect(report).toMatchObject({ status: 'finished', events: { fired: 5 }, deliveries: { succeeded: 5 } });
    expect(receiver.requests.map((r) => (r.body as { payload: { body: { text: { text: string } } } }).payload.body.text.text)).toEqual(
      Array(5).fill('load'),
    );
  });

  it('stops on Ctrl-C, printing the partial report, and exits 130', async () => {
    const cli = loadtest('sms.inbound', '--rate', '20', '--duration', '60');
    // Once it is firing, as a user would press Ctrl-C a moment in.
    for (let i = 0; i < 300 && (emulator.emulator.loadTests.latest()?.events.fired ?? 0) < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(130);
    expect(cli.stderr.join('\n')).toMatch(/stopping the load test/);
    const output = cli.stdout.join('\n');
    expect(output).toMatch(/^loadtest sms\.inbound \(notifications API\) stopped after/m);
    const fired = Number(/events fired\s+(\d+)/.exec(output)?.[1]);
    expect(fired).toBeGreaterThanOrEqual(3);
    expect(fired).toBeLessThan(1200);
    expect(emulator.emulator.loadTests.latest()?.status).toBe('stopped');
  });

  it('refuses an unbounded run before asking the emulator, and says why a run cannot start', async () => {
    const unbounded = loadtest('sms.inbound', '--rate', '10');
    expect(await unbounded.exited).toBe(1);
    expect(unbounded.stderr.join('\n')).toMatch(/must be bounded: give --count, --duration or both/);
    const nobody = loadtest('sms.outbound', '--count', '1');
    expect(await nobody.exited).toBe(1);
    expect(nobody.stderr.join('\n')).toMatch(/422 No subscription receives sms\.outbound/);
  });
});

describe('bird-webhook-emulator loadtest, checked for CI', () => {
  it('with --strict, exits 3 after the report when deliveries failed, and says how many; without it, 0', async () => {
    receiver.answer([{ status: 500 }, { status: 500 }]);
    const unchecked = loadtest('sms.inbound', '--count', '5', '--concurrency', '1');
    expect(await unchecked.exited).toBe(0);
    expect(unchecked.stdout.join('\n')).toMatch(/deliveries\s+5: 3 succeeded, 2 failed/);

    receiver.answer([{ status: 500 }, { status: 500 }]);
    const strict = loadtest('sms.inbound', '--count', '5', '--concurrency', '1', '--strict');
    expect(await strict.exited).toBe(3);
    expect(strict.stdout.join('\n')).toMatch(/status codes\s+200: 3, 500: 2/);
    expect(strict.stderr).toEqual(['loadtest check failed: 2 of 5 deliveries failed']);

    const clean = loadtest('sms.inbound', '--count', '5', '--strict', '--json');
    expect(await clean.exited).toBe(0);
    expect(clean.stderr).toEqual([]);
  });

  it('with --strict, exits 3 when the rate fell behind; --max-p99 holds the latency from the schedule', async () => {
    // One slot and 100 ms per answer: at most 10/s, against 100/s asked.
    receiver.answer([], { status: 200, body: 'ok', delayMs: 100 });
    const slow = loadtest('sms.inbound', '--rate', '100/s', '--count', '8', '--concurrency', '1', '--strict', '--max-p99', '50');
    expect(await slow.exited).toBe(3);
    expect(slow.stdout.join('\n')).toMatch(/FELL BEHIND by/);
    const complaints = slow.stderr.join('\n');
    expect(complaints).toMatch(/^loadtest check failed: the rate fell behind by [\d.]+%$/m);
    expect(complaints).toMatch(/^loadtest check failed: the latency p99 was \d+ ms, above --max-p99 50\.0 ms$/m);
    expect(complaints).not.toMatch(/deliveries failed/);

    // The same receiver, no rate to keep and a p99 it meets.
    const generous = loadtest('sms.inbound', '--count', '3', '--strict', '--max-p99', '60000');
    expect(await generous.exited).toBe(0);
    expect(generous.stderr).toEqual([]);
  });

  it('fails --max-p99 when no delivery was answered at all, and refuses a --max-p99 that is not above 0', async () => {
    receiver.answer([], { destroy: true });
    const down = loadtest('sms.inbound', '--count', '3', '--max-p99', '1000');
    expect(await down.exited).toBe(3);
    expect(down.stdout.join('\n')).toMatch(/connection errors\s+3/);
    expect(down.stderr).toEqual(['loadtest check failed: no delivery was answered, so there is no latency p99 to hold to --max-p99']);

    for (const bad of ['0', 'soon']) {
      const refused = loadtest('sms.inbound', '--count', '3', '--max-p99', bad);
      expect(await refused.exited).toBe(1);
      expect(refused.stderr.join('\n')).toMatch(/--max-p99 must be (above 0|a number)/);
    }
    expect(receiver.requests).toHaveLength(3);
  });
});
