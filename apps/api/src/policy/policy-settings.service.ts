import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { effectiveReminderPolicy, normaliseReminderPolicy, type ReminderPolicy } from '../../../../libs/domain/src/case/reminders';
import { getPolicyProfile } from '../../../../libs/domain/src/policy';
import { AuditService } from '../audit/audit.service';
import { effectiveDefencePeriod } from '../../../../libs/domain/src/case/periods';
import type { Period } from '../../../../libs/domain/src/calendar';
import type { Principal } from '../auth/principal';

/**
 * Reminder stages per policy profile (issue 7), stored in `policy_profile_settings`. An organisation's own stages
 * override them; without either a case runs on the product default. Applies to cases opened from now on: a running
 * case keeps the stages it started with (they are in its workflow input).
 */
@Injectable()
export class PolicySettingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The profile's own stages as stored (null: none). */
  private async stored(profile: string): Promise<unknown> {
    const [row]: Array<{ reminder_policy: unknown }> = await this.ds.query(`SELECT reminder_policy FROM policy_profile_settings WHERE profile = $1`, [profile]);
    return row?.reminder_policy ?? null;
  }

  async reminderPolicy(code: string) {
    const profile = getPolicyProfile(code).code; // 404 POLICY_PROFILE_UNKNOWN
    const [row]: Array<{ reminder_policy: unknown }> = await this.ds.query(`SELECT reminder_policy FROM policy_profile_settings WHERE profile = $1`, [profile]);
    const { policy, source } = effectiveReminderPolicy(null, row?.reminder_policy);
    return { policyProfile: profile, reminderPolicy: policy, source };
  }

  async setReminderPolicy(p: Principal, code: string, policy: ReminderPolicy) {
    const profile = getPolicyProfile(code).code;
    const clean = normaliseReminderPolicy(policy);
    const before = await this.stored(profile);
    await this.ds.query(
      `INSERT INTO policy_profile_settings (profile, reminder_policy, updated_at, updated_by) VALUES ($1, $2, now(), $3)
       ON CONFLICT (profile) DO UPDATE SET reminder_policy = EXCLUDED.reminder_policy, updated_at = now(), updated_by = EXCLUDED.updated_by`,
      [profile, JSON.stringify(clean), p.userId],
    );
    await this.audit.change('policy_profile_reminder_policy', profile, before, clean);
    return { policyProfile: profile, reminderPolicy: clean, source: 'policy_profile', appliesTo: 'cases opened from now on, in organisations without their own stages' };
  }

  async clearReminderPolicy(p: Principal, code: string) {
    const profile = getPolicyProfile(code).code;
    const before = await this.stored(profile);
    await this.ds.query(`UPDATE policy_profile_settings SET reminder_policy = NULL, updated_at = now(), updated_by = $2 WHERE profile = $1`, [profile, p.userId]);
    await this.audit.change('policy_profile_reminder_policy', profile, before, null);
    return this.reminderPolicy(profile);
  }

  /** Issue 17 point 12: the profile's defence period (003 art.27) for new cases of organisations without their own. */
  async defencePeriod(code: string) {
    const profile = getPolicyProfile(code);
    const [row]: Array<{ defence_period: unknown }> = await this.ds.query(`SELECT defence_period FROM policy_profile_settings WHERE profile = $1`, [profile.code]);
    const { period, source } = effectiveDefencePeriod(null, row?.defence_period, profile);
    return { policyProfile: profile.code, defencePeriod: period, source };
  }

  async setDefencePeriod(p: Principal, code: string, period: Period) {
    const profile = getPolicyProfile(code).code;
    const clean = { amount: period.amount, unit: period.unit };
    const before = await this.storedDefencePeriod(profile);
    await this.ds.query(
      `INSERT INTO policy_profile_settings (profile, defence_period, updated_at, updated_by) VALUES ($1, $2, now(), $3)
       ON CONFLICT (profile) DO UPDATE SET defence_period = EXCLUDED.defence_period, updated_at = now(), updated_by = EXCLUDED.updated_by`,
      [profile, JSON.stringify(clean), p.userId],
    );
    await this.audit.change('policy_profile_defence_period', profile, before, clean);
    return { policyProfile: profile, defencePeriod: clean, source: 'policy_profile', appliesTo: 'cases opened from now on, in organisations without their own period' };
  }

  async clearDefencePeriod(p: Principal, code: string) {
    const profile = getPolicyProfile(code).code;
    const before = await this.storedDefencePeriod(profile);
    await this.ds.query(`UPDATE policy_profile_settings SET defence_period = NULL, updated_at = now(), updated_by = $2 WHERE profile = $1`, [profile, p.userId]);
    await this.audit.change('policy_profile_defence_period', profile, before, null);
    return this.defencePeriod(profile);
  }

  /** The profile's own defence period as stored (null: none). */
  private async storedDefencePeriod(profile: string): Promise<unknown> {
    const [row]: Array<{ defence_period: unknown }> = await this.ds.query(`SELECT defence_period FROM policy_profile_settings WHERE profile = $1`, [profile]);
    return row?.defence_period ?? null;
  }
}
