import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError } from '@libs/domain/src/shared';
import type { Principal } from '../auth/principal';

/**
 * Lets only system administrators through. A guard, not a check in the handler: guards run before the ValidationPipe,
 * so a caller without the role gets 403 whatever the body, and learns nothing from validation messages.
 * Runs after the global AuthGuard, which sets `request.principal`.
 */
@Injectable()
export class SystemAdminGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const p = ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
    if (!p?.roles.includes('system_admin')) {
      throw new DomainError('FORBIDDEN', 'loading a holiday notice needs the system_admin role', { requiredRole: 'system_admin' });
    }
    return true;
  }
}
