import * as z from 'zod';
import { invalidParam as refuse } from '../errors.js';
import { smsSegments } from '../fake-data.js';
import { E164, MetadataInputSchema, TagsInputSchema } from './request-parts.js';

/**
 * `SmsMessageSendRequest` (@messagebird/sdk 0.63.0, sends.md). The schema takes every field the SDK
 * declares; `checkSmsSend` then answers the 422s Bird's descriptions name.
 */

export const SmsSendSchema = z.strictObject({
  to: z.string().min(1).max(64),
  from: z.string().min(1).max(64).optional(),
  text: z.string().min(1).max(10_000).optional(),
  category: z.enum(['transactional', 'marketing', 'authentication', 'service']).optional(),
  validity_period: z.number().int().min(60).max(172_800).optional(),
  tags: TagsInputSchema.optional(),
  metadata: MetadataInputSchema.optional(),
  options: z
    .strictObject({
      smart_encoding: z.boolean().optional(),
      track_clicks: z.boolean().optional(),
      max_price_per_segment: z.number().optional(),
    })
    .optional(),
  media_urls: z.array(z.string()).optional(),
  messaging_profile_id: z.string().optional(),
  scheduled_at: z.string().optional(),
  template: z
    .looseObject({
      id: z.string().min(1).optional(),
      slug: z.string().min(1).max(63).optional(),
      name: z.string().min(1).optional(),
      language: z.string().min(1).optional(),
      parameters: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  broadcast_id: z.string().optional(),
  campaign_id: z.string().optional(),
  audience_id: z.string().optional(),
  contact_id: z.string().optional(),
  topic_id: z.string().optional(),
  personalization: z.record(z.string(), z.unknown()).optional(),
});
export type SmsSend = z.infer<typeof SmsSendSchema>;

/** "Preview feature … Currently unavailable; supplying this field returns `422 SMSUnsupportedFeature`." */
const PREVIEW_FIELDS = [
  'validity_period',
  'media_urls',
  'messaging_profile_id',
  'scheduled_at',
  'broadcast_id',
  'campaign_id',
  'audience_id',
  'contact_id',
  'topic_id',
  'personalization',
] as const;

/** "At least 1 character, up to a 12-segment cap … a body exceeding 12 segments is rejected with a 422." */
const MAX_SEGMENTS = 12;

/** @throws PlatformError (a 422) with Bird's name for each rule a valid-looking request still breaks. */
export function checkSmsSend(send: SmsSend): void {
  for (const field of PREVIEW_FIELDS) {
    if (send[field] !== undefined) throw refuse(field, 'is a preview feature that is currently unavailable', 'SMSUnsupportedFeature');
  }
  if (send.options?.track_clicks === true)
    throw refuse('options.track_clicks', 'is a preview feature that is currently unavailable', 'SMSUnsupportedFeature');
  if (send.options?.max_price_per_segment !== undefined) {
    throw refuse('options.max_price_per_segment', 'is a preview feature that is currently unavailable', 'SMSUnsupportedFeature');
  }
  if (!E164.test(send.to)) throw refuse('to', 'must be a phone number in E.164 format, e.g. +14155550100', 'SMSInvalidRecipient');
  if (send.template !== undefined) {
    if (send.text !== undefined) throw refuse('text', 'must not be sent with template');
    for (const field of ['from', 'category'] as const) {
      if (send[field] !== undefined) throw refuse(field, 'is not accepted alongside template, which selects it');
    }
    if (send.template.id === undefined && send.template.slug === undefined && send.template.name === undefined) {
      throw refuse('template', 'must name the template by id or slug');
    }
    return;
  }
  if (send.text === undefined) throw refuse('text', 'is required unless template is supplied');
  if (send.from === undefined) throw refuse('from', 'is required on a free-text send', 'SMSNoEligibleSender');
  if (send.category === undefined) throw refuse('category', 'is required on a free-text send');
  if (smsSegments(send.text).count > MAX_SEGMENTS) throw refuse('text', `must fit in ${MAX_SEGMENTS} segments`);
}
