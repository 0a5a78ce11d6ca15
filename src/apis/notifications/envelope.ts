import type { Payload } from '../../catalogue/types.js';
import type { Envelope } from '../../delivery/dialect.js';
import type { FiredEvent } from '../../domain/event.js';
import { isPlainObject } from '../../objects.js';

/**
 * The Notifications API's webhook body (SPEC §1.5): `{"service": …, "event": …, "payload": {…}}`,
 * in that order, the payload last. The one place this format is written and read.
 */
export const notificationsEnvelope: Envelope = {
  // The same text as `prefixOf` and the payload's JSON joined (`payloadText` relies on it), made by
  // one JSON.stringify as one flat string.
  encode: (event) => JSON.stringify({ service: event.service, event: event.event, payload: event.payload }),

  decode: payloadOfBody,

  payloadText(body, event) {
    const prefix = prefixOf(event);
    return body.startsWith(prefix) && body.endsWith('}') ? body.slice(prefix.length, -1) : undefined;
  },
};

/** The body up to the payload: the same text `JSON.stringify({service, event, payload})` starts with. */
function prefixOf(event: Pick<FiredEvent, 'service' | 'event'>): string {
  return `{"service":${JSON.stringify(event.service)},"event":${JSON.stringify(event.event)},"payload":`;
}

/** The payload of a body (`{service, event, payload}`) as it was sent; `{}` if it has none. */
function payloadOfBody(body: string): Payload {
  const parsed: unknown = JSON.parse(body);
  return isPlainObject(parsed) && isPlainObject(parsed.payload) ? parsed.payload : {};
}
