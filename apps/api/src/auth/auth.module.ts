import { Global, Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '@libs/config/src';
import { AuthController } from './auth.controller';
import { AuthGuard, JWT_ALGORITHMS, JWT_PREVIOUS_KEY } from './auth.guard';
import { WriteRateLimiter } from './write-rate-limiter';
import { OrgScope } from './org-scope.service';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<{ app: AppConfig }, true>) => ({
        // A KeyObject, not the string: jsonwebtoken otherwise tries (and fails) to parse the string as a public key,
        // then builds a secret key, on every verification (about 2 ms of CPU per request).
        secret: createSecretKey(Buffer.from(config.get('app', { infer: true }).jwtSecret)),
        signOptions: { expiresIn: '8h', algorithm: 'HS256' },
        verifyOptions: { algorithms: JWT_ALGORITHMS },
      }),
    }),
    // Login attempts: per account (address + username), so one office behind a shared address is not locked out by
    // one person, and per address, against password spraying across accounts.
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<{ app: AppConfig }, true>) => {
        const { perAccountPerMinute, perAddressPerMinute } = config.get('app', { infer: true }).loginRateLimit;
        return [
          {
            name: 'account',
            ttl: 60_000,
            limit: perAccountPerMinute,
            getTracker: (req: Record<string, unknown>) =>
              `${String(req.ip)}|${String((req.body as { username?: unknown } | undefined)?.username ?? '')}`,
          },
          { name: 'address', ttl: 60_000, limit: perAddressPerMinute },
        ];
      },
    }),
  ],
  controllers: [AuthController],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    AuthGuard,
    OrgScope,
    WriteRateLimiter,
    {
      provide: JWT_PREVIOUS_KEY,
      inject: [ConfigService],
      useFactory: (config: ConfigService<{ app: AppConfig }, true>) => {
        const previous = config.get('app', { infer: true }).jwtPreviousSecret;
        return previous ? createSecretKey(Buffer.from(previous)) : null;
      },
    },
  ],
  exports: [OrgScope, AuthGuard],
})
export class AuthModule {}
