import { VIRTUAL_CLOCK_START } from '../../clock/virtual-clock.js';
import { organizationId, workspaceId } from './ids.js';

/** Bird's `Workspace` (`GET /v1/workspace`, `@messagebird/sdk` 0.63.0 `Workspace`). */
export interface WorkspaceView {
  id: string;
  organization_id: string;
  name: string;
  notification_emails: { operational: string[] };
  logo_url: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * The workspace an API key is scoped to (SPEC-PLATFORM §1: each key is its own workspace). Every
 * field is derived from the key or fixed, so it is the same across restarts and needs no storage:
 * `ws_`/`org_` ids hashed from the key, the name "Emulator workspace <last 6 characters of the id>",
 * no notification addresses, no logo, and the virtual clock's default start as both timestamps.
 */
export function workspaceOf(apiKey: string): WorkspaceView {
  const id = workspaceId(apiKey);
  return {
    id,
    organization_id: organizationId(apiKey),
    name: `Emulator workspace ${id.slice(-6)}`,
    notification_emails: { operational: [] },
    logo_url: null,
    created_at: WORKSPACE_CREATED_AT,
    updated_at: WORKSPACE_CREATED_AT,
  };
}

const WORKSPACE_CREATED_AT = new Date(VIRTUAL_CLOCK_START).toISOString();
