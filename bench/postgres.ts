/**
 * A PostgreSQL server for the benchmarks, from the embedded binaries, with the benchmark's settings
 * (bench/pg-settings.ts), kept until Ctrl-C; its data stays in <data dir>, so a benchmark run
 * with DATABASE_URL can reuse what an earlier run seeded (10,000,000 deadlines take a while to seed).
 *
 *   node dist/bench/postgres.js <data dir> [port]     prints DATABASE_URL, stops on Ctrl-C (data kept)
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startEmbeddedPostgres } from '@libs/persistence/src/embedded-postgres';
import { BENCH_PG_FLAGS } from './pg-settings';

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? '.data/bench-postgres');
  const port = Number(process.argv[3] ?? 54400);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755); // as root, embedded-postgres runs the server as a dedicated user, which must reach the folder
  const pg = await startEmbeddedPostgres({ dir, port, database: 'bench', quiet: true, postgresFlags: BENCH_PG_FLAGS });
  console.log(`DATABASE_URL=${pg.url}`);
  console.log(`settings: ${BENCH_PG_FLAGS.filter((f) => f !== '-c').join(' ')}`);
  const stop = () => void pg.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
