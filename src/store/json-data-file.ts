import { DataFile } from 'lowdb/node';
import type { Adapter } from 'lowdb';
import type { z } from 'zod';
import type { DeepReadonly } from '../objects.js';
import { EmulatorError } from '../errors.js';
import { formatPath } from '../domain/validation.js';

/**
 * A lowdb adapter for a JSON file that refuses to load a file it cannot trust: invalid JSON or a
 * shape that fails `schema` stops start-up with a message naming the file and the bad path. It
 * never falls back to an empty state, so a hand-edited file is never silently replaced. Writes go
 * through steno (temp file + rename), so a crash never leaves a half-written file. The data is a
 * value: a change replaces it rather than editing it in place.
 */
export function createJsonDataFile<S extends z.ZodType>(filePath: string, schema: S): Adapter<DeepReadonly<z.infer<S>>> {
  return new DataFile<DeepReadonly<z.infer<S>>>(filePath, {
    parse: (text) => parseDataFile(filePath, text, schema) as DeepReadonly<z.infer<S>>,
    stringify: (data) => `${JSON.stringify(data, null, 2)}\n`,
  });
}

function parseDataFile<S extends z.ZodType>(filePath: string, text: string, schema: S): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new EmulatorError(
      'ConfigurationError',
      `${filePath} is not valid JSON (${(error as Error).message}). Fix or remove it; the emulator will not overwrite it.`,
    );
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 5)
      .map((issue) => `${formatPath('', issue.path) || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new EmulatorError(
      'ConfigurationError',
      `${filePath} does not hold valid emulator data (${problems}). Fix or remove it; the emulator will not overwrite it.`,
    );
  }
  return result.data;
}
