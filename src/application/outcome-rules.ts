import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { OutcomeRuleSchema, type Outcome, type OutcomeRule } from '../config.js';
import { compileRule, outcomeFor, type CompiledRule } from '../domain/outcome-rule.js';
import { zodIssueDetails } from '../domain/validation.js';
import { EmulatorError } from '../errors.js';

/** A rules file: a list of rules, or `{"rules": [...]}` (room for a `$schema` or a description). */
export const OutcomeRulesFileSchema = z.union([
  z.array(OutcomeRuleSchema).max(1000),
  z.strictObject({ $schema: z.string().optional(), description: z.string().optional(), rules: z.array(OutcomeRuleSchema).max(1000) }),
]);

/** What `POST /_emulator/outcomes` takes: one rule, a list, or `{"rules": [...]}`. */
export const OutcomeRulesInputSchema = z.union([OutcomeRuleSchema, OutcomeRulesFileSchema]);

/** A rule as listed: where it came from. */
export interface ListedRule extends OutcomeRule {
  /** `option` (the `outcomes` option or `--outcomes` file) or `api` (`POST /_emulator/outcomes`). */
  source: 'option' | 'api';
}

/**
 * The outcome rules in force: those added through the control API first (the newest first, so a
 * test's rule wins over what was there), then those of the `outcomes` option. Kept in memory: rules
 * configure a run, and a restart takes the option's rules again.
 */
export interface OutcomeRules {
  /** The outcome the first matching rule gives, or undefined: the API's own default applies. */
  outcomeFor(channel: string, address: string): Outcome | undefined;
  /** In the order they are tried. */
  list(): ListedRule[];
  /** Adds rules ahead of the others, keeping their order among themselves. */
  add(rules: readonly OutcomeRule[]): void;
  /** Removes the rules added through the control API; the option's stay. */
  clear(): void;
}

export function createOutcomeRules(fromOption: readonly OutcomeRule[]): OutcomeRules {
  const option = fromOption.map(compileRule);
  let added: CompiledRule[] = [];
  return {
    outcomeFor: (channel, address) => outcomeFor([...added, ...option], channel, address),
    list: () => [
      ...added.map(({ rule }) => ({ ...rule, source: 'api' as const })),
      ...option.map(({ rule }) => ({ ...rule, source: 'option' as const })),
    ],
    add(rules) {
      added = [...rules.map(compileRule), ...added];
    },
    clear() {
      added = [];
    },
  };
}

/** The rules of the `outcomes` option: the rules themselves, or read from the file it names. */
export async function loadOutcomeRules(option: string | readonly OutcomeRule[]): Promise<OutcomeRule[]> {
  if (typeof option !== 'string') return [...option];
  let text: string;
  try {
    text = await readFile(option, 'utf8');
  } catch (error) {
    throw new EmulatorError('ConfigurationError', `Cannot read the outcomes file ${option}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new EmulatorError('ConfigurationError', `${option} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = OutcomeRulesFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = Object.entries(zodIssueDetails(parsed.error.issues, ''))
      .slice(0, 5)
      .map(([path, messages]) => `${path || '(root)'}: ${messages.join('; ')}`)
      .join('; ');
    throw new EmulatorError('ConfigurationError', `${option} does not hold outcome rules (${problems}).`);
  }
  return Array.isArray(parsed.data) ? parsed.data : parsed.data.rules;
}
