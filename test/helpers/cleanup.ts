import { afterEach } from 'vitest';

/**
 * Registers an afterEach that closes everything a test started; returns `track(thing)`, which
 * records a thing with `close()` and hands it back.
 */
export function useCleanup(): <T extends { close(): Promise<void> }>(thing: T) => T {
  const started: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((thing) => thing.close()));
  });
  return (thing) => {
    started.push(thing);
    return thing;
  };
}
