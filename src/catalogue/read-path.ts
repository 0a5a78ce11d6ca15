import type { Payload } from './types.js';

/**
 * Reads the value at a dot-separated path (`channelId`, `receiver.contacts.0.identifierValue`) for
 * event filtering. Only strings, numbers and booleans count, returned as strings, because filter
 * values are strings; objects, arrays, null and missing values give `undefined`.
 */
export function readPayloadValue(payload: Payload, path: string): string | undefined {
  let current: unknown = payload;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    // Arrays are entered by index only, so `contacts.length` is not mistaken for a payload field.
    if (Array.isArray(current) && !/^\d+$/.test(segment)) return undefined;
    // @note Own properties only, so a path like `__proto__.x` cannot reach the prototype chain.
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  if (typeof current === 'string') return current;
  if (typeof current === 'number' || typeof current === 'boolean') return String(current);
  return undefined;
}
