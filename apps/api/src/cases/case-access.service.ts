import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@libs/domain/src/shared';
import { noteChange } from '../audit/audit.service';
import {
  allowCaseAccess,
  caseAccessDenial,
  caseAccessDenials,
  denyCaseAccess,
  notDeniedCondition,
} from '@libs/persistence/src/case-access-denials';
import { findCaseFor, type CaseRow } from '@libs/persistence/src/cases';
import { userOrganisationPath } from '@libs/persistence/src/users';
import { OrgScope } from '../auth/org-scope.service';
import type { Principal } from '../auth/principal';

export type { CaseRow };

/**
 * Who may see a case, in one place below every controller: the caller's organisation subtree (RULES.md §1), minus the
 * case's denied-access list (recusal, RULES.md §7, 003 art.45). Anything else answers 404, so existence does not leak,
 * and a denied user is not told why.
 *
 * Handlers [decision]: users of the handling organisation itself holding a handling role. Only they see reporter
 * identity and report materials (003 art.46); supervisors and commissions above see the case without them.
 */
export const HANDLING_ROLES = ['integrity_admin', 'case_officer', 'investigator', 'unit_head'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A case number (libs/persistence/src/case-numbers.ts): anything else cannot name a case. */
const CASE_NUMBER = /^[A-Z]{2}-\d{4}-\d{6,9}$/;

@Injectable()
export class CaseAccess {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: OrgScope,
  ) {}

  async findVisible(p: Principal, idOrNumber: string): Promise<CaseRow> {
    if (!UUID.test(idOrNumber) && !CASE_NUMBER.test(idOrNumber)) throw new DomainError('NOT_FOUND', 'case not found');
    const row = await findCaseFor(this.ds, UUID.test(idOrNumber) ? 'id' : 'number', idOrNumber, p.userId);
    if (!row || !this.scope.sees(p, row.handling_org_path)) throw new DomainError('NOT_FOUND', 'case not found');
    return row;
  }

  isHandler(p: Principal, row: Pick<CaseRow, 'handling_org_id'> & Partial<Pick<CaseRow, 'handling_org_path' | 'no_accounts'>>): boolean {
    return (p.orgId === row.handling_org_id && p.roles.some((r) => HANDLING_ROLES.includes(r))) || this.entersFor(p, row);
  }

  /**
   * An institution without accounts has its results entered by its supervising commission's integrity administrator
   * (RULES.md §1, 002): such an administrator above the handling organisation acts as its handler; the actor then
   * carries `onBehalfOf` so the timeline shows who entered what for whom.
   */
  entersFor(p: Principal, row: Pick<CaseRow, 'handling_org_id'> & Partial<Pick<CaseRow, 'handling_org_path' | 'no_accounts'>>): boolean {
    return (
      row.no_accounts === true &&
      p.orgId !== row.handling_org_id &&
      p.roles.includes('integrity_admin') &&
      row.handling_org_path !== undefined &&
      row.handling_org_path.startsWith(`${p.orgPath}/`)
    );
  }

  /** SQL condition excluding cases the user `$n` is denied. */
  notDenied(caseIdColumn: string, n: number): string {
    return notDeniedCondition(caseIdColumn, n);
  }

  async deny(p: Principal, idOrNumber: string, userId: string, reason: string) {
    const row = await this.findVisible(p, idOrNumber);
    this.requireAdminOf(p, row);
    if (userId === p.userId)
      throw new DomainError('VALIDATION_FAILED', 'userId: you cannot put yourself on the denied list', { field: 'userId' });
    if ((await userOrganisationPath(this.ds, userId)) === undefined)
      throw new DomainError('VALIDATION_FAILED', 'userId: no such user', { field: 'userId' });
    const before = await this.denial(row.id, userId);
    await denyCaseAccess(this.ds, { caseId: row.id, userId, reason, createdBy: p.userId });
    noteChange('case_access_denial', `${row.id}/${userId}`, before, await this.denial(row.id, userId));
    return this.denials(p, row.id);
  }

  async allow(p: Principal, idOrNumber: string, userId: string) {
    const row = await this.findVisible(p, idOrNumber);
    this.requireAdminOf(p, row);
    const before = /^[0-9a-f-]{36}$/i.test(userId) ? await this.denial(row.id, userId) : null;
    await allowCaseAccess(this.ds, { caseId: row.id, userId });
    noteChange('case_access_denial', `${row.id}/${userId}`, before, null);
    return this.denials(p, row.id);
  }

  /** One entry of a case's denied-access list as stored, for the audit trail's before/after. */
  private async denial(
    caseId: string,
    userId: string,
  ): Promise<{ caseId: string; userId: string; reason: string; createdBy: string } | null> {
    const d = await caseAccessDenial(this.ds, caseId, userId);
    return d ? { caseId, userId, reason: d.reason, createdBy: d.created_by } : null;
  }

  async denials(p: Principal, idOrNumber: string) {
    const row = await this.findVisible(p, idOrNumber);
    this.requireAdminOf(p, row);
    const rows = await caseAccessDenials(this.ds, row.id);
    return rows.map((r) => ({ userId: r.user_id, username: r.username, reason: r.reason, since: r.created_at.toISOString() }));
  }

  private requireAdminOf(p: Principal, row: CaseRow): void {
    if (!(p.orgId === row.handling_org_id && p.roles.includes('integrity_admin'))) {
      throw new DomainError('FORBIDDEN', "the denied-access list is kept by the handling organisation's integrity administrators");
    }
  }
}
