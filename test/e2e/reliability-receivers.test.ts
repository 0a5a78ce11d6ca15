import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Attempt, Delivery } from '../../src/domain/delivery.js';
import { createReceiver, type ReceiverAnswer } from '../../src/harness/receiver.js';
import { RESPONSE_BODY_CAP_BYTES } from '../../src/delivery/attempt.js';
import { BIRD, startTestEmulator, type TestEmulator } from '../helpers/emulator-server.js';

/**
 * Failing receivers, over real sockets: each way a webhook handler can misbehave produces the
 * right recorded attempts (status or error code) and retries, a huge answer is cut at the cap
 * without the emulator's memory following it, and a slow receiver delays nobody else.
 */

let faults = 0;
const faultKinds = new Map<string, number>();

/** Counts one injected fault (a failing answer the emulator had to survive). */
function injected(kind: string, count = 1): void {
  faults += count;
  faultKinds.set(kind, (faultKinds.get(kind) ?? 0) + count);
}

afterAll(() => {
  const lines = [...faultKinds].map(([kind, n]) => `  ${String(n).padStart(5)}  ${kind}`).join('\n');
  console.log(`failing receivers: ${faults} faults injected, every one recorded\n${lines}`);
});

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  // All at once: closing a hanging receiver ends the attempt the emulator's close() waits for.
  await Promise.allSettled(open.splice(0).map((thing) => thing.close()));
});

function track<T extends { close(): Promise<void> }>(thing: T): T {
  open.push(thing);
  return thing;
}

async function emulator(options: Parameters<typeof startTestEmulator>[0] = {}): Promise<TestEmulator> {
  const emu = await startTestEmulator({ retrySchedule: [30, 60], attemptTimeoutMs: 1_000, ...options });
  open.push(emu);
  return emu;
}

/** Subscribes `url` to sms.inbound, fires one event, and returns the settled delivery with all attempts. */
async function deliverOnce(emu: TestEmulator, url: string, timeoutMs = 10_000): Promise<Delivery> {
  await emu.subscribe({ service: 'channels', event: 'sms.inbound', url, signingKey: 'reliability-key' });
  const fired = await emu.fire({ event: 'sms.inbound' });
  expect(fired.matched).toBe(1);
  return emu.settled(fired.deliveries[0]?.id as string, timeoutMs);
}

const summary = (attempts: readonly Attempt[]) => attempts.map((a) => [a.outcome, a.response?.status ?? a.error?.code]);

/** A TCP server that reads one HTTP request per connection and then lets `handle` write anything. */
async function rawServer(handle: (socket: Socket) => void): Promise<{ url: string; requests: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const state = { requests: 0 };
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined); // the emulator hangs up on purpose (cap, timeout)
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      const end = seen.indexOf('\r\n\r\n');
      if (end === -1) return;
      const length = Number(/content-length:\s*(\d+)/i.exec(seen.slice(0, end))?.[1] ?? 0);
      if (seen.length - end - 4 < length) return;
      socket.off('data', onData);
      state.requests++;
      handle(socket);
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const closable = {
    url: `http://127.0.0.1:${port}/hook`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  open.push(closable);
  return closable;
}

