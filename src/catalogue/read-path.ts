import type { FilterKeyBinding, GenerateContext, Payload } from './types.js';

/**
 * Reads the value at a dot-separated path (`channelId`, `receiver.contacts.0.identifierValue`) for
 * event filtering. Only strings, numbers and booleans count, returned as strings, because filter
 * values are strings; objects, arrays, null and missing values give `undefined`.
 */
export function readPayloadValue(payload: Payload, path: string): string | undefined {
  const current = readPath(payload, path);
  if (typeof current === 'string') return current;
  if (typeof current === 'number' || typeof current === 'boolean') return String(current);
  return undefined;
}

/** The value a filter key compares with: the event's own for a fixed binding, else the payload's at its path. */
export function filterValue(binding: FilterKeyBinding, payload: Payload): string | undefined {
  return 'value' in binding ? binding.value : readPayloadValue(payload, binding.path);
}

/**
 * The string a generator's override (the payload a fire merges over it) holds at `path`, such as
 * `body.type` or `status`; undefined when there is none or it is not a string.
 */
export function overrideString(context: GenerateContext, path: string): string | undefined {
  const value = context.override === undefined ? undefined : readPath(context.override, path);
  return typeof value === 'string' ? value : undefined;
}

/** Whether the override holds anything (an object included) at `path`. */
export function overrideHas(context: GenerateContext, path: string): boolean {
  return context.override !== undefined && readPath(context.override, path) !== undefined;
}

function readPath(payload: Readonly<Payload>, path: string): unknown {
  let current: unknown = payload;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    // Arrays are entered by index only, so `contacts.length` is not mistaken for a payload field.
    if (Array.isArray(current) && !/^\d+$/.test(segment)) return undefined;
    // @note Own properties only, so a path like `__proto__.x` cannot reach the prototype chain.
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
