import { Controller, Get, Inject, Injectable, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthSchema, LivenessSchema } from '@libs/contract/src';
import { Answers, ref } from '../common/openapi';
import { Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@libs/config/src';
import { TEMPORAL_CONNECTION } from '@libs/temporal/src';
import { Public } from '../auth/principal';
import { ping } from '@libs/persistence/src/queryable';

type Check = { status: 'up' | 'down' } & Record<string, unknown>;

/** Each check gives up after this long: a health probe must answer even when a dependency hangs. */
const CHECK_TIMEOUT_MS = 3000;
/**
 * A poller counts as polling when the matching service saw it within this window. An idle worker's long poll lasts up
 * to ~70 s before it polls again, so a shorter window would call a healthy idle worker gone; a killed worker stops
 * counting at most this long after its last poll (matching keeps pollers it has seen for 5 minutes).
 */
export const POLLER_WINDOW_MS = 90_000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, rej) =>
      setTimeout(() => rej(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref(),
    ),
  ]);
}

@Injectable()
export class HealthChecks {
  constructor(
    @Inject(TEMPORAL_CONNECTION) private readonly connection: Connection,
    private readonly ds: DataSource,
    private readonly config: ConfigService<{ app: AppConfig }, true>,
  ) {}

  async database(): Promise<Check> {
    const started = Date.now();
    try {
      await withTimeout(ping(this.ds), 'PostgreSQL');
      return { status: 'up', responseTime: Date.now() - started };
    } catch (err) {
      return { status: 'down', message: (err as Error).message };
    }
  }

  async temporal(): Promise<Check> {
    try {
      const res = await withTimeout(this.connection.healthService.check({}), 'the Temporal frontend');
      // 1 = SERVING in grpc.health.v1
      return res.status === 1 ? { status: 'up' } : { status: 'down', grpcStatus: res.status };
    } catch (err) {
      return { status: 'down', message: (err as Error).message };
    }
  }

  /** Whether any worker polls the case task queue for workflow tasks (DescribeTaskQueue). */
  async workers(): Promise<Check> {
    const { namespace, taskQueue } = this.config.get('app', { infer: true }).temporal;
    try {
      const res = await withTimeout(
        this.connection.workflowService.describeTaskQueue({
          namespace,
          taskQueue: { name: taskQueue, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
          taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        }),
        'DescribeTaskQueue',
      );
      const since = Date.now() - POLLER_WINDOW_MS;
      const pollers = (res.pollers ?? []).filter((p) => p.lastAccessTime && Number(p.lastAccessTime.seconds ?? 0) * 1000 >= since).length;
      return pollers > 0
        ? { status: 'up', taskQueue, pollers }
        : { status: 'down', taskQueue, pollers, message: 'no worker polls the case task queue: actions would wait' };
    } catch (err) {
      return { status: 'down', taskQueue, message: (err as Error).message };
    }
  }
}

/**
 * GET /health, for load balancers and orchestrators (README "Health"):
 *   200 ok        PostgreSQL and the Temporal frontend answer and a worker polls the case task queue
 *   503 error     PostgreSQL or the Temporal frontend does not answer: take this instance out of rotation
 *   HEALTH_DEGRADED_STATUS (503) degraded   both answer but no worker polls the case task queue: reads work, actions would wait
 * GET /health/live: 200 while the process runs (liveness: never restart an instance for a dependency's fault).
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly checks: HealthChecks,
    private readonly config: ConfigService<{ app: AppConfig }, true>,
  ) {}

  @Get()
  @Answers(HealthSchema, { description: 'PostgreSQL, Temporal and a case worker are there: `{ status: "ok", info, error, details }`' })
  @ApiResponse({
    status: 503,
    description:
      '`status: "error"` (PostgreSQL or Temporal down) or `"degraded"` (no worker polls; status code HEALTH_DEGRADED_STATUS, 503 by default)',
    content: { 'application/json': { schema: ref('Health') } },
  })
  async check(@Res() res: Response): Promise<void> {
    const [database, temporal, workers] = await Promise.all([this.checks.database(), this.checks.temporal(), this.checks.workers()]);
    const details: Record<string, Check> = { database, temporal, workers };
    const info = Object.fromEntries(Object.entries(details).filter(([, c]) => c.status === 'up'));
    const error = Object.fromEntries(Object.entries(details).filter(([, c]) => c.status === 'down'));
    const status = database.status === 'down' || temporal.status === 'down' ? 'error' : workers.status === 'down' ? 'degraded' : 'ok';
    const code = status === 'ok' ? 200 : status === 'error' ? 503 : this.config.get('app', { infer: true }).healthDegradedStatus;
    res.status(code).json({ status, info, error, details });
  }

  @Get('live')
  @Answers(LivenessSchema, { description: 'The process runs: `{ status: "ok" }`' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
