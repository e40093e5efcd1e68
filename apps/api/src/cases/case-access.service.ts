import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../../../../libs/domain/src/shared';
import { noteChange } from '../audit/audit.service';
import { allowCaseAccess, denyCaseAccess } from '../../../../libs/persistence/src/case-access-denials';
import { OrgScope } from '../auth/org-scope.service';
import type { Principal } from '../auth/principal';

export interface CaseRow {
  id: string;
  number: string;
  title: string;
  source: string;
  handling_org_id: string;
  handling_org_path: string;
  policy_profile: string;
  received_at: string;
  phase: string;
  version: number;
  details: Record<string, unknown>;
  next_due_date: string | null;
  overdue: boolean;
  created_at: Date;
  /** The handling organisation has no active account: its supervising commission enters for it (002). */
  no_accounts?: boolean;
  /** Actions the case allows now (any role), as last projected; null for rows projected before the column existed. */
  allowed_actions?: string[] | null;
  /** Why actions of the phase that are not allowed now are refused, as last projected (libs/domain `blockedActions`). */
  blocked_actions?: Record<string, string> | null;
  /** Issue 17: the organisation hearing the appeal (once applied for), who transferred the case, a lead unit, and the
   *  cases at either end of a transfer. */
  appeal_org_id?: string | null;
  /** The handling organisation's level and parent (the appeal authority is resolved from them). */
  handling_level?: string;
  handling_parent_id?: string | null;
  transferred_by?: Record<string, unknown> | null;
  lead_unit?: Record<string, unknown> | null;
  transferred_from?: { caseId: string; number: string; orgId: string } | null;
  transferred_to?: { caseId: string; number: string; orgId: string } | null;
}

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
    const column = UUID.test(idOrNumber) ? 'c.id' : 'c.number';
    const rows: CaseRow[] = await this.ds.query(
      `SELECT c.id, c.number, c.title, c.source, c.handling_org_id, c.handling_org_path, c.policy_profile,
              to_char(c.received_at, 'YYYY-MM-DD') AS received_at, c.phase, c.version, c.details,
              to_char(c.next_due_date, 'YYYY-MM-DD') AS next_due_date, c.overdue, c.created_at, c.allowed_actions, c.blocked_actions,
              NOT EXISTS (SELECT 1 FROM users u WHERE u.org_id = c.handling_org_id AND u.active) AS no_accounts,
              c.appeal_org_id, c.transferred_by, c.lead_unit, ho.level AS handling_level, ho.parent_id AS handling_parent_id,
              (SELECT json_build_object('caseId', f.id, 'number', f.number, 'orgId', f.handling_org_id) FROM cases f WHERE f.id = c.transferred_from_case_id) AS transferred_from,
              (SELECT json_build_object('caseId', t.id, 'number', t.number, 'orgId', t.handling_org_id) FROM cases t WHERE t.transferred_from_case_id = c.id) AS transferred_to
         FROM cases c JOIN organisations ho ON ho.id = c.handling_org_id
        WHERE ${column} = $1 AND ${this.notDenied('c.id', 2)}`,
      [idOrNumber, p.userId],
    );
    const row = rows[0];
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
    return `NOT EXISTS (SELECT 1 FROM case_access_denials d WHERE d.case_id = ${caseIdColumn} AND d.user_id = $${n})`;
  }

  async deny(p: Principal, idOrNumber: string, userId: string, reason: string) {
    const row = await this.findVisible(p, idOrNumber);
    this.requireAdminOf(p, row);
    if (userId === p.userId) throw new DomainError('VALIDATION_FAILED', 'userId: you cannot put yourself on the denied list', { field: 'userId' });
    const users: Array<{ path: string }> = await this.ds.query(
      `SELECT o.path FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.id = $1`,
      [userId],
    );
    if (!users[0]) throw new DomainError('VALIDATION_FAILED', 'userId: no such user', { field: 'userId' });
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
  private async denial(caseId: string, userId: string): Promise<{ caseId: string; userId: string; reason: string; createdBy: string } | null> {
    const [d]: Array<{ reason: string; created_by: string }> = await this.ds.query(
      `SELECT reason, created_by FROM case_access_denials WHERE case_id = $1 AND user_id = $2`,
      [caseId, userId],
    );
    return d ? { caseId, userId, reason: d.reason, createdBy: d.created_by } : null;
  }

  async denials(p: Principal, idOrNumber: string) {
    const row = await this.findVisible(p, idOrNumber);
    this.requireAdminOf(p, row);
    const rows: Array<{ user_id: string; username: string; reason: string; created_at: Date }> = await this.ds.query(
      `SELECT d.user_id, u.username, d.reason, d.created_at FROM case_access_denials d JOIN users u ON u.id = d.user_id
        WHERE d.case_id = $1 ORDER BY d.created_at`,
      [row.id],
    );
    return rows.map((r) => ({ userId: r.user_id, username: r.username, reason: r.reason, since: r.created_at.toISOString() }));
  }

  private requireAdminOf(p: Principal, row: CaseRow): void {
    if (!(p.orgId === row.handling_org_id && p.roles.includes('integrity_admin'))) {
      throw new DomainError('FORBIDDEN', "the denied-access list is kept by the handling organisation's integrity administrators");
    }
  }
}
