import type * as z from 'zod';
import type { EventSource, GenerateContext, Payload } from '../../../catalogue/types.js';

/** One event type of Bird's platform API: the envelope's `type` and the shape of its `data`. */
export interface PlatformEventDefinition {
  /** The envelope's `type`, e.g. `email.delivered`. */
  name: string;
  /** One line for humans, from the SDK's doc comment of the event. */
  description: string;
  /** True when Bird documents the event (it is in the SDK's `WebhookEventType`); false only for emulator inventions. */
  documented: boolean;
  /** Where the shape comes from: the SDK type, and the bird.com pages that describe the event. */
  source: EventSource;
  /** Validates the `data` object (after user overrides are merged in); unknown fields pass. */
  payloadSchema: z.ZodType<Payload>;
  /** Makes a realistic `data` object. */
  generate(context: GenerateContext): Payload;
}
