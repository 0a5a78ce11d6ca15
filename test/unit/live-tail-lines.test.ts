import { describe, expect, it } from 'vitest';
import { describeFrame } from '../../src/cli/commands/tail.js';
import type { LiveFrame } from '../../src/views/live-frames.js';
import type { DeliverySummary } from '../../src/views/delivery-views.js';
import type { Subscription } from '../../src/domain/subscription.js';

const AT = '2025-01-01T00:00:00.000Z';
const delivery: DeliverySummary = {
  id: 'del-1',
  api: 'notifications',
  eventId: 'evt-1',
  subscriptionId: 'sub-1',
  event: 'sms.inbound',
  service: 'channels',
  url: 'https://app.example.com/hook',
  status: 'failed',
  attemptCount: 3,
  maxAttempts: 3,
  lastStatusCode: undefined,
  lastError: { code: 'timeout', message: 'no answer in 1000 ms' },
  nextAttemptAt: undefined,
  createdAt: AT,
  updatedAt: AT,
};
const frame = (f: Omit<LiveFrame, 'v' | 'seq' | 'at'>) => ({ v: 1, seq: 1, at: AT, ...f }) as LiveFrame;
// Local time, as tail prints it.
const time = /^\d\d:\d\d:\d\d\.000 {2}/;

describe('tail lines', () => {
  it('shows an attempt without an answer by its error code, and a forwarded one with the URL it stood for', () => {
    const line = describeFrame(
      frame({
        type: 'delivery.attempt',
        data: {
          delivery,
          attempt: {
            attemptNumber: 3,
            destination: 'http://localhost:3000/hook',
            startedAt: AT,
            durationMs: 1000.4,
            outcome: 'failed',
            error: { code: 'timeout', message: 'x' },
          },
        },
      }),
    );
    expect(line).toMatch(time);
    expect(line).toContain(
      '--> [timeout] POST http://localhost:3000/hook (for https://app.example.com/hook)  1000 ms  sms.inbound attempt 3/3  [delivery del-1]',
    );
  });

  it('shows a final failure with its last status or error', () => {
    expect(describeFrame(frame({ type: 'delivery.failed', data: { delivery } }))).toContain(
      '<-- failed sms.inbound https://app.example.com/hook after 3 attempts, last timeout  [delivery del-1]',
    );
    expect(describeFrame(frame({ type: 'delivery.failed', data: { delivery: { ...delivery, lastStatusCode: 502 } } }))).toContain(
      'last 502',
    );
  });

  it('says when an event reached no subscription, and marks subscription changes', () => {
    const event = {
      id: 'evt-9',
      api: 'notifications',
      service: 'channels',
      event: 'sms.inbound',
      firedAt: AT,
      source: 'replay',
      deliveryIds: [],
      matched: 0,
    };
    expect(describeFrame(frame({ type: 'event.fired', data: { event } }))).toContain(
      '*** sms.inbound fired (replay): no subscription matched  [event evt-9]',
    );
    const subscription = {
      id: 'sub-1',
      service: 'channels',
      event: 'sms.inbound',
      url: 'http://localhost:3000/hook',
      status: 'inactive',
    } as Subscription;
    expect(describeFrame(frame({ type: 'subscription.deleted', data: { api: 'notifications', subscription } }))).toContain(
      '--- subscription deleted: channels sms.inbound -> http://localhost:3000/hook (inactive)  [subscription sub-1]',
    );
    const endpoint = {
      id: 'whk_1',
      url: 'http://localhost:3000/bird',
      events: ['email.delivered', 'email.bounced'],
      status: 'degraded' as const,
      workspace_id: 'ws_01krdgeqcxet5s7t44vh8rt9mg',
      secrets: [],
    };
    expect(
      describeFrame(
        frame({ type: 'subscription.updated', data: { api: 'platform', subscription: { ...endpoint, created_at: AT, updated_at: AT } } }),
      ),
    ).toContain('~~~ endpoint updated: email.delivered,email.bounced -> http://localhost:3000/bird (degraded)  [subscription whk_1]');
    expect(describeFrame(frame({ type: 'emulator.reset', data: {} }))).toContain(
      '!!! reset: every subscription, event and delivery removed',
    );
  });
  it('shows a message sent and each step of its lifecycle, a step that could not fire with why', () => {
    const message = {
      id: 'em_1',
      api: 'platform',
      channel: 'email',
      workspaceId: 'ws_1',
      status: 'processed',
      recipients: [{ address: 'a@example.com', status: 'processed', outcome: 'delivered' }],
      fired: 2,
      steps: 3,
      createdAt: AT,
      updatedAt: AT,
    };
    expect(describeFrame(frame({ type: 'message.sent', data: { message: { ...message, status: 'accepted' } } }))).toContain(
      '>>> email sent to a@example.com (platform): accepted  [message em_1]',
    );
    const step = {
      at: AT,
      recipient: 'a@example.com',
      event: 'email.processed',
      status: 'processed',
      messageStatus: 'processed',
      firedAt: AT,
    };
    expect(describeFrame(frame({ type: 'message.status', data: { message, step } }))).toContain(
      '>>> email.processed a@example.com -> processed (message processed)  [message em_1]',
    );
    expect(describeFrame(frame({ type: 'message.status', data: { message, step: { ...step, error: 'refused' } } }))).toContain(
      'email.processed not fired: refused',
    );
  });
});
