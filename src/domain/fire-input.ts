import * as z from 'zod';
import { ApiNameSchema } from './api.js';
import { AnyWorkspaceIdSchema, ScopeIdSchema } from './scope-id.js';
import { ServiceSchema } from './subscription.js';

/** What to fire: the body of `POST /_emulator/events`, and of the harness's and scenarios' fires. */
export const FireEventInputSchema = z.strictObject({
  event: z.string().min(1).max(256),
  /** Which Bird API's event; only needed when an event name is ambiguous. */
  api: ApiNameSchema.optional(),
  service: ServiceSchema.optional(),
  organizationId: ScopeIdSchema.optional(),
  /** The Notifications API's workspace (a UUID) or the platform API's (`ws_…`); absent: every workspace. */
  workspaceId: AnyWorkspaceIdSchema.optional(),
  /** Deep-merged over a generated payload (the platform API's `data`). */
  payload: z.record(z.string(), z.unknown()).optional(),
});
export type FireEventInput = z.infer<typeof FireEventInputSchema>;
