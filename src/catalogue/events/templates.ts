import * as z from 'zod';
import { defineEvent } from '../define-event.js';
import { isoTimestamp, msAgo } from '../fake-data.js';
import { bindFilterKeys } from '../filter-keys.js';
import { IdSchema, TimestampSchema } from '../schema-parts.js';
import type { EventDefinition, GenerateContext } from '../types.js';
import { TEMPLATE_STATUSES } from '../vocabulary.js';
import { PLATFORM_PROFILES } from './platforms.js';

// Templates are mostly used where a business starts the conversation.
const TEMPLATE_PLATFORMS = PLATFORM_PROFILES.filter((p) => ['sms', 'whatsapp', 'email'].includes(p.platform));
const TEMPLATE_NAMES = ['order_shipped', 'appointment_reminder', 'verification_code', 'welcome_message'] as const;
const LOCALES = ['en', 'en-US', 'nl', 'de', 'es'] as const;

/**
 * A channel template. `platformId` sits at the top level because the `platformId` filter reads it
 * there; the other fields are a plausible subset of Bird's template object.
 */
export const TemplatePayloadSchema = z.looseObject({
  id: IdSchema,
  projectId: IdSchema.optional(),
  name: z.string().optional(),
  platformId: z.string().min(1),
  status: z.enum(TEMPLATE_STATUSES),
  defaultLocale: z.string().optional(),
  locales: z.array(z.string()).optional(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema.optional(),
});
type TemplatePayload = z.output<typeof TemplatePayloadSchema>;

type Lifecycle = 'created' | 'updated' | 'deleted';

/** Status per event: a new template starts as a `draft`, an updated one was approved, a deleted one is `inactive`. */
const STATUS_BY_LIFECYCLE = {
  created: 'draft',
  updated: 'active',
  deleted: 'inactive',
} as const satisfies Record<Lifecycle, TemplatePayload['status']>;

function generateTemplate({ random, now }: GenerateContext, lifecycle: Lifecycle): TemplatePayload {
  const profile = random.pick(TEMPLATE_PLATFORMS);
  const locale = random.pick(LOCALES);
  const createdMs = lifecycle === 'created' ? now : msAgo({ random, now }, 60_000, 30 * 24 * 3_600_000);
  return {
    id: random.uuid(),
    projectId: random.uuid(),
    name: random.pick(TEMPLATE_NAMES),
    platformId: profile.platformId,
    status: STATUS_BY_LIFECYCLE[lifecycle],
    defaultLocale: locale,
    locales: [locale],
    createdAt: isoTimestamp(createdMs),
    updatedAt: isoTimestamp(now),
  };
}

const templateFilters = bindFilterKeys({ platformId: 'platformId' });

function templateEvent(lifecycle: Lifecycle, description: string): EventDefinition {
  return defineEvent({
    name: `template.${lifecycle}`,
    service: 'templates',
    filterKeys: templateFilters,
    description: `${description} (generated with status \`${STATUS_BY_LIFECYCLE[lifecycle]}\`).`,
    payloadSchema: TemplatePayloadSchema,
    generate: (context) => generateTemplate(context, lifecycle),
  });
}

/** `template.created`, `.updated` and `.deleted`. */
export const TEMPLATE_EVENTS: readonly EventDefinition[] = [
  templateEvent('created', 'A message template was created'),
  templateEvent('updated', 'A message template changed'),
  templateEvent('deleted', 'A message template was deleted'),
];
