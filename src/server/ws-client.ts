import WebSocket from 'ws';
import type { FrameDataMap, LiveFrame } from '../views/live-frames.js';

/** What happens to the connection, for the caller to report. */
export type LiveConnectionEvent =
  | {
      type: 'connected';
      /** False on the first connection. */
      reconnected: boolean;
      hello: FrameDataMap['hello'];
      /** The emulator's numbering went back: it was restarted since the last connection. */
      restarted: boolean;
      /** Frames that happened while away but were no longer kept (older than the replay buffer). */
      missed: number;
    }
  | { type: 'disconnected'; code: number; reason: string; retryInMs: number }
  | { type: 'unreachable'; message: string; retryInMs: number };

export interface FollowLiveLogOptions {
  /** The emulator's `ws://…/_emulator/ws` URL. */
  url: string;
  /** Frames to replay on the first connection; reconnections resume after the last frame seen. @default 0 */
  replay?: number;
  /** Every frame, `hello` included, with its exact text. */
  onFrame(frame: LiveFrame, text: string): void;
  onConnection(event: LiveConnectionEvent): void;
  /** First wait before reconnecting; it doubles up to `maxBackoffMs`. @default 200 */
  initialBackoffMs?: number;
  /** @default 2000 */
  maxBackoffMs?: number;
}

export interface LiveLogFollower {
  /** Rejects when the emulator refuses the connection (a 4xx on the upgrade); never resolves otherwise. */
  readonly failed: Promise<never>;
  /** Closes the connection and stops reconnecting. */
  stop(): Promise<void>;
}

/**
 * Follows the live log, reconnecting with backoff when the connection drops (an emulator
 * restarting) and resuming with `?since=` so nothing kept is missed. Lives in server/ because it
 * is the only folder that may import ws (Node 20 has no stable global WebSocket).
 */
export function followLiveLog(options: FollowLiveLogOptions): LiveLogFollower {
  const initialBackoff = options.initialBackoffMs ?? 200;
  const maxBackoff = options.maxBackoffMs ?? 2000;
  let backoff = initialBackoff;
  let lastSeq: number | undefined;
  let connections = 0;
  let stopped = false;
  let socket: WebSocket | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let fail: (error: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));
  // Callers may only care about stop(); an unobserved refusal must not crash the process.
  failed.catch(() => {});

  const retry = (report: (retryInMs: number) => void) => {
    if (stopped) return;
    report(backoff);
    retryTimer = setTimeout(connect, backoff);
    backoff = Math.min(backoff * 2, maxBackoff);
  };

  const connect = () => {
    const query = lastSeq !== undefined ? `?since=${lastSeq}` : options.replay ? `?replay=${options.replay}` : '';
    const ws = new WebSocket(`${options.url}${query}`);
    socket = ws;
    let opened = false;
    let refused = false;
    let unreachable: string | undefined;

    // Any answer but 101 is final: retrying a 403 or 404 would only repeat it.
    ws.on('unexpected-response', (_request, response) => {
      refused = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('close', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        stopped = true;
        fail(new Error(`the emulator refused the live log (${response.statusCode}): ${messageOf(text)}`));
        ws.terminate();
      });
    });
    ws.on('error', (error: NodeJS.ErrnoException) => {
      unreachable = error.code ?? error.message;
    });
    ws.on('open', () => {
      opened = true;
    });
    ws.on('message', (data) => {
      const text = data.toString();
      let frame: LiveFrame;
      try {
        frame = JSON.parse(text) as LiveFrame;
      } catch {
        return;
      }
      if (frame.type === 'hello') {
        const expected = frame.data.lastSeq - frame.data.replayed;
        const restarted = lastSeq !== undefined && frame.data.lastSeq < lastSeq;
        const missed = lastSeq !== undefined && !restarted ? Math.max(0, expected - lastSeq) : 0;
        lastSeq = expected;
        backoff = initialBackoff;
        connections += 1;
        options.onFrame(frame, text);
        options.onConnection({ type: 'connected', reconnected: connections > 1, hello: frame.data, restarted, missed });
        return;
      }
      lastSeq = frame.seq;
      options.onFrame(frame, text);
    });
    ws.on('close', (code, reason) => {
      if (socket === ws) socket = undefined;
      if (refused) return;
      if (opened) retry((retryInMs) => options.onConnection({ type: 'disconnected', code, reason: reason.toString(), retryInMs }));
      else retry((retryInMs) => options.onConnection({ type: 'unreachable', message: unreachable ?? 'connection closed', retryInMs }));
    });
  };

  connect();
  return {
    failed,
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      const ws = socket;
      if (!ws || ws.readyState === WebSocket.CLOSED) return;
      const closed = new Promise((resolve) => ws.once('close', resolve));
      ws.close(1000, 'bye');
      // A server that does not answer the close handshake is cut after a moment.
      const timer = setTimeout(() => ws.terminate(), 500);
      await closed;
      clearTimeout(timer);
    },
  };
}

function messageOf(text: string): string {
  try {
    return (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    return text || 'no explanation';
  }
}
