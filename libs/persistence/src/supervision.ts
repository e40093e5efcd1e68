import { likeEscapeSql } from './like';
import type { Queryable } from './queryable';

/** Sort orders of the supervision lists. */
export const SUPERVISION_SORTS = ['dueDate', '-dueDate', 'overdueDays', '-overdueDays'] as const;
export type SupervisionSort = (typeof SUPERVISION_SORTS)[number];

/**
 * The SQL of the supervision lists, as pure functions so the benchmark (bench/supervision.bench.ts) runs exactly what
 * the service runs. Reads the projection tables only (case_deadlines, cases, organisations, users), never Temporal.
 *
 * Index use (migration 1764000000000-SupervisionIndexes): `case_deadlines_supervision_idx` on
 * (status, handling_org_path text_pattern_ops, due_date) INCLUDE (case_id, kind) WHERE status IN ('open','overdue')
 * answers `status = … AND handling_org_path LIKE '<subtree>%'` (node-postgres sends unnamed statements, which
 * PostgreSQL plans with the bound values, so the LIKE prefix becomes an index range) by an index-only scan, for the
 * count and for choosing the page (the denied-access check needs only case_id). Only the 20–100 rows of the page are
 * then read from case_deadlines and joined to cases, the organisation names of the path and the officers of the
 * handling organisation.
 *
 * At national scale (issue 21, point 4): the overdue total comes from the exact counters (`overdueCountFromCounters`),
 * and the page from `case_deadlines_due_order_idx` / `lead_deadlines_due_order_idx` (migration 1766060000000:
 * (status, due_date, id, kind) INCLUDE the path), read in the list's order and stopped after the page, when the subtree
 * holds a large share of the rows (a province, the nation); PostgreSQL picks the path index for a small subtree.
 */

export interface Sql {
  text: string;
  params: unknown[];
}

export interface DeadlineListSpec {
  /** `suspended`: running deadlines of suspended cases, not counted (issue 17 point 14). */
  status: 'overdue' | 'open' | 'suspended';
  /** Materialised path of the organisation whose subtree to list (already checked to be in the caller's scope). */
  subtreePath: string;
  /** The caller: cases on which the caller is on the denied-access list are left out. */
  userId: string;
  /** Only deadlines due on or before this day (due-soon list). */
  dueOnOrBefore?: string;
  kind?: string;
  profile?: string;
  sort: SupervisionSort;
  limit: number;
  offset: number;
}

export interface DeadlineListRow {
  /** 'case': a case's deadline; 'lead': a lead's triage deadline (issue 22). */
  subject: 'case' | 'lead';
  case_id: string | null;
  lead_id: string | null;
  number: string;
  policy_profile: string;
  /** The case's phase, or the lead's status. */
  phase: string;
  handling_org_id: string;
  kind: string;
  due_date: string;
  due_at: Date;
  provisional: boolean;
  status: string;
  /** The day counting stopped, for a suspended deadline. */
  suspended_on?: string | null;
  org_names: string[];
  officers: string[];
}

/** Roles whose holders answer for a case's deadlines at the handling organisation [decision]. */
export const RESPONSIBLE_ROLES = ['case_officer', 'integrity_admin'];
/** Who answers for a lead's triage: the integrity administrators of the organisation holding it (they triage). */
export const LEAD_RESPONSIBLE_ROLES = ['integrity_admin'];

/**
 * The subtree of the path bound to `$n`: the organisation itself and its descendants. The leading `LIKE p%` is what
 * the index range is built from; the exact test after it keeps out a sibling whose id merely starts with p (ids are
 * UUIDs, so this never happens, but the condition does not rely on it).
 */
export function subtreeCondition(column: string, n: number): string {
  const escaped = likeEscapeSql(`$${n}`);
  return `${column} LIKE ${escaped} || '%' AND (${column} = $${n} OR ${column} LIKE ${escaped} || '/%')`;
}

/** Cases the user bound to `$n` is denied (recusal, RULES.md §7) are left out. */
export function notDeniedCondition(caseIdColumn: string, n: number): string {
  return `NOT EXISTS (SELECT 1 FROM case_access_denials d WHERE d.case_id = ${caseIdColumn} AND d.user_id = $${n})`;
}

