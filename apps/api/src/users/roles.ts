import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@libs/domain/src/case/actions';
import { DomainError } from '@libs/domain/src/shared';
import type { Principal } from '../auth/principal';

/** The fixed list of roles an account may hold (RULES.md §1). */
export const ROLES = [
  'integrity_admin',
  'case_officer',
  'investigator',
  'unit_head',
  'supervisor',
  'system_admin',
] as const satisfies readonly Role[];

const REQUIRED_ROLES = 'requiredRoles';

/** The caller needs at least one of these roles; checked by {@link RolesGuard}. */
export const RequireRoles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/**
 * Refuses (403) a caller holding none of the roles named by {@link RequireRoles}. A guard, not a check in the handler:
 * guards run before interceptors (file upload) and the ValidationPipe, so a caller without the role gets 403 whatever
 * the body and learns nothing from validation messages. Runs after the global AuthGuard, which reloads the caller's
 * roles from the database on every request, so a removed role is refused at once.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [ctx.getHandler(), ctx.getClass()]);
    if (!roles?.length) return true;
    const p = ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
    if (!p?.roles.some((r) => (roles as string[]).includes(r))) {
      throw new DomainError('FORBIDDEN', `this needs one of the roles ${roles.join(', ')}`, { requiredRoles: roles });
    }
    return true;
  }
}
