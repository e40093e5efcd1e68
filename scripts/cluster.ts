/**
 * The README's cluster stack (`scripts/cluster [--tls]`): a real PostgreSQL (embedded unless DATABASE_URL is set), a
 * Temporal cluster as separate processes on loopback (frontend, two history, two matching, the internal worker
 * service; persistence and visibility on PostgreSQL) unless TEMPORAL_ADDRESS is set, the namespace and the case
 * search attributes, migrations and seeds, then two API instances and two worker instances of the product.
 * Ctrl-C (SIGINT) or SIGTERM stops everything in order: the product, then Temporal, then PostgreSQL.
 *
 * --tls: certificates are made in <DATA_DIR>/tls (scripts/dev-certs.ts), the frontend requires client certificates
 * (mTLS) and the product connects with TEMPORAL_TLS_CA_FILE, _CERT_FILE, _KEY_FILE and _SERVER_NAME set to them.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import { ConfigError, loadTemporalConfig, validateDatabaseUrl, validateSmtpUrl } from '@libs/config/src/config';
import { ensureLocalSecrets } from '@libs/config/src/local-secrets';
import { startEmbeddedPostgres, type EmbeddedPg } from '@libs/persistence/src/embedded-postgres';
import { prepareDatabase } from '@libs/persistence/src/seed';
import { temporalConnectionOptions } from '@libs/temporal/src/connection-options';
import { DEV_TLS_SERVER_NAME, makeDevCertificates } from './dev-certs';
import { startMailCatcher, type MailCatcher } from './smtp-catcher';
import {
  clusterPortsFrom,
  CLUSTER_PROCESSES,
  prepareNamespace,
  setupTemporalSchemas,
  TemporalCluster,
  TEMPORAL_SERVER_VERSION,
} from './temporal-cluster';

const ROOT = resolve(__dirname, '..', '..');
const DATA = resolve(ROOT, process.env.DATA_DIR ?? join('.data', 'cluster'));
const TLS = process.argv.includes('--tls');
const products: ChildProcess[] = [];
let cluster: TemporalCluster | undefined;
let pg: EmbeddedPg | undefined;
let catcher: MailCatcher | undefined;
let stopping = false;
const t0 = Date.now();

function log(message: string, extra: Record<string, unknown> = {}): void {
  console.log(
    JSON.stringify({ level: 'log', context: 'cluster', message, seconds: Number(((Date.now() - t0) / 1000).toFixed(1)), ...extra }),
  );
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((res, rej) => {
    const attempt = () => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.end();
        res();
      });
      s.on('error', () => {
        s.destroy();
        if (Date.now() > deadline) rej(new Error(`nothing answered on port ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

function startProduct(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [join(ROOT, 'dist', script)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited unexpectedly (code ${code}, signal ${signal}); stopping everything`);
      void shutdown(1);
    }
  });
  products.push(child);
  return child;
}

async function stopChild(c: ChildProcess): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return;
  await new Promise<void>((res) => {
    const timer = setTimeout(() => c.kill('SIGKILL'), 15_000);
    c.once('exit', () => {
      clearTimeout(timer);
      res();
    });
    c.kill('SIGTERM');
  });
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('stopping');
  // The product first (workers drain against a live Temporal), then Temporal, then PostgreSQL.
  await Promise.all(products.map(stopChild));
  await cluster?.stop().catch((e: unknown) => console.error('temporal stop failed', e));
  if (catcher) await catcher.stop().catch((e: unknown) => console.error('mail catcher stop failed', e));
  if (pg) await pg.stop().catch((e: unknown) => console.error('postgres stop failed', e));
  log('stopped');
  process.exit(code);
}

async function main(): Promise<void> {
  process.on('exit', () => products.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  mkdirSync(DATA, { recursive: true });
  const apiPort = Number(process.env.API_PORT ?? 3000);
  const namespace = process.env.TEMPORAL_NAMESPACE || 'default';

  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) validateDatabaseUrl(databaseUrl);
  let smtpUrl = process.env.SMTP_URL;
  if (smtpUrl) validateSmtpUrl(smtpUrl);
  // As scripts/run: configured secrets win, else random ones generated once into DATA_DIR/secrets (0600); production
  // never generates (API and workers refuse to start without configured secrets).
  const secrets = process.env.NODE_ENV === 'production' ? { env: {}, generated: [] } : ensureLocalSecrets(DATA, process.env);
  if (secrets.generated.length) log('secrets generated (kept with mode 0600, reused on later starts)', { files: secrets.generated });
  else {
    catcher = await startMailCatcher({
      smtpPort: Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 2525),
      httpPort: Number(process.env.MAIL_CATCHER_HTTP_PORT ?? 2580),
    });
    smtpUrl = catcher.smtpUrl;
    log('mail catcher started', { smtp: catcher.smtpUrl, http: catcher.httpUrl });
  }

  if (!databaseUrl) {
    const port = Number(process.env.PG_PORT ?? 54329);
    // Temporal's six processes and four product instances share this server: more connections than the default 100.
    pg = await startEmbeddedPostgres({
      dir: join(DATA, 'postgres'),
      port,
      database: 'integrity',
      quiet: true,
      postgresFlags: ['-c', 'max_connections=300'],
    });
    databaseUrl = pg.url;
    log('embedded postgres started', { port });
  }

  // Temporal: an existing cluster (TEMPORAL_ADDRESS and its TEMPORAL_TLS_* / TEMPORAL_API_KEY), or ours.
  const temporalEnv: Record<string, string> = {};
  if (!process.env.TEMPORAL_ADDRESS) {
    // Temporal's databases live on the product's server unless TEMPORAL_DB_URL names another (a user allowed to create databases).
    const dbUrl = new URL(process.env.TEMPORAL_DB_URL ? validateDatabaseUrl(process.env.TEMPORAL_DB_URL, 'TEMPORAL_DB_URL') : databaseUrl);
    const db = {
      host: dbUrl.hostname,
      port: Number(dbUrl.port || 5432),
      user: decodeURIComponent(dbUrl.username),
      password: decodeURIComponent(dbUrl.password),
    };
    await setupTemporalSchemas(ROOT, db);
    log('temporal schemas ready', { databases: ['temporal', 'temporal_visibility'], server: `${db.host}:${db.port}` });
    const base = Number(process.env.TEMPORAL_PORT ?? 7233);
    const certs = TLS ? makeDevCertificates(join(DATA, 'tls')) : undefined;
    cluster = new TemporalCluster({
      dir: join(DATA, 'temporal'),
      root: ROOT,
      db,
      ports: clusterPortsFrom(base),
      historyShards: Number(process.env.TEMPORAL_HISTORY_SHARDS ?? 8),
      logLevel: (process.env.TEMPORAL_LOG_LEVEL as 'warn' | undefined) ?? 'warn',
      ...(certs
        ? {
            tls: {
              certFile: certs.serverCertFile,
              keyFile: certs.serverKeyFile,
              caFile: certs.caFile,
              clientCertFile: certs.clientCertFile,
              clientKeyFile: certs.clientKeyFile,
              serverName: DEV_TLS_SERVER_NAME,
              requireClientAuth: true,
            },
          }
        : {}),
      onUnexpectedExit: (name, code, signal) => {
        if (stopping) return;
        console.error(
          `temporal ${name} exited unexpectedly (code ${code}, signal ${signal}); see ${join(DATA, 'temporal', 'logs', `${name}.log`)}; stopping everything`,
        );
        void shutdown(1);
      },
    });
    await cluster.start();
    temporalEnv.TEMPORAL_ADDRESS = cluster.frontendAddress;
    if (certs) {
      Object.assign(temporalEnv, {
        TEMPORAL_TLS_CA_FILE: certs.caFile,
        TEMPORAL_TLS_CERT_FILE: certs.clientCertFile,
        TEMPORAL_TLS_KEY_FILE: certs.clientKeyFile,
        TEMPORAL_TLS_SERVER_NAME: DEV_TLS_SERVER_NAME,
      });
    }
    log('temporal processes started', {
      processes: CLUSTER_PROCESSES.map((n) => ({ name: n, pid: cluster!.pid(n) })),
      version: TEMPORAL_SERVER_VERSION,
      tls: TLS,
    });
  }
  const temporal = loadTemporalConfig({ ...process.env, ...temporalEnv });
  await prepareNamespace(temporalConnectionOptions(temporal), namespace);
  log('temporal ready: namespace and case search attributes registered', { address: temporal.address, namespace });

  const { db, migrations } = await prepareDatabase(databaseUrl, { demo: process.env.SEED_DEMO !== 'false' });
  await db.destroy();
  if (migrations.length) log('migrations applied', { applied: migrations });

  const env = {
    ...process.env,
    ...secrets.env,
    ...temporalEnv,
    DATABASE_URL: databaseUrl,
    SMTP_URL: smtpUrl,
    // Every instance checks for pending migrations at start, under the migration lock (none are left by now).
    MIGRATE_ON_START: 'true',
    APP_BASE_URL: process.env.APP_BASE_URL || `http://127.0.0.1:${apiPort}`,
  };
  for (const i of [1, 2]) startProduct(`worker-${i}`, 'apps/worker/src/main.js', env);
  for (const i of [0, 1]) startProduct(`api-${i + 1}`, 'apps/api/src/main.js', { ...env, API_PORT: String(apiPort + i) });
  await Promise.all([waitForPort(apiPort, 120_000), waitForPort(apiPort + 1, 120_000)]);
  log('cluster stack up');
  console.log(
    [
      '',
      `Research-integrity case backend on a Temporal ${TEMPORAL_SERVER_VERSION} cluster is up (${((Date.now() - t0) / 1000).toFixed(1)} s):`,
      `  API          http://127.0.0.1:${apiPort}/api/v1 and http://127.0.0.1:${apiPort + 1}/api/v1 (two instances)`,
      `  Health       http://127.0.0.1:${apiPort}/health`,
      `  Temporal     ${temporal.address}${temporal.tls ? ' (TLS)' : ''}, namespace ${namespace}${cluster ? `; logs in ${join(DATA, 'temporal', 'logs')}` : ''}`,
      `  Mail         ${catcher ? `${catcher.httpUrl}/` : 'sent to SMTP_URL'}`,
      '  Two workers poll the case task queue. Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  void shutdown(1).finally(() => process.exit(1));
});
