import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { conform, NoticeCreateSchema, NoticePublishSchema, NoticeWithdrawSchema, type NoticeCreate } from '@libs/contract/src';
import {
  allowedNoticeActions,
  noticeFields,
  noticeRefusal,
  noticeTransition,
  withholdIdNumbers,
  type NoticeAction,
  type NoticeAuthor,
} from '@libs/domain/src/archive';
import { isDecisionInForce } from '@libs/domain/src/decision';
import { DomainError, validationFailed } from '@libs/domain/src/shared';
import { prefixPattern } from '@libs/persistence/src/like';
import {
  decisionForNotice,
  insertNotice,
  listNotices,
  moveNotice,
  noticeById,
  noticeOf,
  publicNotices,
  type NoticeRow,
} from '@libs/persistence/src/notices';
import { noteChange } from '../audit/audit.service';
import { OrgScope } from '../auth/org-scope.service';
import type { Principal } from '../auth/principal';
import { pageOf } from '../common/fields';

/**
 * Public notices of confirmed misconduct (通报, issue 22 point 6; 000 §3). Drawn from a decision in force by an integrity
 * administrator of the issuing organisation or one above it, published and withdrawn by them; the public list
 * (`GET /public/notices`, no authentication) shows published notices whose decision is still in force. A notice never
 * holds an ID number (libs/domain/src/archive/notice.ts).
 */
@Injectable()
export class NoticeService {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: OrgScope,
  ) {}

  async create(p: Principal, body: unknown) {
    requireAdmin(p);
    const b = conform<NoticeCreate>(NoticeCreateSchema, body);
    const d = await decisionForNotice(this.ds, b.decisionId);
    if (!d || !this.scope.sees(p, d.handling_org_path)) {
      throw validationFailed([
        { path: 'decisionId', rule: 'visible_decision', message: 'no decision of a case in your subtree has this id' },
      ]);
    }
    const author = (d.form.authors ?? []).find((a) => a.order === b.authorOrder);
    if (!author) throw validationFailed([{ path: 'authorOrder', rule: 'author', message: `the decision has no author ${b.authorOrder}` }]);
    const refusal = noticeRefusal(d, author);
    if (refusal)
      throw new DomainError('CONFLICT', refusal, {
        issues: [{ path: 'decisionId', rule: 'decision_in_force', article: '000 §3', message: refusal }],
      });
    const existing = await noticeOf(this.ds, d.id, author.order);
    if (existing) {
      throw new DomainError('CONFLICT', `a notice of this decision for author ${author.order} exists already (${existing.id})`, {
        issues: [{ path: 'authorOrder', rule: 'unique', message: `notice ${existing.id}` }],
      });
    }
    const fields = noticeFields(d.policy_profile, author);
    const id = randomUUID();
    await insertNotice(this.ds, {
      id,
      decisionId: d.id,
      caseId: d.case_id,
      authorOrder: author.order,
      issuingOrgId: d.handling_org_id,
      ...fields,
      decidedOn: d.effective_date!,
      title: withholdIdNumbers(b.title?.trim() || `关于${fields.personName}科研失信行为处理情况的通报`),
      body: b.body?.trim() ? withholdIdNumbers(b.body.trim()) : null,
      userId: p.userId,
    });
    const view = noticeView((await noticeById(this.ds, id))!);
    noteChange('notice', id, null, view);
    return view;
  }

  async get(p: Principal, id: string) {
    return noticeView(await this.visible(p, id));
  }

  async list(p: Principal, q: { status?: string; page?: string; pageSize?: string }, paging?: { page: number; pageSize: number }) {
    requireReader(p);
    const { page, pageSize } = paging ?? pageOf(q, 20);
    const { rows, total } = await listNotices(this.ds, {
      path: p.orgPath,
      pathLike: prefixPattern(`${p.orgPath}/`),
      status: q.status,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: rows.map(noticeView), total, page, pageSize };
  }

  /** Publish or withdraw (`action`), from the notice's current status (409 with the actions allowed otherwise). */
  async act(p: Principal, id: string, action: NoticeAction, body: unknown) {
    requireAdmin(p);
    const n = await this.visible(p, id);
    const b = conform<{ reason?: string }>(action === 'withdraw' ? NoticeWithdrawSchema : NoticePublishSchema, body ?? {});
    const to = noticeTransition(n.status, action);
    if (!to) {
      throw new DomainError('CONFLICT', `a ${n.status} notice cannot be ${action === 'publish' ? 'published' : 'withdrawn'}`, {
        status: n.status,
        allowedActions: allowedNoticeActions(n.status),
      });
    }
    if (action === 'publish' && !isDecisionInForce(n.decision_status)) {
      throw new DomainError('CONFLICT', `the decision is ${n.decision_status}: only a decision in force is announced (000 §3)`, {
        status: n.status,
        allowedActions: allowedNoticeActions(n.status).filter((a) => a !== 'publish'),
      });
    }
    const moved = await moveNotice(this.ds, {
      id: n.id,
      from: n.status,
      version: n.version,
      to: to as 'published' | 'withdrawn',
      userId: p.userId,
      reason: b.reason?.trim() ?? null,
    });
    if (!moved) throw new DomainError('CONFLICT', 'the notice changed meanwhile: read it again', { status: n.status });
    const after = noticeView((await noticeById(this.ds, id))!);
    noteChange(
      'notice',
      id,
      { status: n.status, withdrawReason: n.withdraw_reason },
      { status: after.status, withdrawReason: after.withdrawReason },
    );
    return after;
  }

  /** Published notices whose decision is in force, newest first: no authentication, no ID number, no case number. */
  async publicList(q: { page?: string; pageSize?: string }) {
    const { page, pageSize } = pageOf(q, 20);
    const { rows, total } = await publicNotices(this.ds, { limit: pageSize, offset: (page - 1) * pageSize });
    return { items: rows.map(publicView), total, page, pageSize };
  }

  private async visible(p: Principal, id: string): Promise<NoticeRow> {
    requireReader(p);
    const n = await noticeById(this.ds, id);
    if (!n || !this.scope.sees(p, n.org_path)) throw new DomainError('NOT_FOUND', 'notice not found');
    return n;
  }
}

