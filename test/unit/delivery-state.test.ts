import { describe, expect, it } from 'vitest';
import { dueAt, nextDeliveryState } from '../../src/delivery/delivery-state.js';
import { withAttempt, withState, type Attempt, type Delivery } from '../../src/domain/delivery.js';

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

describe('dueAt', () => {
  it('is the next attempt time of a retried delivery, and now for one never tried', () => {
    expect(dueAt({ ...delivery(1), nextAttemptAt: iso(T0 + 9) }, T0)).toBe(T0 + 9);
    expect(dueAt(delivery(0), T0)).toBe(T0);
  });
});
