import { BirdClient } from '@messagebird/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createReceiver, diagnoseStandardWebhook, startEmulator, type StartedEmulator } from '../../src/index.js';
import { newSecret } from '../../src/signing/standard-webhooks.js';
import { useCleanup } from '../helpers/cleanup.js';

const track = useCleanup();
afterEach(() => {
  vi.useRealTimers();
});

/**
 * Adds a platform API endpoint straight to the emulator's store.
 * @note Until the `/v1/webhooks` routes land, the store is the only way in.
 */
async function addEndpoint(emulator: StartedEmulator, url: string, secrets: { secret: string; expires?: number }[], n = 0) {
  const now = new Date(emulator.clock.now()).toISOString();
  await emulator.emulator.platform.store.put({
    id: `whk_01krdgeqcxet5s7t44vh8rt9m${n}`,
    workspace_id: 'ws_01krdgeqcxet5s7t44vh8rt9mg',
    url,
    events: ['email.delivered'],
    status: 'active',
    secrets: secrets.map(({ secret, expires }) => ({
      secret,
      created_at: now,
      ...(expires !== undefined && { expires_at: new Date(expires).toISOString() }),
    })),
    failures: { consecutive: 0 },
    created_at: now,
    updated_at: now,
  });
}

const unwrap = (secret: string, body: Buffer, headers: Record<string, unknown>) =>
  new BirdClient({ webhooks: { secret } }).webhooks.unwrap(body.toString('utf8'), headers as Record<string, string>);

describe('createReceiver({ secret }): Standard Webhooks deliveries of the platform API', () => {
  it('verifies a platform delivery, as Bird SDK does', async () => {
    const secret = newSecret();
    const receiver = track(await createReceiver({ secret }));
    const emulator = track(await startEmulator());
    await addEndpoint(emulator, `${receiver.url}/bird`, [{ secret }]);
    await emulator.trigger('email.delivered');
    const [request] = await receiver.waitForRequests(1);

    expect(request).toMatchObject({ scheme: 'standard-webhooks', signatureValid: true, diagnosis: { reason: 'valid' } });
    expect(unwrap(secret, request?.rawBody as Buffer, request?.headers ?? {})).toMatchObject({ type: 'email.delivered' });
  });

  it('verifies with either secret of a rotation, and refuses a stranger', async () => {
    const [current, previous] = [newSecret(), newSecret()];
    const emulator = track(await startEmulator());
    const receivers = [
      track(await createReceiver({ secret: previous })),
      track(await createReceiver({ secrets: [newSecret(), current] })),
      track(await createReceiver({ secret: newSecret() })),
    ];
    for (const [n, receiver] of receivers.entries()) {
      await addEndpoint(
        emulator,
        `${receiver.url}/bird`,
        [{ secret: current }, { secret: previous, expires: emulator.clock.now() + 86_400_000 }],
        n,
      );
    }
    await emulator.trigger('email.delivered');
    const verdicts = await Promise.all(receivers.map(async (r) => (await r.waitForRequests(1))[0]));
    expect(verdicts.map((r) => r?.headers['webhook-signature']?.toString().split(' '))).toEqual(
      Array(3).fill([expect.stringMatching(/^v1,/), expect.stringMatching(/^v1,/)]),
    );
    expect(verdicts.map((r) => [r?.signatureValid, r?.diagnosis?.reason])).toEqual([
      [true, 'valid'],
      [true, 'valid'],
      [false, 'mismatch'],
    ]);
  });

  it('checks each request with its own scheme when given both a signing key and a secret', async () => {
    const secret = newSecret();
    const receiver = track(await createReceiver({ signingKey: 'notifications-key', secret }));
    const emulator = track(await startEmulator());
    await emulator.subscribe({
      service: 'channels',
      event: 'sms.inbound',
      url: `${receiver.url}/notifications`,
      signingKey: 'notifications-key',
    });
    await addEndpoint(emulator, `${receiver.url}/platform`, [{ secret }]);
    await emulator.trigger('sms.inbound');
    await emulator.trigger('email.delivered');
    const requests = await receiver.waitForRequests(2);
    expect(Object.fromEntries(requests.map((r) => [r.path, [r.scheme, r.signatureValid]]))).toEqual({
      '/notifications': ['messagebird-signature', true],
      '/platform': ['standard-webhooks', true],
    });
  });

  it("under the virtual clock, verifies once the verifier's clock is the emulator's", async () => {
    const secret = newSecret();
    const receiver = track(await createReceiver({ secret }));
    const emulator = track(await startEmulator({ clock: 'virtual', clockStart: '2024-05-01T12:00:00.000Z' }));
    await addEndpoint(emulator, `${receiver.url}/bird`, [{ secret }]);
    await emulator.clock.advance(3 * 3_600_000);
    await emulator.trigger('email.delivered');
    const [request] = await receiver.waitForRequests(1);
    const body = request?.rawBody as Buffer;
    const headers = request?.headers ?? {};
    expect(headers['webhook-timestamp']).toBe(String(emulator.clock.now() / 1000));
    // The receiver sets no age limit; Bird's SDK checks against its own clock, years later.
    expect(request?.signatureValid).toBe(true);
    expect(() => unwrap(secret, body, headers)).toThrow(/timestamp too old/);
    const diagnosis = diagnoseStandardWebhook({ secret, body, headers });
    expect(diagnosis.reason).toBe('stale_timestamp');
    expect(diagnosis.hints.join(' ')).toContain('vi.setSystemTime(emulator.clock.now())');

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(emulator.clock.now());
    expect(unwrap(secret, body, headers)).toMatchObject({ type: 'email.delivered' });
    expect(diagnoseStandardWebhook({ secret, body, headers }).valid).toBe(true);
  });
});
