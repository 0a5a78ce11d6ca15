import { BirdClient } from '@messagebird/sdk';
import { describe, expect, it } from 'vitest';
import { createReceiver, startEmulator } from '../../src/index.js';
import { useCleanup } from '../helpers/cleanup.js';

/** "Send, then expect these webhooks" as a scenario: a send step with the SDK's request, and expect steps. */
const track = useCleanup();

async function setUp() {
  const emulator = track(await startEmulator({ clock: 'virtual' }));
  const receiver = track(await createReceiver());
  const bird = new BirdClient({ apiKey: emulator.platform.apiKey, baseUrl: emulator.platform.baseUrl, maxRetries: 0 });
  await bird.webhooks.create({ url: `${receiver.url}/hooks`, events: ['email.delivered', 'email.bounced'] });
  return { emulator, receiver };
}

describe('a scenario that sends and expects', () => {
  it('runs the shipped email-send-bounce in the key’s workspace: the send, then the bounce and the delivery of that message', async () => {
    const { emulator, receiver } = await setUp();
    const result = await emulator.runScenario('email-send-bounce', { workspaceId: emulator.platform.workspaceId });
    const [send, bounced, delivered] = result.steps;
    expect(send).toMatchObject({ kind: 'send', stepId: 'welcome', messageId: expect.stringMatching(/^em_/) });
    expect(send?.event.event).toBe('email.accepted');
    expect(bounced).toMatchObject({ kind: 'expect', event: { event: 'email.bounced', messageId: send?.messageId } });
    expect(bounced?.event.payload).toMatchObject({ recipient: 'bounce+signup@messagebird.dev', bounce_type: 'hard' });
    expect(delivered?.deliveries[0]).toMatchObject({ event: 'email.delivered', status: 'succeeded' });
    const types = receiver.requests.map((r) => (JSON.parse(r.rawBody.toString('utf8')) as { type: string }).type).sort();
    expect(types).toEqual(['email.bounced', 'email.delivered']);
  });

  it('refers to what a send answered, and points a refused request’s details into the step', async () => {
    const { emulator } = await setUp();
    await expect(
      emulator.runScenario({
        name: 'bad-send',
        workspaceId: emulator.platform.workspaceId,
        steps: [{ send: { email: { from: 'hello@acme.test', to: ['not an address'], subject: 'x', text: 'x' } } }],
      }),
    ).rejects.toMatchObject({
      code: 'InvalidPayload',
      message: expect.stringContaining('stopped at step 1, send email'),
      details: { '.steps[0].send.email.to[0]': expect.any(Array) },
    });
    await expect(
      emulator.runScenario({
        name: 'no-workspace',
        steps: [{ send: { sms: { to: '+31612345678', from: '+1555', text: 'x', category: 'service' } } }],
      }),
    ).rejects.toMatchObject({ details: { '.steps[0].apiKey': expect.any(Array) } });

    const ok = await emulator
      .runScenario({
        name: 'sms-then-expect',
        steps: [
          {
            id: 'code',
            apiKey: emulator.platform.apiKey,
            send: { sms: { to: '+31612345678', from: '+15557654321', text: 'Code 1', category: 'authentication' } },
          },
          { expect: { event: 'email.delivered', payload: { email_id: '{{steps.code.payload.id}}' } }, withinMs: 1000 },
        ],
      })
      .catch((error: Error) => error);
    // Nothing e-mails that id: the expect step times out (in emulator time) and says what did arrive.
    expect(ok).toMatchObject({ code: 'Timeout', message: expect.stringContaining('stopped at step 2, expect email.delivered') });
  });
});
