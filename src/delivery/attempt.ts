import type { Dispatcher, Pool } from 'undici';
import type { Attempt } from '../domain/delivery.js';
import { isoTimestamp, type Clock } from '../clock/clock.js';

/** Response bodies are kept up to this many bytes per attempt. */
export const RESPONSE_BODY_CAP_BYTES = 64 * 1024;

export interface AttemptRequest {
  attemptNumber: number;
  destination: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /**
   * False when nobody will read the answer's headers and body (a load test's unrecorded
   * deliveries): the attempt then carries the status alone, with empty headers and body. @default true
   */
  keepResponse?: boolean;
}

/** Sends one POST; never throws: every outcome, a refused connection included, is an Attempt. */
export type SendAttempt = (request: AttemptRequest) => Promise<Attempt>;

// @note undici is loaded on the first attempt, not at start-up (it is the largest module the
// emulator uses); the emulator starts loading it as soon as it is ready, see `warmUp`.
let undici: Promise<typeof import('undici')> | undefined;
let loadedUndici: typeof import('undici') | undefined;
const loadUndici = () =>
  (undici ??= import('undici').then((module) => {
    loadedUndici = module;
    return module;
  }));

/** Where a destination URL is sent: its origin, path and pool key, parsed once per URL. */
interface Target {
  origin: string;
  path: string;
  /** Origin and path: one pool per webhook route. */
  key: string;
}

/**
 * Creates the HTTP sender: undici's `dispatch` with keep-alive, no redirects followed (a 3xx is a
 * failed attempt, as at Bird). Durations are real time; the timestamp comes from the clock so it
 * follows a virtual one.
 *
 * @note The callback API of `dispatch`, not `request()`, `fetch` or node:http: measured on the
 * 2-core reference machine, it costs about 35 µs of CPU per delivery where node:http costs about 70,
 * and `request()` adds streams and an AbortSignal for the timeout. One timer per attempt does the
 * timeout. Idle sockets close after 10 s, or just before the receiver's own `Keep-Alive: timeout`.
 */
export function createHttpSender(clock: Clock): { send: SendAttempt; warmUp(): void; close(): Promise<void> } {
  // @note One pool per destination URL, not per host: a webhook route that never answers fills only
  // its own pool, so the other subscriptions of the same receiver are not queued behind it (and
  // timed out without ever being sent).
  const pools = new Map<string, Pool>();
  const poolFor = (PoolClass: typeof Pool, target: Target): Pool => {
    let pool = pools.get(target.key);
    if (!pool) {
      if (pools.size >= 256) dropIdlePools();
      // Timeouts are the attempt's own timer; undici's would only race it.
      pool = new PoolClass(target.origin, { connections: 128, keepAliveTimeout: 10_000, headersTimeout: 0, bodyTimeout: 0 });
      pools.set(target.key, pool);
    }
    return pool;
  };
  // Every attempt to a subscription goes to the same URL: parsed once (bounded, as pools are).
  const targets = new Map<string, Target>();
  const targetOf = (destination: string): Target => {
    let target = targets.get(destination);
    if (!target) {
      const url = new URL(destination);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`unsupported protocol ${url.protocol}`);
      if (targets.size >= 1024) targets.clear();
      target = { origin: url.origin, path: `${url.pathname}${url.search}`, key: `${url.origin}${url.pathname}` };
      targets.set(destination, target);
    }
    return target;
  };
  // Tests often give every receiver a new port: forget the pools nothing is using, so they do not pile up.
  const dropIdlePools = () => {
    for (const [key, pool] of pools) {
      if (pool.stats.running === 0 && pool.stats.pending === 0) {
        pool.close().catch(() => undefined);
        pools.delete(key);
      }
    }
  };

  const send: SendAttempt = (request) => {
    const sending = new SendingAttempt(request, isoTimestamp(clock.now()));
    let target: Target;
    try {
      target = targetOf(request.destination);
    } catch (error) {
      sending.fail(error);
      return sending.settled;
    }
    const dispatch = ({ Pool }: typeof import('undici')) => {
      try {
        poolFor(Pool, target).dispatch(
          { origin: target.origin, path: target.path, method: 'POST', headers: request.headers, body: request.body },
          sending,
        );
      } catch (error) {
        sending.fail(error);
      }
      return sending.settled;
    };
    return loadedUndici ? dispatch(loadedUndici) : loadUndici().then(dispatch);
  };

  return {
    send,
    warmUp: () => void loadUndici().catch(() => undefined),
    close: async () => {
      const closing = [...pools.values()].map((pool) => pool.destroy().catch(() => undefined));
      pools.clear();
      await Promise.all(closing);
    },
  };
}

