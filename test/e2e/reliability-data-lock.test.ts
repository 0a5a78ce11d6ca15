import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator.js';
import { EmulatorError } from '../../src/errors.js';
import { acquireDataLock, LOCK_FILE } from '../../src/store/data-lock.js';
import { cleanUpAfterEach, spawnCli, startCli, type CliProcess } from '../helpers/cli.js';
import { tempDir } from '../helpers/emulator-server.js';

/**
 * One emulator per data folder: a second process refuses to start with a message naming the folder
 * and the pid that holds it, and a lock left by a crashed process never blocks the folder for good.
 */

const { running, cleanups } = cleanUpAfterEach();

async function dataDir(): Promise<string> {
  const dir = await tempDir('bird-emulator-lock-');
  cleanups.push(dir.remove);
  return dir.path;
}

async function start(dir: string) {
  const cli = await startCli(['--port', '0', '--data', dir]);
  running.add(cli);
  return cli;
}

const readLock = async (dir: string) => JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as { pid: number; startedAt: string };

/** A pid that no process has any more: a child that already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('a second emulator on the same data folder (CLI)', () => {
  it('refuses to start with exit 1, naming the folder and the pid holding it; the first keeps serving', async () => {
    const dir = await dataDir();
    const first = await start(dir);
    const lock = await readLock(dir);
    expect(lock.pid).toBe(first.child.pid);
    expect(Date.parse(lock.startedAt)).toBeGreaterThan(Date.now() - 60_000);
    const before = await readFile(join(dir, 'subscriptions.json'), 'utf8');

    const second = spawnCli(['--port', '0', '--data', dir]);
    expect(await second.exited).toBe(1);
    const message = second.stderr.join('\n');
    expect(message).toContain(resolve(dir));
    expect(message).toContain(`pid ${first.child.pid}`);
    expect(message).toMatch(/in use by another emulator/);
    expect(message).not.toMatch(/\n\s+at /); // one clear line, no stack
    expect(second.stdout.join('\n')).not.toContain('ready at');

    // The first is unharmed: still serving, its lock and files untouched.
    expect((await fetch(`${first.url}/_emulator/health`)).status).toBe(200);
    expect(await readLock(dir)).toEqual(lock);
    expect(await readFile(join(dir, 'subscriptions.json'), 'utf8')).toBe(before);

    // A clean stop releases the folder.
    expect(await first.stop('SIGTERM')).toBe(0);
    running.delete(first);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const third = await start(dir);
    expect((await readLock(dir)).pid).toBe(third.child.pid);
  }, 40_000);

  it('takes over the lock a SIGKILLed process left behind', async () => {
    const dir = await dataDir();
    const first = await start(dir);
    first.child.kill('SIGKILL');
    await first.exited;
    running.delete(first);
    expect((await readLock(dir)).pid).toBe(first.child.pid);

    const second = await start(dir);
    expect((await readLock(dir)).pid).toBe(second.child.pid);
    expect((await fetch(`${second.url}/_emulator/health`)).status).toBe(200);
  }, 40_000);

  it('of several started at the same moment on a fresh folder, exactly one runs', async () => {
    const dir = await dataDir();
    const racers = Array.from({ length: 3 }, () => spawnCli(['--port', '0', '--data', dir]));
    for (const cli of racers) running.add(cli);
    const outcomes = await Promise.all(
      racers.map((cli) =>
        cli.waitForLine(/ready at http:\/\//, 30_000).then(
          () => 'ready',
          async () => `exit ${await cli.exited}`,
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'ready')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'exit 1')).toHaveLength(2);
    const winner = racers[outcomes.indexOf('ready')] as CliProcess;
    expect((await readLock(dir)).pid).toBe(winner.child.pid);
    for (const loser of racers.filter((r) => r !== winner)) expect(loser.stderr.join('\n')).toContain(`pid ${winner.child.pid}`);
  }, 40_000);
});

describe('the data lock (in-process)', () => {
  it('takes over a lock whose pid is not running, or that is empty or unreadable', async () => {
    for (const content of [JSON.stringify({ pid: deadPid(), startedAt: '2020-01-01T00:00:00.000Z' }), '', '{"pid": ', 'garbage']) {
      const dir = await dataDir();
      await writeFile(join(dir, LOCK_FILE), content);
      // Left by a crash a while ago (a young unreadable lock may still be being written).
      const old = new Date(Date.now() - 60_000);
      await utimes(join(dir, LOCK_FILE), old, old);
      const lock = await acquireDataLock(dir);
      expect((await readLock(dir)).pid).toBe(process.pid);
      await lock.release();
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    }
  });

  it('waits for a lock that is being written, and then respects it', async () => {
    const dir = await dataDir();
    // Another process between open('wx') and write: the file exists but is still empty.
    await writeFile(join(dir, LOCK_FILE), '');
    const written = new Promise((done) => setTimeout(done, 300)).then(() =>
      writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, startedAt: new Date().toISOString() })),
    );
    await expect(acquireDataLock(dir)).rejects.toThrow(`pid ${process.ppid}`);
    await written;
  });

  it('refuses a lock whose pid is alive, and a second emulator on the same folder in this process', async () => {
    const dir = await dataDir();
    // The test runner's parent is alive for sure and is not us.
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, startedAt: '2025-01-01T00:00:00.000Z' }));
    await expect(acquireDataLock(dir)).rejects.toThrow(new RegExp(`in use by another emulator \\(pid ${process.ppid}`));
    expect((await readLock(dir)).pid).toBe(process.ppid);

    const other = await dataDir();
    const first = await createEmulator({ storage: 'file', dataDir: other });
    const refused = createEmulator({ storage: 'file', dataDir: other });
    await expect(refused).rejects.toBeInstanceOf(EmulatorError);
    await expect(refused).rejects.toMatchObject({ code: 'ConfigurationError' });
    await first.close();
    const again = await createEmulator({ storage: 'file', dataDir: other });
    await again.close();
    expect(existsSync(join(other, LOCK_FILE))).toBe(false);
  });

  it('takes over a lock naming our own pid that this process does not hold (a restarted container reuses pids)', async () => {
    const dir = await dataDir();
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, startedAt: '2020-01-01T00:00:00.000Z' }));
    const lock = await acquireDataLock(dir);
    await lock.release();
  });

  it('releases the lock when a data file fails to load, so the next start is not blocked', async () => {
    const dir = await dataDir();
    await writeFile(join(dir, 'subscriptions.json'), '{"version":1,"subscriptions":[{"id": ');
    await expect(createEmulator({ storage: 'file', dataDir: dir })).rejects.toThrow(/not valid JSON/);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('leaves a lock that is not ours alone on release', async () => {
    const dir = await dataDir();
    const lock = await acquireDataLock(dir);
    const foreign = JSON.stringify({ pid: process.ppid, startedAt: '2025-01-01T00:00:00.000Z' });
    await writeFile(join(dir, LOCK_FILE), foreign);
    await lock.release();
    expect(await readFile(join(dir, LOCK_FILE), 'utf8')).toBe(foreign);
  });

  it('takes no lock with memory storage', async () => {
    const dir = await dataDir();
    const a = await createEmulator({ storage: 'memory', dataDir: dir });
    const b = await createEmulator({ storage: 'memory', dataDir: dir });
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    await Promise.all([a.close(), b.close()]);
  });
});
