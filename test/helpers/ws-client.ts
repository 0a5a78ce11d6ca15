import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import type { LiveFrame } from '../../src/views/live-frames.js';

export interface LiveClient {
  ws: WebSocket;
  /** Every frame received so far, `hello` included, in order. */
  frames: LiveFrame[];
  /** Resolves with the first frame (received so far or later) that matches. */
  waitFor(predicate: (frame: LiveFrame) => boolean, timeoutMs?: number): Promise<LiveFrame>;
  /** Resolves once `count` frames other than `hello` match. */
  waitForCount(predicate: (frame: LiveFrame) => boolean, count: number, timeoutMs?: number): Promise<LiveFrame[]>;
  /** Resolves with the close code and reason, whoever closed. */
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

/** Opens a real `ws` client on the live log and records its frames; rejects if the upgrade is refused. */
export async function connectLive(url: string, options: { headers?: Record<string, string> } = {}): Promise<LiveClient> {
  const ws = new WebSocket(url, { headers: options.headers });
  const frames: LiveFrame[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as LiveFrame);
    for (const wake of waiters) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.on('error', () => {});

  const waitUntil = <T>(check: () => T | undefined, describe: () => string, timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const attempt = () => {
        const result = check();
        if (result === undefined) return;
        finish();
        resolve(result);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`${describe()}; frames: ${frames.map((f) => `${f.seq}:${f.type}`).join(', ')}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        waiters.delete(attempt);
      };
      waiters.add(attempt);
      attempt();
    });

  return {
    ws,
    frames,
    closed,
    waitFor: (predicate, timeoutMs = 10_000) =>
      waitUntil(
        () => frames.find(predicate),
        () => 'no matching frame arrived',
        timeoutMs,
      ),
    waitForCount: (predicate, count, timeoutMs = 10_000) =>
      waitUntil(
        () => {
          const found = frames.filter((f) => f.type !== 'hello' && predicate(f));
          return found.length >= count ? found : undefined;
        },
        () => `fewer than ${count} matching frames arrived`,
        timeoutMs,
      ),
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      const timer = setTimeout(() => ws.terminate(), 1000);
      await closed;
      clearTimeout(timer);
    },
  };
}

/**
 * Sends a WebSocket upgrade request with the given headers and reports how it was answered:
 * 101 when upgraded (the socket is then closed), else the status and JSON body.
 */
export function tryUpgrade(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body?: any; headers?: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url.replace(/^ws/, 'http'), {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        ...headers,
      },
    });
    req.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode ?? 0, headers: response.headers });
    });
    req.on('response', (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined, headers: response.headers }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}
