/**
 * The one writer of the reporter channel's tables (migration 1766000000000, issue 23 point 1): `reports`,
 * `report_messages`, `report_files` and `reporter_rate_limits`, with the reads the API needs. Typed rows; no Nest here.
 *
 * What never leaves through these functions to a caller that is not a handler is the API's concern
 * (apps/api/src/reports): the reporter's identity and the messages (RULES.md §7, 003 art.46).
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { containsPattern } from './like';

type Db = DataSource | EntityManager;

export const REPORT_STATUSES = ['received', 'accepted', 'not_accepted', 'in_investigation', 'decided'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** The reporter's identity and address for notices (real-name: name and a contact; anonymous: at most an address). */
export interface ReporterIdentity {
  name?: string;
  phone?: string;
  email?: string;
}

export interface ReportRow {
  id: string;
  org_id: string;
  org_path: string;
  org_name: string;
  policy_profile: string;
  anonymous: boolean;
  reporter: ReporterIdentity | null;
  title: string;
  summary: string;
  subjects: Array<{ name: string; organisation?: string }>;
  allegations: string[];
  paper: { title?: string; journal?: string; doi?: string } | null;
  status: ReportStatus;
  status_note: string | null;
  status_at: Date;
  triage: 'case' | 'refused' | 'lead' | null;
  triage_note: string | null;
  triaged_at: Date | null;
  triaged_by: string | null;
  case_id: string | null;
  lead_id: string | null;
  received_at: Date;
}

