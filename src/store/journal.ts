import { open, readFile, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { EmulatorError } from '../errors.js';

/**
 * An append-only file of JSON lines, written in batches: every `append()` made in the same tick
 * goes out in one `write()`, so the cost per record stays flat however long the history is.
 * A crash can only cut the last line short; `readJournal` drops such a tail and nothing else.
 */
export interface Journal {
  append(record: unknown): void;
  /** Resolves when everything appended so far is written. */
  flush(): Promise<void>;
  /** Replaces the whole file with `records` (temp file + rename), e.g. to compact or to reset. */
  rewrite(records: readonly unknown[]): Promise<void>;
  close(): Promise<void>;
}

/** Reads every complete line of the journal; a missing file is empty. Invalid lines stop start-up. */
export async function readJournal(filePath: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines = text.split('\n');
  // The piece after the last newline is either empty or a write the process died in the middle of.
  lines.pop();
  return lines.map((line, i) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new EmulatorError(
        'ConfigurationError',
        `${filePath} line ${i + 1} is not valid JSON. Fix or remove the file; the emulator will not overwrite it.`,
      );
    }
  });
}

export async function openJournal(filePath: string): Promise<Journal> {
  await dropPartialTail(filePath);
  let handle: FileHandle = await open(filePath, 'a');
  let queued: string[] = [];
  let writing: Promise<void> = Promise.resolve();
  let scheduled = false;

  const writeQueued = () => {
    scheduled = false;
    if (queued.length === 0) return writing;
    const chunk = queued.join('');
    queued = [];
    writing = writing
      .catch(() => undefined)
      .then(async () => {
        await handle.write(chunk);
      });
    return writing;
  };

  return {
    append(record) {
      queued.push(`${JSON.stringify(record)}\n`);
      if (!scheduled) {
        scheduled = true;
        setImmediate(writeQueued);
      }
    },
    flush: () => writeQueued(),
    rewrite(records) {
      const text = records.map((r) => `${JSON.stringify(r)}\n`).join('');
      writeQueued();
      // @note The rewrite joins the same chain as the appends: a record appended while it runs is
      // written after the rename, to the new file, instead of to the old one that is then replaced.
      writing = writing
        .catch(() => undefined)
        .then(async () => {
          const temp = `${filePath}.tmp`;
          await writeFile(temp, text);
          await handle.close();
          await rename(temp, filePath);
          handle = await open(filePath, 'a');
        });
      return writing;
    },
    async close() {
      await writeQueued();
      await handle.close();
    },
  };
}

/** Cuts a half-written last line left by a crash, so new appends start on a fresh line. */
async function dropPartialTail(filePath: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (text === '' || text.endsWith('\n')) return;
  const temp = `${filePath}.tmp`;
  await writeFile(temp, text.slice(0, text.lastIndexOf('\n') + 1));
  await rename(temp, filePath);
}
