import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { KeyObject } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IS_PUBLIC, type Principal } from './principal';
import { WriteRateLimiter } from './write-rate-limiter';
import { activePrincipal } from '@libs/persistence/src/users';

/** The secret of the previous rotation (JWT_PREVIOUS_SECRET), or null. */
export const JWT_PREVIOUS_KEY = Symbol('JWT_PREVIOUS_KEY');
/** Tokens are HS256 only: `none` and every other algorithm are refused. */
export const JWT_ALGORITHMS = ['HS256' as const];

type AuthRequest = { method: string; ip?: string; headers: Record<string, string | undefined>; principal?: Principal };

/**
 * Global guard: every route needs a valid bearer token of an active user, unless marked @Public(). Writes are counted
 * against the caller's write limit here, right after the caller is known (an anonymous write against its address).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly ds: DataSource,
    private readonly writes: WriteRateLimiter,
    @Inject(JWT_PREVIOUS_KEY) private readonly previousKey: KeyObject | null,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest<AuthRequest>();
    const write = !['GET', 'HEAD', 'OPTIONS'].includes(req.method);
    try {
      req.principal = await this.authenticate(req);
    } catch (err) {
      if (write) this.writes.take(`address:${req.ip ?? ''}`);
      throw err;
    }
    if (write) this.writes.take(`user:${req.principal.userId}`);
    return true;
  }

  /** The caller of a request, or an UnauthorizedException saying why not (also used to name who a refusal was for). */
  async authenticate(req: Pick<AuthRequest, 'headers'>): Promise<Principal> {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!token) throw new UnauthorizedException('a bearer token is required (POST /api/v1/auth/login)');
    const { sub, iat } = await this.verify(token);
    const u = await activePrincipal(this.ds, sub, iat);
    if (!u) throw new UnauthorizedException('the account is not active, or the token was issued before it was deactivated');
    return {
      userId: u.id,
      username: u.username,
      name: u.name,
      orgId: u.org_id,
      orgPath: u.path,
      orgName: u.org_name,
      roles: u.roles,
    };
  }

  /** The current secret, else (during a rotation window) the previous one. */
  private async verify(token: string): Promise<{ sub: string; iat: number }> {
    try {
      return await this.jwt.verifyAsync<{ sub: string; iat: number }>(token, { algorithms: JWT_ALGORITHMS });
    } catch {
      if (this.previousKey) {
        try {
          return await this.jwt.verifyAsync<{ sub: string; iat: number }>(token, {
            algorithms: JWT_ALGORITHMS,
            secret: this.previousKey as unknown as string,
          });
        } catch {
          // fall through: invalid under both
        }
      }
      throw new UnauthorizedException('the bearer token is invalid or expired');
    }
  }
}
