import { ArgumentsHost, Catch, HttpStatus } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import { DomainError } from '../../../../libs/domain/src/shared';
import { serviceUnavailable } from './unavailable';

/** Domain error codes -> HTTP status. The one place where the domain meets HTTP. */
export const STATUS_BY_CODE: Record<string, number> = {
  VALIDATION_FAILED: HttpStatus.BAD_REQUEST,
  CALENDAR_DATA_INVALID: HttpStatus.BAD_REQUEST,
  PERIOD_INVALID: HttpStatus.BAD_REQUEST,
  DATE_INVALID: HttpStatus.BAD_REQUEST,
  ACTION_NOT_ALLOWED: HttpStatus.CONFLICT,
  CONFLICT: HttpStatus.CONFLICT,
  VERSION_MISMATCH: HttpStatus.PRECONDITION_FAILED,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  POLICY_PROFILE_UNKNOWN: HttpStatus.NOT_FOUND,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  UNSUPPORTED_MEDIA_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
};

@Catch()
export class DomainErrorFilter extends BaseExceptionFilter {
  override catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (err instanceof DomainError) {
      const status = STATUS_BY_CODE[err.code] ?? HttpStatus.UNPROCESSABLE_ENTITY;
      res.status(status).json({ statusCode: status, error: err.code, message: err.message, ...err.details });
      return;
    }
    // PostgreSQL or Temporal down (unavailable.ts): 503 and when to retry, not a 500.
    const down = serviceUnavailable(err);
    if (down) {
      res
        .status(HttpStatus.SERVICE_UNAVAILABLE)
        .setHeader('Retry-After', String(down.retryAfterSeconds))
        .json({ error: 'SERVICE_UNAVAILABLE', message: `${down.what === 'database' ? 'the database' : 'Temporal'} is unavailable; retry in ${down.retryAfterSeconds} s (with the same Idempotency-Key for an action)`, issues: [] });
      return;
    }
    super.catch(err, host);
  }
}
