/**
 * Real servers for the tests, each suite its own on free ports: embedded PostgreSQL, the Temporal CLI dev server
 * (createLocal) and the Java time-skipping server (createTimeSkipping). Binaries are installed by `scripts/setup --tests`.
 */
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPg } from '@libs/persistence/src/embedded-postgres';
import { CASE_SEARCH_ATTRIBUTES } from '@workflows/search-attributes';

/** The project root, whether running from test/ or from the compiled dist/test/. */
const IndexedValueType = temporal.api.enums.v1.IndexedValueType;

export const ROOT = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith('dist')) dir = dirname(dir);
  return dir;
})();
export const TEMPORAL_CLI = join(ROOT, '.tools', 'bin', 'temporal');
export const TIME_SKIPPING_SERVER = join(ROOT, '.tools', 'bin', 'temporal-test-server');

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

/** `port`: a fixed one (the cluster fault test takes one below the ephemeral range, so no client socket can hold it while the server is stopped). */
export async function startPostgres(
  port?: number,
  postgresFlags?: string[],
): Promise<EmbeddedPg & { dir: string; stopServer(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'itest-pg-'));
  chmodSync(dir, 0o755); // as root, embedded-postgres runs initdb as a dedicated user, which must reach the folder
  const pg = await startEmbeddedPostgres({
    dir: join(dir, 'data'),
    port: await freePort(),
    database: 'integrity',
    quiet: true,
    ...(port ? { port } : {}),
    ...(postgresFlags ? { postgresFlags } : {}),
  });
  return {
    ...pg,
    dir,
    /** Stops the server and keeps its data (`restart()` starts it again); `stop()` also removes the data. */
    stopServer: () => pg.stop(),
    stop: async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The Temporal CLI dev server with the case search attributes registered. */
export function startTemporalDevServer(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: TEMPORAL_CLI },
      searchAttributes: CASE_SEARCH_ATTRIBUTES,
      ip: '127.0.0.1',
    },
  });
}

/** The Java time-skipping server, with the case search attributes registered so workflows may upsert them. */
export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: TIME_SKIPPING_SERVER } },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: {
      CasePhase: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      HandlingOrg: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      NextDeadline: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
      Overdue: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
    },
  });
  return env;
}

/** For the workflow bundler: errors only. */
export const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (m: string) => console.error(m),
};