/**
 * Sort orders, each made total by (id, kind) — a case's deadline is unique by (case_id, kind), a lead has one open or
 * overdue triage deadline at a time — so pages never overlap or skip. Working-day counts only ever grow the further
 * back the due day lies, so "most overdue first" is "earliest due day first".
 */
function orderBy(sort: SupervisionSort, due: string, id: string, kind: string): string {
  const desc = sort === '-dueDate' || sort === '-overdueDays';
  return `${due} ${desc ? 'DESC' : 'ASC'}, ${id}, ${kind}`;
}

/**
 * The list of deadlines of a subtree: the cases' deadlines (`case_deadlines`) and the leads' triage deadlines
 * (`lead_deadlines`, issue 22) together. Each side picks at most offset + limit rows in the list's order from its own
 * index (`case_deadlines_supervision_idx`, `lead_deadlines_supervision_idx`), the union is ordered again and cut to the
 * page, then only the page's rows are joined to their case or lead, the organisation names of the path and the
 * responsible officers. A lead has no denied-access list; a `profile` filter applies to the organisation holding it.
 */
export function deadlineListSql(spec: DeadlineListSpec): { count: Sql; page: Sql } {
  const params: unknown[] = [spec.status, spec.subtreePath, spec.userId];
  const cases = [`cd.status = $1`, subtreeCondition('cd.handling_org_path', 2), notDeniedCondition('cd.case_id', 3)];
  const leads = [`ld.status = $1`, subtreeCondition('ld.handling_org_path', 2)];
  const add = (c: (n: number) => string, l: (n: number) => string, v: unknown) => {
    params.push(v);
    cases.push(c(params.length));
    leads.push(l(params.length));
  };
  if (spec.dueOnOrBefore !== undefined)
    add(
      (n) => `cd.due_date <= $${n}`,
      (n) => `ld.due_date <= $${n}`,
      spec.dueOnOrBefore,
    );
  if (spec.kind !== undefined)
    add(
      (n) => `cd.kind = $${n}`,
      (n) => `ld.kind = $${n}`,
      spec.kind,
    );
  if (spec.profile !== undefined) {
    add(
      (n) => `EXISTS (SELECT 1 FROM cases pc WHERE pc.id = cd.case_id AND pc.policy_profile = $${n})`,
      (n) => `EXISTS (SELECT 1 FROM organisations po WHERE po.id = ld.org_id AND po.policy_profile = $${n})`,
      spec.profile,
    );
  }
  const caseFilter = cases.join('\n     AND ');
  const leadFilter = leads.join('\n     AND ');
  const count: Sql =
    spec.status === 'overdue' && spec.dueOnOrBefore === undefined && spec.profile === undefined
      ? overdueCountFromCounters(spec.kind !== undefined)
      : {
          text: `SELECT (SELECT count(*) FROM case_deadlines cd WHERE ${caseFilter})::int + (SELECT count(*) FROM lead_deadlines ld WHERE ${leadFilter})::int AS total`,
          params: [...params],
        };
  count.params = [...params];
  const n = params.length;
  const lim = `$${n + 1}`;
  const off = `$${n + 2}`;
  const page: Sql = {
    text: `WITH page AS (
  SELECT * FROM (
    (SELECT 'case'::text AS subject, cd.case_id AS id, cd.kind, cd.due_date, 0 AS round
       FROM case_deadlines cd
      WHERE ${caseFilter}
      ORDER BY ${orderBy(spec.sort, 'cd.due_date', 'cd.case_id', 'cd.kind')}
      LIMIT ${lim}::int + ${off}::int)
    UNION ALL
    (SELECT 'lead'::text, ld.lead_id, ld.kind, ld.due_date, ld.round
       FROM lead_deadlines ld
      WHERE ${leadFilter}
      ORDER BY ${orderBy(spec.sort, 'ld.due_date', 'ld.lead_id', 'ld.kind')}
      LIMIT ${lim}::int + ${off}::int)
  ) u
  ORDER BY ${orderBy(spec.sort, 'u.due_date', 'u.id', 'u.kind')}
  LIMIT ${lim} OFFSET ${off}
)
SELECT * FROM (
  SELECT 'case' AS subject, p.id AS case_id, NULL::uuid AS lead_id, c.number, c.policy_profile, c.phase, c.handling_org_id, p.kind,
         to_char(p.due_date, 'YYYY-MM-DD') AS due_date, d.due_at, d.provisional, d.status, to_char(d.suspended_on, 'YYYY-MM-DD') AS suspended_on,
         ARRAY(SELECT o.name FROM unnest(string_to_array(c.handling_org_path, '/')) WITH ORDINALITY AS x(id, i)
                 JOIN organisations o ON o.id = x.id::uuid ORDER BY x.i) AS org_names,
         ARRAY(SELECT u.name FROM users u
                WHERE u.org_id = c.handling_org_id AND u.active AND u.roles ?| $${n + 3}::text[]
                ORDER BY u.name, u.id) AS officers,
         p.due_date AS sort_due, p.id AS sort_id
    FROM page p JOIN case_deadlines d ON d.case_id = p.id AND d.kind = p.kind JOIN cases c ON c.id = p.id
   WHERE p.subject = 'case'
  UNION ALL
  SELECT 'lead', NULL::uuid, p.id, l.number, ho.policy_profile, l.status, d.org_id, p.kind,
         to_char(p.due_date, 'YYYY-MM-DD'), d.due_at, d.provisional, d.status, NULL::text,
         ARRAY(SELECT o.name FROM unnest(string_to_array(d.handling_org_path, '/')) WITH ORDINALITY AS x(id, i)
                 JOIN organisations o ON o.id = x.id::uuid ORDER BY x.i),
         ARRAY(SELECT u.name FROM users u
                WHERE u.org_id = d.org_id AND u.active AND u.roles ?| $${n + 4}::text[]
                ORDER BY u.name, u.id),
         p.due_date, p.id
    FROM page p JOIN lead_deadlines d ON d.lead_id = p.id AND d.round = p.round JOIN leads l ON l.id = p.id JOIN organisations ho ON ho.id = d.org_id
   WHERE p.subject = 'lead'
) x
ORDER BY ${orderBy(spec.sort, 'x.sort_due', 'x.sort_id', 'x.kind')}`,
    params: [...params, spec.limit, spec.offset, RESPONSIBLE_ROLES, LEAD_RESPONSIBLE_ROLES],
  };
  return { count, page };
}

