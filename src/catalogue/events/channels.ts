import * as z from 'zod';
import { defineEvent } from '../define-event.js';
import { companyName, createdAndUpdated } from '../fake-data.js';
import { bindFilterKeys } from '../filter-keys.js';
import { IdSchema, TimestampSchema } from '../schema-parts.js';
import type { EventDefinition, EventSource, GenerateContext } from '../types.js';
import { PLATFORM_PROFILES } from './platforms.js';

/**
 * A channel object, with the field names of Bird's channel (Channels management API); `channelId`
 * filters read its `id`. Bird shows no channel event, so no field is required.
 */
export const ChannelPayloadSchema = z.looseObject({
  id: IdSchema.optional(),
  platformId: z.string().optional(),
  name: z.string().optional(),
  identifier: z.string().optional(),
  connectorId: IdSchema.optional(),
  // Bird lists `channelStatus` as a filter but publishes no values: any string (generated `active`).
  status: z.string().optional(),
  createdAt: TimestampSchema.optional(),
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

const SOURCE: EventSource = {
  payload: 'none',
  urls: [
    'https://docs.bird.com/api/notifications-api/api-reference/webhook-subscriptions',
    'https://docs.bird.com/api/channels-api/api-reference/channels-management',
  ],
  ours: 'Bird lists the events and their filters but shows no payload: the fields are those of its channel object, the statuses ours.',
};

/** `channel.created` and `channel.updated`, generated on a random platform with status `active`. */
export const CHANNEL_EVENTS: readonly EventDefinition[] = [
  defineEvent({
    name: 'channel.created',
    service: 'channels',
    filterKeys: channelFilters,
    source: SOURCE,
    description: 'A channel was installed in the workspace.',
    payloadSchema: ChannelPayloadSchema,
    generate: (context) => generateChannel(context, true),
  }),
  defineEvent({
    name: 'channel.updated',
    service: 'channels',
    filterKeys: channelFilters,
    source: SOURCE,
    description: 'A channel changed (name, settings or status).',
    payloadSchema: ChannelPayloadSchema,
    generate: (context) => generateChannel(context, false),
  }),
];
