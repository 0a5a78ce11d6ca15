import * as z from 'zod';
import { EmulatorError } from './errors.js';
import { withoutUndefined } from './objects.js';

/** Milliseconds between attempts; `production` and `fast` are named shapes (delivery/retry-schedule.ts). */
export const RetryScheduleSchema = z.union([
  z.enum(['production', 'fast']),
  z
    .array(
      z
        .number()
        .int()
        .min(0)
        .max(7 * 24 * 3600 * 1000),
    )
    .max(100),
]);
export type RetryScheduleOption = z.infer<typeof RetryScheduleSchema>;

export const ForwardRuleSchema = z.object({ from: z.string().min(1), to: z.url() });
export type ForwardRule = z.infer<typeof ForwardRuleSchema>;

/**
 * What happens to a recipient of a message sent through the emulator (README, "Send through the
 * emulator"). Each channel plays the ones that fit it and reads the others as the nearest it has
 * (an SMS cannot be opened: `opened` is `delivered` there).
 */
export const OUTCOMES = [
  'delivered',
  'bounced',
  'soft-bounced',
  'deferred-then-delivered',
  'deferred-then-bounced',
  'rejected',
  'complained',
  'opened',
  'clicked',
  'failed',
  'undelivered',
  'expired',
  'read',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * One outcome rule: recipients whose address (an e-mail address or a phone number) matches `to`
 * get `outcome`. `to` is a glob (`*` any run of characters, `?` one; case-insensitive, the whole
 * address) or a regular expression written `/…/flags`.
 */
export const OutcomeRuleSchema = z
  .strictObject({
    to: z.string().min(1).max(1000),
    outcome: z.enum(OUTCOMES),
    /** Only sends on this channel: `email`, `sms`, `whatsapp`, or another Notifications platform. */
    channel: z
      .string()
      .regex(/^[a-z]{2,20}$/, 'must be a channel name such as email, sms or whatsapp')
      .optional(),
  })
  .superRefine((rule, ctx) => {
    const regex = /^\/(.*)\/([a-z]*)$/s.exec(rule.to);
    if (!regex) return;
    try {
      new RegExp(regex[1] as string, regex[2]);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `is not a valid regular expression: ${(error as Error).message}` });
    }
  });
export type OutcomeRule = z.infer<typeof OutcomeRuleSchema>;

/** Deliveries kept in the history unless `--history-limit` says otherwise. */
export const DEFAULT_HISTORY_LIMIT = 10_000;

/** Every option of the emulator, with its default. The one place defaults live. */
export const EmulatorConfigSchema = z.object({
  /** TCP port; 0 picks a free one. @default 4747 */
  port: z.number().int().min(0).max(65535).default(4747),
  /** Interface to bind. @default '127.0.0.1' */
  host: z.string().min(1).default('127.0.0.1'),
  /** `memory`, or `file` in `dataDir`. @default 'file' (the CLI's; the library passes 'memory') */
  storage: z.enum(['memory', 'file']).default('file'),
  /** Data folder for file storage. @default '.bird-emulator' */
  dataDir: z.string().min(1).default('.bird-emulator'),
  /** Accepted access keys; empty accepts any non-empty key. @default [] */
  accessKeys: z.array(z.string().min(1)).default([]),
  /** Apply Bird's URL rule alone. @default false */
  strictUrls: z.boolean().default(false),
  /** Seed for ids and generated payloads; unset means random. */
  seed: z.union([z.number(), z.string()]).optional(),
  /** @default 'fast' */
  retrySchedule: RetryScheduleSchema.default('fast'),
  /** Per-attempt timeout. @default 10000 */
  attemptTimeoutMs: z.number().int().min(1).max(600_000).default(10_000),
  /** Destination rewrites; the signature still covers the subscription's URL. @default [] */
  forward: z.array(ForwardRuleSchema).default([]),
  /** A JSON file of extra catalogue events. */
  catalogFile: z.string().min(1).optional(),
  /** Largest accepted request body. @default 1048576 */
  maxBodyBytes: z
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** Deliveries kept in history; the oldest go first. @default 10000 */
  historyLimit: z.number().int().min(1).default(DEFAULT_HISTORY_LIMIT),
  /** The organization given to subscriptions created on the older path without one. */
  defaultOrganizationId: z.uuid().default('00000000-0000-4000-8000-000000000000'),
  /** Machine-readable log lines. @default false */
  json: z.boolean().default(false),
  /** `virtual` stands still until advanced (tests); `system` is the wall clock. @default 'system' */
  clock: z.enum(['system', 'virtual']).default('system'),
  /** Where virtual time starts (ms since the epoch or an ISO date). @default 2025-01-01T00:00:00.000Z */
  clockStart: z.union([z.number(), z.iso.datetime()]).optional(),
  /** Extra `Host` names accepted besides local ones (the emulator refuses others). @default [] */
  allowedHosts: z.array(z.string().min(1)).default([]),
  /**
   * A fixtures file or folder loaded at start, once the stores are open: the subscriptions of its
   * fixture sets are created (unless they already exist), then its events are replayed.
   */
  load: z.string().min(1).optional(),
  /** Live frames kept for clients that connect late (`?replay=N`, `?since=`). @default 1000 */
  liveReplay: z.number().int().min(0).max(100_000).default(1000),
  /**
   * Outcome rules for the recipients of sent messages that no sandbox address decides: a JSON
   * file's path (a list of rules, or `{"rules": [...]}`) or the rules themselves. @default []
   */
  outcomes: z.union([z.string().min(1), z.array(OutcomeRuleSchema).max(1000)]).default([]),
  /** Emulator time between the steps of a sent message's lifecycle (accepted → processed → …). @default 200 */
  sendStepMs: z.number().int().min(0).max(3_600_000).default(200),
});
export type EmulatorConfig = z.infer<typeof EmulatorConfigSchema>;
export type EmulatorOptions = z.input<typeof EmulatorConfigSchema>;

