import { fileURLToPath } from 'node:url';
import { createJsonClient } from './client.js';
import { spawnNode } from './processes.js';

export const SIGNING_KEY = 'bench-signing-key';

export interface ReceiverStats {
  received: number;
  verified: number;
  rejected: number;
  /** Monotonic ns of the first and the last webhook since the last reset. */
  firstAt: number;
  lastAt: number;
  /** The receiver process's CPU time so far (user + system), µs. */
  cpuUs: number;
}

export interface BenchReceiver {
  /** e.g. `http://127.0.0.1:41234`; any path is a webhook endpoint. */
  url: string;
  stats(): Promise<ReceiverStats>;
  /** Arrival (monotonic ns) of each request id (or `webhook-id`) since the last `reset({ arrivals: true })`. */
  arrivals(): Promise<Record<string, number>>;
  /** Empties the counts; `arrivals` keeps each request's arrival time until the next reset. */
  reset(options?: { arrivals?: boolean }): Promise<void>;
  /** Lets Standard Webhooks deliveries signed with `secret` verify. */
  addSecret(secret: string): Promise<void>;
  /** Resolves once `count` webhooks arrived; rejects after `timeoutMs` without progress. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceiverStats>;
  stop(): Promise<void>;
}

/** Starts test/bench/receiver-process.mjs: a separate process that verifies and counts. */
export async function startReceiver(): Promise<BenchReceiver> {
  const spawned = await spawnNode([fileURLToPath(new URL('receiver-process.mjs', import.meta.url))], {
    ready: /"port"/,
    env: { BENCH_SIGNING_KEY: SIGNING_KEY },
  });
  const { port } = JSON.parse(spawned.readyLine) as { port: number };
  const url = `http://127.0.0.1:${port}`;
  const client = createJsonClient(url, 4);
  const stats = () => client.get<ReceiverStats>('/__stats');
  return {
    url,
    stats,
    arrivals: () => client.get<Record<string, number>>('/__arrivals'),
    reset: async ({ arrivals = false } = {}) => void (await client.post(arrivals ? '/__reset?arrivals=1' : '/__reset')),
    addSecret: async (secret) => void (await client.post('/__secrets', { secret })),
    async waitFor(count, timeoutMs = 15_000) {
      let last = await stats();
      let progressAt = Date.now();
      while (last.received < count) {
        if (Date.now() - progressAt > timeoutMs) return last;
        await new Promise((resolve) => setTimeout(resolve, 5));
        const next = await stats();
        if (next.received > last.received) progressAt = Date.now();
        last = next;
      }
      return last;
    },
    async stop() {
      await client.close();
      await spawned.stop();
    },
  };
}
