import { describe, expect, it } from 'vitest';
import { parseForwardRule, parseRetrySchedule, resolveConfig } from '../../src/config.js';
import { EmulatorError } from '../../src/errors.js';

describe('resolveConfig', () => {
  it('uses the documented defaults', () => {
    expect(resolveConfig({})).toMatchObject({
      port: 4747,
      host: '127.0.0.1',
      storage: 'file',
      dataDir: '.bird-emulator',
      accessKeys: [],
      strictUrls: false,
      retrySchedule: 'fast',
      attemptTimeoutMs: 10_000,
      maxBodyBytes: 1024 * 1024,
    });
  });

  it('takes flags over environment variables over defaults', () => {
    const env = { BIRD_EMULATOR_PORT: '5000', BIRD_EMULATOR_HOST: '0.0.0.0', BIRD_EMULATOR_STRICT_URLS: 'true' };
    expect(resolveConfig({ port: '6000' }, env)).toMatchObject({ port: 6000, host: '0.0.0.0', strictUrls: true });
    expect(resolveConfig({}, env)).toMatchObject({ port: 5000 });
  });

  it('reads lists from comma-separated environment variables', () => {
    const config = resolveConfig(
      {},
      { BIRD_EMULATOR_ACCESS_KEYS: 'a, b', BIRD_EMULATOR_FORWARD: 'https://a.example.com=http://localhost:1' },
    );
    expect(config.accessKeys).toEqual(['a', 'b']);
    expect(config.forward).toEqual([{ from: 'https://a.example.com', to: 'http://localhost:1' }]);
  });

  it('chooses memory storage only when asked', () => {
    expect(resolveConfig({ 'in-memory': true }).storage).toBe('memory');
    expect(resolveConfig({}, { NODE_ENV: 'test' }).storage).toBe('file');
  });

  it('names the flag of a bad value', () => {
    expect(() => resolveConfig({ port: '70000' })).toThrow(/--port/);
    expect(() => resolveConfig({ port: 'abc' })).toThrow(EmulatorError);
    expect(() => resolveConfig({ 'history-limit': '0' })).toThrow(/--history-limit/);
    expect(() => resolveConfig({ clock: 'sundial' })).toThrow(/--clock/);
    expect(() => resolveConfig({ clock: 'virtual', 'clock-start': 'yesterday' })).toThrow(/--clock-start/);
  });
});

describe('parseRetrySchedule', () => {
  it('accepts the named schedules and millisecond lists', () => {
    expect(parseRetrySchedule('production')).toBe('production');
    expect(parseRetrySchedule('fast')).toBe('fast');
    expect(parseRetrySchedule('200, 400,800')).toEqual([200, 400, 800]);
  });

  it('refuses anything else with an example', () => {
    expect(() => parseRetrySchedule('slow')).toThrow(/200,400,800/);
    expect(() => parseRetrySchedule('1,,2')).toThrow(EmulatorError);
  });
});

describe('parseForwardRule', () => {
  it('splits where the target URL starts, so the source may carry a query string', () => {
    expect(parseForwardRule('https://app.example.com/hook?a=b=http://localhost:3000')).toEqual({
      from: 'https://app.example.com/hook?a=b',
      to: 'http://localhost:3000',
    });
  });
  it('refuses a rule without a target URL', () => {
    expect(() => parseForwardRule('https://app.example.com')).toThrow(/--forward/);
  });
});
