import { describe, expect, it } from 'vitest';
import { notificationsEnvelope } from '../../src/apis/notifications/envelope.js';
import { createVirtualClock } from '../../src/clock/virtual-clock.js';
import type { AttemptRequest, SendAttempt } from '../../src/delivery/attempt.js';
import { createDialectRegistry, type DeliveryDialect } from '../../src/delivery/dialect.js';
import { createDispatcher } from '../../src/delivery/dispatcher.js';
import type { Delivery } from '../../src/domain/delivery.js';
import type { FiredEvent } from '../../src/domain/event.js';
import { openHistoryStore, type HistoryStore } from '../../src/store/history-store.js';

const AT = '2025-01-01T00:00:00.000Z';

/** The parts of a dialect the dispatcher uses: the retry schedule, per-attempt headers, health. */
const dialect = {
  api: 'notifications',
  retryDelays: () => [1_000, 1_000],
} as Partial<DeliveryDialect> as DeliveryDialect;

const event: FiredEvent = {
  id: 'e1',
  api: 'notifications',
  service: 'channels',
  event: 'sms.inbound',
  payload: {},
  firedAt: AT,
  source: 'api',
  deliveryIds: ['d1'],
};
const delivery: Delivery = {
  id: 'd1',
  api: 'notifications',
  eventId: 'e1',
  subscriptionId: 's1',
  organizationId: 'o1',
  workspaceId: 'w1',
  service: 'channels',
  event: 'sms.inbound',
  url: 'http://127.0.0.1:1/hook',
  status: 'pending',
  request: { headers: { 'messagebird-request-id': 'd1' }, body: notificationsEnvelope.encode(event) },
  attempts: [],
  maxAttempts: 3,
  createdAt: AT,
  updatedAt: AT,
};

/** A store whose reads hand out deep copies: what a careful newcomer might make `getDelivery` do. */
function copyingReads(history: HistoryStore): HistoryStore {
  return {
    ...history,
    getDelivery: (id) => structuredClone(history.getDelivery(id)),
    deliveries: (query) => history.deliveries(query).map((d) => structuredClone(d)),
    pending: () => history.pending().map((d) => structuredClone(d)),
  };
}

describe('the dispatcher', () => {
  it('works from the records the store returns, so copies of them change nothing', async () => {
    const clock = createVirtualClock(Date.parse(AT));
    const history = copyingReads(
      await openHistoryStore({
        storage: { kind: 'memory' },
        limit: 100,
        codec: {
          encode: notificationsEnvelope.encode,
          decode: (_api, body) => notificationsEnvelope.decode(body),
          payloadText: notificationsEnvelope.payloadText,
          perRequestHeaders: new Set(),
        },
      }),
    );
    const sent: AttemptRequest[] = [];
    const send: SendAttempt = async (request) => {
      sent.push(request);
      const ok = sent.length === 2;
      return {
        attemptNumber: request.attemptNumber,
        destination: request.destination,
        startedAt: new Date(clock.now()).toISOString(),
        durationMs: 1,
        outcome: ok ? 'succeeded' : 'failed',
        response: { status: ok ? 200 : 503, headers: {}, body: '', bodyTruncated: false },
      };
    };
    const activity: string[] = [];
    const dispatcher = createDispatcher({
      history,
      clock,
      send,
      dialects: createDialectRegistry([dialect]),
      retrySchedule: 'fast',
      attemptTimeoutMs: 1_000,
      forward: [],
      onActivity: (a) => activity.push(`${a.type} ${a.delivery.status} ${a.delivery.attempts.length}`),
    });
    clock.settleWith(() => dispatcher.idle());
    const [stored] = history.addEvent(event, delivery.request.body, [delivery]);
    dispatcher.start([stored as Delivery]);
    await dispatcher.idle();
    await clock.advance(1_000);

    expect(sent.map((r) => r.attemptNumber)).toEqual([1, 2]);
    expect(history.getDelivery('d1')).toMatchObject({ status: 'succeeded', attempts: [{ outcome: 'failed' }, { outcome: 'succeeded' }] });
    expect(activity).toEqual([
      'delivery.attempt pending 1',
      'delivery.retry_scheduled pending 1',
      'delivery.attempt succeeded 2',
      'delivery.succeeded succeeded 2',
    ]);
    // The first record, as it was handed out, is still the record of a delivery never tried.
    expect(stored).toMatchObject({ status: 'pending', attempts: [] });
  });
});
