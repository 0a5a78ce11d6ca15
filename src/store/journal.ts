import { open, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { EmulatorError } from '../errors.js';

/**
 * An append-only file of JSON lines, written in batches: every `append()` made in the same tick
 * goes out in one `write()`, so the cost per record stays flat however long the history is.
 * A crash can only cut the last line short; `forEachJournalRecord` drops such a tail and nothing else.
 */
export interface Journal {
  append(record: unknown): void;
  /** Resolves when everything appended so far is written. */
  flush(): Promise<void>;
  /**
   * Replaces the whole file with `records` (temp file + rename), e.g. to compact or to reset;
   * `serialize` turns a record into its line (default `JSON.stringify`).
   */
  rewrite<T>(records: readonly T[], serialize?: (record: T) => string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Calls `onRecord` with every complete line of the journal, parsed, and its line number; resolves
 * with the number of lines. A missing file has none; a line that is not JSON stops start-up.
 * @note Streams the file in 1 MiB chunks: reading it whole took a string as large as the file
 * (hundreds of MB at 100k deliveries, and a hard failure past V8's 512 MB string limit), which
 * left the process that much larger for good.
 */
export async function forEachJournalRecord(filePath: string, onRecord: (record: unknown, lineNumber: number) => void): Promise<number> {
  let handle: FileHandle;
  try {
    handle = await open(filePath, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  const chunk = Buffer.allocUnsafe(1024 * 1024);
  let carry = Buffer.alloc(0);
  let lineNumber = 0;
  try {
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
      let start = 0;
      for (let end = data.indexOf(10, start); end !== -1; end = data.indexOf(10, start)) {
        lineNumber++;
        onRecord(parseLine(filePath, data.toString('utf8', start, end), lineNumber), lineNumber);
        start = end + 1;
      }
      // Copied: `chunk` is reused by the next read.
      carry = Buffer.from(data.subarray(start));
    }
  } finally {
    await handle.close();
  }
  // What follows the last newline is a write the process died in the middle of: dropped.
  return lineNumber;
}

function parseLine(filePath: string, line: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw new EmulatorError(
      'ConfigurationError',
      `${filePath} line ${lineNumber} is not valid JSON. Fix or remove the file; the emulator will not overwrite it.`,
    );
  }
}

export async function openJournal(filePath: string): Promise<Journal> {
  await dropPartialTail(filePath);
  let handle: FileHandle = await open(filePath, 'a');
  let queued: string[] = [];
  let writing: Promise<void> = Promise.resolve();
  // The write of what is queued now, due once this turn of the event loop is over.
  let nextWrite: Promise<void> | undefined;

  const writeQueued = () => {
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
      nextWrite ??= new Promise((resolve) =>
        setImmediate(() => {
          nextWrite = undefined;
          resolve(writeQueued());
        }),
      );
    },
    // @note Waits for the scheduled write instead of writing at once: the requests that arrive
    // together share one write (group commit). Writing on every flush cost a write per fired event
    // and halved the file store's throughput.
    flush: () => nextWrite ?? writing,
    rewrite(records, serialize = JSON.stringify) {
      const text = serializeInPieces(records, serialize);
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

/**
 * The lines of `records`, serialised now (the snapshot they are), as buffers of about 1 MiB.
 * @note Not one string: the history of a compaction is tens of MB, and the whole text as a string,
 * its lines, and the buffer it is written from would all be alive at once, which set the peak
 * memory of a long-running emulator.
 */
function serializeInPieces<T>(records: readonly T[], serialize: (record: T) => string): Buffer[] {
  const pieces: Buffer[] = [];
  let lines: string[] = [];
  let length = 0;
  for (const record of records) {
    const line = `${serialize(record)}\n`;
    lines.push(line);
    length += line.length;
    if (length >= 1024 * 1024) {
      pieces.push(Buffer.from(lines.join(''), 'utf8'));
      lines = [];
      length = 0;
    }
  }
  if (lines.length > 0) pieces.push(Buffer.from(lines.join(''), 'utf8'));
  return pieces;
}

/** Cuts a half-written last line left by a crash, so new appends start on a fresh line. */
async function dropPartialTail(filePath: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(filePath, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    // Only the tail is read: the journal can be hundreds of MB, its last line is a few KB.
    const { size } = await handle.stat();
    const block = Buffer.allocUnsafe(64 * 1024);
    for (let end = size; end > 0;) {
      const start = Math.max(0, end - block.length);
      const { bytesRead } = await handle.read(block, 0, end - start, start);
      const newline = block.subarray(0, bytesRead).lastIndexOf(10);
      if (newline !== -1) {
        if (start + newline + 1 < size) await handle.truncate(start + newline + 1);
        return;
      }
      end = start;
    }
    await handle.truncate(0);
  } finally {
    await handle.close();
  }
}
