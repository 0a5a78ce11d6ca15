import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutcomeRules, loadOutcomeRules, OutcomeRulesInputSchema } from '../../src/application/outcome-rules.js';
import { OutcomeRuleSchema } from '../../src/config.js';
import { patternOf } from '../../src/domain/outcome-rule.js';

describe('outcome rule patterns', () => {
  it('reads a glob over the whole address, without case; * and ? only', () => {
    expect(patternOf('*@bounce.test').test('Anyone@Bounce.TEST')).toBe(true);
    expect(patternOf('*@bounce.test').test('a@bounce.test.example')).toBe(false);
    expect(patternOf('+3161111????').test('+31611112222')).toBe(true);
    expect(patternOf('+3161111????').test('+316111122223')).toBe(false);
    // Everything else is literal: `.` and `+` included.
    expect(patternOf('a.b+c@x.y').test('aXb+c@x.y')).toBe(false);
    expect(patternOf('a.b+c@x.y').test('a.b+c@x.y')).toBe(true);
  });

  it('reads /…/flags as a regular expression, as written, without a remembering g or y', () => {
    const pattern = patternOf('/^\\+44/g');
    expect(pattern.test('+447700900000')).toBe(true);
    expect(pattern.test('+447700900000')).toBe(true);
    expect(patternOf('/BOUNCE/i').test('please-bounce-me@example.com')).toBe(true);
  });

  it('refuses an invalid regular expression and an unknown outcome, naming the field', () => {
    const bad = OutcomeRuleSchema.safeParse({ to: '/(/', outcome: 'bounced' });
    expect(bad.error?.issues[0]?.path).toEqual(['to']);
    expect(OutcomeRuleSchema.safeParse({ to: '*', outcome: 'exploded' }).success).toBe(false);
    expect(OutcomeRuleSchema.safeParse({ to: '*', outcome: 'bounced', channel: 'EMAIL' }).success).toBe(false);
  });
});

describe('the outcome rules in force', () => {
  it('tries the rules added through the control API first (newest first), then the option’s; a channel narrows a rule', () => {
    const rules = createOutcomeRules([
      { to: '*@example.com', outcome: 'bounced' },
      { to: '+31*', outcome: 'failed', channel: 'sms' },
    ]);
    expect(rules.outcomeFor('email', 'a@example.com')).toBe('bounced');
    expect(rules.outcomeFor('sms', '+31612345678')).toBe('failed');
    expect(rules.outcomeFor('whatsapp', '+31612345678')).toBeUndefined();
    rules.add([{ to: 'a@example.com', outcome: 'opened' }]);
    rules.add([{ to: '*', outcome: 'complained', channel: 'email' }]);
    expect(rules.outcomeFor('email', 'a@example.com')).toBe('complained');
    expect(rules.list().map((r) => [r.source, r.outcome])).toEqual([
      ['api', 'complained'],
      ['api', 'opened'],
      ['option', 'bounced'],
      ['option', 'failed'],
    ]);
    rules.clear();
    expect(rules.list().map((r) => r.source)).toEqual(['option', 'option']);
  });

  it('takes one rule, a list or {rules} through the control API', () => {
    expect(OutcomeRulesInputSchema.safeParse({ to: '*', outcome: 'read' }).success).toBe(true);
    expect(OutcomeRulesInputSchema.safeParse([{ to: '*', outcome: 'read' }]).success).toBe(true);
    expect(OutcomeRulesInputSchema.safeParse({ rules: [{ to: '*', outcome: 'read' }] }).success).toBe(true);
    expect(OutcomeRulesInputSchema.safeParse({ rules: [{ to: '*', outcome: 'read', extra: 1 }] }).success).toBe(false);
  });
});

describe('an outcomes file', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const file = async (text: string) => {
    dir ??= await mkdtemp(join(tmpdir(), 'outcomes-'));
    const path = join(dir, 'outcomes.json');
    await writeFile(path, text);
    return path;
  };

  it('is a list of rules or {rules}, with a $schema and description allowed', async () => {
    expect(await loadOutcomeRules(await file('[{"to":"*@b.test","outcome":"bounced"}]'))).toEqual([{ to: '*@b.test', outcome: 'bounced' }]);
    expect(await loadOutcomeRules(await file('{"description":"d","rules":[{"to":"+1*","outcome":"expired"}]}'))).toEqual([
      { to: '+1*', outcome: 'expired' },
    ]);
  });

  it('stops start-up with the file and the path of a problem', async () => {
    await expect(loadOutcomeRules(await file('[{"to":"*","outcome":"gone"}]'))).rejects.toMatchObject({
      code: 'ConfigurationError',
      message: expect.stringMatching(/outcomes\.json does not hold outcome rules \(\[0\]\.outcome: /),
    });
    await expect(loadOutcomeRules(await file('not json'))).rejects.toMatchObject({ code: 'ConfigurationError' });
    await expect(loadOutcomeRules('/nonexistent/outcomes.json')).rejects.toMatchObject({ code: 'ConfigurationError' });
  });
});
