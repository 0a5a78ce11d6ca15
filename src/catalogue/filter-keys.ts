import type { FilterKeyBinding } from './types.js';

/**
 * Bird's filter keys (SPEC §1.4), in the order every event lists them: the table's order, so
 * `channelId` always comes first and `available-webhooks` answers are stable.
 */
export const BIRD_FILTER_KEYS = ['channelId', 'messageStatus', 'interactionType', 'platformId', 'channelStatus', 'status'] as const;

export type BirdFilterKey = (typeof BIRD_FILTER_KEYS)[number];

/** Turns `{key: payloadPath}` into bindings in the canonical order, whatever order they are given in. */
export function bindFilterKeys(paths: Partial<Record<BirdFilterKey, string>>): FilterKeyBinding[] {
  return BIRD_FILTER_KEYS.flatMap((key) => {
    const path = paths[key];
    return path === undefined ? [] : [{ key, path }];
  });
}
