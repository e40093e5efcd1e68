/**
 * The one writer of `policy_profile_settings` (issue 7, issue 17 point 12): a policy profile's own reminder stages and
 * defence period, for new cases of organisations without their own.
 */
import type { Queryable } from './queryable';

/** The profile's own reminder stages as stored (null: none). */
export async function profileReminderPolicy(q: Queryable, profile: string): Promise<unknown> {
  const [row] = (await q.query(`SELECT reminder_policy FROM policy_profile_settings WHERE profile = $1`, [profile])) as Array<{ reminder_policy: unknown }>;
  return row?.reminder_policy ?? null;
}

/** The profile's own defence period as stored (null: none). */
export async function profileDefencePeriod(q: Queryable, profile: string): Promise<unknown> {
  const [row] = (await q.query(`SELECT defence_period FROM policy_profile_settings WHERE profile = $1`, [profile])) as Array<{ defence_period: unknown }>;
  return row?.defence_period ?? null;
}

/** Sets the profile's reminder stages (null: drops them), noting who and when. */
export async function setProfileReminderPolicy(q: Queryable, profile: string, policy: unknown, userId: string): Promise<void> {
  if (policy === null) {
    await q.query(`UPDATE policy_profile_settings SET reminder_policy = NULL, updated_at = now(), updated_by = $2 WHERE profile = $1`, [profile, userId]);
    return;
  }
  await q.query(
    `INSERT INTO policy_profile_settings (profile, reminder_policy, updated_at, updated_by) VALUES ($1, $2, now(), $3)
       ON CONFLICT (profile) DO UPDATE SET reminder_policy = EXCLUDED.reminder_policy, updated_at = now(), updated_by = EXCLUDED.updated_by`,
    [profile, JSON.stringify(policy), userId],
  );
}

/** Sets the profile's defence period (null: drops it), noting who and when. */
export async function setProfileDefencePeriod(q: Queryable, profile: string, period: unknown, userId: string): Promise<void> {
  if (period === null) {
    await q.query(`UPDATE policy_profile_settings SET defence_period = NULL, updated_at = now(), updated_by = $2 WHERE profile = $1`, [profile, userId]);
    return;
  }
  await q.query(
    `INSERT INTO policy_profile_settings (profile, defence_period, updated_at, updated_by) VALUES ($1, $2, now(), $3)
       ON CONFLICT (profile) DO UPDATE SET defence_period = EXCLUDED.defence_period, updated_at = now(), updated_by = EXCLUDED.updated_by`,
    [profile, JSON.stringify(period), userId],
  );
}
