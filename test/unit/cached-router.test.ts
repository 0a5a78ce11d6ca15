import { TrieRouter } from 'hono/router/trie-router';
import { describe, expect, it } from 'vitest';
import { cachedRouter } from '../../src/http/cached-router.js';

/** Two routers with the same routes: the plain one is what the cached one must always answer. */
function routers() {
  const plain = new TrieRouter<string>();
  const cached = cachedRouter(new TrieRouter<string>());
  for (const router of [plain, cached]) {
    router.add('GET', '/deliveries/wait', 'wait');
    router.add('GET', '/deliveries/:id', 'one');
    router.add('POST', '/deliveries/:id/redeliver', 'redeliver');
    router.add('ALL', '*', 'guard');
  }
  return { plain, cached };
}

describe('cachedRouter', () => {
  it('answers what the router it wraps answers, for the same path asked again and for other ids', () => {
    const { plain, cached } = routers();
    const asks: [string, string][] = [
      ['GET', '/deliveries/wait'],
      ['GET', '/deliveries/d1'],
      ['GET', '/deliveries/d1'],
      ['GET', '/deliveries/d2'],
      ['POST', '/deliveries/d1/redeliver'],
      ['POST', '/deliveries/d1'],
      ['DELETE', '/nowhere'],
    ];
    for (const [method, path] of asks) expect(cached.match(method, path)).toEqual(plain.match(method, path));
    expect(cached.name).toBe(plain.name);
  });

  it('stays right past its bound of remembered paths', () => {
    const { plain, cached } = routers();
    for (let i = 0; i < 2100; i++) {
      const path = `/deliveries/d${i % 1500}`;
      expect(cached.match('GET', path)).toEqual(plain.match('GET', path));
    }
  });
});
