import { describe, expect, it } from 'vitest';
import { createReceiver, startEmulator, verifyWebhookSignature, type ReceivedRequest } from '../../src/index.js';
import { useCleanup } from '../helpers/cleanup.js';

/**
 * The Notifications API side of the causal loop: an app sends through Bird's Channels API
 * (`POST /workspaces/{ws}/channels/{channelId}/messages`, `AccessKey` auth) and its subscription
 * receives the message's `sms.outbound` statuses, signed with `messagebird-signature`.
 */
const track = useCleanup();
const CHANNEL = '8d5d3a0c-3d55-4d2b-9a07-4f0e0c2f9f11';
const SIGNING_KEY = 'channels-test-key';

/** The app's own send code: fetch against Bird's Channels API, as its docs show the request. */
async function sendSms(baseUrl: string, workspaceId: string, accessKey: string, to: string) {
  const response = await fetch(`${baseUrl}/workspaces/${workspaceId}/channels/${CHANNEL}/messages`, {
    method: 'POST',
    headers: { authorization: `AccessKey ${accessKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      receiver: { contacts: [{ identifierValue: to, identifierKey: 'phonenumber' }] },
      body: { type: 'text', text: { text: 'Your order has shipped' } },
      reference: 'order-1001',
    }),
  });
  return { status: response.status, message: (await response.json()) as Record<string, any> };
}

const verified = (request: ReceivedRequest, url: string) =>
  verifyWebhookSignature({ signingKey: SIGNING_KEY, url, body: request.rawBody, headers: request.headers });

describe('sending through the Channels API', () => {
  it('answers 202 with the message, then its sms.outbound statuses arrive in order, signed, with its id', async () => {
    const emulator = track(await startEmulator());
    const receiver = track(await createReceiver({ signingKey: SIGNING_KEY }));
    const url = `${receiver.url}/webhooks/bird`;
    await emulator.subscribe({ service: 'channels', event: 'sms.outbound', url, signingKey: SIGNING_KEY });

    const { status, message } = await sendSms(emulator.url, emulator.workspaceId, emulator.accessKey, '+31612345678');
    expect(status).toBe(202);
    expect(message).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      channelId: CHANNEL,
      status: 'accepted',
      direction: 'outgoing',
      reference: 'order-1001',
      receiver: { contacts: [{ identifierKey: 'phonenumber', identifierValue: '+31612345678' }] },
    });

    await emulator.waitForDelivery({ event: 'sms.outbound', messageId: message.id, payload: { status: 'delivered' } });
    await emulator.emulator.idle();
    expect(receiver.requests.map((r) => (r.body as { payload: { status: string } }).payload.status)).toEqual([
      'accepted',
      'sent',
      'delivered',
    ]);
    for (const request of receiver.requests) {
      expect(verified(request, url)).toBe(true);
      expect(request.body).toMatchObject({ service: 'channels', event: 'sms.outbound', payload: { id: message.id, channelId: CHANNEL } });
    }
    expect(emulator.messages({ id: message.id })[0]).toMatchObject({ api: 'notifications', channel: 'sms', status: 'delivered' });
  });

  it('fails a message an outcome rule names with delivery_failed and Bird’s SMS reason', async () => {
    const emulator = track(await startEmulator({ outcomes: [{ to: '+31699*', outcome: 'failed', channel: 'sms' }] }));
    const receiver = track(await createReceiver({ signingKey: SIGNING_KEY }));
    const url = `${receiver.url}/webhooks/bird`;
    await emulator.subscribe({ service: 'channels', event: 'sms.outbound', url, signingKey: SIGNING_KEY });

    const { message } = await sendSms(emulator.url, emulator.workspaceId, emulator.accessKey, '+31699000000');
    const failed = await emulator.waitForDelivery({ event: 'sms.outbound', messageId: message.id, payload: { status: 'delivery_failed' } });
    const body = JSON.parse(failed.request.body) as { payload: Record<string, unknown> };
    expect(body.payload).toMatchObject({
      status: 'delivery_failed',
      reason: expect.stringMatching(/^details: .+; reason: .+; code: \d+$/),
    });
    expect(body.payload.failure).toMatchObject({ code: expect.any(Number), source: { name: 'sms-messagebird' } });
  });

  it('refuses a send without a receiver, or with neither body nor template, with a 422 naming the field', async () => {
    const emulator = track(await startEmulator());
    const post = (body: unknown) =>
      fetch(`${emulator.url}/workspaces/${emulator.workspaceId}/channels/${CHANNEL}/messages`, {
        method: 'POST',
        headers: { authorization: `AccessKey ${emulator.accessKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const noReceiver = await post({ body: { type: 'text', text: { text: 'x' } } });
    expect(noReceiver.status).toBe(422);
    expect(((await noReceiver.json()) as { details: Record<string, string[]> }).details).toHaveProperty(['.body.receiver']);
    const noBody = await post({ receiver: { contacts: [{ identifierValue: '+31612345678' }] } });
    expect(noBody.status).toBe(422);
    const unauthorised = await fetch(`${emulator.url}/workspaces/${emulator.workspaceId}/channels/${CHANNEL}/messages`, { method: 'POST' });
    expect(unauthorised.status).toBe(401);
    expect(emulator.messages()).toEqual([]);
  });
});
