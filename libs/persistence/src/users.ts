/**
 * The one writer of `users` besides the seed (seed.ts): accounts, their roles and active flag, and the reads the
 * AuthGuard and the login make. The password hash is read only by `loginCandidate`; every other read lists its
 * columns (never `u.*`).
 */
import type { Queryable } from './queryable';
import { subtreeCondition } from './org-subtree';

export interface UserRow {
  id: string;
  username: string;
  name: string;
  email: string | null;
  org_id: string;
  org_name: string;
  org_path: string;
  roles: string[];
  active: boolean;
}

/** Never `u.*`: the password hash stays in the database. */
const COLUMNS = `u.id, u.username, u.name, u.email, u.org_id, o.name AS org_name, o.path AS org_path, u.roles, u.active`;

/** The accounts of an organisation's subtree (`orgPath` and below), by organisation path and username. */
export async function usersOfSubtree(q: Queryable, orgPath: string): Promise<UserRow[]> {
  return (await q.query(
    `SELECT ${COLUMNS} FROM users u JOIN organisations o ON o.id = u.org_id WHERE ${subtreeCondition('o.path', 1)} ORDER BY o.path, u.username`,
    [orgPath],
  )) as UserRow[];
}

/** The accounts of one organisation, by username. */
export async function usersOfOrganisation(q: Queryable, orgId: string): Promise<UserRow[]> {
  return (await q.query(`SELECT ${COLUMNS} FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.org_id = $1 ORDER BY u.username`, [
    orgId,
  ])) as UserRow[];
}

/** One account, or undefined; with `lock` (inside a transaction) the users row is held FOR UPDATE. */
export async function findUser(q: Queryable, id: string, opts: { lock?: boolean } = {}): Promise<UserRow | undefined> {
  const rows = (await q.query(
    opts.lock
      ? `SELECT ${COLUMNS} FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.id = $1 FOR UPDATE OF u`
      : `SELECT ${COLUMNS} FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.id = $1`,
    [id],
  )) as UserRow[];
  return rows[0];
}

export interface NewUser {
  id: string;
  username: string;
  name: string;
  email: string | null;
  orgId: string;
  roles: readonly string[];
  passwordHash: string;
}

/** A new, active account. A taken username fails with PostgreSQL's unique violation (23505). */
export async function insertUser(q: Queryable, u: NewUser): Promise<void> {
  await q.query(`INSERT INTO users (id, username, name, email, org_id, roles, active, password_hash) VALUES ($1,$2,$3,$4,$5,$6,true,$7)`, [
    u.id,
    u.username,
    u.name,
    u.email,
    u.orgId,
    JSON.stringify(u.roles),
    u.passwordHash,
  ]);
}

/** Changes the given fields (null keeps one). Deactivation also ends every token issued so far: reactivating the
 *  account does not revive them. */
export async function updateUser(
  q: Queryable,
  id: string,
  c: { active: boolean | null; roles: readonly string[] | null; name: string | null },
): Promise<void> {
  await q.query(
    `UPDATE users SET active = coalesce($2, active), roles = coalesce($3::jsonb, roles), name = coalesce($4, name),
                tokens_valid_after = CASE WHEN $2 = false AND active THEN now() ELSE tokens_valid_after END
          WHERE id = $1`,
    [id, c.active, c.roles ? JSON.stringify(c.roles) : null, c.name],
  );
}

export interface PrincipalRow {
  id: string;
  username: string;
  name: string;
  org_id: string;
  roles: string[];
  path: string;
  org_name: string;
}

/** The account a token names, if it is active and the token was issued (`iat`, seconds) after its last deactivation. */
export async function activePrincipal(q: Queryable, userId: string, iat: number): Promise<PrincipalRow | undefined> {
  const rows = (await q.query(
    `SELECT u.id, u.username, u.name, u.org_id, u.roles, o.path, o.name AS org_name
         FROM users u JOIN organisations o ON o.id = u.org_id
        WHERE u.id = $1 AND u.active AND (u.tokens_valid_after IS NULL OR to_timestamp($2) > date_trunc('second', u.tokens_valid_after))`,
    [userId, iat],
  )) as PrincipalRow[];
  return rows[0];
}

/** What a login checks: the account by username, with its password hash. */
export async function loginCandidate(
  q: Queryable,
  username: string,
): Promise<{ id: string; password_hash: string; active: boolean } | undefined> {
  const rows = (await q.query(`SELECT id, password_hash, active FROM users WHERE username = $1`, [username])) as Array<{
    id: string;
    password_hash: string;
    active: boolean;
  }>;
  return rows[0];
}

/** How many active accounts an organisation has. */
export async function activeUserCount(q: Queryable, orgId: string): Promise<number> {
  const [{ n }] = (await q.query(`SELECT count(*)::int AS n FROM users WHERE org_id = $1 AND active`, [orgId])) as Array<{ n: number }>;
  return n;
}

/** The organisation path of an account, or undefined. */
export async function userOrganisationPath(q: Queryable, userId: string): Promise<string | undefined> {
  const rows = (await q.query(`SELECT o.path FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.id = $1`, [userId])) as Array<{
    path: string;
  }>;
  return rows[0]?.path;
}

/** Active accounts of `orgId` among `ids` (lower case), with their names. */
export async function activeUsersAmong(q: Queryable, orgId: string, ids: readonly string[]): Promise<Array<{ id: string; name: string }>> {
  return (await q.query(`SELECT id, name FROM users WHERE org_id = $1 AND active AND id = ANY($2::uuid[])`, [orgId, ids])) as Array<{
    id: string;
    name: string;
  }>;
}
