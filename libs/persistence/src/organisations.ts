/**
 * The one writer of `organisations` besides the seed (seed.ts): the tree (created by the import), each
 * organisation's own reminder policy and defence period, and the reads of the tree.
 */
import type { OrgLevel } from '@libs/domain/src/shared';
import type { Queryable } from './queryable';
import { subtreeCondition } from './org-subtree';
import { settingColumn, type OpeningSetting } from './policy-profile-settings';

export interface OrgRow {
  id: string;
  name: string;
  level: string;
  parent_id: string | null;
  path: string;
  region_code: string;
  policy_profile: string;
}

/** An organisation as the import creates it. */
export interface NewOrganisation {
  id: string;
  name: string;
  level: OrgLevel;
  parentId: string;
  path: string;
  regionCode: string;
  policyProfile: string;
}

const COLUMNS = `id, name, level, parent_id, path, region_code, policy_profile`;

/** The organisations of a subtree (`orgPath` and below), top down (by depth, then region code); with `parentId` only
 *  that organisation's direct children. */
export async function organisationsOfSubtree(q: Queryable, orgPath: string, parentId?: string): Promise<OrgRow[]> {
  const params: unknown[] = [orgPath];
  let filter = subtreeCondition('path', 1);
  if (parentId !== undefined) {
    params.push(parentId);
    filter += ` AND parent_id = $2`;
  }
  return (await q.query(
    `SELECT ${COLUMNS} FROM organisations WHERE ${filter}
        ORDER BY length(path) - length(replace(path, '/', '')), region_code, id`,
    params,
  )) as OrgRow[];
}

export async function findOrganisation(q: Queryable, id: string): Promise<OrgRow | undefined> {
  const rows = (await q.query(`SELECT ${COLUMNS} FROM organisations WHERE id = $1`, [id])) as OrgRow[];
  return rows[0];
}

/** An organisation's id and path only. */
export async function findOrganisationPath(q: Queryable, id: string): Promise<{ id: string; path: string } | undefined> {
  const rows = (await q.query(`SELECT id, path FROM organisations WHERE id = $1`, [id])) as Array<{ id: string; path: string }>;
  return rows[0];
}

/** The organisations with any of the region codes. */
export async function organisationsByRegionCode(q: Queryable, codes: readonly string[]): Promise<OrgRow[]> {
  return (await q.query(
    `SELECT id, name, level, parent_id, path, region_code, policy_profile FROM organisations WHERE region_code = ANY($1::text[])`,
    [codes],
  )) as OrgRow[];
}

/** Held until the transaction ends: imports run one at a time, so two concurrent imports cannot both create the same
 *  region code. */
export async function lockOrganisationImport(q: Queryable): Promise<void> {
  await q.query(`SELECT pg_advisory_xact_lock(hashtext('organisations_import'))`);
}

/** New organisations, in one statement. */
export async function insertOrganisations(q: Queryable, created: readonly NewOrganisation[]): Promise<void> {
  await q.query(
    `INSERT INTO organisations (id, name, level, parent_id, path, region_code, policy_profile)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[])`,
    [
      created.map((o) => o.id),
      created.map((o) => o.name),
      created.map((o) => o.level),
      created.map((o) => o.parentId),
      created.map((o) => o.path),
      created.map((o) => o.regionCode),
      created.map((o) => o.policyProfile),
    ],
  );
}

/** An organisation's own value of a setting, its policy profile's value, and the profile (either value may be null). */
export interface SettingLayers {
  policy_profile: string;
  own: unknown;
  profile: unknown;
}

/** The organisation's own value of a setting and its policy profile's: what new cases of it open with. */
export async function settingLayers(q: Queryable, id: string, setting: OpeningSetting): Promise<SettingLayers | undefined> {
  const col = settingColumn(setting);
  const rows = (await q.query(
    `SELECT o.policy_profile, o.${col} AS own, s.${col} AS profile
         FROM organisations o LEFT JOIN policy_profile_settings s ON s.profile = o.policy_profile WHERE o.id = $1`,
    [id],
  )) as SettingLayers[];
  return rows[0];
}

/** The organisation's own value of a setting as stored (null: none of its own). */
export async function organisationSetting(q: Queryable, id: string, setting: OpeningSetting): Promise<unknown> {
  const col = settingColumn(setting);
  const [row] = (await q.query(`SELECT ${col} AS value FROM organisations WHERE id = $1`, [id])) as Array<{ value: unknown }>;
  return row?.value ?? null;
}

/** Sets (or with null, drops) the organisation's own value of a setting. */
export async function setOrganisationSetting(q: Queryable, id: string, setting: OpeningSetting, value: unknown): Promise<void> {
  const col = settingColumn(setting);
  if (value === null) await q.query(`UPDATE organisations SET ${col} = NULL WHERE id = $1`, [id]);
  else await q.query(`UPDATE organisations SET ${col} = $2 WHERE id = $1`, [id, JSON.stringify(value)]);
}

/** An organisation's level, or undefined. */
export async function organisationLevel(q: Queryable, id: string): Promise<string | undefined> {
  const rows = (await q.query(`SELECT level FROM organisations WHERE id = $1`, [id])) as Array<{ level: string }>;
  return rows[0]?.level;
}

