/**
 * Which errors mean "a dependency is down" (503 with Retry-After, apps/api/src/common/unavailable.ts), on real errors:
 * a PostgreSQL that refuses connections or shuts down under a pool, a Temporal frontend that is not there, a workflow
 * whose task keeps failing.
 */
import { Client, Connection } from '@temporalio/client';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { Client as PgClient } from 'pg';
import { DataSource } from 'typeorm';
import { serviceUnavailable } from '@apps/api/src/common/unavailable';
import { toErrorResponse } from '@apps/api/src/common/domain-error.filter';
import { dataSourceOptions } from '@libs/persistence/src/data-source';
import { DomainError } from '@libs/domain/src/shared';
import { quietLogger } from '../support/app';
import { freePort, startPostgres, startTemporalDevServer } from '../support/servers';
import { failingTaskWorkflow } from './fixtures/failing-task.workflow';

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('serviceUnavailable: dependency outages on real errors', () => {
  let pg: Awaited<ReturnType<typeof startPostgres>>;
  before(async () => {
    pg = await startPostgres();
  });
  after(async () => {
    await pg?.stop();
  });

  it('PostgreSQL refusing connections and shutting down under a TypeORM pool: database, 5 s', async () => {
    const closed = await freePort();
    const refused = await caught(new PgClient({ host: '127.0.0.1', port: closed, user: 'x', database: 'x' }).connect());
    expect(serviceUnavailable(refused)).toEqual({ what: 'database', retryAfterSeconds: 5 });

    const ds = new DataSource(dataSourceOptions(pg.url));
    await ds.initialize();
    try {
      await ds.query('SELECT 1');
      // A query running when the server shuts down, then one sent while it is down.
      const running = caught(ds.query('SELECT pg_sleep(5)'));
      await new Promise((r) => setTimeout(r, 300));
      await pg.stopServer();
      expect(serviceUnavailable(await running)).toEqual({ what: 'database', retryAfterSeconds: 5 });
      expect(serviceUnavailable(await caught(ds.query('SELECT 1')))).toEqual({ what: 'database', retryAfterSeconds: 5 });
      await pg.restart();
      await ds.query('SELECT 1'); // the pool recovers by itself
    } finally {
      await ds.destroy();
    }
  });

  it('a Temporal frontend that is not there (any more): temporal, 5 s', async () => {
    // The API connects at start; afterwards a frontend that went away fails each call with gRPC UNAVAILABLE.
    const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
    try {
      const err = await caught(new Client({ connection }).workflow.getHandle('nothing').describe());
      expect(serviceUnavailable(err)).toEqual({ what: 'temporal', retryAfterSeconds: 5 });
    } finally {
      await connection.close();
    }
  });

  it(
    'a workflow whose task keeps failing refuses Updates and queries for now: workflow, 5 s (dev server)',
    { timeout: 120_000 },
    async () => {
      // What an officer's action met on an overloaded cluster (workflow tasks timing out from the 3rd attempt on): the
      // server answers FAILED_PRECONDITION "Workflow Task in failed state" until a task completes again.
      const env = await startTemporalDevServer();
      const taskQueue = `failing-${randomUUID()}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: await bundleWorkflowCode({
          workflowsPath: require.resolve('./fixtures/failing-task.workflow'),
          logger: quietLogger,
        }),
      });
      const running = worker.run();
      try {
        const handle = await env.client.workflow.start(failingTaskWorkflow, { taskQueue, workflowId: `failing-${randomUUID()}` });
        const update = defineUpdate<void>('anything');
        const query = defineQuery<void>('anything');
        let refused: unknown;
        for (const start = Date.now(); Date.now() - start < 60_000; await new Promise((r) => setTimeout(r, 500))) {
          refused = await caught(handle.executeUpdate(update, { updateId: randomUUID() }));
          if (/Workflow Task in failed state/.test(String((refused as { cause?: { message?: string } }).cause?.message))) break;
        }
        expect(serviceUnavailable(refused)).toEqual({ what: 'workflow', retryAfterSeconds: 5 });
        expect(serviceUnavailable(await caught(handle.query(query)))).toEqual({ what: 'workflow', retryAfterSeconds: 5 });
        // And the filter answers 503 with Retry-After, naming the workflow, not a 500.
        const answer = toErrorResponse(refused);
        expect(answer.status).toBe(503);
        expect(answer.headers).toEqual({ 'Retry-After': '5' });
        expect(answer.body.message).toMatch(/workflow is not ready/);
        await handle.terminate();
      } finally {
        worker.shutdown();
        await running;
        await env.teardown();
      }
    },
  );

  it('bad input and bugs are not outages', () => {
    expect(serviceUnavailable(new DomainError('VALIDATION_FAILED', 'x'))).toBeNull();
    expect(serviceUnavailable(new Error('boom'))).toBeNull();
    expect(serviceUnavailable(undefined)).toBeNull();
  });
});
