import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator-server.js';

const RECEIVER = fileURLToPath(new URL('../helpers/receiver-process.mjs', import.meta.url));

interface Report {
  requestId: string;
  verified: boolean;
  event: string;
  path: string;
  reason?: string;
}

/** Each path of the receiver with its subscription: keys chosen to catch encoding mistakes. */
const TARGETS = [
  { path: '/sms', service: 'channels', event: 'sms.inbound', signingKey: 'secureSigningKey' },
  { path: '/email', service: 'channels', event: 'email.outbound', signingKey: 'ünïcødé kéy ✓' },
  // Looks like base64: Bird uses it as given, never decoded.
  { path: '/whatsapp', service: 'channels', event: 'whatsapp.interaction', signingKey: 'c2VjcmV0LWxvb2tzLWxpa2UtYmFzZTY0' },
  { path: '/voice?tenant=a&x=%20y', service: 'channels', event: 'voice.outbound', signingKey: 'k' },
  { path: '/templates/created', service: 'templates', event: 'template.created', signingKey: 'a much longer signing key '.repeat(20) },
] as const;

/** Starts the receiver process and resolves once it prints its port. */
function startReceiverProcess(keys: Record<string, string>) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [RECEIVER], {
    env: { ...process.env, RECEIVER_KEYS: JSON.stringify(keys) },
  });
  const reports: Report[] = [];
  const stderr: string[] = [];
  let wake = () => {};
  let partial = '';
  let port: number | undefined;
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const parsed = JSON.parse(line) as { port?: number } & Report;
      if (port === undefined && parsed.port !== undefined) port = parsed.port;
      else reports.push(parsed);
    }
    wake();
  });
  const until = (ready: () => boolean, what: string, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`receiver process: no ${what} within ${timeoutMs} ms; stderr: ${stderr.join('')}`)),
        timeoutMs,
      );
      const onExit = () => reject(new Error(`receiver process exited (${child.exitCode}); stderr: ${stderr.join('')}`));
      child.once('exit', onExit);
      wake = () => {
        if (!ready()) return;
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve();
      };
      wake();
    });
  return {
    reports,
    async port() {
      await until(() => port !== undefined, 'port line');
      return port as number;
    },
    waitForReports: (count: number) => until(() => reports.length >= count, `${count} reports`),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

describe('signatures checked by an independent receiver process', () => {
  it("verifies every delivery of several events with its own implementation of Bird's algorithm", async () => {
    const receiver = startReceiverProcess(Object.fromEntries(TARGETS.map((t) => [t.path, t.signingKey])));
    const emu = await startTestEmulator().catch(async (error: unknown) => {
      await receiver.stop();
      throw error;
    });
    try {
      const base = `http://127.0.0.1:${await receiver.port()}`;
      for (const target of TARGETS) {
        await emu.subscribe({ service: target.service, event: target.event, url: `${base}${target.path}`, signingKey: target.signingKey });
      }
      const fired = await Promise.all([
        ...TARGETS.map((t) => emu.fire({ event: t.event })),
        // Non-ASCII text in the body: the digest must cover the UTF-8 bytes sent.
        emu.fire({
          event: 'sms.inbound',
          payload: { body: { type: 'text', text: { text: 'héllo 👋 — «quotes» \u2028 and \\ slashes' } } },
        }),
        emu.fire({ event: 'email.outbound', payload: { reference: 'ünïcødé-reference' } }),
      ]);
      const requestIds = fired.flatMap((f) => f.deliveries.map((d) => d.id));
      expect(requestIds).toHaveLength(TARGETS.length + 2);

      await receiver.waitForReports(requestIds.length);
      expect(receiver.reports.map((r) => r.requestId).sort()).toEqual([...requestIds].sort());
      for (const report of receiver.reports) expect(report, `${report.event} at ${report.path}`).toMatchObject({ verified: true });
      expect(new Set(receiver.reports.map((r) => r.event))).toEqual(new Set(TARGETS.map((t) => t.event)));
    } finally {
      await emu.close();
      await receiver.stop();
    }
  });
});