describe('a receiver that answers with an error', () => {
  it.each([
    [500, 'Internal Server Error'],
    [502, 'Bad Gateway'],
    [503, 'Service Unavailable'],
    [429, 'Too Many Requests'],
    [404, 'Not Found'],
    [400, 'Bad Request'],
  ])('%i: every attempt is recorded with its status and body, and retried until it succeeds', async (status, text) => {
    const answers: ReceiverAnswer[] = [
      { status, body: text, headers: { 'retry-after': '1' } },
      { status, body: `${text} again` },
    ];
    const receiver = track(await createReceiver({ fail: answers, signingKey: 'reliability-key' }));
    const emu = await emulator();
    const delivery = await deliverOnce(emu, `${receiver.url}/hook`);
    injected(`HTTP ${status}`, 2);
    expect(summary(delivery.attempts)).toEqual([
      ['failed', status],
      ['failed', status],
      ['succeeded', 200],
    ]);
    expect(delivery.attempts[0]?.response?.body).toBe(text);
    expect(delivery.attempts[0]?.response?.headers['retry-after']).toBe('1');
    expect(delivery.status).toBe('succeeded');
    // Every retry is the same signed request.
    expect(new Set(receiver.requests.map((r) => r.headers['messagebird-request-id'])).size).toBe(1);
    expect(receiver.requests.every((r) => r.signatureValid)).toBe(true);
  });

  it('a receiver that always fails: the request is failed after the last attempt, no more', async () => {
    const receiver = track(await createReceiver({ fallback: { status: 500 } }));
    const emu = await emulator();
    const delivery = await deliverOnce(emu, `${receiver.url}/hook`);
    injected('HTTP 500 (always)', 3);
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toHaveLength(3);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(receiver.requests).toHaveLength(3);
    const { body } = await emu.api.get(`${BIRD}/webhook-subscriptions/${delivery.subscriptionId}/logs`);
    expect(body.results).toEqual([
      expect.objectContaining({ requestId: delivery.id, attemptCount: 3, executionStatus: 'failed', httpStatusCode: 500 }),
    ]);
  });

  it.each([301, 302, 303, 307, 308])('%i: a redirect is a failed attempt and is not followed', async (status) => {
    const target = track(await createReceiver());
    const receiver = track(await createReceiver({ fallback: { status, headers: { location: `${target.url}/elsewhere` }, body: '' } }));
    const emu = await emulator();
    const delivery = await deliverOnce(emu, `${receiver.url}/hook`);
    injected(`HTTP ${status} redirect`, 3);
    expect(summary(delivery.attempts)).toEqual([
      ['failed', status],
      ['failed', status],
      ['failed', status],
    ]);
    expect(delivery.attempts[0]?.response?.headers.location).toBe(`${target.url}/elsewhere`);
    expect(target.requests).toHaveLength(0);
  });
});

