import { startEmulator } from 'bird-webhook-emulator';
import type { TestProject } from 'vitest/node';

// One emulator for the whole test run; tests reach it over HTTP, exactly as your app reaches Bird.
export default async function setup(project: TestProject) {
  const emulator = await startEmulator();
  project.provide('bird', {
    url: emulator.url,
    accessKey: emulator.accessKey,
    organizationId: emulator.organizationId,
    workspaceId: emulator.workspaceId,
  });
  return () => emulator.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    bird: { url: string; accessKey: string; organizationId: string; workspaceId: string };
  }
}