/**
 * The total of an overdue list without a due-day or profile filter, from the exact counters of migration
 * 1764600000000 (`supervision_counts`, metric `overdue`, kept for every organisation's subtree, cases' and leads'
 * deadlines alike) minus the caller's denied cases' overdue deadlines, instead of counting the subtree's overdue rows:
 * the national total is a few counter rows, not 150,000 index entries at 1,000,000 deadlines (issue 21, point 4).
 * Same parameters as the scan ($1 status = 'overdue', $2 subtree path, $3 user, $4 kind when `byKind`).
 */
function overdueCountFromCounters(byKind: boolean): Sql {
  const kind = byKind ? ' AND s.key = $4' : '';
  const deniedKind = byKind ? ' AND cd.kind = $4' : '';
  return {
    text: `SELECT ((SELECT coalesce(sum(s.n), 0) FROM supervision_counts s WHERE $1::text = 'overdue' AND s.org_path = $2 AND s.metric = 'overdue' AND s.month = ''${kind})
      - (SELECT count(*) FROM case_access_denials d JOIN case_deadlines cd ON cd.case_id = d.case_id
          WHERE d.user_id = $3 AND cd.status = 'overdue' AND ${subtreeCondition('cd.handling_org_path', 2)}${deniedKind}))::int AS total`,
    params: [],
  };
}

/** Phases whose closing month the counters keep (migration 1764600000000-SupervisionHistory). */
export const ENDED_PHASES: readonly string[] = ['transferred', 'terminated', 'closed', 'rejected', 'merged'];

/** One counter row for the summary. */
export interface CountRow {
  /** 'count': a counter of the subtree of `child` ('*': the summarised organisation itself); 'denied': what one of the
   *  caller's denied cases under `child` ('' for the organisation itself) contributes, to subtract (n < 0) */
  src: 'count' | 'denied';
  child: string;
  /** case (key phase|profile|objectionClosed) | opened (month) | ended (key as case, month) | overdue (key kind) */
  metric: string;
  key: string;
  month: string;
  n: number;
}

/** The child of the organisation bound to `$1` that a path lies under ('' for the organisation itself). */
function childOf(column: string): string {
  return `split_part(substr(${column}, length($1) + 2), '/', 1)`;
}

