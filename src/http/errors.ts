import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { EmulatorError, type ErrorCode } from '../errors.js';

/** The one map from error codes to HTTP statuses. */
const STATUS_OF: Record<ErrorCode, ContentfulStatusCode> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  Timeout: 408,
  Conflict: 409,
  PayloadTooLarge: 413,
  InvalidPayload: 422,
  ConfigurationError: 500,
  InternalError: 500,
};

/** Bird's error body: `{code, message, details?}`. */
export interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, string[]>;
}

export function statusOf(code: ErrorCode): ContentfulStatusCode {
  return STATUS_OF[code];
}

/** The status and Bird's JSON error body for `error`; anything that is not an EmulatorError is a 500 without a stack. */
export function errorAnswer(error: unknown): { status: ContentfulStatusCode; body: ErrorBody } {
  const known =
    error instanceof EmulatorError
      ? error
      : new EmulatorError('InternalError', 'The emulator failed to handle this request; this is a bug, please report it.');
  return {
    status: statusOf(known.code),
    body: { code: known.code, message: known.message, ...(known.details && { details: known.details }) },
  };
}

/** Answers with Bird's JSON error shape (see `errorAnswer`). */
export function errorResponse(c: Context, error: unknown): Response {
  const { status, body } = errorAnswer(error);
  return c.json(body, status);
}
