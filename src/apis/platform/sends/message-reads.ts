import type { MessageStep, SentMessage } from '../../../domain/message.js';
import type { QueryParams } from './send-channel.js';

/** What the reads of every channel share: the steps that happened, and the `tag` filter. */

/** The steps fired so far that did fire an event: what the webhooks told. */
export function firedSteps(message: SentMessage): readonly MessageStep[] {
  return message.steps.filter((step) => step.firedAt !== undefined && step.error === undefined);
}

/** When recipient `recipient` got `event` first (ms), or undefined when it has not. */
export function stepTime(fired: readonly MessageStep[], recipient: number, event: string): number | undefined {
  const step = fired.find((s) => s.event === event && (s.recipient === undefined || s.recipient === recipient));
  return step?.firedAt === undefined ? undefined : Date.parse(step.firedAt);
}

/** The step's time as a read shows it, or null before it happened (`sent_at`, `delivered_at`). */
export function timeOf(fired: readonly MessageStep[], event: string): string | null {
  return fired.find((s) => s.event === event)?.firedAt ?? null;
}

/**
 * `tag` filters: "Accepts `name` to match any record carrying that tag name, or `name:value` to
 * match a specific tag pair … A record must match every tag listed."
 */
export function matchesTags(tags: readonly { name: string; value: string }[] | undefined, wanted: readonly string[]): boolean {
  return wanted.every((filter) => {
    const colon = filter.indexOf(':');
    const name = colon === -1 ? filter : filter.slice(0, colon);
    const value = colon === -1 ? undefined : filter.slice(colon + 1);
    return (tags ?? []).some((tag) => tag.name === name && (value === undefined || tag.value === value));
  });
}

/**
 * The filters the SMS and WhatsApp lists share: `direction` (every sent message is outbound),
 * `status` (repeated: any of them), `to`, `from` (exact) and `tag`.
 */
export function phoneMessageQuery(params: QueryParams) {
  const statuses = params.all('status');
  const direction = params.get('direction');
  const to = params.get('to');
  const from = params.get('from');
  const tags = params.all('tag');
  return (message: SentMessage, request: { to: string; from: string; tags?: readonly { name: string; value: string }[] | undefined }) =>
    (direction === undefined || direction === 'outbound') &&
    (statuses.length === 0 || statuses.includes(message.status)) &&
    (to === undefined || request.to === to) &&
    (from === undefined || request.from === from) &&
    matchesTags(request.tags, tags);
}

/** `GET …/{id}/events` of SMS and WhatsApp: the events fired so far, with carrier and error where they have them. */
export function timelineOf(message: SentMessage): Record<string, unknown>[] {
  return firedSteps(message).map((step) => ({
    id: step.id,
    type: step.event,
    occurred_at: step.firedAt,
    ...(step.payload.carrier !== undefined && { carrier: step.payload.carrier, mcc_mnc: step.payload.mcc_mnc }),
    ...(step.payload.error !== undefined && { error: step.payload.error }),
  }));
}
