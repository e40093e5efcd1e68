/**
 * The one writer of `audit_log` (RULES.md §7): append-only, each record chained to the previous by hash (the hash is
 * made by the caller, libs/security). Appends hold a transaction-scoped advisory lock, so the chain has one head.
 */
import type { Queryable } from './queryable';

export interface AuditRow {
  id: string;
  at: Date;
  user_id: string | null;
  username: string | null;
  roles: string[];
  org_id: string | null;
  action: string;
  case_id: string | null;
  outcome: number;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/** Held until the transaction ends: one appender at a time. */
export async function lockAuditLog(q: Queryable): Promise<void> {
  await q.query(`SELECT pg_advisory_xact_lock(hashtext('audit_log'))`);
}

/** The newest record's id, hash and time, or undefined for an empty log. */
export async function auditLogHead(q: Queryable): Promise<Pick<AuditRow, 'id' | 'hash' | 'at'> | undefined> {
  const rows = (await q.query(`SELECT id, hash, at FROM audit_log ORDER BY id DESC LIMIT 1`)) as Array<
    Pick<AuditRow, 'id' | 'hash' | 'at'>
  >;
  return rows[0];
}

/** The newest record's hash (the appender's view of the head). */
export async function auditLogHeadHash(q: Queryable): Promise<string | undefined> {
  const rows = (await q.query(`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`)) as Array<{ hash: string }>;
  return rows[0]?.hash;
}

export async function auditLogCount(q: Queryable): Promise<number> {
  const [{ n }] = (await q.query(`SELECT count(*)::int AS n FROM audit_log`)) as Array<{ n: number }>;
  return n;
}

/**
 * Appends records in one statement; ids are drawn row by row in VALUES order, so the chain order (by id) is the order
 * given.
 */
export async function appendAuditRows(q: Queryable, rows: ReadonlyArray<Omit<AuditRow, 'id'>>): Promise<void> {
  const values: unknown[] = [];
  const tuples: string[] = [];
  for (const row of rows) {
    const n = values.length;
    tuples.push(`(${Array.from({ length: 11 }, (_, i) => `$${n + i + 1}`).join(',')})`);
    values.push(
      row.at,
      row.user_id,
      row.username,
      JSON.stringify(row.roles),
      row.org_id,
      row.action,
      row.case_id,
      row.outcome,
      JSON.stringify(row.details),
      row.prev_hash,
      row.hash,
    );
  }
  await q.query(
    `INSERT INTO audit_log (at, user_id, username, roles, org_id, action, case_id, outcome, details, prev_hash, hash)
       VALUES ${tuples.join(',')}`,
    values,
  );
}

/** The records of one case, in chain order. */
export async function auditRowsOfCase(q: Queryable, caseId: string): Promise<AuditRow[]> {
  return (await q.query(`SELECT * FROM audit_log WHERE case_id = $1 ORDER BY id`, [caseId])) as AuditRow[];
}

/** The whole chain, in order. */
export async function allAuditRows(q: Queryable): Promise<AuditRow[]> {
  return (await q.query(`SELECT * FROM audit_log ORDER BY id`)) as AuditRow[];
}
