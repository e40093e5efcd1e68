import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';
import { statusOf } from '../common/domain-error.filter';
import type { Principal } from '../auth/principal';
import { auditScope, AuditService, markAudited, type AuditScope } from './audit.service';

/**
 * Records every write (any method but GET/HEAD/OPTIONS), refused or not, before the answer leaves: route, path
 * parameters and outcome, and the stored records it changed with their values before and after (`details.changes`,
 * reported by the services through `AuditService.change`, masked). Bodies are not recorded as such (they may carry
 * reporter identity or ID numbers).
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next.handle();
    const scope: AuditScope = { changes: [] };
    const record = (outcome: number, extra: Record<string, unknown> = {}) => {
      markAudited(req);
      const params = { ...req.params };
      const caseId = typeof params.id === 'string' && req.route?.path?.includes('/cases/') ? params.id : null;
      const username = typeof req.body?.username === 'string' ? (req.body.username as string) : undefined;
      const changes = scope.changes.length ? { changes: scope.changes } : {};
      return this.audit.record(
        req.principal ?? null,
        {
          action: `${req.method} ${req.route?.path ?? req.path}`,
          outcome,
          caseId: isUuid(caseId) ? caseId : null,
          details: { params, ...extra, ...changes },
        },
        username,
      );
    };
    // The handler runs inside the scope (Nest binds it to the async context `handle()` is called in).
    return auditScope
      .run(scope, () => next.handle())
      .pipe(
        mergeMap((body) => {
          const status = ctx.switchToHttp().getResponse<Response>().statusCode;
          const caseId =
            body && typeof body === 'object' && 'id' in body && req.route?.path === '/api/v1/cases'
              ? { createdCaseId: (body as { id: string }).id }
              : {};
          return from(record(status, caseId).then(() => body));
        }),
        catchError((err: unknown) => {
          const status = statusOf(err);
          return from(record(status, { error: err instanceof Error ? err.message.slice(0, 300) : 'error' })).pipe(
            mergeMap(() => throwError(() => err)),
          );
        }),
      );
  }
}

function isUuid(v: string | null): v is string {
  return !!v && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
}
