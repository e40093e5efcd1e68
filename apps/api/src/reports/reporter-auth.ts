/**
 * The reporter's sign-in on the public channel (issue 23): HTTP Basic with the report key as user name and the chosen
 * password, on every request (no session to steal or expire; the channel is used now and then).
 *
 * Brute force and enumeration are refused:
 *  - per client address: every request that presents a key counts (REPORTER_LIMIT_PER_ADDRESS a minute); one without
 *    Basic credentials is refused first and counts nothing;
 *  - per key: every attempt counts before the password is checked and a success gives its count back, so only
 *    failures stay (REPORTER_FAILURES_PER_KEY a quarter of an hour); concurrent guesses cannot slip past the limit;
 *  - over a limit: 429 in the one error body with `Retry-After`, before any hash is computed;
 *  - a wrong key and a wrong password get the same 401 and take the same time: an unknown key is checked against a
 *    dummy scrypt hash with the same parameters (bench/reporter-auth.bench.ts measures both).
 * The counters live in PostgreSQL (libs/persistence/src/reports.ts), shared by every API instance. Nothing of the key
 * or the password is logged or audited; the audit names the report only after a successful sign-in.
 */
import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@libs/config/src';
import { DomainError } from '@libs/domain/src/shared';
import { countInWindow, reportByKeyHash } from '@libs/persistence/src/reports';
import { hashPassword, normaliseReportKey, reportKeyHash, verifyPassword } from '@libs/security/src';

export const KEY_WINDOW_SECONDS = 15 * 60;
const ADDRESS_WINDOW_SECONDS = 60;

/** The one answer for any credential that does not open a report. */
export function badCredentials(): DomainError {
  return new DomainError('UNAUTHENTICATED', 'unknown report key or wrong password');
}

export interface ReporterSession {
  reportId: string;
}

@Injectable()
export class ReporterAuth {
  private dummy?: Promise<string>;

  constructor(
    private readonly ds: DataSource,
    private readonly config: ConfigService<{ app: AppConfig }, true>,
  ) {}

  private get limits() {
    return this.config.get('app', { infer: true }).reporters;
  }

  /** A hash with the real parameters, made once, so an unknown key costs what a known one does. */
  private dummyHash(): Promise<string> {
    return (this.dummy ??= hashPassword('not-a-password: unknown report keys are checked against this'));
  }

  /** Counts one request of `address` (429 over the limit). Filing has its own hourly limit (`takeFiling`). */
  async takeAddress(address: string): Promise<void> {
    const { count, retryAfter } = await countInWindow(this.ds, `addr:${address}`, ADDRESS_WINDOW_SECONDS);
    if (count > this.limits.perAddressPerMinute)
      throw rateLimited(`at most ${this.limits.perAddressPerMinute} requests a minute from one address`, retryAfter);
  }

  async takeFiling(address: string): Promise<void> {
    const { count, retryAfter } = await countInWindow(this.ds, `file:${address}`, 3600);
    if (count > this.limits.filingsPerAddressPerHour)
      throw rateLimited(`at most ${this.limits.filingsPerAddressPerHour} reports an hour from one address`, retryAfter);
  }

  /** The report the request's Basic credentials open, or 401 / 429. */
  async authenticate(req: Request): Promise<ReporterSession> {
    const creds = basicCredentials(req.headers.authorization);
    // A request without credentials guesses nothing: refused before anything is counted (a refusal writes nothing).
    if (!creds)
      throw new DomainError(
        'UNAUTHENTICATED',
        'send the report key and password as HTTP Basic credentials (Authorization: Basic base64(key:password))',
      );
    await this.takeAddress(clientAddress(req));
    // The key's bucket is named by a hash of what was typed (normalised where it can be a key), so neither existence
    // nor format changes how it is counted.
    const normalised = normaliseReportKey(creds.key);
    const bucket = `key:${createHash('sha256')
      .update(normalised ?? `raw:${creds.key}`)
      .digest('hex')}`;
    const { count, retryAfter } = await countInWindow(this.ds, bucket, KEY_WINDOW_SECONDS);
    if (count > this.limits.failuresPerKeyPerWindow) {
      throw rateLimited(
        `too many wrong passwords for this key: at most ${this.limits.failuresPerKeyPerWindow} in ${KEY_WINDOW_SECONDS / 60} minutes`,
        retryAfter,
      );
    }
    // Looked up even when it cannot be a key (it then finds nothing), so a malformed key takes the same path.
    const report = await reportByKeyHash(this.ds, reportKeyHash(normalised ?? `raw:${creds.key}`));
    const ok = await verifyPassword(creds.password, report?.password_hash ?? (await this.dummyHash()));
    if (!report || !ok) throw badCredentials();
    await countInWindow(this.ds, bucket, KEY_WINDOW_SECONDS, -1); // a success is not a failure
    return { reportId: report.id };
  }
}

/** Authenticates the reporter before the route reads its body (a file upload is read only once the report is open). */
@Injectable()
export class ReporterGuard implements CanActivate {
  constructor(private readonly auth: ReporterAuth) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request & { reporter?: ReporterSession }>();
    req.reporter = await this.auth.authenticate(req);
    return true;
  }
}

export const CurrentReport = createParamDecorator((_: unknown, ctx: ExecutionContext): ReporterSession => {
  return ctx.switchToHttp().getRequest<{ reporter: ReporterSession }>().reporter;
});

export function clientAddress(req: Request): string {
  return String(req.ip ?? req.socket?.remoteAddress ?? 'unknown');
}

function rateLimited(what: string, retryAfter: number): DomainError {
  return new DomainError('RATE_LIMITED', `too many attempts: ${what}; retry in ${retryAfter} s`, { retryAfter });
}

function basicCredentials(header: string | undefined): { key: string; password: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]{1,1000})\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1 || decoded.includes('\u0000')) return undefined;
  return { key: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
