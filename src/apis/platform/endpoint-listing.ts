import { endpointView, type Endpoint, type EndpointListing } from '../../domain/endpoint.js';
import { maskSecret } from '../../signing/standard-webhooks-diagnose.js';

/** The endpoint as the live log and the dashboard show it: never a whole secret. */
export function endpointListing(endpoint: Endpoint): EndpointListing {
  return {
    ...endpointView(endpoint),
    workspace_id: endpoint.workspace_id,
    secrets: endpoint.secrets.map(({ secret, created_at, expires_at }) => ({
      secret: maskSecret(secret),
      created_at,
      ...(expires_at !== undefined && { expires_at }),
    })),
  };
}
