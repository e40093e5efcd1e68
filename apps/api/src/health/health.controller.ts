import { Controller, Get, Inject, Injectable } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Connection } from '@temporalio/client';
import { TEMPORAL_CONNECTION } from '../../../../libs/temporal/src';
import { Public } from '../auth/principal';

@Injectable()
export class TemporalHealthIndicator {
  constructor(
    @Inject(TEMPORAL_CONNECTION) private readonly connection: Connection,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key = 'temporal') {
    const indicator = this.indicators.check(key);
    try {
      const res = await this.connection.healthService.check({});
      // 1 = SERVING in grpc.health.v1
      return res.status === 1 ? indicator.up() : indicator.down({ grpcStatus: res.status });
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    }
  }
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly temporal: TemporalHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 3000 }), () => this.temporal.check()]);
  }
}
