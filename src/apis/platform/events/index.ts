import type { PlatformEventDefinition } from './types.js';

export type { PlatformEventDefinition } from './types.js';

// Placeholder until the catalogue branch lands.
export const PLATFORM_EVENTS: readonly PlatformEventDefinition[] = [];
