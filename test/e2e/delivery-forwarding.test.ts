import { afterEach, describe, expect, it } from 'vitest';
import { createReceiver } from '../../src/harness/receiver.js';
import { verifyWebhookSignature } from '../../src/signing/verify.js';
import { startTestEmulator } from '../helpers/emulator-server.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((thing) => thing.close()));
});

describe('--forward rules', () => {
  it('deliver a production URL to a local port, signed over the production URL', async () => {
    const receiver = await createReceiver();
    open.push(receiver);
    const emu = await startTestEmulator({ forward: [{ from: 'https://app.example.com', to: receiver.url }] });
    open.push(emu);
    const productionUrl = 'https://app.example.com/webhooks/bird?tenant=acme';
    const sub = await emu.subscribe({ service: 'channels', event: 'whatsapp.inbound', url: productionUrl, signingKey: 'prod-key' });
    expect(sub.url).toBe(productionUrl);

    const fired = await emu.fire({ event: 'whatsapp.inbound' });
    const delivery = await emu.settled(fired.deliveries[0]?.id as string);
    expect(delivery.status).toBe('succeeded');
    expect(delivery.url).toBe(productionUrl);
    expect(delivery.attempts[0]?.destination).toBe(`${receiver.url}/webhooks/bird?tenant=acme`);

    const [request] = receiver.requests;
    expect(request?.path).toBe('/webhooks/bird?tenant=acme');
    const check = (url: string) =>
      verifyWebhookSignature({ signingKey: 'prod-key', url, body: request?.rawBody as Buffer, headers: request?.headers ?? {} });
    expect(check(productionUrl)).toBe(true);
    expect(check(`${receiver.url}/webhooks/bird?tenant=acme`)).toBe(false);
  });

  it('leave URLs outside the rule alone', async () => {
    const receiver = await createReceiver();
    open.push(receiver);
    const emu = await startTestEmulator({ forward: [{ from: 'https://app.example.com', to: 'http://127.0.0.1:9' }] });
    open.push(emu);
    await emu.subscribe({ service: 'channels', event: 'sms.inbound', url: `${receiver.url}/direct` });
    const fired = await emu.fire({ event: 'sms.inbound' });
    const delivery = await emu.settled(fired.deliveries[0]?.id as string);
    expect(delivery.attempts[0]?.destination).toBe(`${receiver.url}/direct`);
    expect(receiver.requests.map((r) => r.path)).toEqual(['/direct']);
  });
});
