import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { effectiveReminderPolicy, normaliseReminderPolicy, type ReminderPolicy } from '../../../../libs/domain/src/case/reminders';
import { getPolicyProfile } from '../../../../libs/domain/src/policy';
import { AuditService } from '../audit/audit.service';
import { effectiveDefencePeriod } from '../../../../libs/domain/src/case/periods';
import type { Period } from '../../../../libs/domain/src/calendar';
import type { Principal } from '../auth/principal';
import { profileDefencePeriod, profileReminderPolicy, setProfileDefencePeriod, setProfileReminderPolicy } from '../../../../libs/persistence/src/policy-profile-settings';

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
  private stored(profile: string): Promise<unknown> {
    return profileReminderPolicy(this.ds, profile);
  }

  async reminderPolicy(code: string) {
    const profile = getPolicyProfile(code).code; // 404 POLICY_PROFILE_UNKNOWN
    const { policy, source } = effectiveReminderPolicy(null, await profileReminderPolicy(this.ds, profile));
    return { policyProfile: profile, reminderPolicy: policy, source };
  }

  async setReminderPolicy(p: Principal, code: string, policy: ReminderPolicy) {
    const profile = getPolicyProfile(code).code;
    const clean = normaliseReminderPolicy(policy);
    const before = await this.stored(profile);
    await setProfileReminderPolicy(this.ds, profile, clean, p.userId);
    await this.audit.change('policy_profile_reminder_policy', profile, before, clean);
    return { policyProfile: profile, reminderPolicy: clean, source: 'policy_profile', appliesTo: 'cases opened from now on, in organisations without their own stages' };
  }

  async clearReminderPolicy(p: Principal, code: string) {
    const profile = getPolicyProfile(code).code;
    const before = await this.stored(profile);
    await setProfileReminderPolicy(this.ds, profile, null, p.userId);
    await this.audit.change('policy_profile_reminder_policy', profile, before, null);
    return this.reminderPolicy(profile);
  }

  /** Issue 17 point 12: the profile's defence period (003 art.27) for new cases of organisations without their own. */
  async defencePeriod(code: string) {
    const profile = getPolicyProfile(code);
    const { period, source } = effectiveDefencePeriod(null, await profileDefencePeriod(this.ds, profile.code), profile);
    return { policyProfile: profile.code, defencePeriod: period, source };
  }

  async setDefencePeriod(p: Principal, code: string, period: Period) {
    const profile = getPolicyProfile(code).code;
    const clean = { amount: period.amount, unit: period.unit };
    const before = await this.storedDefencePeriod(profile);
    await setProfileDefencePeriod(this.ds, profile, clean, p.userId);
    await this.audit.change('policy_profile_defence_period', profile, before, clean);
    return { policyProfile: profile, defencePeriod: clean, source: 'policy_profile', appliesTo: 'cases opened from now on, in organisations without their own period' };
  }

  async clearDefencePeriod(p: Principal, code: string) {
    const profile = getPolicyProfile(code).code;
    const before = await this.storedDefencePeriod(profile);
    await setProfileDefencePeriod(this.ds, profile, null, p.userId);
    await this.audit.change('policy_profile_defence_period', profile, before, null);
    return this.defencePeriod(profile);
  }

  /** The profile's own defence period as stored (null: none). */
  private storedDefencePeriod(profile: string): Promise<unknown> {
    return profileDefencePeriod(this.ds, profile);
  }
}
