/**
 * Problem papers (RULES.md §2, §5; 002, 004) outside their projection: the registration of a paper at import (its
 * projected lifecycle fields and events are written by paper-projection.ts), its files (`paper_files`, the one writer),
 * and the reads of lists, progress, returns and a paper's case.
 */
import { likeEscapeSql } from './like';
import { subtreeCondition } from './org-subtree';
import type { Queryable } from './queryable';

export interface PaperRow {
  id: string;
  workflow_id: string;
  batch: string;
  number: string;
  title: string;
  authors: string[];
  corresponding_unit: string;
  region_code: string;
  journal: string;
  doi: string | null;
  retraction_date: string | null;
  source: string;
  affiliation_text: string | null;
  dispatching_department: string | null;
  status: string;
  holder_org_id: string;
  holder_path: string;
  holder_name: string;
  holder_level: string;
  current_org_id: string | null;
  current_name: string | null;
  review_level: string | null;
  case_id: string | null;
  case_number: string | null;
  rounds: number;
  version: number;
  created_at: Date;
  /** The workflow's view as last projected (null for rows projected before it existed; absent from lists). */
  view?: unknown;
  updated_at: Date;
}

const PAPER_COLUMNS = `pp.id, pp.workflow_id, pp.batch, pp.number, pp.title, pp.authors, pp.corresponding_unit, pp.region_code, pp.journal, pp.doi,
       to_char(pp.retraction_date, 'YYYY-MM-DD') AS retraction_date, pp.source, pp.affiliation_text, pp.dispatching_department, pp.status, pp.holder_org_id, pp.holder_path, h.name AS holder_name,
       h.level AS holder_level, pp.current_org_id, c.name AS current_name, pp.review_level, pp.case_id, pp.case_number, pp.rounds, pp.version,
       pp.created_at, pp.updated_at`;
const PAPER_FROM = `FROM problem_papers pp JOIN organisations h ON h.id = pp.holder_org_id LEFT JOIN organisations c ON c.id = pp.current_org_id`;
/** Lists leave the projected workflow view out (it is only read for one paper at a time). */
const SELECT_PAPER = `SELECT ${PAPER_COLUMNS} ${PAPER_FROM}`;
const SELECT_ONE_PAPER = `SELECT ${PAPER_COLUMNS}, pp.view ${PAPER_FROM}`;

/** One paper with its projected view, or undefined. */
export async function findPaper(q: Queryable, id: string): Promise<PaperRow | undefined> {
  const rows = (await q.query(`${SELECT_ONE_PAPER} WHERE pp.id = $1`, [id])) as PaperRow[];
  return rows[0];
}

/** Whether a paper of this batch and number was imported. */
export async function paperImported(q: Queryable, batch: string, number: string): Promise<boolean> {
  const existing = (await q.query(`SELECT 1 FROM problem_papers WHERE batch = $1 AND number = $2`, [batch, number])) as unknown[];
  return existing.length > 0;
}

export interface NewPaper {
  id: string;
  workflowId: string;
  batch: string;
  number: string;
  title: string;
  authors: readonly string[];
  correspondingUnit: string;
  regionCode: string;
  journal: string;
  doi: string | null;
  retractionDate: string | null;
  source: string;
  importedBy: string;
  /** The importing commission: it holds the paper and the paper waits for it. */
  orgId: string;
  orgPath: string;
  affiliationText: string | null;
  dispatchingDepartment: string | null;
}

/** A paper's row, held by the importing commission. A second import of (batch, number) fails with 23505. */
export async function insertPaper(q: Queryable, r: NewPaper): Promise<void> {
  await q.query(
    `INSERT INTO problem_papers (id, workflow_id, batch, number, title, authors, corresponding_unit, region_code, journal, doi, retraction_date,
               source, imported_by, imported_org_id, holder_org_id, holder_path, current_org_id, affiliation_text, dispatching_department)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$14,$15,$14,$16,$17)`,
    [
      r.id,
      r.workflowId,
      r.batch,
      r.number,
      r.title,
      JSON.stringify(r.authors),
      r.correspondingUnit,
      r.regionCode,
      r.journal,
      r.doi,
      r.retractionDate,
      r.source,
      r.importedBy,
      r.orgId,
      r.orgPath,
      r.affiliationText,
      r.dispatchingDepartment,
    ],
  );
}

