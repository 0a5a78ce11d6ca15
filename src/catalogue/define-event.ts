import type { z } from 'zod';
import type { Service } from '../domain/subscription.js';
import type { EventDefinition, EventSource, FilterKeyBinding, GenerateContext, Payload } from './types.js';

/**
 * What a built-in event declares; `generate` must return the schema's output type so the two cannot
 * drift apart.
 * @note TypeScript widens string literals in an inline arrow here (the contextual type is still
 * generic while it is checked), so generators are named functions with an explicit return type.
 */
export interface DefineEventOptions<S extends z.ZodType<Payload>> {
  name: string;
  service: Service;
  filterKeys?: readonly FilterKeyBinding[];
  /** @default true */
  documented?: boolean;
  /** Where Bird documents it; every built-in event names its pages. */
  source: EventSource;
  description: string;
  payloadSchema: S;
  generate(context: GenerateContext): z.output<NoInfer<S>>;
}

/** Builds an `EventDefinition`, checking at compile time that the generator returns the schema's shape. */
export function defineEvent<S extends z.ZodType<Payload>>(options: DefineEventOptions<S>): EventDefinition {
  return {
    name: options.name,
    service: options.service,
    filterKeys: options.filterKeys ?? [],
    documented: options.documented ?? true,
    source: options.source,
    description: options.description,
    payloadSchema: options.payloadSchema,
    generate: options.generate,
  };
}