/**
 * The summary (GET /supervision/summary) from the exact counters of migration 1764600000000 instead of a scan of every
 * case and deadline of the subtree:
 * - `counts`: the subtree counters of the organisation and of each child (rows kept for every ancestor, so a national
 *   summary reads a few hundred rows, not one per institution), and, to subtract, what the caller's denied cases
 *   contribute (the same key function over those few cases); one statement, so both sides read one snapshot. Months
 *   before `firstMonth` are left out. The organisation's own figures are its subtree minus its children's.
 * - `dueSoon`: open deadlines due on or before the cutoff, by child, read live (the cutoff moves with today and the
 *   window) through the partial index case_deadlines_open_due_idx.
 */
export function summarySql(subtreePath: string, userId: string, firstMonth: string, dueSoonCutoff: string): { counts: Sql; dueSoon: Sql } {
  return {
    counts: {
      text: `SELECT 'count' AS src, CASE WHEN s.org_path = $1 THEN '*' ELSE ${childOf('s.org_path')} END AS child, s.metric, s.key, s.month, s.n::int AS n
  FROM supervision_counts s
 WHERE (s.org_path = $1 OR s.parent_path = $1) AND s.metric IN ('case', 'opened', 'ended', 'overdue') AND (s.month = '' OR s.month >= $3) AND s.n <> 0
UNION ALL
SELECT 'denied', child, metric, key, month, -count(*)::int FROM (
  SELECT ${childOf('c.handling_org_path')} AS child, k.metric, k.key, k.month
    FROM case_access_denials d JOIN cases c ON c.id = d.case_id
   CROSS JOIN LATERAL supervision_case_keys(c.phase, c.policy_profile, c.received_at, c.updated_at, supervision_rejected_closed(c.id, c.phase)) k
   WHERE d.user_id = $2 AND ${subtreeCondition('c.handling_org_path', 1)} AND (k.month = '' OR k.month >= $3)
  UNION ALL
  SELECT ${childOf('cd.handling_org_path')}, 'overdue', cd.kind, ''
    FROM case_access_denials d JOIN case_deadlines cd ON cd.case_id = d.case_id
   WHERE d.user_id = $2 AND cd.status = 'overdue' AND ${subtreeCondition('cd.handling_org_path', 1)}
) x GROUP BY 2, 3, 4, 5`,
      params: [subtreePath, userId, firstMonth],
    },
    dueSoon: {
      text: `SELECT child, sum(n)::int AS n FROM (
  SELECT ${childOf('cd.handling_org_path')} AS child, count(*)::int AS n
    FROM case_deadlines cd
   WHERE cd.status = 'open' AND cd.due_date <= $3 AND ${subtreeCondition('cd.handling_org_path', 1)} AND ${notDeniedCondition('cd.case_id', 2)}
   GROUP BY 1
  UNION ALL
  SELECT ${childOf('ld.handling_org_path')}, count(*)::int
    FROM lead_deadlines ld
   WHERE ld.status = 'open' AND ld.due_date <= $3 AND ${subtreeCondition('ld.handling_org_path', 1)}
   GROUP BY 1
) x GROUP BY child`,
      params: [subtreePath, userId, dueSoonCutoff],
    },
  };
}

/**
 * Changes of the overdue count at each cut instant (ascending): row i (1-based) holds the deltas to add to the count at
 * cut i-1 to get the count at cut i (row 1: the count at cut 1). A deadline adds 1 from the first cut after
 * `overdue_since` and takes it back from the first cut at or after `resolved_at`; `width_bucket` counts the cuts at or
 * before a value, so both are one pass over the subtree's overdue history, whatever the number of points. Not
 * indexed for speed: the API reads the day counters ({@link overdueSpansSql}); this is the reference the benchmark
 * checks them against.
 */
export function overdueTrendSql(subtreePath: string, userId: string, cuts: Date[]): Sql {
  const first = cuts[0]!;
  const last = cuts[cuts.length - 1]!;
  return {
    text: `WITH h AS (
  SELECT s, r FROM (
    SELECT cd.case_id, cd.handling_org_path, cd.overdue_since AS s, cd.resolved_at AS r FROM case_deadlines cd WHERE cd.overdue_since IS NOT NULL
    UNION ALL
    SELECT sp.case_id, sp.handling_org_path, sp.since, sp.until FROM case_deadline_overdue_spans sp
  ) cd
   WHERE ${subtreeCondition('cd.handling_org_path', 1)} AND ${notDeniedCondition('cd.case_id', 2)}
     AND coalesce(r, 'infinity') > $5 AND s < $4 AND (r IS NULL OR r > s)
)
SELECT i, sum(d)::int AS delta FROM (
  SELECT width_bucket(s, $3::timestamptz[]) + 1 AS i, 1 AS d FROM h
  UNION ALL
  SELECT width_bucket(r - interval '1 microsecond', $3::timestamptz[]) + 1, -1 FROM h WHERE r IS NOT NULL AND r <= $4
) x GROUP BY i ORDER BY i`,
    params: [subtreePath, userId, cuts, last, first],
  };
}

