/**
 * The colleagues of one organisation as another account of it may see them (issue 24: the workbench's staff pickers,
 * e.g. `checkedBy` of `accept`, 001 art.14): active accounts, id, name and roles only — never the username, e-mail or
 * anything else of the `users` row. Read-only; `users` is written by the user service alone.
 */
import type { Queryable } from './queryable';

export interface OrgMemberRow {
  id: string;
  name: string;
  roles: string[];
}

/** Active accounts of `orgId` (not of its children), by name; with `role`, only those holding it. */
export async function orgMembers(q: Queryable, orgId: string, role?: string): Promise<OrgMemberRow[]> {
  return (await q.query(
    `SELECT u.id, u.name, u.roles FROM users u
      WHERE u.org_id = $1 AND u.active AND ($2::text IS NULL OR u.roles @> jsonb_build_array($2::text))
      ORDER BY u.name, u.id`,
    [orgId, role ?? null],
  )) as OrgMemberRow[];
}
