/**
 * The one error type of the emulator's core. It carries a Bird-style error code and optional
 * per-path details; it knows nothing of HTTP. `api/errors.ts` is the only place that maps a code
 * to a status.
 */
export type ErrorCode =
  /** The request is not well formed (e.g. the body is not JSON). */
  | 'BadRequest'
  /** A well-formed request whose content fails validation. */
  | 'InvalidPayload'
  /** Missing or refused access key. */
  | 'Unauthorized'
  /** Refused by the Host/Origin checks. */
  | 'Forbidden'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'PayloadTooLarge'
  /** The request does not fit the emulator's current mode (e.g. advancing a system clock). */
  | 'Conflict'
  /** A wait for a delivery ran out of time. */
  | 'Timeout'
  /** Start-up problems: unreadable or corrupt data files, a port in use, bad options. */
  | 'ConfigurationError'
  | 'InternalError';

/** Maps a request path such as `.body.url` to the messages about it. */
export type ErrorDetails = Record<string, string[]>;

export class EmulatorError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EmulatorError';
    this.code = code;
    this.details = details;
  }
}

/** Builds an `InvalidPayload` error for a single path. */
export function invalidField(path: string, message: string): EmulatorError {
  return new EmulatorError('InvalidPayload', message, { [path]: [message] });
}