/**
 * The overdue spans of the subtree by day, from the counters (migration 1764600000000: metrics od_since / od_until,
 * kept for every ancestor), minus the caller's denied cases (read live, few): a few hundred rows whatever the number
 * of deadlines. Days after `lastDay` are left out. The count at the end of day E (or now, for today) is
 * Σ od_since(day ≤ E) − Σ od_until(day ≤ E) — the same as {@link overdueTrendSql}, which reads the deadline rows and
 * serves as the reference (bench/supervision.bench.ts compares both).
 */
export function overdueSpansSql(subtreePath: string, userId: string, lastDay: string): Sql {
  return {
    text: `SELECT metric, month AS day, n::int AS n
  FROM supervision_counts
 WHERE org_path = $1 AND metric IN ('od_since', 'od_until') AND month <= $3 AND n <> 0
UNION ALL
SELECT k.metric, k.month, -count(*)::int
  FROM case_access_denials d JOIN case_deadlines cd ON cd.case_id = d.case_id
 CROSS JOIN LATERAL supervision_deadline_keys(cd.status, cd.kind, cd.overdue_since, cd.resolved_at) k
 WHERE d.user_id = $2 AND cd.overdue_since IS NOT NULL AND ${subtreeCondition('cd.handling_org_path', 1)}
   AND k.metric IN ('od_since', 'od_until') AND k.month <= $3
 GROUP BY 1, 2
UNION ALL
SELECT k.metric, k.month, -count(*)::int
  FROM case_access_denials d JOIN case_deadline_overdue_spans sp ON sp.case_id = d.case_id
 CROSS JOIN LATERAL supervision_deadline_keys('closed', sp.kind, sp.since, sp.until) k
 WHERE d.user_id = $2 AND ${subtreeCondition('sp.handling_org_path', 1)} AND k.metric IN ('od_since', 'od_until') AND k.month <= $3
 GROUP BY 1, 2`,
    params: [subtreePath, userId, lastDay],
  };
}

/** One page of a subtree's deadlines ({@link deadlineListSql}) and the number of all that match. */
export async function supervisedDeadlines(q: Queryable, spec: DeadlineListSpec): Promise<{ total: number; rows: DeadlineListRow[] }> {
  const sql = deadlineListSql(spec);
  const [[{ total }], rows] = (await Promise.all([q.query(sql.count.text, sql.count.params), q.query(sql.page.text, sql.page.params)])) as [
    Array<{ total: number }>,
    DeadlineListRow[],
  ];
  return { total, rows };
}

/** The summary's counters of a subtree and the deadlines due by the cutoff, per child ({@link summarySql}). */
export async function supervisionCounts(
  q: Queryable,
  subtreePath: string,
  userId: string,
  firstMonth: string,
  dueSoonCutoff: string,
): Promise<{ counted: CountRow[]; dueSoon: Array<{ child: string; n: number }> }> {
  const sql = summarySql(subtreePath, userId, firstMonth, dueSoonCutoff);
  const [counted, dueSoon] = await Promise.all([
    q.query(sql.counts.text, sql.counts.params) as Promise<CountRow[]>,
    q.query(sql.dueSoon.text, sql.dueSoon.params) as Promise<Array<{ child: string; n: number }>>,
  ]);
  return { counted, dueSoon };
}

/** The subtree's overdue spans by day ({@link overdueSpansSql}). */
export async function overdueSpans(
  q: Queryable,
  subtreePath: string,
  userId: string,
  lastDay: string,
): Promise<Array<{ metric: string; day: string; n: number }>> {
  const sql = overdueSpansSql(subtreePath, userId, lastDay);
  return (await q.query(sql.text, sql.params)) as Array<{ metric: string; day: string; n: number }>;
}
