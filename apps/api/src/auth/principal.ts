import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

/** The authenticated caller, reloaded from the database on every request (deactivation and role removal act at once). */
export interface Principal {
  userId: string;
  username: string;
  name: string;
  orgId: string;
  orgPath: string;
  orgName: string;
  roles: string[];
}

export const IS_PUBLIC = 'isPublic';
/** Marks a route that needs no bearer token (login, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
