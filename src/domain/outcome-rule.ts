import type { Outcome, OutcomeRule } from '../config.js';

/**
 * Outcome rules (README, "Outcome rules"): which recipients of a sent message bounce, fail or are
 * read. The first rule whose channel fits and whose pattern matches the whole address wins. Pure.
 */

/** A rule with its pattern compiled once. */
export interface CompiledRule {
  rule: OutcomeRule;
  matches(address: string): boolean;
}

export function compileRule(rule: OutcomeRule): CompiledRule {
  const pattern = patternOf(rule.to);
  return { rule, matches: (address) => pattern.test(address) };
}

/**
 * `/…/flags` is a regular expression, tested as written (anchor it yourself); anything else is a
 * glob over the whole address, case-insensitive (e-mail domains are, and phone numbers have no case).
 * @throws SyntaxError for an invalid regular expression (the rule schema refuses those first).
 */
export function patternOf(text: string): RegExp {
  const regex = /^\/(.*)\/([a-z]*)$/s.exec(text);
  // `g` and `y` would make `test` remember where it stopped: dropped, each address is tested afresh.
  if (regex) return new RegExp(regex[1] as string, (regex[2] as string).replace(/[gy]/g, ''));
  const source = [...text].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 'is');
}

/** The outcome of the first rule that takes `address` on `channel`, or undefined when none does. */
export function outcomeFor(rules: readonly CompiledRule[], channel: string, address: string): Outcome | undefined {
  for (const { rule, matches } of rules) {
    if ((rule.channel === undefined || rule.channel === channel) && matches(address)) return rule.outcome;
  }
  return undefined;
}
