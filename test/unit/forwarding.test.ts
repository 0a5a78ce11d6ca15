import { describe, expect, it } from 'vitest';
import { forwardedDestination } from '../../src/delivery/forwarding.js';

const RULES = [
  { from: 'https://app.example.com', to: 'http://127.0.0.1:3000' },
  { from: 'https://api.example.org/bird/', to: 'http://localhost:4000/local/' },
];

describe('forwardedDestination', () => {
  it('replaces a matching origin and keeps the path and query', () => {
    expect(forwardedDestination('https://app.example.com/webhooks/bird?x=1', RULES)).toBe('http://127.0.0.1:3000/webhooks/bird?x=1');
    expect(forwardedDestination('https://app.example.com', RULES)).toBe('http://127.0.0.1:3000');
    expect(forwardedDestination('https://app.example.com?x=1', RULES)).toBe('http://127.0.0.1:3000?x=1');
  });

  it('joins path prefixes without doubling or losing the slash', () => {
    expect(forwardedDestination('https://api.example.org/bird/sms', RULES)).toBe('http://localhost:4000/local/sms');
    expect(forwardedDestination('https://app.example.com/a', [{ from: 'https://app.example.com/', to: 'http://127.0.0.1:1' }])).toBe(
      'http://127.0.0.1:1/a',
    );
    expect(forwardedDestination('https://app.example.com/a/b', [{ from: 'https://app.example.com/a', to: 'http://127.0.0.1:1/' }])).toBe(
      'http://127.0.0.1:1/b',
    );
  });

  it('leaves URLs that no rule covers alone', () => {
    expect(forwardedDestination('http://127.0.0.1:9/x', RULES)).toBe('http://127.0.0.1:9/x');
    expect(forwardedDestination('https://other.example.com/x', [])).toBe('https://other.example.com/x');
  });

  it('uses the first rule that matches', () => {
    const rules = [
      { from: 'https://app.example.com/special', to: 'http://127.0.0.1:1' },
      { from: 'https://app.example.com', to: 'http://127.0.0.1:2' },
    ];
    expect(forwardedDestination('https://app.example.com/special/x', rules)).toBe('http://127.0.0.1:1/x');
    expect(forwardedDestination('https://app.example.com/other', rules)).toBe('http://127.0.0.1:2/other');
  });

  it('matches whole host names and path segments only, not any string prefix', () => {
    // Another host, another port and another path must not be taken for the rule's.
    expect(forwardedDestination('https://app.example.community/x', RULES)).toBe('https://app.example.community/x');
    expect(forwardedDestination('https://app.example.com.evil.io/x', RULES)).toBe('https://app.example.com.evil.io/x');
    expect(forwardedDestination('https://app.example.com:8443/x', RULES)).toBe('https://app.example.com:8443/x');
    const pathRule = [{ from: 'https://app.example.com/api', to: 'http://127.0.0.1:1' }];
    expect(forwardedDestination('https://app.example.com/api2/x', pathRule)).toBe('https://app.example.com/api2/x');
    expect(forwardedDestination('https://app.example.com/api/x', pathRule)).toBe('http://127.0.0.1:1/x');
  });
});