/**
 * One attempt in flight: undici's handler for it, its timeout, and the promise of its Attempt.
 * @note One object per attempt with its callbacks on the prototype, rather than a closure per
 * callback: under load the sender's garbage was a measurable part of the emulator's CPU.
 */
class SendingAttempt implements Dispatcher.DispatchHandler {
  readonly settled: Promise<Attempt>;
  private resolve!: (attempt: Attempt) => void;
  private readonly started = performance.now();
  private readonly timer: NodeJS.Timeout;
  private done = false;
  private timedOut = false;
  private controller: Dispatcher.DispatchController | undefined;
  private status = 0;
  private responseHeaders: Record<string, string> = {};
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly request: AttemptRequest,
    private readonly startedAt: string,
  ) {
    this.settled = new Promise((resolve) => (this.resolve = resolve));
    // Settles at once: a request still queued for a free connection (its pool full of hanging
    // ones) has nothing to abort yet, and is dropped when it gets one (onRequestStart).
    this.timer = setTimeout(timeOut, request.timeoutMs, this);
  }

  private get keepResponse(): boolean {
    return this.request.keepResponse !== false;
  }

  private elapsed(): number {
    return Math.round((performance.now() - this.started) * 10) / 10;
  }

  private settle(attempt: Attempt): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.resolve(attempt);
  }

  /** The attempt as failed; each Attempt is one object literal with every field, so it is laid out compactly in the history. */
  private failedWith(error: NonNullable<Attempt['error']>): Attempt {
    const { attemptNumber, destination } = this.request;
    return { attemptNumber, destination, startedAt: this.startedAt, durationMs: this.elapsed(), outcome: 'failed', error };
  }

  fail(error: unknown): void {
    this.settle(this.failedWith(describeError(error, this.timedOut, this.request.timeoutMs)));
  }

  timeOut(): void {
    this.timedOut = true;
    this.controller?.abort(new Error('timeout'));
    this.settle(this.failedWith(describeError(undefined, true, this.request.timeoutMs)));
  }

  private answered(truncated: boolean): void {
    const { attemptNumber, destination } = this.request;
    this.settle({
      attemptNumber,
      destination,
      startedAt: this.startedAt,
      durationMs: this.elapsed(),
      outcome: this.status >= 200 && this.status < 300 ? 'succeeded' : 'failed',
      response: {
        status: this.status,
        headers: this.responseHeaders,
        body: this.keepResponse ? Buffer.concat(this.chunks).toString('utf8') : '',
        bodyTruncated: truncated,
      },
    });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.timedOut) controller.abort(new Error('timeout'));
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    rawHeaders: Record<string, string | string[] | undefined>,
  ): void {
    this.status = statusCode;
    if (this.keepResponse) this.responseHeaders = flattenHeaders(rawHeaders);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.keepResponse) return;
    const room = RESPONSE_BODY_CAP_BYTES - this.size;
    if (chunk.byteLength > room) {
      // A longer body is cut and the connection dropped.
      this.chunks.push(chunk.subarray(0, room));
      this.answered(true);
      controller.abort(new Error('response body cap reached'));
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.byteLength;
  }

  onResponseEnd(): void {
    this.answered(false);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }
}

const timeOut = (attempt: SendingAttempt) => attempt.timeOut();

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function describeError(error: unknown, timedOut: boolean, timeoutMs: number): NonNullable<Attempt['error']> {
  if (timedOut) return { code: 'timeout', message: `no complete response within ${timeoutMs} ms` };
  const err = (error ?? {}) as { name?: string; code?: string; message?: string };
  const code = err.code;
  if (code === 'ECONNREFUSED') return { code: 'connection_refused', message: 'connection refused: nothing is listening at that address' };
  // UND_ERR_SOCKET: undici's "other side closed", a connection closed before the whole answer came.
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') {
    return { code: 'connection_reset', message: `the receiver closed the connection (${code})` };
  }
  // undici's parser errors carry no code, only their name.
  if (code?.startsWith('HPE_') || err.name === 'HTTPParserError') {
    return { code: 'invalid_response', message: `the receiver's answer is not valid HTTP (${code ?? err.message})` };
  }
  return { code: 'connection_error', message: err.message ?? String(error) };
}
