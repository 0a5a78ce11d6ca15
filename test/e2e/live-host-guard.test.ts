import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli.js';
import { BIRD, startTestEmulator, type TestEmulator } from '../helpers/emulator-server.js';
import { connectLive, tryUpgrade } from '../helpers/ws-client.js';

/** One HTTP request with exactly these headers (fetch would not let a test choose the Host). */
function raw(
  url: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { authorization: 'AccessKey test', ...headers } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text.startsWith('{') ? JSON.parse(text) : text }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const noCors = (headers: Record<string, unknown> | undefined) =>
  Object.keys(headers ?? {}).filter((name) => name.startsWith('access-control-'));

let emulator: TestEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('Host and Origin checks on a real server', () => {
  it('refuses a foreign Host on every route, the Bird API and the WebSocket included', async () => {
    emulator = await startTestEmulator({}, { live: true });
    for (const path of ['/_emulator/health', `${BIRD}/webhook-subscriptions`, '/']) {
      const answer = await raw(`${emulator.url}${path}`, { host: 'evil.example' });
      expect(answer, path).toMatchObject({ status: 403, body: { code: 'Forbidden' } });
      expect(noCors(answer.headers)).toEqual([]);
    }
    const upgrade = await tryUpgrade(emulator.wsUrl, { host: `evil.example:${new URL(emulator.url).port}` });
    expect(upgrade).toMatchObject({ status: 403, body: { code: 'Forbidden', message: expect.stringContaining('evil.example') } });
    // The same server answers its own names.
    expect((await raw(`${emulator.url}/_emulator/health`, { host: `localhost:${new URL(emulator.url).port}` })).status).toBe(200);
  });

  it('refuses a WebSocket from a foreign page (cross-site WebSocket hijacking) and accepts its own', async () => {
    emulator = await startTestEmulator({}, { live: true });
    for (const origin of ['http://evil.example', 'http://localhost:3000', 'null']) {
      const answer = await tryUpgrade(emulator.wsUrl, { origin });
      expect(answer, origin).toMatchObject({ status: 403, body: { code: 'Forbidden', message: expect.stringContaining('Origin') } });
      expect(noCors(answer.headers)).toEqual([]);
    }
    expect((await tryUpgrade(emulator.wsUrl, { origin: emulator.url })).status).toBe(101);
    const own = await connectLive(emulator.wsUrl, { headers: { origin: emulator.url } });
    await own.waitFor((f) => f.type === 'hello');
    await own.close();
    expect((await raw(`${emulator.url}/_emulator/health`, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await raw(`${emulator.url}/_emulator/health`, { origin: emulator.url })).status).toBe(200);
  });

  it('admits the names given as allowed hosts, over HTTP and the WebSocket', async () => {
    emulator = await startTestEmulator({}, { live: true, allowedHosts: ['emulator.test'] });
    const port = new URL(emulator.url).port;
    const host = `emulator.test:${port}`;
    expect((await raw(`${emulator.url}${BIRD}/webhook-subscriptions`, { host })).status).toBe(200);
    expect((await raw(`${emulator.url}/_emulator/health`, { host, origin: `http://${host}` })).status).toBe(200);
    expect((await tryUpgrade(emulator.wsUrl, { host, origin: `http://${host}` })).status).toBe(101);
    expect((await raw(`${emulator.url}/_emulator/health`, { host: `other.test:${port}` })).status).toBe(403);
  });
});

describe('start --allowed-host', () => {
  it('names the WebSocket and dashboard in the ready line and admits the given Host', async () => {
    const cli = await startCli(['--port', '0', '--in-memory', '--allowed-host', 'emulator.test', '--allowed-host', 'other.test']);
    try {
      const port = new URL(cli.url).port;
      const ready = cli.stdout.find((line) => line.includes('ready at')) as string;
      expect(ready).toContain(`ws://127.0.0.1:${port}/_emulator/ws`);
      expect(ready).toContain(`http://127.0.0.1:${port}/`);
      for (const name of ['emulator.test', 'other.test']) {
        expect((await raw(`${cli.url}/_emulator/health`, { host: `${name}:${port}` })).status, name).toBe(200);
      }
      expect((await raw(`${cli.url}/_emulator/health`, { host: `evil.example:${port}` })).status).toBe(403);
    } finally {
      await cli.stop();
    }
  });
});
