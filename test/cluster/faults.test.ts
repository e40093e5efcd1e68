/**
 * Faults on a real Temporal 1.29.1 cluster (issue 20): persistence and visibility on PostgreSQL, frontend, two history,
 * two matching and the worker service as processes, mTLS with a server-name override; the product as two API and two
 * worker processes on their own PostgreSQL, started together on an empty database. Each scenario measures what the
 * fault cost (printed as `FAULT …` lines at the end; README "Deploying" quotes them) and checks nothing was lost or
 * doubled. Bounded: every wait has a deadline; about 5 minutes in all.
 *
 * Build: scripts/setup-temporal-server.sh (scripts/test runs it); run: node --test dist/test/cluster/faults.test.js
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, makeTelemetryFilterString, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import { isoDateOf } from '@libs/domain/src/calendar';
import { MIGRATIONS } from '@libs/persistence/src/migrations';
import { DEMO_ORGS, DEMO_PASSWORD, prepareDatabase } from '@libs/persistence/src/seed';
import type { EmbeddedPg } from '@libs/persistence/src/embedded-postgres';
import { startMailCatcher, type MailCatcher } from '@scripts/smtp-catcher';
import { call, distinctFreePorts, ProductProcess, startTestCluster, tempDataDir, waitForPort, type TestCluster } from '../support/cluster';
import { freePort, startPostgres } from '../support/servers';
import { fetchAllRuns } from '../support/history';
import { eventually } from '../support/wait';
import { timerWorkflow } from '../support/timer.workflow';
import { useTestSecrets } from '../support/secrets';

const EventType = temporal.api.enums.v1.EventType;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const s1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** What clients saw during one fault: answers by status (0 = no answer: refused, reset or timed out). */
class ClientStats {
  readonly byStatus = new Map<number, number>();
  readonly retryAfter = new Set<string>();
  unexpected: string[] = [];
  record(status: number, headers: Headers | null, body: unknown): void {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    if (status === 503) {
      const ra = headers?.get('retry-after');
      if (ra) this.retryAfter.add(ra);
      if ((body as { error?: string })?.error !== 'SERVICE_UNAVAILABLE' || !ra)
        this.unexpected.push(`503 without Retry-After or SERVICE_UNAVAILABLE: ${JSON.stringify(body)}`);
    } else if (status !== 200 && status !== 0) this.unexpected.push(`${status} ${JSON.stringify(body).slice(0, 300)}`);
  }
  summary(): string {
    const parts = [...this.byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${n}×${s === 0 ? 'no answer' : s}`);
    return parts.join(', ') + (this.retryAfter.size ? ` (Retry-After: ${[...this.retryAfter].join('/')} s)` : '');
  }
  get errors(): number {
    return [...this.byStatus.entries()].filter(([s]) => s !== 200).reduce((n, [, c]) => n + c, 0);
  }
}

describe('faults on a Temporal cluster (mTLS; 2 history, 2 matching; 2 APIs, 2 workers)', () => {
  let tc: TestCluster;
  let appPg: EmbeddedPg & { dir: string; stopServer(): Promise<void> };
  let mail: MailCatcher;
  let data: { dir: string; remove(): void };
  let db: DataSource;
  const apis: ProductProcess[] = [];
  const workers: ProductProcess[] = [];
  const apiPorts: number[] = [];
  const extra: ProductProcess[] = [];
  const figures: string[] = [];
  const tokens = new Map<string, string>();
  let temporalClient: Client;
  let clusterStartMs = 0;

  before(async () => {
    // The test's own timer worker retries through the outages: only errors, not every retried call.
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) } },
    });
    useTestSecrets(); // the API and worker processes below inherit them (no secret is written in the source)
    const t0 = Date.now();
    tc = await startTestCluster({ tls: true });
    clusterStartMs = Date.now() - t0;
    figures.push(`FAULT cluster start: schemas, 6 Temporal processes, namespace and search attributes ready in ${s1(clusterStartMs)}`);
    appPg = await startPostgres((await distinctFreePorts(1))[0]);
    mail = await startMailCatcher({ smtpPort: 0, httpPort: 0, limit: 5000 });
    data = tempDataDir();
    apiPorts.push(await freePort(), await freePort());
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: appPg.url,
      ...tc.env,
      SMTP_URL: mail.smtpUrl,
      DATA_DIR: data.dir,
      // All four start together on an empty database: the migration lock lets one migrate, the others wait.
      MIGRATE_ON_START: 'true',
      APP_BASE_URL: `http://127.0.0.1:${apiPorts[0]}`,
      // Load from a few accounts at a time: lift the per-account write limit, as the action benchmark does.
      WRITE_LIMIT_PER_ACCOUNT: '100000000',
    };
    for (const i of [1, 2]) workers.push(new ProductProcess(`worker-${i}`, 'apps/worker/src/main.js', env));
    for (const [i, port] of apiPorts.entries())
      apis.push(new ProductProcess(`api-${i + 1}`, 'apps/api/src/main.js', { ...env, API_PORT: String(port) }));
    for (const p of [...workers, ...apis]) p.start();
    await Promise.all(apiPorts.map((p) => waitForPort(p, 120_000)));
    ({ db } = await prepareDatabase(appPg.url, { demo: true }));
    temporalClient = new Client({ connection: await Connection.connect(tc.connectionOptions()) });
  });

  after(async () => {
    for (const p of [...extra, ...apis, ...workers]) await p.stop().catch(() => undefined);
    await temporalClient?.connection.close().catch(() => undefined);
    await db?.destroy().catch(() => undefined);
    await tc?.stop().catch(() => undefined);
    await appPg?.stop().catch(() => undefined);
    await mail?.stop().catch(() => undefined);
    data?.remove();
    console.log(['', ...figures, ''].join('\n'));
  });

  async function login(username: string): Promise<string> {
    if (!tokens.has(username)) {
      const r = await call(apiPorts[0]!, 'POST', '/api/v1/auth/login', { body: { username, password: DEMO_PASSWORD } });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      tokens.set(username, r.body.accessToken as string);
    }
    return tokens.get(username)!;
  }

  /** Opens `n` cases at hospital B, half through each API, `concurrency` at a time. */
  async function openCases(
    n: number,
    title: string,
    over: (i: number) => Record<string, unknown> = () => ({}),
    concurrency = 10,
  ): Promise<Array<{ id: string; number: string }>> {
    const token = await login('hospb.officer');
    const out: Array<{ id: string; number: string }> = new Array(n);
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < n; i = next++) {
          const r = await call(apiPorts[i % 2]!, 'POST', '/api/v1/cases', {
            token,
            body: {
              source: 'routine',
              handlingOrgId: DEMO_ORGS.hospitalB.id,
              receivedAt: isoDateOf(Date.now()),
              title: `${title} ${i}`,
              allegations: [],
              subjects: [{ name: `对象${i}` }],
              ...over(i),
            },
          });
          if (r.status !== 201) throw new Error(`create case: ${r.status} ${JSON.stringify(r.body)}`);
          out[i] = r.body;
        }
      }),
    );
    return out;
  }

  /**
   * Sends one action until it is acknowledged (200), through alternating API instances, always with the same
   * Idempotency-Key, waiting 1 s between attempts (shorter than Retry-After, to keep the test quick).
   */
  async function actUntilAcknowledged(
    caseId: string,
    action: string,
    body: Record<string, unknown>,
    key: string,
    stats: ClientStats,
    deadlineMs: number,
  ) {
    const token = await login('hospb.officer');
    const firstAttempt = Date.now();
    // As a client does: the case's ETag as If-Match (required), read once; every retry is the same request again.
    let etag: string | null = null;
    for (let attempt = 0; ; attempt++) {
      if (!etag) {
        const got = await call(apiPorts[attempt % 2]!, 'GET', `/api/v1/cases/${caseId}`, { token, timeoutMs: 30_000 });
        etag = got.status === 200 ? (got.headers?.get('etag') ?? null) : null;
        if (!etag) {
          if (Date.now() > deadlineMs)
            throw new Error(
              `${action} ${key}: no ETag before the deadline; last answer ${got.status} ${got.error ?? JSON.stringify(got.body)}`,
            );
          await sleep(1000);
          continue;
        }
      }
      const r = await call(apiPorts[attempt % 2]!, 'POST', `/api/v1/cases/${caseId}/actions/${action}`, {
        token,
        body,
        headers: { 'Idempotency-Key': key, 'If-Match': etag },
        timeoutMs: 30_000,
      });
      stats.record(r.status, r.headers, r.body);
      if (r.status === 200) return { firstAttempt, acknowledgedAt: Date.now(), attempts: attempt + 1, body: r.body };
      if (Date.now() > deadlineMs)
        throw new Error(
          `${action} ${key} not acknowledged before the deadline; last answer ${r.status} ${r.error ?? JSON.stringify(r.body)}`,
        );
      await sleep(1000);
    }
  }

  /** Every key's member exactly once: timeline, case_events (projection); each key's Update accepted, never twice in one run. */
  async function expectExactlyOnce(c: { id: string; number: string }, keys: string[], prefix: string): Promise<void> {
    const token = await login('hospb.officer');
    // key `<prefix>-<case id>-<n>` adds member `<prefix>-<n>`; members of other scenarios have other prefixes
    const expected = keys.map((k) => `${prefix}-${k.split('-').at(-1)}`).sort();
    const timeline = await eventually(async () => {
      const r = await call(apiPorts[0]!, 'GET', `/api/v1/cases/${c.id}/timeline`, { token });
      const members = (r.body as Array<{ type: string; data: { name?: string } }>)
        .filter((e) => e.type === 'member_added' && e.data.name!.startsWith(`${prefix}-`))
        .map((e) => e.data.name!);
      return members.length >= expected.length && members;
    }, `timeline of ${c.number}`);
    expect([...timeline].sort()).toEqual(expected);
    const rows: Array<{ name: string }> = await db.query(
      `SELECT data->>'name' AS name FROM case_events WHERE case_id = $1 AND type = 'member_added' AND data->>'name' LIKE $2`,
      [c.id, `${prefix}-%`],
    );
    expect(rows.map((r) => r.name).sort()).toEqual(expected);
    const [projection] = await db.query(
      `SELECT last_event_seq, (SELECT count(*)::int FROM case_events WHERE case_id = $1) AS events FROM cases WHERE id = $1`,
      [c.id],
    );
    expect(projection.last_event_seq).toBe(projection.events);
    // Every run: a case continues as new every CASE_RUN_MAX_EVENTS events (issue 21). A key is accepted once per run at
    // most; a later run accepts a retry of it (the API could not record its answer while PostgreSQL was down) only to
    // answer the first result it carried over (RecentUpdates), which the timeline and projection above show applied once.
    const { runs } = await fetchAllRuns(temporalClient, c.number);
    const acceptedIn = runs.map((run) =>
      (run.events ?? [])
        .filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
        .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId ?? ''),
    );
    for (const key of keys) {
      const perRun = acceptedIn.map((ids) => ids.filter((id) => id === key).length);
      expect({ key, acceptedInSomeRun: perRun.some((n) => n > 0), twiceInOneRun: perRun.some((n) => n > 1) }).toEqual({
        key,
        acceptedInSomeRun: true,
        twiceInOneRun: false,
      });
    }
  }

  const member = (name: string) => ({ name, kind: 'team', declarationSigned: true, conflicts: [] });

  it('instances started together on an empty database: migrations applied once, under the lock', async () => {
    const rows: Array<{ name: string; n: number }> = await db.query(`SELECT name, count(*)::int AS n FROM migrations GROUP BY name`);
    expect(rows.length).toBe(MIGRATIONS.length);
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    // Each instance logged what it applied: together, every migration exactly once.
    const applied = [...apis, ...workers].flatMap((p) =>
      p.output
        .split('\n')
        .filter((l) => l.includes('"context":"migrate"'))
        .flatMap((l) => (JSON.parse(l) as { applied: string[] }).applied),
    );
    expect(applied.sort()).toEqual(rows.map((r) => r.name).sort());
  });

  it('two API processes writing at once: case numbers unique and gapless, the audit chain verifies', async () => {
    const before: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM audit_log`);
    const cases = await openCases(40, 'numbers', () => ({}), 16);
    const numbers = cases.map((c) => Number(c.number.slice(-6))).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(40);
    expect(numbers.at(-1)! - numbers[0]! + 1).toBe(40);
    const admin = await login('hospb.admin');
    const verify = await call(apiPorts[1]!, 'GET', '/api/v1/audit/verify', { token: admin });
    const after: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM audit_log`);
    expect(after[0]!.n - before[0]!.n).toBeGreaterThanOrEqual(40);
    expect(verify.body).toEqual({ ok: true, checked: after[0]!.n, firstBrokenId: null });
  });

  it('health: ok with workers polling; degraded (503) on a task queue no worker polls', async () => {
    const ok = await call(apiPorts[0]!, 'GET', '/health');
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('ok');
    expect(ok.body.details.workers.pollers).toBeGreaterThanOrEqual(1);
    const port = await freePort();
    const lonely = new ProductProcess('api-unpolled', 'apps/api/src/main.js', {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: appPg.url,
      ...tc.env,
      SMTP_URL: mail.smtpUrl,
      DATA_DIR: data.dir,
      API_PORT: String(port),
      TEMPORAL_TASK_QUEUE: 'nobody-polls-this',
    });
    extra.push(lonely);
    lonely.start();
    await waitForPort(port, 60_000);
    const degraded = await call(port, 'GET', '/health');
    expect({ status: degraded.status, body: degraded.body.status, workers: degraded.body.details.workers }).toEqual({
      status: 503,
      body: 'degraded',
      workers: expect.objectContaining({ status: 'down', taskQueue: 'nobody-polls-this', pollers: 0 }),
    });
    expect(degraded.body.info).toEqual({ database: expect.objectContaining({ status: 'up' }), temporal: { status: 'up' } });
    expect((await call(port, 'GET', '/health/live')).status).toBe(200);
    await lonely.stop();
  });

  let acting: Array<{ id: string; number: string }> = [];

  it('a history process killed (kill -9) while officers act on 20 cases: every acknowledged action once; unacknowledged ones retried with the same key', async () => {
    acting = await openCases(20, 'history kill');
    const setup = new ClientStats();
    await Promise.all(
      acting.map((c, i) => actUntilAcknowledged(c.id, 'accept', {}, `accept-${c.id}`, setup, Date.now() + 60_000).then(() => i)),
    );
    const ROUNDS = 6;
    const stats = new ClientStats();
    let acknowledged = 0;
    let killedAt = 0;
    const waits: Array<{ sent: number; acked: number; attempts: number }> = [];
    const killer = (async () => {
      while (acknowledged < acting.length * 2) await sleep(20);
      killedAt = Date.now();
      await tc.cluster.kill('history-1');
    })();
    await Promise.all(
      acting.map(async (c) => {
        for (let r = 0; r < ROUNDS; r++) {
          const res = await actUntilAcknowledged(c.id, 'add_member', member(`hk-${r}`), `hk-${c.id}-${r}`, stats, Date.now() + 180_000);
          waits.push({ sent: res.firstAttempt, acked: res.acknowledgedAt, attempts: res.attempts });
          acknowledged++;
        }
      }),
    );
    await killer;
    const restartedAt = Date.now();
    await tc.cluster.start(['history-1']);
    for (const c of acting)
      await expectExactlyOnce(
        c,
        Array.from({ length: ROUNDS }, (_, r) => `hk-${c.id}-${r}`),
        'hk',
      );
    expect(stats.unexpected).toEqual([]);
    const spanning = waits.filter((w) => w.sent <= killedAt + 30_000 && w.acked >= killedAt);
    const retried = waits.filter((w) => w.attempts > 1).length;
    const lastAckAfterKill = Math.max(...waits.filter((w) => w.sent <= killedAt + 1000).map((w) => w.acked)) - killedAt;
    figures.push(
      `FAULT history kill -9: ${acting.length * ROUNDS} actions on ${acting.length} cases, history-1 killed after ${acting.length * 2} acknowledged; ` +
        `clients saw ${stats.summary()}; ${retried} actions needed a retry with the same Idempotency-Key; ` +
        `longest wait of an action in flight at the kill ${s1(Math.max(0, ...spanning.map((w) => w.acked - w.sent)))}; actions in flight at the kill all acknowledged ${s1(lastAckAfterKill)} after it; ` +
        `all ${acting.length * ROUNDS} exactly once in history, timeline and projection (history-1 restarted ${s1(restartedAt - killedAt)} after the kill)`,
    );
  });

  it('the whole Temporal cluster stopped and started: open cases resume, timers due meanwhile fire once', async () => {
    expect(acting.length).toBe(20);
    const fired = new Map<string, number>();
    const queue = `timers-${process.pid}`;
    const nativeConnection = await NativeConnection.connect(tc.connectionOptions());
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue: queue,
      workflowsPath: require.resolve('../support/timer.workflow'),
      activities: { timerFired: async (id: string) => void fired.set(id, (fired.get(id) ?? 0) + 1) },
    });
    const running = worker.run();
    try {
      // Wait for the restarted history host to own its shards again before the timers are set.
      await tc.ready();
      const fireAt = Date.now() + 8_000;
      const ids = Array.from({ length: 5 }, (_, i) => `timer-${process.pid}-${i}`);
      for (const id of ids) await temporalClient.workflow.start(timerWorkflow, { taskQueue: queue, workflowId: id, args: [fireAt] });
      const stats = new ClientStats();
      const stoppedAt = Date.now();
      await tc.cluster.stop();
      const stopMs = Date.now() - stoppedAt;
      // While Temporal is down: an action is refused at once with 503 and Retry-After, a read still answers (projection).
      const token = await login('hospb.officer');
      const etag = (await call(apiPorts[0]!, 'GET', `/api/v1/cases/${acting[0]!.id}`, { token })).headers?.get('etag') ?? '';
      const down = await call(apiPorts[0]!, 'POST', `/api/v1/cases/${acting[0]!.id}/actions/add_member`, {
        token,
        body: member('down'),
        headers: { 'Idempotency-Key': `down-${acting[0]!.id}`, 'If-Match': etag },
      });
      stats.record(down.status, down.headers, down.body);
      expect({ status: down.status, error: down.body?.error }).toEqual({ status: 503, error: 'SERVICE_UNAVAILABLE' });
      expect((await call(apiPorts[1]!, 'GET', `/api/v1/cases/${acting[1]!.id}`, { token })).status).toBe(200);
      expect((await call(apiPorts[0]!, 'GET', '/health')).status).toBe(503);
      await sleep(Math.max(0, fireAt + 5_000 - Date.now())); // the timers fall due while the cluster is down
      const startedAt = Date.now();
      await tc.cluster.start();
      await tc.ready();
      const readyMs = Date.now() - startedAt;
      // Every open case takes an action again (the one refused while down is retried with its key).
      const resumed = await Promise.all(
        acting.map((c, i) =>
          actUntilAcknowledged(
            c.id,
            'add_member',
            member(i === 0 ? 'down' : 'after-restart'),
            i === 0 ? `down-${c.id}` : `restart-${c.id}`,
            stats,
            Date.now() + 120_000,
          ),
        ),
      );
      const allResumedMs = Math.max(...resumed.map((r) => r.acknowledgedAt)) - startedAt;
      for (const id of ids) {
        const done = await temporalClient.workflow.getHandle(id).result();
        expect(done).toBeGreaterThanOrEqual(startedAt); // fired after the restart, not before the stop
        const history = await temporalClient.workflow.getHandle(id).fetchHistory();
        expect((history.events ?? []).filter((e) => e.eventType === EventType.EVENT_TYPE_TIMER_FIRED).length).toBe(1);
      }
      expect(Object.fromEntries(ids.map((id) => [id, fired.get(id)]))).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
      for (const [i, c] of acting.entries()) {
        const r = await call(apiPorts[0]!, 'GET', `/api/v1/cases/${c.id}/timeline`, { token });
        const names = (r.body as Array<{ type: string; data: { name?: string } }>)
          .filter((e) => e.type === 'member_added')
          .map((e) => e.data.name);
        expect(names.filter((n) => n === (i === 0 ? 'down' : 'after-restart')).length).toBe(1);
      }
      expect(stats.unexpected).toEqual([]);
      figures.push(
        `FAULT whole cluster stopped ${s1(startedAt - stoppedAt)} (SIGTERM took ${s1(stopMs)}): clients saw ${stats.summary()}; reads and /health (503) answered meanwhile; ` +
          `cluster serving again ${s1(readyMs)} after the start; all 20 open cases acknowledged an action ${s1(allResumedMs)} after the start; 5 timers due during the outage fired once each after it`,
      );
    } finally {
      worker.shutdown();
      await running.catch(() => undefined);
      await nativeConnection.close();
    }
  });

  it('PostgreSQL stopped for 30 s: actions answer 503 with Retry-After, nothing lost or doubled, nothing restarted', async () => {
    const cases = acting.slice(0, 10);
    const pids = [...apis, ...workers].map((p) => p.pid);
    const stats = new ClientStats();
    const keys = new Map<string, string[]>(cases.map((c) => [c.id, []]));
    let stoppedAt = 0;
    let restartedAt = 0;
    let during = 0;
    let outageError: unknown;
    const outage = (async () => {
      await sleep(1500);
      stoppedAt = Date.now();
      await appPg.stopServer();
      await sleep(30_000);
      restartedAt = Date.now();
      await appPg.restart();
    })().catch((err: unknown) => {
      outageError = err;
      restartedAt ||= Date.now();
    });
    // Each case's officer keeps acting (a new key per action) until 20 s after PostgreSQL is back.
    const acks: number[] = [];
    await Promise.all(
      cases.map(async (c) => {
        for (let n = 0; !restartedAt || Date.now() < restartedAt + 20_000; n++) {
          const key = `pg-${c.id}-${n}`;
          keys.get(c.id)!.push(key);
          const sent = Date.now();
          const res = await actUntilAcknowledged(c.id, 'add_member', member(`pg-${n}`), key, stats, Date.now() + 180_000);
          if (stoppedAt && sent > stoppedAt && !restartedAt) during++;
          acks.push(res.acknowledgedAt);
        }
      }),
    );
    await outage;
    if (outageError) throw outageError;
    for (const c of cases) await expectExactlyOnce(c, keys.get(c.id)!, 'pg');
    expect(stats.unexpected).toEqual([]);
    expect(stats.byStatus.get(503)).toBeGreaterThan(0);
    expect([...apis, ...workers].map((p) => p.pid)).toEqual(pids);
    expect([...apis, ...workers].every((p) => p.running)).toBe(true);
    const firstAckAfter = Math.min(...acks.filter((t) => t > restartedAt)) - restartedAt;
    figures.push(
      `FAULT PostgreSQL (the product's) stopped ${s1(restartedAt - stoppedAt)}: clients saw ${stats.summary()}; first action acknowledged ${s1(firstAckAfter)} after PostgreSQL was back; ` +
        `${[...keys.values()].flat().length} actions on 10 cases (${during} first sent during the outage; the others were retried through it with their key), each exactly once in history, timeline and projection; no API or worker restarted`,
    );
  });

  it('a worker killed (kill -9) while notifications go out: no mail twice', async () => {
    const N = 30;
    // A real-name reporter with an address per case: each acceptance is one notice, one mail (003 art.14).
    const cases = await openCases(N, 'mail kill', (i) => ({
      source: 'report',
      allegations: ['2'],
      reporter: { name: '举报人', contact: `reporter-${i}@example.org`, realName: true },
    }));
    const caughtBefore = mail.messages().length;
    const stats = new ClientStats();
    let killedAt = 0;
    const killer = (async () => {
      const deadline = Date.now() + 60_000;
      while (mail.messages().length < caughtBefore + 3 && Date.now() < deadline) await sleep(5);
      killedAt = Date.now();
      await workers[0]!.stop('SIGKILL');
      await sleep(2000);
      workers[0]!.start();
    })();
    await Promise.all(cases.map((c) => actUntilAcknowledged(c.id, 'accept', {}, `mail-${c.id}`, stats, Date.now() + 120_000)));
    await killer;
    const ids = cases.map((c) => c.id);
    const rows = await eventually(
      async () => {
        const r: Array<{ status: string; message_id: string; recipient_email: string }> = await db.query(
          `SELECT status, message_id, recipient_email FROM notifications WHERE case_id = ANY($1::uuid[]) AND recipient_email LIKE 'reporter-%'`,
          [ids],
        );
        return r.length === N && r.every((x) => !['pending', 'failed'].includes(x.status)) && r;
      },
      'acceptance notices settled',
      90_000,
    );
    const norm = (id: string | null) => (id ?? '').replace(/^<|>$/g, '');
    const caught = new Map<string, number>();
    for (const m of mail.messages()) caught.set(norm(m.messageId), (caught.get(norm(m.messageId)) ?? 0) + 1);
    // No message twice; every row marked sent was caught exactly once.
    expect([...caught.entries()].filter(([, n]) => n > 1)).toEqual([]);
    for (const r of rows.filter((x) => x.status === 'sent'))
      expect({ row: r.recipient_email, caught: caught.get(norm(r.message_id)) ?? 0 }).toEqual({ row: r.recipient_email, caught: 1 });
    const notSent = rows.filter((x) => x.status !== 'sent');
    // Only rows the killed worker held (claimed or handed over) may wait for their lease or an operator.
    expect(notSent.every((x) => x.status === 'sending' || x.status === 'unknown')).toBe(true);
    expect(stats.unexpected).toEqual([]);
    figures.push(
      `FAULT worker kill -9 while ${N} acceptance notices went out (killed after ${mail.messages().length >= caughtBefore + 3 ? 3 : 0}+ were caught, restarted 2 s later): clients saw ${stats.summary()}; ` +
        `${rows.length - notSent.length} mails sent exactly once, ${notSent.length} held by the killed worker left ${notSent.map((x) => x.status).join('/') || '-'} (resent after the 5-minute lease only if never handed over; 'unknown' waits for an operator), none twice`,
    );
    expect(killedAt).toBeGreaterThan(0);
  });
});
