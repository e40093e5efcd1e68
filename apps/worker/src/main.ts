import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Runtime } from '@temporalio/worker';
import { ConfigError, loadConfig } from '@libs/config/src';
import { WorkerModule } from './worker.module';
import { migrateOnStart } from '@libs/persistence/src/migrate-on-start';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.migrateOnStart) await migrateOnStart(config.databaseUrl, 'worker');
  // The SDK's own metrics (workflow cache size, hits, misses and forced evictions; task latencies) for Prometheus.
  if (config.worker.metricsAddress)
    Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: config.worker.metricsAddress } } } });
  const app = await NestFactory.createApplicationContext(WorkerModule.register(), {
    logger: new ConsoleLogger({ json: true, logLevels: ['log', 'warn', 'error', 'fatal'] }),
  });
  app.enableShutdownHooks();
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
