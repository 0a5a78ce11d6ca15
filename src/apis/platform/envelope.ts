import type { Payload } from '../../catalogue/types.js';
import type { Envelope } from '../../delivery/dialect.js';
import type { FiredEvent } from '../../domain/event.js';
import { isPlainObject } from '../../objects.js';

/**
 * The platform API's webhook body (research §3.1): `{"type": …, "timestamp": …, "data": {…}}`,
 * "exactly three fields", the data last. `timestamp` is when the event happened, to the second as
 * in Bird's published example (`2026-06-01T17:00:12Z`).
 */
export const platformEnvelope: Envelope = {
  // One JSON.stringify of the whole envelope, the same text as `prefixOf` and the data's JSON joined
  // (see the Notifications API's envelope).
  encode: (event) => JSON.stringify({ type: event.event, timestamp: envelopeTimestamp(event.firedAt), data: event.payload }),

  decode(body) {
    const parsed: unknown = JSON.parse(body);
    return isPlainObject(parsed) && isPlainObject(parsed.data) ? (parsed.data as Payload) : {};
  },

  payloadText(body, event) {
    const prefix = prefixOf(event);
    return body.startsWith(prefix) && body.endsWith('}') ? body.slice(prefix.length, -1) : undefined;
  },
};

/** The envelope's `timestamp`: the event's time to the second, RFC 3339 in UTC. */
export function envelopeTimestamp(firedAt: string): string {
  return firedAt.replace(/\.\d+Z$/, 'Z');
}

function prefixOf(event: Pick<FiredEvent, 'event' | 'firedAt'>): string {
  return `{"type":${JSON.stringify(event.event)},"timestamp":${JSON.stringify(envelopeTimestamp(event.firedAt))},"data":`;
}
