import * as z from 'zod';
import type { DeepReadonly } from '../objects.js';

/** Bird's services (SPEC §1.1). */
export const ServiceSchema = z.enum(['channels', 'numbers', 'payments', 'conversations', 'templates']);
export type Service = z.infer<typeof ServiceSchema>;

export const SubscriptionStatusSchema = z.enum(['active', 'inactive']);
export type SubscriptionStatus = z.infer<typeof SubscriptionStatusSchema>;

export const EventFilterSchema = z.strictObject({
  key: z.string().min(1).max(256),
  value: z.string().max(1024),
});
export type EventFilter = z.infer<typeof EventFilterSchema>;

// @note Bird documents no limits on these strings; the caps keep a pasted megabyte out of the store.
const UrlFieldSchema = z.string().min(1, 'url is required').max(2048);
/**
 * `""` means "no signing key" (Bird's quickstart says the key can be left empty): such a
 * subscription is stored without one and its deliveries go unsigned.
 */
const SigningKeySchema = z.string().max(1024);
const TemplateSchema = z.string().max(1024);
const EventFiltersSchema = z.array(EventFilterSchema).max(50).nullable();

/** The body of `POST /webhook-subscriptions`. Unknown fields are refused, as Bird's schema says. */
export const CreateSubscriptionInputSchema = z.strictObject({
  service: ServiceSchema,
  event: z.string().min(1).max(256),
  url: UrlFieldSchema,
  eventFilters: EventFiltersSchema.optional(),
  template: TemplateSchema.optional(),
  signingKey: SigningKeySchema.optional(),
});
export type CreateSubscriptionInput = z.infer<typeof CreateSubscriptionInputSchema>;

/** The body of `PATCH /webhook-subscriptions/{id}`: at least one field; service and event are immutable. */
export const UpdateSubscriptionInputSchema = z.strictObject({
  url: UrlFieldSchema.optional(),
  eventFilters: EventFiltersSchema.optional(),
  template: TemplateSchema.optional(),
  signingKey: SigningKeySchema.optional(),
  status: SubscriptionStatusSchema.optional(),
});
export type UpdateSubscriptionInput = z.infer<typeof UpdateSubscriptionInputSchema>;

/**
 * A stored subscription, exactly the object Bird answers with. `eventFilters` is always an array:
 * requests may send `null`, but Bird's response schema types it as a (non-nullable) array.
 */
export const SubscriptionSchema = z.strictObject({
  id: z.uuid(),
  organizationId: z.uuid(),
  workspaceId: z.uuid(),
  service: ServiceSchema,
  event: z.string(),
  eventFilters: z.array(EventFilterSchema),
  template: z.string().optional(),
  url: z.string(),
  signingKey: z.string().optional(),
  status: SubscriptionStatusSchema,
  statusReason: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A stored subscription: a value; an update stores a new one. */
export type Subscription = DeepReadonly<z.infer<typeof SubscriptionSchema>>;

/** What the live log says of a change to a subscription (or a platform API endpoint). */
export type SubscriptionChange = 'subscription.created' | 'subscription.updated' | 'subscription.deleted';

/**
 * Where a request is scoped. The older Bird path without the organization gives only the
 * workspace; a workspace id is globally unique at Bird, so that scope is still one workspace.
 */
export interface WorkspaceScope {
  organizationId?: string;
  workspaceId: string;
}