/**
 * Raw option values as the CLI parses them (strings and booleans), before conversion.
 * Keys are the long flag names.
 */
export interface RawOptions {
  port?: string | undefined;
  host?: string | undefined;
  data?: string | undefined;
  'in-memory'?: boolean | undefined;
  'access-key'?: string[] | undefined;
  'strict-urls'?: boolean | undefined;
  seed?: string | undefined;
  'retry-schedule'?: string | undefined;
  'attempt-timeout'?: string | undefined;
  forward?: string[] | undefined;
  catalog?: string | undefined;
  'history-limit'?: string | undefined;
  json?: boolean | undefined;
  'allowed-host'?: string[] | undefined;
  load?: string | undefined;
  clock?: string | undefined;
  'clock-start'?: string | undefined;
  outcomes?: string | undefined;
  'send-step'?: string | undefined;
}

/** Environment variables that stand in for flags, e.g. `BIRD_EMULATOR_PORT`. Lists are comma-separated. */
const ENVIRONMENT_VARIABLES: Record<keyof RawOptions, string> = {
  port: 'BIRD_EMULATOR_PORT',
  host: 'BIRD_EMULATOR_HOST',
  data: 'BIRD_EMULATOR_DATA',
  'in-memory': 'BIRD_EMULATOR_IN_MEMORY',
  'access-key': 'BIRD_EMULATOR_ACCESS_KEYS',
  'strict-urls': 'BIRD_EMULATOR_STRICT_URLS',
  seed: 'BIRD_EMULATOR_SEED',
  'retry-schedule': 'BIRD_EMULATOR_RETRY_SCHEDULE',
  'attempt-timeout': 'BIRD_EMULATOR_ATTEMPT_TIMEOUT',
  forward: 'BIRD_EMULATOR_FORWARD',
  catalog: 'BIRD_EMULATOR_CATALOG',
  'history-limit': 'BIRD_EMULATOR_HISTORY_LIMIT',
  json: 'BIRD_EMULATOR_JSON',
  'allowed-host': 'BIRD_EMULATOR_ALLOWED_HOSTS',
  load: 'BIRD_EMULATOR_LOAD',
  clock: 'BIRD_EMULATOR_CLOCK',
  'clock-start': 'BIRD_EMULATOR_CLOCK_START',
  outcomes: 'BIRD_EMULATOR_OUTCOMES',
  'send-step': 'BIRD_EMULATOR_SEND_STEP',
};

/**
 * Resolves the configuration: flags win over environment variables, which win over the schema's
 * defaults. Pure: no process access; throws `ConfigurationError` naming the bad flag.
 */
