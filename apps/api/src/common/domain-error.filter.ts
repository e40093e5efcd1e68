import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Injectable, Logger, Optional } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { Request, Response } from 'express';
import { DomainError, validationFailed, type Issue } from '@libs/domain/src/shared';
import { AuditService, isAudited, refusedWriteEntry } from '../audit/audit.service';
import { AuthGuard } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { serviceUnavailable, type Unavailable } from './unavailable';

/** What a 503 says is unavailable. */
const UNAVAILABLE_TEXT: Record<Unavailable['what'], string> = {
  database: 'the database is unavailable',
  temporal: 'Temporal is unavailable',
  workflow: "the record's workflow is not ready (its last task failed and is being retried)",
};

/** Domain error codes -> HTTP status. The one place where the domain meets HTTP. */
export const STATUS_BY_CODE: Record<string, number> = {
  VALIDATION_FAILED: HttpStatus.BAD_REQUEST,
  CALENDAR_DATA_INVALID: HttpStatus.BAD_REQUEST,
  PERIOD_INVALID: HttpStatus.BAD_REQUEST,
  DATE_INVALID: HttpStatus.BAD_REQUEST,
  ACTION_NOT_ALLOWED: HttpStatus.CONFLICT,
  CONFLICT: HttpStatus.CONFLICT,
  VERSION_MISMATCH: HttpStatus.PRECONDITION_FAILED,
  PRECONDITION_REQUIRED: HttpStatus.PRECONDITION_REQUIRED,
  IDEMPOTENCY_KEY_REUSED: HttpStatus.UNPROCESSABLE_ENTITY,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  POLICY_PROFILE_UNKNOWN: HttpStatus.NOT_FOUND,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  UNAUTHENTICATED: HttpStatus.UNAUTHORIZED,
  PAYLOAD_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  UNSUPPORTED_MEDIA_TYPE: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  RATE_LIMITED: HttpStatus.TOO_MANY_REQUESTS,
  SERVICE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
};

/** The code answered for an HTTP status raised outside the domain (routing, guards, parsers, rate limits). */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  412: 'VERSION_MISMATCH',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  428: 'PRECONDITION_REQUIRED',
  429: 'RATE_LIMITED',
};

/**
 * Context a refusal may carry besides its issues (documented in the ErrorBody schema): the case's phase and what the
 * caller may do instead (409), the current version (412).
 */
const CONTEXT_KEYS = ['phase', 'status', 'allowedActions', 'version'] as const;

/** The one error body of every 4xx and 5xx answer (OpenAPI component `ErrorBody`). */
export interface ErrorBody {
  error: string;
  message: string;
  issues: Issue[];
  phase?: string;
  status?: string;
  allowedActions?: string[];
  version?: number;
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

const log = new Logger('HTTP');

/** Turns anything thrown while answering a request into its status and the one error body. */
export function toErrorResponse(err: unknown): ErrorResponse {
  const res = rawErrorResponse(err);
  // An answer never carries control characters (a message may quote the request: a field value, a header).
  res.body.message = clean(res.body.message);
  res.body.issues = res.body.issues.map((i) => ({ ...i, path: clean(i.path), message: clean(i.message) }));
  return res;
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
function clean(s: string): string {
  return s.replace(CONTROL, '\ufffd');
}

/** What the request parser refused (Nest maps body-parser's and the URL decoder's errors to a 400 with the cause). */
function parserRefusal(err: HttpException): string | null {
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof SyntaxError) return 'body: not valid JSON';
  if (cause instanceof URIError) return 'path: not a valid percent-encoded URL';
  return null;
}

function rawErrorResponse(err: unknown): ErrorResponse {
  if (err instanceof DomainError) {
    const status = STATUS_BY_CODE[err.code] ?? HttpStatus.UNPROCESSABLE_ENTITY;
    const body: ErrorBody = { error: err.code, message: err.message, issues: err.issues };
    for (const k of CONTEXT_KEYS) if (err.details[k] !== undefined) Object.assign(body, { [k]: err.details[k] });
    const retryAfter = err.details.retryAfter;
    return { status, body, ...(typeof retryAfter === 'number' ? { headers: { 'Retry-After': String(retryAfter) } } : {}) };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const refused = status === 400 ? parserRefusal(err) : null;
    if (refused)
      return {
        status,
        body: {
          error: 'VALIDATION_FAILED',
          message: refused,
          issues: [{ path: refused.split(':')[0]!, rule: 'syntax', message: refused.slice(refused.indexOf(':') + 2) }],
        },
      };
    const res = err.getResponse();
    const raw = typeof res === 'string' ? res : ((res as { message?: unknown }).message ?? err.message);
    let messages = Array.isArray(raw) ? raw.map(String) : [String(raw)];
    // What Express's body parser refused (Nest wraps it, the parser's error is the cause): the body as a whole.
    const parserType = (err.cause as { type?: unknown } | undefined)?.type;
    const fromParser = typeof parserType === 'string' && /^(entity|charset|encoding|request)\./.test(parserType);
    if (parserType === 'entity.parse.failed') messages = ['body: not valid JSON'];
    return {
      status,
      body: {
        error: CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'REQUEST_REFUSED'),
        message: messages.join('; '),
        issues:
          status === 400 || fromParser ? messages.map((m) => ({ path: fromParser ? 'body' : '', message: m.replace(/^body: /, '') })) : [],
      },
    };
  }
  // Errors of Express's own middleware (body-parser: malformed JSON, too large, bad charset) carry an exposed 4xx.
  const e = err as { status?: unknown; expose?: unknown; type?: unknown; message?: unknown } | null;
  if (e && typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true) {
    const message = e.type === 'entity.parse.failed' ? 'body: not valid JSON' : String(e.message ?? 'the request was refused');
    return {
      status: e.status,
      body: { error: CODE_BY_STATUS[e.status] ?? 'REQUEST_REFUSED', message, issues: e.status === 400 ? [{ path: 'body', message }] : [] },
    };
  }
  // PostgreSQL or Temporal down (unavailable.ts): 503 and when to retry, not a 500.
  const down = serviceUnavailable(err);
  if (down) {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      body: {
        error: 'SERVICE_UNAVAILABLE',
        message: `${UNAVAILABLE_TEXT[down.what]}; retry in ${down.retryAfterSeconds} s (with the same Idempotency-Key for an action)`,
        issues: [],
      },
      headers: { 'Retry-After': String(down.retryAfterSeconds) },
    };
  }
  return { status: 500, body: { error: 'INTERNAL_ERROR', message: 'an unexpected error occurred; it has been logged', issues: [] } };
}

