import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../src/http/request.js';
import { createEmulator, type Emulator } from '../../src/emulator.js';
import {
  answerInProcess,
  requestsTo,
  routeCases,
  type RouteCase,
  anyString,
  appRoutes,
  callApp,
  describeRequest,
  encode,
  ensure,
  parses,
  type HostileAnswer,
  type HostileRequest,
} from '../helpers/hostile.js';

/**
 * Hostile input, property-based: every route of the Notifications API and the control API is called
 * in-process with random and malformed JSON, wrong types, huge strings and arrays, deep nesting,
 * unicode and NUL bytes, wrong content types, bodies over the cap, absurd `limit`/`pageToken`,
 * path ids that are not UUIDs and random query strings. Every answer must be a 2xx or a 4xx
 * (never a 5xx, a throw or a hang), every 4xx must carry `{code, message, details?}`, no answer
 * may carry a CORS header, and a rejected request must leave the store exactly as it was.
 */

const ORG = 'cb28a94e-8557-4394-80ea-5bbd2170d434';
const WS = 'b4e02c85-c6d2-4b15-8885-e09671799c61';
const MAX_BODY = 1024 * 1024;
/** A request that takes longer than this counts as a hang. */
const HANG_MS = 5_000;
/** The client gives up after this long, which ends long polls (`/deliveries/wait`) and scenario runs. */
const CLIENT_ABORT_MS = 250;

let emulator: Emulator;
let seeded: { subscriptionIds: string[]; deliveryIds: string[]; eventIds: string[] };
const tried = new Map<string, number>();

/** Known state: two subscriptions, one event, one succeeded and one failed delivery. */
async function seed(): Promise<void> {
  await emulator.reset();
  const scope = { organizationId: ORG, workspaceId: WS };
  const ok = await emulator.notifications.subscriptions.create(scope, {
    service: 'channels',
    event: 'sms.inbound',
    url: 'http://localhost:3000/ok',
    signingKey: 'seed-key',
  });
  const failing = await emulator.notifications.subscriptions.create(scope, {
    service: 'channels',
    event: 'sms.inbound',
    url: 'http://127.0.0.1:3000/fail',
    eventFilters: [{ key: 'channelId', value: '58c44c1d-a6a0-4cb6-9f78-05308de87451' }],
  });
  const fired = await emulator.firing.fire({ event: 'sms.inbound', payload: { channelId: '58c44c1d-a6a0-4cb6-9f78-05308de87451' } });
  await emulator.idle();
  seeded = { subscriptionIds: [ok.id, failing.id], deliveryIds: fired.deliveries.map((d) => d.id), eventIds: [fired.event.id] };
}

/** Everything a request could change. */
function snapshot(): string {
  return JSON.stringify({
    subscriptions: emulator.notifications.store.all(),
    events: emulator.history.events(),
    deliveries: emulator.history.deliveries(),
    messages: emulator.outbox.list(),
    channels: emulator.notifications.channels.all(),
  });
}

beforeAll(async () => {
  emulator = await createEmulator({ storage: 'memory', retrySchedule: [], seed: 7 }, { send: answerInProcess });
  await seed();
});

afterAll(async () => {
  await emulator.close();
  const total = [...tried.values()].reduce((a, b) => a + b, 0);
  const lines = [...tried].map(([name, n]) => `  ${String(n).padStart(6)}  ${name}`).join('\n');
  console.log(`hostile input: ${total} requests tried, no 5xx, throw or hang\n${lines}`);
});

// ---------------------------------------------------------------------------------------------
// Requests

const call = (request: HostileRequest) => callApp(emulator.app, request, { hangMs: HANG_MS, abortMs: CLIENT_ABORT_MS });

/**
 * Sends one request and checks the answer and the store; returns the answer for more checks.
 * A 2xx may change the store (a valid create, a reset): the seed is then restored.
 */
async function check(property: string, request: HostileRequest): Promise<HostileAnswer> {
  tried.set(property, (tried.get(property) ?? 0) + 1);
  const before = snapshot();
  const answer = await call(request);
  const where = () => `${describeRequest(request)}\n→ ${answer.status} ${answer.text.slice(0, 500)}`;
  const { status } = answer;
  ensure((status >= 200 && status < 300) || (status >= 400 && status < 500), () => `not a 2xx or 4xx: ${where()}`);
  for (const name of answer.headers.keys()) ensure(!name.startsWith('access-control-'), () => `${name} on ${where()}`);
  if (status >= 400 && request.method !== 'HEAD') checkErrorShape(answer, request, where);
  if (status < 300 && request.method !== 'HEAD' && /json/.test(answer.headers.get('content-type') ?? '')) {
    ensure(parses(answer.text), () => `a 2xx that is not JSON: ${where()}`);
  }
  await emulator.idle();
  const after = snapshot();
  if (status >= 400) ensure(after === before, () => `a rejected request changed the store: ${where()}`);
  else if (after !== before) await seed();
  return answer;
}

