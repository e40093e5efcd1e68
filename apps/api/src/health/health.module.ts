import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController, TemporalHealthIndicator } from './health.controller';

@Module({ imports: [TerminusModule], controllers: [HealthController], providers: [TemporalHealthIndicator] })
export class HealthModule {}
