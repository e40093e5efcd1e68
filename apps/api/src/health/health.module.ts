import { Module } from '@nestjs/common';
import { HealthChecks, HealthController } from './health.controller';

@Module({ controllers: [HealthController], providers: [HealthChecks] })
export class HealthModule {}
