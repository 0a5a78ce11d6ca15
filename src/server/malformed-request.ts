import { maxHeaderSize } from 'node:http';
import type { Duplex } from 'node:stream';
import { statusOf, type ErrorBody } from '../http/errors.js';
import { endWithJsonError } from './raw-error-reply.js';

/**
 * Answers a request Node's HTTP parser refused (not HTTP, a bad header, headers over Node's limit,
 * too slow to arrive) with Bird's JSON error shape, instead of Node's bare status line, then closes
 * the connection: after a parse error the rest of the stream cannot be trusted.
 */
export function answerMalformedRequest(error: NodeJS.ErrnoException, socket: Duplex): void {
  // The client is gone (or the answer is already written): nothing to tell it.
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  endWithJsonError(socket, ...describe(error.code));
}

function describe(code: string | undefined): [status: number, body: ErrorBody] {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return [431, { code: 'BadRequest', message: `The request headers are larger than ${maxHeaderSize} bytes.` }];
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return [statusOf('Timeout'), { code: 'Timeout', message: 'The request did not arrive in time.' }];
  return [statusOf('BadRequest'), { code: 'BadRequest', message: `The request is not valid HTTP/1.1 (${code ?? 'unknown error'}).` }];
}
