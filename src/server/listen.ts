import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import { EmulatorError } from '../errors.js';

export interface ListenOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:4747` */
  url: string;
  port: number;
  /** Stops accepting, ends idle keep-alive sockets and resolves when the server is closed. */
  close(): Promise<void>;
}

/** Serves `app` on a TCP port. The only place that opens sockets (with @hono/node-server). */
export async function listen(app: Hono, { port, host }: ListenOptions): Promise<RunningServer> {
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
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
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
