/**
 * The one writer of `case_links` and of what a merge moves (migration 1766000000000, issue 23 point 3), and the reads of
 * possibly related cases and papers.
 *
 * Visibility is the caller's (RULES.md §1, §7): every read takes the caller's organisation path and user id and returns
 * only cases in that subtree that the user is not denied, and papers held in it, so a link or a suggestion never reveals
 * a case the caller cannot see.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

/** Who is looking: the organisation path whose subtree they see and the user (for the case's denied-access list). */
export interface Viewer {
  orgPath: string;
  userId: string;
}

export interface CaseLinkRow {
  id: string;
  kind: 'related' | 'merged';
  /** 'to' when this case links (or was merged) to the other one, 'from' when the other one did. */
  direction: 'to' | 'from';
  note: string | null;
  created_by: string | null;
  created_at: Date;
  other_id: string;
  other_number: string;
  other_title: string;
  other_phase: string;
  other_handling_org_id: string;
}

export interface RelatedCaseRow {
  id: string;
  number: string;
  title: string;
  phase: string;
  handling_org_id: string;
  received_at: string;
  doi: string | null;
  subjects: Array<{ name: string; organisation?: string }>;
}

export interface RelatedPaperRow {
  id: string;
  batch: string;
  number: string;
  title: string;
  doi: string;
  status: string;
  case_id: string | null;
}

/** SQL condition: case `c` lies in the viewer's subtree (`$path`) and the viewer (`$user`) is not denied it. */
function visible(alias: string, path: number, user: number): string {
  return `(${alias}.handling_org_path = $${path} OR ${alias}.handling_org_path LIKE $${path} || '/%')
          AND NOT EXISTS (SELECT 1 FROM case_access_denials d WHERE d.case_id = ${alias}.id AND d.user_id = $${user})`;
}

/** A link between two cases. Returns false when the pair already has a link of that kind (either way round). */
export async function insertLink(
  db: Db,
  link: { fromCaseId: string; toCaseId: string; kind: 'related' | 'merged'; note: string | null; createdBy: string | null },
): Promise<{ id: string; created: boolean }> {
  const id = randomUUID();
  const rows: Array<{ id: string }> = await db.query(
    `INSERT INTO case_links (id, from_case_id, to_case_id, kind, note, created_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT DO NOTHING RETURNING id`,
    [id, link.fromCaseId, link.toCaseId, link.kind, link.note, link.createdBy],
  );
  if (rows.length) return { id, created: true };
  const [existing]: Array<{ id: string }> = await db.query(
    `SELECT id FROM case_links WHERE kind = $3 AND ((from_case_id = $1 AND to_case_id = $2) OR (from_case_id = $2 AND to_case_id = $1))`,
    [link.fromCaseId, link.toCaseId, link.kind],
  );
  return { id: existing!.id, created: false };
}

/** Removes a related link between two cases (merges are never removed). Returns whether one was there. */
export async function deleteRelatedLink(db: Db, a: string, b: string): Promise<boolean> {
  const rows: unknown[] = await db.query(
    `DELETE FROM case_links WHERE kind = 'related' AND ((from_case_id = $1 AND to_case_id = $2) OR (from_case_id = $2 AND to_case_id = $1)) RETURNING id`,
    [a, b],
  );
  return flatten(rows).length > 0;
}

/** The links of a case whose other side the viewer can see, oldest first. */
export async function visibleLinks(db: Db, caseId: string, viewer: Viewer): Promise<CaseLinkRow[]> {
  return db.query(
    `SELECT l.id, l.kind, CASE WHEN l.from_case_id = $1 THEN 'to' ELSE 'from' END AS direction, l.note, l.created_by, l.created_at,
            c.id AS other_id, c.number AS other_number, c.title AS other_title, c.phase AS other_phase, c.handling_org_id AS other_handling_org_id
       FROM case_links l
       JOIN cases c ON c.id = CASE WHEN l.from_case_id = $1 THEN l.to_case_id ELSE l.from_case_id END
      WHERE (l.from_case_id = $1 OR l.to_case_id = $1) AND ${visible('c', 2, 3)}
      ORDER BY l.created_at, l.id`,
    [caseId, viewer.orgPath, viewer.userId],
  );
}

/**
 * Cases the viewer can see that share the DOI of the case's paper (case-insensitive), or a subject with the same name
 * and organisation (both given), newest first; at most `limit`.
 */
export async function relatedCases(db: Db, caseId: string, viewer: Viewer, limit = 50): Promise<RelatedCaseRow[]> {
  return db.query(
    `WITH me AS (SELECT id, lower(details->'paper'->>'doi') AS doi, COALESCE(details->'subjects', '[]'::jsonb) AS subjects FROM cases WHERE id = $1),
          named AS (
            SELECT jsonb_build_array(jsonb_build_object('name', s->>'name', 'organisation', s->>'organisation')) AS probe
              FROM me, jsonb_array_elements(me.subjects) s
             WHERE jsonb_typeof(s) = 'object' AND COALESCE(s->>'name', '') <> '' AND COALESCE(s->>'organisation', '') <> '')
     SELECT c.id, c.number, c.title, c.phase, c.handling_org_id, to_char(c.received_at, 'YYYY-MM-DD') AS received_at,
            c.details->'paper'->>'doi' AS doi, COALESCE(c.details->'subjects', '[]'::jsonb) AS subjects
       FROM cases c, me
      WHERE c.id <> me.id AND ${visible('c', 2, 3)}
        AND ((me.doi IS NOT NULL AND lower(c.details->'paper'->>'doi') = me.doi)
             OR EXISTS (SELECT 1 FROM named WHERE (c.details->'subjects') @> named.probe))
      ORDER BY c.created_at DESC, c.number DESC
      LIMIT ${Math.max(1, Math.min(limit, 200))}`,
    [caseId, viewer.orgPath, viewer.userId],
  );
}

