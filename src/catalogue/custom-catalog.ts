import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { ApiNameSchema } from '../domain/api.js';
import { ServiceSchema } from '../domain/subscription.js';
import { EmulatorError, type ErrorDetails } from '../errors.js';
import { isoTimestamp } from './fake-data.js';
import type { EventDefinition, GenerateContext, Payload } from './types.js';

/**
 * User-added events (`--catalog FILE`), so a Bird event the emulator does not know yet never
 * blocks anyone. A file looks like:
 *
 * ```json
 * { "events": [{ "service": "channels", "name": "sms.outbound",
 *                "filterKeys": [{ "key": "channelId", "path": "channelId" }, { "key": "platformId", "value": "sms-messagebird" }],
 *                "payload": { "id": "{{uuid}}", "channelId": "…", "createdAt": "{{now}}" } }] }
 * ```
 *
 * An event of Bird's platform API says `"api": "platform"` and has no service or filter keys (an
 * endpoint lists the types it wants); its `payload` is the envelope's `data`.
 *
 * A filter key reads its value at a payload `path`, or takes a fixed `value` that every event of
 * this kind has (as Bird's `platformId` on message events, which no payload carries).
 *
 * In the base payload, a string that is exactly `"{{uuid}}"` becomes a fresh UUID each time the
 * event is generated, and exactly `"{{now}}"` the current time (RFC 3339, milliseconds, `Z`).
 * Placeholders inside longer strings are left alone.
 */

/** Replaced by a fresh UUID on every generated payload. */
const UUID_PLACEHOLDER = '{{uuid}}';
/** Replaced by the generation time as an RFC 3339 string. */
const NOW_PLACEHOLDER = '{{now}}';

const DotPathSchema = z
  .string()
  .regex(/^[^.\s]+(\.[^.\s]+)*$/, 'expected a dot-separated payload path such as "channelId" or "receiver.id"');

const FilterKeyNameSchema = z.string().min(1).max(256);
const CustomFilterKeySchema = z.union([
  z.strictObject({ key: FilterKeyNameSchema, path: DotPathSchema }),
  z.strictObject({ key: FilterKeyNameSchema, value: z.string().max(1024) }),
]);

// Strict objects: a typo such as "filterkeys" is an error, not a silently ignored field.
const CustomEventSchema = z
  .strictObject({
    /** Which Bird API sends it. @default 'notifications' */
    api: ApiNameSchema.default('notifications'),
    /** Required for the Notifications API; the platform API has no services. */
    service: ServiceSchema.optional(),
    name: z.string().min(1).max(256).regex(/^\S+$/, 'an event name has no spaces'),
    filterKeys: z
      .array(CustomFilterKeySchema)
      .default([])
      .refine((keys) => new Set(keys.map((k) => k.key)).size === keys.length, 'filter keys must be unique'),
    description: z.string().optional(),
    /** The base payload: a JSON object, copied (with placeholders filled) for every event. */
    payload: z.record(z.string(), z.unknown()),
  })
  .superRefine((event, ctx) => {
    if (event.api === 'notifications' && event.service === undefined) {
      ctx.addIssue({ code: 'custom', path: ['service'], message: 'a Notifications API event needs its service' });
    }
    if (event.api === 'platform' && (event.service !== undefined || event.filterKeys.length > 0)) {
      ctx.addIssue({ code: 'custom', path: ['api'], message: 'a platform API event has no service and no filter keys' });
    }
  });

/** The shape of a `--catalog` file. The same service and name twice is refused: which would win is unclear. */
export const CustomCatalogFileSchema = z.strictObject({ events: z.array(CustomEventSchema) }).superRefine((file, ctx) => {
  const seen = new Set<string>();
  file.events.forEach((event, index) => {
    const id = `${event.api}/${event.service}/${event.name}`;
    if (seen.has(id)) {
      const message = `${event.name} is defined twice for ${event.service ?? `the ${event.api} API`}`;
      ctx.addIssue({ code: 'custom', path: ['events', index, 'name'], message });
    }
    seen.add(id);
  });
});

const MAX_PATHS_IN_MESSAGE = 5;

/** One user-added event as read from a `--catalog` file. */
export type CustomEventDefinition = z.output<typeof CustomEventSchema>;

/**
 * Reads and validates a `--catalog` file.
 * @throws EmulatorError `ConfigurationError` naming the file, and for a bad shape the failing path
 * (e.g. `events[0].filterKeys[1].path`), also listed in `details`.
 */
export async function loadCustomCatalog(filePath: string): Promise<CustomEventDefinition[]> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    throw configurationError(`Cannot read the custom catalog ${filePath}: ${describe(error)}`, error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw configurationError(`The custom catalog ${filePath} is not valid JSON: ${describe(error)}`, error);
  }
  return parseCustomCatalog(json, filePath);
}

/**
 * Validates an already parsed catalog; `source` names it in error messages.
 * @throws EmulatorError `ConfigurationError` with the failing paths.
 */
export function parseCustomCatalog(json: unknown, source: string): CustomEventDefinition[] {
  const result = CustomCatalogFileSchema.safeParse(json);
  if (result.success) return result.data.events;
  const details: ErrorDetails = {};
  for (const issue of result.error.issues) {
    const path = formatPath(issue.path);
    (details[path] ??= []).push(issue.message);
  }
  const entries = Object.entries(details);
  // The first few paths keep a start-up message readable; `details` has them all.
  const summary = entries
    .slice(0, MAX_PATHS_IN_MESSAGE)
    .map(([path, messages]) => `${path}: ${messages.join(', ')}`)
    .join('; ');
  const more = entries.length > MAX_PATHS_IN_MESSAGE ? ` (and ${entries.length - MAX_PATHS_IN_MESSAGE} more)` : '';
  throw new EmulatorError('ConfigurationError', `The custom catalog ${source} is invalid at ${summary}${more}`, details);
}

/** Turns a custom event into a catalogue entry: undocumented, loosely validated, generated from its base payload. */
export function toEventDefinition(custom: CustomEventDefinition): EventDefinition {
  return {
    name: custom.name,
    service: custom.service,
    filterKeys: custom.filterKeys.map((binding) => ({ ...binding })),
    documented: false,
    source: { payload: 'none', urls: [], ours: 'User-defined (--catalog).' },
    description: custom.description ?? `User-defined ${custom.service ?? custom.api} event ${custom.name}.`,
    payloadSchema: z.looseObject({}),
    generate: (context) => fillPlaceholders(custom.payload, context) as Payload,
  };
}

/** A deep copy of `value` with exact placeholder strings replaced; the base payload is never mutated. */
function fillPlaceholders(value: unknown, context: GenerateContext): unknown {
  if (value === UUID_PLACEHOLDER) return context.random.uuid();
  if (value === NOW_PLACEHOLDER) return isoTimestamp(context.now);
  if (Array.isArray(value)) return value.map((item) => fillPlaceholders(item, context));
  if (typeof value === 'object' && value !== null) {
    // Object.fromEntries defines own properties, so even a "__proto__" key is copied as data.
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillPlaceholders(item, context)]));
  }
  return value;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      return index === 0 ? String(segment) : `.${String(segment)}`;
    })
    .join('');
}

function configurationError(message: string, cause: unknown): EmulatorError {
  return new EmulatorError('ConfigurationError', message, undefined, { cause });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
