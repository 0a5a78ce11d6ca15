import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the receiver does with one request. */
export type Behaviour =
  /** Answer with this status (and body), optionally after a delay. */
  | { status: number; body?: string | Buffer; headers?: Record<string, string>; delayMs?: number }
  /** Read the request and never answer. */
  | { hang: true }
  /** Answer 302 with this Location. */
  | { redirect: string }
  /** Cut the connection without an answer. */
  | { destroy: true };

export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The exact body bytes. */
  body: Buffer;
  /** When the request ended, `performance.now()`. */
  at: number;
}

export interface ReceiverOptions {
  /** Behaviours for the 1st, 2nd, … request; after the list, `fallback`. */
  sequence?: readonly Behaviour[];
  /** @default { status: 200, body: 'ok' } */
  fallback?: Behaviour;
}

export interface Receiver {
  /** e.g. `http://127.0.0.1:51234` */
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** Replaces the behaviours: the list applies to the next requests, then `fallback`. */
  program(options: ReceiverOptions): void;
  /** Resolves once `count` requests have arrived in all. */
  waitForRequests(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  /** Closes the server and destroys every socket, hung ones included. */
  close(): Promise<void>;
}

/** A local HTTP receiver on a free port that records raw requests and answers as programmed. */
export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const waiters = new Set<() => void>();
  let sequence: Behaviour[] = [...(options.sequence ?? [])];
  let fallback: Behaviour = options.fallback ?? { status: 200, body: 'ok' };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
        at: performance.now(),
      });
      for (const wake of waiters) wake();
      const behaviour = sequence.shift() ?? fallback;
      if ('hang' in behaviour) return;
      if ('destroy' in behaviour) {
        req.socket.destroy();
        return;
      }
      if ('redirect' in behaviour) {
        res.writeHead(302, { location: behaviour.redirect }).end();
        return;
      }
      const answer = () => res.writeHead(behaviour.status, behaviour.headers).end(behaviour.body ?? '');
      if (behaviour.delayMs) setTimeout(answer, behaviour.delayMs);
      else answer();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    program(next) {
      sequence = [...(next.sequence ?? [])];
      if (next.fallback) fallback = next.fallback;
    },
    waitForRequests(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (requests.length < count) return;
          finish();
          resolve(requests.slice(0, count));
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`the receiver got ${requests.length} of ${count} requests within ${timeoutMs} ms`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on: bound, then released. */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
