/**
 * The one writer of `notices` (public notices of confirmed misconduct, issue 22 point 6; 000 §3), and their reads. A
 * notice holds no ID number: its fields are copied from the decision's author entry without it
 * (libs/domain/src/archive/notice.ts).
 */
import type { NoticeAuthor } from '@libs/domain/src/archive';
import type { Queryable } from './queryable';

export interface NoticeRow {
  id: string;
  decision_id: string;
  case_id: string;
  case_number: string;
  author_order: number;
  issuing_org_id: string;
  issuing_org_name: string;
  org_path: string;
  person_name: string;
  unit: string;
  misconduct: string;
  measures: string;
  decided_on: string;
  title: string;
  body: string | null;
  status: 'draft' | 'published' | 'withdrawn';
  version: number;
  published_at: Date | null;
  withdrawn_at: Date | null;
  withdraw_reason: string | null;
  created_at: Date;
  decision_status: string;
}

export const NOTICE_SELECT = `SELECT n.id, n.decision_id, n.case_id, c.number AS case_number, n.author_order, n.issuing_org_id, o.name AS issuing_org_name,
  o.path AS org_path, n.person_name, n.unit, n.misconduct, n.measures, to_char(n.decided_on, 'YYYY-MM-DD') AS decided_on, n.title, n.body, n.status,
  n.version, n.published_at, n.withdrawn_at, n.withdraw_reason, n.created_at, d.status AS decision_status
  FROM notices n JOIN cases c ON c.id = n.case_id JOIN organisations o ON o.id = n.issuing_org_id JOIN decisions d ON d.id = n.decision_id`;

export async function insertNotice(
  q: Queryable,
  n: {
    id: string;
    decisionId: string;
    caseId: string;
    authorOrder: number;
    issuingOrgId: string;
    personName: string;
    unit: string;
    misconduct: string;
    measures: string;
    decidedOn: string;
    title: string;
    body: string | null;
    userId: string;
  },
): Promise<boolean> {
  const rows = (await q.query(
    `INSERT INTO notices (id, decision_id, case_id, author_order, issuing_org_id, person_name, unit, misconduct, measures, decided_on, title, body, status, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::date, $11, $12, 'draft', $13) ON CONFLICT (decision_id, author_order) DO NOTHING RETURNING id`,
    [
      n.id,
      n.decisionId,
      n.caseId,
      n.authorOrder,
      n.issuingOrgId,
      n.personName,
      n.unit,
      n.misconduct,
      n.measures,
      n.decidedOn,
      n.title,
      n.body,
      n.userId,
    ],
  )) as unknown[];
  return rows.length > 0;
}

export async function noticeById(q: Queryable, id: string): Promise<NoticeRow | undefined> {
  return ((await q.query(`${NOTICE_SELECT} WHERE n.id = $1`, [id])) as NoticeRow[])[0];
}

export async function noticeOf(q: Queryable, decisionId: string, authorOrder: number): Promise<NoticeRow | undefined> {
  return (
    (await q.query(`${NOTICE_SELECT} WHERE n.decision_id = $1 AND n.author_order = $2`, [decisionId, authorOrder])) as NoticeRow[]
  )[0];
}

/** Publish or withdraw, only from the status the caller saw (`from`, at `version`): false when it changed meanwhile. */
export async function moveNotice(
  q: Queryable,
  m: { id: string; from: string; version: number; to: 'published' | 'withdrawn'; userId: string; reason: string | null },
): Promise<boolean> {
  const rows = (await q.query(
    m.to === 'published'
      ? `UPDATE notices SET status = 'published', published_at = now(), published_by = $4, withdrawn_at = NULL, withdrawn_by = NULL, withdraw_reason = NULL,
                version = version + 1, updated_at = now() WHERE id = $1 AND status = $2 AND version = $3 RETURNING id`
      : `UPDATE notices SET status = 'withdrawn', withdrawn_at = now(), withdrawn_by = $4, withdraw_reason = $5, version = version + 1, updated_at = now()
          WHERE id = $1 AND status = $2 AND version = $3 RETURNING id`,
    m.to === 'published' ? [m.id, m.from, m.version, m.userId] : [m.id, m.from, m.version, m.userId, m.reason],
  )) as unknown[];
  return rows.length > 0;
}

/** Notices issued in a subtree (`pathPrefix`: the caller's path; `pathLike`: its descendants), newest first. */
export async function listNotices(
  q: Queryable,
  f: { path: string; pathLike: string; status?: string; limit: number; offset: number },
): Promise<{ rows: NoticeRow[]; total: number }> {
  const where = `(o.path = $1 OR o.path LIKE $2) AND ($3::text IS NULL OR n.status = $3)`;
  const args = [f.path, f.pathLike, f.status ?? null];
  const [{ n }] = (await q.query(
    `SELECT count(*)::int AS n FROM notices n JOIN organisations o ON o.id = n.issuing_org_id WHERE ${where}`,
    args,
  )) as Array<{ n: number }>;
  const rows = (await q.query(`${NOTICE_SELECT} WHERE ${where} ORDER BY n.created_at DESC, n.id LIMIT $4 OFFSET $5`, [
    ...args,
    f.limit,
    f.offset,
  ])) as NoticeRow[];
  return { rows, total: n };
}

/**
 * The public list: published notices whose decision is still in force (a revoked or superseded decision's notice leaves
 * it at once, libs/domain/src/archive/notice.ts), newest publication first.
 */
export async function publicNotices(q: Queryable, f: { limit: number; offset: number }): Promise<{ rows: NoticeRow[]; total: number }> {
  const where = `n.status = 'published' AND d.status IN ('effective', 'changed')`;
  const [{ n }] = (await q.query(
    `SELECT count(*)::int AS n FROM notices n JOIN decisions d ON d.id = n.decision_id WHERE ${where}`,
  )) as Array<{ n: number }>;
  const rows = (await q.query(`${NOTICE_SELECT} WHERE ${where} ORDER BY n.published_at DESC, n.id LIMIT $1 OFFSET $2`, [
    f.limit,
    f.offset,
  ])) as NoticeRow[];
  return { rows, total: n };
}

export interface NoticeDecisionRow {
  id: string;
  case_id: string;
  status: string;
  result: string;
  effective_date: string | null;
  form: { authors?: NoticeAuthor[] };
  policy_profile: string;
  handling_org_id: string;
  handling_org_path: string;
}

/** The decision a notice is published from, with its case's profile and handling organisation, or undefined. */
export async function decisionForNotice(q: Queryable, decisionId: string): Promise<NoticeDecisionRow | undefined> {
  const rows = (await q.query(
    `SELECT d.id, d.case_id, d.status, d.result, to_char(d.effective_date, 'YYYY-MM-DD') AS effective_date, d.form, c.policy_profile, c.handling_org_id, c.handling_org_path
           FROM decisions d JOIN cases c ON c.id = d.case_id WHERE d.id = $1`,
    [decisionId],
  )) as NoticeDecisionRow[];
  return rows[0];
}
