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
export async function denyCaseAccess(q: Queryable, d: { caseId: string; userId: string; reason: string; createdBy: string }): Promise<void> {
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
export async function denyCaseAccessForRecusal(q: Queryable, d: { caseId: string; userId: string; reason: string; decidedBy: string }): Promise<boolean> {
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
