import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '../../../../libs/domain/src/shared';

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

@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(err: DomainError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const status = STATUS_BY_CODE[err.code] ?? HttpStatus.UNPROCESSABLE_ENTITY;
    res.status(status).json({ statusCode: status, error: err.code, message: err.message, ...err.details });
  }
}
