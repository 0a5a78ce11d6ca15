import { describe, expect, it } from 'vitest';
import type { SendAttempt } from '../../src/delivery/attempt.js';
import { BASE, CHANNEL_ID, RFC3339_MS_Z, WS, useBirdClient, type BirdPage } from '../helpers/bird-client.js';

const LIST = `${BASE}/webhook-subscriptions`;

/** Answers every attempt with `status` without opening a socket. */
const answering =
  (status: number): SendAttempt =>
  async ({ attemptNumber, destination }) => ({
    attemptNumber,
    destination,
    startedAt: new Date().toISOString(),
    durationMs: 1,
    outcome: status >= 200 && status < 300 ? 'succeeded' : 'failed',
    response: { status, headers: {}, body: `answered ${status}`, bodyTruncated: false },
  });

interface LogRow {
  requestId: string;
  attemptCount: number;
  httpStatusCode: number;
  executionStatus: string;
  createdAt: string;
}

describe('webhook subscription logs after a delivery', () => {
  const bird = useBirdClient({}, () => ({ send: answering(200) }));

  const deliverOne = async () => {
    const sub = await bird().create();
    const fired = await bird().emulator.firing.fire({ event: 'sms.outbound', workspaceId: WS, payload: { channelId: CHANNEL_ID } });
    expect(fired.deliveries).toHaveLength(1);
    await bird().emulator.idle();
    return { sub, requestId: fired.deliveries[0]?.id ?? '' };
  };

  it('lists one row per request in Bird’s shape', async () => {
    const { sub, requestId } = await deliverOne();
    const response = await bird().get<BirdPage<LogRow>>(`${LIST}/${sub.id}/logs`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      results: [
        { requestId, attemptCount: 1, httpStatusCode: 200, executionStatus: 'succeeded', createdAt: expect.stringMatching(RFC3339_MS_Z) },
      ],
    });
    expect((await bird().get(`${LIST}/${sub.id}/logs?executionStatus=failed`)).body).toEqual({ results: [] });
  });

  it('details list one row per attempt, and accept the request id in upper case', async () => {
    const { sub, requestId } = await deliverOne();
    for (const id of [requestId, requestId.toUpperCase()]) {
      const response = await bird().get<{ results: Record<string, unknown>[] }>(`${LIST}/${sub.id}/logs/details?requestId=${id}`);
      expect(response.status, response.text).toBe(200);
      expect(response.body.results).toHaveLength(1);
      expect(response.body.results[0]).toMatchObject({
        organizationId: sub.organizationId,
        workspaceId: sub.workspaceId,
        subscriptionId: sub.id,
        requestId,
        attemptCount: 1,
        httpStatusCode: 200,
        executionStatus: 'succeeded',
        payloadDetails: { request: expect.stringContaining('"sms.outbound"'), response: 'answered 200' },
      });
    }
  });

  it('a request of one subscription is a 404 under another', async () => {
    const { requestId } = await deliverOne();
    const other = await bird().create({ event: 'sms.inbound' });
    expect((await bird().get(`${LIST}/${other.id}/logs/details?requestId=${requestId}`)).status).toBe(404);
  });
});
