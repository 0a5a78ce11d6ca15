import { fileURLToPath } from 'node:url';
import { startEmulator } from '../../src/harness/start-emulator.js';
import { spawnNode } from './processes.js';
import { median, nowNs } from './stats.js';

const CLI = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const BARE = fileURLToPath(new URL('bare-server.mjs', import.meta.url));

export interface StartupRun {
  /** Spawn to the ready line of `node dist/cli/bin.js --port 0 --in-memory`, ms. */
  cliMs: number;
  /** The same for a bare node:http server script. */
  bareMs: number;
  /** `await startEmulator()` in this process, ms. */
  inProcessMs: number;
}

/** Medians of `runs` cold starts of the compiled CLI and of a bare server, alternated, and of startEmulator(). */
export async function measureStartup(runs: number): Promise<StartupRun> {
  const cli: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [args, ready, into] of [
      [[CLI, '--port', '0', '--in-memory'], /ready at/, cli],
      [[BARE], /ready at/, bare],
    ] as const) {
      const spawned = await spawnNode(args, { ready });
      into.push(spawned.readyMs);
      const code = await spawned.stop();
      if (code !== 0) throw new Error(`node ${args.join(' ')} exited with ${code} on SIGTERM`);
    }
  }
  const inProcess: number[] = [];
  for (let i = 0; i < Math.max(runs, 5); i++) {
    const started = nowNs();
    const emulator = await startEmulator();
    inProcess.push((nowNs() - started) / 1e6);
    await emulator.close();
  }
  return { cliMs: median(cli), bareMs: median(bare), inProcessMs: median(inProcess) };
}
