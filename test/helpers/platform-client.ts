import { expect } from 'vitest';
import type { EmulatorOptions } from '../../src/config.js';
import type { SendAttempt } from '../../src/delivery/attempt.js';
import { createEmulator, type Emulator, type EmulatorDeps } from '../../src/emulator.js';
import { perTestClient } from './per-test-client.js';

/** A key in Bird's shape (`bk_{region}_{token}`); with `baseUrl` the SDK accepts any string. */
export const API_KEY = 'bk_us1_test';
export const OTHER_KEY = 'bk_eu1_other';

/** Bird's reference create body (research §1.1), with a local URL. */
export const CREATE_BODY = {
  url: 'http://localhost:3000/webhooks/bird',
  events: ['email.delivered', 'email.bounced'],
  description: 'Production delivery + bounce notifications',
} as const;

export const WHK_ID = /^whk_[0-9a-hjkmnp-tv-z]{26}$/;
export const REQ_ID = /^req_[0-9a-hjkmnp-tv-z]{26}$/;
export const SECRET = /^whsec_[A-Za-z0-9+/]{32}$/;
export const RFC3339_MS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Bird's `WebhookEndpoint`. */
export interface Endpoint {
  id: string;
  url: string;
  description?: string;
  events: string[];
  status: 'active' | 'degraded' | 'paused';
  created_at: string;
  updated_at: string;
}

export interface Page<T = Endpoint> {
  data: T[];
  next_cursor: string | null;
  prev_cursor: string | null;
  refresh_cursor: string | null;
  total: number | null;
}

/** Bird's error envelope. */
export interface PlatformErrorBody {
  error: {
    type: string;
    code: string;
    name: string;
    message: string;
    doc_url: string;
    request_id: string;
    details?: { param: string; message: string }[];
  };
}

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export interface CallOptions {
  /** Serialised as JSON with `content-type: application/json`. */
  json?: unknown;
  /** Sent as is. */
  raw?: string;
  /** Extra headers; `authorization: null` removes the default one. */
  headers?: Record<string, string | null>;
  /** The Bearer key. @default API_KEY */
  key?: string;
}

export interface PlatformClient {
  emulator: Emulator;
  request<T = any>(method: string, path: string, options?: CallOptions): Promise<Answer<T>>;
  /** Creates an endpoint (CREATE_BODY with `overrides`); fails the test unless 201. */
  create(overrides?: Record<string, unknown>, key?: string): Promise<Endpoint & { secret: string }>;
  /** Every status seen, so a test can prove no 5xx happened. */
  readonly statuses: readonly number[];
  close(): Promise<void>;
}

/** An in-memory emulator and a client that calls `app.request()` in-process with `Authorization: Bearer`. */
export async function createPlatformClient(options: EmulatorOptions = {}, deps: EmulatorDeps = {}): Promise<PlatformClient> {
  const emulator = await createEmulator({ storage: 'memory', ...options }, deps);
  const statuses: number[] = [];
  const request = async (method: string, path: string, { json, raw, headers = {}, key = API_KEY }: CallOptions = {}) => {
    const merged: Record<string, string | null> = {
      authorization: `Bearer ${key}`,
      ...(json !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    };
    const sent = Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== null));
    const body = json !== undefined ? JSON.stringify(json) : raw;
    const response = await emulator.app.request(path, { method, headers: sent, ...(body !== undefined && { body }) });
    statuses.push(response.status);
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: text === '' ? undefined : JSON.parse(text) };
  };
  return {
    emulator,
    request,
    async create(overrides = {}, key = API_KEY) {
      const answer = await request('POST', '/v1/webhooks', { json: { ...CREATE_BODY, ...overrides }, key });
      expect(answer.status, answer.text).toBe(201);
      return answer.body;
    },
    statuses,
    close: () => emulator.close(),
  };
}

/** A fresh emulator per test (closed afterwards, with a check that no 5xx happened). */
export function usePlatformClient(options: EmulatorOptions = {}, deps: () => EmulatorDeps = () => ({})): () => PlatformClient {
  return perTestClient('usePlatformClient', () => createPlatformClient(options, deps()));
}

/** The `type` Bird's SDK infers from a status (`inferType`, NOTES §3.3): each error's `type` must be this one. */
export function sdkTypeOf(status: number): string {
  const types: Record<number, string> = {
    400: 'bad_request_error',
    401: 'auth_error',
    402: 'billing_error',
    403: 'permission_error',
    404: 'not_found_error',
    409: 'conflict_error',
    412: 'precondition_error',
    413: 'payload_too_large_error',
    421: 'misdirected_error',
    422: 'validation_error',
    428: 'precondition_error',
    429: 'rate_limit_error',
    501: 'not_implemented_error',
    503: 'service_unavailable_error',
  };
  return types[status] ?? (status >= 500 ? 'internal_error' : 'bad_request_error');
}

/**
 * Returns why `answer` is not Bird's platform error envelope with `status`, or undefined: JSON,
 * `{"error": {type, code, name, message, doc_url, request_id, details?}}` and nothing else, the
 * type the SDK infers from the status, `X-Request-Id` equal to `request_id`, details only on a
 * validation_error and each one a `{param, message}`.
 * @note A plain function, not `expect`, so a property test can call it thousands of times cheaply.
 */
