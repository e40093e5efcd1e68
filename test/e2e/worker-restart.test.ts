/**
 * Fault test: the worker stops while cases are open and officers' actions are in flight, then starts again. Every
 * case resumes; no event is lost or doubled in the workflow, the timeline or the projection.
 */
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { expect } from 'expect';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isoDateOf } from '@libs/domain/src/calendar';
import { DEMO_ORGS } from '@libs/persistence/src/seed';
import { quietLogger, startStack, type E2EStack } from '../support/app';
import { ROOT } from '../support/servers';
import { eventually } from '../support/wait';
import { WORKFLOW_PRELOAD_MODULES } from '@apps/worker/src/workflow-bundle';

/**
 * A failed action here has meant a workflow task the restarted worker could not replay (seen once under load, not
 * reproduced since): keep the histories, so the case can be replayed and its history added to test/histories.
 */
async function keepHistories(s: E2EStack, numbers: string[]): Promise<void> {
  const connection = await Connection.connect({ address: s.temporalAddress });
  try {
    const client = new Client({ connection });
    const dir = join(ROOT, 'test-output', 'worker-restart-histories');
    mkdirSync(dir, { recursive: true });
    for (const n of numbers) writeFileSync(join(dir, `${n}.json`), historyToJSON(await client.workflow.getHandle(n).fetchHistory()));
    console.error(`worker-restart: histories kept in ${dir}`);
  } finally {
    await connection.close();
  }
}

const byKind = (a: { kind: string }, b: { kind: string }) => a.kind.localeCompare(b.kind);

