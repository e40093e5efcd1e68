import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { loadConfig } from './config';

/** Nest wiring of the validated config: `config.get('app')` is the typed AppConfig. Fails fast at import time. */
@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ app: loadConfig(process.env) })] })],
})
export class AppConfigModule {}
