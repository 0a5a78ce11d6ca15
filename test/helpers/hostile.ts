import fc from 'fast-check';
import type { Hono } from 'hono';
import { expect } from 'vitest';
import type { AttemptRequest } from '../../src/delivery/attempt.js';
import type { Attempt } from '../../src/domain/delivery.js';

/** What the hostile-input property tests share: sending a request in-process and cheap checks. */

export interface HostileRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HostileAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * Sends `request` to `app` in-process; rejects when no answer comes within `hangMs`. With
 * `abortMs`, the client goes away after that long (ending long polls, as a real client would).
 */
export async function callApp(
  app: Hono,
  request: HostileRequest,
  { hangMs, abortMs }: { hangMs: number; abortMs?: number },
): Promise<HostileAnswer> {
  const controller = new AbortController();
  const abort = abortMs === undefined ? undefined : setTimeout(() => controller.abort(), abortMs);
  let hang: NodeJS.Timeout | undefined;
  try {
    const response = await Promise.race([
      app.request(request.path, {
        method: request.method,
        headers: request.headers,
        signal: controller.signal,
        ...(request.body !== undefined && { body: request.body }),
      }),
      new Promise<never>((_, reject) => {
        hang = setTimeout(() => reject(new Error(`no answer within ${hangMs} ms`)), hangMs);
      }),
    ]);
    return { status: response.status, headers: response.headers, text: await response.text() };
  } finally {
    clearTimeout(abort);
    clearTimeout(hang);
  }
}

export const describeRequest = (r: HostileRequest) =>
  `${r.method} ${r.path.slice(0, 300)} ${JSON.stringify(r.headers).slice(0, 300)} body(${r.body?.length ?? 'none'}): ${r.body?.slice(0, 300)}`;

/** A cheap assertion: vitest's `expect` costs too much to call tens of thousands of times. */
export function ensure(condition: boolean, message: () => string): void {
  if (!condition) expect.fail(message());
}

export function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Route templates as `app` registered them (e.g. `/_emulator/deliveries/:id`), with their methods; `keep` picks the paths. */
export function appRoutes(app: Hono, keep: (path: string) => boolean): { path: string; methods: string[] }[] {
  const byPath = new Map<string, Set<string>>();
  for (const route of app.routes) {
    if (route.path.includes('*') || !keep(route.path)) continue;
    const methods = byPath.get(route.path) ?? new Set<string>();
    if (route.method !== 'ALL') methods.add(route.method);
    byPath.set(route.path, methods);
  }
  return [...byPath].map(([path, methods]) => ({ path, methods: [...methods] }));
}

/** Any string, lone surrogates and NUL included. */
export const anyString = (maxLength = 40) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.constantFrom('', '\u0000', 'a\u0000b', '\ud800', '\udfff\ud800', '🐦\u202e', 'ﬀ', '__proto__', 'constructor', 'toString'),
  );

/** Percent-encodes any string, lone surrogates included (encodeURIComponent throws on those). */
export const encode = (value: string) => [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** Answers a delivery attempt in-process, no socket: a URL with `/fail` in it gets a 500, any other a 200. */
export async function answerInProcess(request: AttemptRequest): Promise<Attempt> {
  const status = request.destination.includes('/fail') ? 500 : 200;
  return {
    attemptNumber: request.attemptNumber,
    destination: request.destination,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    outcome: status === 200 ? 'succeeded' : 'failed',
    response: { status, headers: {}, body: '', bodyTruncated: false },
  };
}

export const HTTP_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS', 'HEAD'];

export interface RouteCase {
  template: string;
  method: string;
}

/** A route and a method: mostly one the route has, sometimes any (405s, OPTIONS preflights). */
export function routeCases(all: readonly { path: string; methods: string[] }[]): fc.Arbitrary<RouteCase> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(...all.filter((r) => r.methods.length > 0))
        .chain((r) => fc.constantFrom(...r.methods).map((method) => ({ template: r.path, method }))),
    },
    fc.tuple(fc.constantFrom(...all), fc.constantFrom(...HTTP_METHODS)).map(([r, method]) => ({ template: r.path, method })),
  );
}

/** Whole requests to the routes `cases` picks; each route's arbitrary is built once (building one costs more than drawing from it). */
export function requestsTo(
  cases: fc.Arbitrary<RouteCase>,
  build: (c: RouteCase) => fc.Arbitrary<HostileRequest>,
): fc.Arbitrary<HostileRequest> {
  const built = new Map<string, fc.Arbitrary<HostileRequest>>();
  return cases.chain((c) => {
    const key = `${c.method} ${c.template}`;
    let arbitrary = built.get(key);
    if (!arbitrary) built.set(key, (arbitrary = build(c)));
    return arbitrary;
  });
}
