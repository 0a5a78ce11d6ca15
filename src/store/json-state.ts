import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low, Memory } from 'lowdb';
import type { z } from 'zod';
import type { DeepReadonly } from '../objects.js';
import { createJsonDataFile } from './json-data-file.js';
import type { StorageOptions } from './storage.js';

/**
 * Small state kept whole in one JSON file of the data folder (subscriptions, endpoints): a value,
 * replaced on each change and written atomically (lowdb + steno), or held in memory.
 */
export interface JsonState<T> {
  /** The current value. */
  get(): T;
  /** Replaces the value now and writes it; resolves when this write is on disk. */
  set(value: T): Promise<void>;
  /** Resolves when every write so far is on disk. */
  flush(): Promise<void>;
}

/**
 * Opens `fileName` in the data folder (creating it with `initial` when it is missing) or a memory
 * state. A file that fails `schema` stops start-up, naming the file and path (json-data-file.ts).
 */
export async function openJsonState<S extends z.ZodType>(
  storage: StorageOptions,
  fileName: string,
  schema: S,
  initial: DeepReadonly<z.infer<S>>,
): Promise<JsonState<DeepReadonly<z.infer<S>>>> {
  type Value = DeepReadonly<z.infer<S>>;
  let db: Low<Value>;
  if (storage.kind === 'file') {
    await mkdir(storage.dataDir, { recursive: true });
    db = new Low(createJsonDataFile(join(storage.dataDir, fileName), schema), initial);
  } else {
    db = new Low(new Memory<Value>(), initial);
  }
  await db.read();
  if (db.data === initial) await db.write();

  // @note lowdb's write() already serialises concurrent writes through steno; they are also chained
  // here so flush() can wait for the last one.
  let pending: Promise<void> = Promise.resolve();
  return {
    get: () => db.data,
    set(value) {
      db.data = value;
      pending = pending.catch(() => undefined).then(() => db.write());
      return pending;
    },
    flush: () => pending,
  };
}
