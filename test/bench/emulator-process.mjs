// The emulator under load, in its own process and from the compiled package (dist/), started as a
// user's test setup would: startEmulator() with the options given as JSON in argv[2]. No activity
// is logged, so the figures are the emulator's and not those of a terminal.
//
// First stdout line: {"url":…}. IPC message "rss" → {rss, heapUsed, cpuUs (CPU time so far, user + system)}. SIGTERM closes cleanly
// (journal flushed) and exits 0.
import { startEmulator } from '../../dist/index.js';

const emulator = await startEmulator(JSON.parse(process.argv[2] ?? '{}'));
process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`);

process.on('message', (message) => {
  if (message === 'rss') {
    const { user, system } = process.cpuUsage();
    process.send?.({ rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed, cpuUs: user + system });
  }
});
process.once('SIGTERM', async () => {
  await emulator.close();
  process.exit(0);
});
