import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { createReceiver } from '../../src/harness/receiver.js';
import { CLOSE_TOO_SLOW } from '../../src/server/live-socket.js';
import { startTestEmulator } from '../helpers/emulator-server.js';
import { connectLive } from '../helpers/ws-client.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

const MAX_BUFFERED = 256 * 1024;
const SUBSCRIPTIONS = 2;
const EVENTS = 300;

describe('a live-log client that never reads', () => {
  it('does not slow deliveries, and is dropped with 1013 once its unsent bytes pass the bound', { timeout: 150_000 }, async () => {
    // A long attempt timeout: on a busy machine a slow answer must not turn into a retry and skew the timing.
    const emulator = await startTestEmulator({ attemptTimeoutMs: 30_000 }, { live: true, liveSocket: { maxBufferedBytes: MAX_BUFFERED } });
    cleanup.push(() => emulator.close());
    const receiver = await createReceiver();
    cleanup.push(() => receiver.close());
    // Long URLs make each delivery frame a few kilobytes: the kernel's socket buffers (about 4 MB on
    // loopback) fill before the emulator's own buffer grows, so the stream has to be larger than that.
    for (let s = 0; s < SUBSCRIPTIONS; s += 1) {
      await emulator.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/hook/${'x'.repeat(1990)}?s=${s}` });
    }
    let settled = 0;
    emulator.emulator.onActivity((activity) => {
      if (activity.type === 'delivery.succeeded' || activity.type === 'delivery.failed') settled += 1;
    });
    // A client that reads, to show the feed keeps flowing to others while one is stuck.
    const watcher = new WebSocket(emulator.wsUrl);
    cleanup.push(async () => watcher.terminate());
    let watcherSettled = 0;
    let watcherLastSeq = 0;
    watcher.on('message', (data: Buffer) => {
      if (data.includes('"type":"delivery.succeeded"') || data.includes('"type":"delivery.failed"')) watcherSettled += 1;
      watcherLastSeq = Number(/"seq":(\d+)/.exec(data.toString('utf8', 0, 40))?.[1]);
    });
    await new Promise((resolve) => watcher.once('open', resolve));

    const fireAll = async (count: number) => {
      const target = settled + count * SUBSCRIPTIONS;
      const started = performance.now();
      for (let i = 0; i < count; i += 10) await Promise.all(Array.from({ length: 10 }, () => emulator.fire({ event: 'sms.inbound' })));
      while (settled < target) {
        if (performance.now() - started > 60_000) throw new Error(`${settled} of ${target} deliveries settled after 60 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return performance.now() - started;
    };

    await fireAll(20); // warm-up
    const baselineMs = await fireAll(EVENTS);

    // It asks for the newest 1000 frames (about 3 MB) and reads none of them, nor anything after.
    const stuck = await connectLive(`${emulator.wsUrl}?replay=1000`);
    cleanup.push(() => stuck.close());
    const socket = (stuck.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    const stuckFrom = emulator.emulator.live.lastSeq();
    const stuckMs = await fireAll(EVENTS);

    // Generous for a busy CI machine; a send that waited on the stuck client would never finish.
    expect(stuckMs, `baseline ${Math.round(baselineMs)} ms, with a stuck client ${Math.round(stuckMs)} ms`).toBeLessThan(
      baselineMs * 3 + 2000,
    );
    await expect.poll(() => watcherSettled).toBe((20 + 2 * EVENTS) * SUBSCRIPTIONS);

    socket.resume();
    const closed = await stuck.closed;
    expect(closed.code).toBe(CLOSE_TOO_SLOW);
    expect(closed.reason).toMatch(/^client too slow: \d+ bytes unsent$/);
    expect(Number(/(\d+) bytes/.exec(closed.reason)?.[1])).toBeGreaterThan(MAX_BUFFERED);
    // It was still subscribed when the stuck phase began, got frames in order, and none after it was dropped.
    const seqs = stuck.frames.slice(1).map((f) => f.seq);
    seqs.slice(1).forEach((seq, i) => expect(seq).toBe((seqs[i] as number) + 1));
    expect(seqs.at(-1)).toBeGreaterThan(stuckFrom);
    expect(seqs.at(-1)).toBeLessThan(watcherLastSeq);
    expect(watcher.readyState).toBe(WebSocket.OPEN);
  });
});
