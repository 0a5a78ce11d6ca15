import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator.js';
import { createReceiver } from '../../src/harness/receiver.js';
import { spawnCli, startCli, type CliProcess } from '../helpers/cli.js';
import { deadPort } from '../helpers/dead-port.js';

/**
 * The safety defaults of SPEC §2.5, checked on the real CLI over real sockets: it binds 127.0.0.1,
 * refuses foreign Host names on every route and foreign browser Origins on the control API and the
 * WebSocket, sends no CORS header on any answer (preflights included), and never writes a signing
 * key to its logs.
 */

const ORG = 'cb28a94e-8557-4394-80ea-5bbd2170d434';
const WS = 'b4e02c85-c6d2-4b15-8885-e09671799c61';
const SUBSCRIPTIONS = `/organizations/${ORG}/workspaces/${WS}/webhook-subscriptions`;

const running = new Set<CliProcess>();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all([...running].map((cli) => cli.stop('SIGKILL')));
  running.clear();
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function start(args: string[]) {
  const cli = await startCli(['--port', '0', '--in-memory', ...args]);
  running.add(cli);
  return cli;
}

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** True when the server switched protocols (a WebSocket was opened). */
  upgraded: boolean;
}

/** One HTTP request with exactly these headers: fetch would not let a test choose the Host. */
function raw(url: string, method: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const req = request(url, { method, headers: { authorization: 'AccessKey test', ...length, ...headers } });
    req.on('response', (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text, upgraded: false }));
    });
    req.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode ?? 0, headers: response.headers, text: '', upgraded: true });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const corsHeaders = (answer: RawAnswer) => Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'));

/** Every route the app serves, with ids filled in, for the given methods. */
async function everyRoute(): Promise<{ method: string; path: string }[]> {
  const emulator = await createEmulator({ storage: 'memory' });
  const routes = new Map<string, Set<string>>();
  for (const route of emulator.app.routes) {
    if (route.path.includes('*')) continue;
    const methods = routes.get(route.path) ?? new Set<string>();
    if (route.method !== 'ALL') methods.add(route.method);
    routes.set(route.path, methods);
  }
  await emulator.close();
  const fill = (path: string) =>
    path
      .replace(':organizationId', ORG)
      .replace(':workspaceId', WS)
      .replace(/:[A-Za-z]+/g, '852883af-5f68-4204-b611-7ee8db9600f4');
  return [...routes].flatMap(([path, methods]) => [...methods].map((method) => ({ method, path: fill(path) })));
}

describe('where it listens', () => {
  it('binds 127.0.0.1 unless told otherwise, and is not reachable on the machine’s other addresses', async () => {
    const cli = await start([]);
    expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const json = await start(['--json']);
    const ready = JSON.parse(json.stdout.find((line) => line.includes('"ready"')) as string) as { url: string };
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const port = Number(new URL(cli.url).port);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i !== undefined && !i.internal && i.family === 'IPv4');
    if (external) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect(port, external.address);
        socket.on('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(outcome, `port ${port} on ${external.address}`).toBe('ECONNREFUSED');
    }
  });
});