describe('worker stopped mid-action and restarted', () => {
  let s: E2EStack;
  let token: string;
  before(async () => {
    // Several actions on one case at once, without If-Match: what this suite needs in flight while the worker stops.
    // Optimistic concurrency (REQUIRE_IF_MATCH, on by default) would let only one of them through.
    process.env.REQUIRE_IF_MATCH = 'false';
    s = await startStack();
    token = await s.login('hospb.officer');
  });
  after(async () => {
    await s?.stop();
  });

  /** Stops the worker 30 ms after requests were sent and starts it again 1.5 s later; returns when it stopped. */
  async function restartWorkerMidway(): Promise<number> {
    await new Promise((r) => setTimeout(r, 30));
    await s.stopWorker();
    const stoppedAt = Date.now();
    await new Promise((r) => setTimeout(r, 1500));
    await s.startWorker();
    return stoppedAt;
  }

  /** `n` routine cases at hospital B, each accepted (in investigation). */
  async function acceptedCases(n: number, title: string): Promise<Array<{ id: string; number: string }>> {
    const auth = { Authorization: `Bearer ${token}` };
    const cases: Array<{ id: string; number: string }> = [];
    for (let i = 0; i < n; i++) {
      const res = await s.http
        .post('/api/v1/cases')
        .set(auth)
        .send({
          source: 'routine',
          handlingOrgId: DEMO_ORGS.hospitalB.id,
          receivedAt: isoDateOf(Date.now()),
          title: `${title} ${i}`,
          allegations: [],
          subjects: [{ name: `对象${i}` }],
        })
        .expect(201);
      cases.push(res.body);
      await s.http.post(`/api/v1/cases/${res.body.id}/actions/accept`).set(auth).send({}).expect(200);
    }
    return cases;
  }

  it('every case resumes; timeline and projection have each event exactly once', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const cases = await acceptedCases(6, 'case');

    // Three actions per case in flight; the worker stops right after they are sent.
    const inFlight = cases.flatMap((c) =>
      ['甲', '乙', '丙'].map((name, i) =>
        s.http
          .post(`/api/v1/cases/${c.id}/actions/add_member`)
          .set(auth)
          .set('Idempotency-Key', `restart-${c.id}-${i}`)
          .send({ name, kind: 'team', declarationSigned: true, conflicts: [] })
          .then((r) => ({ status: r.status, doneAt: Date.now() })),
      ),
    );
    const stoppedAt = await restartWorkerMidway();
    const results = await Promise.all(inFlight);
    if (results.some((r) => r.status !== 200))
      await keepHistories(
        s,
        cases.map((c) => c.number),
      );
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    // The fault really happened mid-action: some requests were still waiting while no worker ran.
    expect(results.filter((r) => r.doneAt > stoppedAt).length).toBeGreaterThan(0);

    for (const c of cases) {
      const t = await eventually(async () => {
        const r = await s.http.get(`/api/v1/cases/${c.id}/timeline`).set(auth).expect(200);
        return r.body.length === 5 && (r.body as Array<{ seq: number; type: string; data: { name?: string } }>);
      }, `timeline of ${c.number}`);
      expect(t.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(
        t
          .filter((e) => e.type === 'member_added')
          .map((e) => e.data.name)
          .sort(),
      ).toEqual(['丙', '乙', '甲'].sort());
      const live = (await s.http.get(`/api/v1/cases/${c.id}`).set(auth).expect(200)).body;
      const [row] = await eventually(async () => {
        const rows = await s.db.query(`SELECT version, last_event_seq FROM cases WHERE id = $1 AND last_event_seq = 5`, [c.id]);
        return rows.length > 0 && rows;
      }, `projection of ${c.number}`);
      expect(row).toEqual({ version: live.version, last_event_seq: 5 });
      const [{ n }] = await s.db.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1`, [c.id]);
      expect(n).toBe(5);
    }
  });

  it('a case and a paper can be read while no worker runs: reads come from the projection, not from a workflow query', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const created = await s.http
      .post('/api/v1/cases')
      .set(auth)
      .send({
        source: 'routine',
        handlingOrgId: DEMO_ORGS.hospitalB.id,
        receivedAt: isoDateOf(Date.now()),
        title: 'read without worker',
        allegations: [],
        subjects: [{ name: '甲' }],
      })
      .expect(201);
    const accepted = (await s.http.post(`/api/v1/cases/${created.body.id}/actions/accept`).set(auth).send({}).expect(200)).body;
    // A problem paper, the same way: imported, then dispatched to the hospital by the province.
    const admin = { Authorization: `Bearer ${await s.login('henan.admin')}` };
    const csv =
      '批次,编号,标题,作者姓名,第一通讯作者单位,行政区划,期刊,DOI,撤稿日期,来源\nREAD,1,Paper read,作者,洛阳市中心医院,410302,J,,2026-01-05,PubMed';
    const [paper] = (
      await s.http
        .post('/api/v1/papers/import')
        .set(admin)
        .attach('file', Buffer.from(csv), { filename: 'r.csv', contentType: 'text/csv' })
        .expect(200)
    ).body.papers as Array<{ id: string }>;
    const dispatched = (
      await s.http.post(`/api/v1/papers/${paper!.id}/actions/dispatch`).set(admin).send({ targetOrgId: DEMO_ORGS.hospitalB.id }).expect(200)
    ).body;
    const paperBefore = (await s.http.get(`/api/v1/papers/${paper!.id}`).set(admin).expect(200)).body;
    await s.stopWorker();
    try {
      const started = Date.now();
      const got = (await s.http.get(`/api/v1/cases/${created.body.id}`).set(auth).expect(200)).body;
      expect(Date.now() - started).toBeLessThan(5000); // a workflow query would wait for a worker
      expect(got).toMatchObject({ phase: 'investigation', version: accepted.version, allowedActions: accepted.allowedActions });
      expect([...got.deadlines].sort(byKind)).toEqual([...accepted.deadlines].sort(byKind));
      const readPaper = Date.now();
      const gotPaper = (await s.http.get(`/api/v1/papers/${paper!.id}`).set(admin).expect(200)).body;
      expect(Date.now() - readPaper).toBeLessThan(5000);
      expect(gotPaper).toEqual(paperBefore);
      expect(gotPaper).toMatchObject({ status: dispatched.status, version: dispatched.version, caseNumber: dispatched.caseNumber });
    } finally {
      await s.startWorker();
    }
  });

  it('officers acting on the same cases while others read them: every case history replays on the worker code', async () => {
    // Reading a case once queried its workflow; a query that reached a workflow task while the task's projection ran
    // made the worker hand the projection's result to the code one task later, a concurrent action was then ordered
    // differently on replay, and the case failed on the next worker restart (1 history in 6 here). Reads now come from
    // the projection (docs/ARCHITECTURE.md, "Reads and replay").
    const auth = { Authorization: `Bearer ${token}` };
    const cases = await acceptedCases(6, 'read');
    const statuses: number[] = [];
    const seen: number[] = [];
    await Promise.all(
      cases.map(async (c) => {
        for (let round = 0; round < 15; round++) {
          const actions = [0, 1].map((k) =>
            s.http
              .post(`/api/v1/cases/${c.id}/actions/add_member`)
              .set(auth)
              .send({ name: `成员${round}-${k}`, kind: 'team', declarationSigned: true, conflicts: [] })
              .then((r) => statuses.push(r.status)),
          );
          const reads = [0, 1, 2].map(() =>
            s.http
              .get(`/api/v1/cases/${c.id}`)
              .set(auth)
              .then((r) => {
                statuses.push(r.status);
                seen.push(r.body.version);
              }),
          );
          await Promise.all([...actions, ...reads]);
        }
      }),
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(Math.max(...seen)).toBeGreaterThan(1); // the reads saw actions land

    const connection = await Connection.connect({ address: s.temporalAddress });
    try {
      const client = new Client({ connection });
      const histories = await Promise.all(
        cases.map(async (c) => ({ workflowId: c.number, history: await client.workflow.getHandle(c.number).fetchHistory() })),
      );
      const workflowBundle = await bundleWorkflowCode({
        workflowsPath: require.resolve('../../workflows'),
        preloadModules: WORKFLOW_PRELOAD_MODULES,
        logger: quietLogger,
      });
      const failed: string[] = [];
      for await (const r of Worker.runReplayHistories({ workflowBundle }, histories))
        if (r.error) failed.push(`${r.workflowId}: ${String(r.error)}`);
      if (failed.length)
        await keepHistories(
          s,
          cases.map((c) => c.number),
        );
      expect(failed).toEqual([]);
    } finally {
      await connection.close();
    }
  });

  it('problem papers dispatched while the worker stops each become exactly one case at the institution', async () => {
    const admin = { Authorization: `Bearer ${await s.login('henan.admin')}` };
    const csv = ['批次,编号,标题,作者姓名,第一通讯作者单位,行政区划,期刊,DOI,撤稿日期,来源']
      .concat([1, 2, 3, 4].map((i) => `RESTART,${i},Paper ${i},作者${i},洛阳市中心医院,410302,J,,2026-01-0${i},PubMed`))
      .join('\n');
    const imported = await s.http
      .post('/api/v1/papers/import')
      .set(admin)
      .attach('file', Buffer.from(csv), { filename: 'b.csv', contentType: 'text/csv' })
      .expect(200);
    const papers = imported.body.papers as Array<{ id: string }>;
    expect(papers).toHaveLength(4);

    const inFlight = papers.map((p) =>
      s.http
        .post(`/api/v1/papers/${p.id}/actions/dispatch`)
        .set(admin)
        .set('Idempotency-Key', `restart-dispatch-${p.id}`)
        .send({ targetOrgId: DEMO_ORGS.hospitalB.id })
        .then((r) => ({ status: r.status, body: r.body as { caseId: string; caseNumber: string }, doneAt: Date.now() })),
    );
    const stoppedAt = await restartWorkerMidway();
    const results = await Promise.all(inFlight);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(results.filter((r) => r.doneAt > stoppedAt).length).toBeGreaterThan(0);

    for (const [i, p] of papers.entries()) {
      const cases = await s.db.query(`SELECT id, number FROM cases WHERE paper_id = $1`, [p.id]);
      expect(cases).toEqual([{ id: results[i]!.body.caseId, number: results[i]!.body.caseNumber }]);
      const c = (await s.http.get(`/api/v1/cases/${cases[0].id}`).set(admin).expect(200)).body;
      expect(c).toMatchObject({ phase: 'intake', source: 'retraction', handlingOrgId: DEMO_ORGS.hospitalB.id });
      const t = await eventually(async () => {
        const r = (await s.http.get(`/api/v1/papers/${p.id}/timeline`).set(admin).expect(200)).body as Array<{ seq: number; type: string }>;
        return r.length === 3 && r;
      }, `timeline of paper ${p.id}`);
      expect(t.map((e) => `${e.seq}:${e.type}`)).toEqual(['1:imported', '2:dispatched', '3:case_opened']);
    }
  });
});
