import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EmulatorError } from '../errors.js';

/** The file name of the lock inside the data folder. */
export const LOCK_FILE = 'emulator.lock';

/** What the lock file holds. */
export interface LockOwner {
  pid: number;
  startedAt: string;
}

export interface DataLock {
  /** The lock file's path. */
  readonly path: string;
  /** Removes the lock file if it is still ours. Safe to call more than once. */
  release(): Promise<void>;
}

export interface DataLockOptions {
  /** Tells whether a process is running; replaceable in tests. @default `process.kill(pid, 0)` */
  isAlive?: (pid: number) => boolean;
}

// Lock files held by this process: a second emulator in the same process on the same folder is
// refused too, while a lock naming our pid that is not in this set was left by an earlier process
// that had the same pid (containers restart with small, reused pids).
const heldHere = new Set<string>();

/**
 * Takes `<dataDir>/emulator.lock` so that two emulators never write the same data folder. The file
 * is created with `open(…, 'wx')`, which fails if it exists; it holds `{pid, startedAt}`. A lock
 * whose pid is no longer running was left by a crash and is taken over, so a SIGKILL never leaves
 * the folder locked for good. A live owner stops start-up with a message naming the folder and pid.
 */
export async function acquireDataLock(dataDir: string, options: DataLockOptions = {}): Promise<DataLock> {
  const isAlive = options.isAlive ?? processIsAlive;
  const folder = resolve(dataDir);
  const path = join(folder, LOCK_FILE);
  if (heldHere.has(path)) {
    throw new EmulatorError('ConfigurationError', `The data folder ${folder} is already in use by another emulator in this process.`);
  }
  await mkdir(folder, { recursive: true });
  const mine = `${JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() } satisfies LockOwner)}\n`;

  for (let tries = 0; ; tries++) {
    if (await createExclusive(path, mine)) break;
    const seen = await readStable(path);
    if (seen === undefined) continue; // removed meanwhile: try again
    const owner = parseOwner(seen);
    if (owner && owner.pid !== process.pid && isAlive(owner.pid)) {
      throw new EmulatorError(
        'ConfigurationError',
        `The data folder ${folder} is in use by another emulator (pid ${owner.pid}, started ${owner.startedAt}). ` +
          `Stop that one, or give this one another folder with --data. If no emulator is running, delete ${path}.`,
      );
    }
    if (tries >= 5) {
      throw new EmulatorError('ConfigurationError', `Could not take the lock ${path}; another process keeps replacing it.`);
    }
    await setAside(path, seen);
  }

  heldHere.add(path);
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      heldHere.delete(path);
      // Only our own lock is removed: after a takeover the file may belong to someone else.
      if ((await readFile(path, 'utf8').catch(() => undefined)) === mine) await unlink(path).catch(() => undefined);
    },
  };
}

/** True once `text` is in a new file at `path`; false when the file already exists. */
async function createExclusive(path: string, text: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * Reads the lock. An empty or half-written one is read again while it is young, since its creator
 * may be between `open` and `write`; one that stays unreadable for a while was left by a crash.
 * Undefined when the file is gone.
 */
async function readStable(path: string): Promise<string | undefined> {
  for (;;) {
    let text: string;
    let age: number;
    try {
      text = await readFile(path, 'utf8');
      age = Date.now() - (await stat(path)).mtimeMs;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    if (parseOwner(text) || age > HALF_WRITTEN_GRACE_MS) return text;
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** How long an unreadable lock is given to be written before it counts as left by a crash. */
const HALF_WRITTEN_GRACE_MS = 2_000;

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && Number.isInteger(value.pid) && value.pid > 0) {
      return { pid: value.pid, startedAt: typeof value.startedAt === 'string' ? value.startedAt : 'at an unknown time' };
    }
  } catch {
    // a lock we cannot read is treated as stale
  }
  return undefined;
}

/**
 * Moves a stale lock out of the way. Renaming (not unlinking) lets us check what we moved: if a
 * racing process replaced the stale lock with its own in between, that one is put back.
 */
async function setAside(path: string, stale: string): Promise<void> {
  const aside = `${path}.stale-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => stale);
  if (moved !== stale) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
