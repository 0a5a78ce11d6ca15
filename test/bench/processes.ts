import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface Spawned {
  child: ChildProcess;
  /** The first stdout line matching the ready pattern. */
  readyLine: string;
  /** Milliseconds from `spawn()` to that line. */
  readyMs: number;
  /** Sends SIGTERM and resolves with the exit code once the process is gone. */
  stop(): Promise<number | null>;
}

export interface SpawnOptions {
  /** The line that says the process is ready. */
  ready: RegExp;
  env?: Record<string, string>;
  /** Opens an IPC channel (for `child.send`). */
  ipc?: boolean;
  timeoutMs?: number;
}

/** Spawns `node args…` and resolves once it prints its ready line; the rest of stdout is drained. */
export function spawnNode(args: readonly string[], options: SpawnOptions): Promise<Spawned> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
  return new Promise((resolve, reject) => {
    let partial = '';
    let done = false;
    const fail = (why: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void stop();
      reject(new Error(`node ${args.join(' ')} ${why}; stderr: ${stderr}`));
    };
    const timer = setTimeout(() => fail(`printed no ready line within ${options.timeoutMs ?? 30_000} ms`), options.timeoutMs ?? 30_000);
    void exited.then((code) => fail(`exited with ${code} before it was ready`));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (done) return;
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      const line = lines.find((l) => options.ready.test(l));
      if (line === undefined) return;
      const readyMs = performance.now() - started;
      done = true;
      clearTimeout(timer);
      resolve({ child, readyLine: line, readyMs, stop });
    });
  });
}
