import { BirdClient, BirdValidationError, type BirdWebhookEvent } from '@messagebird/sdk';
import { describe, expect, it } from 'vitest';
import { createReceiver, startEmulator, type ReceivedRequest, type Receiver, type StartedEmulator } from '../../src/index.js';
import { useCleanup } from '../helpers/cleanup.js';

/**
 * The causal loop (SPEC-PLATFORM §5), with nothing but Bird's own SDK on the app's side: the app
 * sends through `bird.email/sms/whatsapp.send` with `baseUrl` set to the emulator, its local
 * endpoint (made with `bird.webhooks.create`) receives the lifecycle's webhooks, each unwrapped by
 * `bird.webhooks.unwrap`, with the ids the send returned; the reads agree with what the webhooks told.
 */
const track = useCleanup();

/** An app's own code: a sign-up that sends the welcome e-mail. */
async function sendWelcome(bird: BirdClient, to: string[]) {
  return bird.email.send({
    from: { email: 'hello@acme.test', name: 'Acme' },
    to,
    subject: 'Welcome to Acme',
    html: '<h1>Welcome</h1><p><a href="https://acme.test/start">Get started</a></p>',
    text: 'Welcome. Get started: https://acme.test/start',
    tags: [{ name: 'flow', value: 'signup' }],
    metadata: { user_id: 'usr_42' },
  });
}

interface App {
  emulator: StartedEmulator;
  bird: BirdClient;
  receiver: Receiver;
  secret: string;
}

/** An emulator, the app's Bird client pointed at it, and the app's endpoint for `events`. */
async function app(events: Parameters<BirdClient['webhooks']['create']>[0]['events']): Promise<App> {
  const emulator = track(await startEmulator());
  const receiver = track(await createReceiver());
  const bird = new BirdClient({ apiKey: emulator.platform.apiKey, baseUrl: emulator.platform.baseUrl, maxRetries: 0 });
  const endpoint = await bird.webhooks.create({ url: `${receiver.url}/webhooks/bird`, events });
  return { emulator, bird, receiver, secret: endpoint.secret };
}

/** What the app's endpoint makes of the requests it got: each unwrapped (verified) by the SDK. */
const unwrapped = ({ bird, receiver, secret }: App): BirdWebhookEvent[] =>
  receiver.requests.map((request: ReceivedRequest) =>
    bird.webhooks.unwrap(request.rawBody.toString('utf8'), request.headers as Record<string, string>, { secret }),
  );

describe('sending e-mail through the emulator with Bird’s SDK', () => {
  it('a delivered and a bounced recipient: each gets its lifecycle, with the email_id the send returned; email.get agrees', async () => {
    const loop = await app(['email.accepted', 'email.processed', 'email.delivered', 'email.bounced']);
    const sent = await sendWelcome(loop.bird, ['delivered@messagebird.dev', 'bounce+signup@messagebird.dev']);
    expect(sent).toMatchObject({ id: expect.stringMatching(/^em_[0-9a-hjkmnp-tv-z]{26}$/), status: 'accepted', accepted_count: 2 });

    await loop.emulator.waitForDelivery({ event: 'email.bounced', messageId: sent.id });
    await loop.emulator.waitForDelivery({ event: 'email.delivered', messageId: sent.id });
    await loop.emulator.emulator.idle();
    const events = unwrapped(loop);
    const of = (recipient: string) => events.filter((e) => 'recipient' in e.data && e.data.recipient === recipient).map((e) => e.type);
    expect(of('delivered@messagebird.dev')).toEqual(['email.accepted', 'email.processed', 'email.delivered']);
    expect(of('bounce+signup@messagebird.dev')).toEqual(['email.accepted', 'email.processed', 'email.bounced']);
    for (const event of events) {
      expect(event.data).toMatchObject({
        email_id: sent.id,
        workspace_id: loop.emulator.platform.workspaceId,
        tags: [{ name: 'flow', value: 'signup' }],
        metadata: { user_id: 'usr_42' },
      });
    }
    const bounce = events.find((e) => e.type === 'email.bounced');
    expect(bounce?.data).toMatchObject({
      bounce_type: 'hard',
      bounce_class: 10,
      bounce_code: '550',
      bounce_description: '5.1.1 Unknown User',
    });
    // One recipient id per recipient, the same on each of its events.
    const recipientIds = new Set(events.map((e) => (e.data as { recipient_id: string }).recipient_id));
    expect(recipientIds.size).toBe(2);

    const read = await loop.bird.email.get(sent.id);
    expect(read).toMatchObject({ id: sent.id, status: 'partial_failure', delivered_count: 1, bounced_count: 1, processed_count: 2 });
    const listed = await loop.bird.email.list({ status: 'partial_failure' });
    expect(listed.data.map((m) => m.id)).toEqual([sent.id]);
    expect(listed.next_cursor).toBeNull();
  });

  it('a retried send with the same Idempotency-Key is sent once', async () => {
    const loop = await app(['email.accepted']);
    const first = await loop.bird.email.send(
      { from: 'hello@acme.test', to: ['delivered@messagebird.dev'], subject: 'Once', text: 'once' },
      { idempotencyKey: 'welcome/usr_42' },
    );
    const again = await loop.bird.email.send(
      { from: 'hello@acme.test', to: ['delivered@messagebird.dev'], subject: 'Once', text: 'once' },
      { idempotencyKey: 'welcome/usr_42' },
    );
    expect(again.id).toBe(first.id);
    expect(loop.emulator.messages()).toHaveLength(1);
  });

  it('refuses what Bird refuses with the SDK’s validation error', async () => {
    const loop = await app(['email.accepted']);
    await expect(loop.bird.email.send({ from: 'hello@acme.test', to: [], subject: 'x', text: 'x' })).rejects.toBeInstanceOf(
      BirdValidationError,
    );
    // Bird's name for the rule broken reaches the app as the SDK's `errorName`.
    await expect(
      loop.bird.sms.send({ to: '0612345678', from: '+15557654321', text: 'x', category: 'transactional' }),
    ).rejects.toMatchObject({
      statusCode: 422,
      errorName: 'SMSInvalidRecipient',
    });
    await expect(loop.bird.whatsapp.send({ to: '+31612345678', from: '+13124495648' })).rejects.toMatchObject({
      errorName: 'WhatsAppContentRequired',
    });
    expect(loop.emulator.messages()).toEqual([]);
  });
});

