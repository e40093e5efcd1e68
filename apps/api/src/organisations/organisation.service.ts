import { effectiveReminderPolicy, normaliseReminderPolicy, type ReminderPolicy } from '@libs/domain/src/case/reminders';
import { effectiveDefencePeriod } from '@libs/domain/src/case/periods';
import type { Period } from '@libs/domain/src/calendar';
import { getPolicyProfile } from '@libs/domain/src/policy';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@libs/domain/src/shared';
import { AuditService } from '../audit/audit.service';
import { OrgScope } from '../auth/org-scope.service';
import type { Principal } from '../auth/principal';
import type { OrganisationView } from './organisation.view';
import { orgMembers } from '@libs/persistence/src/org-members';
import type { OrgMember } from '@libs/contract/src';
import {
  findOrganisation,
  organisationSetting,
  organisationsOfSubtree,
  setOrganisationSetting,
  settingLayers,
  type OrgRow,
} from '@libs/persistence/src/organisations';
import type { OpeningSetting } from '@libs/persistence/src/policy-profile-settings';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The organisation tree as each caller may see it: its own organisation and its descendants (RULES.md §1). */
@Injectable()
export class OrganisationService {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: OrgScope,
    private readonly audit: AuditService,
  ) {}

  /** Flat, top down (by depth, then region code). With `parentId`: only that organisation's direct children. */
  async list(p: Principal, parentId?: string): Promise<OrganisationView[]> {
    if (parentId !== undefined) await this.get(p, parentId);
    const rows = await organisationsOfSubtree(this.ds, p.orgPath, parentId);
    return rows.map(view);
  }

  /** 404 for anything outside the caller's subtree, so existence does not leak. */
  async get(p: Principal, id: string): Promise<OrganisationView> {
    const row = UUID.test(id) ? await findOrganisation(this.ds, id) : undefined;
    if (!row || !this.scope.sees(p, row.path)) throw new DomainError('NOT_FOUND', 'organisation not found');
    return view(row);
  }

  /**
   * The active accounts of one organisation, id, name and roles only (issue 24: the workbench's staff pickers such as
   * `checkedBy`, 001 art.14). Any account may list its own organisation's; a system_admin any organisation of its
   * subtree; anyone else 403 for an organisation of the subtree, 404 outside it. Every read is audited (who listed
   * which organisation's staff), as the other reads of personal data are.
   */
  async members(p: Principal, id: string, role?: string): Promise<OrgMember[]> {
    const org = await this.get(p, id);
    if (org.id !== p.orgId && !p.roles.includes('system_admin')) {
      throw new DomainError('FORBIDDEN', "only an organisation's own accounts (or a system_admin above it) may list its staff", {
        requiredRoles: ['system_admin'],
      });
    }
    const rows = await orgMembers(this.ds, org.id, role);
    await this.audit.record(p, {
      action: 'READ organisation members',
      outcome: 200,
      details: { orgId: org.id, role: role ?? null, count: rows.length },
    });
    return rows.map((r) => ({ id: r.id, name: r.name, roles: r.roles as OrgMember['roles'] }));
  }

  async setReminderPolicy(p: Principal, id: string, policy: ReminderPolicy) {
    await this.get(p, id); // 404 outside the caller's subtree
    const clean = normaliseReminderPolicy(policy);
    await this.replace(id, 'reminder_policy', clean);
    return { organisationId: id, reminderPolicy: clean, source: 'organisation', appliesTo: 'cases opened from now on' };
  }

  /** The stages new cases of the organisation get, and where they come from (organisation, policy profile, default). */
  async reminderPolicy(p: Principal, id: string) {
    await this.get(p, id);
    const row = await settingLayers(this.ds, id, 'reminder_policy');
    const { policy, source } = effectiveReminderPolicy(row?.own, row?.profile);
    return { organisationId: id, reminderPolicy: policy, source };
  }

  /** Drops the organisation's own stages: its new cases follow its policy profile's (or the default). */
  async clearReminderPolicy(p: Principal, id: string) {
    await this.get(p, id);
    await this.replace(id, 'reminder_policy', null);
    return this.reminderPolicy(p, id);
  }

  /** Issue 17 point 12: the organisation's own defence period (003 art.27) for cases opened from now on. */
  async setDefencePeriod(p: Principal, id: string, period: Period) {
    await this.get(p, id);
    const clean = { amount: period.amount, unit: period.unit };
    await this.replace(id, 'defence_period', clean);
    return { organisationId: id, defencePeriod: clean, source: 'organisation', appliesTo: 'cases opened from now on' };
  }

  /** The defence period new cases of the organisation open with, and where it comes from. */
  async defencePeriod(p: Principal, id: string) {
    await this.get(p, id);
    const row = await settingLayers(this.ds, id, 'defence_period');
    const { period, source } = effectiveDefencePeriod(row?.own, row?.profile, getPolicyProfile(row!.policy_profile));
    return { organisationId: id, defencePeriod: period, source };
  }

  async clearDefencePeriod(p: Principal, id: string) {
    await this.get(p, id);
    await this.replace(id, 'defence_period', null);
    return this.defencePeriod(p, id);
  }

  /** Stores (null: drops) the organisation's own value of a setting; the change is audited with before and after
   *  (`organisation_reminder_policy`, `organisation_defence_period`). */
  private async replace(id: string, setting: OpeningSetting, value: unknown): Promise<void> {
    const before = await organisationSetting(this.ds, id, setting);
    await setOrganisationSetting(this.ds, id, setting, value);
    await this.audit.change(`organisation_${setting}`, id, before, value);
  }
}

export function view(r: OrgRow): OrganisationView {
  return {
    id: r.id,
    name: r.name,
    level: r.level as OrganisationView['level'],
    parentId: r.parent_id,
    regionCode: r.region_code,
    policyProfile: r.policy_profile,
    path: r.path,
  };
}
