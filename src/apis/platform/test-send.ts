import type { Catalogue } from '../../catalogue/types.js';
import { isoTimestamp, type Clock } from '../../clock/clock.js';
import type { ForwardRule } from '../../config.js';
import type { SendAttempt } from '../../delivery/attempt.js';
import { forwardedDestination } from '../../delivery/forwarding.js';
import type { Endpoint } from '../../domain/endpoint.js';
import type { Random } from '../../random.js';
import { standardWebhookHeaders } from '../../signing/standard-webhooks.js';
import { shownBody } from './delivery-log.js';
import { liveSecrets } from './endpoint-service.js';
import { envelopeTimestamp } from './envelope.js';
import { invalidParam, PlatformError } from './errors.js';
import { typedId } from './ids.js';

/** "The receiver has 10 seconds" (research §1.7). */
export const TEST_TIMEOUT_MS = 10_000;

/** Bird's `WebhookTestResponse`. */
export interface WebhookTestResponse {
  status: 'delivered' | 'failed';
  response_status_code: number | null;
  response_body?: string;
  response_duration_ms: number;
  error?: string;
}

export interface TestSendOptions {
  catalogue: Catalogue;
  clock: Clock;
  random: Random;
  /** One HTTP attempt; never throws. */
  send: SendAttempt;
  /** `--forward` rules: the test goes where a delivery to the endpoint would. @default [] */
  forward?: readonly ForwardRule[] | undefined;
}

/**
 * `POST /v1/webhooks/{id}/test` (research §1.7): sends `{type, timestamp, data: {}}`, signed like a
 * delivery with every live secret, and answers the outcome. It reaches a paused endpoint, is not
 * recorded (no attempt, no history) and leaves the endpoint's health alone.
 * @throws PlatformError ValidationError for an event type outside the catalogue;
 * WebhookTestEventTypeRequired when none is given and the endpoint lists none.
 */
export function createTestSender(options: TestSendOptions): (endpoint: Endpoint, eventType?: string) => Promise<WebhookTestResponse> {
  const { catalogue, clock, random, send } = options;
  return async (endpoint, eventType) => {
    if (eventType !== undefined && !catalogue.find(eventType)) {
      throw invalidParam('event_type', `must be an event type of the catalog (${eventType} is not)`);
    }
    const type = eventType ?? endpoint.events[0];
    if (type === undefined) {
      throw new PlatformError('WebhookTestEventTypeRequired', 'Give event_type: this endpoint is subscribed to no event type.');
    }
    const now = clock.now();
    const body = JSON.stringify({ type, timestamp: envelopeTimestamp(isoTimestamp(now)), data: {} });
    const id = typedId(random, 'msg', now);
    const signed = standardWebhookHeaders({ id, timestamp: Math.floor(now / 1000), body, secrets: liveSecrets(endpoint, now) });
    const attempt = await send({
      attemptNumber: 1,
      destination: forwardedDestination(endpoint.url, options.forward ?? []),
      headers: { 'content-type': 'application/json', ...signed },
      body,
      timeoutMs: TEST_TIMEOUT_MS,
    });
    const shown = attempt.response ? shownBody(attempt.response.body) : '';
    return {
      status: attempt.outcome === 'succeeded' ? 'delivered' : 'failed',
      response_status_code: attempt.response?.status ?? null,
      ...(shown !== '' && { response_body: shown }),
      response_duration_ms: Math.round(attempt.durationMs),
      ...(!attempt.response && { error: attempt.error?.message ?? 'the endpoint could not be reached' }),
    };
  };
}
