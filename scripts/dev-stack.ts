/**
 * The README's run command ends here: a real PostgreSQL (embedded unless DATABASE_URL is set) and a real Temporal dev
 * server (unless TEMPORAL_ADDRESS is set), migrations and seeds, then the API and the worker as child processes.
 * Ctrl-C (SIGINT) or SIGTERM stops every child and the database; nothing is left running.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import { ConfigError, validateDatabaseUrl, validateSmtpUrl, validateTemporalAddress } from '@libs/config/src/config';
import { ensureLocalSecrets } from '@libs/config/src/local-secrets';
import { startEmbeddedPostgres, type EmbeddedPg } from '@libs/persistence/src/embedded-postgres';
import { prepareDatabase } from '@libs/persistence/src/seed';
import { DEV_SERVER_SEARCH_ATTRIBUTE_ARGS } from '@workflows/search-attributes';
import { reencryptStoredIdNumbers } from './keys';
import { startMailCatcher, type MailCatcher } from './smtp-catcher';

const ROOT = resolve(__dirname, '..', '..');
const DATA = resolve(ROOT, process.env.DATA_DIR ?? '.data');
const children: ChildProcess[] = [];
let pg: EmbeddedPg | undefined;
let catcher: MailCatcher | undefined;
let stopping = false;

function log(message: string, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level: 'log', context: 'dev-stack', message, ...extra }));
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

function start(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  // Own process group: a terminal's Ctrl-C reaches only this supervisor, which then stops the children in order.
  const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited unexpectedly (code ${code}, signal ${signal}); stopping everything`);
      void shutdown(1);
    }
  });
  children.push(child);
  return child;
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('stopping');
  // Reverse start order: API and worker first (they drain against a live Temporal), then Temporal, then PostgreSQL.
  for (const c of [...children].reverse()) {
    await new Promise<void>((res) => {
      if (c.exitCode !== null || c.signalCode !== null) return res();
      const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
      c.once('exit', () => {
        clearTimeout(timer);
        res();
      });
      c.kill('SIGTERM');
    });
  }
  if (catcher) await catcher.stop().catch((e: unknown) => console.error('mail catcher stop failed', e));
  if (pg) await pg.stop().catch((e: unknown) => console.error('postgres stop failed', e));
  log('stopped');
  process.exit(code);
}

async function main(): Promise<void> {
  // Last resort if the supervisor dies without a clean shutdown: take the children with it.
  process.on('exit', () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));
  // embedded-postgres registers async-exit-hook on SIGINT/SIGTERM, which stops PostgreSQL at once and exits; this
  // supervisor stops everything itself, in order, PostgreSQL last.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  mkdirSync(DATA, { recursive: true });
  const apiPort = Number(process.env.API_PORT ?? 3000);

  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) validateDatabaseUrl(databaseUrl);
  if (process.env.TEMPORAL_ADDRESS) validateTemporalAddress(process.env.TEMPORAL_ADDRESS);
  // Secrets: configured ones win; otherwise random ones generated on first start and kept in DATA_DIR/secrets (0600).
  // Production never generates: the API and the worker refuse to start without configured secrets.
  const secrets = process.env.NODE_ENV === 'production' ? { env: {}, generated: [] } : ensureLocalSecrets(DATA, process.env);
  if (secrets.generated.length) log('secrets generated (kept with mode 0600, reused on later starts)', { files: secrets.generated });
  const secretEnv = { ...process.env, ...secrets.env };
  let smtpUrl = process.env.SMTP_URL;
  if (smtpUrl) validateSmtpUrl(smtpUrl);
  else {
    // No SMTP server given: catch every mail in memory and show it (scripts/smtp-catcher.ts).
    catcher = await startMailCatcher({
      smtpPort: Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 2525),
      httpPort: Number(process.env.MAIL_CATCHER_HTTP_PORT ?? 2580),
    });
    smtpUrl = catcher.smtpUrl;
    log('mail catcher started', { smtp: catcher.smtpUrl, http: catcher.httpUrl });
  }

  if (!databaseUrl) {
    const port = Number(process.env.PG_PORT ?? 54329);
    pg = await startEmbeddedPostgres({ dir: join(DATA, 'postgres'), port, database: 'integrity', quiet: true });
    databaseUrl = pg.url;
    log('embedded postgres started', { port });
  }
  const { db, migrations, calendarYears } = await prepareDatabase(databaseUrl, { demo: process.env.SEED_DEMO !== 'false' });
  if (secretEnv.ID_ENCRYPTION_PREVIOUS_KEYS) {
    // A rotated ID key (node dist/scripts/keys.js rotate id-key): move every stored ID number to the new key first.
    try {
      log('ID numbers re-encrypted under the current key', { ...(await reencryptStoredIdNumbers(db, secretEnv)) });
    } finally {
      await db.destroy();
    }
  } else await db.destroy();
  if (migrations.length) log('migrations applied', { applied: migrations });
  if (calendarYears.length) log('calendar years loaded from chinese-days', { years: calendarYears });

  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  let uiUrl = process.env.TEMPORAL_UI_URL;
  if (!temporalAddress) {
    const port = Number(process.env.TEMPORAL_PORT ?? 7233);
    const uiPort = Number(process.env.TEMPORAL_UI_PORT ?? 8233);
    const binary = join(ROOT, '.tools', 'bin', 'temporal');
    const saArgs = DEV_SERVER_SEARCH_ATTRIBUTE_ARGS.flatMap((a) => ['--search-attribute', a]);
    start(
      'temporal',
      binary,
      [
        'server',
        'start-dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--ui-port',
        String(uiPort),
        '--db-filename',
        join(DATA, 'temporal.sqlite'),
        '--namespace',
        'default',
        '--log-level',
        'warn',
        ...saArgs,
      ],
      process.env,
    );
    await waitForPort(port, 60_000);
    temporalAddress = `127.0.0.1:${port}`;
    uiUrl = `http://127.0.0.1:${uiPort}`;
    log('temporal dev server started', { address: temporalAddress });
  }

  const env = {
    ...secretEnv,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    API_PORT: String(apiPort),
    TEMPORAL_UI_URL: uiUrl ?? '',
    SMTP_URL: smtpUrl,
    APP_BASE_URL: process.env.APP_BASE_URL || `http://127.0.0.1:${apiPort}`,
  };
  // glibc malloc arenas capped for the worker (README "Configuration": MALLOC_ARENA_MAX); read by glibc at process start.
  start('worker', process.execPath, [join(ROOT, 'dist', 'apps', 'worker', 'src', 'main.js')], {
    ...env,
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX || '2',
  });
  start('api', process.execPath, [join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js')], env);
  await waitForPort(apiPort, 60_000);
  console.log(
    [
      '',
      'Research-integrity case backend is up:',
      `  API          http://127.0.0.1:${apiPort}/api/v1`,
      `  OpenAPI docs http://127.0.0.1:${apiPort}/docs  (JSON: /docs-json)`,
      `  Health       http://127.0.0.1:${apiPort}/health`,
      `  Temporal UI  ${uiUrl ?? '(external Temporal: see its own UI)'}`,
      `  Mail         ${catcher ? `${catcher.httpUrl}/  (caught mail; JSON: /messages; SMTP ${catcher.smtpUrl})` : `sent to ${redactSmtp(smtpUrl)}`}`,
      '  Demo users are listed in README.md. Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

/** The SMTP URL without its password, for the banner. */
function redactSmtp(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  void shutdown(1).finally(() => process.exit(1));
});