describe('sending an SMS through the emulator with Bird’s SDK', () => {
  it('accepted → sent → delivered for the sms_id the send returned; sms.get and sms.listEvents agree', async () => {
    const loop = await app(['sms.accepted', 'sms.sent', 'sms.delivered', 'sms.failed']);
    const sent = await loop.bird.sms.send({
      to: '+31612345678',
      from: '+15557654321',
      text: 'Your code is 123456',
      category: 'transactional',
    });
    expect(sent).toMatchObject({ id: expect.stringMatching(/^sms_[0-9a-hjkmnp-tv-z]{26}$/), status: 'accepted', direction: 'outbound' });

    await loop.emulator.waitForDelivery({ event: 'sms.delivered', messageId: sent.id });
    await loop.emulator.emulator.idle();
    const events = unwrapped(loop);
    expect(events.map((e) => e.type)).toEqual(['sms.accepted', 'sms.sent', 'sms.delivered']);
    for (const event of events) expect(event.data).toMatchObject({ sms_id: sent.id, to: '+31612345678', from: '+15557654321' });

    const read = await loop.bird.sms.get(sent.id);
    expect(read).toMatchObject({ id: sent.id, status: 'delivered', sent_at: expect.any(String), delivered_at: expect.any(String) });
    const timeline = await loop.bird.sms.listEvents(sent.id);
    expect(timeline.data.map((e) => e.type)).toEqual(['sms.accepted', 'sms.sent', 'sms.delivered']);
  });

  it('an outcome rule fails a number: … → sms.failed with its error, and the read shows last_error', async () => {
    const loop = await app(['sms.sent', 'sms.failed']);
    await fetch(`${loop.emulator.url}/_emulator/outcomes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: '+3161111*', outcome: 'failed' }),
    });
    const sent = await loop.bird.sms.send({ to: '+31611112222', from: '+15557654321', text: 'hi', category: 'transactional' });
    const failed = await loop.emulator.waitForDelivery({ event: 'sms.failed', messageId: sent.id });
    expect(failed.status).toBe('succeeded');
    await loop.emulator.emulator.idle();
    const events = unwrapped(loop);
    expect(events.map((e) => e.type)).toEqual(['sms.sent', 'sms.failed']);
    const read = await loop.bird.sms.get(sent.id);
    expect(read).toMatchObject({ status: 'failed', last_error: { code: 'invalid_destination' } });
  });
});

describe('listing sent messages with Bird’s SDK', () => {
  it('walks the cursor pages newest first with for await, and filters by tag, status and recipient', async () => {
    const loop = await app(['sms.accepted']);
    const ids: string[] = [];
    for (const [i, to] of ['+31600000001', '+31600000002', '+31600000003'].entries()) {
      const tags = [{ name: 'batch', value: i === 1 ? 'b' : 'a' }];
      ids.push((await loop.bird.sms.send({ to, from: '+15557654321', text: `n${i}`, category: 'transactional', tags })).id);
    }
    const seen: string[] = [];
    for await (const message of loop.bird.sms.list({ limit: 2 })) seen.push(message.id);
    expect(seen).toEqual([...ids].reverse());
    expect((await loop.bird.sms.list({ tag: ['batch:b'] })).data.map((m) => m.id)).toEqual([ids[1]]);
    expect((await loop.bird.sms.list({ to: '+31600000003' })).data.map((m) => m.id)).toEqual([ids[2]]);
    expect((await loop.bird.sms.list({ status: ['rejected'] })).data).toEqual([]);
    // Another key's workspace sees none of them.
    const other = new BirdClient({ apiKey: 'bk_eu1_someone_else', baseUrl: loop.emulator.platform.baseUrl, maxRetries: 0 });
    expect((await other.sms.list()).data).toEqual([]);
    await expect(other.sms.get(ids[0] as string)).rejects.toMatchObject({ statusCode: 404, errorName: 'MessageNotFound' });
  });
});

describe('sending WhatsApp through the emulator with Bird’s SDK', () => {
  it('accepted → sent → delivered → read for the wam id the send returned; whatsapp.get agrees', async () => {
    const loop = await app(['whatsapp.accepted', 'whatsapp.sent', 'whatsapp.delivered', 'whatsapp.read']);
    loop.emulator.emulator.outbox.rules.add([{ to: '+31612345678', outcome: 'read' }]);
    const sent = await loop.bird.whatsapp.send({ to: '+31612345678', from: '+13124495648', text: { body: 'Your order shipped' } });
    expect(sent).toMatchObject({ id: expect.stringMatching(/^wam_[0-9a-hjkmnp-tv-z]{26}$/), status: 'accepted' });

    await loop.emulator.waitForDelivery({ event: 'whatsapp.read', messageId: sent.id });
    await loop.emulator.emulator.idle();
    const events = unwrapped(loop);
    expect(events.map((e) => e.type)).toEqual(['whatsapp.accepted', 'whatsapp.sent', 'whatsapp.delivered', 'whatsapp.read']);
    for (const event of events) {
      expect(event.data).toMatchObject({ whatsapp_id: sent.id, direction: 'outbound', to: { phone_number: '+31612345678' } });
    }
    const read = await loop.bird.whatsapp.get(sent.id);
    expect(read).toMatchObject({ id: sent.id, status: 'delivered', text: { body: 'Your order shipped' }, read_at: expect.any(String) });
    const timeline = await loop.bird.whatsapp.listEvents(sent.id);
    expect(timeline.data.map((e) => e.type)).toEqual(['whatsapp.accepted', 'whatsapp.sent', 'whatsapp.delivered', 'whatsapp.read']);
  });
});

// The README's "Send through the emulator" snippet, statement for statement: it must stay true.
it('does what the README’s sending snippet says', async () => {
  const emulator = track(await startEmulator());
  const bird = new BirdClient({ apiKey: emulator.platform.apiKey, baseUrl: emulator.platform.baseUrl });
  const app = track(await createReceiver());
  const { secret } = await bird.webhooks.create({ url: `${app.url}/webhooks/bird`, events: ['email.delivered', 'email.bounced'] });

  const sent = await bird.email.send({
    from: 'hello@acme.test',
    to: ['bounce+signup@messagebird.dev'],
    subject: 'Welcome',
    html: '<p>Hi</p>',
  });
  expect(sent).toMatchObject({ id: expect.stringMatching(/^em_01/), status: 'accepted', accepted_count: 1 });

  await emulator.waitForDelivery({ event: 'email.bounced', messageId: sent.id });
  const [request] = app.requests;
  const event = bird.webhooks.unwrap(
    (request as ReceivedRequest).rawBody.toString('utf8'),
    (request as ReceivedRequest).headers as Record<string, string>,
    { secret },
  );
  expect(event.type).toBe('email.bounced');
  expect((event.data as { email_id: string }).email_id).toBe(sent.id);
  expect((await bird.email.get(sent.id)).status).toBe('bounced');
});