/** The HTTP status an error will be answered with (the audit trail records it). */
export function statusOf(err: unknown): number {
  return toErrorResponse(err).status;
}

/**
 * Every error of every route leaves through here, in the one shape; also what Express's middleware refuses before
 * any route (body parser, NUL check, content type: apps/api/src/common/http-hardening.ts) and what guards refuse.
 *
 * A refused write that the audit interceptor did not record (it runs after the guards and only for matched routes)
 * is recorded here before the answer leaves, with the caller named when its token is valid. A body left unread (an
 * upload refused before it was read) closes the connection after the answer instead of reading it to the end.
 */
@Catch()
@Injectable()
export class DomainErrorFilter implements ExceptionFilter {
  constructor(
    @Optional() private readonly audit?: AuditService,
    @Optional() private readonly auth?: AuthGuard,
  ) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const { status, body, headers } = toErrorResponse(err);
    if (status >= 500 && status !== HttpStatus.SERVICE_UNAVAILABLE)
      log.error({ msg: 'unhandled error', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    const send = () => {
      if (res.headersSent) return;
      for (const [k, v] of Object.entries(headers ?? {})) res.setHeader(k, v);
      if (status === 429 && !res.getHeader('Retry-After')) res.setHeader('Retry-After', retryAfterOf(res));
      if (!req.complete) res.setHeader('Connection', 'close');
      res.status(status).json(body);
    };
    if (!this.audit || !req || ['GET', 'HEAD', 'OPTIONS'].includes(req.method) || isAudited(req)) return send();
    void this.recordRefusal(req, status, body).then(send, (auditErr: unknown) => {
      log.error({
        msg: 'a refused write could not be audited',
        error: auditErr instanceof Error ? (auditErr.stack ?? auditErr.message) : String(auditErr),
      });
      // The database being out is already what a 503 says (with its Retry-After); anything else is a fault of ours.
      if (status === HttpStatus.SERVICE_UNAVAILABLE) return send();
      res.status(500).json({ error: 'INTERNAL_ERROR', message: 'an unexpected error occurred; it has been logged', issues: [] });
    });
  }

  private async recordRefusal(req: Request & { principal?: Principal }, status: number, body: ErrorBody): Promise<void> {
    const who = req.principal ?? (await this.auth?.authenticate(req as never).catch(() => null)) ?? null;
    await this.audit!.record(
      who,
      refusedWriteEntry(req, status, body.message),
      typeof req.body?.username === 'string' ? req.body.username : undefined,
    );
  }
}

/** Seconds to wait, from the login throttler's own header (`Retry-After-account`, `Retry-After-address`), else a minute. */
function retryAfterOf(res: Response): string {
  for (const name of res.getHeaderNames()) if (name.startsWith('retry-after-')) return String(res.getHeader(name));
  return '60';
}

/**
 * class-validator's findings as one 400 naming every field: `subjects[0].name`, `reporter.realName`; an unknown key is
 * rule `unknown_field`.
 */
export function validationErrorsToDomain(errors: ValidationError[]): DomainError {
  const issues: Issue[] = [];
  const walk = (list: ValidationError[], prefix: string) => {
    for (const e of list) {
      const path = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : prefix ? `${prefix}.${e.property}` : e.property;
      for (const [rule, message] of Object.entries(e.constraints ?? {})) {
        const unknown = rule === 'whitelistValidation';
        issues.push({
          path,
          rule: unknown ? 'unknown_field' : rule,
          message: unknown ? 'unknown field: not part of this request' : message,
        });
      }
      if (e.children?.length) walk(e.children, path);
    }
  };
  walk(errors, '');
  return validationFailed(issues);
}
