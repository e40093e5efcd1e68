/**
 * The per-case denied-access list (RULES.md §7, 003 art.45): the one module that writes `case_access_denials`. An
 * integrity administrator of the handling organisation keeps it by hand (CaseAccess), and an upheld recusal request
 * puts the recused member's account on it (the case projection, issue 17 point 5): the API never writes lifecycle
 * state behind the workflow's back.
 */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Puts `userId` on the case's list, or changes the reason of an entry already there. */
export async function denyCaseAccess(
  q: Queryable,
  d: { caseId: string; userId: string; reason: string; createdBy: string },
): Promise<void> {
  await q.query(
    `INSERT INTO case_access_denials (case_id, user_id, reason, created_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (case_id, user_id) DO UPDATE SET reason = EXCLUDED.reason`,
    [d.caseId, d.userId, d.reason, d.createdBy],
  );
}

/**
 * An upheld recusal: the account goes on the list unless it is there already (a retried projection adds nothing and
 * keeps an administrator's earlier entry). Both accounts must exist: an event naming none (a test actor) writes
 * nothing. Returns whether a row was added.
 */
export async function denyCaseAccessForRecusal(
  q: Queryable,
  d: { caseId: string; userId: string; reason: string; decidedBy: string },
): Promise<boolean> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!uuid.test(d.userId) || !uuid.test(d.decidedBy)) return false;
  const rows = (await q.query(
    `INSERT INTO case_access_denials (case_id, user_id, reason, created_by)
     SELECT $1, u.id, $3, h.id FROM users u, users h WHERE u.id = $2 AND h.id = $4
     ON CONFLICT (case_id, user_id) DO NOTHING
     RETURNING user_id`,
    [d.caseId, d.userId, d.reason, d.decidedBy],
  )) as unknown[];
  return rows.length > 0;
}

/** Takes `userId` off the case's list. */
export async function allowCaseAccess(q: Queryable, d: { caseId: string; userId: string }): Promise<void> {
  await q.query(`DELETE FROM case_access_denials WHERE case_id = $1 AND user_id = $2`, [d.caseId, d.userId]);
}

/** SQL condition excluding cases the user bound to `$n` is denied. */
export function notDeniedCondition(caseIdColumn: string, n: number): string {
  return `NOT EXISTS (SELECT 1 FROM case_access_denials d WHERE d.case_id = ${caseIdColumn} AND d.user_id = $${n})`;
}

/** One entry of a case's denied-access list as stored. */
export async function caseAccessDenial(
  q: Queryable,
  caseId: string,
  userId: string,
): Promise<{ reason: string; created_by: string } | undefined> {
  const rows = (await q.query(`SELECT reason, created_by FROM case_access_denials WHERE case_id = $1 AND user_id = $2`, [
    caseId,
    userId,
  ])) as Array<{
    reason: string;
    created_by: string;
  }>;
  return rows[0];
}

/** A case's denied-access list with the accounts' usernames, oldest entry first. */
export async function caseAccessDenials(
  q: Queryable,
  caseId: string,
): Promise<Array<{ user_id: string; username: string; reason: string; created_at: Date }>> {
  return (await q.query(
    `SELECT d.user_id, u.username, d.reason, d.created_at FROM case_access_denials d JOIN users u ON u.id = d.user_id
        WHERE d.case_id = $1 ORDER BY d.created_at`,
    [caseId],
  )) as Array<{ user_id: string; username: string; reason: string; created_at: Date }>;
}
