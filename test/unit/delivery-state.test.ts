import { describe, expect, it } from 'vitest';
import { dueAt, nextDeliveryState } from '../../src/delivery/delivery-state.js';
import {
  DeliverySchema,
  withAttempt,
  withOutcome,
  withState,
  type Attempt,
  type Delivery,
  type DeliveryState,
} from '../../src/domain/delivery.js';

const T0 = Date.parse('2025-06-22T19:05:31.240Z');
const iso = (ms: number) => new Date(ms).toISOString();

function delivery(attempts: number, maxAttempts = 3): Delivery {
  return {
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
    request: { headers: {}, body: '{}' },
    attempts: Array.from({ length: attempts }, (_, i) => attempt('failed', i + 1)),
    maxAttempts,
    createdAt: iso(T0),
    updatedAt: iso(T0),
  };
}

function attempt(outcome: Attempt['outcome'], attemptNumber = 1): Attempt {
  return { attemptNumber, destination: 'http://127.0.0.1:1/hook', startedAt: iso(T0), durationMs: 3, outcome };
}

describe('nextDeliveryState', () => {
  const delays = [1_000, 5_000];

  it('succeeds on a succeeded attempt, whatever attempts are left', () => {
    expect(nextDeliveryState(delivery(0), attempt('succeeded'), delays, T0)).toEqual({ status: 'succeeded', updatedAt: iso(T0) });
    expect(nextDeliveryState(delivery(2), attempt('succeeded', 3), delays, T0)).toEqual({ status: 'succeeded', updatedAt: iso(T0) });
  });

  it('stays pending after a failed first attempt, the first gap later', () => {
    expect(nextDeliveryState(delivery(0), attempt('failed'), delays, T0)).toEqual({
      status: 'pending',
      nextAttemptAt: iso(T0 + 1_000),
      updatedAt: iso(T0),
    });
  });

  it('takes the gap of the retry that comes next', () => {
    expect(nextDeliveryState(delivery(1), attempt('failed', 2), delays, T0)).toMatchObject({ nextAttemptAt: iso(T0 + 5_000) });
  });

  it('fails once the last allowed attempt fails', () => {
    expect(nextDeliveryState(delivery(2), attempt('failed', 3), delays, T0)).toEqual({ status: 'failed', updatedAt: iso(T0) });
    expect(nextDeliveryState(delivery(0, 1), attempt('failed'), [], T0)).toEqual({ status: 'failed', updatedAt: iso(T0) });
  });

  it('repeats the last gap when the schedule is shorter than the attempts the delivery was given', () => {
    // Made under a longer schedule, resumed under a shorter one (the option changed between runs).
    expect(nextDeliveryState(delivery(3, 6), attempt('failed', 4), delays, T0)).toMatchObject({ nextAttemptAt: iso(T0 + 5_000) });
    expect(nextDeliveryState(delivery(0, 6), attempt('failed'), [], T0)).toMatchObject({ nextAttemptAt: iso(T0) });
  });
});

describe('withAttempt and withState', () => {
  it('return new records, leaving the old one as it was', () => {
    const before = delivery(0);
    const frozen = structuredClone(before);
    const pending = withState(withAttempt(before, attempt('failed')), {
      status: 'pending',
      nextAttemptAt: iso(T0 + 1),
      updatedAt: iso(T0),
    });
    expect(before).toEqual(frozen);
    expect(pending).toMatchObject({ status: 'pending', nextAttemptAt: iso(T0 + 1), attempts: [{ outcome: 'failed' }] });
    const done = withState(withAttempt(pending, attempt('succeeded', 2)), { status: 'succeeded', updatedAt: iso(T0 + 2) });
    expect(done).not.toHaveProperty('nextAttemptAt');
    expect(done.attempts).toHaveLength(2);
    expect(pending.attempts).toHaveLength(1);
  });
});

describe('withOutcome', () => {
  it('is withState(withAttempt(…)) as one new record', () => {
    const states: DeliveryState[] = [
      { status: 'pending', nextAttemptAt: iso(T0 + 1), updatedAt: iso(T0) },
      { status: 'succeeded', updatedAt: iso(T0 + 2) },
      { status: 'failed', updatedAt: iso(T0 + 3) },
      { status: 'failed', updatedAt: iso(T0 + 4), reason: 'the endpoint was deleted' },
    ];
    const { organizationId: _o, service: _s, ...platform } = { ...delivery(1), api: 'platform' as const, redeliveryOf: 'd0' };
    const retried: Delivery = { ...delivery(1), nextAttemptAt: iso(T0 - 1), reason: 'earlier' };
    for (const before of [delivery(0), delivery(2), platform, retried]) {
      const frozen = structuredClone(before);
      for (const state of states) {
        for (const made of [attempt('failed', before.attempts.length + 1), undefined]) {
          const expected = withState(made ? withAttempt(before, made) : before, state);
          expect(withOutcome(before, made, state)).toEqual(expected);
          expect(JSON.parse(JSON.stringify(withOutcome(before, made, state)))).toStrictEqual(JSON.parse(JSON.stringify(expected)));
        }
      }
      expect(before).toEqual(frozen);
    }
  });

  it('keeps every field of the record: a field added to DeliverySchema must be added to withOutcome', () => {
    const full: Delivery = { ...delivery(1), nextAttemptAt: iso(T0 + 1), reason: 'earlier', redeliveryOf: 'd0' };
    expect(Object.keys(full).sort()).toEqual(Object.keys(DeliverySchema.shape).sort());
    const pending: DeliveryState = { status: 'pending', nextAttemptAt: iso(T0 + 2), updatedAt: iso(T0 + 1) };
    expect(Object.keys(withOutcome(full, undefined, pending)).sort()).toEqual(Object.keys(DeliverySchema.shape).sort());
  });
});

describe('dueAt', () => {
  it('is the next attempt time of a retried delivery, and now for one never tried', () => {
    expect(dueAt({ ...delivery(1), nextAttemptAt: iso(T0 + 9) }, T0)).toBe(T0 + 9);
    expect(dueAt(delivery(0), T0)).toBe(T0);
  });
});
