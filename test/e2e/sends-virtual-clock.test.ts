import { BirdClient } from '@messagebird/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createReceiver, startEmulator } from '../../src/index.js';
import { useCleanup } from '../helpers/cleanup.js';

/**
 * On the virtual clock a send's whole lifecycle (deferrals and retries included) runs when the test
 * advances time, in milliseconds of real time, and under a seed it is the same bytes every run.
 */
const track = useCleanup();
afterEach(() => {
  vi.useRealTimers();
});

/** One app run: an endpoint, an e-mail to three sandbox addresses, an SMS and a WhatsApp message, then time advanced. */
async function run() {
  const emulator = track(await startEmulator({ clock: 'virtual', seed: 'sends' }));
  const receiver = track(await createReceiver());
  const bird = new BirdClient({ apiKey: emulator.platform.apiKey, baseUrl: emulator.platform.baseUrl, maxRetries: 0 });
  const endpoint = await bird.webhooks.create({
    url: `${receiver.url}/webhooks/bird`,
    events: [
      'email.accepted',
      'email.processed',
      'email.deferred',
      'email.delivered',
      'email.bounced',
      'sms.sent',
      'sms.delivered',
      'whatsapp.delivered',
    ],
  });
  const email = await bird.email.send({
    from: 'hello@acme.test',
    to: ['delivered@messagebird.dev', 'bounce@messagebird.dev', 'deferred@messagebird.dev'],
    subject: 'Hello',
    text: 'Hello',
  });
  await bird.sms.send({ to: '+14155550100', from: '+15557654321', text: 'Hello', category: 'transactional' });
  await bird.whatsapp.send({ to: '+31612345678', from: '+13124495648', text: { body: 'Hello' } });

  const started = performance.now();
  await emulator.clock.advance(60_000);
  const realMs = performance.now() - started;
  return { emulator, bird, endpoint, email, receiver, realMs, bodies: receiver.requests.map((r) => r.rawBody.toString('utf8')) };
}

describe('sends on the virtual clock', () => {
  it('run the whole lifecycle in milliseconds, each webhook verifiable at emulator time, byte-identical under a seed', async () => {
    const first = await run();
    const second = await run();

    expect(first.realMs).toBeLessThan(5_000);
    const types = first.bodies.map((b) => (JSON.parse(b) as { type: string }).type);
    expect(types.filter((t) => t.startsWith('email.'))).toHaveLength(10);
    // A deferred recipient is retried three steps later and then delivered.
    const deferred = first.bodies
      .map((b) => JSON.parse(b) as { type: string; data: { recipient?: string } })
      .filter((e) => e.data.recipient === 'deferred@messagebird.dev')
      .map((e) => e.type);
    expect(deferred).toEqual(['email.accepted', 'email.processed', 'email.deferred', 'email.delivered']);
    expect(types).toContain('sms.delivered');
    expect(types).toContain('whatsapp.delivered');

    // Timestamps follow emulator time: a verifier whose clock is the emulator's accepts every one.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(first.emulator.clock.now());
    for (const request of first.receiver.requests) {
      const event = first.bird.webhooks.unwrap(request.rawBody.toString('utf8'), request.headers as Record<string, string>, {
        secret: first.endpoint.secret,
      });
      expect(event.type).toMatch(/^(email|sms|whatsapp)\./);
    }
    vi.useRealTimers();

    expect(second.email.id).toBe(first.email.id);
    // The events of one instant (three recipients accepted together) are delivered at once, as Bird
    // would, so they may arrive in either order; the bodies are the same bytes.
    expect([...second.bodies].sort()).toEqual([...first.bodies].sort());
    expect((await first.bird.email.get(first.email.id)).status).toBe('partial_failure');
  });
});
