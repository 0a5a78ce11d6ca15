import { EmulatorError, type ErrorCode, type ErrorDetails } from '../../errors.js';

/**
 * Bird's platform API errors (research §1.10): every error answers
 * `{"error": {type, code, name, message, doc_url, request_id, details?}}` with the `X-Request-Id`
 * header. Bird's SDK picks its error class by `type` (NOTES §3.3), so each `type` here is the one
 * the SDK infers from the status.
 *
 * | code   | name                         | status | type                    | when |
 * |--------|------------------------------|--------|-------------------------|------|
 * | E01001 | ValidationError              | 422    | validation_error        | a body, query or path field fails validation (unknown field, bad URL, unknown event type, more than 100 events…); `details: [{param, message}]` |
 * | E01002 | InvalidRequest               | 400    | bad_request_error       | the body is not JSON, or not `application/json`; an empty or over-long `Idempotency-Key` |
 * | E01004 | RequestInProgress            | 409    | conflict_error          | the `Idempotency-Key` is still in use by a request in flight |
 * | E01005 | IdempotencyKeyReuse          | 409    | conflict_error          | the `Idempotency-Key` was used for a different request (method, path or body) |
 * | E01012 | InvalidCursor                | 422    | validation_error        | `starting_after`/`ending_before` is not a cursor of this list and sort |
 * | E90001 | Unauthorized                 | 401    | auth_error              | no `Authorization: Bearer <key>`, or a key `--access-key` does not accept |
 * | E90002 | Forbidden                    | 403    | permission_error        | (not raised on `/v1` today: the Host check answers before any API) |
 * | E90003 | RouteNotFound                | 404    | not_found_error         | no route under `/v1` has this path |
 * | E90004 | MethodNotAllowed             | 405    | bad_request_error       | the path exists, the method does not (`Allow` lists the methods) |
 * | E90005 | PayloadTooLarge              | 413    | payload_too_large_error | the body is over `--max-body-bytes` (1 MiB by default) |
 * | E90006 | Conflict                     | 409    | conflict_error          | (not raised on `/v1` today) |
 * | E90007 | RequestTimeout               | 408    | bad_request_error       | (not raised on `/v1` today) |
 * | E90008 | InternalError                | 500    | internal_error          | a bug in the emulator |
 * | E90101 | WebhookNotFound              | 404    | not_found_error         | no endpoint with this id in the key's workspace |
 * | E90102 | WebhookTooManySecrets        | 409    | conflict_error          | rotate-secret while the endpoint already has 5 live secrets |
 * | E90103 | WebhookTestEventTypeRequired | 412    | precondition_error      | test without `event_type` on an endpoint that lists no event type |
 * | E90104 | MessageNotFound              | 404    | not_found_error         | no e-mail, SMS or WhatsApp message with this id in the key's workspace |
 * | E90105 | UnsupportedFeature           | 422    | validation_error        | an e-mail send with `template` or `scheduled_at`, which the emulator does not render or schedule |
 * | E90201 | SMSInvalidRecipient          | 422    | validation_error        | an SMS `to` that is not an E.164 number |
 * | E90202 | SMSNoEligibleSender          | 422    | validation_error        | a free-text SMS without `from` |
 * | E90203 | SMSUnsupportedFeature        | 422    | validation_error        | an SMS field Bird marks "Preview feature … returns 422 SMSUnsupportedFeature" |
 * | E90301 | WhatsAppContentRequired      | 422    | validation_error        | a WhatsApp send with no content |
 * | E90302 | WhatsAppContentAmbiguous     | 422    | validation_error        | a WhatsApp send with more than one kind of content |
 * | E90303 | WhatsAppInvalidRecipient     | 422    | validation_error        | a WhatsApp `to` that is neither an E.164 number nor a business-scoped user id |
 * | E90304 | WhatsAppSenderRequired       | 422    | validation_error        | a free-form WhatsApp send without `from` |
 *
 * The E01xxx codes and names are Bird's (research §1.0, §1.2, §1.10); the E9xxxx ones are the
 * emulator's, since Bird publishes none for these cases; the names from `SMSInvalidRecipient` on
 * are Bird's (its SDK's descriptions name them), their codes are ours. `WebhookTooManySecrets` is the name Bird's
 * SDK gives; its status is not published: 409 `conflict_error` because the request is well formed
 * and only the endpoint's state refuses it, and it succeeds once an old secret expires.
 */
