/**
 * The projection activity on its own, against a real PostgreSQL (the activity layer of the tests): a retried or late
 * call changes nothing, the row never moves backwards, and a deadline that did not change is not written again (no new
 * row version, so neither the overdue-history trigger nor the supervision counters run for it). Also the decision
 * revision's projection and the paper projection's no-op (issue 18).
 */
import { expect } from 'expect';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import type { ProjectCaseInput, ProjectedDeadline } from '@activities/case-activities.interface';
import { CaseActivitiesService } from '@activities/case.activities';
import { overdueTrendSql } from '@libs/persistence/src/supervision';
import { applyPaperAction, openPaper, paperProjectionOf } from '@libs/domain/src/paper';
import { writePaperProjection } from '@libs/persistence/src/paper-projection';
import { DEMO_ORGS, prepareDatabase } from '@libs/persistence/src/seed';
import { startPostgres } from '../support/servers';

describe('projectCase activity (real PostgreSQL)', { timeout: 120_000 }, () => {
  let db: DataSource;
  let stopPg: () => Promise<void>;
  let activities: CaseActivitiesService;
  before(async () => {
    const pg = await startPostgres();
    stopPg = () => pg.stop();
    ({ db } = await prepareDatabase(pg.url, { demo: true }));
    activities = new CaseActivitiesService(db);
  });
  after(async () => {
    await db?.destroy();
    await stopPg?.();
  });

  async function registerCase(org: { id: string } = DEMO_ORGS.hospitalB): Promise<string> {
    const id = randomUUID();
    const [{ path }]: Array<{ path: string }> = await db.query(`SELECT path FROM organisations WHERE id = $1`, [org.id]);
    await db.query(
      `INSERT INTO cases (id, number, title, source, handling_org_id, handling_org_path, policy_profile, received_at, phase)
       VALUES ($1, $2, 'projection test', 'report', $3, $4, 'national-2022', '2026-03-02', 'intake')`,
      [id, `SC-T-${id.slice(0, 8)}`, org.id, path],
    );
    return id;
  }
  const acceptance: ProjectedDeadline = {
    kind: 'acceptance',
    dueDate: '2026-03-16',
    dueAt: '2026-03-16T15:59:59.999Z',
    provisional: false,
    status: 'open',
  };
  const investigation: ProjectedDeadline = {
    kind: 'investigation',
    dueDate: '2026-09-02',
    dueAt: '2026-09-02T15:59:59.999Z',
    provisional: false,
    status: 'open',
  };
  const event = (seq: number, type: string) => ({
    seq,
    type,
    at: '2026-03-03T02:00:00.000Z',
    actor: { userId: 'u', role: 'case_officer' },
    data: { n: seq },
  });
  const input = (caseId: string, seq: number, deadlines: ProjectedDeadline[], phase = 'intake'): ProjectCaseInput => ({
    caseId,
    phase,
    version: seq,
    lastEventSeq: seq,
    events: [event(seq, `e${seq}`)],
    deadlines,
  });
  /** xmin changes whenever a row is written again, even with the same values. */
  const deadlineRows = async (caseId: string) =>
    (await db.query(`SELECT kind, status, due_date::text AS due, xmin::text AS xmin FROM case_deadlines WHERE case_id = $1 ORDER BY kind`, [
      caseId,
    ])) as Array<{
      kind: string;
      status: string;
      due: string;
      xmin: string;
    }>;

  it('writes each event once and keeps the case row moving forward only', async () => {
    const id = await registerCase();
    await activities.projectCase(input(id, 1, [acceptance]));
    await activities.projectCase(input(id, 1, [acceptance])); // a retry
    await activities.projectCase(input(id, 2, [{ ...acceptance, status: 'met' }, investigation], 'investigation'));
    await activities.projectCase(input(id, 1, [acceptance])); // a late retry of the first call
    const events: Array<{ seq: number }> = await db.query(`SELECT seq FROM case_events WHERE case_id = $1 ORDER BY seq`, [id]);
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
    const [row]: Array<{ phase: string; version: number; next_due_date: string }> = await db.query(
      `SELECT phase, version, next_due_date::text FROM cases WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ phase: 'investigation', version: 2, next_due_date: '2026-09-02' });
    expect((await deadlineRows(id)).map(({ kind, status }) => ({ kind, status }))).toEqual([
      { kind: 'acceptance', status: 'met' },
      { kind: 'investigation', status: 'open' },
    ]);
  });

  it('projects the allowed actions with the row they belong to, on both paths; a late call leaves them as they are', async () => {
    const id = await registerCase();
    const allowed = async () =>
      ((await db.query(`SELECT allowed_actions FROM cases WHERE id = $1`, [id])) as Array<{ allowed_actions: unknown }>)[0]!
        .allowed_actions;
    await activities.projectCase({ ...input(id, 1, [acceptance]), allowedActions: ['accept', 'reject', 'transfer'] });
    expect(await allowed()).toEqual(['accept', 'reject', 'transfer']);
    // The full path (taken by a decision, or by a review that revokes one) writes them too.
    const revoked = { ...event(2, 'review_completed'), data: { result: 'revoked' } };
    await activities.projectCase({ ...input(id, 2, [acceptance], 'investigation'), events: [revoked], allowedActions: ['add_member'] });
    expect(await allowed()).toEqual(['add_member']);
    // A late retry of the first call does not move them back, and a call from before they existed does not clear them.
    await activities.projectCase({ ...input(id, 1, [acceptance]), allowedActions: ['accept', 'reject', 'transfer'] });
    await activities.projectCase(input(id, 3, [acceptance], 'investigation'));
    expect(await allowed()).toEqual(['add_member']);
  });

  it('rewrites only the deadlines that changed', async () => {
    const id = await registerCase();
    await activities.projectCase(input(id, 1, [acceptance, investigation]));
    const before = await deadlineRows(id);
    // An action that moves no deadline (most do not): both rows stay the same row versions.
    await activities.projectCase(input(id, 2, [acceptance, investigation]));
    expect(await deadlineRows(id)).toEqual(before);
    // An extension moves one deadline: that row alone is written.
    await activities.projectCase(
      input(id, 3, [acceptance, { ...investigation, dueDate: '2026-12-02', dueAt: '2026-12-02T15:59:59.999Z' }]),
    );
    const after = await deadlineRows(id);
    expect(after[0]).toEqual(before[0]);
    expect(after[1]).toMatchObject({ kind: 'investigation', due: '2026-12-02' });
    expect(after[1]!.xmin).not.toBe(before[1]!.xmin);
    // The overdue history and the counters still follow a real change.
    await activities.projectCase(input(id, 4, [{ ...acceptance, status: 'overdue' }, investigation]));
    const [overdue]: Array<{ overdue_since: string | null }> = await db.query(
      `SELECT overdue_since::text FROM case_deadlines WHERE case_id = $1 AND kind = 'acceptance'`,
      [id],
    );
    expect(overdue!.overdue_since).not.toBeNull();
    const [{ n }]: Array<{ n: string }> = await db.query(
      `SELECT coalesce(sum(n), 0)::text AS n FROM supervision_counts WHERE org_path = (SELECT handling_org_path FROM cases WHERE id = $1)
          AND metric = 'overdue' AND key = 'acceptance'`,
      [id],
    );
    expect(Number(n)).toBeGreaterThanOrEqual(1);
  });

  it('keeps an overdue span when an extension or a resume moves the deadline later, so a past day never changes', async () => {
    const org = DEMO_ORGS.hospitalA; // its own subtree: the other tests' deadlines do not count here
    const [{ path }]: Array<{ path: string }> = await db.query(`SELECT path FROM organisations WHERE id = $1`, [org.id]);
    const due: ProjectedDeadline = {
      kind: 'investigation',
      dueDate: '2026-03-16',
      dueAt: '2026-03-16T15:59:59.999Z',
      provisional: false,
      status: 'open',
    };
    const spansOf = async (caseId: string) =>
      (await db.query(`SELECT since, until FROM case_deadline_overdue_spans WHERE case_id = $1 ORDER BY since`, [caseId])) as Array<{
        since: Date;
        until: Date;
      }>;

    // 1. Overdue, then extended to a day still ahead: the span [due, extension) is kept.
    const a = await registerCase(org);
    await activities.projectCase(input(a, 1, [due]));
    await activities.projectCase(input(a, 2, [{ ...due, status: 'overdue' }]));
    const t0 = Date.now();
    const extended: ProjectedDeadline = { ...due, dueDate: '2027-03-16', dueAt: '2027-03-16T15:59:59.999Z', status: 'open' };
    await activities.projectCase(input(a, 3, [extended]));
    await activities.projectCase(input(a, 3, [extended])); // a retry adds no second span
    const [spanA, ...moreA] = await spansOf(a);
    expect(moreA).toEqual([]);
    expect(spanA!.since.toISOString()).toBe(due.dueAt);
    expect(spanA!.until.getTime()).toBeGreaterThanOrEqual(t0 - 1000);
    expect(spanA!.until.getTime()).toBeLessThanOrEqual(Date.now() + 1000);

    // 2. Overdue, then moved to a later day that has passed too (a resume after a suspension): the first span ends where
    //    the second begins, so no day counts twice.
    const b = await registerCase(org);
    await activities.projectCase(input(b, 1, [{ ...due, status: 'overdue' }]));
    const moved: ProjectedDeadline = { ...due, dueDate: '2026-04-16', dueAt: '2026-04-16T15:59:59.999Z', status: 'overdue' };
    await activities.projectCase(input(b, 2, [moved]));
    expect((await spansOf(b)).map((x) => [x.since.toISOString(), x.until.toISOString()])).toEqual([[due.dueAt, moved.dueAt]]);

    // The trend (reference query over rows and spans) at the end of 10 March, 1 April, 1 May and tomorrow.
    const cuts = ['2026-03-10', '2026-04-01', '2026-05-01']
      .map((d) => new Date(`${d}T24:00:00+08:00`))
      .concat(new Date(Date.now() + 86_400_000));
    const q = overdueTrendSql(path, randomUUID(), cuts);
    const deltas: Array<{ i: number; delta: number }> = await db.query(q.text, q.params);
    const counts = cuts.map((_, k) => deltas.filter((d) => d.i <= k + 1).reduce((n, d) => n + d.delta, 0));
    // a: overdue from 16 March until the extension (today); b: overdue from 16 March on, without a gap or a double count.
    expect(counts).toEqual([0, 2, 2, 1]);

    // The counters the API reads hold the same history: identical to a rebuild from rows and spans.
    const counters = async () =>
      (await db.query(
        `SELECT org_path, metric, key, month, n::int AS n FROM supervision_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4`,
      )) as unknown[];
    const kept = await counters();
    await db.query(`SELECT supervision_counts_rebuild()`);
    expect(await counters()).toEqual(kept);
    expect(kept).toEqual(expect.arrayContaining([{ org_path: path, metric: 'od_since', key: '', month: '2026-03-16', n: 2 }]));
  });

  it('a revised decision supersedes the one in force once: its entries revoked with the reason, the corrected ones recorded; a retry changes nothing', async () => {
    const id = await registerCase(DEMO_ORGS.hospitalB);
    const [user] = await db.query(`SELECT id FROM users LIMIT 1`);
    const author = (years: number) => ({
      order: 1,
      name: '王五',
      organisation: '洛阳市中心医院',
      penalise: true,
      measures: [{ code: '7', years }, { code: '13' }],
      idNumberEnc: 'sealed',
      idNumberHash: 'hash-1',
      idNumberMasked: '1101052020****0428',
    });
    const pending = async (version: number, years: number, supersedes?: string) => {
      const d = randomUUID();
      await db.query(
        `INSERT INTO decisions (id, case_id, status, result, form, updated_by, version, supersedes, revision_reason)
         VALUES ($1, $2, 'pending', 'misconduct', $3, $4, $5, $6, $7)`,
        [
          d,
          id,
          JSON.stringify({ result: 'misconduct', authors: [author(years)] }),
          user.id,
          version,
          supersedes ?? null,
          supersedes ? '处罚偏轻' : null,
        ],
      );
      return d;
    };
    const d1 = await pending(1, 2);
    const decided = {
      seq: 1,
      type: 'decided',
      at: '2026-06-10T02:00:00.000Z',
      actor: null,
      data: { decisionId: d1, effectiveDate: '2026-06-10' },
    };
    await activities.projectCase({ caseId: id, phase: 'handling', version: 1, lastEventSeq: 1, events: [decided], deadlines: [] });
    const d2 = await pending(2, 4, d1);
    const revised = {
      seq: 2,
      type: 'decision_revised',
      at: '2026-06-20T02:00:00.000Z',
      actor: null,
      data: { decisionId: d2, supersedes: d1, effectiveDate: '2026-06-20', revision: 2, reason: '按省卫健委意见加重' },
    };
    const project = () =>
      activities.projectCase({ caseId: id, phase: 'handling', version: 2, lastEventSeq: 2, events: [revised], deadlines: [] });
    await project();
    const state = async () => ({
      decisions: await db.query(
        `SELECT version, status, superseded_by, to_char(effective_date, 'YYYY-MM-DD') AS effective FROM decisions WHERE case_id = $1 ORDER BY version`,
        [id],
      ),
      entries: await db.query(
        `SELECT d.version, r.measure_code, r.status, to_char(r.ends_on, 'YYYY-MM-DD') AS ends, (SELECT count(*)::int FROM registry_entry_history h WHERE h.entry_id = r.id) AS changes
           FROM registry_entries r JOIN decisions d ON d.id = r.decision_id WHERE r.case_id = $1 ORDER BY d.version, r.measure_code`,
        [id],
      ),
    });
    const once = await state();
    expect(once.decisions).toEqual([
      { version: 1, status: 'superseded', superseded_by: d2, effective: '2026-06-10' },
      { version: 2, status: 'effective', superseded_by: null, effective: '2026-06-20' },
    ]);
    expect(once.entries).toEqual([
      { version: 1, measure_code: '13', status: 'revoked', ends: null, changes: 1 },
      { version: 1, measure_code: '7', status: 'revoked', ends: '2028-06-10', changes: 1 },
      { version: 2, measure_code: '13', status: 'active', ends: null, changes: 0 },
      { version: 2, measure_code: '7', status: 'active', ends: '2030-06-20', changes: 0 },
    ]);
    const [history] = await db.query(
      `SELECT h.reason FROM registry_entry_history h JOIN registry_entries r ON r.id = h.entry_id WHERE r.decision_id = $1 LIMIT 1`,
      [d1],
    );
    expect(history.reason).toBe('更正：第2版处理决定取代第1版（案件事件 2）— 按省卫健委意见加重');
    await project(); // a retried projection
    expect(await state()).toEqual(once);
  });

  it('a paper projection that changes nothing writes nothing (no new row version, updated_at kept)', async () => {
    const paperId = randomUUID();
    const [nat] = await db.query(`SELECT id, path, level, name FROM organisations WHERE id = $1`, [DEMO_ORGS.national.id]);
    const holder = { orgId: nat.id, path: nat.path, level: nat.level, name: nat.name };
    const actor = { userId: randomUUID(), role: 'integrity_admin', orgId: nat.id };
    await db.query(
      `INSERT INTO problem_papers (id, workflow_id, batch, number, title, authors, corresponding_unit, region_code, journal, source, imported_by, imported_org_id, holder_org_id, holder_path, current_org_id)
       VALUES ($1, $2, 'PT', '1', 't', '[]', 'u', '410102', 'j', 'pubmed', $3, $4, $4, $5, $4)`,
      [paperId, `RP-PT-${paperId}`, actor.userId, nat.id, nat.path],
    );
    const opened = openPaper({ paperId, number: '1', batch: 'PT', holder }, '2026-11-20T02:00:00.000Z', actor);
    const row = async () =>
      (await db.query(`SELECT xmin::text AS xmin, updated_at, last_event_seq, status FROM problem_papers WHERE id = $1`, [paperId]))[0];
    await db.transaction((tx) => writePaperProjection(tx, paperProjectionOf(opened.state, opened.events)));
    const first = await row();
    expect(first).toMatchObject({ last_event_seq: 1, status: 'pending_dispatch' });
    // The workflow's own first projection: the same row, its event at a later instant (it is already there).
    const again = openPaper({ paperId, number: '1', batch: 'PT', holder }, '2026-11-20T02:00:00.050Z', actor);
    await db.transaction((tx) => writePaperProjection(tx, paperProjectionOf(again.state, again.events)));
    expect(await row()).toEqual(first);
    // A real change is written.
    const [prov] = await db.query(`SELECT id, path, level, name FROM organisations WHERE id = $1`, [DEMO_ORGS.province.id]);
    const t = applyPaperAction(
      again.state,
      { action: 'dispatch', actor, body: { target: { orgId: prov.id, path: prov.path, level: prov.level, name: prov.name } } },
      '2026-11-20T03:00:00.000Z',
    );
    await db.transaction((tx) => writePaperProjection(tx, paperProjectionOf(t.state, t.events)));
    const moved = await row();
    expect(moved).toMatchObject({ last_event_seq: 2, status: 'pending_dispatch' });
    expect(moved.xmin).not.toBe(first.xmin);
    expect(moved.updated_at.getTime()).toBeGreaterThan(first.updated_at.getTime());
  });
});
