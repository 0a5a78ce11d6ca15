import type { z } from 'zod';
import { EmulatorError, type ErrorDetails } from '../errors.js';

/**
 * Parses `value` with `schema`; on failure throws Bird's `InvalidPayload` error whose details are
 * keyed by paths such as `.body.eventFilters[0].key`, under `prefix` (`.body`, `.query`, `.path`).
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new EmulatorError('InvalidPayload', summarise(prefix), zodIssueDetails(result.error.issues, prefix));
}

/** Turns zod issues into Bird's `details` map. Unknown keys get one entry per key. */
export function zodIssueDetails(issues: readonly z.core.$ZodIssue[], prefix: string): ErrorDetails {
  const details: ErrorDetails = {};
  const add = (path: string, message: string) => (details[path] ??= []).push(message);
  for (const issue of issues) {
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Of the union's options, the one the value came closest to (fewest problems) explains it best.
      const closest = issue.errors.reduce((best, option) => (option.length < best.length ? option : best));
      const inner = closest.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }));
      for (const [path, messages] of Object.entries(zodIssueDetails(inner, prefix))) for (const message of messages) add(path, message);
    } else if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add(formatPath(prefix, [...issue.path, key]), 'unknown field');
    } else {
      add(formatPath(prefix, issue.path), issue.message);
    }
  }
  return details;
}

/** `.body` + ['eventFilters', 0, 'key'] → `.body.eventFilters[0].key`. */
export function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  return out;
}

const PART_NAMES: Record<string, string> = { '.body': 'request body', '.query': 'query string', '.path': 'request path' };

function summarise(prefix: string): string {
  const part = PART_NAMES[/^\.[a-z]+/.exec(prefix)?.[0] ?? ''] ?? 'input';
  return `The ${part} failed validation; see details.`;
}

/**
 * Error details of a request body (`.body.payload.x`) re-pointed to where that body came from, e.g.
 * a file or a scenario step (`.steps[2].payload.x`).
 */
export function repointDetails(details: ErrorDetails, at: string): ErrorDetails {
  return Object.fromEntries(Object.entries(details).map(([path, messages]) => [path.replace(/^\.body/, at), messages]));
}
