import { describe, expect, it } from 'vitest';
import { planChannelMessage, ChannelMessageInputSchema } from '../../src/apis/notifications/channel-messages.js';
import { makeChannel } from '../../src/apis/notifications/channel-store.js';
import { PLATFORM_EVENTS } from '../../src/apis/platform/events/index.js';
import { workspaceId } from '../../src/apis/platform/ids.js';
import { EMAIL_CHANNEL } from '../../src/apis/platform/sends/email-channel.js';
import { emailMessageStatus } from '../../src/apis/platform/sends/email-lifecycle.js';
import type { SendChannel } from '../../src/apis/platform/sends/send-channel.js';
import { SMS_CHANNEL } from '../../src/apis/platform/sends/sms-channel.js';
import { WHATSAPP_CHANNEL } from '../../src/apis/platform/sends/whatsapp-channel.js';
import { BUILT_IN_EVENTS } from '../../src/catalogue/catalogue.js';
import { PLATFORMS } from '../../src/catalogue/vocabulary.js';
import { VIRTUAL_CLOCK_START } from '../../src/clock/virtual-clock.js';
import { OUTCOMES, type Outcome } from '../../src/config.js';
import { SentMessageSchema, type SentMessage } from '../../src/domain/message.js';
import { createRandom } from '../../src/random.js';

/**
 * The lifecycles the send routes plan: for every outcome and channel, every step's payload passes
 * its event's schema (what Bird's SDK types), the events come in Bird's documented order, and the
 * statuses they leave are Bird's.
 */

const WS = workspaceId('bk_us1_lifecycle');
const context = (outcome: Outcome | undefined, seed = 1) => ({
  random: createRandom(seed),
  now: VIRTUAL_CLOCK_START,
  stepMs: 200,
  workspaceId: WS,
  outcomeFor: () => outcome,
});

const REQUESTS: Record<'email' | 'sms' | 'whatsapp', Record<string, unknown>> = {
  email: {
    from: 'Acme <hello@acme.test>',
    to: ['someone@example.com'],
    subject: 'Hi',
    html: '<a href="https://acme.test/x">x</a>',
    tags: [{ name: 'flow', value: 'signup' }],
    metadata: { user_id: 'u1' },
  },
  sms: { to: '+14155550100', from: '+15557654321', text: 'Hi', category: 'transactional' },
  whatsapp: { to: '+31612345678', from: '+13124495648', text: { body: 'Hi' } },
};
const CHANNELS: Record<keyof typeof REQUESTS, SendChannel> = { email: EMAIL_CHANNEL, sms: SMS_CHANNEL, whatsapp: WHATSAPP_CHANNEL };

function plan(name: keyof typeof REQUESTS, outcome: Outcome | undefined, request: Record<string, unknown> = REQUESTS[name]): SentMessage {
  const channel = CHANNELS[name];
  return channel.plan(channel.requestSchema.parse(request), context(outcome));
}

/** Every step's payload against its event's schema; the problems, by step. */
function schemaProblems(
  message: SentMessage,
  find: (event: string) => { payloadSchema: { safeParse(v: unknown): { error?: { issues: unknown[] } } } } | undefined,
) {
  return message.steps.flatMap((step, i) => {
    const definition = find(step.event);
    if (!definition) return [`step ${i}: no event ${step.event}`];
    const issues = definition.payloadSchema.safeParse(step.payload).error?.issues ?? [];
    return issues.length === 0 ? [] : [`step ${i} ${step.event}: ${JSON.stringify(issues)}`];
  });
}
const platformEvent = (name: string) => PLATFORM_EVENTS.find((e) => e.name === name);

const eventsOf = (message: SentMessage, recipient = 0) =>
  message.steps.filter((s) => s.recipient === undefined || s.recipient === recipient).map((s) => s.event);