export interface MessageRow {
  id: string;
  report_id: string;
  seq: number;
  direction: 'to_reporter' | 'from_reporter';
  body: string;
  sha256: string;
  author_user_id: string | null;
  author_name: string | null;
  case_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

export interface ReportFileRow {
  id: string;
  report_id: string;
  side: 'reporter' | 'handler';
  message_id: string | null;
  filename: string;
  content_type: string;
  size: string;
  sha256: string;
  storage_key: string;
  uploaded_by: string | null;
  uploaded_at: Date;
}

const REPORT_COLUMNS = `r.id, r.org_id, r.org_path, o.name AS org_name, r.policy_profile, r.anonymous, r.reporter, r.title, r.summary, r.subjects,
  r.allegations, r.paper, r.status, r.status_note, r.status_at, r.triage, r.triage_note, r.triaged_at, r.triaged_by, r.case_id, r.lead_id, r.received_at`;

export async function insertReport(
  db: Db,
  r: {
    id: string;
    orgId: string;
    orgPath: string;
    profile: string;
    keyHash: string;
    passwordHash: string;
    anonymous: boolean;
    reporter: ReporterIdentity | null;
    title: string;
    summary: string;
    subjects: unknown[];
    allegations: string[];
    paper: unknown;
  },
): Promise<{ receivedAt: Date }> {
  const [row]: Array<{ received_at: Date }> = await db.query(
    `INSERT INTO reports (id, org_id, org_path, policy_profile, key_hash, password_hash, anonymous, reporter, title, summary, subjects, allegations, paper)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) RETURNING received_at`,
    [
      r.id,
      r.orgId,
      r.orgPath,
      r.profile,
      r.keyHash,
      r.passwordHash,
      r.anonymous,
      r.reporter ? JSON.stringify(r.reporter) : null,
      r.title,
      r.summary,
      JSON.stringify(r.subjects),
      JSON.stringify(r.allegations),
      r.paper ? JSON.stringify(r.paper) : null,
    ],
  );
  return { receivedAt: row!.received_at };
}

/** The report a key names (by the key's hash) with its password hash, for the reporter's sign-in. */
export async function reportByKeyHash(db: Db, keyHash: string): Promise<{ id: string; password_hash: string } | undefined> {
  const rows: Array<{ id: string; password_hash: string }> = await db.query(`SELECT id, password_hash FROM reports WHERE key_hash = $1`, [
    keyHash,
  ]);
  return rows[0];
}

export async function reportById(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<ReportRow | undefined> {
  const rows: ReportRow[] = await db.query(
    `SELECT ${REPORT_COLUMNS} FROM reports r JOIN organisations o ON o.id = r.org_id WHERE r.id = $1${opts.forUpdate ? ' FOR UPDATE OF r' : ''}`,
    [id],
  );
  return rows[0];
}

/** The reports of a case (one, or several once duplicates were merged into it), oldest first. */
export async function reportsOfCase(db: Db, caseId: string): Promise<ReportRow[]> {
  return db.query(
    `SELECT ${REPORT_COLUMNS} FROM reports r JOIN organisations o ON o.id = r.org_id WHERE r.case_id = $1 ORDER BY r.received_at, r.id`,
    [caseId],
  );
}

/** Reports received by an organisation, newest first; `untriaged` only those not yet made a case or refused. */
export async function inbox(
  db: Db,
  orgId: string,
  opts: { untriaged: boolean; limit: number; offset: number },
): Promise<{ total: number; rows: ReportRow[] }> {
  const where = `r.org_id = $1${opts.untriaged ? ' AND r.triage IS NULL' : ''}`;
  const [{ n }]: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM reports r WHERE ${where}`, [orgId]);
  const rows: ReportRow[] = await db.query(
    `SELECT ${REPORT_COLUMNS} FROM reports r JOIN organisations o ON o.id = r.org_id WHERE ${where}
      ORDER BY r.received_at DESC, r.id LIMIT ${Math.max(1, Math.min(opts.limit, 100))} OFFSET ${Math.max(0, opts.offset)}`,
    [orgId],
  );
  return { total: n, rows };
}

/** The status the office shows the reporter, with its note. */
export async function setReportStatus(db: Db, reportId: string, status: ReportStatus, note: string | null): Promise<void> {
  await db.query(`UPDATE reports SET status = $2, status_note = $3, status_at = now() WHERE id = $1`, [reportId, status, note]);
}

/**
 * Triage (issue 23): the report becomes the case `caseId`, or is refused. Only an untriaged report can be triaged:
 * returns false when it was triaged meanwhile (the row lock makes a concurrent second triage wait and then find it).
 */
export async function triageReport(
  tx: EntityManager,
  reportId: string,
  t: {
    outcome: 'case' | 'refused' | 'lead';
    caseId?: string;
    leadId?: string;
    userId: string;
    note: string | null;
    status?: ReportStatus;
    statusNote?: string | null;
  },
): Promise<boolean> {
  const rows: unknown[] = await tx.query(
    `UPDATE reports SET triage = $2, case_id = $3, lead_id = $8, triaged_by = $4, triaged_at = now(), triage_note = $5,
            status = COALESCE($6, status), status_note = CASE WHEN $6::text IS NULL THEN status_note ELSE $7 END,
            status_at = CASE WHEN $6::text IS NULL THEN status_at ELSE now() END
      WHERE id = $1 AND triage IS NULL RETURNING id`,
    [reportId, t.outcome, t.caseId ?? null, t.userId, t.note, t.status ?? null, t.statusNote ?? null, t.leadId ?? null],
  );
  return flatten(rows).length === 1;
}

/**
 * The case a lead opened takes the reports that became that lead (issue 23): the report follows the case, the case's
 * reporter record carries the report's reporter and its subjects and allegations the report's, and the reporter's files
 * become report materials of the case (handlers only). Written in the transaction that registers the case row
 * (activities/lead.activities.ts `openLeadCase`), so it happens once with it.
 */
export async function attachLeadReports(tx: EntityManager, leadId: string, caseId: string): Promise<number> {
  const reports: Array<{
    id: string;
    anonymous: boolean;
    reporter: ReporterIdentity | null;
    subjects: unknown[];
    allegations: string[];
    paper: unknown;
    triaged_by: string;
  }> = await tx.query(
    `SELECT id, anonymous, reporter, subjects, allegations, paper, triaged_by FROM reports WHERE lead_id = $1 AND case_id IS NULL ORDER BY received_at FOR UPDATE`,
    [leadId],
  );
  const first = reports[0];
  if (!first) return 0;
  await tx.query(`UPDATE reports SET case_id = $2 WHERE lead_id = $1 AND case_id IS NULL`, [leadId, caseId]);
  // The paper as the lead registered it (its title, number, dates), with what the report says about it on top (a
  // report may name only a DOI: the lead's title stays).
  const paper = Object.fromEntries(
    Object.entries((first.paper ?? {}) as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined && v !== ''),
  );
  await tx.query(
    `UPDATE cases SET reporter = $2,
            details = details || jsonb_build_object('subjects', $3::jsonb, 'allegations', $4::jsonb, 'paper', COALESCE(details->'paper', '{}'::jsonb) || $5::jsonb)
      WHERE id = $1`,
    [
      caseId,
      JSON.stringify(reporterRecordOf(first)),
      JSON.stringify(first.subjects),
      JSON.stringify(first.allegations),
      JSON.stringify(paper),
    ],
  );
  for (const r of reports) await copyReportFilesToCase(tx, r.id, caseId, r.triaged_by);
  return reports.length;
}

/** The case's reporter record for a report (RULES.md §2, §7): a real-name reporter's contact gets the procedure's notices. */
export function reporterRecordOf(r: { id: string; anonymous: boolean; reporter: ReporterIdentity | null }): Record<string, unknown> {
  const who = r.reporter ?? {};
  return r.anonymous
    ? { realName: false, anonymous: true, reportId: r.id }
    : { name: who.name, contact: who.email ?? who.phone, ...(who.phone ? { phone: who.phone } : {}), realName: true, reportId: r.id };
}

/** A case's evidence gets the report's own files (the reporter's materials), handlers only (kind report_material). */
export async function copyReportFilesToCase(tx: EntityManager, reportId: string, caseId: string, uploadedBy: string): Promise<number> {
  const rows: unknown[] = await tx.query(
    `INSERT INTO case_files (id, case_id, kind, filename, content_type, size, sha256, storage_key, uploaded_by, uploaded_at)
     SELECT gen_random_uuid(), $2, 'report_material', f.filename, f.content_type, f.size, f.sha256, f.storage_key, $3, f.uploaded_at
       FROM report_files f WHERE f.report_id = $1 AND f.side = 'reporter'
     RETURNING id`,
    [reportId, caseId, uploadedBy],
  );
  return flatten(rows).length;
}

/**
 * One message, numbered within its report; the report row is locked while the number is drawn. `attachmentIds` must be
 * files of the same report and side not yet sent with a message: they are attached to this one. Returns null when an
 * attachment is not such a file (nothing is written then: the caller's transaction rolls back).
 */
export async function insertMessage(
  tx: EntityManager,
  m: {
    reportId: string;
    direction: 'to_reporter' | 'from_reporter';
    body: string;
    sha256: string;
    authorUserId: string | null;
    caseId: string | null;
    attachmentIds: string[];
  },
): Promise<{ id: string; seq: number; createdAt: Date } | { badAttachments: string[] }> {
  await tx.query(`SELECT 1 FROM reports WHERE id = $1 FOR UPDATE`, [m.reportId]);
  const [{ seq }]: Array<{ seq: number }> = await tx.query(
    `SELECT COALESCE(max(seq), 0) + 1 AS seq FROM report_messages WHERE report_id = $1`,
    [m.reportId],
  );
  const id = randomUUID();
  const [row]: Array<{ created_at: Date }> = await tx.query(
    `INSERT INTO report_messages (id, report_id, seq, direction, body, sha256, author_user_id, case_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING created_at`,
    [id, m.reportId, seq, m.direction, m.body, m.sha256, m.authorUserId, m.caseId],
  );
  if (m.attachmentIds.length) {
    const side = m.direction === 'to_reporter' ? 'handler' : 'reporter';
    const attached: Array<{ id: string }> = flatten(
      await tx.query(
        `UPDATE report_files SET message_id = $1 WHERE id = ANY($2::uuid[]) AND report_id = $3 AND side = $4 AND message_id IS NULL RETURNING id`,
        [id, m.attachmentIds, m.reportId, side],
      ),
    );
    const got = new Set(attached.map((a) => a.id));
    const bad = m.attachmentIds.filter((a) => !got.has(a));
    if (bad.length) return { badAttachments: bad };
  }
  return { id, seq, createdAt: row!.created_at };
}

/** Messages of some reports, in order, with the handler's name (never shown to the reporter). */
export async function messagesOf(db: Db, reportIds: string[]): Promise<MessageRow[]> {
  if (!reportIds.length) return [];
  return db.query(
    `SELECT m.id, m.report_id, m.seq, m.direction, m.body, m.sha256, m.author_user_id, u.name AS author_name, m.case_id, m.created_at, m.read_at
       FROM report_messages m LEFT JOIN users u ON u.id = m.author_user_id
      WHERE m.report_id = ANY($1::uuid[]) ORDER BY m.report_id, m.seq`,
    [reportIds],
  );
}

/** The reporter has read the office's messages up to now. */
export async function markReadByReporter(db: Db, reportId: string): Promise<void> {
  await db.query(`UPDATE report_messages SET read_at = now() WHERE report_id = $1 AND direction = 'to_reporter' AND read_at IS NULL`, [
    reportId,
  ]);
}

export async function insertReportFile(
  db: Db,
  f: {
    id: string;
    reportId: string;
    side: 'reporter' | 'handler';
    filename: string;
    contentType: string;
    size: number;
    sha256: string;
    storageKey: string;
    uploadedBy: string | null;
  },
): Promise<{ uploadedAt: Date }> {
  const [row]: Array<{ uploaded_at: Date }> = await db.query(
    `INSERT INTO report_files (id, report_id, side, filename, content_type, size, sha256, storage_key, uploaded_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING uploaded_at`,
    [f.id, f.reportId, f.side, f.filename, f.contentType, f.size, f.sha256, f.storageKey, f.uploadedBy],
  );
  return { uploadedAt: row!.uploaded_at };
}

export async function filesOf(db: Db, reportIds: string[]): Promise<ReportFileRow[]> {
  if (!reportIds.length) return [];
  return db.query(`SELECT * FROM report_files WHERE report_id = ANY($1::uuid[]) ORDER BY uploaded_at, id`, [reportIds]);
}

export async function reportFile(db: Db, reportIds: string[], fileId: string): Promise<ReportFileRow | undefined> {
  const rows: ReportFileRow[] = await db.query(`SELECT * FROM report_files WHERE id = $1 AND report_id = ANY($2::uuid[])`, [
    fileId,
    reportIds,
  ]);
  return rows[0];
}

/**
 * Counts one event in `bucket`'s current fixed window of `windowSeconds` (shared by every API instance) and returns the
 * count with the seconds until the window ends. Windows older than a day are removed now and then.
 */
export async function countInWindow(db: Db, bucket: string, windowSeconds: number, by = 1): Promise<{ count: number; retryAfter: number }> {
  const [row]: Array<{ count: number; retry_after: number }> = await db.query(
    `WITH w AS (SELECT to_timestamp(floor(extract(epoch FROM now()) / $2) * $2) AS start)
     INSERT INTO reporter_rate_limits (bucket, window_start, count) SELECT $1, w.start, $3 FROM w
     ON CONFLICT (bucket, window_start) DO UPDATE SET count = reporter_rate_limits.count + $3
     RETURNING count, GREATEST(1, ceil(extract(epoch FROM (window_start + make_interval(secs => $2) - now()))))::int AS retry_after`,
    [bucket, windowSeconds, by],
  );
  if (Math.random() < 0.01) await db.query(`DELETE FROM reporter_rate_limits WHERE window_start < now() - interval '1 day'`);
  return { count: row!.count, retryAfter: row!.retry_after };
}

/** TypeORM answers UPDATE/DELETE … RETURNING as [rows, count] on PostgreSQL. */
function flatten<T>(res: unknown): T[] {
  const r = res as T[] | [T[], number];
  return Array.isArray(r[0]) ? (r[0] as T[]) : (r as T[]);
}

/**
 * Where a message to the reporter is announced (issue 23): the report's case (if any), organisation path and the
 * reporter's address. Undefined until the message's transaction has committed (or for a message from the reporter).
 */
export async function reporterMessageRecipient(
  db: Db,
  reportId: string,
  messageId: string,
): Promise<{ caseId: string | null; orgPath: string; email: string | null } | undefined> {
  const [m]: Array<{ case_id: string | null; org_path: string; email: string | null }> = await db.query(
    `SELECT r.case_id, r.org_path, r.reporter->>'email' AS email
       FROM report_messages m JOIN reports r ON r.id = m.report_id
      WHERE m.id = $2 AND m.report_id = $1 AND m.direction = 'to_reporter'`,
    [reportId, messageId],
  );
  return m ? { caseId: m.case_id, orgPath: m.org_path, email: m.email } : undefined;
}

/** Organisations a report can go to (public, issue 23): by name (`%`/`_` literal), at most 50, in tree order. */
export async function reportableOrganisations(db: Db, q: string | undefined): Promise<Array<{ id: string; name: string; level: string }>> {
  return db.query(
    `SELECT id, name, level FROM organisations WHERE ($1::text IS NULL OR name ILIKE $1 ESCAPE '\\') ORDER BY path LIMIT 50`,
    [q ? containsPattern(q) : null],
  );
}

/** The organisation a report goes to, with its profile (undefined: none). */
export async function reportOrganisation(
  db: Db,
  id: string,
): Promise<{ id: string; name: string; level: string; path: string; policy_profile: string } | undefined> {
  const [o]: Array<{ id: string; name: string; level: string; path: string; policy_profile: string }> = await db.query(
    `SELECT id, name, level, path, policy_profile FROM organisations WHERE id = $1`,
    [id],
  );
  return o;
}

/** The lead that has this (normalised) DOI already, if any: a report becomes a lead only for a new DOI. */
export async function leadWithDoi(db: Db, doi: string): Promise<{ id: string; number: string } | undefined> {
  const [dup]: Array<{ id: string; number: string }> = await db.query(`SELECT id, number FROM leads WHERE doi = $1`, [doi]);
  return dup;
}

/** A reporter's file of a report that became a case is the case's material too, uploaded by whoever triaged it. */
export async function copyReporterFileToCase(
  db: Db,
  f: {
    id: string;
    caseId: string;
    reportId: string;
    filename: string;
    contentType: string;
    size: number;
    sha256: string;
    storageKey: string;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO case_files (id, case_id, kind, filename, content_type, size, sha256, storage_key, uploaded_by)
     SELECT $1, $2, 'report_material', $3, $4, $5, $6, $7, r.triaged_by FROM reports r WHERE r.id = $8 AND r.triaged_by IS NOT NULL`,
    [f.id, f.caseId, f.filename, f.contentType, f.size, f.sha256, f.storageKey, f.reportId],
  );
}
