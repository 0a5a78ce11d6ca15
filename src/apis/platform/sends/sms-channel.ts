import type { Outcome } from '../../../config.js';
import type { Random } from '../../../random.js';
import { stepsOver, type PlannedStep } from '../../lifecycle.js';
import { carrierOf, smsCost, smsSegments } from '../fake-data.js';
import { typedId } from '../ids.js';
import { firedSteps, phoneMessageQuery, timelineOf, timeOf } from './message-reads.js';
import { echoed } from './request-parts.js';
import { oneRecipientMessage, type SendChannel } from './send-channel.js';
import { checkSmsSend, SmsSendSchema, type SmsSend } from './sms-request.js';

/**
 * `bird.sms.send/get/list/listEvents`. One recipient per message: accepted → sent → delivered, or
 * → failed / undelivered / expired after the carrier had it, or rejected before it did.
 */

type SmsFate = 'delivered' | 'failed' | 'undelivered' | 'expired' | 'rejected';

/** An outcome rule's outcome, read for SMS (a mail outcome as the nearest SMS has). */
const FATE_OF_OUTCOME: Readonly<Record<Outcome, SmsFate>> = {
  delivered: 'delivered',
  opened: 'delivered',
  clicked: 'delivered',
  read: 'delivered',
  complained: 'delivered',
  'deferred-then-delivered': 'delivered',
  failed: 'failed',
  bounced: 'failed',
  undelivered: 'undelivered',
  'soft-bounced': 'undelivered',
  'deferred-then-bounced': 'undelivered',
  expired: 'expired',
  rejected: 'rejected',
};

/** `SmsError` of each failure: Bird's normalised code, the carrier's words and its raw (GSM MAP) cause. */
const ERRORS: Readonly<Record<Exclude<SmsFate, 'delivered'>, readonly [code: string, description: string, carrier: string | null]>> = {
  failed: ['invalid_destination', 'Unknown subscriber: the number is not assigned', '1'],
  undelivered: ['unreachable', 'Absent subscriber: the handset is off or outside coverage', '27'],
  expired: ['unreachable', 'Absent subscriber: the validity period elapsed before delivery', '27'],
  rejected: ['recipient_opted_out', 'The recipient is on the workspace suppression list', null],
};

/** The sender Bird picks for a template send ("selects its sender automatically"); the SDK's example number. */
const TEMPLATE_SENDER = '+15557654321';

/** The price of the message, for the countries the emulator prices; absent elsewhere (`cost` is optional). */
function costOf(to: string, segments: number, carrierPriced: boolean): { cost?: ReturnType<typeof smsCost> } {
  try {
    return { cost: smsCost(to, segments, carrierPriced) };
  } catch {
    // A country the emulator has no price for.
    return {};
  }
}

/** The carrier of the number, chosen once so `sms.sent` and `sms.delivered` agree; none for unknown countries. */
function carrierFields(random: Random, to: string): { carrier?: string; mcc_mnc?: string } {
  try {
    const carrier = carrierOf(random, to);
    return { carrier: carrier.name, mcc_mnc: carrier.mccMnc };
  } catch {
    return {};
  }
}

/** The text the message carries: the body as sent, or a stand-in for a template the emulator cannot render. */
function bodyOf(send: SmsSend): string {
  return send.text ?? `[template ${send.template?.slug ?? send.template?.id ?? send.template?.name}]`;
}

function smsSteps(fate: SmsFate, send: SmsSend, base: Record<string, unknown>, random: Random): PlannedStep[] {
  const to = send.to;
  const segments = smsSegments(bodyOf(send));
  const carrier = carrierFields(random, to);
  const over = stepsOver(base);
  // An SMS's status is named after its latest event.
  const step = (after: number, event: string, extra: (at: string) => Record<string, unknown>) =>
    over(after, event, event.slice('sms.'.length), extra);
  const failure = (after: number, kind: Exclude<SmsFate, 'delivered'>) => {
    const [code, description, carrier_error_code] = ERRORS[kind];
    return step(after, `sms.${kind}`, (at) => ({
      ...(kind === 'rejected' ? { cost: null } : costOf(to, segments.count, true)),
      error: { code, description, carrier_error_code, occurred_at: at },
    }));
  };
  const accepted = step(0, 'sms.accepted', () => ({ ...costOf(to, segments.count, false), segments }));
  if (fate === 'rejected') return [accepted, failure(1, 'rejected')];
  const sent = step(1, 'sms.sent', () => ({ ...costOf(to, segments.count, true), ...carrier }));
  if (fate === 'delivered') return [accepted, sent, step(2, 'sms.delivered', () => ({ ...costOf(to, segments.count, true), ...carrier }))];
  return [accepted, sent, failure(fate === 'expired' ? 3 : 2, fate)];
}

export const SMS_CHANNEL: SendChannel<typeof SmsSendSchema> = {
  channel: 'sms',
  idPrefix: 'sms',
  requestSchema: SmsSendSchema,

  plan(send, { random, now, stepMs, workspaceId, outcomeFor }) {
    checkSmsSend(send);
    const id = typedId(random, 'sms', now);
    const from = send.from ?? TEMPLATE_SENDER;
    const outcome = outcomeFor('sms', send.to) ?? 'delivered';
    const base = { sms_id: id, workspace_id: workspaceId, to: send.to, from, ...echoed(send) };
    return oneRecipientMessage({
      channel: 'sms',
      id,
      workspaceId,
      from,
      now,
      stepMs,
      address: send.to,
      outcome,
      steps: smsSteps(FATE_OF_OUTCOME[outcome], send, base, random),
      stepIdPrefix: 'evt',
      random,
      content: { text: bodyOf(send) },
      request: { ...send, from, category: send.category ?? 'transactional' },
    });
  },

  view(message) {
    const request = message.request as unknown as SmsSend & { from: string };
    const fired = firedSteps(message);
    const latest = (field: string) =>
      fired
        .map((s) => s.payload[field])
        .filter((v) => v !== undefined)
        .at(-1);
    const text = message.content?.text ?? '';
    return {
      id: message.id,
      direction: 'outbound',
      status: message.status,
      to: request.to,
      from: request.from,
      // "When category is authentication … this is **REDACTED**".
      text: request.category === 'authentication' ? '**REDACTED**' : text,
      category: request.category ?? null,
      segments: smsSegments(text),
      cost: latest('cost') ?? null,
      ...(request.tags !== undefined && { tags: request.tags }),
      ...(request.metadata !== undefined && { metadata: request.metadata }),
      options: { smart_encoding: request.options?.smart_encoding === true },
      ...(latest('carrier') !== undefined && { carrier: latest('carrier'), mcc_mnc: latest('mcc_mnc') }),
      ...(latest('error') !== undefined && { last_error: latest('error') }),
      created_at: message.createdAt,
      sent_at: timeOf(fired, 'sms.sent'),
      delivered_at: timeOf(fired, 'sms.delivered'),
    };
  },

  query(params) {
    const shared = phoneMessageQuery(params);
    const errorCodes = params.all('error_code');
    const category = params.get('category');
    return (message) => {
      const view = SMS_CHANNEL.view(message) as { category: string; last_error?: { code: string } };
      return (
        shared(message, message.request as unknown as SmsSend & { from: string }) &&
        (errorCodes.length === 0 || (view.last_error !== undefined && errorCodes.includes(view.last_error.code))) &&
        (category === undefined || view.category === category)
      );
    };
  },

  timeline: timelineOf,
};
