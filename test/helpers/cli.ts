import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));

export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  stdout: string[];
  stderr: string[];
  /** Resolves with the first stdout line matching `pattern`; rejects on exit or timeout. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (signal exits give null). */
  exited: Promise<number | null>;
  /** Kills it if still running and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs the CLI from source (node + tsx), as `npm start --` does. */
export function spawnCli(args: readonly string[], options: { env?: Record<string, string>; stdin?: string | Buffer } = {}): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
  });
  if (options.stdin !== undefined) child.stdin.end(options.stdin);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  const collect = (target: string[]) => {
    let partial = '';
    return (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      target.push(...lines);
      for (const wake of waiters) wake();
    };
  };
  child.stdout.on('data', collect(stdout));
  child.stderr.on('data', collect(stderr));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      for (const wake of waiters) wake();
      resolve(code);
    }),
  );

  return {
    child,
    stdout,
    stderr,
    exited,
    waitForLine(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => finish(new Error(`timed out waiting for ${pattern}; stdout: ${stdout.join('\n')}; stderr: ${stderr.join('\n')}`)),
          timeoutMs,
        );
        const check = () => {
          const line = stdout.find((l) => pattern.test(l));
          if (line !== undefined) finish(undefined, line);
          else if (child.exitCode !== null || child.signalCode !== null) {
            finish(new Error(`exited (${child.exitCode}) before ${pattern}; stderr: ${stderr.join('\n')}`));
          }
        };
        const finish = (error?: Error, line?: string) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve(line as string);
        };
        waiters.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Starts `start` with the given flags and waits for the ready line; returns the base URL too. */
export async function startCli(args: readonly string[], options: { env?: Record<string, string> } = {}) {
  const cli = spawnCli(args, options);
  const ready = await cli.waitForLine(/ready at http:\/\//);
  const url = /ready at (http:\/\/\S+)/.exec(ready)?.[1] as string;
  return { ...cli, url };
}

/**
 * For a test file that spawns CLIs and makes temporary folders: after each test, kills what is still
 * `running` and runs the `cleanups` (in order). Call once at the top level of the file.
 */
export function cleanUpAfterEach(): { running: Set<CliProcess>; cleanups: (() => Promise<void>)[] } {
  const running = new Set<CliProcess>();
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all([...running].map((cli) => cli.stop('SIGKILL')));
    running.clear();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  return { running, cleanups };
}
