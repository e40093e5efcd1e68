/**
 * Which errors mean "a dependency is down" (503 with Retry-After, apps/api/src/common/unavailable.ts), on real errors:
 * a PostgreSQL that refuses connections or shuts down under a pool, a Temporal frontend that is not there.
 */
import { Client, Connection } from '@temporalio/client';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { Client as PgClient } from 'pg';
import { DataSource } from 'typeorm';
import { serviceUnavailable } from '@apps/api/src/common/unavailable';
import { dataSourceOptions } from '@libs/persistence/src/data-source';
import { DomainError } from '@libs/domain/src/shared';
import { freePort, startPostgres } from '../support/servers';

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

  it('bad input and bugs are not outages', () => {
    expect(serviceUnavailable(new DomainError('VALIDATION_FAILED', 'x'))).toBeNull();
    expect(serviceUnavailable(new Error('boom'))).toBeNull();
    expect(serviceUnavailable(undefined)).toBeNull();
  });
});
