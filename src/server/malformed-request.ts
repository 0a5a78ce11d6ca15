import { maxHeaderSize } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorBody } from '../api/errors.js';

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
  const [status, reason, body] = describe(error.code);
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}

function describe(code: string | undefined): [status: number, reason: string, body: ErrorBody] {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return [
      431,
      'Request Header Fields Too Large',
      { code: 'BadRequest', message: `The request headers are larger than ${maxHeaderSize} bytes.` },
    ];
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return [408, 'Request Timeout', { code: 'Timeout', message: 'The request did not arrive in time.' }];
  }
  return [400, 'Bad Request', { code: 'BadRequest', message: `The request is not valid HTTP/1.1 (${code ?? 'unknown error'}).` }];
}
