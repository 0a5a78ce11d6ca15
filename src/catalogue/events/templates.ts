import * as z from 'zod';
import { defineEvent } from '../define-event.js';
import { isoTimestamp, msAgo } from '../fake-data.js';
import { bindFilterKeys } from '../filter-keys.js';
import { IdSchema, TimestampSchema } from '../schema-parts.js';
import type { EventDefinition, EventSource, GenerateContext } from '../types.js';
import { TEMPLATE_STATUSES } from '../vocabulary.js';

const TEMPLATE_WEBHOOKS_PAGE = 'https://docs.bird.com/api/touchpoints-api/api-reference/message-templates/template-webhooks';

/**
 * The platforms a channel template can target, by the `platformId` values Bird's template
 * webhooks page lists. E-mail templates fire no template webhooks.
 */
export const TEMPLATE_PLATFORM_IDS = [
  'whatsapp',
  'sms-messagebird',
  'rcs-google',
  'facebook-messenger',
  'instagram',
  'apple-business-chat',
  'line',
  'linkedin',
  'push-notifications',
] as const;
const TEMPLATE_NAMES = ['order_shipped', 'appointment_reminder', 'verification_code', 'welcome_message'] as const;
const LOCALES = ['en', 'en-US', 'nl', 'de', 'es'] as const;

/**
 * A channel template. `platformId` sits at the top level because the `platformId` filter reads it
 * there; `platformInfo` is what Bird's page names (WhatsApp's category and quality rating); the
 * other fields are a plausible subset of Bird's template object. Nothing is required, as Bird's
 * example payload could not be read.
 */
export const TemplatePayloadSchema = z.looseObject({
  id: IdSchema.optional(),
  projectId: IdSchema.optional(),
  name: z.string().optional(),
  platformId: z.string().optional(),
  status: z.enum(TEMPLATE_STATUSES).optional(),
  platformInfo: z.looseObject({ category: z.string().optional(), qualityRating: z.string().optional() }).optional(),
  defaultLocale: z.string().optional(),
  locales: z.array(z.string()).optional(),
  createdAt: TimestampSchema.optional(),
  updatedAt: TimestampSchema.optional(),
});
type TemplatePayload = z.output<typeof TemplatePayloadSchema>;

type Lifecycle = 'created' | 'updated' | 'deleted';

/** Status per event: a new template starts as a `draft`, an updated one was approved, a deleted one is `inactive`. */
const STATUS_BY_LIFECYCLE = {
  created: 'draft',
  updated: 'active',
  deleted: 'inactive',
} as const satisfies Record<Lifecycle, (typeof TEMPLATE_STATUSES)[number]>;

function generateTemplate({ random, now }: GenerateContext, lifecycle: Lifecycle): TemplatePayload {
  const platformId = random.pick(TEMPLATE_PLATFORM_IDS);
  const locale = random.pick(LOCALES);
  const createdMs = lifecycle === 'created' ? now : msAgo({ random, now }, 60_000, 30 * 24 * 3_600_000);
  return {
    id: random.uuid(),
    projectId: random.uuid(),
    name: random.pick(TEMPLATE_NAMES),
    platformId,
    status: STATUS_BY_LIFECYCLE[lifecycle],
    // Bird: "may be empty or contain only a status field" outside WhatsApp.
    platformInfo: platformId === 'whatsapp' ? { category: 'UTILITY', qualityRating: 'GREEN' } : {},
    defaultLocale: locale,
    locales: [locale],
    createdAt: isoTimestamp(createdMs),
    updatedAt: isoTimestamp(now),
  };
}

const templateFilters = bindFilterKeys({ platformId: 'platformId' });

const SOURCE: EventSource = {
  payload: 'partial',
  urls: [TEMPLATE_WEBHOOKS_PAGE],
  ours:
    'Bird documents the platformId values and platformInfo (category, qualityRating); its example payload could not be read, ' +
    'so the other fields and the platformInfo values are ours.',
};

function templateEvent(lifecycle: Lifecycle, description: string): EventDefinition {
  return defineEvent({
    name: `template.${lifecycle}`,
    service: 'templates',
    filterKeys: templateFilters,
    source: SOURCE,
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
