/**
 * Reads of the case projection (`cases`) outside the case pages: registration data is written once by the API when a
 * case is opened (case-opening.ts, case-registration.ts); every lifecycle field only by the case projection activity.
 */
import { notDeniedCondition } from './case-access-denials';
import { containsPattern } from './like';
import { subtreeCondition } from './org-subtree';
import type { Queryable } from './queryable';

/** The case opened for one dispatch of a paper, if any. */
export async function caseOfPaperDispatch(
  q: Queryable,
  paperId: string,
  dispatchSeq: number,
): Promise<{ id: string; number: string } | undefined> {
  const rows = (await q.query(`SELECT id, number FROM cases WHERE paper_id = $1 AND paper_dispatch_seq = $2`, [
    paperId,
    dispatchSeq,
  ])) as Array<{ id: string; number: string }>;
  return rows[0];
}

/** The case a paper becomes at the institution it was dispatched to (RULES.md §2: source "retraction"), in intake. */
export async function insertPaperCase(
  q: Queryable,
  c: {
    id: string;
    number: string;
    title: string;
    handlingOrgId: string;
    handlingOrgPath: string;
    policyProfile: string;
    receivedAt: string;
    details: Record<string, unknown>;
    paperId: string;
    dispatchSeq: number;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO cases (id, number, title, source, handling_org_id, handling_org_path, policy_profile, received_at, phase, version, details, paper_id, paper_dispatch_seq)
           VALUES ($1,$2,$3,'retraction',$4,$5,$6,$7,'intake',0,$8,$9,$10)`,
    [
      c.id,
      c.number,
      c.title,
      c.handlingOrgId,
      c.handlingOrgPath,
      c.policyProfile,
      c.receivedAt,
      JSON.stringify(c.details),
      c.paperId,
      c.dispatchSeq,
    ],
  );
}

export interface CaseRow {
  id: string;
  number: string;
  title: string;
  source: string;
  handling_org_id: string;
  handling_org_path: string;
  policy_profile: string;
  received_at: string;
  phase: string;
  version: number;
  details: Record<string, unknown>;
  next_due_date: string | null;
  overdue: boolean;
  created_at: Date;
  /** The handling organisation has no active account: its supervising commission enters for it (002). */
  no_accounts?: boolean;
  /** Actions the case allows now (any role), as last projected; null for rows projected before the column existed. */
  allowed_actions?: string[] | null;
  /** Why actions of the phase that are not allowed now are refused, as last projected (libs/domain `blockedActions`). */
  blocked_actions?: Record<string, string> | null;
  /** Issue 17: the organisation hearing the appeal (once applied for), who transferred the case, a lead unit, and the
   *  cases at either end of a transfer. */
  appeal_org_id?: string | null;
  /** The handling organisation's level and parent (the appeal authority is resolved from them). */
  handling_level?: string;
  handling_parent_id?: string | null;
  transferred_by?: Record<string, unknown> | null;
  lead_unit?: Record<string, unknown> | null;
  transferred_from?: { caseId: string; number: string; orgId: string } | null;
  transferred_to?: { caseId: string; number: string; orgId: string } | null;
}

/** One case by id or by number, unless `userId` is on its denied-access list. */
export async function findCaseFor(q: Queryable, by: 'id' | 'number', idOrNumber: string, userId: string): Promise<CaseRow | undefined> {
  const column = by === 'id' ? 'c.id' : 'c.number';
  const rows = (await q.query(
    `SELECT c.id, c.number, c.title, c.source, c.handling_org_id, c.handling_org_path, c.policy_profile,
              to_char(c.received_at, 'YYYY-MM-DD') AS received_at, c.phase, c.version, c.details,
              to_char(c.next_due_date, 'YYYY-MM-DD') AS next_due_date, c.overdue, c.created_at, c.allowed_actions, c.blocked_actions,
              NOT EXISTS (SELECT 1 FROM users u WHERE u.org_id = c.handling_org_id AND u.active) AS no_accounts,
              c.appeal_org_id, c.transferred_by, c.lead_unit, ho.level AS handling_level, ho.parent_id AS handling_parent_id,
              (SELECT json_build_object('caseId', f.id, 'number', f.number, 'orgId', f.handling_org_id) FROM cases f WHERE f.id = c.transferred_from_case_id) AS transferred_from,
              (SELECT json_build_object('caseId', t.id, 'number', t.number, 'orgId', t.handling_org_id) FROM cases t WHERE t.transferred_from_case_id = c.id) AS transferred_to
         FROM cases c JOIN organisations ho ON ho.id = c.handling_org_id
        WHERE ${column} = $1 AND ${notDeniedCondition('c.id', 2)}`,
    [idOrNumber, userId],
  )) as CaseRow[];
  return rows[0];
}

/** A case's phase as last projected. */
export async function casePhase(q: Queryable, caseId: string): Promise<string | undefined> {
  const rows = (await q.query(`SELECT phase FROM cases WHERE id = $1`, [caseId])) as Array<{ phase: string }>;
  return rows[0]?.phase;
}

export type CaseListRow = Omit<CaseRow, 'handling_org_path' | 'details'>;

export interface CaseListSpec {
  /** The caller's organisation path and account: cases of its subtree, minus those it is denied. */
  orgPath: string;
  userId: string;
  /** Narrowed to the subtree of this organisation path. */
  subtreePath?: string;
  phase?: string;
  overdue?: boolean;
  dueBefore?: string;
  source?: string;
  profile?: string;
  /** Free text found in the number, the title, a subject's name or the paper's DOI (case-insensitive, `%`/`_` literal). */
  text?: string;
  page: number;
  pageSize: number;
}

/** One page of cases, newest first, and the number of all that match. */
export async function listCases(q: Queryable, spec: CaseListSpec): Promise<{ total: string; rows: CaseListRow[] }> {
  const where: string[] = [subtreeCondition('c.handling_org_path', 1), notDeniedCondition('c.id', 2)];
  const params: unknown[] = [spec.orgPath, spec.userId];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (spec.subtreePath !== undefined) {
    params.push(spec.subtreePath);
    where.push(subtreeCondition('c.handling_org_path', params.length));
  }
  if (spec.phase) add('c.phase = ?', spec.phase);
  if (spec.overdue !== undefined) add('c.overdue = ?', spec.overdue);
  if (spec.dueBefore) add('c.next_due_date < ?', spec.dueBefore);
  if (spec.source) add('c.source = ?', spec.source);
  if (spec.profile) add('c.policy_profile = ?', spec.profile);
  // Free text (the workbench's search, issue 24): number, title, a subject's name, the paper's DOI; wildcards literal.
  if (spec.text) {
    params.push(containsPattern(spec.text));
    const n = `$${params.length}`;
    where.push(
      `(c.number ILIKE ${n} OR c.title ILIKE ${n} OR c.details->'paper'->>'doi' ILIKE ${n} OR EXISTS ` +
        `(SELECT 1 FROM jsonb_array_elements(COALESCE(c.details->'subjects', '[]'::jsonb)) s WHERE s->>'name' ILIKE ${n}))`,
    );
  }
  const { page, pageSize } = spec;
  const filter = where.join(' AND ');
  const [{ total }] = (await q.query(`SELECT count(*) AS total FROM cases c WHERE ${filter}`, params)) as Array<{ total: string }>;
  const rows = (await q.query(
    `SELECT c.id, c.number, c.title, c.source, c.handling_org_id, c.policy_profile, to_char(c.received_at, 'YYYY-MM-DD') AS received_at,
              c.phase, c.version, to_char(c.next_due_date, 'YYYY-MM-DD') AS next_due_date, c.overdue, c.created_at
         FROM cases c WHERE ${filter} ORDER BY c.created_at DESC, c.number DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    params,
  )) as CaseListRow[];
  return { total, rows };
}