describe('Host and Origin checks on every route', () => {
  it('refuses a foreign Host (DNS rebinding) on every route and method, and changes nothing', async () => {
    const cli = await start([]);
    const port = new URL(cli.url).port;
    const routes = await everyRoute();
    expect(routes.length).toBeGreaterThan(25);
    for (const { method, path } of routes) {
      for (const host of ['evil.example', `attacker.test:${port}`, `127.0.0.1.nip.io:${port}`]) {
        const body = method === 'GET' || method === 'HEAD' ? undefined : '{"event":"sms.inbound"}';
        const answer = await raw(`${cli.url}${path}`, method, { host, 'content-type': 'application/json' }, body);
        expect(answer.status, `${method} ${path} Host ${host}`).toBe(403);
        // Each API answers in its own error shape.
        const refusal = path.startsWith('/v1/') ? { error: { type: 'permission_error' } } : { code: 'Forbidden' };
        expect(JSON.parse(answer.text), `${method} ${path}`).toMatchObject(refusal);
        expect(corsHeaders(answer)).toEqual([]);
      }
    }
    const events = await fetch(`${cli.url}/_emulator/events`);
    expect(((await events.json()) as { results: unknown[] }).results).toEqual([]);
    // The local names of the emulator itself are accepted.
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost']) {
      expect((await raw(`${cli.url}/_emulator/health`, 'GET', { host })).status, host).toBe(200);
    }
  });

  it('refuses a foreign browser Origin on every control route, and accepts its own', async () => {
    const cli = await start([]);
    const routes = (await everyRoute()).filter((r) => r.path.startsWith('/_emulator'));
    for (const { method, path } of routes) {
      for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example']) {
        const body = method === 'GET' || method === 'HEAD' ? undefined : '{"event":"sms.inbound"}';
        const answer = await raw(`${cli.url}${path}`, method, { origin, 'content-type': 'application/json' }, body);
        expect(answer.status, `${method} ${path} Origin ${origin}`).toBe(403);
        expect(corsHeaders(answer)).toEqual([]);
      }
    }
    const own = await raw(
      `${cli.url}/_emulator/events`,
      'POST',
      { origin: cli.url, 'content-type': 'application/json' },
      '{"event":"sms.inbound"}',
    );
    expect(own.status).toBe(201);
    const events = await fetch(`${cli.url}/_emulator/events`);
    expect(((await events.json()) as { results: unknown[] }).results).toHaveLength(1);
  });

  it('refuses the WebSocket to a foreign Origin or Host, and opens it for the emulator’s own page', async () => {
    const cli = await start([]);
    const upgrade = {
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-version': '13',
      'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
    };
    const refused: Record<string, string>[] = [{ origin: 'https://evil.example' }, { host: 'evil.example' }, { origin: 'null' }];
    for (const headers of refused) {
      const answer = await raw(`${cli.url}/_emulator/ws`, 'GET', { ...upgrade, ...headers });
      expect(answer.upgraded, JSON.stringify(headers)).toBe(false);
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(corsHeaders(answer)).toEqual([]);
    }
    const own = await raw(`${cli.url}/_emulator/ws`, 'GET', { ...upgrade, origin: cli.url });
    expect(own.upgraded).toBe(true);
    expect(own.status).toBe(101);
  });

  it('accepts a name given with --allowed-host, and no other', async () => {
    const cli = await start(['--allowed-host', 'emulator.internal.test']);
    expect((await raw(`${cli.url}/_emulator/health`, 'GET', { host: 'emulator.internal.test' })).status).toBe(200);
    expect((await raw(`${cli.url}/_emulator/health`, 'GET', { host: 'other.internal.test' })).status).toBe(403);
  });
});