function checkErrorShape(answer: HostileAnswer, request: HostileRequest, where: () => string): void {
  ensure(/^application\/json/.test(answer.headers.get('content-type') ?? ''), () => `an error that is not JSON: ${where()}`);
  ensure(parses(answer.text), () => `an error body that does not parse: ${where()}`);
  const body = JSON.parse(answer.text) as Record<string, unknown>;
  ensure(typeof body === 'object' && body !== null && !Array.isArray(body), () => `an error body that is not an object: ${where()}`);
  // The long poll's own timeout answer also lists what did arrive.
  const allowed = [
    'code',
    'message',
    'details',
    ...(answer.status === 408 && request.path.includes('/deliveries/wait') ? ['arrived'] : []),
  ];
  for (const key of Object.keys(body)) ensure(allowed.includes(key), () => `unexpected key ${key} in an error: ${where()}`);
  ensure(typeof body.code === 'string' && body.code.length > 0, () => `no code: ${where()}`);
  ensure(typeof body.message === 'string' && body.message.length > 0, () => `no message: ${where()}`);
  if (body.details === undefined) return;
  const details = body.details;
  ensure(typeof details === 'object' && details !== null && !Array.isArray(details), () => `details not a map: ${where()}`);
  for (const messages of Object.values(details as object)) {
    ensure(Array.isArray(messages) && messages.length > 0, () => `details entry not a list: ${where()}`);
    for (const message of messages as unknown[]) ensure(typeof message === 'string', () => `a detail that is not a string: ${where()}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** Route templates as the app registered them, e.g. `/_emulator/deliveries/:id` with their methods. */
function routes(): { path: string; methods: string[] }[] {
  // The platform API (`/v1`) answers in its own error shape: platform-hostile-input.test.ts.
  return appRoutes(emulator.app, (path) => !path.startsWith('/v1/'));
}

/** One of the ids that exist now (read at generation time: a reseed makes new ones). */
const knownId = fc.nat().map((i) => {
  const ids = [ORG, WS, ...seeded.subscriptionIds, ...seeded.deliveryIds, ...seeded.eventIds];
  return ids[i % ids.length] as string;
});

const idValue = () =>
  fc.oneof(
    { weight: 3, arbitrary: knownId },
    fc.uuid(),
    knownId.map((id) => id.toUpperCase()),
    fc.stringMatching(/^[0-9a-fA-FgG-]{1,40}$/),
    anyString(60),
    fc.constantFrom('.', '..', '%', '%zz', '%00', '%2F', '%E0%A4%A', 'wait', 'null', '-1', '0'.repeat(5000), 'a'.repeat(70_000)),
  );

/** A path segment: usually encoded, sometimes raw (which may change the route or break escapes). */
const segment = (value: fc.Arbitrary<string>) =>
  fc.tuple(value, fc.integer({ min: 0, max: 9 })).map(([v, how]) => (how < 7 ? encode(v) : v.replace(/[#?]/g, '')));

const absurdNumber = fc.oneof(
  fc.constantFrom('', '-1', '0', '1', '10', '100', '101', '1000', '1001', '1e3', '1e309', 'NaN', 'Infinity', '1.5', ' 10', '0x10', '１０'),
  fc.constantFrom('99999999999999999999999999', '9'.repeat(400), '-0', '+5', '10abc', '00000000000000000000001'),
  fc.integer().map(String),
  fc.double().map(String),
);

const pageToken = fc.oneof(
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url')),
  fc
    .record({
      v: fc.oneof(fc.constant(1), fc.jsonValue()),
      after: fc.oneof(fc.uuid(), anyString(), fc.jsonValue()),
      at: fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        anyString(),
        fc.jsonValue(),
      ),
    })
    .map((cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url')),
  anyString(100),
  fc.constantFrom('A'.repeat(8001), 'A'.repeat(100_000), '====', '%%%'),
);

const QUERY_KEYS = [
  'limit',
  'pageToken',
  'executionStatus',
  'requestId',
  'service',
  'event',
  'status',
  'subscriptionId',
  'eventId',
  'SearchFilters[service]',
  'SearchFilters[channelId]',
  'SearchFilter[status]',
  'SearchFilters[__proto__]',
  'SearchFilters[]',
  'replay',
  'since',
];

const queryValue = fc.oneof(
  absurdNumber,
  pageToken,
  anyString(60),
  fc.uuid(),
  fc.constantFrom('succeeded', 'failed', 'pending', 'settled', 'channels', 'numbers', 'sms.inbound', 'active'),
);

const query = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUERY_KEYS) }, anyString(20)), queryValue), { maxLength: 5 })
    .chain((pairs) =>
      fc
        .boolean()
        .map((raw) =>
          raw
            ? `?${pairs.map(([k, v]) => `${k}=${v}`.replace(/#/g, '')).join('&')}`
            : `?${new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, v])).toString()}`,
        ),
    ),
);

const printable = fc.string({ unit: 'grapheme-ascii', maxLength: 40 });
const headers = fc
  .record(
    {
      authorization: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom('AccessKey test', 'Bearer anything') },
        fc.constantFrom('', 'AccessKey', 'AccessKey  ', 'Basic dGVzdA==', 'accesskey x y', 'AccessKey \t'),
        printable,
      ),
      'content-type': fc.oneof(
        { weight: 4, arbitrary: fc.constant('application/json') },
        fc.constantFrom(
          'application/json; charset=utf-8',
          'APPLICATION/JSON',
          'application/merge-patch+json',
          'application/json;',
          'application/jsonx',
          'text/plain',
          'text/html',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/json; charset=utf-16',
          '',
        ),
        printable,
      ),
      // Mostly absent: a foreign Origin is refused (403) before the route sees anything else.
      origin: fc.oneof(
        { weight: 8, arbitrary: fc.constant(undefined) },
        fc.constantFrom('http://localhost', 'http://127.0.0.1', 'https://evil.example', 'null'),
      ),
    },
    { requiredKeys: [] },
  )
  .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>);

