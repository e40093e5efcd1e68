/**
 * Reads of the deadline projection (`case_deadlines`, written by the case projection activity) that other writers
 * depend on. The outbox asks for a deadline as it stands right before a reminder goes out (issue 17 point 6).
 */
import type { Queryable } from './queryable';

export interface CurrentDeadlineRow {
  status: string;
  dueDate: string;
}

/**
 * One deadline of one case as last projected, or null. With `lock` (inside a transaction), the row is held FOR SHARE
 * until the transaction ends: a projection that would change it waits, so what the caller decides on the row's
 * current state commits before the change does.
 */
export async function currentDeadline(
  q: Queryable,
  caseId: string,
  kind: string,
  opts: { lock?: boolean } = {},
): Promise<CurrentDeadlineRow | null> {
  const rows = (await q.query(
    `SELECT status, to_char(due_date, 'YYYY-MM-DD') AS due_date FROM case_deadlines WHERE case_id = $1 AND kind = $2${opts.lock ? ' FOR SHARE' : ''}`,
    [caseId, kind],
  )) as Array<{ status: string; due_date: string }>;
  return rows[0] ? { status: rows[0].status, dueDate: rows[0].due_date } : null;
}
