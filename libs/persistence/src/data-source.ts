import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // Typed SQL everywhere (docs/ARCHITECTURE.md, "Data access"): no entity classes; TypeORM runs migrations and
    // hands out connections and transactions.
    entities: [],
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    extra: { max: 20 },
  };
}

/** The session-level advisory lock every migration run (and seeding) holds: `hashtext('integrity-cases:migrations')`. */
export const MIGRATION_LOCK_SQL = `hashtext('integrity-cases:migrations')`;

/**
 * Runs `fn` while holding the migration lock on its own connection: instances started together (two APIs, two
 * workers, a migrate job) take turns, the first applies the migrations, the others find none pending. A session lock
 * (not a transaction's) because each migration runs in its own transaction; PostgreSQL drops it if the holder dies.
 */
export async function withMigrationLock<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_SQL})`);
    return await fn();
  } finally {
    await lock.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_SQL})`).catch(() => undefined);
    await lock.end().catch(() => undefined);
  }
}

/** Applies pending migrations under the migration lock; used by the dev stack, the test harness and the `migrate` script. */
export function runMigrations(url: string): Promise<string[]> {
  return withMigrationLock(url, () => runMigrationsUnlocked(url));
}

/** Applies pending migrations; the caller holds the migration lock. */
export async function runMigrationsUnlocked(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
