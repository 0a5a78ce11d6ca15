import type { FilterKeyBinding } from './types.js';

/**
 * Bird's filter keys (SPEC §1.4), in the order every event lists them: the table's order, so
 * `channelId` always comes first and `available-webhooks` answers are stable.
 */
export const BIRD_FILTER_KEYS = ['channelId', 'messageStatus', 'interactionType', 'platformId', 'channelStatus', 'status'] as const;

export type BirdFilterKey = (typeof BIRD_FILTER_KEYS)[number];

/** Where a key's value comes from: a payload path (`"status"`), or `{value}` fixed by the event itself. */
export type FilterKeySource = string | { value: string };

/** Turns `{key: source}` into bindings in the canonical order, whatever order they are given in. */
export function bindFilterKeys(sources: Partial<Record<BirdFilterKey, FilterKeySource>>): FilterKeyBinding[] {
  return BIRD_FILTER_KEYS.flatMap((key) => {
    const source = sources[key];
    if (source === undefined) return [];
    return [typeof source === 'string' ? { key, path: source } : { key, value: source.value }];
  });
}
