import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { DirectRoute } from '../http/direct-route.js';
import { HOST_POLICY_BINDING, type HostPolicy } from '../http/host-guard.js';
import { EmulatorError } from '../errors.js';
import type { LiveFeed } from '../live/live-feed.js';
import { directLane } from './direct-lane.js';
import { attachLiveSocket, liveLogUrl, type LiveSocketOptions } from './live-socket.js';
import { answerMalformedRequest } from './malformed-request.js';

export interface ListenOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** `Host` names accepted besides local ones and `host` (`--allowed-host`). @default [] */
  allowedHosts?: readonly string[];
  /** Routes of `app` to answer without Hono (`emulator.directRoutes`). @default [] */
  directRoutes?: readonly DirectRoute[];
  /** The live log to serve at `/_emulator/ws` (`emulator.live`); without it that path answers 404. */
  live?: LiveFeed;
  /** Limits of the WebSocket (tests shrink them). */
  liveSocket?: LiveSocketOptions;
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:4747` */
  url: string;
  /** The live log, e.g. `ws://127.0.0.1:4747/_emulator/ws` */
  wsUrl: string;
  port: number;
  /** Stops accepting, ends idle keep-alive sockets and resolves when the server is closed. */
  close(): Promise<void>;
}

/**
 * Serves `app` on a TCP port, and the live log on its WebSocket. The only place that opens sockets
 * (with @hono/node-server and ws). Tells the app's host guard which names are its own.
 */
export async function listen(
  app: Hono,
  { port, host, allowedHosts = [], directRoutes = [], live, liveSocket: socketOptions }: ListenOptions,
): Promise<RunningServer> {
  const policy: HostPolicy = { boundHost: host, allowedHosts };
  const viaHono = getRequestListener((request, env) => app.fetch(request, { ...env, [HOST_POLICY_BINDING]: policy }));
  const direct = directLane(directRoutes, policy);
  const server = createServer((request, response) => {
    if (!direct(request, response)) void viaHono(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(
          new EmulatorError(
            'ConfigurationError',
            `Port ${port} on ${host} is already in use; choose another with --port (0 picks a free one).`,
          ),
        );
      } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
        reject(new EmulatorError('ConfigurationError', `Cannot listen on ${host}: ${error.code}; check --host.`));
      } else {
        reject(error);
      }
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
  server.on('clientError', answerMalformedRequest);
  const liveSocket = attachLiveSocket(server, live, policy, socketOptions);
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${urlHost}:${address.port}`;
  return {
    url,
    wsUrl: liveLogUrl(url),
    port: address.port,
    async close() {
      // WebSocket connections count as open ones: the server only finishes closing once they are gone.
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      server.closeIdleConnections();
      await liveSocket.close();
      await closed;
    },
  };
}
