import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { isFinished, SentMessageSchema, withStepFired, type SentMessage, type StepOutcome } from '../domain/message.js';
import { EmulatorError } from '../errors.js';
import { forEachJournalRecord, openJournal, type Journal } from './journal.js';
import type { StorageOptions } from './storage.js';

/** The file name of the messages journal inside the data folder. */
export const MESSAGES_FILE = 'messages.jsonl';

// One line per change: a message as sent (lifecycle included), then one per step that fires.
// @note A step line is small however large the message is, so an e-mail of half a megabyte is
// written once, not once per event it causes.
const JournalLineSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('message'), v: SentMessageSchema }),
  z.object({
    t: z.literal('step'),
    id: z.string(),
    i: z.number().int().min(0),
    firedAt: z.string(),
    eventId: z.string().optional(),
    error: z.string().optional(),
  }),
]);
type JournalLine = { t: 'message'; v: SentMessage } | ({ t: 'step'; id: string; i: number } & StepOutcome);

/**
 * The messages sent through the emulator, oldest first in memory, bounded by `limit` (the oldest
 * finished ones go first; one whose lifecycle is still running is kept). With file storage every
 * change is appended to `messages.jsonl`, so what was sent survives a restart. Records are values.
 */
export interface MessageStore {
  /** Records a new message; returns it as stored. */
  add(message: SentMessage): SentMessage;
  /** Marks step `index` of a message fired; the new record, or undefined when the message is gone. */
  stepFired(id: string, index: number, outcome: StepOutcome): SentMessage | undefined;
  get(id: string): SentMessage | undefined;
  /** Newest first. */
  list(): SentMessage[];
  /** Messages with steps still to fire (to resume after a restart). */
  unfinished(): SentMessage[];
  clear(): Promise<void>;
  /** Resolves once every change so far is on disk (at once in memory). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface MessageStoreOptions {
  storage: StorageOptions;
  /** Messages kept; beyond it the oldest finished ones are dropped. */
  limit: number;
}

export async function openMessageStore({ storage, limit }: MessageStoreOptions): Promise<MessageStore> {
  const messages = new Map<string, SentMessage>();
  let journal: Journal | undefined;
  let lines = 0;

  const apply = (line: JournalLine): SentMessage | undefined => {
    if (line.t === 'message') {
      messages.set(line.v.id, line.v);
      return line.v;
    }
    const current = messages.get(line.id);
    if (!current) return undefined;
    const updated = withStepFired(current, line.i, line);
    messages.set(line.id, updated);
    return updated;
  };

  const evict = () => {
    if (messages.size <= limit) return;
    // Oldest first (a Map iterates in insertion order); running lifecycles are passed over.
    for (const [id, message] of messages) {
      if (messages.size <= limit) break;
      if (isFinished(message)) messages.delete(id);
    }
  };

  const write = (line: JournalLine): SentMessage | undefined => {
    const changed = apply(line);
    if (!journal) return changed;
    journal.append(line);
    lines++;
    // Compacted when the journal holds far more lines than kept messages, as the history does.
    if (lines > 4 * messages.size + 1000) {
      const snapshot = [...messages.values()].map((v): JournalLine => ({ t: 'message', v }));
      lines = snapshot.length;
      journal.rewrite(snapshot).catch(() => undefined);
    }
    return changed;
  };

  if (storage.kind === 'file') {
    await mkdir(storage.dataDir, { recursive: true });
    const filePath = join(storage.dataDir, MESSAGES_FILE);
    lines = await forEachJournalRecord(filePath, (line, lineNumber) => {
      const parsed = JournalLineSchema.safeParse(line);
      if (!parsed.success) {
        throw new EmulatorError(
          'ConfigurationError',
          `${filePath} line ${lineNumber} is not a valid message record. Fix or remove the file; the emulator will not overwrite it.`,
        );
      }
      apply(parsed.data as JournalLine);
    });
    evict();
    journal = await openJournal(filePath);
  }

  return {
    add(message) {
      const stored = write({ t: 'message', v: message }) as SentMessage;
      evict();
      return stored;
    },
    stepFired: (id, i, outcome) => (messages.has(id) ? write({ t: 'step', id, i, ...outcome }) : undefined),
    get: (id) => messages.get(id),
    list: () => [...messages.values()].reverse(),
    unfinished: () => [...messages.values()].filter((m) => !isFinished(m)),
    async clear() {
      messages.clear();
      lines = 0;
      await journal?.rewrite([]);
    },
    flush: async () => journal?.flush(),
    close: async () => journal?.close(),
  };
}
