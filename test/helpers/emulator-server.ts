import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorOptions } from '../../src/config.js';
import type { Delivery } from '../../src/domain/delivery.js';
import { createEmulator, type Emulator, type EmulatorDeps } from '../../src/emulator.js';
import { listen, type ListenOptions } from '../../src/server/listen.js';

export const ORG = 'cb28a94e-8557-4394-80ea-5bbd2170d434';
export const WS = 'b4e02c85-c6d2-4b15-8885-e09671799c61';
/** The base path of Bird's API for the default test organization and workspace. */
export const BIRD = `/organizations/${ORG}/workspaces/${WS}`;

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

/** Calls the emulator with fetch: JSON in, JSON out, `Authorization: AccessKey test`. */
export interface Api {
  get<T = any>(path: string): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  patch<T = any>(path: string, body: unknown): Promise<ApiResponse<T>>;
}

export function api(baseUrl: string): Api {
  const call = async (method: string, path: string, body?: unknown): Promise<ApiResponse> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: 'AccessKey test', ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    patch: (path, body) => call('PATCH', path, body),
  };
}

export interface TestEmulator {
  url: string;
  /** The live log's WebSocket; it answers 404 unless started with `live: true`. */
  wsUrl: string;
  emulator: Emulator;
  api: Api;
  /** Creates a subscription in `BIRD` (or the given base path) and returns it; fails the test unless 201. */
  subscribe(input: Record<string, unknown>, basePath?: string): Promise<{ id: string; url: string; [key: string]: unknown }>;
  /** Fires an event through `POST /_emulator/events`; fails the test unless 201. */
  fire(input: Record<string, unknown>): Promise<FireResponse>;
  /** Resolves with the delivery once it is no longer pending (or rejects after `timeoutMs`). */
  settled(deliveryId: string, timeoutMs?: number): Promise<Delivery>;
  close(): Promise<void>;
}

export interface FireResponse {
  id: string;
  payload: Record<string, any>;
  matched: number;
  message?: string;
  deliveries: { id: string; subscriptionId: string; status: string }[];
}

/** How a test emulator is put together and served, besides its options. */
export interface TestEmulatorSetup extends Pick<ListenOptions, 'allowedHosts' | 'liveSocket'> {
  /** Collaborators to replace (clock, random, send). */
  deps?: EmulatorDeps;
  /**
   * Serve the live log at `wsUrl`.
   * @default false
   */
  live?: boolean;
}

/**
 * Starts a real emulator on a free port of 127.0.0.1. Defaults: in memory, a short retry schedule
 * and attempt timeout so failure paths take milliseconds.
 */
export async function startTestEmulator(
  options: EmulatorOptions = {},
  { deps = {}, live = false, ...listenOptions }: TestEmulatorSetup = {},
): Promise<TestEmulator> {
  const emulator = await createEmulator({ storage: 'memory', retrySchedule: [50, 100], attemptTimeoutMs: 1_000, ...options }, deps);
  let server: Awaited<ReturnType<typeof listen>>;
  try {
    server = await listen(emulator.app, {
      port: 0,
      host: '127.0.0.1',
      directRoutes: emulator.directRoutes,
      ...(live && { live: emulator.live }),
      ...listenOptions,
    });
  } catch (error) {
    await emulator.close();
    throw error;
  }
  const client = api(server.url);
  let closed = false;

  return {
    url: server.url,
    wsUrl: server.wsUrl,
    emulator,
    api: client,
    async subscribe(input, basePath = BIRD) {
      const { status, body } = await client.post(`${basePath}/webhook-subscriptions`, input);
      if (status !== 201) throw new Error(`subscribe answered ${status}: ${JSON.stringify(body)}`);
      return body;
    },
    async fire(input) {
      const { status, body } = await client.post('/_emulator/events', input);
      if (status !== 201) throw new Error(`fire answered ${status}: ${JSON.stringify(body)}`);
      return body as FireResponse;
    },
    settled(deliveryId, timeoutMs = 10_000) {
      return new Promise<Delivery>((resolve, reject) => {
        const check = () => {
          const delivery = emulator.history.getDelivery(deliveryId);
          if (delivery && delivery.status !== 'pending') {
            finish();
            resolve(delivery);
          }
        };
        const stop = emulator.onActivity(check);
        const timer = setTimeout(() => {
          finish();
          reject(
            new Error(
              `delivery ${deliveryId} still ${emulator.history.getDelivery(deliveryId)?.status ?? 'unknown'} after ${timeoutMs} ms`,
            ),
          );
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          stop();
        };
        check();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      await emulator.close();
    },
  };
}

/** A fresh folder under the OS temp dir, and a function that removes it. */
export async function tempDir(prefix = 'bird-emulator-test-'): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
