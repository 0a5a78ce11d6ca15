import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createJsonClient, type JsonClient } from './client.js';
import { spawnNode } from './processes.js';
import { SIGNING_KEY } from './receiver.js';

export const ORGANIZATION_ID = '00000000-0000-4000-8000-0000000000b1';

/** An emulator running in its own process (test/bench/emulator-process.mjs, from dist/). */
export interface EmulatorTarget {
  url: string;
  client: JsonClient;
  /** The emulator process's resident set size, in bytes. */
  rss(): Promise<number>;
  /** The emulator process's CPU time so far (user + system), in µs. */
  cpuUs(): Promise<number>;
  /** Closes it cleanly (journal flushed) and waits for the exit. */
  stop(): Promise<void>;
}

/** Starts an emulator process with `options` (those of `startEmulator`). */
export async function startEmulatorTarget(options: Record<string, unknown>, connections = 64): Promise<EmulatorTarget> {
  const script = fileURLToPath(new URL('emulator-process.mjs', import.meta.url));
  const spawned = await spawnNode([script, JSON.stringify(options)], { ready: /"url"/, ipc: true, timeoutMs: 120_000 });
  const { url } = JSON.parse(spawned.readyLine) as { url: string };
  const client = createJsonClient(url, connections);
  const usage = () =>
    new Promise<{ rss: number; cpuUs: number }>((resolve) => {
      spawned.child.once('message', (message) => resolve(message as { rss: number; cpuUs: number }));
      spawned.child.send('rss');
    });
  return {
    url,
    client,
    rss: async () => (await usage()).rss,
    cpuUs: async () => (await usage()).cpuUs,
    async stop() {
      await client.close();
      const code = await spawned.stop();
      if (code !== 0) throw new Error(`the emulator process exited with ${code}`);
    },
  };
}

export interface Workspace {
  workspaceId: string;
  subscriptionIds: string[];
}

/** Creates `count` subscriptions to sms.inbound in a new workspace, each to its own receiver path. */
export async function createWorkspace(target: EmulatorTarget, receiverUrl: string, count: number): Promise<Workspace> {
  const workspaceId = randomUUID();
  const subscriptionIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const sub = await target.client.post<{ id: string }>(
      `/organizations/${ORGANIZATION_ID}/workspaces/${workspaceId}/webhook-subscriptions`,
      {
        service: 'channels',
        event: 'sms.inbound',
        url: `${receiverUrl}/${workspaceId}/${i}`,
        signingKey: SIGNING_KEY,
      },
    );
    subscriptionIds.push(sub.id);
  }
  return { workspaceId, subscriptionIds };
}

export interface FireAnswer {
  matched: number;
  deliveries: { id: string }[];
}

export const fire = (target: EmulatorTarget, workspaceId: string) =>
  target.client.post<FireAnswer>('/_emulator/events', { event: 'sms.inbound', service: 'channels', workspaceId });

interface DeliveryRow {
  status: 'pending' | 'succeeded' | 'failed';
}

/** Per status, the deliveries `GET /_emulator/deliveries` lists for these subscriptions (≤1000 each). */
export async function countDeliveries(target: EmulatorTarget, subscriptionIds: readonly string[]) {
  const counts = { pending: 0, succeeded: 0, failed: 0 };
  for (const id of subscriptionIds) {
    const { results } = await target.client.get<{ results: DeliveryRow[] }>(`/_emulator/deliveries?subscriptionId=${id}&limit=1000`);
    for (const row of results) counts[row.status]++;
  }
  return counts;
}