describe('no permissive CORS', () => {
  it('sends no access-control-* header on any answer, preflights included, whatever the Origin', async () => {
    const cli = await start([]);
    const routes = await everyRoute();
    let checked = 0;
    for (const path of new Set(routes.map((r) => r.path))) {
      for (const origin of [undefined, cli.url, 'https://evil.example']) {
        const preflight = await raw(`${cli.url}${path}`, 'OPTIONS', {
          ...(origin && { origin }),
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        });
        expect(corsHeaders(preflight), `OPTIONS ${path} from ${origin}`).toEqual([]);
        expect(preflight.status, `OPTIONS ${path} from ${origin}`).toBeGreaterThanOrEqual(400);
        expect(preflight.status).toBeLessThan(500);
        checked++;
      }
    }
    for (const { method, path } of routes) {
      // (A long poll is told not to wait.)
      const body = method === 'GET' ? undefined : path.endsWith('/wait') ? '{"timeoutMs":0}' : '{}';
      const answer = await raw(`${cli.url}${path}`, method, { origin: cli.url, 'content-type': 'application/json' }, body);
      expect(corsHeaders(answer), `${method} ${path}`).toEqual([]);
      expect(answer.status).toBeLessThan(500);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('signing keys in logs', () => {
  it.each([[[]], [['--json']]])(
    'never writes a signing key to stdout or stderr (flags %j)',
    async (flags) => {
      const keys = {
        failing: 'sk-FAILING-9f3c1e7a-never-log-me',
        refused: 'sk-REFUSED-4b2d8c6e-never-log-me',
        ok: 'sk-OK-1a5e9d3f-never-log-me',
        rotated: 'sk-ROTATED-7c4b2a1d-never-log-me',
        rejected: 'sk-REJECTED-2e8f6a4c-never-log-me',
      };
      const failing = await createReceiver({ fallback: { status: 500, body: 'nope' } });
      const ok = await createReceiver();
      closers.push(failing.close, ok.close);
      const cli = await start(['--retry-schedule', '20,20', '--attempt-timeout', '500', ...flags]);
      // The human live log (`tail`) is a log too.
      const tail = spawnCli(['tail', '--url', cli.url]);
      running.add(tail);
      for (let i = 0; !tail.stderr.some((line) => line.startsWith('Connected to')); i++) {
        expect(i, `tail did not connect: ${tail.stderr.join('\n')}`).toBeLessThan(300);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const post = (path: string, body: unknown, method = 'POST') =>
        fetch(`${cli.url}${path}`, {
          method,
          headers: { authorization: 'AccessKey test', 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const subscribe = async (url: string, signingKey: string) => {
        const response = await post(SUBSCRIPTIONS, { service: 'channels', event: 'sms.inbound', url, signingKey });
        expect(response.status).toBe(201);
        return ((await response.json()) as { id: string }).id;
      };
      await subscribe(`${failing.url}/hook`, keys.failing);
      await subscribe(`http://127.0.0.1:${await deadPort()}/hook`, keys.refused);
      const okId = await subscribe(`${ok.url}/hook`, keys.ok);
      expect((await post(`${SUBSCRIPTIONS}/${okId}`, { signingKey: keys.rotated }, 'PATCH')).status).toBe(200);
      expect(
        (await post(SUBSCRIPTIONS, { service: 'channels', event: 'sms.inbound', url: 'ftp://x', signingKey: keys.rejected })).status,
      ).toBe(422);

      for (let i = 0; i < 3; i++) expect((await post('/_emulator/events', { event: 'sms.inbound' })).status).toBe(201);
      // Every delivery runs out of retries or succeeds: 3 failed to the 500, 3 failed to the dead port.
      await cli.waitForLine(/failed after 3 attempts|"type":"delivery\.failed"/, 10_000);
      for (let i = 0; ; i++) {
        const pending = await fetch(`${cli.url}/_emulator/deliveries?status=pending`);
        if (((await pending.json()) as { results: unknown[] }).results.length === 0) break;
        expect(i).toBeLessThan(100);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const deliveries = (await (await fetch(`${cli.url}/_emulator/deliveries?status=failed`)).json()) as { results: { id: string }[] };
      expect(deliveries.results.length).toBe(6);
      expect((await post(`/_emulator/deliveries/${deliveries.results[0]?.id}/redeliver`, {})).status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 300));

      expect(await cli.stop('SIGTERM')).toBe(0);
      running.delete(cli);
      await tail.stop('SIGTERM');
      running.delete(tail);
      const output = [...cli.stdout, ...cli.stderr, ...tail.stdout, ...tail.stderr].join('\n');
      // The logs did report the subscriptions and the failures…
      expect(tail.stdout.join('\n')).toMatch(/subscription updated/);
      expect(tail.stdout.join('\n')).toMatch(/failed/);
      expect(output).toMatch(/500|delivery\.failed/);
      expect(output).toMatch(/connection_refused/);
      // …but never a key.
      for (const [name, key] of Object.entries(keys)) expect(output.includes(key), `the ${name} key is in the logs`).toBe(false);
      for (const [name, key] of Object.entries(keys))
        expect(output.includes(key.slice(3, 20)), `part of the ${name} key is in the logs`).toBe(false);
    },
    40_000,
  );
});
