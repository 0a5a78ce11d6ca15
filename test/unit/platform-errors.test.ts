import { describe, expect, it } from 'vitest';
import { PLATFORM_ERRORS, PlatformError, paramDetails, platformErrorBody, type PlatformErrorName } from '../../src/apis/platform/errors.js';
import { EmulatorError, type ErrorCode } from '../../src/errors.js';
import { sdkTypeOf } from '../helpers/platform-client.js';

describe('platform errors', () => {
  it('give every error the type Bird’s SDK infers from its status, and a code in E + 5 digits', () => {
    for (const [name, { code, status, type }] of Object.entries(PLATFORM_ERRORS)) {
      expect(type, name).toBe(sdkTypeOf(status));
      expect(code, name).toMatch(/^E\d{5}$/);
    }
    const codes = Object.values(PLATFORM_ERRORS).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('keep Bird’s own codes for Bird’s own names', () => {
    expect(PLATFORM_ERRORS.ValidationError.code).toBe('E01001');
    expect(PLATFORM_ERRORS.InvalidRequest.code).toBe('E01002');
    expect(PLATFORM_ERRORS.RequestInProgress.code).toBe('E01004');
    expect(PLATFORM_ERRORS.IdempotencyKeyReuse.code).toBe('E01005');
    expect(PLATFORM_ERRORS.InvalidCursor.code).toBe('E01012');
  });

  it('answer every shared error code, and anything else as a 500 that tells nothing', () => {
    const codes: ErrorCode[] = [
      'BadRequest',
      'InvalidPayload',
      'Unauthorized',
      'Forbidden',
      'NotFound',
      'MethodNotAllowed',
      'PayloadTooLarge',
      'Conflict',
      'Timeout',
      'ConfigurationError',
      'InternalError',
    ];
    for (const code of codes) {
      const { status, body } = platformErrorBody(new EmulatorError(code, 'x'), 'req_1');
      expect(body.error.type).toBe(sdkTypeOf(status));
    }
    const { status, body } = platformErrorBody(new Error('secret path /etc/x'), 'req_1');
    expect(status).toBe(500);
    expect(body.error.message).not.toContain('/etc/x');
  });

  it('turn the shared helpers’ details into [{param, message}] with dotted params, on validation errors only', () => {
    expect(
      paramDetails({ '.body.events[0]': ['a', 'b'], '.body': ['c'], '.query.limit': ['d'], '.path.webhook_id': ['e'], '.body[1]': ['f'] }),
    ).toEqual([
      { param: 'events[0]', message: 'a' },
      { param: 'events[0]', message: 'b' },
      { param: 'body', message: 'c' },
      { param: 'limit', message: 'd' },
      { param: 'webhook_id', message: 'e' },
      { param: 'body[1]', message: 'f' },
    ]);
    const invalid = platformErrorBody(new EmulatorError('InvalidPayload', 'bad', { '.body.url': ['must be a URL'] }), 'req_1');
    expect(invalid.body.error.details).toEqual([{ param: 'url', message: 'must be a URL' }]);
    const badRequest = platformErrorBody(new EmulatorError('BadRequest', 'Too deep.', { '.body': ['nests too deep'] }), 'req_1');
    expect(badRequest.body.error).not.toHaveProperty('details');
    expect(badRequest.body.error.message).toBe('Too deep. (nests too deep)');
  });

  it('answer a PlatformError by its name', () => {
    const names = Object.keys(PLATFORM_ERRORS) as PlatformErrorName[];
    for (const name of names) {
      const { status, body } = platformErrorBody(new PlatformError(name, 'm'), 'req_x');
      expect(status).toBe(PLATFORM_ERRORS[name].status);
      expect(body.error).toEqual({
        type: PLATFORM_ERRORS[name].type,
        code: PLATFORM_ERRORS[name].code,
        name,
        message: 'm',
        doc_url: `https://docs.bird.com/errors/${PLATFORM_ERRORS[name].code}`,
        request_id: 'req_x',
      });
    }
  });
});
