import { DOMAIN_EVENTS } from './domain.js';
import { EMAIL_BOUNCE_EVENTS } from './email-bounces.js';
import { EMAIL_INBOUND_EVENTS } from './email-inbound.js';
import { EMAIL_MAILBOX_EVENTS } from './email-mailbox.js';
import { EMAIL_EVENTS } from './email.js';
import { PREFERENCE_EVENTS } from './preference.js';
import { SMS_EVENTS } from './sms.js';
import { SUPPRESSION_EVENTS } from './suppressions.js';
import type { PlatformEventDefinition } from './types.js';
import { VERIFY_EVENTS } from './verify.js';
import { VOICE_EVENTS } from './voice.js';
import { WHATSAPP_EVENTS } from './whatsapp.js';

export type { PlatformEventDefinition } from './types.js';

/** Every definition with its literal name and schema type. */
const DEFINITIONS = [
  ...EMAIL_EVENTS,
  ...EMAIL_BOUNCE_EVENTS,
  ...EMAIL_INBOUND_EVENTS,
  ...EMAIL_MAILBOX_EVENTS,
  ...DOMAIN_EVENTS,
  ...SUPPRESSION_EVENTS,
  ...SMS_EVENTS,
  ...WHATSAPP_EVENTS,
  ...VERIFY_EVENTS,
  ...VOICE_EVENTS,
  ...PREFERENCE_EVENTS,
] as const;

/**
 * The 54 event types of Bird's platform API (`WebhookEventType` of `@messagebird/sdk` 0.63.0), by
 * family, each family in lifecycle order. SPEC-PLATFORM §4.
 */
export const PLATFORM_EVENTS: readonly PlatformEventDefinition[] = DEFINITIONS;

/** The `data` schema of each event type, by name: what tests compare with the SDK's types. */
export type PlatformEventSchemas = { [D in (typeof DEFINITIONS)[number] as D['name']]: D['payloadSchema'] };
