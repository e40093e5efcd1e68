/**
 * A case's uploaded evidence (`case_files`, RULES.md §4): the one writer of uploaded files. Generated documents land in
 * the same table through case-documents.ts (their kind is the document kind).
 */
import type { Queryable } from './queryable';

export interface CaseFileRow {
  id: string;
  case_id: string;
  kind: string;
  filename: string;
  content_type: string;
  size: string;
  sha256: string;
  storage_key: string;
  uploaded_at: Date;
  uploaded_by: string;
}

export async function insertCaseFile(
  q: Queryable,
  f: {
    id: string;
    caseId: string;
    kind: string;
    filename: string;
    contentType: string;
    size: number;
    sha256: string;
    storageKey: string;
    uploadedBy: string;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO case_files (id, case_id, kind, filename, content_type, size, sha256, storage_key, uploaded_by)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
    [f.id, f.caseId, f.kind, f.filename, f.contentType, f.size, f.sha256, f.storageKey, f.uploadedBy],
  );
}

/** The case's files, oldest first. */
export async function caseFiles(q: Queryable, caseId: string): Promise<CaseFileRow[]> {
  return (await q.query(`SELECT * FROM case_files WHERE case_id = $1 ORDER BY uploaded_at, id`, [caseId])) as CaseFileRow[];
}

export async function findCaseFile(q: Queryable, caseId: string, fileId: string): Promise<CaseFileRow | undefined> {
  const rows = (await q.query(`SELECT * FROM case_files WHERE case_id = $1 AND id = $2`, [caseId, fileId])) as CaseFileRow[];
  return rows[0];
}

/** The kinds of file the case has. */
export async function caseFileKinds(q: Queryable, caseId: string): Promise<string[]> {
  const rows = (await q.query(`SELECT DISTINCT kind FROM case_files WHERE case_id = $1`, [caseId])) as Array<{ kind: string }>;
  return rows.map((r) => r.kind);
}
