import * as z from 'zod';
import { profileOf } from '../../catalogue/events/platforms.js';
import { PLATFORMS, type Platform } from '../../catalogue/vocabulary.js';
import { isoTimestamp } from '../../clock/clock.js';
import type { Random } from '../../random.js';
import type { DeepReadonly } from '../../objects.js';
import { openJsonState } from '../../store/json-state.js';
import type { StorageOptions } from '../../store/storage.js';

/**
 * Bird's channels, as far as sending through one needs: which platform it is (its messages' status
 * events are `<platform>.outbound`) and its connector (the sender of what goes out). Seeded from a
 * fixture set's `channels`, or made the first time a message is sent through an unknown id.
 */
export const ChannelSchema = z.object({
  id: z.uuid(),
  platform: z.enum(PLATFORMS),
  connector: z.object({ id: z.string().min(1), identifierValue: z.string() }),
  /** `seed` (a fixture set declared it) or `first-use` (a send named it before anything declared it). */
  source: z.enum(['seed', 'first-use']),
  createdAt: z.string(),
});
export type Channel = DeepReadonly<z.infer<typeof ChannelSchema>>;

const ChannelsFileSchema = z.strictObject({ version: z.literal(1), channels: z.array(ChannelSchema) });

/** The file name of the channels state inside the data folder. */
const CHANNELS_FILE = 'channels.json';

export interface ChannelStore {
  get(id: string): Channel | undefined;
  /** Oldest first. */
  all(): readonly Channel[];
  /** Keeps `channel` unless its id is known already; returns the one kept. */
  ensure(channel: Channel): Promise<Channel>;
  clear(): Promise<void>;
  flush(): Promise<void>;
}

export async function openChannelStore(storage: StorageOptions): Promise<ChannelStore> {
  const state = await openJsonState(storage, CHANNELS_FILE, ChannelsFileSchema, { version: 1, channels: [] });
  const byId = new Map(state.get().channels.map((channel) => [channel.id, channel]));
  const save = () => state.set({ version: 1, channels: [...byId.values()] });
  return {
    get: (id) => byId.get(id),
    all: () => [...byId.values()],
    async ensure(channel) {
      const known = byId.get(channel.id);
      if (known) return known;
      byId.set(channel.id, channel);
      await save();
      return channel;
    },
    async clear() {
      byId.clear();
      await save();
    },
    flush: () => state.flush(),
  };
}

/**
 * The platform of a channel id never seen: e-mail when the message goes to an e-mail address
 * (`identifierKey: "emailaddress"`, or an address with an `@`), else SMS, the channel Bird's
 * send-message examples use most.
 */
export function platformForUnknownChannel(
  contacts: readonly { identifierKey?: string | undefined; identifierValue?: string | undefined }[],
): Platform {
  const email = contacts.some(
    (c) => c.identifierKey?.toLowerCase() === 'emailaddress' || (c.identifierKey === undefined && c.identifierValue?.includes('@')),
  );
  return email ? 'email' : 'sms';
}

/**
 * A channel of `platform`, with a connector of its platform's kind (a number, an address…) unless
 * `identifierValue` gives its own.
 */
export function makeChannel(
  spec: { id: string; platform: Platform; identifierValue?: string | undefined; source: Channel['source'] },
  random: Random,
  now: number,
): Channel {
  return {
    id: spec.id.toLowerCase(),
    platform: spec.platform,
    connector: { id: random.uuid(), identifierValue: spec.identifierValue ?? profileOf(spec.platform).channelIdentifier(random) },
    source: spec.source,
    createdAt: isoTimestamp(now),
  };
}
