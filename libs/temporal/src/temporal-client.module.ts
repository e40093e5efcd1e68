import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '@libs/config/src';
import { temporalConnectionOptions } from './connection-options';

export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');

/** Closes the shared connection when the application shuts down. */
@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CONNECTION) private readonly connection: Connection) {}
  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/** One Temporal connection and client per process, configured from the validated config. */
@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CONNECTION,
      inject: [ConfigService],
      useFactory: (config: ConfigService<{ app: AppConfig }, true>) =>
        Connection.connect(temporalConnectionOptions(config.get('app', { infer: true }).temporal)),
    },
    {
      provide: Client,
      inject: [TEMPORAL_CONNECTION, ConfigService],
      useFactory: (connection: Connection, config: ConfigService<{ app: AppConfig }, true>) =>
        new Client({ connection, namespace: config.get('app', { infer: true }).temporal.namespace }),
    },
    TemporalConnectionCloser,
  ],
  exports: [Client, TEMPORAL_CONNECTION],
})
export class TemporalClientModule {}
