import { expect } from 'vitest';
import type { EmulatorOptions } from '../../src/config.js';
import type { Clock } from '../../src/clock/clock.js';
import { createEmulator, type Emulator, type EmulatorDeps } from '../../src/emulator.js';
import { perTestClient } from './per-test-client.js';

/** Bird's reference example ids (docs.bird.com, webhook-subscriptions reference pages). */
export const ORG = 'cb28a94e-8557-4394-80ea-5bbd2170d434';
export const WS = 'b4e02c85-c6d2-4b15-8885-e09671799c61';
export const OTHER_ORG = '0b7d7c1e-4a5c-4a57-9f0e-2f1a0a3b9c11';
export const OTHER_WS = '6f1c2d3e-8b9a-4c7d-9e0f-1a2b3c4d5e6f';
/** The current base path: `/organizations/{ORG}/workspaces/{WS}`. */
export const BASE = `/organizations/${ORG}/workspaces/${WS}`;
/** The older base path without the organization. */
export const LEGACY_BASE = `/workspaces/${WS}`;
export const CHANNEL_ID = '58c44c1d-a6a0-4cb6-9f78-05308de87451';

/** Bird's reference create body, with a local URL instead of `https://example.com/webhook`. */
export const REFERENCE_BODY = {
  service: 'channels',
  event: 'sms.outbound',
  eventFilters: [{ key: 'channelId', value: CHANNEL_ID }],
  template: 'text',
  url: 'http://localhost:3000/webhook',
  signingKey: 'KeV+/HGoIQrxuE5YPCRR6AuQOJveldYNNhbVi1i22qk=',
} as const;

/** The subscription object as Bird answers with it. */
export interface BirdSubscription {
  id: string;
  organizationId: string;
  workspaceId: string;
  service: string;
  event: string;
  eventFilters: { key: string; value: string }[];
  template?: string;
  url: string;
  signingKey?: string;
  status: 'active' | 'inactive';
  statusReason?: string;
  createdAt: string;
  updatedAt: string;
}

export interface BirdPage<T = BirdSubscription> {
  results: T[];
  nextPageToken?: string;
}

/** Bird's error body. */
export interface BirdError {
  code: string;
  message: string;
  details?: Record<string, string[]>;
}

export interface BirdResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** The raw body text ('' when there is none). */
  text: string;
  /** The parsed JSON body, or undefined when the body is empty. */
  body: T;
}

export interface RequestOptions {
  /** Serialised as JSON with `content-type: application/json`. */
  json?: unknown;
  /** Sent as is; set `content-type` yourself in `headers`. */
  raw?: string;
  /** Extra headers; `authorization: null` removes the default one. */
  headers?: Record<string, string | null>;
}

export interface BirdClient {
  emulator: Emulator;
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<BirdResponse<T>>;
  get<T = unknown>(path: string, options?: RequestOptions): Promise<BirdResponse<T>>;
  post<T = unknown>(path: string, json?: unknown, options?: RequestOptions): Promise<BirdResponse<T>>;
  patch<T = unknown>(path: string, json?: unknown, options?: RequestOptions): Promise<BirdResponse<T>>;
  delete<T = unknown>(path: string, options?: RequestOptions): Promise<BirdResponse<T>>;
  /** POSTs `overrides` over REFERENCE_BODY to `{base}/webhook-subscriptions`; fails the test unless 201. */
  create(overrides?: Record<string, unknown>, base?: string): Promise<BirdSubscription>;
  /** Every status this client has seen, so a test can prove no 500 ever happened. */
  readonly statuses: readonly number[];
  close(): Promise<void>;
}

export const ACCESS_KEY = 'test';

/** An in-memory emulator and a small typed client that calls `app.request()` in-process. */
export async function createBirdClient(options: EmulatorOptions = {}, deps: EmulatorDeps = {}): Promise<BirdClient> {
  const emulator = await createEmulator({ storage: 'memory', ...options }, deps);
  const statuses: number[] = [];

  const request = async <T>(method: string, path: string, { json, raw, headers = {} }: RequestOptions = {}) => {
    const merged: Record<string, string | null> = {
      authorization: `AccessKey ${ACCESS_KEY}`,
      ...(json !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    };
    const sent = Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== null));
    const body = json !== undefined ? JSON.stringify(json) : raw;
    const response = await emulator.app.request(path, { method, headers: sent, ...(body !== undefined && { body }) });
    statuses.push(response.status);
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: (text === '' ? undefined : JSON.parse(text)) as T };
  };

  return {
    emulator,
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, json, options) => request('POST', path, { ...options, json }),
    patch: (path, json, options) => request('PATCH', path, { ...options, json }),
    delete: (path, options) => request('DELETE', path, options),
    async create(overrides = {}, base = BASE) {
      const response = await request<BirdSubscription | BirdError>('POST', `${base}/webhook-subscriptions`, {
        json: { ...REFERENCE_BODY, ...overrides },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body as BirdSubscription;
    },
    statuses,
    close: () => emulator.close(),
  };
}

/**
 * Registers beforeEach/afterEach hooks that open a fresh in-memory emulator per test and close it
 * afterwards; returns a getter for the current client. Every test also proves that no 5xx happened.
 */
export function useBirdClient(options: EmulatorOptions = {}, deps: () => EmulatorDeps = () => ({})): () => BirdClient {
  return perTestClient('useBirdClient', () => createBirdClient(options, deps()));
}

/** A clock that moves only when told to (no timers fire in these API tests). */
export interface ManualClock extends Clock {
  advance(ms: number): void;
}

export function createManualClock(start = Date.parse('2025-06-22T19:05:31.240Z')): ManualClock {
  let now = start;
  return {
    now: () => now,
    setTimer: () => () => undefined,
    advance(ms) {
      now += ms;
    },
  };
}

const ERROR_KEYS = ['code', 'details', 'message'];

/**
 * Asserts Bird's error shape: the status, JSON content type, `{code, message, details?}` and
 * nothing else, each details entry a non-empty list of strings; `detailKeys` must all be present.
 */
export function expectBirdError(
  response: BirdResponse<unknown>,
  status: number,
  { code, detailKeys = [] }: { code?: string; detailKeys?: string[] } = {},
): BirdError {
  expect(response.status, response.text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = response.body as BirdError;
  expect(typeof body).toBe('object');
  expect(
    Object.keys(body).every((k) => ERROR_KEYS.includes(k)),
    response.text,
  ).toBe(true);
  expect(typeof body.code).toBe('string');
  expect(body.message).toEqual(expect.any(String));
  expect(body.message.length).toBeGreaterThan(0);
  if (code !== undefined) expect(body.code).toBe(code);
  if (body.details !== undefined) {
    for (const messages of Object.values(body.details)) {
      expect(messages.length).toBeGreaterThan(0);
      for (const m of messages) expect(m).toEqual(expect.any(String));
    }
  }
  for (const key of detailKeys) expect(Object.keys(body.details ?? {}), response.text).toContain(key);
  return body;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** RFC 3339 with milliseconds and `Z`, as Bird writes `createdAt`. */
export const RFC3339_MS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
