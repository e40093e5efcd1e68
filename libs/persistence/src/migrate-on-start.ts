import { prepareDatabase } from './seed';

/**
 * MIGRATE_ON_START=true: an API or worker instance applies pending migrations and loads missing calendar years before
 * it starts, under the migration lock, so instances started together migrate once (the first; the others find
 * nothing pending). Demo data is never seeded here.
 */
export async function migrateOnStart(url: string, instance: string): Promise<void> {
  const { db, migrations, calendarYears } = await prepareDatabase(url, { demo: false });
  await db.destroy();
  console.log(
    JSON.stringify({
      level: 'log',
      context: 'migrate',
      message: migrations.length ? 'migrations applied' : 'no pending migrations',
      instance,
      applied: migrations,
      calendarYears,
    }),
  );
}