/** A JSON fragment (text) with a hostile value. Built as text so deep nesting never hits our own stack. */
const hostileFragment = (big: boolean) =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
    anyString(80).map((s) => JSON.stringify(s)),
    fc.constantFrom(
      'null',
      'true',
      '0',
      '-0',
      '-1',
      '1.5',
      '1e309',
      '-1e309',
      `1${'0'.repeat(400)}`,
      '9007199254740993',
      '[]',
      '{}',
      '[null]',
      '{"__proto__":{"polluted":1}}',
      '{"constructor":{"prototype":{"polluted":1}}}',
      '"\\u0000"',
      '"\\ud800"',
      '"http://localhost/\\u0000"',
      '"http://localhost:3000/\\ud800"',
      '"https://example.com/\\u202e"',
    ),
    ...(big
      ? [
          fc.integer({ min: 1_000, max: 400_000 }).map((n) => JSON.stringify('x'.repeat(n))),
          fc.integer({ min: 100, max: 60_000 }).map((n) => JSON.stringify('é🐦\u0000'.repeat(n))),
          fc
            .tuple(fc.integer({ min: 100, max: 60_000 }), fc.constantFrom('0', '"a"', '{}', 'null', '{"key":"channelId","value":"x"}'))
            .map(([n, item]) => `[${new Array<string>(n).fill(item).join(',')}]`),
          fc
            .tuple(fc.integer({ min: 100, max: 20_000 }), fc.boolean())
            .map(([depth, arrays]) => (arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth))),
        ]
      : []),
  );

