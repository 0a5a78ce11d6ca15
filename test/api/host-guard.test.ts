import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST_POLICY_BINDING, type HostPolicy } from '../../src/http/host-guard.js';
import { createEmulator, type Emulator } from '../../src/emulator.js';
import { BIRD } from '../helpers/emulator-server.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await createEmulator({ storage: 'memory' });
});
afterAll(() => emulator.close());

const AUTH = { authorization: 'AccessKey test' };
const ROUTES = ['/_emulator/health', `${BIRD}/webhook-subscriptions`, '/', '/no-such-route'];

function call(path: string, headers: Record<string, string> = {}, init: RequestInit = {}, policy?: HostPolicy) {
  return emulator.app.request(
    `http://localhost:4747${path}`,
    { ...init, headers: { ...AUTH, ...headers } },
    policy && { [HOST_POLICY_BINDING]: policy },
  );
}

async function expectForbidden(response: Response, mentioning: string) {
  expect(response.status).toBe(403);
  const body = (await response.json()) as { code: string; message: string };
  expect(body).toEqual({ code: 'Forbidden', message: expect.stringContaining(mentioning) });
}

describe('Host check (DNS rebinding)', () => {
  it.each(ROUTES)('refuses a foreign Host on %s, the Bird API included', async (path) => {
    await expectForbidden(await call(path, { host: 'evil.example' }), 'evil.example');
    await expectForbidden(await call(path, { host: 'evil.example:4747' }), 'evil.example');
  });

  it('refuses a foreign host in the request URL when no Host header is sent (in-process requests)', async () => {
    await expectForbidden(await emulator.app.request('http://rebind.example/_emulator/health'), 'rebind.example');
  });

  it.each(['evil.example@127.0.0.1', '127.0.0.1/x', '127.0.0.1:4747 evil', '', 'localhost:99999x'])(
    'refuses a malformed Host %j',
    async (host) => {
      expect((await call('/_emulator/health', { host })).status).toBe(403);
    },
  );

  it.each(['localhost', 'localhost:4747', 'LOCALHOST:4747', 'localhost.:4747', '127.0.0.1:4747', '127.1.2.3', '[::1]:4747'])(
    'accepts the local name %s',
    async (host) => {
      expect((await call('/_emulator/health', { host })).status).toBe(200);
      expect((await call(`${BIRD}/webhook-subscriptions`, { host })).status).toBe(200);
    },
  );

  it('accepts the bound host and --allowed-host names the server passes in, and nothing close to them', async () => {
    const policy: HostPolicy = { boundHost: '192.168.1.5', allowedHosts: ['Dev.Example.test', '.lan.test'] };
    for (const host of ['192.168.1.5:4747', 'dev.example.test', 'dev.example.test:4747', 'lan.test', 'box.lan.test:4747']) {
      expect((await call('/_emulator/health', { host }, {}, policy)).status, host).toBe(200);
    }
    for (const host of ['192.168.1.6', 'example.test', 'x.dev.example.test', 'evillan.test', 'lan.test.evil.example']) {
      expect((await call('/_emulator/health', { host }, {}, policy)).status, host).toBe(403);
    }
    // Without the server's binding (another server, in-process calls) only local names pass.
    expect((await call('/_emulator/health', { host: 'dev.example.test' })).status).toBe(403);
  });
});

describe('Origin check (cross-site requests to the control API)', () => {
  const host = 'localhost:4747';

  it('accepts requests without Origin (curl, servers) and from the emulator’s own origin', async () => {
    expect((await call('/_emulator/health', { host })).status).toBe(200);
    expect((await call('/_emulator/health', { host, origin: 'http://localhost:4747' })).status).toBe(200);
    expect((await call('/_emulator/health', { host: '127.0.0.1:4747', origin: 'http://127.0.0.1:4747' })).status).toBe(200);
  });

  it.each([
    'http://evil.example',
    'http://localhost:3000',
    'https://localhost:4747',
    'http://127.0.0.1:4747',
    'null',
    'file://',
    'garbage',
  ])('refuses Origin %s under /_emulator', async (origin) => {
    await expectForbidden(await call('/_emulator/health', { host, origin }), 'Origin');
  });

  it('refuses a cross-site POST before it does anything', async () => {
    const before = emulator.history.events().length;
    const response = await call(
      '/_emulator/events',
      { host, origin: 'http://evil.example', 'content-type': 'application/json' },
      { method: 'POST', body: JSON.stringify({ event: 'sms.inbound' }) },
    );
    await expectForbidden(response, 'http://evil.example');
    expect(emulator.history.events()).toHaveLength(before);
    await expectForbidden(await call('/_emulator/reset', { host, origin: 'http://evil.example' }, { method: 'POST' }), 'Origin');
  });

  it('never answers with CORS headers, preflight included', async () => {
    const responses = [
      await call(
        '/_emulator/events',
        { host, origin: 'http://evil.example', 'access-control-request-method': 'POST' },
        { method: 'OPTIONS' },
      ),
      await call('/_emulator/health', { host, origin: 'http://localhost:4747' }),
      await call(`${BIRD}/webhook-subscriptions`, { host, origin: 'http://evil.example' }, { method: 'OPTIONS' }),
      await call(`${BIRD}/webhook-subscriptions`, { host, origin: 'http://evil.example' }),
      await call('/', { host }),
    ];
    for (const response of responses) {
      expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });
});
