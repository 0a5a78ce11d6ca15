import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { WebhookSignatureDiagnosis } from '../signing/diagnose.js';
import { diagnoseDelivery, type SignatureScheme } from '../signing/scheme.js';
import type { StandardWebhookDiagnosis } from '../signing/standard-webhooks-diagnose.js';
import { secretsOf } from '../signing/standard-webhooks-verify.js';

/** How the receiver answers one request. */
export type ReceiverAnswer =
  /** Answer with this status (and body), optionally after a delay. */
  | { status: number; body?: string | Buffer; headers?: Record<string, string>; delayMs?: number }
  /** Read the request and never answer (the emulator's attempt times out). */
  | { hang: true }
  /** Answer 302 with this Location (a failure for Bird: redirects are not followed). */
  | { redirect: string }
  /** Cut the connection without an answer. */
  | { destroy: true };

export interface ReceivedRequest {
  method: string;
  /** Path and query as sent, e.g. `/webhooks/bird`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The exact body bytes, as a signature covers them. */
  rawBody: Buffer;
  /** The body parsed as JSON (undefined when it is not JSON). */
  body: unknown;
  /** The scheme the request was checked with; undefined when the receiver has neither key nor secret. */
  scheme: SignatureScheme | undefined;
  /** Whether the Bird signature verifies; undefined when the receiver has neither key nor secret. */
  signatureValid: boolean | undefined;
  /**
   * Why the signature does or does not verify (`diagnoseWebhookSignature`'s or
   * `diagnoseStandardWebhook`'s, as `scheme` says); undefined without a key or secret.
   */
  diagnosis: WebhookSignatureDiagnosis | StandardWebhookDiagnosis | undefined;
  /** The answer it got. */
  answer: ReceiverAnswer;
}

export interface ReceiverOptions {
  /** Verify each request's `messagebird-signature` (the Notifications API's) with this key. */
  signingKey?: string;
  /**
   * Verify each request's Standard Webhooks signature (the platform API's `webhook-signature`) with
   * this `whsec_` secret. With `signingKey` too, the headers a request carries choose the scheme.
   */
  secret?: string;
  /** Several secrets, any of which may verify (both sides of a rotation); used together with `secret`. */
  secrets?: readonly string[];
  /**
   * Answers for the 1st, 2nd, … request; a number n is shorthand for n answers of 500. After the
   * list, `fallback`.
   * @default []
   */
  fail?: number | readonly ReceiverAnswer[];
  /** @default { status: 200, body: 'ok' } */
  fallback?: ReceiverAnswer;
  /**
   * Chooses the answer from the request itself, e.g. a 500 for the first attempt of each
   * `messagebird-request-id`; returning undefined leaves it to `fail` and `fallback`.
   */
  respond?: (request: Pick<ReceivedRequest, 'method' | 'path' | 'headers' | 'rawBody'>) => ReceiverAnswer | undefined;
  /**
   * The URL the signature is checked against, given the request path. Bird signs the
   * subscription's URL, so pass it when it differs from this receiver's own (forwarding rules).
   * @default the receiver's own URL + the request path
   */
  signedUrl?: (path: string) => string;
  /** @default '127.0.0.1' */
  host?: string;
}

export interface Receiver {
  /** e.g. `http://127.0.0.1:51234`; append your webhook path. */
  readonly url: string;
  readonly port: number;
  /** Every request so far, in arrival order. */
  readonly requests: readonly ReceivedRequest[];
  /** Replaces the answers for the next requests (and optionally the fallback). */
  answer(next: readonly ReceiverAnswer[], fallback?: ReceiverAnswer): void;
  /** Resolves once `count` requests have arrived in all; rejects after `timeoutMs` saying how many did. */
  waitForRequests(count: number, options?: { timeoutMs?: number }): Promise<ReceivedRequest[]>;
  /** Forgets the recorded requests. */
  clear(): void;
  /** Closes the server and every socket, hung ones included. */
  close(): Promise<void>;
}

/**
 * A local HTTP receiver on a free port for tests: records each request's raw bytes and headers,
 * verifies Bird's signature in either scheme (`signingKey`, `secret`), and answers as told
 * (statuses, delays, hangs, redirects, resets), so retry behaviour can be tested end to end.
 */
export async function createReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const waiters = new Set<() => void>();
  let queue: ReceiverAnswer[] =
    typeof options.fail === 'number' ? Array.from({ length: options.fail }, () => ({ status: 500 })) : [...(options.fail ?? [])];
  let fallback: ReceiverAnswer = options.fallback ?? { status: 200, body: 'ok' };
  let baseUrl = '';
  const signedUrl = (path: string) => (options.signedUrl ? options.signedUrl(path) : baseUrl + path);
  const secrets = secretsOf(options);

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const path = req.url ?? '/';
      const answer = options.respond?.({ method: req.method ?? '', path, headers: req.headers, rawBody }) ?? queue.shift() ?? fallback;
      const checked = diagnoseDelivery({
        headers: req.headers,
        body: rawBody,
        messagebird: options.signingKey === undefined ? undefined : { signingKey: options.signingKey, url: signedUrl(path) },
        standard: secrets.length === 0 ? undefined : { secrets },
        // Notifications retries keep their first timestamp, and tests may run on virtual time (which
        // platform timestamps follow): no age limit.
        toleranceSeconds: false,
      });
      requests.push({
        method: req.method ?? '',
        path,
        headers: req.headers,
        rawBody,
        body: parseJson(rawBody),
        scheme: checked?.scheme,
        signatureValid: checked?.diagnosis.valid,
        diagnosis: checked?.diagnosis,
        answer,
      });
      for (const wake of waiters) wake();
      if ('hang' in answer) return;
      if ('destroy' in answer) {
        req.socket.destroy();
        return;
      }
      if ('redirect' in answer) {
        res.writeHead(302, { location: answer.redirect }).end();
        return;
      }
      const send = () => res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: baseUrl,
    port,
    requests,
    answer(next, nextFallback) {
      queue = [...next];
      if (nextFallback) fallback = nextFallback;
    },
    waitForRequests(count, { timeoutMs = 10_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (requests.length < count) return;
          finish();
          resolve(requests.slice(0, count));
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`the receiver got ${requests.length} of ${count} requests within ${timeoutMs} ms`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    clear() {
      requests.length = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
