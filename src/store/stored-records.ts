import type { Attempt, Delivery } from '../domain/delivery.js';
import type { FiredEvent } from '../domain/event.js';

/**
 * How the history holds its records in memory: strings that many records repeat are shared, and an
 * event keeps its payload as the text of its delivery body, which its deliveries share. With both,
 * a long history takes about half the memory. Every function here builds a new record; none
 * changes the one it is given.
 */

/** Returns one shared instance per distinct string. */
export type Intern = (value: string) => string;

/**
 * Hands out one shared instance per distinct string, so the ids, URLs and header values that every
 * record of a subscription repeats are held once rather than once per delivery (records read back
 * from the journal, or answered by the receiver, each bring their own copies).
 */
export function createInterner(max = 20_000): Intern {
  let table = new Map<string, string>();
  return (value) => {
    const known = table.get(value);
    if (known !== undefined) return known;
    // A bound, so per-request values (timestamps, dates) cannot grow the table without end.
    if (table.size >= max) table = new Map();
    table.set(value, value);
    return value;
  };
}

/**
 * The delivery as stored: its repeated strings shared, its body the event's body when they are the
 * same text. Built field by field in schema order, so every stored delivery has one compact layout.
 */
export function storedDelivery(
  delivery: Delivery,
  eventBody: string | undefined,
  intern: Intern,
  perRequestHeaders: ReadonlySet<string>,
): Delivery {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(delivery.request.headers)) {
    // The request id is the delivery id; a signature is unique to its request: neither is worth sharing.
    headers[name] = value === delivery.id ? delivery.id : perRequestHeaders.has(name) ? value : intern(value);
  }
  const stored: Delivery = {
    id: delivery.id,
    api: delivery.api,
    eventId: delivery.eventId,
    subscriptionId: intern(delivery.subscriptionId),
    ...(delivery.organizationId !== undefined && { organizationId: intern(delivery.organizationId) }),
    workspaceId: intern(delivery.workspaceId),
    service: delivery.service,
    event: intern(delivery.event),
    url: intern(delivery.url),
    status: delivery.status,
    request: { headers, body: eventBody === delivery.request.body ? eventBody : delivery.request.body },
    attempts: delivery.attempts.map((attempt) => storedAttempt(attempt, intern)),
    maxAttempts: delivery.maxAttempts,
    ...(delivery.nextAttemptAt !== undefined && { nextAttemptAt: delivery.nextAttemptAt }),
    ...(delivery.reason !== undefined && { reason: delivery.reason }),
    ...(delivery.redeliveryOf !== undefined && { redeliveryOf: delivery.redeliveryOf }),
    createdAt: delivery.createdAt,
    updatedAt: delivery.updatedAt,
  };
  return stored;
}

function internedValues(headers: Readonly<Record<string, string>>, intern: Intern): Record<string, string> {
  const shared: Record<string, string> = {};
  for (const name in headers) shared[name] = intern(headers[name] as string);
  return shared;
}

/** The attempt as stored, its repeated strings shared. */
export function storedAttempt(attempt: Attempt, intern: Intern): Attempt {
  const { response, error } = attempt;
  return {
    attemptNumber: attempt.attemptNumber,
    destination: intern(attempt.destination),
    // Stamped per attempt (a fresh timestamp and signature): nothing in them is worth sharing.
    ...(attempt.requestHeaders && { requestHeaders: attempt.requestHeaders }),
    startedAt: attempt.startedAt,
    durationMs: attempt.durationMs,
    outcome: attempt.outcome,
    ...(response && {
      response: {
        status: response.status,
        headers: internedValues(response.headers, intern),
        body: response.body.length <= 256 ? intern(response.body) : response.body,
        bodyTruncated: response.bodyTruncated,
      },
    }),
    ...(error && { error: { code: error.code, message: intern(error.message) } }),
  };
}

// The delivery body a stored event keeps instead of its payload; `payload` is parsed from it when read.
const BODY = Symbol('body');
const DECODE = Symbol('decode');
type StoredEvent = FiredEvent & { [BODY]: string; [DECODE]: (body: string) => FiredEvent['payload'] };

function payloadGetter(this: StoredEvent): FiredEvent['payload'] {
  return this[DECODE](this[BODY]);
}

/** The delivery body a stored event keeps. */
export const bodyOfStored = (event: FiredEvent): string | undefined => (event as Partial<StoredEvent>)[BODY];

/**
 * The event as stored: its payload held once, as the text of the delivery body (`decode` reads it
 * back), which its deliveries share instead of each holding a copy (about 1 KB per delivery).
 * @note `payload` stays an enumerable property (a getter), so the event still serialises, spreads
 * and compares like the plain object it was; each read returns a fresh copy.
 */
export function storedEvent(event: FiredEvent, body: string, decode: (body: string) => FiredEvent['payload'], intern: Intern): FiredEvent {
  // Built field by field in the order of FiredEvent, so it serialises as the original did.
  const stored: Record<string, unknown> = { id: event.id, api: event.api, service: event.service, event: intern(event.event) };
  if (event.organizationId !== undefined) stored.organizationId = intern(event.organizationId);
  if (event.workspaceId !== undefined) stored.workspaceId = intern(event.workspaceId);
  Object.defineProperty(stored, 'payload', { get: payloadGetter, enumerable: true });
  stored.firedAt = event.firedAt;
  stored.source = event.source;
  if (event.messageId !== undefined) stored.messageId = event.messageId;
  stored.deliveryIds = event.deliveryIds;
  Object.defineProperty(stored, BODY, { value: body });
  Object.defineProperty(stored, DECODE, { value: decode });
  return stored as StoredEvent;
}

/**
 * The journal line of a stored event, its payload spliced in as the text it is kept as
 * (`payloadText`, from the event's envelope): compaction does not parse every payload only to
 * serialise it again (it blocks the event loop while it runs).
 */
export function eventLine(event: FiredEvent, payloadText: (body: string, event: FiredEvent) => string | undefined): string {
  const body = bodyOfStored(event);
  const payload = body === undefined ? undefined : payloadText(body, event);
  if (payload === undefined) return JSON.stringify({ t: 'event', v: event });
  // Named fields only: reading `payload` would parse it.
  const { id, api, service, event: name, organizationId, workspaceId, firedAt, source, messageId, deliveryIds } = event;
  const head = JSON.stringify({
    t: 'event',
    v: { id, api, service, event: name, organizationId, workspaceId, firedAt, source, messageId, deliveryIds },
  });
  return `${head.slice(0, -2)},"payload":${payload}}}`;
}
