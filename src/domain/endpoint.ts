import * as z from 'zod';
import type { DeepReadonly } from '../objects.js';

/**
 * A webhook endpoint of Bird's platform API (`/v1/webhooks`, SPEC-PLATFORM §2), field names as Bird
 * writes them (snake_case). The stored record adds what Bird never shows: the workspace, the
 * secrets with their expiry, and the failure streak that drives the endpoint's health.
 */

/** Bird's `WebhookEndpoint.status`: `degraded` and an automatic `paused` follow from failures (§3). */
export const EndpointStatusSchema = z.enum(['active', 'degraded', 'paused']);
export type EndpointStatus = z.infer<typeof EndpointStatusSchema>;

const Timestamp = z.iso.datetime();

/** A signing secret; every unexpired one signs each delivery. */
export const EndpointSecretSchema = z.strictObject({
  secret: z.string().min(1),
  created_at: Timestamp,
  /** Set on the old secret when a rotation replaces it: it stops signing 24 h later. */
  expires_at: Timestamp.optional(),
});

export const EndpointSchema = z.strictObject({
  id: z.string().regex(/^whk_[0-9a-hjkmnp-tv-z]{26}$/),
  workspace_id: z.string().regex(/^ws_[0-9a-hjkmnp-tv-z]{26}$/),
  url: z.string(),
  description: z.string().optional(),
  events: z.array(z.string()),
  status: EndpointStatusSchema,
  /** Newest first. */
  secrets: z.array(EndpointSecretSchema).min(1),
  /** Consecutive failed attempts, and since when attempts have failed without a success in between. */
  failures: z.strictObject({ consecutive: z.number().int().min(0), since: Timestamp.optional() }),
  created_at: Timestamp,
  updated_at: Timestamp,
});
/** A stored endpoint: a value; a change stores a new one. */
export type Endpoint = DeepReadonly<z.infer<typeof EndpointSchema>>;

// @note Bird's schemas are `additionalProperties: false` (research §1.1), so unknown fields are refused.
const EventTypesSchema = z
  .array(z.string().min(1).max(256))
  .min(1, 'must list at least one event type')
  .max(100, 'at most 100 event types');
const UrlSchema = z.string().min(1).max(2048);
const DescriptionSchema = z.string().max(256);

/** The body of `POST /v1/webhooks`. */
export const CreateEndpointInputSchema = z.strictObject({
  url: UrlSchema,
  events: EventTypesSchema,
  description: DescriptionSchema.optional(),
});
export type CreateEndpointInput = z.infer<typeof CreateEndpointInputSchema>;

/** The body of `PATCH /v1/webhooks/{id}`: every field optional; `degraded` is never set by hand. */
export const UpdateEndpointInputSchema = z.strictObject({
  url: UrlSchema.optional(),
  events: EventTypesSchema.optional(),
  description: DescriptionSchema.optional(),
  status: z.enum(['active', 'paused']).optional(),
});
export type UpdateEndpointInput = z.infer<typeof UpdateEndpointInputSchema>;

/** Bird's `WebhookEndpoint`: what every read answers (never a secret). */
export function endpointView(endpoint: Endpoint) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    ...(endpoint.description !== undefined && { description: endpoint.description }),
    events: [...endpoint.events],
    status: endpoint.status,
    created_at: endpoint.created_at,
    updated_at: endpoint.updated_at,
  };
}
export type EndpointView = ReturnType<typeof endpointView>;

/**
 * An endpoint as the emulator's own surface shows it (the live log, the dashboard): Bird's view,
 * its workspace, and its live secrets masked (`whsec_C2FV…oD`), enough to tell them apart.
 */
export type EndpointListing = EndpointView & {
  workspace_id: string;
  secrets: { secret: string; created_at: string; expires_at?: string }[];
};