export function platformErrorProblem(answer: Pick<Answer, 'status' | 'headers' | 'text'>, status?: number): string | undefined {
  if (status !== undefined && answer.status !== status) return `status ${answer.status}, expected ${status}`;
  if (!/^application\/json/.test(answer.headers.get('content-type') ?? '')) return `content-type ${answer.headers.get('content-type')}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.text);
  } catch {
    return 'the body is not JSON';
  }
  const outer = parsed as Record<string, unknown>;
  if (typeof outer !== 'object' || outer === null || Object.keys(outer).join() !== 'error') return 'the body is not {"error": {…}}';
  const error = outer.error as Record<string, unknown>;
  const allowed = ['type', 'code', 'name', 'message', 'doc_url', 'request_id', 'details'];
  const extra = Object.keys(error).filter((k) => !allowed.includes(k));
  if (extra.length > 0) return `unexpected keys ${extra.join()}`;
  if (error.type !== sdkTypeOf(answer.status)) return `type ${String(error.type)} on a ${answer.status}`;
  if (typeof error.code !== 'string' || !/^E\d{5}$/.test(error.code)) return `code ${String(error.code)}`;
  if (typeof error.name !== 'string' || error.name === '') return 'no name';
  if (typeof error.message !== 'string' || error.message === '') return 'no message';
  if (error.doc_url !== `https://docs.bird.com/errors/${error.code}`) return `doc_url ${String(error.doc_url)}`;
  if (typeof error.request_id !== 'string' || !REQ_ID.test(error.request_id)) return `request_id ${String(error.request_id)}`;
  // A replay (Idempotency-Replay: true) is the first answer's body, its request_id included ("same
  // status/body", https://bird.com/pl-pl/dokumentacja/api/idempotency/); its X-Request-Id is its own.
  const replayed = answer.headers.get('idempotency-replay') === 'true';
  if (!replayed && answer.headers.get('x-request-id') !== error.request_id) return `X-Request-Id ${answer.headers.get('x-request-id')}`;
  if (error.details !== undefined) {
    if (error.type !== 'validation_error') return 'details on an error that is not a validation_error';
    if (!Array.isArray(error.details) || error.details.length === 0) return 'details is not a non-empty list';
    for (const detail of error.details as Record<string, unknown>[]) {
      if (typeof detail !== 'object' || detail === null || Object.keys(detail).sort().join() !== 'message,param') {
        return `detail ${JSON.stringify(detail)}`;
      }
      if (typeof detail.param !== 'string' || typeof detail.message !== 'string' || detail.message === '') {
        return `detail ${JSON.stringify(detail)}`;
      }
    }
  }
  return undefined;
}

/** Asserts Bird's platform error envelope (see platformErrorProblem), and optionally its code, name and params. */
export function expectPlatformError(
  answer: Answer,
  status: number,
  { code, name, params }: { code?: string; name?: string; params?: string[] } = {},
): PlatformErrorBody['error'] {
  expect(platformErrorProblem(answer, status), answer.text).toBeUndefined();
  const error = (answer.body as PlatformErrorBody).error;
  if (code !== undefined) expect(error.code, answer.text).toBe(code);
  if (name !== undefined) expect(error.name, answer.text).toBe(name);
  if (params !== undefined) expect(error.details?.map((d) => d.param) ?? [], answer.text).toEqual(expect.arrayContaining(params));
  return error;
}

export interface FakeAnswer {
  status?: number;
  body?: string;
  /** No response at all: a refused connection. */
  unreachable?: boolean;
}

export type FakeSend = SendAttempt & {
  /** Every request sent, in order. */
  sent: Parameters<SendAttempt>[0][];
  /** How the next attempts are answered; change it at will. */
  answer: FakeAnswer;
  /** The time attempts are stamped with; set it to the emulator's clock when that is virtual. */
  now: () => number;
};

/** Answers every attempt in-process (no socket) as `answer` says; records what was sent. */
export function fakeSend(answer: FakeAnswer = {}): FakeSend {
  const send = async (request: Parameters<SendAttempt>[0]) => {
    fake.sent.push(request);
    const { attemptNumber, destination } = request;
    const startedAt = new Date(fake.now()).toISOString();
    if (fake.answer.unreachable) {
      const error = { code: 'connection_refused' as const, message: 'connection refused' };
      return { attemptNumber, destination, startedAt, durationMs: 2.4, outcome: 'failed' as const, error };
    }
    const status = fake.answer.status ?? 200;
    return {
      attemptNumber,
      destination,
      startedAt,
      durationMs: 3.6,
      outcome: status >= 200 && status < 300 ? ('succeeded' as const) : ('failed' as const),
      response: { status, headers: {}, body: fake.answer.body ?? 'ok', bodyTruncated: false },
    };
  };
  const fake: FakeSend = Object.assign(send, { sent: [], answer, now: Date.now });
  return fake;
}