/** An organisation's direct children, by region code and name. */
export async function childOrganisations(q: Queryable, parentId: string): Promise<Array<{ id: string; name: string; level: string }>> {
  return (await q.query(`SELECT id, name, level FROM organisations WHERE parent_id = $1 ORDER BY region_code, name, id`, [
    parentId,
  ])) as Array<{
    id: string;
    name: string;
    level: string;
  }>;
}

/** The names along a materialised path, root first. */
export async function organisationPathNames(q: Queryable, path: string): Promise<string[]> {
  const [row] = (await q.query(
    `SELECT ARRAY(SELECT o.name FROM unnest(string_to_array($1, '/')) WITH ORDINALITY AS x(id, i)
                      JOIN organisations o ON o.id = x.id::uuid ORDER BY x.i) AS names`,
    [path],
  )) as Array<{ names: string[] }>;
  return row?.names ?? [];
}

export type OrgNodeRow = Pick<OrgRow, 'id' | 'name' | 'level' | 'parent_id' | 'path'>;

/** An organisation's place in the tree (no settings), or undefined. */
export async function findOrganisationNode(q: Queryable, id: string): Promise<OrgNodeRow | undefined> {
  const rows = (await q.query(`SELECT id, name, level, parent_id, path FROM organisations WHERE id = $1`, [id])) as OrgNodeRow[];
  return rows[0];
}

/** An organisation's policy profile, or undefined. */
export async function organisationProfile(q: Queryable, id: string): Promise<string | undefined> {
  const rows = (await q.query(`SELECT policy_profile FROM organisations WHERE id = $1`, [id])) as Array<{ policy_profile: string }>;
  return rows[0]?.policy_profile;
}

/** An organisation with its review settings for problem papers (004 二(二) 预审; 002 正式函件). */
export interface OrgReviewRow {
  id: string;
  name: string;
  level: string;
  path: string;
  parent_id: string | null;
  region_code: string;
  pre_review: boolean;
  approval_letter_required: boolean;
}

const REVIEW_COLUMNS = `id, name, level, path, parent_id, region_code, pre_review, approval_letter_required`;

export async function findOrganisationWithReview(q: Queryable, id: string): Promise<OrgReviewRow | undefined> {
  const rows = (await q.query(`SELECT ${REVIEW_COLUMNS} FROM organisations WHERE id = $1`, [id])) as OrgReviewRow[];
  return rows[0];
}

/** An organisation's direct children with their review settings, by name. */
export async function childOrganisationsWithReview(q: Queryable, parentId: string): Promise<OrgReviewRow[]> {
  return (await q.query(`SELECT ${REVIEW_COLUMNS} FROM organisations WHERE parent_id = $1 ORDER BY name`, [parentId])) as OrgReviewRow[];
}

/** The organisations of `ids` (any order) with their review settings. */
export async function organisationsWithReview(q: Queryable, ids: readonly string[]): Promise<OrgReviewRow[]> {
  return (await q.query(`SELECT ${REVIEW_COLUMNS} FROM organisations WHERE id = ANY($1::uuid[])`, [ids])) as OrgReviewRow[];
}

/** Changes a commission's review settings (null keeps one). */
export async function setReviewSettings(
  q: Queryable,
  id: string,
  s: { preReview: boolean | null; approvalLetterRequired: boolean | null },
): Promise<void> {
  await q.query(
    `UPDATE organisations SET pre_review = COALESCE($2, pre_review), approval_letter_required = COALESCE($3, approval_letter_required) WHERE id = $1`,
    [id, s.preReview, s.approvalLetterRequired],
  );
}

/** Institutions of this very name (spaces ignored), at most two (a match must be unique). */
export async function institutionsNamed(q: Queryable, name: string): Promise<Array<{ id: string; name: string }>> {
  return (await q.query(
    `SELECT id, name FROM organisations WHERE level = 'institution' AND replace(name, ' ', '') = replace($1, ' ', '') ORDER BY id LIMIT 2`,
    [name],
  )) as Array<{ id: string; name: string }>;
}

/** An organisation's path and policy profile, or undefined. */
export async function organisationPathAndProfile(q: Queryable, id: string): Promise<{ path: string; policy_profile: string } | undefined> {
  const rows = (await q.query(`SELECT path, policy_profile FROM organisations WHERE id = $1`, [id])) as Array<{
    path: string;
    policy_profile: string;
  }>;
  return rows[0];
}

/** Whether an organisation with this id exists. */
export async function organisationExists(q: Queryable, id: string): Promise<{ id: string } | undefined> {
  const rows = (await q.query(`SELECT id FROM organisations WHERE id = $1`, [id])) as Array<{ id: string }>;
  return rows[0];
}

/** An organisation's path, or undefined. */
export async function organisationPath(q: Queryable, id: string): Promise<string | undefined> {
  const rows = (await q.query(`SELECT path FROM organisations WHERE id = $1`, [id])) as Array<{ path: string }>;
  return rows[0]?.path;
}

/** An organisation's level and policy profile, or undefined. */
export async function organisationLevelAndProfile(
  q: Queryable,
  id: string,
): Promise<{ id: string; level: string; policy_profile: string } | undefined> {
  const rows = (await q.query(`SELECT id, level, policy_profile FROM organisations WHERE id = $1`, [id])) as Array<{
    id: string;
    level: string;
    policy_profile: string;
  }>;
  return rows[0];
}
