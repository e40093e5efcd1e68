import { ConfigError, loadConfig } from '@libs/config/src';
import { createApiApp } from './bootstrap';
import { migrateOnStart } from '@libs/persistence/src/migrate-on-start';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.migrateOnStart) await migrateOnStart(config.databaseUrl, 'api');
  const app = await createApiApp();
  await app.listen(config.apiPort, config.apiHost);
  console.log(JSON.stringify({ level: 'log', message: 'api listening', url: await app.getUrl() }));
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
