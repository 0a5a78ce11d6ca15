import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/**
 * The package as users get it: `npm pack` (which builds dist/ with tsc), installed in an empty
 * folder, must run with npx on plain Node (no tsx) and import with types.
 */
describe('the packed tarball', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'bird-emulator-pack-'));
    await run('npm', ['pack', '--pack-destination', folder], { cwd: ROOT });
    const [tarball] = (await readdir(folder)).filter((name) => name.endsWith('.tgz'));
    await writeFile(join(folder, 'package.json'), JSON.stringify({ name: 'smoke', private: true, type: 'module' }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `./${tarball}`], { cwd: folder });
  }, 240_000);

  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('runs with npx bird-webhook-emulator --port 0 --in-memory, answers the health check and serves the dashboard files', async () => {
    // Its own process group: npx does not pass a signal on to the emulator it started.
    const child = spawn('npx', ['--no-install', 'bird-webhook-emulator', '--port', '0', '--in-memory'], { cwd: folder, detached: true });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error(`no ready line: ${output}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /ready at (http:\/\/\S+)/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1] as string);
          }
        });
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
      });
      const health = await fetch(`${url}/_emulator/health`);
      expect(await health.json()).toMatchObject({ status: 'ok' });
      // The dashboard's browser files ship as they are in the repository, and nothing else of src/.
      const shipped = join(folder, 'node_modules', 'bird-webhook-emulator', 'src', 'live', 'dashboard');
      const files = (await readdir(shipped)).sort();
      expect(files).toContain('main.js');
      expect(files).toContain('style.css');
      expect(files.filter((name) => !/\.(js|css)$/.test(name))).toEqual([]);
      for (const name of files) {
        const served = await fetch(`${url}/_emulator/dashboard/${name}`);
        expect(served.status, name).toBe(200);
        expect(await served.text(), name).toBe(await readFile(join(ROOT, 'src', 'live', 'dashboard', name), 'utf8'));
      }
    } finally {
      const exited = child.exitCode === null ? once(child, 'exit') : undefined;
      process.kill(-(child.pid as number), 'SIGTERM');
      await exited;
    }
  }, 30_000);

  it('imports startEmulator with its types and delivers through it', async () => {
    const source = `
      import { startEmulator, createReceiver, type StartedEmulator } from 'bird-webhook-emulator';
      const receiver = await createReceiver({ signingKey: 'k' });
      const emulator: StartedEmulator = await startEmulator();
      await emulator.subscribe({ service: 'channels', event: 'sms.inbound', url: receiver.url + '/hook', signingKey: 'k' });
      await emulator.trigger('sms.inbound');
      const delivery = await emulator.waitForDelivery({ event: 'sms.inbound' });
      console.log(delivery.status, receiver.requests[0]?.signatureValid);
      await emulator.close();
      await receiver.close();
    `;
    await writeFile(join(folder, 'check.ts'), source);
    await run(
      process.execPath,
      [
        TSC,
        '--noEmit',
        '--strict',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--target',
        'es2022',
        '--skipLibCheck',
        '--typeRoots',
        join(ROOT, 'node_modules', '@types'),
        '--types',
        'node',
        'check.ts',
      ],
      { cwd: folder },
    );
    // Node 20 cannot run TypeScript: strip the one type annotation and run it as plain JavaScript.
    await writeFile(join(folder, 'check.mjs'), source.replace(', type StartedEmulator', '').replace(': StartedEmulator', ''));
    const { stdout } = await run(process.execPath, ['check.mjs'], { cwd: folder });
    expect(stdout.trim()).toBe('succeeded true');
  }, 60_000);
});
