import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forEachJournalRecord, openJournal } from '../../src/store/journal.js';
import { tempDir } from '../helpers/emulator-server.js';

/** Every complete line of the journal, parsed; a missing file is empty. */
async function readJournal(filePath: string): Promise<unknown[]> {
  const records: unknown[] = [];
  await forEachJournalRecord(filePath, (record) => records.push(record));
  return records;
}

let dir: Awaited<ReturnType<typeof tempDir>>;
let file: string;

beforeEach(async () => {
  dir = await tempDir();
  file = join(dir.path, 'history.jsonl');
});
afterEach(async () => {
  await dir.remove();
});

describe('readJournal', () => {
  it('reads a missing file as empty', async () => {
    expect(await readJournal(file)).toEqual([]);
  });

  it('drops a torn last line (a write cut short by a crash) and keeps the rest', async () => {
    await writeFile(file, '{"n":1}\n{"n":2}\n{"n":3,"cut');
    expect(await readJournal(file)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('refuses a corrupt line in the middle, naming the file and the line', async () => {
    await writeFile(file, '{"n":1}\n{"n":2\n{"n":3}\n');
    const error = await readJournal(file).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'EmulatorError', code: 'ConfigurationError' });
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(/line 2\b/);
  });
});

describe('openJournal', () => {
  it('cuts a torn tail before appending, so the next record starts on its own line', async () => {
    await writeFile(file, '{"n":1}\n{"n":2,"cu');
    const journal = await openJournal(file);
    journal.append({ n: 3 });
    await journal.close();
    expect(await readFile(file, 'utf8')).toBe('{"n":1}\n{"n":3}\n');
    expect(await readJournal(file)).toEqual([{ n: 1 }, { n: 3 }]);
  });

  it('writes the records appended in one tick in order, and all of them by flush()', async () => {
    const journal = await openJournal(file);
    for (let n = 0; n < 500; n++) journal.append({ n });
    await journal.flush();
    expect(await readJournal(file)).toEqual(Array.from({ length: 500 }, (_, n) => ({ n })));
    await journal.close();
  });

  it('keeps a record appended while a rewrite is under way', async () => {
    const journal = await openJournal(file);
    journal.append({ n: 1 });
    await journal.flush();
    const rewriting = journal.rewrite([{ compacted: true }]);
    journal.append({ n: 2 });
    await rewriting;
    journal.append({ n: 3 });
    await journal.close();
    expect(await readJournal(file)).toEqual([{ compacted: true }, { n: 2 }, { n: 3 }]);
  });

  it('ends the file on a newline at close, so a later writer appends whole lines', async () => {
    const journal = await openJournal(file);
    journal.append({ n: 1 });
    await journal.close();
    await appendFile(file, '{"n":2}\n');
    expect(await readJournal(file)).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
