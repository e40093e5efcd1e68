import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '../../../../libs/config/src';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { OrgScope } from './org-scope.service';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<{ app: AppConfig }, true>) => ({
        secret: config.get('app', { infer: true }).jwtSecret,
        signOptions: { expiresIn: '8h' },
      }),
    }),
    ThrottlerModule.forRoot([{ ttl: 60_000, limit: 10 }]),
  ],
  controllers: [AuthController],
  providers: [{ provide: APP_GUARD, useClass: AuthGuard }, OrgScope],
  exports: [OrgScope],
})
export class AuthModule {}