/** Valid bodies per route; mutated to make near-valid hostile ones. */
function validBody(method: string, path: string): Record<string, unknown> | undefined {
  if (method === 'POST' && path.endsWith('/webhook-subscriptions')) {
    return {
      service: 'channels',
      event: 'sms.outbound',
      url: 'http://localhost:3000/hook',
      eventFilters: [{ key: 'channelId', value: '58c44c1d-a6a0-4cb6-9f78-05308de87451' }],
      template: 'text',
      signingKey: 'k',
    };
  }
  if (method === 'PATCH' && path.endsWith('/webhook-subscriptions/:id')) {
    return { url: 'http://localhost:3000/other', status: 'inactive', eventFilters: [], template: 't', signingKey: 'k2' };
  }
  if (method === 'POST' && path === '/_emulator/events') {
    return { event: 'sms.inbound', service: 'channels', organizationId: ORG, workspaceId: WS, payload: { channelId: 'c', x: { y: 1 } } };
  }
  if (method === 'POST' && path.endsWith('/redeliver')) return { payload: { status: 'delivered', x: { y: 1 } } };
  if (method === 'POST' && path.endsWith('/deliveries/wait'))
    return { event: 'sms.inbound', status: 'settled', attempts: 1, timeoutMs: 20 };
  if (method === 'POST' && path.endsWith('/clock/advance')) return { ms: 1000 };
  if (method === 'POST' && path.endsWith('/channels/:channelId/messages')) {
    return {
      receiver: { contacts: [{ identifierValue: '+31612345678', identifierKey: 'phonenumber' }] },
      body: { type: 'text', text: { text: 'Hi' } },
      reference: 'order-1',
    };
  }
  if (method === 'POST' && path.endsWith('/outcomes')) return { to: '*@bounce.test', outcome: 'bounced', channel: 'email' };
  if (method === 'POST' && path.endsWith('/messages/wait')) return { channel: 'sms', status: 'delivered', timeoutMs: 20 };
  return undefined;
}

const HOLE = '\u0001hole\u0001';

/** `base` with the value at `key` (a top-level key, or `key.x` one level down) replaced by raw JSON text. */
function withFragment(base: Record<string, unknown>, key: string, fragment: string): string {
  const copy = structuredClone(base);
  const [top, inner] = key.split('.') as [string, string | undefined];
  if (inner === undefined) copy[top] = HOLE;
  else copy[top] = { ...(typeof copy[top] === 'object' && copy[top] !== null ? copy[top] : {}), [inner]: HOLE };
  return JSON.stringify(copy).replace(JSON.stringify(HOLE), () => fragment);
}

/** A body for `method path`: near-valid (one field hostile), random JSON, garbage, truncated or none. */
const body = (method: string, path: string, big: boolean): fc.Arbitrary<string | undefined> => {
  const base = validBody(method, path) ?? { anything: 1 };
  const keys = [...Object.keys(base), ...Object.keys(base).map((k) => `${k}.x`), 'unknownField', '__proto__'];
  const valid = JSON.stringify(base);
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...keys), hostileFragment(big)).map(([key, f]) => withFragment(base, key, f)) },
    { weight: 2, arbitrary: fc.constantFrom(...Object.keys(base)).map((key) => JSON.stringify({ ...base, [key]: undefined })) },
    fc.constant(valid),
    hostileFragment(big),
    fc.json({ maxDepth: 3 }),
    anyString(200),
    fc.integer({ min: 0, max: valid.length - 1 }).map((n) => valid.slice(0, n)),
    fc.constant(undefined),
  );
};

const routeCase = (): fc.Arbitrary<RouteCase> => routeCases(routes());

/** A whole request to one route: path ids, query, headers and (unless GET/HEAD) a body. */
function requestTo({ template, method }: RouteCase, big: boolean): fc.Arbitrary<HostileRequest> {
  const params = template.match(/:[A-Za-z]+/g) ?? [];
  return fc
    .record({
      ids: fc.tuple(...params.map(() => segment(idValue()))),
      query,
      headers,
      body: method === 'GET' || method === 'HEAD' ? fc.constant(undefined) : body(method, template, big),
    })
    .map(({ ids, query: q, headers: h, body: b }) => {
      let path = template;
      ids.forEach((id, i) => {
        path = path.replace(params[i] as string, () => id);
      });
      return { method, path: path + q, headers: h, ...(b !== undefined && { body: b }) };
    });
}

const request = (big: boolean): fc.Arbitrary<HostileRequest> => requestsTo(routeCase(), (c) => requestTo(c, big));

// ---------------------------------------------------------------------------------------------
// Properties

