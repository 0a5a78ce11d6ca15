import { endpointListing } from './endpoint-listing.js';
import type { Catalogue } from '../../catalogue/types.js';
import { isoTimestamp, type Clock } from '../../clock/clock.js';
import {
  endpointView,
  type CreateEndpointInput,
  type Endpoint,
  type EndpointView,
  type UpdateEndpointInput,
} from '../../domain/endpoint.js';
import { checkSubscriptionUrl } from '../../domain/url-rule.js';
import type { Random } from '../../random.js';
import { newSecret } from '../../signing/standard-webhooks.js';
import type { SubscriberChange } from '../api-dialect.js';
import { cursorPage, type CursorPage, type CursorQuery } from './cursor.js';
import type { EndpointStore } from './endpoint-store.js';
import { invalidParam, PlatformError, type ParamDetail } from './errors.js';
import { withStatusSetByHand } from './health.js';
import { monotonicIds } from './ids.js';

/** After a rotation the old secret keeps signing this long (research §1.6). */
export const SECRET_OVERLAP_MS = 24 * 3_600_000;
/** "An endpoint holds at most 5 valid secrets, so rotating repeatedly inside that window fails." */
export const MAX_LIVE_SECRETS = 5;

export interface EndpointServiceOptions {
  store: EndpointStore;
  catalogue: Catalogue;
  clock: Clock;
  random: Random;
  /** Apply Bird's URL rule alone (no local URLs). */
  strictUrls: boolean;
  /** Told of every change to an endpoint, after it is stored. */
  onChange?: SubscriberChange | undefined;
  /** Makes a signing secret. @default `whsec_` + base64 of 24 random bytes */
  newSecret?: () => string;
}

export type EndpointSort = 'created_at' | 'url';

export interface ListEndpointsQuery extends CursorQuery {
  sort: EndpointSort;
}

/** Bird's `WebhookEndpointCreated`: the endpoint and, this once, its secret. */
export type EndpointCreated = EndpointView & { secret: string };

/**
 * Bird's `/v1/webhooks` rules (research §1.1–§1.6, SPEC-PLATFORM §2), knowing nothing of HTTP. An
 * endpoint of another workspace is reported exactly like one that does not exist.
 */
export interface EndpointService {
  list(workspaceId: string, query: ListEndpointsQuery): CursorPage<EndpointView>;
  /** @throws PlatformError WebhookNotFound */
  get(workspaceId: string, id: string): Endpoint;
  create(workspaceId: string, input: CreateEndpointInput): Promise<EndpointCreated>;
  /** Changes only the fields given; `status: active` re-enables a paused endpoint and forgets its failures. */
  update(workspaceId: string, id: string, input: UpdateEndpointInput): Promise<EndpointView>;
  remove(workspaceId: string, id: string): Promise<void>;
  /**
   * A new secret; the live ones keep signing for 24 hours of emulator time.
   * @throws PlatformError WebhookTooManySecrets when 5 are live already.
   */
  rotateSecret(workspaceId: string, id: string): Promise<{ secret: string }>;
}

