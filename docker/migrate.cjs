'use strict';
/**
 * The image's `migrate` command (one-shot service in docker-compose.yml): applies pending migrations, then loads the
 * holiday calendar years the chinese-days package carries and, unless SEED_DEMO=false, the demo organisations and
 * users, the same steps scripts/dev-stack.ts takes before it starts the API. Every step is idempotent, so the
 * service runs on every `docker compose up`. Needs DATABASE_URL only.
 *
 * Plain CommonJS on the compiled output (dist/), so it needs no build step of its own.
 */
const { DataSource } = require('typeorm');
const { ConfigError, validateDatabaseUrl } = require('../dist/libs/config/src/config');
const { dataSourceOptions, runMigrations } = require('../dist/libs/persistence/src/data-source');
const { seedCalendar, seedDemo } = require('../dist/libs/persistence/src/seed');

function log(message, extra = {}) {
  console.log(JSON.stringify({ level: 'log', context: 'migrate', message, ...extra }));
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new ConfigError('DATABASE_URL', 'is required');
  validateDatabaseUrl(url);

  const applied = await runMigrations(url);
  log(applied.length ? 'migrations applied' : 'no pending migrations', { applied });

  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    const years = await seedCalendar(ds);
    log('calendar years', { loaded: years });
    if (process.env.SEED_DEMO === 'false') {
      log('demo organisations and users skipped (SEED_DEMO=false)');
    } else {
      await seedDemo(ds);
      log('demo organisations and users present (README.md lists them; SEED_DEMO=false skips them)');
    }
  } finally {
    await ds.destroy();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  },
);
