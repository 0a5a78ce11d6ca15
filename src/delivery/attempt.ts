import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
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
 * Creates the HTTP sender: node:http(s) with keep-alive, no redirects followed (a 3xx is a failed
 * attempt, as at Bird). Durations are real time; the timestamp comes from the clock so it follows a
 * virtual one.
 *
 * @note node:http rather than undici or `fetch`: measured with test/bench on the 2-core reference
 * machine, it costs the same CPU per request as undici once an `AbortSignal.timeout()` is counted
 * (one timer here does that job), and it is built in, so start-up does not load undici (~130 ms).
 * Idle sockets close after 10 s, or just before the receiver's own `Keep-Alive: timeout`.
 */
export function createHttpSender(clock: Clock): { send: SendAttempt; close(): Promise<void> } {
  const options = { keepAlive: true, maxSockets: 128, timeout: 10_000 };
  // @note One pool per destination URL, not per host: a webhook route that never answers fills only
  // its own pool, so the other subscriptions of the same receiver are not queued behind it (and
  // timed out without ever being sent).
  const agents = new Map<string, HttpAgent>();
  const agentFor = (destination: string, secure: boolean): HttpAgent => {
    const key = destination.replace(/[?#].*$/s, '');
    let agent = agents.get(key);
    if (!agent) {
      if (agents.size >= 256) dropIdleAgents();
      agents.set(key, (agent = secure ? new HttpsAgent(options) : new HttpAgent(options)));
    }
    return agent;
  };
  // Tests often give every receiver a new port: forget the pools nothing is using, so they do not pile up.
  const dropIdleAgents = () => {
    for (const [key, agent] of agents) {
      if (Object.keys(agent.sockets).length === 0 && Object.keys(agent.requests).length === 0) {
        agent.destroy();
        agents.delete(key);
      }
    }
  };

  const send: SendAttempt = ({ attemptNumber, destination, headers, body, timeoutMs }) =>
    new Promise((resolve) => {
      const startedAt = isoTimestamp(clock.now());
      const started = performance.now();
      const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
      let timedOut = false;
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const settle = () => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        return true;
      };
      // Each Attempt is one object literal with every field, so it is laid out compactly in the history.
      const fail = (error: unknown) => {
        if (!settle()) return;
        resolve({
          attemptNumber,
          destination,
          startedAt,
          durationMs: elapsed(),
          outcome: 'failed',
          error: describeError(error, timedOut, timeoutMs),
        });
      };

      let req: ClientRequest;
      try {
        const secure = /^https:/i.test(destination);
        req = (secure ? httpsRequest : httpRequest)(destination, {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          agent: agentFor(destination, secure),
        });
      } catch (error) {
        fail(error);
        return;
      }
      timer = setTimeout(() => {
        timedOut = true;
        req.destroy();
      }, timeoutMs);
      let response: IncomingMessage | undefined;
      req.on('error', fail);
      // A connection that closes before the whole response arrived, however it happened.
      req.on('close', () => {
        if (!response?.complete) fail(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      });
      req.on('response', (res: IncomingMessage) => {
        response = res;
        readCapped(res, RESPONSE_BODY_CAP_BYTES, (text, truncated) => {
          if (!settle()) return;
          const status = res.statusCode ?? 0;
          resolve({
            attemptNumber,
            destination,
            startedAt,
            durationMs: elapsed(),
            outcome: status >= 200 && status < 300 ? 'succeeded' : 'failed',
            response: { status, headers: flattenHeaders(res.headers), body: text, bodyTruncated: truncated },
          });
        });
        res.on('error', fail);
      });
      req.end(body);
    });

  return {
    send,
    close: async () => {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}

/** Reads at most `cap` bytes of the body, then calls `done` once; a longer body is cut and the socket dropped. */
function readCapped(res: IncomingMessage, cap: number, done: (text: string, truncated: boolean) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (chunk: Buffer) => {
    const room = cap - size;
    if (chunk.byteLength > room) {
      chunks.push(chunk.subarray(0, room));
      done(Buffer.concat(chunks).toString('utf8'), true);
      res.destroy();
      return;
    }
    chunks.push(chunk);
    size += chunk.byteLength;
  });
  res.on('end', () => done(Buffer.concat(chunks).toString('utf8'), false));
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function describeError(error: unknown, timedOut: boolean, timeoutMs: number): NonNullable<Attempt['error']> {
  const err = error as { code?: string; message?: string };
  const code = err.code;
  if (timedOut) return { code: 'timeout', message: `no complete response within ${timeoutMs} ms` };
  if (code === 'ECONNREFUSED') return { code: 'connection_refused', message: 'connection refused: nothing is listening at that address' };
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return { code: 'connection_reset', message: `the receiver closed the connection (${code})` };
  }
  if (code?.startsWith('HPE_')) {
    return { code: 'invalid_response', message: `the receiver's answer is not valid HTTP (${code})` };
  }
  return { code: 'connection_error', message: err.message ?? String(error) };
}
