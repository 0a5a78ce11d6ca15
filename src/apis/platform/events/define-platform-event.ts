import type * as z from 'zod';
import type { GenerateContext, Payload } from '../../../catalogue/types.js';
import type { PlatformEventDefinition } from './types.js';

/** The SDK's repository; its generated types are the field-level truth (@messagebird/sdk 0.63.0). */
const SDK_SOURCE = 'https://github.com/messagebird/bird-sdk-typescript';

/**
 * What an event declares; `generate` must return the schema's output type so the two cannot drift
 * apart (as `defineEvent` in `catalogue/`).
 * @note Generators are named functions with an explicit return type: in an inline arrow TypeScript
 * widens string literals while the contextual type is still generic.
 */
export interface DefinePlatformEventOptions<N extends string, S extends z.ZodType<Payload>> {
  name: N;
  /** The SDK's type of the whole event, e.g. `EventEmailDelivered`. */
  sdkType: string;
  /**
   * bird.com pages that describe the event.
   * @default []
   */
  docs?: readonly string[];
  description: string;
  payloadSchema: S;
  generate(context: GenerateContext): z.output<NoInfer<S>>;
}

/** A definition that keeps its literal name and its schema's type, so tests can compare it with the SDK's. */
export interface TypedPlatformEventDefinition<N extends string, S extends z.ZodType<Payload>> extends PlatformEventDefinition {
  name: N;
  payloadSchema: S;
}

/** Builds a documented `PlatformEventDefinition`, checking at compile time that the generator returns the schema's shape. */
export function definePlatformEvent<N extends string, S extends z.ZodType<Payload>>(
  options: DefinePlatformEventOptions<N, S>,
): TypedPlatformEventDefinition<N, S> {
  return {
    name: options.name,
    description: options.description,
    documented: true,
    source: {
      payload: 'schema',
      urls: [...(options.docs ?? []), SDK_SOURCE],
      ours: `Values are ours; the shape is the SDK's ${options.sdkType}.`,
    },
    payloadSchema: options.payloadSchema,
    generate: options.generate,
  };
}

/** bird.com pages that describe platform events (research/bird-platform-webhooks.md §0, §3). */
export const BIRD_DOCS = {
  /** The webhooks overview, whose event table lists `email.*`, `domain.*` and `email_suppression.*`. */
  webhooks: 'https://bird.com/docs/webhooks',
  /** The email events guide: the per-recipient lifecycle and when each event fires. */
  emailEvents: 'https://bird.com/pl-pl/dokumentacja/guides/email/events/',
} as const;
