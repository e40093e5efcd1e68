import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { effectiveReminderPolicy, normaliseReminderPolicy, type ReminderPolicy } from '@libs/domain/src/case/reminders';
import { getPolicyProfile } from '@libs/domain/src/policy';
import { AuditService } from '../audit/audit.service';
import { effectiveDefencePeriod } from '@libs/domain/src/case/periods';
import type { Period } from '@libs/domain/src/calendar';
import type { Principal } from '../auth/principal';
import { profileSetting, setProfileSetting, type OpeningSetting } from '@libs/persistence/src/policy-profile-settings';

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

  async reminderPolicy(code: string) {
    const profile = getPolicyProfile(code).code; // 404 POLICY_PROFILE_UNKNOWN
    const { policy, source } = effectiveReminderPolicy(null, await profileSetting(this.ds, profile, 'reminder_policy'));
    return { policyProfile: profile, reminderPolicy: policy, source };
  }

  async setReminderPolicy(p: Principal, code: string, policy: ReminderPolicy) {
    const profile = getPolicyProfile(code).code;
    const clean = normaliseReminderPolicy(policy);
    await this.replace(p, profile, 'reminder_policy', clean);
    return {
      policyProfile: profile,
      reminderPolicy: clean,
      source: 'policy_profile',
      appliesTo: 'cases opened from now on, in organisations without their own stages',
    };
  }

  async clearReminderPolicy(p: Principal, code: string) {
    const profile = getPolicyProfile(code).code;
    await this.replace(p, profile, 'reminder_policy', null);
    return this.reminderPolicy(profile);
  }

  /** Issue 17 point 12: the profile's defence period (003 art.27) for new cases of organisations without their own. */
  async defencePeriod(code: string) {
    const profile = getPolicyProfile(code);
    const { period, source } = effectiveDefencePeriod(null, await profileSetting(this.ds, profile.code, 'defence_period'), profile);
    return { policyProfile: profile.code, defencePeriod: period, source };
  }

  async setDefencePeriod(p: Principal, code: string, period: Period) {
    const profile = getPolicyProfile(code).code;
    const clean = { amount: period.amount, unit: period.unit };
    await this.replace(p, profile, 'defence_period', clean);
    return {
      policyProfile: profile,
      defencePeriod: clean,
      source: 'policy_profile',
      appliesTo: 'cases opened from now on, in organisations without their own period',
    };
  }

  async clearDefencePeriod(p: Principal, code: string) {
    const profile = getPolicyProfile(code).code;
    await this.replace(p, profile, 'defence_period', null);
    return this.defencePeriod(profile);
  }

  /** Stores (null: drops) the profile's own value of a setting; the change is audited with before and after
   *  (`policy_profile_reminder_policy`, `policy_profile_defence_period`). */
  private async replace(p: Principal, profile: string, setting: OpeningSetting, value: unknown): Promise<void> {
    const before = await profileSetting(this.ds, profile, setting);
    await setProfileSetting(this.ds, profile, setting, value, p.userId);
    await this.audit.change(`policy_profile_${setting}`, profile, before, value);
  }
}
