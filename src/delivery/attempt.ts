import { Agent, request } from 'undici';
import type { Attempt } from '../domain/delivery.js';
import { isoTimestamp, type Clock } from './clock.js';

/** Response bodies are kept up to this many bytes per attempt. */
export const RESPONSE_BODY_CAP_BYTES = 64 * 1024;

export interface AttemptRequest {
  attemptNumber: number;
  destination: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** Sends one POST; never throws: every outcome, a refused connection included, is an Attempt. */
export type SendAttempt = (request: AttemptRequest) => Promise<Attempt>;

/**
 * Creates the HTTP sender: undici with keep-alive (several times faster than `fetch` here), no
 * redirects followed (a 3xx is a failed attempt, as at Bird). Durations are real time; the
 * timestamp comes from the clock so it follows a virtual one.
 */
export function createHttpSender(clock: Clock): { send: SendAttempt; close(): Promise<void> } {
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 128 });

  const send: SendAttempt = async ({ attemptNumber, destination, headers, body, timeoutMs }) => {
    const startedAt = isoTimestamp(clock.now());
    const started = performance.now();
    const base = { attemptNumber, destination, startedAt };
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await request(destination, {
        method: 'POST',
        headers,
        body,
        dispatcher: agent,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const { text, truncated } = await readCapped(response.body, RESPONSE_BODY_CAP_BYTES);
      const ok = response.statusCode >= 200 && response.statusCode < 300;
      return {
        ...base,
        durationMs: elapsed(),
        outcome: ok ? 'succeeded' : 'failed',
        response: { status: response.statusCode, headers: flattenHeaders(response.headers), body: text, bodyTruncated: truncated },
      };
    } catch (error) {
      return { ...base, durationMs: elapsed(), outcome: 'failed', error: describeError(error, signal, timeoutMs) };
    }
  };

  return { send, close: () => agent.close() };
}

async function readCapped(body: AsyncIterable<Uint8Array> & { destroy(): unknown }, cap: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of body) {
    const room = cap - size;
    if (chunk.byteLength > room) {
      chunks.push(Buffer.from(chunk.subarray(0, room)));
      truncated = true;
      body.destroy();
      break;
    }
    chunks.push(Buffer.from(chunk));
    size += chunk.byteLength;
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated };
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function describeError(error: unknown, signal: AbortSignal, timeoutMs: number): NonNullable<Attempt['error']> {
  const err = error as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code;
  if (signal.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || err.name === 'TimeoutError') {
    return { code: 'timeout', message: `no complete response within ${timeoutMs} ms` };
  }
  if (code === 'ECONNREFUSED') return { code: 'connection_refused', message: 'connection refused: nothing is listening at that address' };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return { code: 'connection_reset', message: `the receiver closed the connection (${code})` };
  }
  if (code === 'HPE_INVALID_CONSTANT' || code?.startsWith('HPE_')) {
    return { code: 'invalid_response', message: `the receiver's answer is not valid HTTP (${code})` };
  }
  return { code: 'connection_error', message: err.message ?? String(error) };
}
