import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the receiver saw of one request id (one delivery), over every attempt. */
export interface SeenDelivery {
  /** Every attempt that reached the receiver, in order. */
  attempts: { status: number; signature: string | undefined; timestamp: string | undefined; body: string; path: string }[];
  /** True once the receiver answered one of them with a 2xx. */
  acknowledged: boolean;
}

export interface CrashReceiver {
  url: string;
  /** By `messagebird-request-id`. */
  seen: Map<string, SeenDelivery>;
  /** Requests in all, first attempts and retries and duplicates. */
  readonly requests: number;
  /** Resolves once every id in `ids` was answered with a 2xx, or rejects after `timeoutMs` naming the missing ones. */
  waitForAcknowledged(ids: Iterable<string>, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A receiver for crash tests: records every request by its `messagebird-request-id`, and answers
 * the first attempt of every `failEvery`-th new request with a 500, so that some deliveries are
 * waiting for a retry when the emulator is killed. Retries and duplicates are answered 200.
 */
export async function startCrashReceiver({ failEvery = 4 }: { failEvery?: number } = {}): Promise<CrashReceiver> {
  const seen = new Map<string, SeenDelivery>();
  const sockets = new Set<Socket>();
  let requests = 0;
  let newIds = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests++;
      const id = String(req.headers['messagebird-request-id'] ?? 'missing');
      let entry = seen.get(id);
      if (!entry) {
        entry = { attempts: [], acknowledged: false };
        seen.set(id, entry);
        newIds++;
      }
      const fail = entry.attempts.length === 0 && newIds % failEvery === 0;
      const status = fail ? 500 : 200;
      entry.attempts.push({
        status,
        signature: req.headers['messagebird-signature'] as string | undefined,
        timestamp: req.headers['messagebird-request-timestamp'] as string | undefined,
        body: Buffer.concat(chunks).toString('utf8'),
        path: req.url ?? '',
      });
      if (!fail) entry.acknowledged = true;
      res.writeHead(status).end(fail ? 'try again' : 'ok');
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
    seen,
    get requests() {
      return requests;
    },
    async waitForAcknowledged(ids, timeoutMs) {
      const wanted = [...ids];
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const missing = wanted.filter((id) => !seen.get(id)?.acknowledged);
        if (missing.length === 0) return;
        if (Date.now() > deadline) {
          throw new Error(
            `${missing.length} of ${wanted.length} owed deliveries never acknowledged, e.g. ${missing.slice(0, 5).join(', ')}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
