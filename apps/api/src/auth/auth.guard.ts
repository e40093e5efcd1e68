import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { IS_PUBLIC, type Principal } from './principal';

/** Global guard: every route needs a valid bearer token of an active user, unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly ds: DataSource,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!token) throw new UnauthorizedException('a bearer token is required (POST /api/v1/auth/login)');
    let sub: string;
    let iat: number;
    try {
      ({ sub, iat } = await this.jwt.verifyAsync<{ sub: string; iat: number }>(token));
    } catch {
      throw new UnauthorizedException('the bearer token is invalid or expired');
    }
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT u.id, u.username, u.name, u.org_id, u.roles, o.path, o.name AS org_name
         FROM users u JOIN organisations o ON o.id = u.org_id
        WHERE u.id = $1 AND u.active AND (u.tokens_valid_after IS NULL OR to_timestamp($2) > date_trunc('second', u.tokens_valid_after))`,
      [sub, iat],
    );
    const u = rows[0];
    if (!u) throw new UnauthorizedException('the account is not active, or the token was issued before it was deactivated');
    req.principal = {
      userId: u.id as string,
      username: u.username as string,
      name: u.name as string,
      orgId: u.org_id as string,
      orgPath: u.path as string,
      orgName: u.org_name as string,
      roles: u.roles as string[],
    };
    return true;
  }
}