export const PLATFORM_ERRORS = {
  ValidationError: { code: 'E01001', status: 422, type: 'validation_error' },
  InvalidRequest: { code: 'E01002', status: 400, type: 'bad_request_error' },
  RequestInProgress: { code: 'E01004', status: 409, type: 'conflict_error' },
  IdempotencyKeyReuse: { code: 'E01005', status: 409, type: 'conflict_error' },
  InvalidCursor: { code: 'E01012', status: 422, type: 'validation_error' },
  Unauthorized: { code: 'E90001', status: 401, type: 'auth_error' },
  Forbidden: { code: 'E90002', status: 403, type: 'permission_error' },
  RouteNotFound: { code: 'E90003', status: 404, type: 'not_found_error' },
  MethodNotAllowed: { code: 'E90004', status: 405, type: 'bad_request_error' },
  PayloadTooLarge: { code: 'E90005', status: 413, type: 'payload_too_large_error' },
  Conflict: { code: 'E90006', status: 409, type: 'conflict_error' },
  RequestTimeout: { code: 'E90007', status: 408, type: 'bad_request_error' },
  InternalError: { code: 'E90008', status: 500, type: 'internal_error' },
  WebhookNotFound: { code: 'E90101', status: 404, type: 'not_found_error' },
  WebhookTooManySecrets: { code: 'E90102', status: 409, type: 'conflict_error' },
  WebhookTestEventTypeRequired: { code: 'E90103', status: 412, type: 'precondition_error' },
  MessageNotFound: { code: 'E90104', status: 404, type: 'not_found_error' },
  UnsupportedFeature: { code: 'E90105', status: 422, type: 'validation_error' },
  SMSInvalidRecipient: { code: 'E90201', status: 422, type: 'validation_error' },
  SMSNoEligibleSender: { code: 'E90202', status: 422, type: 'validation_error' },
  SMSUnsupportedFeature: { code: 'E90203', status: 422, type: 'validation_error' },
  WhatsAppContentRequired: { code: 'E90301', status: 422, type: 'validation_error' },
  WhatsAppContentAmbiguous: { code: 'E90302', status: 422, type: 'validation_error' },
  WhatsAppInvalidRecipient: { code: 'E90303', status: 422, type: 'validation_error' },
  WhatsAppSenderRequired: { code: 'E90304', status: 422, type: 'validation_error' },
} as const satisfies Record<string, { code: `E${string}`; status: number; type: string }>;

export type PlatformErrorName = keyof typeof PLATFORM_ERRORS;
export type PlatformErrorStatus = (typeof PLATFORM_ERRORS)[PlatformErrorName]['status'];

/** One entry of `details`: the dotted path of the field (`events[0]`, `url`) and what is wrong with it. */
export interface ParamDetail {
  param: string;
  message: string;
}

/** An error of the platform API's own rules, by Bird's name; errors.ts knows its code and status. */
export class PlatformError extends Error {
  readonly birdName: PlatformErrorName;
  readonly details: readonly ParamDetail[] | undefined;

  constructor(birdName: PlatformErrorName, message: string, details?: readonly ParamDetail[]) {
    super(message);
    this.name = 'PlatformError';
    this.birdName = birdName;
    this.details = details;
  }
}

/**
 * A 422 `validation_error` about one field; `message` says what the field must be ("must be …").
 * `name` is Bird's name for the rule broken, where it has one (`SMSInvalidRecipient`).
 */
export function invalidParam(param: string, message: string, name: PlatformErrorName = 'ValidationError'): PlatformError {
  return new PlatformError(name, `Request validation failed: ${param} ${message}.`, [{ param, message }]);
}

/** The emulator's shared error codes (thrown by the shared HTTP helpers) in the platform API's names. */
const NAME_OF: Record<ErrorCode, PlatformErrorName> = {
  BadRequest: 'InvalidRequest',
  InvalidPayload: 'ValidationError',
  Unauthorized: 'Unauthorized',
  Forbidden: 'Forbidden',
  NotFound: 'RouteNotFound',
  MethodNotAllowed: 'MethodNotAllowed',
  PayloadTooLarge: 'PayloadTooLarge',
  Conflict: 'Conflict',
  Timeout: 'RequestTimeout',
  ConfigurationError: 'InternalError',
  InternalError: 'InternalError',
};

/** Bird's error body. */
export interface PlatformErrorBody {
  error: {
    type: string;
    code: string;
    name: PlatformErrorName;
    message: string;
    doc_url: string;
    request_id: string;
    details?: ParamDetail[];
  };
}

/**
 * The status and body for any error thrown while answering `request_id`; anything that is neither
 * a PlatformError nor an EmulatorError is a 500 that tells nothing of the emulator's insides.
 * `details` appear on `validation_error` only, as at Bird; elsewhere their messages join the message.
 */
export function platformErrorBody(error: unknown, requestId: string): { status: PlatformErrorStatus; body: PlatformErrorBody } {
  let name: PlatformErrorName = 'InternalError';
  let message = 'The emulator failed to handle this request; this is a bug, please report it.';
  let details: readonly ParamDetail[] = [];
  if (error instanceof PlatformError) {
    ({ birdName: name, message } = error);
    details = error.details ?? [];
  } else if (error instanceof EmulatorError) {
    name = NAME_OF[error.code];
    message = error.message;
    details = paramDetails(error.details);
  }
  const { code, status, type } = PLATFORM_ERRORS[name];
  if (type !== 'validation_error' && details.length > 0) {
    const extra = details.map((d) => d.message).filter((m) => !message.includes(m));
    if (extra.length > 0) message = `${message} (${extra.join('; ')})`;
  }
  return {
    status,
    body: {
      error: {
        type,
        code,
        name,
        message,
        doc_url: `https://docs.bird.com/errors/${code}`,
        request_id: requestId,
        ...(type === 'validation_error' && details.length > 0 && { details: [...details] }),
      },
    },
  };
}

/**
 * The shared helpers' details (`{".body.events[0]": ["…"]}`) as Bird's `[{param, message}]` with
 * dotted params (`events[0]`); an issue with the whole body is on `body`.
 */
export function paramDetails(details: ErrorDetails | undefined): ParamDetail[] {
  return Object.entries(details ?? {}).flatMap(([path, messages]) => {
    const param = path.replace(/^\.(body|query|path)(\.|(?=\[)|$)/, (_all, part: string, rest: string) => (rest === '' ? part : ''));
    return messages.map((message) => ({ param, message }));
  });
}
