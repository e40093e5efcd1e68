/**
 * What every new case is opened with, read in one place for the three ways a case opens (registration through the
 * API, a problem paper reaching an institution, a transfer from another organisation): the handling organisation, its
 * policy profile, its reminder stages and its defence period (organisation over profile setting over default), and the
 * calendar snapshot. The workflow never reads the database; this is what goes into its input.
 */
import type { Period } from '@libs/domain/src/calendar';
import { effectiveDefencePeriod, effectiveReminderPolicy, type PeriodSource, type ReminderPolicy } from '@libs/domain/src/case';
import { getPolicyProfile, type PolicyProfile } from '@libs/domain/src/policy';

export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface OpeningOrg {
  id: string;
  name: string;
  path: string;
  level: string;
  parentId: string | null;
  profile: PolicyProfile;
  /** Absent: the product default (DEFAULT_REMINDER_POLICY). */
  reminderPolicy?: ReminderPolicy;
  defencePeriod: Period;
  defencePeriodSource: PeriodSource;
}

/** The organisation a case opens at, with the settings the case fixes; undefined when there is no such organisation. */
export async function openingOrg(q: Queryable, orgId: string): Promise<OpeningOrg | undefined> {
  const rows = (await q.query(
    `SELECT o.id, o.name, o.path, o.level, o.parent_id, o.policy_profile, o.reminder_policy, o.defence_period,
            s.reminder_policy AS profile_reminder_policy, s.defence_period AS profile_defence_period
       FROM organisations o LEFT JOIN policy_profile_settings s ON s.profile = o.policy_profile
      WHERE o.id = $1`,
    [orgId],
  )) as Array<{
    id: string;
    name: string;
    path: string;
    level: string;
    parent_id: string | null;
    policy_profile: string;
    reminder_policy: unknown;
    defence_period: unknown;
    profile_reminder_policy: unknown;
    profile_defence_period: unknown;
  }>;
  const o = rows[0];
  if (!o) return undefined;
  const profile = getPolicyProfile(o.policy_profile);
  const reminders = effectiveReminderPolicy(o.reminder_policy, o.profile_reminder_policy);
  const defence = effectiveDefencePeriod(o.defence_period, o.profile_defence_period, profile);
  return {
    id: o.id,
    name: o.name,
    path: o.path,
    level: o.level,
    parentId: o.parent_id,
    profile,
    ...(reminders.source === 'default' ? {} : { reminderPolicy: reminders.policy }),
    defencePeriod: defence.period,
    defencePeriodSource: defence.source,
  };
}
