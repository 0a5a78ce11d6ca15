import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createJsonClient, type JsonClient } from './client.js';
import { spawnNode } from './processes.js';
import { SIGNING_KEY } from './receiver.js';

export const ORGANIZATION_ID = '00000000-0000-4000-8000-0000000000b1';

/** An emulator running in its own process (test/bench/emulator-process.mjs, from dist/), or the bare relay. */
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
export function startEmulatorTarget(options: Record<string, unknown>, connections = 64): Promise<EmulatorTarget> {
  return startProcessTarget([fileURLToPath(new URL('emulator-process.mjs', import.meta.url)), JSON.stringify(options)], connections);
}

/** Starts the bare relay (test/bench/relay-process.mjs), sending every fire to `destination`. */
export function startRelayTarget(destination: string, connections = 64): Promise<EmulatorTarget> {
  return startProcessTarget([fileURLToPath(new URL('relay-process.mjs', import.meta.url)), destination], connections, {
    BENCH_SIGNING_KEY: SIGNING_KEY,
  });
}

/** A process that prints `{"url":…}` when ready and answers the IPC message "rss" with its usage. */
async function startProcessTarget(args: string[], connections: number, env?: Record<string, string>): Promise<EmulatorTarget> {
  const spawned = await spawnNode(args, { ready: /"url"/, ipc: true, timeoutMs: 120_000, ...(env && { env }) });
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
      if (code !== 0) throw new Error(`node ${args[0]} exited with ${code}`);
    },
  };
}

/** Which Bird API a workspace's subscribers belong to, and so which event it is fired. */
export type BenchApi = 'notifications' | 'platform';

export interface Workspace {
  api: BenchApi;
  workspaceId: string;
  /** Subscription ids (Notifications API) or endpoint ids (platform API). */
  subscriptionIds: string[];
}

/**
 * A new workspace with `count` subscribers, each to its own receiver path: Notifications API
 * subscriptions to sms.inbound, or platform API endpoints for email.delivered (created with
 * `POST /v1/webhooks` and a Bearer key of their own, their secrets handed to `receiver`).
 */
export async function createWorkspace(
  target: EmulatorTarget,
  receiver: { url: string; addSecret(secret: string): Promise<void> },
  count: number,
  api: BenchApi = 'notifications',
): Promise<Workspace> {
  return api === 'platform' ? createPlatformWorkspace(target, receiver, count) : createNotificationsWorkspace(target, receiver.url, count);
}

async function createPlatformWorkspace(
  target: EmulatorTarget,
  receiver: { url: string; addSecret(secret: string): Promise<void> },
  count: number,
): Promise<Workspace> {
  const auth = { authorization: `Bearer bk_us1_bench${randomUUID().replaceAll('-', '')}` };
  const { id: workspaceId } = await target.client.get<{ id: string }>('/v1/workspace', auth);
  const subscriptionIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const endpoint = await target.client.post<{ id: string; secret: string }>(
      '/v1/webhooks',
      { url: `${receiver.url}/${workspaceId}/${i}`, events: ['email.delivered'] },
      auth,
    );
    await receiver.addSecret(endpoint.secret);
    subscriptionIds.push(endpoint.id);
  }
  return { api: 'platform', workspaceId, subscriptionIds };
}

async function createNotificationsWorkspace(target: EmulatorTarget, receiverUrl: string, count: number): Promise<Workspace> {
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
  return { api: 'notifications', workspaceId, subscriptionIds };
}

export interface FireAnswer {
  matched: number;
  deliveries: { id: string }[];
}

/** The event a workspace of each API is fired. */
export const BENCH_EVENT: Record<BenchApi, { event: string; service?: string }> = {
  notifications: { event: 'sms.inbound', service: 'channels' },
  platform: { event: 'email.delivered' },
};

/** `POST /_emulator/events` into one workspace. */
export const fire = (target: EmulatorTarget, workspace: Pick<Workspace, 'api' | 'workspaceId'>) =>
  target.client.post<FireAnswer>('/_emulator/events', { ...BENCH_EVENT[workspace.api], workspaceId: workspace.workspaceId });

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