/** Problem papers held in the viewer's subtree with the DOI of the case's paper (the case's own paper excluded). */
export async function relatedPapers(db: Db, caseId: string, viewer: Viewer, limit = 50): Promise<RelatedPaperRow[]> {
  return db.query(
    `SELECT pp.id, pp.batch, pp.number, pp.title, pp.doi, pp.status, pp.case_id
       FROM problem_papers pp, cases me
      WHERE me.id = $1 AND me.details->'paper'->>'doi' IS NOT NULL AND lower(pp.doi) = lower(me.details->'paper'->>'doi')
        AND (pp.case_id IS NULL OR pp.case_id <> me.id)
        AND (pp.holder_path = $2 OR pp.holder_path LIKE $2 || '/%')
      ORDER BY pp.number
      LIMIT ${Math.max(1, Math.min(limit, 200))}`,
    [caseId, viewer.orgPath],
  );
}

export interface RelatedLeadRow {
  id: string;
  number: string;
  title: string;
  doi: string | null;
  status: string;
  case_id: string | null;
  authors: string[];
  institution: string | null;
}

/**
 * Leads (issue 22) held in the viewer's subtree with the DOI of the case's paper, or naming one of its subjects among
 * their authors at the same institution; the lead the case was opened from is left out.
 */
export async function relatedLeads(db: Db, caseId: string, viewer: Viewer, limit = 50): Promise<RelatedLeadRow[]> {
  return db.query(
    `WITH me AS (SELECT id, lead_id, lower(details->'paper'->>'doi') AS doi, COALESCE(details->'subjects', '[]'::jsonb) AS subjects FROM cases WHERE id = $1)
     SELECT l.id, l.number, l.title, l.doi, l.status, l.case_id, l.authors, l.institution
       FROM leads l, me
      WHERE (l.holder_path = $2 OR l.holder_path LIKE $2 || '/%')
        AND (me.lead_id IS NULL OR l.id <> me.lead_id) AND (l.case_id IS NULL OR l.case_id <> me.id)
        AND ((me.doi IS NOT NULL AND lower(l.doi) = me.doi)
             OR (l.institution IS NOT NULL AND EXISTS (
                   SELECT 1 FROM jsonb_array_elements(me.subjects) s
                    WHERE jsonb_typeof(s) = 'object' AND s->>'organisation' = l.institution AND l.authors ? (s->>'name'))))
      ORDER BY l.created_at DESC, l.number
      LIMIT ${Math.max(1, Math.min(limit, 200))}`,
    [caseId, viewer.orgPath],
  );
}

/**
 * What a merge moves, written by the merged case's projection with its `merged_into` event (one transaction, so the
 * event and the move land together). Idempotent: a retried projection finds everything moved and changes nothing.
 *  - evidence (`case_files`) and reports of the reporter channel go to the surviving case;
 *  - the reporter record (and reporters merged into this case before) is appended to the survivor's
 *    `merged_reporters`, with where it came from, and cleared here: the identity lives on one case only;
 *  - a `merged` link from this case to the survivor.
 * The survivor's phase, version and deadlines are not touched.
 */
export async function moveMergedCase(
  tx: EntityManager,
  fromCaseId: string,
  merge: { intoCaseId: string; note: string | null; actorUserId: string | null; seq: number },
): Promise<void> {
  const into = merge.intoCaseId;
  await tx.query(`UPDATE case_files SET case_id = $2 WHERE case_id = $1`, [fromCaseId, into]);
  await tx.query(`UPDATE reports SET case_id = $2 WHERE case_id = $1`, [fromCaseId, into]);
  await tx.query(
    `UPDATE cases s
        SET merged_reporters = s.merged_reporters
              || CASE WHEN f.reporter IS NULL THEN '[]'::jsonb
                      ELSE jsonb_build_array(jsonb_build_object('fromCaseId', f.id, 'fromNumber', f.number, 'mergeSeq', $3::int, 'reporter', f.reporter)) END
              || f.merged_reporters
       FROM cases f
      WHERE s.id = $2 AND f.id = $1 AND (f.reporter IS NOT NULL OR f.merged_reporters <> '[]'::jsonb)`,
    [fromCaseId, into, merge.seq],
  );
  await tx.query(
    `UPDATE cases SET reporter = NULL, merged_reporters = '[]'::jsonb WHERE id = $1 AND (reporter IS NOT NULL OR merged_reporters <> '[]'::jsonb)`,
    [fromCaseId],
  );
  const actor =
    merge.actorUserId && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(merge.actorUserId)
      ? merge.actorUserId
      : null;
  await tx.query(
    `INSERT INTO case_links (id, from_case_id, to_case_id, kind, note, created_by)
     SELECT $1, $2, $3, 'merged', $4, u.id FROM (SELECT $5::uuid AS id) x LEFT JOIN users u ON u.id = x.id
     ON CONFLICT DO NOTHING`,
    [randomUUID(), fromCaseId, into, merge.note, actor],
  );
}

/** TypeORM answers DELETE … RETURNING as [rows, count] on PostgreSQL. */
function flatten<T>(res: T[] | [T[], number]): T[] {
  return Array.isArray(res[0]) ? (res[0] as T[]) : (res as T[]);
}
