import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { statusOf } from '../http/errors.js';
import { hostRefusal, type HostPolicy } from '../http/host-guard.js';
import { EmulatorError } from '../errors.js';
import { parseReplayQuery, type LiveFeed, type LiveReplayOptions } from '../live/live-feed.js';
import { endWithJsonError } from './raw-error-reply.js';

/** Where the live log is served. */
const LIVE_PATH = '/_emulator/ws';

/** Close code for a client that reads too slowly: 1013 "try again later" (it may reconnect with `?since=`). */
export const CLOSE_TOO_SLOW = 1013;
/** Close code sent to every client when the emulator stops: 1001 "going away". */
const CLOSE_GOING_AWAY = 1001;

export interface LiveSocketOptions {
  /**
   * Bytes a client may leave unsent before it is dropped with {@link CLOSE_TOO_SLOW}. Checked
   * before each send, so one slow viewer costs at most this much memory and never holds up a delivery.
   * @default 1048576
   */
  maxBufferedBytes?: number;
  /** Ping interval; a client that has not answered the previous ping is dropped. @default 30000 */
  heartbeatMs?: number;
}

export interface LiveSocket {
  /** Sends every client {@link CLOSE_GOING_AWAY}, waits briefly for the close handshakes, then cuts the rest. */
  close(): Promise<void>;
}

/**
 * Serves `feed` as WebSocket frames on `server`'s `upgrade` event at {@link LIVE_PATH}, after the
 * same Host/Origin checks as the HTTP routes. Other upgrade paths get a 404.
 */
export function attachLiveSocket(
  server: Server,
  feed: LiveFeed | undefined,
  policy: HostPolicy,
  options: LiveSocketOptions = {},
): LiveSocket {
  const maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 });
  const alive = new WeakMap<WebSocket, boolean>();

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    // An origin-form target ('/_emulator/ws') resolves to localhost; an absolute one keeps its own host, which is checked too.
    const url = URL.parse(request.url ?? '/', 'http://localhost');
    if (!url) return refuse(socket, new EmulatorError('BadRequest', 'The request target is not a valid URL.'));
    if (url.pathname !== LIVE_PATH || !feed) {
      return refuse(socket, new EmulatorError('NotFound', `No WebSocket at ${url.pathname}; the live log is at ${LIVE_PATH}.`));
    }
    const refusal = hostRefusal({ host: request.headers.host, origin: request.headers.origin, urlHost: url.host }, policy, {
      checkOrigin: true,
    });
    if (refusal) return refuse(socket, new EmulatorError('Forbidden', refusal));
    if (request.headers.upgrade?.toLowerCase() !== 'websocket') {
      return refuse(socket, new EmulatorError('BadRequest', `${LIVE_PATH} only upgrades to a WebSocket.`));
    }
    let replay: LiveReplayOptions;
    try {
      replay = parseReplayQuery(url.searchParams);
    } catch (error) {
      return refuse(socket, error as EmulatorError);
    }
    wss.handleUpgrade(request, socket, head, (ws) => serve(ws, replay));
  };

  const serve = (ws: WebSocket, replay: LiveReplayOptions) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    // Errors (a reset connection) are followed by 'close', which does the cleanup.
    ws.on('error', () => {});
    let unsubscribe = () => {};
    ws.once('close', () => unsubscribe());
    unsubscribe = (feed as LiveFeed).subscribe((json) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      const unsent = ws.bufferedAmount;
      if (unsent > maxBufferedBytes) {
        // The close frame queues behind what is unsent; ws cuts the socket if no answer comes in 30 s.
        ws.close(CLOSE_TOO_SLOW, `client too slow: ${unsent} bytes unsent`);
        unsubscribe();
        return;
      }
      // @note Never awaited: a send only queues bytes, so a viewer cannot hold up the dispatcher.
      ws.send(json);
    }, replay);
    if (ws.readyState !== WebSocket.OPEN) unsubscribe();
  };

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  server.on('upgrade', onUpgrade);

  return {
    async close() {
      clearInterval(heartbeat);
      server.off('upgrade', onUpgrade);
      const open = [...wss.clients];
      for (const ws of open) ws.close(CLOSE_GOING_AWAY, 'emulator stopping');
      await Promise.race([
        Promise.all(open.map((ws) => (ws.readyState === WebSocket.CLOSED ? undefined : new Promise((r) => ws.once('close', r))))),
        new Promise((r) => setTimeout(r, 1000).unref()),
      ]);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** Answers an upgrade request that will not be upgraded with the HTTP status and JSON error body of the routes. */
function refuse(socket: Duplex, error: EmulatorError): void {
  endWithJsonError(socket, statusOf(error.code), { code: error.code, message: error.message });
}

/** The live log's URL for an emulator base URL: `http://h:p` → `ws://h:p/_emulator/ws`; a ws(s) URL is kept. */
export function liveLogUrl(baseUrl: string): string {
  if (/^wss?:\/\//i.test(baseUrl)) return baseUrl;
  return `${baseUrl.replace(/\/+$/, '').replace(/^http/i, 'ws')}${LIVE_PATH}`;
}