export interface PaperListSpec {
  /** The caller's organisation path: papers held in its subtree. */
  orgPath: string;
  /** Narrowed to the subtree of this organisation path. */
  subtreePath?: string;
  /** The work list of this organisation (and of institutions below the caller without active accounts, in the
   *  `institutionSide` statuses). */
  waitingFor?: { orgId: string; institutionSide: readonly string[] };
  statuses?: readonly string[];
  status?: string;
  batch?: string;
  /** A LIKE pattern matched against title and DOI, case-insensitively. */
  search?: string;
  page: number;
  pageSize: number;
}

/** One page of papers and the number of all that match; a work list oldest change first, else by batch and number. */
export async function listPapers(q: Queryable, spec: PaperListSpec): Promise<{ total: number; rows: PaperRow[] }> {
  const params: unknown[] = [spec.orgPath];
  const where = [subtreeCondition('pp.holder_path', 1)];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  if (spec.subtreePath !== undefined) {
    params.push(spec.subtreePath);
    where.push(subtreeCondition('pp.holder_path', params.length));
  }
  if (spec.waitingFor) {
    params.push(spec.waitingFor.orgId);
    const me = `$${params.length}`;
    // An institution below without active accounts: the commission enters its side (002), so its papers are the
    // commission's work too.
    where.push(`(pp.current_org_id = ${me} OR (pp.status IN (${spec.waitingFor.institutionSide.map((x) => `'${x}'`).join(', ')}) AND pp.current_org_id IN (
        SELECT o.id FROM organisations o WHERE o.level = 'institution' AND o.path LIKE ${likeEscapeSql('$1')} || '/%'
           AND NOT EXISTS (SELECT 1 FROM users u WHERE u.org_id = o.id AND u.active))))`);
  }
  if (spec.statuses) add('pp.status = ANY(?::text[])', [...spec.statuses]);
  if (spec.status) add('pp.status = ?', spec.status);
  if (spec.batch) add('pp.batch = ?', spec.batch);
  if (spec.search) add(`(pp.title ILIKE ? ESCAPE '\\' OR pp.doi ILIKE ? ESCAPE '\\')`, spec.search);
  const { page, pageSize } = spec;
  const filter = where.join(' AND ');
  const [{ total }] = (await q.query(`SELECT count(*)::int AS total FROM problem_papers pp WHERE ${filter}`, params)) as Array<{
    total: number;
  }>;
  const rows = (await q.query(
    `${SELECT_PAPER} WHERE ${filter} ORDER BY ${spec.waitingFor ? 'pp.updated_at, ' : ''}pp.batch, pp.number LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    params,
  )) as PaperRow[];
  return { total, rows };
}

export interface PaperEventRow {
  seq: number;
  type: string;
  at: Date;
  actor: unknown;
  data: unknown;
}

/** The paper's timeline, in order. */
export async function paperEvents(q: Queryable, paperId: string): Promise<PaperEventRow[]> {
  return (await q.query(`SELECT seq, type, at, actor, data FROM paper_events WHERE paper_id = $1 ORDER BY seq`, [
    paperId,
  ])) as PaperEventRow[];
}

export interface PaperProgressRows {
  totals: Array<{ status: string; n: number }>;
  perChild: Array<{ id: string; name: string; level: string; status: string | null; n: number }>;
  here: Array<{ status: string; n: number }>;
  awaiting: number;
}

/** 办理进度 (002) of an organisation: papers of its subtree by status, the same per child, those it holds itself, and
 *  how many wait for it. */
export async function paperProgress(q: Queryable, org: { id: string; path: string }): Promise<PaperProgressRows> {
  const totals = (await q.query(
    `SELECT status, count(*)::int AS n FROM problem_papers WHERE ${subtreeCondition('holder_path', 1)} GROUP BY status`,
    [org.path],
  )) as PaperProgressRows['totals'];
  const perChild = (await q.query(
    `SELECT o.id, o.name, o.level, pp.status, count(pp.id)::int AS n
         FROM organisations o
         LEFT JOIN problem_papers pp ON (pp.holder_path = o.path OR pp.holder_path LIKE ${likeEscapeSql('o.path')} || '/%')
        WHERE o.parent_id = $1
        GROUP BY o.id, o.name, o.level, pp.status ORDER BY o.name`,
    [org.id],
  )) as PaperProgressRows['perChild'];
  const here = (await q.query(`SELECT status, count(*)::int AS n FROM problem_papers WHERE holder_org_id = $1 GROUP BY status`, [
    org.id,
  ])) as PaperProgressRows['here'];
  const awaitingMe = (await q.query(`SELECT count(*)::int AS n FROM problem_papers WHERE current_org_id = $1`, [org.id])) as Array<{
    n: number;
  }>;
  return { totals, perChild, here, awaiting: awaitingMe[0]!.n };
}

/** The papers of a batch that wait for dispatch at an organisation, by number. */
export async function papersAwaitingDispatch(
  q: Queryable,
  batch: string,
  orgId: string,
): Promise<Array<{ id: string; number: string; region_code: string; corresponding_unit: string; version: number }>> {
  return (await q.query(
    `SELECT id, number, region_code, corresponding_unit, version FROM problem_papers WHERE batch = $1 AND holder_org_id = $2 AND status = 'pending_dispatch' ORDER BY number`,
    [batch, orgId],
  )) as Array<{ id: string; number: string; region_code: string; corresponding_unit: string; version: number }>;
}

/** The registration data a paper's case is opened with, or undefined. */
export async function paperForCase(
  q: Queryable,
  paperId: string,
): Promise<
  | {
      title: string;
      authors: string[];
      journal: string;
      doi: string | null;
      batch: string;
      number: string;
      retraction_date: string | null;
      source: string;
    }
  | undefined
> {
  const rows = (await q.query(
    `SELECT title, authors, journal, doi, batch, number, to_char(retraction_date, 'YYYY-MM-DD') AS retraction_date, source FROM problem_papers WHERE id = $1`,
    [paperId],
  )) as Array<{
    title: string;
    authors: string[];
    journal: string;
    doi: string | null;
    batch: string;
    number: string;
    retraction_date: string | null;
    source: string;
  }>;
  return rows[0];
}

/** A paper's case as its actions need it: the projected phase and the decision in force (effective, changed, or
 *  submitted and not yet projected: pending first). */
export async function caseOfPaper(
  q: Queryable,
  caseId: string,
): Promise<{ phase: string; decision_id: string | null; version: number | null } | undefined> {
  const rows = (await q.query(
    `SELECT c.phase, d.id AS decision_id, d.version FROM cases c
         LEFT JOIN LATERAL (SELECT id, version FROM decisions WHERE case_id = c.id AND status IN ('effective', 'pending', 'changed')
                             ORDER BY (status = 'pending'), version DESC LIMIT 1) d ON true
        WHERE c.id = $1`,
    [caseId],
  )) as Array<{ phase: string; decision_id: string | null; version: number | null }>;
  return rows[0];
}

export interface PaperReturnRow {
  seq: number;
  at: Date;
  actor: { orgId?: string; onBehalfOf?: string } | null;
  data: Record<string, unknown>;
  by_name: string | null;
  resubmission: { seq: number; at: string; type: string; decisionId: string | null; decisionVersion: number | null } | null;
  revision: { decisionId: string; version: number; reason: string | null; at: string; status: string; effectiveDate: string | null } | null;
}

/** Every return (退回修改) of a paper with who returned it, the decision revision that answered it and the resubmission. */
export async function paperReturns(q: Queryable, paperId: string): Promise<PaperReturnRow[]> {
  return (await q.query(
    `SELECT r.seq, r.at, r.actor, r.data, o.name AS by_name,
              (SELECT json_build_object('seq', s.seq, 'at', s.at, 'type', s.type, 'decisionId', s.data->>'decisionId', 'decisionVersion', (s.data->>'decisionVersion')::int)
                 FROM paper_events s WHERE s.paper_id = r.paper_id AND s.type IN ('result_submitted', 'draft_submitted') AND s.seq > r.seq
                ORDER BY s.seq LIMIT 1) AS resubmission,
              (SELECT json_build_object('decisionId', d.id, 'version', d.version, 'reason', d.revision_reason, 'at', d.updated_at, 'status', d.status,
                                        'effectiveDate', to_char(d.effective_date, 'YYYY-MM-DD'))
                 FROM decisions d WHERE d.answers_return->>'paperId' = r.paper_id::text AND (d.answers_return->>'seq')::int = r.seq AND d.status <> 'pending'
                ORDER BY d.version LIMIT 1) AS revision
         FROM paper_events r LEFT JOIN organisations o ON o.id::text = COALESCE(r.data->>'fromOrgId', r.actor->>'onBehalfOf', r.actor->>'orgId')
        WHERE r.paper_id = $1 AND r.type = 'result_returned' ORDER BY r.seq`,
    [paperId],
  )) as PaperReturnRow[];
}

// --- files --------------------------------------------------------------------------------------------------------

export async function insertPaperFile(
  q: Queryable,
  f: {
    id: string;
    paperId: string;
    kind: string;
    filename: string;
    contentType: string;
    size: number;
    sha256: string;
    storageKey: string;
    orgId: string;
    uploadedBy: string;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO paper_files (id, paper_id, kind, filename, content_type, size, sha256, storage_key, org_id, uploaded_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
    [f.id, f.paperId, f.kind, f.filename, f.contentType, f.size, f.sha256, f.storageKey, f.orgId, f.uploadedBy],
  );
}

export interface PaperFileRow {
  id: string;
  kind: string;
  filename: string;
  content_type: string;
  size: string;
  sha256: string;
  org_id: string;
  uploaded_at: Date;
}

/** The paper's files, oldest first. */
export async function paperFiles(q: Queryable, paperId: string): Promise<PaperFileRow[]> {
  return (await q.query(
    `SELECT id, kind, filename, content_type, size, sha256, org_id, uploaded_at FROM paper_files WHERE paper_id = $1 ORDER BY uploaded_at, id`,
    [paperId],
  )) as PaperFileRow[];
}

/** One file of the paper, with where its bytes are kept. */
export async function findPaperFile(
  q: Queryable,
  paperId: string,
  fileId: string,
): Promise<{ filename: string; content_type: string; size: string; sha256: string; storage_key: string } | undefined> {
  const rows = (await q.query(`SELECT filename, content_type, size, sha256, storage_key FROM paper_files WHERE paper_id = $1 AND id = $2`, [
    paperId,
    fileId,
  ])) as Array<{
    filename: string;
    content_type: string;
    size: string;
    sha256: string;
    storage_key: string;
  }>;
  return rows[0];
}

/** Those of `ids` that are files of the paper, with their kind and owner. */
export async function paperFilesByIds(
  q: Queryable,
  paperId: string,
  ids: readonly string[],
): Promise<Array<{ id: string; kind: string; org_id: string }>> {
  return (await q.query(`SELECT id, kind, org_id FROM paper_files WHERE paper_id = $1 AND id = ANY($2::uuid[])`, [paperId, ids])) as Array<{
    id: string;
    kind: string;
    org_id: string;
  }>;
}