describe('hostile input on every route', () => {
  it('covers every route of the Bird API and the control API', () => {
    const paths = routes().map((r) => r.path);
    for (const expected of [
      '/organizations/:organizationId/workspaces/:workspaceId/webhook-subscriptions',
      '/organizations/:organizationId/workspaces/:workspaceId/webhook-subscriptions/:id',
      '/organizations/:organizationId/workspaces/:workspaceId/webhook-subscriptions/:id/logs',
      '/organizations/:organizationId/workspaces/:workspaceId/webhook-subscriptions/:id/logs/details',
      '/workspaces/:workspaceId/webhook-subscriptions',
      '/workspaces/:workspaceId/webhook-subscriptions/:id',
      '/workspaces/:workspaceId/available-webhooks',
      '/_emulator/health',
      '/_emulator/reset',
      '/_emulator/events',
      '/_emulator/events/:id',
      '/_emulator/catalog',
      '/_emulator/deliveries',
      '/_emulator/deliveries/:id',
      '/_emulator/deliveries/:id/redeliver',
      '/_emulator/deliveries/wait',
      '/_emulator/clock',
      '/_emulator/clock/advance',
      '/workspaces/:workspaceId/channels/:channelId/messages',
      '/_emulator/messages',
      '/_emulator/messages/:id',
      '/_emulator/messages/wait',
      '/_emulator/outcomes',
    ]) {
      expect(paths).toContain(expected);
    }
  });

  it('answers random requests (ids, queries, headers, bodies) with a 2xx or a JSON 4xx and never changes the store on a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(request(false), async (r) => {
        await check('random requests to every route', r);
      }),
      { numRuns: 3000 },
    );
  }, 120_000);

  it('survives huge strings, huge arrays and deep nesting in every field of every body', async () => {
    await fc.assert(
      fc.asyncProperty(
        request(true).filter((r) => r.body !== undefined),
        async (r) => {
          await check('huge and deeply nested bodies', r);
        },
      ),
      { numRuns: 300, endOnFailure: true },
    );
  }, 120_000);

  it('refuses deep nesting in a fired payload, a redelivery and a subscription with a 4xx', async () => {
    const deliveryId = seeded.deliveryIds[0] as string;
    for (const depth of [MAX_JSON_DEPTH - 1, 1_000, 10_000, 100_000]) {
      const deep = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
      const deepArray = '['.repeat(depth) + ']'.repeat(depth);
      const json = { authorization: 'AccessKey test', 'content-type': 'application/json' };
      for (const [path, text] of [
        ['/_emulator/events', `{"event":"sms.inbound","payload":{"x":${deep}}}`],
        ['/_emulator/events', `{"event":"sms.inbound","payload":{"x":${deepArray}}}`],
        [`/_emulator/deliveries/${deliveryId}/redeliver`, `{"payload":{"x":${deep}}}`],
        [
          `/organizations/${ORG}/workspaces/${WS}/webhook-subscriptions`,
          `{"service":"channels","event":"sms.inbound","url":"http://localhost/x","eventFilters":${deepArray}}`,
        ],
        ['/_emulator/deliveries/wait', `{"event":${deep},"timeoutMs":10}`],
      ] as const) {
        const answer = await check('deep nesting (fixed cases)', { method: 'POST', path, headers: json, body: text });
        expect(answer.status, `${path} depth ${depth}: ${answer.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      }
    }
    // The limit counts the whole body: {payload: {x: …}} puts the payload's own nesting two levels down.
    const within = '{"a":'.repeat(MAX_JSON_DEPTH - 2) + '1' + '}'.repeat(MAX_JSON_DEPTH - 2);
    const accepted = await check('deep nesting (fixed cases)', {
      method: 'POST',
      path: '/_emulator/events',
      headers: { 'content-type': 'application/json' },
      body: `{"event":"sms.inbound","payload":{"x":${within}}}`,
    });
    expect(accepted.status, accepted.text.slice(0, 300)).toBe(201);
  });

  it('refuses a body over the cap with a JSON 413 on every method and route, with or without Content-Length', async () => {
    const filler = 'x'.repeat(MAX_BODY + 64 * 1024);
    await fc.assert(
      fc.asyncProperty(
        routeCase().filter((c) => c.method !== 'GET' && c.method !== 'HEAD'),
        fc.integer({ min: 1, max: 64 * 1024 }),
        fc.boolean(),
        fc.constantFrom('application/json', 'text/plain', 'application/octet-stream'),
        async ({ template, method }, over, withLength, contentType) => {
          const text = `{"event":"${filler.slice(0, MAX_BODY + over - 12)}"}`;
          expect(Buffer.byteLength(text)).toBe(MAX_BODY + over);
          const headers: Record<string, string> = { authorization: 'AccessKey test', 'content-type': contentType };
          if (withLength) headers['content-length'] = String(Buffer.byteLength(text));
          const path = template.replace(/:[A-Za-z]+/g, (name) =>
            name === ':organizationId' ? ORG : name === ':workspaceId' ? WS : (seeded.subscriptionIds[0] as string),
          );
          const answer = await check('bodies over the 1 MiB cap', { method, path, headers, body: text });
          expect(answer.status, `${method} ${path}`).toBe(413);
          expect(JSON.parse(answer.text)).toMatchObject({ code: 'PayloadTooLarge' });
        },
      ),
      { numRuns: 80, endOnFailure: true },
    );
  }, 60_000);

  it('answers absurd limit and pageToken values on every list with 200 or a 422 on the query', async () => {
    const lists = [
      `/organizations/${ORG}/workspaces/${WS}/webhook-subscriptions`,
      `/workspaces/${WS}/webhook-subscriptions`,
      `/organizations/${ORG}/workspaces/${WS}/webhook-subscriptions/${seeded.subscriptionIds[0]}/logs`,
      '/_emulator/events',
      '/_emulator/deliveries',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...lists),
        fc.option(absurdNumber, { nil: undefined }),
        fc.option(pageToken, { nil: undefined }),
        async (path, limit, token) => {
          const params = new URLSearchParams();
          if (limit !== undefined) params.set('limit', limit);
          if (token !== undefined) params.set('pageToken', token);
          const answer = await check('absurd limit and pageToken', {
            method: 'GET',
            path: `${path}?${params.toString()}`,
            headers: { authorization: 'AccessKey test' },
          });
          expect([200, 422], answer.text).toContain(answer.status);
          if (answer.status === 422) {
            const keys = Object.keys((JSON.parse(answer.text) as { details: object }).details);
            for (const key of keys) expect(['.query.limit', '.query.pageToken']).toContain(key);
          } else if (limit !== undefined && limit !== '') {
            expect(limit, 'a 200 means the limit was a whole number in range').toMatch(/^\d+$/);
            const results = (JSON.parse(answer.text) as { results: unknown[] }).results;
            expect(results.length).toBeLessThanOrEqual(Number(limit));
          }
        },
      ),
      { numRuns: 1500 },
    );
  }, 60_000);

  it('answers path ids that are not UUIDs with a 422 on the path (Bird API) or a 404 (control API)', async () => {
    type Route = (id: string) => readonly [method: string, path: string, detail?: string];
    const birdRoutes: Route[] = [
      (id: string) => ['GET', `/organizations/${ORG}/workspaces/${WS}/webhook-subscriptions/${id}`, '.path.id'],
      (id: string) => ['PATCH', `/workspaces/${WS}/webhook-subscriptions/${id}`, '.path.id'],
      (id: string) => ['DELETE', `/organizations/${ORG}/workspaces/${WS}/webhook-subscriptions/${id}`, '.path.id'],
      (id: string) => ['GET', `/organizations/${ORG}/workspaces/${WS}/webhook-subscriptions/${id}/logs`, '.path.id'],
      (id: string) => ['GET', `/organizations/${id}/workspaces/${WS}/webhook-subscriptions`, '.path.organizationId'],
      (id: string) => ['GET', `/workspaces/${id}/available-webhooks`, '.path.workspaceId'],
    ];
    const controlRoutes: Route[] = [
      (id: string) => ['GET', `/_emulator/events/${id}`],
      (id: string) => ['GET', `/_emulator/deliveries/${id}`],
      (id: string) => ['POST', `/_emulator/deliveries/${id}/redeliver`],
    ];
    // Not "." or "..": a URL parser resolves those segments before any server sees them (the path
    // then names another route, or none).
    const notUuid = anyString(80).filter(
      (s) => s !== '' && s !== '.' && s !== '..' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...birdRoutes), fc.constantFrom(...controlRoutes), notUuid, async (bird, control, id) => {
        const encoded = encode(id);
        const [method, path, detail] = bird(encoded);
        const body = method === 'PATCH' ? JSON.stringify({ status: 'inactive' }) : undefined;
        const headers = { authorization: 'AccessKey test', 'content-type': 'application/json' };
        const refused = await check('path ids that are not UUIDs', { method, path, headers, ...(body !== undefined && { body }) });
        expect(refused.status, refused.text).toBe(422);
        expect(Object.keys((JSON.parse(refused.text) as { details: object }).details)).toContain(detail);
        const [controlMethod, controlPath] = control(encoded);
        const missing = await check('path ids that are not UUIDs', { method: controlMethod, path: controlPath, headers });
        expect(missing.status, missing.text).toBe(404);
      }),
      { numRuns: 600 },
    );
  }, 60_000);
});
