/**
 * The one writer of `policy_profile_settings` (issue 7, issue 17 point 12): a policy profile's own reminder stages and
 * defence period, for new cases of organisations without their own.
 */
import type { Queryable } from './queryable';

/**
 * The settings new cases open with, one JSON column each in `policy_profile_settings` and in `organisations` (an
 * organisation's own overrides its profile's): the reminder stages (issue 7) and the defence period (003 art.27).
 */
export const OPENING_SETTINGS = ['reminder_policy', 'defence_period'] as const;
export type OpeningSetting = (typeof OPENING_SETTINGS)[number];

/** The column of a setting; refuses anything else, as the name is written into SQL. */
export function settingColumn(setting: OpeningSetting): string {
  if (!OPENING_SETTINGS.includes(setting)) throw new Error(`not an opening setting: ${String(setting)}`);
  return setting;
}

/** The profile's own value of a setting as stored (null: none). */
export async function profileSetting(q: Queryable, profile: string, setting: OpeningSetting): Promise<unknown> {
  const col = settingColumn(setting);
  const [row] = (await q.query(`SELECT ${col} AS value FROM policy_profile_settings WHERE profile = $1`, [profile])) as Array<{
    value: unknown;
  }>;
  return row?.value ?? null;
}

/** Sets the profile's value of a setting (null: drops it), noting who and when. */
export async function setProfileSetting(
  q: Queryable,
  profile: string,
  setting: OpeningSetting,
  value: unknown,
  userId: string,
): Promise<void> {
  const col = settingColumn(setting);
  if (value === null) {
    await q.query(`UPDATE policy_profile_settings SET ${col} = NULL, updated_at = now(), updated_by = $2 WHERE profile = $1`, [
      profile,
      userId,
    ]);
    return;
  }
  await q.query(
    `INSERT INTO policy_profile_settings (profile, ${col}, updated_at, updated_by) VALUES ($1, $2, now(), $3)
       ON CONFLICT (profile) DO UPDATE SET ${col} = EXCLUDED.${col}, updated_at = now(), updated_by = EXCLUDED.updated_by`,
    [profile, JSON.stringify(value), userId],
  );
}
