/**
 * The one writer of a case's lifecycle in PostgreSQL: the case row's projected fields (phase, version, next deadline,
 * allowed actions, …), its events (`case_events`) and deadlines (`case_deadlines`), written by the case workflow's
 * projection activity (activities/case.activities.ts). Idempotent: events are keyed by (case_id, seq), the case row
 * only moves forward (`last_event_seq`), deadlines are upserted by (case_id, kind) and only written when they changed.
 */
import type { EntityManager } from 'typeorm';
import type { Queryable } from './queryable';

/** The case row's projected values. */
export interface CaseRowChange {
  caseId: string;
  phase: string;
  version: number;
  lastEventSeq: number;
  nextDueDate: string | null;
  overdue: boolean;
  allowedActions: readonly string[] | null;
  blockedActions: Record<string, string> | null;
  appealOrgId: string | null;
}

export interface CaseEventRecord {
  seq: number;
  type: string;
  at: string;
  actor: Record<string, unknown> | null;
  data: Record<string, unknown>;
}

export interface CaseDeadlineRecord {
  kind: string;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
  status: string;
  suspendedOn?: string;
}

/** $1–$9 of both projection paths: id, phase, version, last event seq, next due date, overdue, allowed and blocked
 * actions, the organisation hearing the appeal. */
function caseRowParams(c: CaseRowChange): unknown[] {
  return [
    c.caseId,
    c.phase,
    c.version,
    c.lastEventSeq,
    c.nextDueDate,
    c.overdue,
    c.allowedActions ? JSON.stringify(c.allowedActions) : null,
    c.blockedActions ? JSON.stringify(c.blockedActions) : null,
    c.appealOrgId,
  ];
}

/** The projection's common case as one statement; $10 = events, $11 = deadlines (JSON arrays). Deadlines are written only
 * when the case row moved forward (joined on `upd`), as in the full path, and only those that changed: most actions
 * move no deadline, and an unchanged one rewritten would cost a new row version, its index entries and three trigger
 * calls (overdue history, supervision counters) for nothing. */
const PROJECT_IN_ONE_STATEMENT = `
  WITH upd AS (
    UPDATE cases SET phase = $2, version = $3, last_event_seq = $4, next_due_date = $5, overdue = $6,
           allowed_actions = COALESCE($7::jsonb, allowed_actions), blocked_actions = COALESCE($8::jsonb, blocked_actions),
           appeal_org_id = COALESCE($9::uuid, appeal_org_id), updated_at = now()
     WHERE id = $1 AND last_event_seq <= $4
    RETURNING handling_org_path
  ), ev AS (
    INSERT INTO case_events (case_id, seq, type, at, actor, data)
    SELECT $1, e.seq, e.type, e.at, CASE WHEN jsonb_typeof(e.actor) = 'object' THEN e.actor END, e.data
      FROM upd, jsonb_to_recordset($10::jsonb) AS e(seq int, type text, at timestamptz, actor jsonb, data jsonb)
    ON CONFLICT (case_id, seq) DO NOTHING
  ), dl AS (
    INSERT INTO case_deadlines (case_id, kind, due_date, due_at, provisional, status, handling_org_path, suspended_on)
    SELECT $1, d.kind, d."dueDate", d."dueAt", d.provisional, d.status, upd.handling_org_path, d."suspendedOn"
      FROM upd, jsonb_to_recordset($11::jsonb) AS d(kind text, "dueDate" date, "dueAt" timestamptz, provisional boolean, status text, "suspendedOn" date)
     WHERE NOT EXISTS (
       SELECT 1 FROM case_deadlines x
        WHERE x.case_id = $1 AND x.kind = d.kind AND x.due_date IS NOT DISTINCT FROM d."dueDate" AND x.due_at IS NOT DISTINCT FROM d."dueAt"
          AND x.provisional = d.provisional AND x.status = d.status AND x.handling_org_path = upd.handling_org_path
          AND x.suspended_on IS NOT DISTINCT FROM d."suspendedOn")
    ON CONFLICT (case_id, kind) DO UPDATE SET due_date = EXCLUDED.due_date, due_at = EXCLUDED.due_at,
      provisional = EXCLUDED.provisional, status = EXCLUDED.status, handling_org_path = EXCLUDED.handling_org_path,
      suspended_on = EXCLUDED.suspended_on
  )
  SELECT count(*)::int AS updated FROM upd`;