export interface StoredDeadlineJson {
  kind: string;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
  status: string;
  suspendedOn: string | null;
}

/** Phase, version, allowed actions and deadlines of one projected change (one statement, one snapshot); due instants in
 *  China time, as the workflow gives them. */
export async function projectedCase(
  q: Queryable,
  caseId: string,
): Promise<{ phase: string; version: number; allowed_actions: string[] | null; deadlines: StoredDeadlineJson[] } | undefined> {
  const rows = (await q.query(
    `SELECT c.phase, c.version, c.allowed_actions,
              COALESCE((SELECT json_agg(json_build_object(
                         'kind', d.kind, 'dueDate', to_char(d.due_date, 'YYYY-MM-DD'),
                         'dueAt', to_char(d.due_at AT TIME ZONE INTERVAL '+08:00', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"'),
                         'provisional', d.provisional, 'status', d.status,
                         'suspendedOn', to_char(d.suspended_on, 'YYYY-MM-DD')) ORDER BY d.due_at, d.kind)
                          FROM case_deadlines d WHERE d.case_id = c.id), '[]') AS deadlines
         FROM cases c WHERE c.id = $1`,
    [caseId],
  )) as Array<{ phase: string; version: number; allowed_actions: string[] | null; deadlines: StoredDeadlineJson[] }>;
  return rows[0];
}

/** A case's deadlines as last projected, by due date. */
export async function caseDeadlines(
  q: Queryable,
  caseId: string,
): Promise<Array<{ kind: string; due_date: string; due_at: Date; provisional: boolean; status: string }>> {
  return (await q.query(
    `SELECT kind, to_char(due_date, 'YYYY-MM-DD') AS due_date, due_at, provisional, status FROM case_deadlines WHERE case_id = $1 ORDER BY due_date`,
    [caseId],
  )) as Array<{ kind: string; due_date: string; due_at: Date; provisional: boolean; status: string }>;
}

export interface CaseEventRow {
  seq: number;
  type: string;
  at: Date;
  actor: Record<string, unknown> | null;
  data: Record<string, unknown>;
  org_name: string | null;
}

/** The case's events in order, each with the name of the organisation its actor acted for. */
export async function caseEvents(q: Queryable, caseId: string): Promise<CaseEventRow[]> {
  return (await q.query(
    `SELECT e.seq, e.type, e.at, e.actor, e.data, o.name AS org_name
           FROM case_events e LEFT JOIN organisations o ON o.id::text = e.actor->>'orgId'
          WHERE e.case_id = $1 ORDER BY e.seq`,
    [caseId],
  )) as CaseEventRow[];
}

/** A case's id and handling organisation's path, or undefined. */
export async function caseHandlingPath(q: Queryable, caseId: string): Promise<{ id: string; handling_org_path: string } | undefined> {
  const rows = (await q.query(`SELECT id, handling_org_path FROM cases WHERE id = $1`, [caseId])) as Array<{
    id: string;
    handling_org_path: string;
  }>;
  return rows[0];
}

/** The confidential reporter record of a case and those of the cases merged into it (RULES.md §7, 003 art.46). */
export async function caseReporters(
  q: Queryable,
  caseId: string,
): Promise<{ reporter: Record<string, unknown> | null; merged_reporters: Array<Record<string, unknown>> } | undefined> {
  const rows = (await q.query(`SELECT reporter, merged_reporters FROM cases WHERE id = $1`, [caseId])) as Array<{
    reporter: Record<string, unknown> | null;
    merged_reporters: Array<Record<string, unknown>>;
  }>;
  return rows[0];
}
