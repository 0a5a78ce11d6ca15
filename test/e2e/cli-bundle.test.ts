import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from '../../src/build/bundle-cli.js';
import { createReceiver } from '../../src/harness/receiver.js';
import { api, BIRD, ORG, tempDir, WS } from '../helpers/emulator-server.js';

/**
 * The bin as it ships. `npm run build` replaces dist/cli/bin.js with one esbuild bundle
 * (src/build/bundle-cli.ts) while the other CLI tests run the source through tsx, so this file bundles
 * into a temporary folder laid out like the installed package (package.json, fixtures/,
 * src/live/dashboard/ and node_modules/ beside dist/) and checks what bundling could break: the files
 * a module finds relative to itself (the version, the shipped scenarios, the dashboard's browser
 * files), ws's require() of Node's built-ins, zod's messages, and undici, loaded from node_modules
 * on the first delivery.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
let folder: { path: string; remove(): Promise<void> };
let bin: string;
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  folder = await tempDir('bird-emulator-bundle-');
  for (const name of ['package.json', 'fixtures', 'node_modules']) await symlink(join(ROOT, name), join(folder.path, name));
  await mkdir(join(folder.path, 'src', 'live'), { recursive: true });
  await symlink(join(ROOT, 'src', 'live', 'dashboard'), join(folder.path, 'src', 'live', 'dashboard'));
  bin = join(folder.path, 'dist', 'cli', 'bin.js');
  await bundleCli({ outfile: bin });
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await folder?.remove();
});

/** Spawns `node <bundle> args…`; `line(pattern)` resolves with the first stdout line matching it. */
function spawnBundle(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args]);
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const line = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = stdout.split('\n').find((l) => pattern.test(l));
        if (found === undefined) return;
        child.stdout.off('data', onData);
        resolve(found);
      };
      const onData = (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        check();
      };
      child.stdout.on('data', onData);
      void exited.then((code) => reject(new Error(`exited ${code} before ${pattern}: ${stdout} ${stderr}`)));
      check();
    });
  return { child, exited, line };
}

describe('the bundled bin', () => {
  it('imports nothing but Node built-ins, and undici lazily', async () => {
    const source = await readFile(bin, 'utf8');
    const staticImports = [...source.matchAll(/^import [^;]*? from ["']([^"']+)["']/gm)].map((m) => m[1]);
    const dynamicImports = [...source.matchAll(/\bimport\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(staticImports.filter((specifier) => !specifier?.startsWith('node:'))).toEqual([]);
    expect(dynamicImports).toEqual(['undici']);
  });

  it('prints the version of the package.json beside dist/', async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const { stdout } = await run(process.execPath, [bin, '--version']);
    expect(stdout.trim()).toBe(version);
  });

  it('serves, validates with zod messages, delivers, runs a shipped scenario and feeds `tail` over the WebSocket', async () => {
    const receiver = await createReceiver({ signingKey: 'k' });
    const server = spawnBundle(['--port', '0', '--in-memory']);
    let stopped: number | null;
    try {
      const url = /ready at (\S+)/.exec(await server.line(/ready at/))?.[1] as string;
      const bird = api(url);
      // A client command of the bundle, pointed at the server above.
      const againstServer = (...args: string[]) =>
        run(process.execPath, [bin, ...args, '--url', url, '--workspace', WS, '--organization', ORG]);
      const refused = await bird.post(`${BIRD}/webhook-subscriptions`, { service: 'channels', event: 12, url: receiver.url });
      expect(refused.status).toBe(422);
      expect(refused.body.details['.body.event']).toEqual(['Invalid input: expected string, received number']);
      const created = await bird.post(`${BIRD}/webhook-subscriptions`, {
        service: 'channels',
        event: 'sms.inbound',
        url: `${receiver.url}/hook`,
        signingKey: 'k',
      });
      expect(created.status).toBe(201);

      // --replay: the frames of the trigger below reach tail even when it connects after them (a loaded machine).
      const tail = spawnBundle(['tail', '--url', url, '--replay', '100']);
      const triggered = await againstServer('trigger', 'sms.inbound');
      expect(triggered.stdout).toMatch(/fired sms\.inbound/);
      const [request] = await receiver.waitForRequests(1);
      expect(request?.signatureValid).toBe(true);
      expect(await tail.line(/sms\.inbound/)).toMatch(/sms\.inbound/);
      tail.child.kill('SIGINT');
      expect(await tail.exited).toBe(0);

      const scenario = await againstServer('scenario', 'sms-delivered');
      expect(scenario.stdout).toMatch(/^scenario sms-delivered: \d+ steps/);

      // The dashboard's browser files, found from the bundle as from dist/live/.
      const script = await fetch(`${url}/_emulator/dashboard/main.js`);
      expect(script.status).toBe(200);
      expect(await script.text()).toBe(await readFile(join(ROOT, 'src', 'live', 'dashboard', 'main.js'), 'utf8'));
    } finally {
      server.child.kill('SIGTERM');
      stopped = await server.exited;
      await receiver.close();
    }
    expect(stopped).toBe(0);
  });
});
