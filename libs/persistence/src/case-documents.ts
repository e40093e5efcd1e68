/**
 * The one writer of generated documents (migration 1765950000000): their numbers (document_numbers), their rows
 * (case_documents) and their files among the case's files (case_files, kind = the document kind).
 *
 * A document lands together with the timeline event that records it, in one transaction:
 *  - while the case's workflow runs, the workflow records the event (Update `recordDocument`) and its projection
 *    activity calls `recordDocumentRows` in the transaction that inserts the event;
 *  - once the workflow has ended (a case closed, a national refusal), nothing else writes the case's timeline, and
 *    `appendDocumentAfterWorkflow` appends the event itself under a lock on the case row (docs/ARCHITECTURE.md).
 */
import type { DataSource } from 'typeorm';
import { DOCUMENT_EVENT, type DocumentRecord } from '@libs/domain/src/documents/record';

type Queryable = { query(sql: string, params?: unknown[]): Promise<unknown> };

/**
 * The next number of a prefix and year at an issuing organisation (发文字号 序号), committed at once: a generation that
 * then fails leaves its number unused (a gap), never gives it twice.
 */
export async function allocateDocumentNumber(q: Queryable, issuerOrgId: string, prefix: string, year: number): Promise<number> {
  const rows = (await q.query(
    `INSERT INTO document_numbers (issuer_org_id, prefix, year, last) VALUES ($1, $2, $3, 1)
     ON CONFLICT (issuer_org_id, prefix, year) DO UPDATE SET last = document_numbers.last + 1 RETURNING last`,
    [issuerOrgId, prefix, year],
  )) as Array<{ last: number }>;
  return rows[0]!.last;
}

