import { createReceiver } from 'bird-webhook-emulator';
import { afterEach, beforeEach, expect, inject, test } from 'vitest';

const bird = inject('bird');
const api = `${bird.url}/organizations/${bird.organizationId}/workspaces/${bird.workspaceId}`;
const headers = { authorization: `AccessKey ${bird.accessKey}`, 'content-type': 'application/json' };

// Stands in for your app's webhook endpoint; in your suite, start your app instead.
let app: Awaited<ReturnType<typeof createReceiver>>;
beforeEach(async () => {
  app = await createReceiver({ signingKey: 'my-signing-key' });
  await fetch(`${bird.url}/_emulator/reset`, { method: 'POST' });
});
afterEach(() => app.close());

test('an inbound SMS reaches the app, signed like Bird signs it', async () => {
  // Subscribe exactly as against api.bird.com.
  const created = await fetch(`${api}/webhook-subscriptions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ service: 'channels', event: 'sms.inbound', url: `${app.url}/webhooks/bird`, signingKey: 'my-signing-key' }),
  });
  expect(created.status).toBe(201);
  const subscription = (await created.json()) as { id: string };

  // Fire a synthetic inbound SMS with the text we want.
  await fetch(`${bird.url}/_emulator/events`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ event: 'sms.inbound', payload: { body: { type: 'text', text: { text: 'STOP' } } } }),
  });

  // Await the delivery: the request as sent, the app's answer and every attempt.
  const waited = await fetch(`${bird.url}/_emulator/deliveries/wait`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ subscriptionId: subscription.id, timeoutMs: 5000 }),
  });
  const delivery = (await waited.json()) as { status: string };
  expect(delivery.status).toBe('succeeded');
  expect(app.requests[0]?.signatureValid).toBe(true);
  expect(app.requests[0]?.body).toMatchObject({ event: 'sms.inbound', payload: { body: { text: { text: 'STOP' } } } });
});
