import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock/clock.js';
import { createReceiver, type Receiver } from '../../src/harness/receiver.js';
import { BIRD, startTestEmulator, type TestEmulator } from '../helpers/emulator-server.js';
import { deadPort } from '../helpers/dead-port.js';

/** Time stands still, so every delivery has the same createdAt and only the id orders them. */
const FROZEN = Date.UTC(2025, 5, 22, 19, 5, 31, 240);
const clock: Clock = {
  now: () => FROZEN,
  setTimer(callback, delayMs) {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    return () => clearTimeout(timer);
  },
};

let receiver: Receiver;
let emu: TestEmulator;
let okSub: string;
let deadSub: string;
let okIds: string[];
let deadIds: string[];

beforeAll(async () => {
  receiver = await createReceiver();
  emu = await startTestEmulator({ retrySchedule: [] }, { deps: { clock } });
  okSub = (await emu.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/ok` })).id;
  deadSub = (await emu.subscribe({ service: 'channels', event: 'sms.inbound', url: `http://127.0.0.1:${await deadPort()}/dead` })).id;
  const fired = await Promise.all(Array.from({ length: 25 }, () => emu.fire({ event: 'sms.inbound' })));
  const all = fired.flatMap((f) => f.deliveries);
  await Promise.all(all.map((d) => emu.settled(d.id)));
  okIds = all.filter((d) => d.subscriptionId === okSub).map((d) => d.id);
  deadIds = all.filter((d) => d.subscriptionId === deadSub).map((d) => d.id);
});
afterAll(async () => {
  await Promise.all([emu?.close(), receiver?.close()]);
});

async function allPages(subscriptionId: string, query = ''): Promise<{ requestId: string; executionStatus: string }[]> {
  const rows = [];
  let token: string | undefined;
  for (let page = 0; page < 20; page++) {
    const params = new URLSearchParams(query);
    if (token) params.set('pageToken', token);
    const { status, body } = await emu.api.get(`${BIRD}/webhook-subscriptions/${subscriptionId}/logs?${params}`);
    expect(status).toBe(200);
    rows.push(...body.results);
    token = body.nextPageToken;
    if (!token) return rows;
  }
  throw new Error('more than 20 pages');
}

describe('GET /webhook-subscriptions/{id}/logs', () => {
  it('pages through every request exactly once, even when they share a creation time', async () => {
    const rows = await allPages(okSub, 'limit=10');
    expect(rows).toHaveLength(25);
    expect(rows.map((r) => r.requestId).sort()).toEqual([...okIds].sort());
  });

  it('filters by executionStatus and keeps each subscription to its own requests', async () => {
    expect(await allPages(okSub, 'executionStatus=failed')).toEqual([]);
    const failed = await allPages(deadSub, 'executionStatus=failed&limit=7');
    expect(failed.map((r) => r.requestId).sort()).toEqual([...deadIds].sort());
    expect(failed.every((r) => r.executionStatus === 'failed')).toBe(true);
  });

  it("answers 404 for the details of another subscription's request, and 422 for a request id that is not a UUID", async () => {
    const other = await emu.api.get(`${BIRD}/webhook-subscriptions/${okSub}/logs/details?requestId=${deadIds[0]}`);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('NotFound');
    const bad = await emu.api.get(`${BIRD}/webhook-subscriptions/${okSub}/logs/details?requestId=nope`);
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.details)).toEqual(['.query.requestId']);
    const dead = await emu.api.get(`${BIRD}/webhook-subscriptions/${deadSub}/logs/details?requestId=${deadIds[0]}`);
    expect(dead.body.results).toEqual([expect.objectContaining({ httpStatusCode: 0, executionStatus: 'failed', attemptCount: 1 })]);
  });
});