/** The file and the document's row; idempotent (a retried projection writes nothing twice). */
export async function recordDocumentRows(
  q: Queryable,
  caseId: string,
  eventSeq: number,
  r: DocumentRecord,
  generatedBy: string,
): Promise<void> {
  await q.query(
    `INSERT INTO case_files (id, case_id, kind, filename, content_type, size, sha256, storage_key, uploaded_by)
     VALUES ($1, $2, $3, $4, 'application/pdf', $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
    [r.documentId, caseId, r.kind, r.filename, r.size, r.sha256, documentStorageKey(caseId, r.documentId), generatedBy],
  );
  await q.query(
    `INSERT INTO case_documents (file_id, case_id, kind, title, number, issuer_org_id, prefix, year, seq, document_date, template, event_seq, generated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (file_id) DO NOTHING`,
    [
      r.documentId,
      caseId,
      r.kind,
      r.title,
      r.number,
      r.issuerOrgId,
      r.numbering.prefix,
      r.numbering.year,
      r.numbering.seq,
      r.date,
      r.template,
      eventSeq,
      generatedBy,
    ],
  );
}

/** Where a generated document's bytes are kept in the file store. */
export function documentStorageKey(caseId: string, documentId: string): string {
  return `cases/${caseId}/${documentId}`;
}

/**
 * The event and the rows of a document of a case whose workflow has ended: the next sequence number after the last
 * projected event, under a lock on the case row, so two documents never take the same one. Idempotent by document id.
 * The case row's phase, version and `updated_at` stay as they are (the supervision counters read them).
 */
export async function appendDocumentAfterWorkflow(
  ds: DataSource,
  caseId: string,
  actor: Record<string, unknown>,
  r: DocumentRecord,
): Promise<number> {
  return ds.transaction(async (tx) => {
    const [c] = (await tx.query(`SELECT last_event_seq FROM cases WHERE id = $1 FOR UPDATE`, [caseId])) as Array<{
      last_event_seq: number;
    }>;
    if (!c) throw new Error(`case ${caseId} not found`);
    const [earlier] = (await tx.query(`SELECT seq FROM case_events WHERE case_id = $1 AND type = $2 AND data->>'documentId' = $3`, [
      caseId,
      DOCUMENT_EVENT,
      r.documentId,
    ])) as Array<{
      seq: number;
    }>;
    if (earlier) return earlier.seq;
    const [{ seq }] = (await tx.query(`SELECT GREATEST($2::int, COALESCE(max(seq), 0)) + 1 AS seq FROM case_events WHERE case_id = $1`, [
      caseId,
      c.last_event_seq,
    ])) as Array<{
      seq: number;
    }>;
    await tx.query(`INSERT INTO case_events (case_id, seq, type, at, actor, data) VALUES ($1, $2, $3, now(), $4, $5)`, [
      caseId,
      seq,
      DOCUMENT_EVENT,
      JSON.stringify(actor),
      JSON.stringify(r),
    ]);
    await tx.query(`UPDATE cases SET last_event_seq = $2 WHERE id = $1`, [caseId, seq]);
    await recordDocumentRows(tx, caseId, seq, r, String(actor.userId));
    return seq;
  });
}

export interface CaseDocumentRow {
  file_id: string;
  kind: string;
  title: string;
  number: string;
  issuer_org_id: string;
  issuer_name: string;
  document_date: string;
  template: string;
  event_seq: number;
  generated_by: string;
  generated_at: Date;
  filename: string;
  size: string;
  sha256: string;
}

/** The case's generated documents, oldest first. */
export async function listCaseDocuments(q: Queryable, caseId: string): Promise<CaseDocumentRow[]> {
  return (await q.query(
    `SELECT d.file_id, d.kind, d.title, d.number, d.issuer_org_id, o.name AS issuer_name, to_char(d.document_date, 'YYYY-MM-DD') AS document_date,
            d.template, d.event_seq, d.generated_by, d.generated_at, f.filename, f.size, f.sha256
       FROM case_documents d JOIN case_files f ON f.id = d.file_id JOIN organisations o ON o.id = d.issuer_org_id
      WHERE d.case_id = $1 ORDER BY d.event_seq, d.file_id`,
    [caseId],
  )) as CaseDocumentRow[];
}

export interface DocumentFactRows {
  reporter: { name?: string; realName?: boolean } | null;
  handlingOrg: { id: string; name: string };
  superiorOrg: { id: string; name: string } | null;
  events: Array<{ seq: number; type: string; at: Date; data: Record<string, unknown> }>;
  /** The number of the latest decision letter written for the case. */
  decisionLetterNumber: string | null;
}

/** What a document may say about a case beyond its row and its decision form (libs/domain/src/documents/data.ts). */
export async function documentFactRows(q: Queryable, caseId: string): Promise<DocumentFactRows> {
  const [c] = (await q.query(
    `SELECT c.reporter, o.id AS org_id, o.name AS org_name, p.id AS parent_id, p.name AS parent_name,
            (SELECT d.number FROM case_documents d WHERE d.case_id = c.id AND d.kind = 'decision_letter' ORDER BY d.event_seq DESC LIMIT 1) AS letter
       FROM cases c JOIN organisations o ON o.id = c.handling_org_id LEFT JOIN organisations p ON p.id = o.parent_id
      WHERE c.id = $1`,
    [caseId],
  )) as Array<{
    reporter: DocumentFactRows['reporter'];
    org_id: string;
    org_name: string;
    parent_id: string | null;
    parent_name: string | null;
    letter: string | null;
  }>;
  if (!c) throw new Error(`case ${caseId} not found`);
  const events = (await q.query(`SELECT seq, type, at, data FROM case_events WHERE case_id = $1 ORDER BY seq`, [
    caseId,
  ])) as DocumentFactRows['events'];
  return {
    reporter: c.reporter,
    handlingOrg: { id: c.org_id, name: c.org_name },
    superiorOrg: c.parent_id ? { id: c.parent_id, name: c.parent_name! } : null,
    events,
    decisionLetterNumber: c.letter,
  };
}
