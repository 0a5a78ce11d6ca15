import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceId } from '../../src/apis/platform/ids.js';
import { createEmulator, type Emulator } from '../../src/emulator.js';
import {
  answerInProcess,
  requestsTo,
  routeCases,
  HTTP_METHODS,
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
import { API_KEY, OTHER_KEY, platformErrorProblem } from '../helpers/platform-client.js';

/**
 * Hostile input on Bird's platform API (`/v1`), property-based: every route is called in-process
 * with wrong types, unknown fields, random and truncated JSON, huge and deeply nested bodies, bad
 * cursors and timestamps, bad and foreign ids, malformed keys and Idempotency-Keys. Every answer must
 * be a 2xx or a 4xx (never a 5xx, a throw or a hang) with `X-Request-Id`, every 4xx Bird's
 * `{"error": {…}}` envelope with the type Bird's SDK infers from its status, no read may show a
 * secret, and a refused request must leave endpoints, history and sent messages exactly as they were.
 * The send routes (`/v1/{email,sms,whatsapp}/messages`) are among them; the clock is virtual, so no
 * lifecycle step fires on its own while a request is checked.
 */

const MAX_BODY = 64 * 1024;
const HANG_MS = 5_000;

let emulator: Emulator;
let seeded: { mine: string[]; theirs: string[]; messages: string[]; theirMessages: string[] };
const tried = new Map<string, number>();

/** Known state: two endpoints of the test key (one failing), one of another key, and one event: delivered to one, failed at the other. */
async function seed(): Promise<void> {
  await emulator.reset();
  const create = async (key: string, url: string) => {
    const response = await emulator.app.request('/v1/webhooks', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url, events: ['email.delivered', 'sms.sent'], description: 'seed' }),
    });
    if (response.status !== 201) throw new Error(`seed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  };
  const mine = [await create(API_KEY, 'http://localhost:3000/ok'), await create(API_KEY, 'http://localhost:3000/fail')];
  const theirs = [await create(OTHER_KEY, 'https://example.com/theirs')];
  await emulator.firing.fire({ event: 'email.delivered', api: 'platform', workspaceId: workspaceId(API_KEY) });
  const send = async (key: string, channel: string) => {
    const response = await emulator.app.request(`/v1/${channel}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(validBody('POST', `/v1/${channel}/messages`)),
    });
    if (response.status !== 202) throw new Error(`seed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  };
  const messages = [await send(API_KEY, 'email'), await send(API_KEY, 'sms'), await send(API_KEY, 'whatsapp')];
  const theirMessages = [await send(OTHER_KEY, 'email')];
  await emulator.idle();
  seeded = { mine, theirs, messages, theirMessages };
}

/** Everything a request could change. */
function snapshot(): string {
  return JSON.stringify({
    endpoints: emulator.platform.store.all(),
    events: emulator.history.events(),
    deliveries: emulator.history.deliveries(),
    messages: emulator.outbox.list(),
  });
}

beforeAll(async () => {
  emulator = await createEmulator(
    { storage: 'memory', retrySchedule: [], seed: 11, maxBodyBytes: MAX_BODY, clock: 'virtual' },
    { send: answerInProcess },
  );
  await seed();
});

afterAll(async () => {
  await emulator.close();
  const total = [...tried.values()].reduce((a, b) => a + b, 0);
  console.log(
    `platform hostile input: ${total} requests tried, no 5xx, throw or hang\n${[...tried].map(([n, c]) => `  ${String(c).padStart(6)}  ${n}`).join('\n')}`,
  );
});

const call = (request: HostileRequest) => callApp(emulator.app, request, { hangMs: HANG_MS });

/** Sends one request, checks the answer and the store; a 2xx that changed the store is followed by a reseed. */
async function check(property: string, request: HostileRequest): Promise<HostileAnswer> {
  tried.set(property, (tried.get(property) ?? 0) + 1);
  const before = snapshot();
  const answer = await call(request);
  const where = () => `${describeRequest(request)}\n→ ${answer.status} ${answer.text.slice(0, 500)}`;
  const { status } = answer;
  ensure((status >= 200 && status < 300) || (status >= 400 && status < 500), () => `not a 2xx or 4xx: ${where()}`);
  ensure(/^req_[0-9a-hjkmnp-tv-z]{26}$/.test(answer.headers.get('x-request-id') ?? ''), () => `no X-Request-Id: ${where()}`);
  if (status >= 400 && request.method !== 'HEAD') {
    const problem = platformErrorProblem(answer);
    ensure(problem === undefined, () => `${problem}: ${where()}`);
  }
  if (status < 300 && status !== 204 && request.method !== 'HEAD') {
    ensure(/^application\/json/.test(answer.headers.get('content-type') ?? ''), () => `a 2xx that is not JSON: ${where()}`);
    ensure(parses(answer.text), () => `a 2xx that does not parse: ${where()}`);
  }
  // A secret shows only in the answer to a create or a rotation.
  const mayShowSecret = request.method === 'POST' && /^\/v1\/webhooks(\/[^/]+\/rotate-secret)?(\?|$)/.test(request.path);
  if (!mayShowSecret) ensure(!answer.text.includes('whsec_'), () => `a secret in the answer: ${where()}`);
  await emulator.idle();
  const after = snapshot();
  if (status >= 400) ensure(after === before, () => `a refused request changed the store: ${where()}`);
  else if (after !== before) await seed();
  return answer;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** The platform routes as the app has them. */
const routes = () => appRoutes(emulator.app, (path) => path.startsWith('/v1/'));

const METHODS = HTTP_METHODS;

const knownId = fc.nat().map((i) => {
  const ids = [...seeded.mine, ...seeded.mine, ...seeded.theirs];
  return ids[i % ids.length] as string;
});

const idValue = fc.oneof(
  { weight: 4, arbitrary: knownId },
  knownId.map((id) => id.toUpperCase()),
  fc.stringMatching(/^whk_[0-9a-z]{20,30}$/),
  fc.constantFrom(
    'whk_01krdgeqcxet5s7t44vh8rt9mg',
    'whk_',
    'wh_01krdgeqcxet5s7t44vh8rt9mg',
    '.',
    '..',
    '%',
    '%zz',
    '%00',
    'a'.repeat(5000),
  ),
  anyString(60),
);

const segment = fc.tuple(idValue, fc.integer({ min: 0, max: 9 })).map(([v, how]) => (how < 7 ? encode(v) : v.replace(/[#?/]/g, '')));

const knownMessageId = fc.nat().map((i) => {
  const ids = [...seeded.messages, ...seeded.messages, ...seeded.theirMessages];
  return ids[i % ids.length] as string;
});

/** A `{message_id}`: one of the key's, another key's, a well-formed unknown one, or anything. */
const messageSegment = fc
  .oneof(
    { weight: 4, arbitrary: knownMessageId },
    knownMessageId.map((id) => id.toUpperCase()),
    fc.constantFrom('em_01krdgeqcxet5s7t44vh8rt9mg', 'sms_01krdgeqcxet5s7t44vh8rt9mg', 'wam_', 'wa_abc123', 'em_abc123'),
    anyString(60),
  )
  .map((v) => encode(v));

const absurdNumber = fc.oneof(
  fc.constantFrom('', '-1', '0', '1', '25', '50', '100', '101', '1e3', 'NaN', 'Infinity', '1.5', ' 10', '0x10', '１０', '9'.repeat(400)),
  fc.integer().map(String),
  fc.double().map(String),
);

const cursorValue = fc.oneof(
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url')),
  fc
    .record({
      v: fc.oneof(fc.constant(1), fc.jsonValue()),
      sort: fc.oneof(fc.constantFrom('created_at', 'url'), anyString()),
      order: fc.oneof(fc.constantFrom('asc', 'desc'), anyString()),
      key: fc.oneof(
        anyString(),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.jsonValue(),
      ),
      id: fc.oneof(knownId, anyString(), fc.jsonValue()),
    })
    .map((cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url')),
  anyString(100),
  fc.constantFrom('A'.repeat(5000), '====', '%%%', '-_-_'),
);

const timestampValue = fc.oneof(
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom(
    '2026-06-01T17:00:12Z',
    '2026-06-01T17:00:12+02:00',
    '2026-13-01T00:00:00Z',
    'yesterday',
    '0',
    '',
    '9999-12-31T23:59:59Z',
  ),
  anyString(),
);

const QUERY_KEYS = ['limit', 'sort', 'order', 'starting_after', 'ending_before', 'include_total', 'before', 'after'];
/** What the message lists take besides the cursors and limit; their values are filters (any string passes). */
const MESSAGE_QUERY_KEYS = [
  'created_after',
  'created_before',
  'status',
  'tag',
  'to',
  'from',
  'category',
  'direction',
  'error_code',
  'type',
];
const queryValue = fc.oneof(
  absurdNumber,
  cursorValue,
  timestampValue,
  fc.constantFrom('created_at', 'url', 'asc', 'desc', 'true', 'false', 'TRUE', 'status'),
);
const query = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUERY_KEYS, ...MESSAGE_QUERY_KEYS) }, anyString(20)), queryValue), {
      maxLength: 5,
    })
    .map((pairs) => `?${new URLSearchParams(pairs).toString()}`),
);

const printable = fc.string({ unit: 'grapheme-ascii', maxLength: 40 });
const headers = fc
  .record(
    {
      authorization: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(`Bearer ${API_KEY}`, `Bearer ${OTHER_KEY}`) },
        fc.constantFrom('', 'Bearer', 'Bearer ', 'AccessKey test', 'Basic dGVzdA==', 'Bearer a b', 'bearer\tx'),
        printable,
        fc.constant(undefined),
      ),
      'content-type': fc.oneof(
        { weight: 4, arbitrary: fc.constant('application/json') },
        fc.constantFrom('application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', ''),
        printable,
        fc.constant(undefined),
      ),
      'idempotency-key': fc.oneof(fc.constantFrom('', 'k', 'k'.repeat(255), 'k'.repeat(256)), printable),
    },
    { requiredKeys: ['authorization', 'content-type'] },
  )
  // Mostly without an Idempotency-Key, so requests get past it to the routes' own rules.
  .chain((h) => fc.boolean().map((withKey) => (withKey ? h : { ...h, 'idempotency-key': undefined })))
  .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>);

/** Valid bodies per route; mutated into near-valid hostile ones. */
function validBody(method: string, path: string): Record<string, unknown> {
  if (method === 'POST' && path === '/v1/webhooks')
    return { url: 'http://localhost:3000/new', events: ['email.delivered'], description: 'd' };
  if (method === 'PATCH') return { url: 'https://example.com/p', events: ['sms.sent'], description: 'p', status: 'paused' };
  if (path.endsWith('/test')) return { event_type: 'email.bounced' };
  if (path.endsWith('/replay')) return { since: '2020-01-01T00:00:00Z', until: '2100-01-01T00:00:00Z' };
  if (method === 'POST' && path === '/v1/email/messages') {
    return {
      from: { email: 'hello@acme.test', name: 'Acme' },
      to: ['delivered@messagebird.dev'],
      cc: ['Jane <jane@example.com>'],
      subject: 'Hi',
      html: '<p>Hi</p>',
      text: 'Hi',
      tags: [{ name: 'flow', value: 'signup' }],
      metadata: { user_id: 'u1' },
      headers: { 'X-Order': '1' },
      category: 'transactional',
      track_opens: true,
    };
  }
  if (method === 'POST' && path === '/v1/sms/messages') {
    return {
      to: '+31612345678',
      from: '+15557654321',
      text: 'Hi',
      category: 'transactional',
      tags: [{ name: 'a', value: 'b' }],
      metadata: {},
    };
  }
  if (method === 'POST' && path === '/v1/whatsapp/messages') {
    return { to: '+31612345678', from: '+13124495648', text: { body: 'Hi', preview_url: false }, tags: [], metadata: { a: 1 } };
  }
  return {};
}

const hostileFragment = (big: boolean): fc.Arbitrary<string> =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
    anyString(100).map((s) => JSON.stringify(s)),
    fc.constantFrom('null', 'true', '0', '-1', '1e309', '[]', '{}', '[null]', '[""]', '["email.delivered",7]', '{"__proto__":{"x":1}}'),
    // Values of the right type that Bird's rules refuse (or accept), so the rules past the schema are reached.
    fc.constantFrom('"active"', '"degraded"', '"paused"', '"https://10.0.0.1/x"', '"http://example.com/x"', '"javascript:alert(1)"'),
    fc.constantFrom('"https://localhost/ok"', '"email.teleported"', '["email.teleported"]', '["email.delivered","nope"]', '["sms.sent"]'),
    // The send routes' values: addresses, numbers, content arms, tags.
    fc.constantFrom(
      '"+31612345678"',
      '"0612345678"',
      '"US.13491208655302741918"',
      '"bounce@messagebird.dev"',
      '["a@b.c","Jane <jane@x.y>",{"email":"x@y.z"}]',
      '[{"email":"not an address"}]',
      '{"body":"x"}',
      '{"url":"https://x.test/a.png"}',
      '[{"name":"a","value":"b"},{"name":"a","value":"c"}]',
      '{"slug":"bird_otp"}',
      '"authentication"',
    ),
    fc.integer({ min: 0, max: 200 }).map((n) => JSON.stringify(new Array<string>(n).fill('email.delivered'))),
    ...(big
      ? [
          fc.integer({ min: 1_000, max: 60_000 }).map((n) => JSON.stringify('x'.repeat(n))),
          fc.integer({ min: 100, max: 5_000 }).map((n) => JSON.stringify('é🐦\u0000'.repeat(n))),
          fc.integer({ min: 100, max: 5_000 }).map((n) => `[${new Array<string>(n).fill('"sms.sent"').join(',')}]`),
          fc
            .tuple(fc.integer({ min: 60, max: 20_000 }), fc.boolean())
            .map(([depth, arrays]) => (arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth))),
        ]
      : []),
  );

const HOLE = '\u0001hole\u0001';

const body = (method: string, path: string, big: boolean): fc.Arbitrary<string | undefined> => {
  const base = validBody(method, path);
  const keys = [...Object.keys(base), 'unknown_field', '__proto__', 'secret', 'status', 'id'];
  const valid = JSON.stringify(base);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(fc.constantFrom(...keys), hostileFragment(big))
        .map(([key, fragment]) => JSON.stringify({ ...base, [key]: HOLE }).replace(JSON.stringify(HOLE), () => fragment)),
    },
    { weight: 2, arbitrary: fc.constant(valid) },
    hostileFragment(big),
    anyString(200),
    fc.integer({ min: 0, max: Math.max(0, valid.length - 1) }).map((n) => valid.slice(0, n)),
    fc.constant(undefined),
  );
};

const routeCase = (): fc.Arbitrary<RouteCase> =>
  fc.oneof(
    { weight: 4, arbitrary: routeCases(routes()) },
    // Paths under /v1 that no route has.
    fc
      .tuple(
        fc.constantFrom('/v1/nope', '/v1/webhooks/:webhook_id/nope', '/v1/webhooks/:webhook_id/test/x', '/v1'),
        fc.constantFrom(...METHODS),
      )
      .map(([template, method]) => ({ template, method })),
  );

function requestTo({ template, method }: RouteCase, big: boolean): fc.Arbitrary<HostileRequest> {
  return fc
    .record({
      id: segment,
      query,
      headers,
      body: method === 'GET' || method === 'HEAD' ? fc.constant(undefined) : body(method, template, big),
    })
    .chain((parts) => messageSegment.map((messageId) => ({ ...parts, messageId })))
    .map(({ id, messageId, query: q, headers: h, body: b }) => ({
      method,
      path: template.replace(':webhook_id', () => id).replace(':message_id', () => messageId) + q,
      headers: h,
      ...(b !== undefined && { body: b }),
    }));
}

const request = (big: boolean): fc.Arbitrary<HostileRequest> => requestsTo(routeCase(), (c) => requestTo(c, big));

const auth = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' };

// ---------------------------------------------------------------------------------------------
// Properties

describe('hostile input on every /v1 route', () => {
  it('covers every route of the platform API', () => {
    const paths = routes().map((r) => r.path);
    for (const expected of [
      '/v1/webhooks',
      '/v1/webhooks/:webhook_id',
      '/v1/webhooks/:webhook_id/rotate-secret',
      '/v1/webhooks/:webhook_id/test',
      '/v1/webhooks/:webhook_id/attempts',
      '/v1/webhooks/:webhook_id/replay',
      '/v1/workspace',
      '/v1/email/messages',
      '/v1/email/messages/:message_id',
      '/v1/sms/messages',
      '/v1/sms/messages/:message_id',
      '/v1/sms/messages/:message_id/events',
      '/v1/whatsapp/messages',
      '/v1/whatsapp/messages/:message_id',
      '/v1/whatsapp/messages/:message_id/events',
    ]) {
      expect(paths).toContain(expected);
    }
  });

  it('answers random requests with a 2xx or an enveloped 4xx and never changes the store on a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(request(false), async (r) => {
        await check('random requests to every route', r);
      }),
      { numRuns: 2500 },
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

  it('refuses a body over the cap with an enveloped 413 on every route and method, with or without Content-Length', async () => {
    const filler = 'x'.repeat(MAX_BODY + 4096);
    await fc.assert(
      fc.asyncProperty(
        routeCase().filter((c) => c.method !== 'GET' && c.method !== 'HEAD'),
        fc.integer({ min: 1, max: 4096 }),
        fc.boolean(),
        async ({ template, method }, over, withLength) => {
          const text = `{"url":"${filler.slice(0, MAX_BODY + over - 10)}"}`;
          const headers: Record<string, string> = { ...auth };
          if (withLength) headers['content-length'] = String(Buffer.byteLength(text));
          const path = template.replace(':webhook_id', seeded.mine[0] as string);
          const answer = await check('bodies over the cap', { method, path, headers, body: text });
          expect(answer.status, `${method} ${path}`).toBe(413);
          expect(JSON.parse(answer.text).error).toMatchObject({ type: 'payload_too_large_error', code: 'E90005' });
        },
      ),
      { numRuns: 60, endOnFailure: true },
    );
  }, 60_000);

  it('answers bad cursors, limits and timestamps with 200 or a 422 on that parameter', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('list', 'attempts'),
        fc.array(fc.tuple(fc.constantFrom(...QUERY_KEYS), queryValue), { maxLength: 4 }),
        async (route, pairs) => {
          const path = route === 'list' ? '/v1/webhooks' : `/v1/webhooks/${seeded.mine[1]}/attempts`;
          const answer = await check('bad cursors, limits and timestamps', {
            method: 'GET',
            path: `${path}?${new URLSearchParams(pairs).toString()}`,
            headers: auth,
          });
          expect([200, 422], answer.text).toContain(answer.status);
          if (answer.status === 422) {
            const params = (JSON.parse(answer.text).error.details as { param: string }[]).map((d) => d.param);
            for (const param of params) expect(QUERY_KEYS).toContain(param);
          }
        },
      ),
      { numRuns: 800 },
    );
  }, 60_000);

  it('answers a malformed webhook id with a 422 on webhook_id, a foreign or unknown one with a 404', async () => {
    const routesById = (id: string): [string, string, string?][] => [
      ['GET', `/v1/webhooks/${id}`],
      ['PATCH', `/v1/webhooks/${id}`, '{"status":"paused"}'],
      ['DELETE', `/v1/webhooks/${id}`],
      ['POST', `/v1/webhooks/${id}/rotate-secret`],
      ['POST', `/v1/webhooks/${id}/test`, '{}'],
      ['GET', `/v1/webhooks/${id}/attempts`],
      ['POST', `/v1/webhooks/${id}/replay`, '{}'],
    ];
    const malformed = anyString(60).filter((s) => s !== '' && s !== '.' && s !== '..' && !/^whk_[0-9a-hjkmnp-tv-z]{26}$/.test(s));
    await fc.assert(
      fc.asyncProperty(malformed, fc.nat(6), async (id, which) => {
        const [method, path, text] = routesById(encode(id))[which] as [string, string, string?];
        const answer = await check('malformed webhook ids', { method, path, headers: auth, ...(text !== undefined && { body: text }) });
        expect(answer.status, answer.text).toBe(422);
        expect(JSON.parse(answer.text).error.details.map((d: { param: string }) => d.param)).toEqual(['webhook_id']);
      }),
      { numRuns: 400 },
    );
    for (const id of [seeded.theirs[0] as string, 'whk_01krdgeqcxet5s7t44vh8rt9mg']) {
      for (const [method, path, text] of routesById(id)) {
        const answer = await check('foreign and unknown webhook ids', {
          method,
          path,
          headers: auth,
          ...(text !== undefined && { body: text }),
        });
        expect(answer.status, `${method} ${path}`).toBe(404);
      }
    }
  }, 60_000);

  it('answers bad cursors, limits and timestamps on the message lists with 200 or a 422 on that parameter', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('email', 'sms', 'whatsapp'),
        fc.array(fc.tuple(fc.constantFrom(...QUERY_KEYS, ...MESSAGE_QUERY_KEYS), queryValue), { maxLength: 4 }),
        async (channel, pairs) => {
          const answer = await check('bad message list queries', {
            method: 'GET',
            path: `/v1/${channel}/messages?${new URLSearchParams(pairs).toString()}`,
            headers: auth,
          });
          expect([200, 422], answer.text).toContain(answer.status);
          if (answer.status === 200) expect(JSON.parse(answer.text)).toMatchObject({ data: expect.any(Array), total: null });
          if (answer.status === 422) {
            const params = (JSON.parse(answer.text).error.details as { param: string }[]).map((d) => d.param);
            for (const param of params) expect([...QUERY_KEYS, ...MESSAGE_QUERY_KEYS]).toContain(param);
          }
        },
      ),
      { numRuns: 600 },
    );
  }, 60_000);

  it('answers a malformed message id with a 422 on message_id, another key’s or an unknown one with a 404', async () => {
    const paths = (id: string) => [
      `/v1/email/messages/${id}`,
      `/v1/sms/messages/${id}`,
      `/v1/sms/messages/${id}/events`,
      `/v1/whatsapp/messages/${id}/events`,
    ];
    const malformed = anyString(60).filter((s) => s !== '' && s !== '.' && s !== '..' && !/^(em|sms|wam)_[0-9a-hjkmnp-tv-z]{26}$/.test(s));
    await fc.assert(
      fc.asyncProperty(malformed, fc.nat(3), async (id, which) => {
        const answer = await check('malformed message ids', { method: 'GET', path: paths(encode(id))[which] as string, headers: auth });
        expect(answer.status, answer.text).toBe(422);
        expect(JSON.parse(answer.text).error.details.map((d: { param: string }) => d.param)).toEqual(['message_id']);
      }),
      { numRuns: 300 },
    );
    const [email, sms] = seeded.messages as [string, string];
    const theirs = seeded.theirMessages[0] as string;
    for (const [path, status] of [
      [`/v1/email/messages/${theirs}`, 404],
      [`/v1/email/messages/em_01krdgeqcxet5s7t44vh8rt9mg`, 404],
      // Another channel's id does not fit this channel's pattern.
      [`/v1/email/messages/${sms}`, 422],
      [`/v1/email/messages/${email}`, 200],
      [`/v1/sms/messages/${sms}/events`, 200],
    ] as const) {
      const answer = await check('foreign and unknown message ids', { method: 'GET', path, headers: auth });
      expect(answer.status, path).toBe(status);
      if (status === 404) expect(JSON.parse(answer.text).error).toMatchObject({ type: 'not_found_error', name: 'MessageNotFound' });
    }
  }, 60_000);

  it('answers a missing or malformed key with a 401 on every route, before anything else', async () => {
    const notBearer = fc.oneof(
      printable.filter((s) => !/^Bearer +\S+ *$/i.test(s)),
      fc.constantFrom('Bearer', 'Bearer  ', 'Bearer a b', 'AccessKey test', 'Bearer\tk'),
    );
    await fc.assert(
      fc.asyncProperty(routeCase(), fc.option(notBearer, { nil: undefined }), async ({ template, method }, authorization) => {
        const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': '' };
        if (authorization !== undefined) headers.authorization = authorization;
        const path = template.replace(':webhook_id', 'not-an-id');
        const body = method === 'GET' || method === 'HEAD' ? undefined : '{"bad json';
        const answer = await check('malformed keys', { method, path, headers, ...(body !== undefined && { body }) });
        expect(answer.status, `${method} ${path} ${authorization}`).toBe(401);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