describe('the platform API lifecycles', () => {
  it.each(OUTCOMES.flatMap((outcome) => (['email', 'sms', 'whatsapp'] as const).map((name) => [name, outcome] as const)))(
    '%s with outcome %s: every payload passes its event schema, the record its own',
    (name, outcome) => {
      const message = plan(name, outcome);
      expect(schemaProblems(message, platformEvent)).toEqual([]);
      expect(SentMessageSchema.safeParse(message).error?.issues ?? []).toEqual([]);
      // In firing order, each at its step's time.
      const times = message.steps.map((s) => Date.parse(s.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(message.steps[0]?.at).toBe(new Date(VIRTUAL_CLOCK_START).toISOString());
    },
  );

  it.each([
    ['delivered', ['email.accepted', 'email.processed', 'email.delivered'], 'delivered'],
    ['bounced', ['email.accepted', 'email.processed', 'email.bounced'], 'bounced'],
    ['soft-bounced', ['email.accepted', 'email.processed', 'email.bounced'], 'bounced'],
    ['deferred-then-delivered', ['email.accepted', 'email.processed', 'email.deferred', 'email.delivered'], 'delivered'],
    ['deferred-then-bounced', ['email.accepted', 'email.processed', 'email.deferred', 'email.bounced'], 'bounced'],
    ['rejected', ['email.accepted', 'email.rejected'], 'rejected'],
    ['complained', ['email.accepted', 'email.processed', 'email.delivered', 'email.complained'], 'complained'],
    ['opened', ['email.accepted', 'email.processed', 'email.delivered', 'email.opened'], 'delivered'],
    ['clicked', ['email.accepted', 'email.processed', 'email.delivered', 'email.opened', 'email.clicked'], 'delivered'],
  ] as const)('an e-mail recipient with outcome %s goes %j and ends %s', (outcome, events, status) => {
    const message = plan('email', outcome);
    expect(eventsOf(message)).toEqual(events);
    expect(message.steps.at(-1)?.messageStatus).toBe(status);
  });

  it.each([
    ['delivered@messagebird.dev', ['email.accepted', 'email.processed', 'email.delivered'], undefined],
    [
      'bounce+signup-flow@messagebird.dev',
      ['email.accepted', 'email.processed', 'email.bounced'],
      { bounce_type: 'hard', bounce_class: 10, bounce_code: '550' },
    ],
    ['HardBounce@MessageBird.dev', ['email.accepted', 'email.processed', 'email.bounced'], { bounce_type: 'hard' }],
    [
      'softbounce@messagebird.dev',
      ['email.accepted', 'email.processed', 'email.bounced'],
      { bounce_type: 'soft', bounce_class: 20, bounce_code: '451' },
    ],
    ['deferred@messagebird.dev', ['email.accepted', 'email.processed', 'email.deferred', 'email.delivered'], undefined],
    ['delay+x@messagebird.dev', ['email.accepted', 'email.processed', 'email.deferred', 'email.delivered'], undefined],
    ['complaint@messagebird.dev', ['email.accepted', 'email.processed', 'email.delivered', 'email.complained'], { feedback_type: 'abuse' }],
    ['spam@messagebird.dev', ['email.accepted', 'email.processed', 'email.delivered', 'email.complained'], undefined],
    ['suppressed@messagebird.dev', ['email.accepted', 'email.rejected'], { rejection_reason: 'recipient_suppressed' }],
    ['reject@messagebird.dev', ['email.accepted', 'email.processed', 'email.rejected'], { rejection_reason: 'transmission_failed' }],
  ] as const)('the sandbox address %s goes %j, whatever the rules say', (address, events, last) => {
    // A rule for every address: the sandbox still decides its own.
    const message = plan('email', 'opened', { ...REQUESTS.email, to: [address] });
    expect(eventsOf(message)).toEqual(events);
    if (last) expect(message.steps.at(-1)?.payload).toMatchObject(last);
  });

  it('carries the send’s ids, recipient, tags and metadata on every event of a recipient, and no click without tracking', () => {
    const message = plan('email', 'clicked', { ...REQUESTS.email, cc: ['c@example.com'], track_clicks: false });
    const [to, cc] = message.recipients;
    expect(to?.id).toMatch(/^er_/);
    for (const step of message.steps) {
      const recipient = message.recipients[step.recipient as number];
      expect(step.payload).toMatchObject({
        email_id: message.id,
        recipient_id: recipient?.id,
        recipient: recipient?.address,
        recipient_role: recipient?.role,
        workspace_id: WS,
        tags: [{ name: 'flow', value: 'signup' }],
        metadata: { user_id: 'u1' },
        broadcast_id: null,
      });
    }
    expect(cc?.role).toBe('cc');
    expect(message.steps.map((s) => s.event)).not.toContain('email.clicked');
    expect(message.content).toEqual({ subject: 'Hi', html: '<a href="https://acme.test/x">x</a>' });
    expect(message.request).not.toHaveProperty('html');
  });

  it.each([
    ['delivered', ['sms.accepted', 'sms.sent', 'sms.delivered'], 'delivered'],
    ['failed', ['sms.accepted', 'sms.sent', 'sms.failed'], 'failed'],
    ['undelivered', ['sms.accepted', 'sms.sent', 'sms.undelivered'], 'undelivered'],
    ['expired', ['sms.accepted', 'sms.sent', 'sms.expired'], 'expired'],
    ['rejected', ['sms.accepted', 'sms.rejected'], 'rejected'],
    ['bounced', ['sms.accepted', 'sms.sent', 'sms.failed'], 'failed'],
    ['read', ['sms.accepted', 'sms.sent', 'sms.delivered'], 'delivered'],
  ] as const)('an SMS with outcome %s goes %j and ends %s', (outcome, events, status) => {
    const message = plan('sms', outcome);
    expect(eventsOf(message)).toEqual(events);
    expect(message.status).toBe('accepted');
    expect(message.steps.at(-1)?.messageStatus).toBe(status);
    expect(message.steps.every((s) => /^evt_[0-9a-hjkmnp-tv-z]{26}$/.test(s.id ?? ''))).toBe(true);
  });

  it.each([
    ['delivered', ['whatsapp.accepted', 'whatsapp.sent', 'whatsapp.delivered'], 'delivered'],
    ['read', ['whatsapp.accepted', 'whatsapp.sent', 'whatsapp.delivered', 'whatsapp.read'], 'delivered'],
    ['failed', ['whatsapp.accepted', 'whatsapp.sent', 'whatsapp.failed'], 'failed'],
    ['rejected', ['whatsapp.accepted', 'whatsapp.rejected'], 'rejected'],
  ] as const)('a WhatsApp message with outcome %s goes %j and ends %s', (outcome, events, status) => {
    const message = plan('whatsapp', outcome);
    expect(eventsOf(message)).toEqual(events);
    expect(message.steps.at(-1)?.messageStatus).toBe(status);
  });

  it('prices an SMS to a country it knows, and leaves cost out elsewhere (it is optional)', () => {
    expect(plan('sms', undefined).steps[0]?.payload).toHaveProperty('cost');
    const elsewhere = plan('sms', undefined, { ...REQUESTS.sms, to: '+33612345678' });
    expect(elsewhere.steps[0]?.payload).not.toHaveProperty('cost');
    expect(schemaProblems(elsewhere, platformEvent)).toEqual([]);
  });

  it('reads a message’s status from its recipients as Bird’s EmailMessageStatus says', () => {
    expect(emailMessageStatus(['accepted', 'accepted'])).toBe('accepted');
    expect(emailMessageStatus(['processed', 'accepted'])).toBe('processed');
    expect(emailMessageStatus(['delivered', 'processed'])).toBe('processed');
    expect(emailMessageStatus(['delivered', 'deferred'])).toBe('deferred');
    expect(emailMessageStatus(['delivered', 'delivered'])).toBe('delivered');
    expect(emailMessageStatus(['delivered', 'bounced'])).toBe('partial_failure');
    expect(emailMessageStatus(['processed', 'rejected'])).toBe('partial_failure');
    expect(emailMessageStatus(['bounced', 'rejected'])).toBe('bounced');
    expect(emailMessageStatus(['rejected', 'rejected'])).toBe('rejected');
    expect(emailMessageStatus(['bounced', 'complained'])).toBe('complained');
  });
});

describe('the Channels API lifecycle', () => {
  const input = (to: string) =>
    ChannelMessageInputSchema.parse({ receiver: { contacts: [{ identifierValue: to }] }, body: { type: 'text', text: { text: 'Hi' } } });

  it.each(PLATFORMS.flatMap((platform) => (['delivered', 'rejected', 'failed'] as const).map((o) => [platform, o] as const)))(
    '%s with outcome %s: every status event passes <platform>.outbound’s schema and carries the message id',
    (platform, outcome) => {
      const random = createRandom(platform);
      const channel = makeChannel({ id: '8d5d3a0c-3d55-4d2b-9a07-4f0e0c2f9f11', platform, source: 'seed' }, random, VIRTUAL_CLOCK_START);
      const message = planChannelMessage(input('+31612345678'), {
        random,
        now: VIRTUAL_CLOCK_START,
        stepMs: 200,
        workspaceId: '00000000-0000-4000-8000-000000000001',
        channel,
        outcomeFor: () => outcome,
      });
      const outbound = (name: string) => BUILT_IN_EVENTS.find((e) => e.name === name);
      expect(schemaProblems(message, outbound)).toEqual([]);
      const statuses = message.steps.map((s) => s.payload.status);
      expect(statuses).toEqual(
        outcome === 'delivered'
          ? ['accepted', 'sent', 'delivered']
          : outcome === 'rejected'
            ? ['accepted', 'sending_failed']
            : ['accepted', 'sent', 'delivery_failed'],
      );
      for (const step of message.steps) {
        expect(step.event).toBe(`${platform}.outbound`);
        expect(step.payload).toMatchObject({ id: message.id, channelId: channel.id, direction: 'outgoing' });
        expect(step.recipient).toBeUndefined();
      }
      const failed = message.steps.at(-1)?.payload;
      if (outcome !== 'delivered') expect(failed).toMatchObject({ reason: expect.any(String), details: expect.any(String) });
    },
  );
});