/** [decision] Notices are drawn, published and withdrawn by integrity administrators (of the issuing organisation or above). */
function requireAdmin(p: Principal): void {
  if (!p.roles.includes('integrity_admin'))
    throw new DomainError('FORBIDDEN', 'notices are drawn, published and withdrawn by integrity administrators');
}

function requireReader(p: Principal): void {
  if (!p.roles.some((r) => ['integrity_admin', 'supervisor', 'system_admin', 'unit_head'].includes(r))) {
    throw new DomainError(
      'FORBIDDEN',
      'notices are read by integrity administrators, supervisors, unit heads and system administrators (the published ones by anyone: GET /public/notices)',
    );
  }
}

function publicView(n: NoticeRow) {
  return {
    id: n.id,
    title: n.title,
    personName: n.person_name,
    unit: n.unit,
    misconduct: n.misconduct,
    measures: n.measures,
    issuingOrg: n.issuing_org_name,
    decidedOn: n.decided_on,
    body: n.body,
    publishedAt: n.published_at ? n.published_at.toISOString() : null,
  };
}

export function noticeView(n: NoticeRow) {
  return {
    ...publicView(n),
    caseNumber: n.case_number,
    decisionId: n.decision_id,
    decisionStatus: n.decision_status,
    authorOrder: n.author_order,
    status: n.status,
    public: n.status === 'published' && isDecisionInForce(n.decision_status),
    withdrawnAt: n.withdrawn_at ? n.withdrawn_at.toISOString() : null,
    withdrawReason: n.withdraw_reason,
    allowedActions: allowedNoticeActions(n.status).filter((a) => a !== 'publish' || isDecisionInForce(n.decision_status)),
    createdAt: n.created_at.toISOString(),
  };
}
