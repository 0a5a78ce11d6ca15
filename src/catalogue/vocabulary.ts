/**
 * Bird's documented value lists (SPEC §1.5). The payload schemas turn them into enums; other
 * modules (trigger validation, the dashboard) can offer them as choices.
 */

/** The platforms whose channels emit `<platform>.inbound|outbound|interaction`. */
export const PLATFORMS = [
  'sms',
  'whatsapp',
  'email',
  'rcs',
  'line',
  'instagram',
  'facebook',
  'viber',
  'linkedin',
  'tiktok',
  'telegram',
] as const;
export type Platform = (typeof PLATFORMS)[number];

export const OUTBOUND_MESSAGE_STATUSES = ['accepted', 'processing', 'sent', 'sending_failed', 'delivered', 'delivery_failed'] as const;
export type OutboundMessageStatus = (typeof OUTBOUND_MESSAGE_STATUSES)[number];

/** An incoming message is created already delivered. */
export const INBOUND_MESSAGE_STATUSES = ['delivered'] as const;

/** A message's `direction`, whatever its event: Bird's own message-status example sends `incoming` with `accepted`. */
export const MESSAGE_DIRECTIONS = ['incoming', 'outgoing'] as const;

/** The outbound statuses that carry `reason`, `details` and `failure`. */
export const FAILED_MESSAGE_STATUSES = ['sending_failed', 'delivery_failed'] as const satisfies readonly OutboundMessageStatus[];

/**
 * What a failed e-mail reports, for `sending_failed` and for `delivery_failed`. Bird's e-mail
 * message-status page names these values under both `reason` (its prose) and `details` (its
 * table's heading) and shows no failed e-mail, so the generator puts the value in both fields.
 */
export const EMAIL_SENDING_FAILURE_REASONS = ['generationRejection', 'generationFailure', 'policyRejection'] as const;
export const EMAIL_DELIVERY_FAILURE_REASONS = [
  'bounceHard',
  'bounceSoft',
  'bounceBlock',
  'bounceAdmin',
  'bounceUndetermined',
  'delay',
  'out_of_band',
] as const;
export const EMAIL_FAILURE_REASONS = [...EMAIL_SENDING_FAILURE_REASONS, ...EMAIL_DELIVERY_FAILURE_REASONS] as const;

export const INTERACTION_TYPES = [
  'clicked',
  'delete-request',
  'invalid',
  'opened',
  'read',
  'reported-as-spam',
  'unsubscribe-request',
  'reaction',
  'conversion',
  'subscribe-request',
  'subscribe-consent',
] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

export const VOICE_CALL_STATUSES = ['accepted', 'starting', 'ringing', 'ongoing', 'completed', 'no-answer', 'busy', 'failed'] as const;

export const TEMPLATE_STATUSES = ['draft', 'pending', 'active', 'inactive'] as const;
