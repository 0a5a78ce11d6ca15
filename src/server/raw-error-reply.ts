import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorBody } from '../http/errors.js';

/**
 * Writes a whole HTTP answer with Bird's JSON error body straight to `socket` and closes it: for
 * requests that never reach the app (a refused WebSocket upgrade, bytes Node's parser refused).
 */
export function endWithJsonError(socket: Duplex, status: number, body: ErrorBody): void {
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Content-Type: application/json; charset=UTF-8\r\n' +
      `Content-Length: ${Buffer.byteLength(text)}\r\n` +
      'Connection: close\r\n\r\n' +
      text,
  );
}
