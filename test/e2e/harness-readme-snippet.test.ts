import { expect, it } from 'vitest';
import { createReceiver, startEmulator } from '../../src/index.js';

// The first snippet of the README's "Use it in tests", statement for statement: it must stay true.
it('does what the README snippet says', async () => {
  const bird = await startEmulator({ clock: 'virtual', seed: 1 });
  const app = await createReceiver({ signingKey: 'k', fail: 2 });
  try {
    await bird.subscribe({ service: 'channels', event: 'email.outbound', url: `${app.url}/hook`, signingKey: 'k' });
    await bird.trigger('email.outbound', { payload: { status: 'delivery_failed', reason: 'bounceHard' } });
    await bird.clock.advance(60_000);
    const delivery = await bird.waitForDelivery({ event: 'email.outbound', status: 'succeeded' });
    expect(delivery.attempts.map((a) => a.response?.status)).toEqual([500, 500, 200]);
    expect(app.requests.every((r) => r.signatureValid)).toBe(true);
    await bird.reset();
    expect(bird.deliveries()).toEqual([]);
  } finally {
    await bird.close();
    await app.close();
  }
});