describe('a receiver that misbehaves on the wire', () => {
  it('never answers: each attempt times out at the attempt timeout and is retried', async () => {
    const receiver = track(await createReceiver({ fail: [{ hang: true }, { hang: true }] }));
    const emu = await emulator({ attemptTimeoutMs: 300 });
    const delivery = await deliverOnce(emu, `${receiver.url}/hook`);
    injected('never answers', 2);
    expect(summary(delivery.attempts)).toEqual([
      ['failed', 'timeout'],
      ['failed', 'timeout'],
      ['succeeded', 200],
    ]);
    for (const attempt of delivery.attempts.slice(0, 2)) {
      expect(attempt.durationMs).toBeGreaterThanOrEqual(280);
      expect(attempt.durationMs).toBeLessThan(2_000);
    }
  });

  it('resets the connection: recorded as connection_reset and retried', async () => {
    const receiver = track(await createReceiver({ fail: [{ destroy: true }, { destroy: true }] }));
    const emu = await emulator();
    const delivery = await deliverOnce(emu, `${receiver.url}/hook`);
    injected('connection reset', 2);
    expect(summary(delivery.attempts)).toEqual([
      ['failed', 'connection_reset'],
      ['failed', 'connection_reset'],
      ['succeeded', 200],
    ]);
  });

  it('answers slowly but within the timeout: a success that took as long as it took', async () => {
    const receiver = track(await createReceiver({ fallback: { status: 200, body: 'late', delayMs: 400 } }));
    const emu = await emulator({ attemptTimeoutMs: 2_000 });
    const delivery = await deliverOnce(emu, `${receiver.url}/hook`);
    injected('slow answer');
    expect(summary(delivery.attempts)).toEqual([['succeeded', 200]]);
    expect(delivery.attempts[0]?.durationMs).toBeGreaterThanOrEqual(380);
  });

  it('answers slower than the timeout: a timeout, then a retry', async () => {
    const receiver = track(await createReceiver({ fail: [{ status: 200, delayMs: 800 }], fallback: { status: 200 } }));
    const emu = await emulator({ attemptTimeoutMs: 300 });
    const delivery = await deliverOnce(emu, `${receiver.url}/hook`);
    injected('answer after the timeout');
    expect(summary(delivery.attempts)).toEqual([
      ['failed', 'timeout'],
      ['succeeded', 200],
    ]);
  });

  it('closes the connection in the middle of the body (Content-Length): a failed attempt, retried', async () => {
    let calls = 0;
    const server = await rawServer((socket) => {
      calls++;
      if (calls <= 2) {
        socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n' + 'x'.repeat(100));
        setTimeout(() => socket.destroy(), 20);
      } else {
        socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
      }
    });
    const emu = await emulator();
    const delivery = await deliverOnce(emu, server.url);
    injected('closes mid-body (content-length)', 2);
    expect(summary(delivery.attempts)).toEqual([
      ['failed', 'connection_reset'],
      ['failed', 'connection_reset'],
      ['succeeded', 200],
    ]);
    expect(server.requests).toBe(3);
  });

  it('closes the connection in the middle of a chunked body: a failed attempt, retried', async () => {
    let calls = 0;
    const server = await rawServer((socket) => {
      calls++;
      if (calls === 1) {
        socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n');
        setTimeout(() => socket.destroy(), 20);
      } else {
        socket.end('HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n');
      }
    });
    const emu = await emulator();
    const delivery = await deliverOnce(emu, server.url);
    injected('closes mid-body (chunked)');
    expect(summary(delivery.attempts)).toEqual([
      ['failed', 'connection_reset'],
      ['succeeded', 204],
    ]);
  });

  it('closes the connection before any answer, and answers with garbage: both failed attempts', async () => {
    let calls = 0;
    const server = await rawServer((socket) => {
      calls++;
      if (calls === 1) socket.end();
      else if (calls === 2) socket.end('this is not HTTP at all\r\n\r\n');
      else socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
    const emu = await emulator({ retrySchedule: [30, 30, 30] });
    const delivery = await deliverOnce(emu, server.url);
    injected('closes before answering');
    injected('not HTTP');
    expect(delivery.attempts.map((a) => a.outcome)).toEqual(['failed', 'failed', 'succeeded']);
    expect(delivery.attempts[0]?.error?.code).toBe('connection_reset');
    expect(delivery.attempts[1]?.error?.code).toBe('invalid_response');
  });

  it('sends the headers and then trickles the body forever: a timeout, not a stuck attempt', async () => {
    let calls = 0;
    const server = await rawServer((socket) => {
      calls++;
      if (calls > 1) {
        socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
      const timer = setInterval(() => {
        if (socket.destroyed) clearInterval(timer);
        else socket.write('1\r\nx\r\n');
      }, 20);
      socket.on('close', () => clearInterval(timer));
    });
    const emu = await emulator({ attemptTimeoutMs: 400 });
    const delivery = await deliverOnce(emu, server.url);
    injected('trickles the body forever');
    expect(summary(delivery.attempts)).toEqual([
      ['failed', 'timeout'],
      ['succeeded', 200],
    ]);
    expect(delivery.attempts[0]?.durationMs).toBeLessThan(3_000);
  });
});

describe('a receiver that answers with a huge body', () => {
  const FIFTY_MB = 50 * 1024 * 1024;

  /** Streams `size` bytes of body in 64 KiB chunks, as fast as the socket takes them. */
  function streamHuge(socket: Socket, status: number, size: number, chunked: boolean): void {
    const head = chunked
      ? `HTTP/1.1 ${status} X\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n`
      : `HTTP/1.1 ${status} X\r\nContent-Type: text/plain\r\nContent-Length: ${size}\r\n\r\n`;
    socket.write(head);
    const chunk = Buffer.alloc(64 * 1024, 'y');
    let sent = 0;
    const pump = () => {
      while (sent < size && !socket.destroyed) {
        const piece = chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
        sent += chunk.length;
        if (!socket.write(piece)) {
          socket.once('drain', pump);
          return;
        }
      }
      if (!socket.destroyed) socket.end(chunked ? '0\r\n\r\n' : '');
    };
    pump();
  }

  /** Samples heap + array buffers every few ms until `stop()`; returns the peak over the baseline. */
  function memoryWatch() {
    const used = () => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    global.gc?.();
    const baseline = used();
    const rssBefore = process.memoryUsage().rss;
    let peak = baseline;
    const timer = setInterval(() => {
      peak = Math.max(peak, used());
    }, 2);
    return {
      stop() {
        clearInterval(timer);
        peak = Math.max(peak, used());
        return { growth: peak - baseline, rssGrowth: process.memoryUsage().rss - rssBefore };
      },
    };
  }

  it.each([
    { framing: 'Content-Length', chunked: false, status: 200 },
    { framing: 'chunked', chunked: true, status: 200 },
    { framing: 'Content-Length', chunked: false, status: 500 },
  ] as const)(
    '50 MB with $framing and status $status: the record keeps 64 KiB, memory stays bounded',
    async ({ chunked, status }) => {
      let calls = 0;
      const server = await rawServer((socket) => {
        calls++;
        if (status === 500 && calls > 1) socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        else streamHuge(socket, status, FIFTY_MB, chunked);
      });
      const emu = await emulator({ attemptTimeoutMs: 10_000 });
      const watch = memoryWatch();
      const delivery = await deliverOnce(emu, server.url, 20_000);
      const { growth, rssGrowth } = watch.stop();
      injected(`50 MB body (${chunked ? 'chunked' : 'content-length'}, ${status})`);

      const first = delivery.attempts[0] as Attempt;
      expect(first.response?.status).toBe(status);
      expect(first.response?.bodyTruncated).toBe(true);
      expect(Buffer.byteLength(first.response?.body ?? '')).toBe(RESPONSE_BODY_CAP_BYTES);
      expect(first.outcome).toBe(status === 200 ? 'succeeded' : 'failed');
      if (status === 500)
        expect(summary(delivery.attempts)).toEqual([
          ['failed', 500],
          ['succeeded', 200],
        ]);
      // The emulator stops reading at the cap; if it buffered the answer the growth would be ≥ 50 MB.
      expect(growth, `heap + buffers grew by ${(growth / 1e6).toFixed(1)} MB`).toBeLessThan(16 * 1024 * 1024);
      expect(rssGrowth, `RSS grew by ${(rssGrowth / 1e6).toFixed(1)} MB`).toBeLessThan(40 * 1024 * 1024);
      // What the API hands out is the capped record too.
      const { body } = await emu.api.get(`/_emulator/deliveries/${delivery.id}`);
      expect(Buffer.byteLength(body.attempts[0].response.body)).toBe(RESPONSE_BODY_CAP_BYTES);
    },
    30_000,
  );
});

describe('a slow receiver delays nobody else', () => {
  it('a hanging and a fast subscription to the same event: the fast delivery settles at once', async () => {
    const hanging = track(await createReceiver({ fallback: { hang: true } }));
    const fast = track(await createReceiver());
    const emu = await emulator({ attemptTimeoutMs: 5_000, retrySchedule: [5_000] });
    const slowSub = await emu.subscribe({ service: 'channels', event: 'sms.inbound', url: `${hanging.url}/slow` });
    const fastSub = await emu.subscribe({ service: 'channels', event: 'sms.inbound', url: `${fast.url}/fast` });
    const started = performance.now();
    const fired = await emu.fire({ event: 'sms.inbound' });
    injected('hangs beside a fast receiver');
    const fastDelivery = fired.deliveries.find((d) => d.subscriptionId === fastSub.id);
    const slowDelivery = fired.deliveries.find((d) => d.subscriptionId === slowSub.id);
    const settled = await emu.settled(fastDelivery?.id as string, 2_000);
    expect(settled.status).toBe('succeeded');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(emu.emulator.history.getDelivery(slowDelivery?.id as string)?.status).toBe('pending');
  });

  it('many hanging requests to one server do not hold up a fast path on the same server', async () => {
    // One receiver app, two webhook routes: /slow never answers, /fast answers at once.
    const sockets = new Set<Socket>();
    const server = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      if (req.url === '/fast') req.on('end', () => res.end('ok'));
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    open.push({
      close: () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => resolve());
        }),
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const emu = await emulator({ attemptTimeoutMs: 8_000, retrySchedule: [] });
    await emu.subscribe({ service: 'channels', event: 'sms.inbound', url: `${base}/slow` });
    const fastSub = await emu.subscribe({ service: 'channels', event: 'sms.inbound', url: `${base}/fast` });

    // More requests in flight to the slow route than a connection pool would usually hold.
    const EVENTS = 200;
    const fired = await Promise.all(Array.from({ length: EVENTS }, () => emu.fire({ event: 'sms.inbound' })));
    injected('hangs, 200 at once on a shared server', EVENTS);
    const fastIds = fired.map((f) => f.deliveries.find((d) => d.subscriptionId === fastSub.id)?.id as string);
    const started = performance.now();
    const settled = await Promise.all(fastIds.map((id) => emu.settled(id, 6_000)));
    expect(settled.every((d) => d.status === 'succeeded')).toBe(true);
    expect(performance.now() - started, 'the fast route waited behind the slow one').toBeLessThan(3_000);
  }, 30_000);
});