export function createEndpointService(options: EndpointServiceOptions): EndpointService {
  const { store, catalogue, clock, random } = options;
  // Under a seed, secrets too come from it, so a seeded run signs byte for byte the same.
  const makeSecret = options.newSecret ?? (() => newSecret(random.bytes(24)));
  // Endpoints created in one millisecond list in creation order: ties on a sort key go by id.
  const newId = monotonicIds(random, 'whk');
  const notify = (type: Parameters<SubscriberChange>[0], endpoint: Endpoint) =>
    options.onChange?.(type, 'platform', endpointListing(endpoint));

  const get = (workspaceId: string, id: string): Endpoint => {
    const endpoint = store.get(id);
    if (!endpoint || endpoint.workspace_id !== workspaceId) {
      throw new PlatformError('WebhookNotFound', `Webhook endpoint ${id} was not found in this workspace.`);
    }
    return endpoint;
  };

  /** The URL and event rules zod cannot express: Bird's URL rule and the catalogue. */
  const checkFields = (input: { url?: string | undefined; events?: readonly string[] | undefined }) => {
    const details: ParamDetail[] = [];
    if (input.url !== undefined) {
      const refusal = checkSubscriptionUrl(input.url, { strict: options.strictUrls });
      if (refusal) details.push({ param: 'url', message: refusal });
    }
    input.events?.forEach((type, index) => {
      if (!catalogue.find(type))
        details.push({ param: `events[${index}]`, message: `must be an event type of the catalog (${type} is not)` });
    });
    if (details.length === 1) throw invalidParam((details[0] as ParamDetail).param, (details[0] as ParamDetail).message);
    if (details.length > 1) throw new PlatformError('ValidationError', 'Request validation failed; see details.', details);
  };

  return {
    list(workspaceId, query) {
      const rows = store
        .inWorkspace(workspaceId)
        .map((endpoint) => ({ id: endpoint.id, key: query.sort === 'url' ? endpoint.url : endpoint.created_at, endpoint }));
      return cursorPage(rows, query, (row) => endpointView(row.endpoint));
    },

    get,

    async create(workspaceId, input) {
      checkFields(input);
      const ms = clock.now();
      const now = isoTimestamp(ms);
      const secret = makeSecret();
      const endpoint: Endpoint = {
        id: newId(ms),
        workspace_id: workspaceId,
        url: input.url,
        // An empty label is no label: Bird's `WebhookEndpoint.description` has minLength 1.
        ...(input.description && { description: input.description }),
        events: unique(input.events),
        status: 'active',
        secrets: [{ secret, created_at: now }],
        failures: { consecutive: 0 },
        created_at: now,
        updated_at: now,
      };
      await store.put(endpoint);
      notify('subscription.created', endpoint);
      return { ...endpointView(endpoint), secret };
    },

    async update(workspaceId, id, input) {
      checkFields(input);
      const current = get(workspaceId, id);
      let next: Endpoint = current;
      if (input.url !== undefined) next = { ...next, url: input.url };
      if (input.events !== undefined) next = { ...next, events: unique(input.events) };
      if (input.description !== undefined) {
        const { description: _old, ...rest } = next;
        next = input.description === '' ? rest : { ...rest, description: input.description };
      }
      // "A degraded endpoint cannot be reset through this field": `active` re-enables a paused one only.
      if (input.status === 'paused' || (input.status === 'active' && next.status === 'paused'))
        next = withStatusSetByHand(next, input.status);
      if (sameEndpoint(next, current)) return endpointView(current);
      next = { ...next, updated_at: isoTimestamp(clock.now()) };
      await store.put(next);
      notify('subscription.updated', next);
      return endpointView(next);
    },

    async remove(workspaceId, id) {
      const current = get(workspaceId, id);
      await store.remove(id);
      notify('subscription.deleted', current);
    },

    async rotateSecret(workspaceId, id) {
      const current = get(workspaceId, id);
      const now = clock.now();
      const live = current.secrets.filter((s) => isLive(s, now));
      if (live.length >= MAX_LIVE_SECRETS) {
        throw new PlatformError(
          'WebhookTooManySecrets',
          `This endpoint already has ${MAX_LIVE_SECRETS} valid signing secrets; rotate again once the oldest expires (24 hours after the rotation that replaced it).`,
        );
      }
      const secret = makeSecret();
      const expiresAt = isoTimestamp(now + SECRET_OVERLAP_MS);
      // Expired secrets are dropped; a secret already expiring keeps its own time.
      const secrets = [{ secret, created_at: isoTimestamp(now) }, ...live.map((s) => ({ ...s, expires_at: s.expires_at ?? expiresAt }))];
      // The endpoint as Bird shows it is unchanged: no `updated_at`, no change notice.
      await store.put({ ...current, secrets });
      return { secret };
    },
  };
}

/** The secrets that sign a delivery made at `now`, newest first. */
export function liveSecrets(endpoint: Endpoint, now: number): string[] {
  return endpoint.secrets.filter((s) => isLive(s, now)).map((s) => s.secret);
}

function isLive(secret: Endpoint['secrets'][number], now: number): boolean {
  return secret.expires_at === undefined || Date.parse(secret.expires_at) > now;
}

/** The list without repeats, in first-seen order: `events` is a set of subscriptions. */
function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return JSON.stringify(endpointView(a)) === JSON.stringify(endpointView(b)) && a.failures.consecutive === b.failures.consecutive;
}
