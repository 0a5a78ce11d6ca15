import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  // The README's example imports the package by name; inside this repository that is the source.
  resolve: { alias: { 'bird-webhook-emulator': fileURLToPath(new URL('../src/index.ts', import.meta.url)) } },
  test: {
    root,
    // e2e tests spawn real processes and sockets; keep the 2-core CI machine from oversubscribing.
    maxWorkers: 2,
    // A guard against hangs, not a speed check: e2e tests spawn several CLI processes, which can
    // take seconds each on a loaded 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'suite', include: ['test/{unit,api,e2e}/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'readme-example', include: ['test/readme-example/*.test.ts'], globalSetup: ['test/readme-example/global-setup.ts'] },
      },
    ],
  },
});