/** The projection's common case in one statement (one round trip, atomic); whether the case row moved forward. */
export async function projectInOneStatement(
  q: Queryable,
  row: CaseRowChange,
  events: readonly CaseEventRecord[],
  deadlines: readonly CaseDeadlineRecord[],
): Promise<boolean> {
  const [{ updated }] = (await q.query(PROJECT_IN_ONE_STATEMENT, [
    ...caseRowParams(row),
    JSON.stringify(events),
    JSON.stringify(deadlines),
  ])) as Array<{
    updated: number;
  }>;
  return updated === 1;
}

/** The case row moves forward (unless a newer projection landed already); the handling organisation's path, or no
 *  row when nothing was updated. */
export async function advanceCaseRow(tx: EntityManager, row: CaseRowChange): Promise<Array<{ handling_org_path: string }>> {
  const updated = await tx.queryRunner!.query(
    `UPDATE cases SET phase = $2, version = $3, last_event_seq = $4, next_due_date = $5, overdue = $6,
                allowed_actions = COALESCE($7::jsonb, allowed_actions), blocked_actions = COALESCE($8::jsonb, blocked_actions),
                appeal_org_id = COALESCE($9::uuid, appeal_org_id), updated_at = now()
          WHERE id = $1 AND last_event_seq <= $4
          RETURNING handling_org_path`,
    caseRowParams(row),
    true,
  );
  return updated.records as Array<{ handling_org_path: string }>;
}

/** Whether the case row exists (the API commits it right after the workflow starts). */
export async function caseRegistered(q: Queryable, caseId: string): Promise<boolean> {
  const exists = (await q.query(`SELECT 1 FROM cases WHERE id = $1`, [caseId])) as unknown[];
  return exists.length > 0;
}

export async function insertCaseEvent(q: Queryable, caseId: string, e: CaseEventRecord): Promise<void> {
  await q.query(
    `INSERT INTO case_events (case_id, seq, type, at, actor, data) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (case_id, seq) DO NOTHING`,
    [caseId, e.seq, e.type, e.at, e.actor ? JSON.stringify(e.actor) : null, JSON.stringify(e.data)],
  );
}

/** One deadline as the workflow computed it; an unchanged one is not rewritten. */
export async function upsertCaseDeadline(q: Queryable, caseId: string, d: CaseDeadlineRecord, orgPath: string): Promise<void> {
  await q.query(
    `INSERT INTO case_deadlines (case_id, kind, due_date, due_at, provisional, status, handling_org_path, suspended_on)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (case_id, kind) DO UPDATE SET due_date = EXCLUDED.due_date, due_at = EXCLUDED.due_at,
             provisional = EXCLUDED.provisional, status = EXCLUDED.status, handling_org_path = EXCLUDED.handling_org_path,
             suspended_on = EXCLUDED.suspended_on
           WHERE (case_deadlines.due_date, case_deadlines.due_at, case_deadlines.provisional, case_deadlines.status, case_deadlines.handling_org_path,
                  case_deadlines.suspended_on)
                 IS DISTINCT FROM (EXCLUDED.due_date, EXCLUDED.due_at, EXCLUDED.provisional, EXCLUDED.status, EXCLUDED.handling_org_path,
                  EXCLUDED.suspended_on)`,
    [caseId, d.kind, d.dueDate, d.dueAt, d.provisional, d.status, orgPath, d.suspendedOn ?? null],
  );
}

/** The case a transfer opened from `sourceCaseId`, if any (at most one). */
export async function caseTransferredFrom(q: Queryable, sourceCaseId: string): Promise<{ id: string; number: string } | undefined> {
  const rows = (await q.query(`SELECT id, number FROM cases WHERE transferred_from_case_id = $1`, [sourceCaseId])) as Array<{
    id: string;
    number: string;
  }>;
  return rows[0];
}

/** What a transferred case takes over from its source case. */
export async function transferSource(
  q: Queryable,
  caseId: string,
): Promise<
  | { id: string; number: string; title: string; handling_org_id: string; details: unknown; reporter: unknown; lead_unit: unknown }
  | undefined
> {
  const rows = (await q.query(`SELECT id, number, title, handling_org_id, details, reporter, lead_unit FROM cases WHERE id = $1`, [
    caseId,
  ])) as Array<{
    id: string;
    number: string;
    title: string;
    handling_org_id: string;
    details: unknown;
    reporter: unknown;
    lead_unit: unknown;
  }>;
  return rows[0];
}
