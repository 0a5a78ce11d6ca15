import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_EVENTS } from '../../src/catalogue/catalogue.js';
import { catalogueTable } from '../helpers/catalogue-table.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const readme = read('README.md');

describe('README', () => {
  it('gives the two commands a newcomer needs on its first screen', () => {
    const firstScreen = readme.split('\n').slice(0, 25).join('\n');
    expect(firstScreen).toContain('npm ci && npm start');
    expect(firstScreen).toContain('npm test');
  });

  it('shows the vitest example exactly as the suite runs it (test/readme-example)', () => {
    expect(readme).toContain(read('test/readme-example/global-setup.ts'));
    expect(readme).toContain(read('test/readme-example/sms-webhook.test.ts'));
  });

  it('lists every catalogue event with how much Bird documents of it and where, as the catalogue says', () => {
    const table = catalogueTable(BUILT_IN_EVENTS);
    const header = table.split('\n')[0] as string;
    const start = readme.indexOf(header);
    expect(start, 'the README has the catalogue table').toBeGreaterThan(-1);
    const end = readme.indexOf('\n\n', start);
    expect(readme.slice(start, end)).toBe(table);
  });

  it('documents every CLI option of start', async () => {
    const { START_OPTIONS } = await import('../../src/cli/commands/start.js');
    for (const name of Object.keys(START_OPTIONS)) expect(readme).toContain(`--${name}`);
  });
});
