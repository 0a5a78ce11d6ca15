import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../src/domain/delivery.js';
import type { Subscription } from '../../src/domain/subscription.js';
import type { Clock } from '../../src/clock/clock.js';
import type { LiveActivity } from '../../src/live/frames.js';
import type { LiveFrame } from '../../src/views/live-frames.js';
import { createLiveFeed, parseReplayQuery } from '../../src/live/live-feed.js';

const START = Date.parse('2025-01-01T00:00:00.000Z');

/** A clock that stands at `at` until moved; the feed sets no timers. */
function fixedClock(at = START): Clock & { at: number } {
  const clock = { at, now: () => clock.at, setTimer: () => () => {} };
  return clock;
}

const subscription = {
  id: 'sub-1',
  service: 'channels',
  event: 'sms.inbound',
  url: 'http://localhost:3000/hook',
  status: 'active',
} as Subscription;
const created = (id = 'sub-1'): LiveActivity => ({
  type: 'subscription.created',
  api: 'notifications',
  subscription: { ...subscription, id },
});

function delivery(overrides: Partial<Delivery> = {}): Delivery {
  return {
    id: 'del-1',
    api: 'notifications',
    eventId: 'evt-1',
    subscriptionId: 'sub-1',
    organizationId: 'org',
    workspaceId: 'ws',
    service: 'channels',
    event: 'sms.inbound',
    url: 'http://localhost:3000/hook',
    status: 'pending',
    request: { headers: { 'messagebird-signature': 'secret-ish' }, body: '{"payload":{"secret":1}}' },
    attempts: [],
    maxAttempts: 3,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

function collect() {
  const frames: LiveFrame[] = [];
  const texts: string[] = [];
  return {
    frames,
    texts,
    send: (json: string, frame: LiveFrame) => {
      texts.push(json);
      frames.push(frame);
    },
  };
}

describe('createLiveFeed', () => {
  it('numbers frames 1, 2, 3…, stamps them with the emulator clock and sends hello first', () => {
    const clock = fixedClock();
    const feed = createLiveFeed({ clock, replay: 10 });
    const client = collect();
    feed.subscribe(client.send);
    feed.publish(created('a'));
    clock.at = START + 1500;
    feed.publish(created('b'));

    expect(client.frames.map((f) => [f.seq, f.type, f.at])).toEqual([
      [0, 'hello', '2025-01-01T00:00:00.000Z'],
      [1, 'subscription.created', '2025-01-01T00:00:00.000Z'],
      [2, 'subscription.created', '2025-01-01T00:00:01.500Z'],
    ]);
    expect(client.frames[0]).toEqual({
      v: 1,
      seq: 0,
      type: 'hello',
      at: expect.any(String),
      data: { version: expect.any(String), replayed: 0, lastSeq: 0 },
    });
    expect(client.texts.map((t) => JSON.parse(t))).toEqual(client.frames);
    expect(feed.lastSeq()).toBe(2);
  });

  it('keeps the newest frames in a ring and replays them by count or after a seq', () => {
    const feed = createLiveFeed({ clock: fixedClock(), replay: 3 });
    for (let i = 1; i <= 5; i += 1) feed.publish(created(`s${i}`));
    expect(feed.recent().map((f) => f.seq)).toEqual([3, 4, 5]);

    const seqsFor = (options: Parameters<typeof feed.subscribe>[1]) => {
      const client = collect();
      feed.subscribe(client.send, options);
      return client.frames.map((f) => f.seq);
    };
    expect(seqsFor({})).toEqual([0]);
    expect(seqsFor({ replay: 2 })).toEqual([0, 4, 5]);
    expect(seqsFor({ replay: 50 })).toEqual([0, 3, 4, 5]);
    expect(seqsFor({ since: 4 })).toEqual([0, 5]);
    expect(seqsFor({ since: 5 })).toEqual([0]);
    expect(seqsFor({ since: 1 })).toEqual([0, 3, 4, 5]);
    // From an earlier run (numbering restarted): every kept frame.
    expect(seqsFor({ since: 99 })).toEqual([0, 3, 4, 5]);

    const hello = collect();
    feed.subscribe(hello.send, { since: 3 });
    expect(hello.frames[0]?.data).toMatchObject({ replayed: 2, lastSeq: 5 });
  });

  it('keeps nothing with replay 0, and clear() forgets the kept frames without restarting the numbering', () => {
    const none = createLiveFeed({ clock: fixedClock(), replay: 0 });
    none.publish(created());
    expect(none.recent()).toEqual([]);

    const feed = createLiveFeed({ clock: fixedClock(), replay: 5 });
    feed.publish(created());
    feed.publish(created());
    feed.clear();
    expect(feed.recent()).toEqual([]);
    feed.publish(created());
    expect(feed.recent().map((f) => f.seq)).toEqual([3]);
  });

  it('stops sending to an unsubscribed client and drops one that throws, without failing publish', () => {
    const feed = createLiveFeed({ clock: fixedClock(), replay: 5 });
    const leaving = collect();
    const staying = collect();
    let thrown = 0;
    const unsubscribe = feed.subscribe(leaving.send);
    feed.subscribe(() => {
      thrown += 1;
      throw new Error('broken viewer');
    });
    feed.subscribe(staying.send);
    unsubscribe();
    expect(() => feed.publish(created())).not.toThrow();
    feed.publish(created());
    expect(leaving.frames).toHaveLength(1);
    expect(staying.frames.map((f) => f.seq)).toEqual([0, 1, 2]);
    expect(thrown).toBe(1);
  });

  it('builds each frame when the activity happens, from the delivery record it carries', () => {
    const feed = createLiveFeed({ clock: fixedClock(), replay: 5 });
    const attempt = {
      attemptNumber: 1,
      destination: 'http://localhost:3000/hook',
      startedAt: '2025-01-01T00:00:00.000Z',
      durationMs: 12.5,
      outcome: 'failed' as const,
      response: { status: 503, headers: { a: 'b' }, body: 'down', bodyTruncated: false },
    };
    const afterFirst = delivery({ attempts: [attempt] });
    feed.publish({ type: 'delivery.attempt', delivery: afterFirst, attempt });
    const timedOut = { ...attempt, attemptNumber: 2, response: undefined, error: { code: 'timeout' as const, message: 'no answer' } };
    feed.publish({ type: 'delivery.failed', delivery: delivery({ attempts: [attempt, timedOut], status: 'failed' }) });

    const [first, last] = feed.recent();
    expect(first?.data).toEqual({
      delivery: expect.objectContaining({ id: 'del-1', status: 'pending', attemptCount: 1, lastStatusCode: 503, maxAttempts: 3 }),
      attempt: {
        attemptNumber: 1,
        destination: 'http://localhost:3000/hook',
        startedAt: '2025-01-01T00:00:00.000Z',
        durationMs: 12.5,
        outcome: 'failed',
        status: 503,
      },
    });
    expect(last?.data).toEqual({
      delivery: expect.objectContaining({ status: 'failed', attemptCount: 2, lastError: { code: 'timeout', message: 'no answer' } }),
    });
    expect(JSON.stringify(feed.recent())).not.toMatch(/secret|down/);
  });

  it('summarises a fired event without its payload', () => {
    const feed = createLiveFeed({ clock: fixedClock(), replay: 5 });
    feed.publish({
      type: 'event.fired',
      result: {
        event: {
          id: 'evt-1',
          api: 'notifications',
          service: 'channels',
          event: 'sms.inbound',
          payload: { big: 'x'.repeat(1000) },
          firedAt: '2025-01-01T00:00:00.000Z',
          source: 'api',
          deliveryIds: ['d1', 'd2'],
        },
        deliveries: [],
      },
    });
    expect(feed.recent()[0]?.data).toEqual({
      event: {
        id: 'evt-1',
        api: 'notifications',
        service: 'channels',
        event: 'sms.inbound',
        firedAt: '2025-01-01T00:00:00.000Z',
        source: 'api',
        deliveryIds: ['d1', 'd2'],
        matched: 2,
      },
    });
  });
});

describe('parseReplayQuery', () => {
  it('reads since or replay as whole numbers', () => {
    expect(parseReplayQuery(new URLSearchParams(''))).toEqual({});
    expect(parseReplayQuery(new URLSearchParams('since=0'))).toEqual({ since: 0 });
    expect(parseReplayQuery(new URLSearchParams('replay=25&other=x'))).toEqual({ replay: 25 });
  });

  it.each(['since=-1', 'since=abc', 'replay=1.5', 'replay=', 'replay=1e3', 'since=1&replay=1', 'since=9999999999999999'])(
    'refuses %s',
    (query) => {
      expect(() => parseReplayQuery(new URLSearchParams(query))).toThrow(expect.objectContaining({ code: 'BadRequest' }));
    },
  );
});
