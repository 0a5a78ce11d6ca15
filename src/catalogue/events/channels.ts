import * as z from 'zod';
import { defineEvent } from '../define-event.js';
import { companyName, createdAndUpdated } from '../fake-data.js';
import { bindFilterKeys } from '../filter-keys.js';
import { IdSchema, TimestampSchema } from '../schema-parts.js';
import type { EventDefinition, GenerateContext } from '../types.js';
import { PLATFORM_PROFILES } from './platforms.js';

/**
 * Channel lifecycle statuses. Bird lists `channelStatus` as a filter but does not publish its
 * values; these are our choice.
 */
export const CHANNEL_STATUSES = ['pending', 'active', 'inactive', 'failed'] as const;

/** A channel object; `channelId` filters read its `id`. */
export const ChannelPayloadSchema = z.looseObject({
  id: IdSchema,
  platformId: z.string().min(1),
  name: z.string().optional(),
  identifier: z.string().optional(),
  connectorId: IdSchema.optional(),
  status: z.enum(CHANNEL_STATUSES),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema.optional(),
});
type ChannelPayload = z.output<typeof ChannelPayloadSchema>;

function generateChannel({ random, now }: GenerateContext, justCreated: boolean): ChannelPayload {
  const profile = random.pick(PLATFORM_PROFILES);
  const times = createdAndUpdated({ random, now }, 30 * 24 * 3_600_000);
  return {
    id: random.uuid(),
    platformId: profile.platformId,
    name: `${companyName(random)} ${profile.label}`,
    identifier: profile.channelIdentifier(random),
    connectorId: random.uuid(),
    status: 'active',
    // A new channel was created this instant; an updated one some time ago.
    createdAt: justCreated ? times.updatedAt : times.createdAt,
    updatedAt: times.updatedAt,
  };
}

const channelFilters = bindFilterKeys({ channelId: 'id', platformId: 'platformId', channelStatus: 'status' });

/** `channel.created` and `channel.updated`, generated on a random platform with status `active`. */
export const CHANNEL_EVENTS: readonly EventDefinition[] = [
  defineEvent({
    name: 'channel.created',
    service: 'channels',
    filterKeys: channelFilters,
    description: 'A channel was installed in the workspace.',
    payloadSchema: ChannelPayloadSchema,
    generate: (context) => generateChannel(context, true),
  }),
  defineEvent({
    name: 'channel.updated',
    service: 'channels',
    filterKeys: channelFilters,
    description: 'A channel changed (name, settings or status).',
    payloadSchema: ChannelPayloadSchema,
    generate: (context) => generateChannel(context, false),
  }),
];