export function resolveConfig(flags: RawOptions, env: Record<string, string | undefined> = {}): EmulatorConfig {
  const raw = { ...fromEnvironment(env), ...withoutUndefined(flags) };
  const candidate: Record<string, unknown> = {
    port: raw.port === undefined ? undefined : toInteger('--port', raw.port),
    host: raw.host,
    storage: raw['in-memory'] ? 'memory' : undefined,
    dataDir: raw.data,
    accessKeys: raw['access-key'],
    strictUrls: raw['strict-urls'],
    seed: raw.seed,
    retrySchedule: raw['retry-schedule'] === undefined ? undefined : parseRetrySchedule(raw['retry-schedule']),
    attemptTimeoutMs: raw['attempt-timeout'] === undefined ? undefined : toInteger('--attempt-timeout', raw['attempt-timeout']),
    forward: raw.forward?.map(parseForwardRule),
    catalogFile: raw.catalog,
    historyLimit: raw['history-limit'] === undefined ? undefined : toInteger('--history-limit', raw['history-limit']),
    json: raw.json,
    allowedHosts: raw['allowed-host'],
    load: raw.load,
    clock: raw.clock,
    clockStart: raw['clock-start'],
    outcomes: raw.outcomes,
    sendStepMs: raw['send-step'] === undefined ? undefined : toInteger('--send-step', raw['send-step']),
  };
  const result = EmulatorConfigSchema.safeParse(withoutUndefined(candidate));
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${flagName(i.path[0])}: ${i.message}`).join('; ');
    throw new EmulatorError('ConfigurationError', `Invalid options: ${problems}`);
  }
  return result.data;
}

/** `production`, `fast`, or comma-separated milliseconds such as `200,400,800`. */
export function parseRetrySchedule(text: string): RetryScheduleOption {
  if (text === 'production' || text === 'fast') return text;
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p))) {
    throw new EmulatorError(
      'ConfigurationError',
      `--retry-schedule must be production, fast or a list of milliseconds such as 200,400,800 (got "${text}")`,
    );
  }
  return parts.map(Number);
}

/**
 * `https://app.example.com=http://localhost:3000`: deliveries for URLs starting with `from` go to
 * `to`. Split at the `=` that starts the target URL, so `from` may hold a query string.
 */
export function parseForwardRule(text: string): ForwardRule {
  const at = text.search(/=https?:\/\//);
  const from = text.slice(0, at);
  const to = text.slice(at + 1);
  if (at <= 0 || !URL.canParse(to)) {
    throw new EmulatorError('ConfigurationError', `--forward must look like https://app.example.com=http://localhost:3000 (got "${text}")`);
  }
  return { from, to };
}

function fromEnvironment(env: Record<string, string | undefined>): RawOptions {
  const raw: Record<string, unknown> = {};
  for (const [flag, name] of Object.entries(ENVIRONMENT_VARIABLES) as [keyof RawOptions, string][]) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (flag === 'in-memory' || flag === 'strict-urls' || flag === 'json') raw[flag] = /^(1|true|yes|on)$/i.test(value);
    else if (flag === 'access-key' || flag === 'forward' || flag === 'allowed-host')
      raw[flag] = value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
    else raw[flag] = value;
  }
  return raw as RawOptions;
}

function toInteger(flag: string, text: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw new EmulatorError('ConfigurationError', `${flag} must be a whole number (got "${text}")`);
  return Number(text);
}

const FLAG_OF_FIELD: Record<string, string> = {
  port: '--port',
  host: '--host',
  storage: '--in-memory',
  dataDir: '--data',
  accessKeys: '--access-key',
  strictUrls: '--strict-urls',
  seed: '--seed',
  retrySchedule: '--retry-schedule',
  attemptTimeoutMs: '--attempt-timeout',
  forward: '--forward',
  catalogFile: '--catalog',
  historyLimit: '--history-limit',
  json: '--json',
  allowedHosts: '--allowed-host',
  load: '--load',
  clock: '--clock',
  clockStart: '--clock-start',
  outcomes: '--outcomes',
  sendStepMs: '--send-step',
};

function flagName(field: PropertyKey | undefined): string {
  return FLAG_OF_FIELD[String(field)] ?? String(field);
}
