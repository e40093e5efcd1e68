/**
 * PostgreSQL settings of the benchmarks' servers (bench/supervision.bench.ts, bench/postgres.ts); the README gives them with
 * the figures.
 */
/** Memory for 10 M rows, no wait for the WAL flush at commit, no JIT (it compiles the big plans for tens of ms). */
export const BENCH_PG_FLAGS = [
  '-c',
  'shared_buffers=2GB',
  '-c',
  'effective_cache_size=8GB',
  '-c',
  'work_mem=32MB',
  '-c',
  'maintenance_work_mem=1GB',
  '-c',
  'max_wal_size=16GB',
  '-c',
  'checkpoint_timeout=30min',
  '-c',
  'synchronous_commit=off',
  '-c',
  'jit=off',
];
