/**
 * The API and the worker, in-process, against real servers; one set per end-to-end suite. E2E_TEMPORAL=cluster or
 * cluster-tls runs the suite against a Temporal cluster on PostgreSQL (mTLS for cluster-tls) instead of the dev server.
 */
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { createApiApp } from '@apps/api/src/bootstrap';
import { WorkerModule } from '@apps/worker/src/worker.module';
import { DEMO_PASSWORD, prepareDatabase } from '@libs/persistence/src/seed';
import { startMailCatcher, type MailCatcher } from '@scripts/smtp-catcher';
import { startTestCluster } from './cluster';
import { Conformance } from './conformance';
import { quietLogger, ROOT, startPostgres, startTemporalDevServer } from './servers';
import { useTestSecrets } from './secrets';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WORKFLOW_PRELOAD_MODULES } from '@apps/worker/src/workflow-bundle';

export { quietLogger };

export interface E2EStack {
  api: INestApplication;
  http: ReturnType<typeof request>;
  db: DataSource;
  databaseUrl: string;
  temporalAddress: string;
  /** The stack's SMTP catcher (the worker's SMTP_URL), unless the suite set SMTP_URL itself. */
  mail?: MailCatcher;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  login(username: string): Promise<string>;
  /** What the stack's answers did not match in the OpenAPI document; stop() fails on any (CONTRACT_CONFORMANCE=record: only writes them to test-output/). */
  conformance: Conformance;
  stop(): Promise<void>;
}

let bundle: { code: string } | undefined;
let runtimeInstalled = false;
/** SMTP_URL as set by an earlier stack of this process (its catcher is stopped with it). */
let catcherUrl: string | undefined;

/** The SDK logs every worker state change at INFO; tests keep warnings and errors only. */
export function quietTemporalRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  runtimeInstalled = true;
}

/**
 * `apiLogs`: the API logs as it does when run (JSON lines on stdout), e.g. to see a 500's cause in the contract check.
 * `checkAnswers: false`: no check of the answers against the document (the contract check has its own).
 */
export async function startStack(opts: { apiLogs?: boolean; checkAnswers?: boolean } = {}): Promise<E2EStack> {
  quietTemporalRuntime();
  const cleanups: Array<() => Promise<void>> = [];
  try {
    const pg = await startPostgres();
    cleanups.push(() => pg.stop());
    let temporalAddress: string;
    if (process.env.E2E_TEMPORAL === 'cluster' || process.env.E2E_TEMPORAL === 'cluster-tls') {
      // The same suite against a real Temporal cluster (test/support/cluster.ts), with mTLS for cluster-tls.
      const tc = await startTestCluster({ tls: process.env.E2E_TEMPORAL === 'cluster-tls' });
      cleanups.push(() => tc.stop());
      temporalAddress = tc.address;
      Object.assign(process.env, tc.env);
    } else {
      const env = await startTemporalDevServer();
      cleanups.push(() => env.teardown());
      temporalAddress = env.connection.options.address;
    }
    const { db } = await prepareDatabase(pg.url, { demo: true });
    cleanups.push(() => db.destroy());
    let mail: MailCatcher | undefined;
    if (!process.env.SMTP_URL || process.env.SMTP_URL === catcherUrl) {
      // Like the run command: mail goes to a catcher when no SMTP server is given (reminders must not retry forever).
      const catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
      mail = catcher;
      cleanups.push(() => catcher.stop());
      process.env.SMTP_URL = catcherUrl = catcher.smtpUrl;
    }

    useTestSecrets();
    Object.assign(process.env, {
      NODE_ENV: 'test',
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_TASK_QUEUE: `cases-${process.pid}-${Date.now()}`,
      DATA_DIR: pg.dir, // evidence files land in the suite's temporary folder, removed with it
    });
    bundle ??= await bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      preloadModules: WORKFLOW_PRELOAD_MODULES,
      logger: quietLogger,
    });

    let worker: INestApplicationContext | undefined;
    const startWorker = async () => {
      worker = await NestFactory.createApplicationContext(WorkerModule.register({ workflowBundle: bundle }), { logger: false });
      await worker.init();
    };
    const stopWorker = async () => {
      await worker?.close();
      worker = undefined;
    };
    await startWorker();
    cleanups.push(() => stopWorker());

    const api = await createApiApp({ logger: opts.apiLogs === true });
    // Every answer of every suite is checked against the document the API serves (test/support/conformance.ts).
    const conformance = new Conformance();
    if (opts.checkAnswers !== false) api.use(conformance.middleware());
    await api.init();
    cleanups.push(() => api.close());
    const http = request(api.getHttpServer());

    const tokens = new Map<string, string>();
    const login = async (username: string) => {
      if (!tokens.has(username)) {
        const res = await http.post('/api/v1/auth/login').send({ username, password: DEMO_PASSWORD });
        if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
        tokens.set(username, res.body.accessToken as string);
      }
      return tokens.get(username)!;
    };

    return {
      api,
      http,
      db,
      databaseUrl: pg.url,
      temporalAddress,
      mail,
      startWorker,
      stopWorker,
      login,
      conformance,
      stop: async () => {
        for (const c of cleanups.reverse()) await c().catch(() => undefined);
        if (conformance.problems.length) {
          const file = join(ROOT, 'test-output', `conformance-${process.pid}-${Date.now()}.txt`);
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, [...new Set(conformance.problems)].join('\n') + '\n');
          if (process.env.CONTRACT_CONFORMANCE !== 'record') {
            throw new Error(
              `${conformance.problems.length} answer(s) did not match the OpenAPI document (${file}):\n  ${[...new Set(conformance.problems)].slice(0, 10).join('\n  ')}`,
            );
          }
        }
      },
    };
  } catch (err) {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    throw err;
  }
}
