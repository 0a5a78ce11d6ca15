import { afterEach, beforeEach, expect } from 'vitest';

/** A client of an emulator: the statuses it was answered with, and how to close its emulator. */
export interface ClosableClient {
  readonly statuses: readonly number[];
  close(): Promise<void>;
}

/**
 * Registers beforeEach/afterEach hooks that open a fresh client (and its emulator) per test with
 * `open` and close it afterwards; returns a getter for the current one. Every test also proves that
 * no 5xx happened. `name` is the caller's, for the error when the getter is used outside a test.
 */
export function perTestClient<T extends ClosableClient>(name: string, open: () => Promise<T>): () => T {
  let client: T | undefined;
  beforeEach(async () => {
    client = await open();
  });
  afterEach(async () => {
    const current = client;
    client = undefined;
    await current?.close();
    expect(current?.statuses.filter((s) => s >= 500) ?? []).toEqual([]);
  });
  return () => {
    if (!client) throw new Error(`${name}(): the client exists only inside a test`);
    return client;
  };
}
