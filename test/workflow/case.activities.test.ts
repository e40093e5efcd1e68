/**
 * The projection activity on its own, against a real PostgreSQL (the activity layer of the tests): a retried or late
 * call changes nothing, the row never moves backwards, and a deadline that did not change is not written again (no new
 * row version, so neither the overdue-history trigger nor the supervision counters run for it).
 */
import { expect } from 'expect';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import type { ProjectCaseInput, ProjectedDeadline } from '../../activities/case-activities.interface';
import { CaseActivitiesService } from '../../activities/case.activities';
import { DEMO_ORGS, prepareDatabase } from '../../libs/persistence/src/seed';
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

  const org = DEMO_ORGS.hospitalB;
  async function registerCase(): Promise<string> {
    const id = randomUUID();
    const [{ path }]: Array<{ path: string }> = await db.query(`SELECT path FROM organisations WHERE id = $1`, [org.id]);
    await db.query(
      `INSERT INTO cases (id, number, title, source, handling_org_id, handling_org_path, policy_profile, received_at, phase)
       VALUES ($1, $2, 'projection test', 'report', $3, $4, 'national-2022', '2026-03-02', 'intake')`,
      [id, `SC-T-${id.slice(0, 8)}`, org.id, path],
    );
    return id;
  }
  const acceptance: ProjectedDeadline = { kind: 'acceptance', dueDate: '2026-03-16', dueAt: '2026-03-16T15:59:59.999Z', provisional: false, status: 'open' };
  const investigation: ProjectedDeadline = { kind: 'investigation', dueDate: '2026-09-02', dueAt: '2026-09-02T15:59:59.999Z', provisional: false, status: 'open' };
  const event = (seq: number, type: string) => ({ seq, type, at: '2026-03-03T02:00:00.000Z', actor: { userId: 'u', role: 'case_officer' }, data: { n: seq } });
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
    (await db.query(`SELECT kind, status, due_date::text AS due, xmin::text AS xmin FROM case_deadlines WHERE case_id = $1 ORDER BY kind`, [caseId])) as Array<{
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

  it('rewrites only the deadlines that changed', async () => {
    const id = await registerCase();
    await activities.projectCase(input(id, 1, [acceptance, investigation]));
    const before = await deadlineRows(id);
    // An action that moves no deadline (most do not): both rows stay the same row versions.
    await activities.projectCase(input(id, 2, [acceptance, investigation]));
    expect(await deadlineRows(id)).toEqual(before);
    // An extension moves one deadline: that row alone is written.
    await activities.projectCase(input(id, 3, [acceptance, { ...investigation, dueDate: '2026-12-02', dueAt: '2026-12-02T15:59:59.999Z' }]));
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
});
