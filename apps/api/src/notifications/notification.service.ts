import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { maskEmail } from '@libs/domain/src/notifications';
import { DomainError } from '@libs/domain/src/shared';
import { NotificationDelivery, NOTIFICATION_STATUSES, outbox } from '@libs/notifications/src';
import { AuditService } from '../audit/audit.service';
import { OrgScope } from '../auth/org-scope.service';
import type { Principal } from '../auth/principal';
import { CaseAccess } from '../cases/case-access.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export { NOTIFICATION_STATUSES };

/**
 * The outbox as supervisors and administrators see it: rows of cases in the caller's organisation subtree (the case's
 * handling organisation path, copied onto the row), minus cases the caller is denied. A reporter's address is shown
 * only to handlers of that case (003 art.46) and each such read is audited; everyone else gets it masked, and the
 * texts that could carry it (last error, server answer) with it masked too. Bodies never name the reporter.
 */
@Injectable()
export class NotificationService {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: OrgScope,
    private readonly access: CaseAccess,
    private readonly audit: AuditService,
    private readonly delivery: NotificationDelivery,
  ) {}

  /**
   * Re-sends a 'failed' or 'unknown' row now (one attempt). Integrity administrators of the case's handling
   * organisation, or a system administrator; a row outside the caller's subtree, or of a case the caller is denied,
   * is a 404. A row that is sent or being sent is a 409 and nothing goes out: the outbox claim makes a duplicate
   * impossible even when two re-sends (or a re-send and the activity's own retry) race.
   */
  async retry(p: Principal, id: string) {
    if (typeof id !== 'string' || !UUID.test(id))
      throw new DomainError('VALIDATION_FAILED', 'id: must be a notification id (UUID)', { field: 'id' });
    const row = await outbox.retryTarget(this.ds, id, p.userId);
    if (!row || row.org_path === null || !this.scope.sees(p, row.org_path) || row.denied)
      throw new DomainError('NOT_FOUND', 'notification not found');
    const ownOrg = row.handling_org_id !== null ? p.orgId === row.handling_org_id : p.orgPath === row.org_path;
    if (!p.roles.includes('system_admin') && !(p.roles.includes('integrity_admin') && ownOrg)) {
      throw new DomainError(
        'FORBIDDEN',
        'only integrity administrators of the handling organisation or a system administrator may re-send a notification',
      );
    }
    if (row.status === 'sent') {
      throw new DomainError('CONFLICT', `notification already sent at ${row.sent_at?.toISOString() ?? '(unknown time)'}; not sent again`, {
        status: row.status,
      });
    }
    if (row.status === 'skipped') {
      throw new DomainError(
        'CONFLICT',
        'notification was skipped: the deadline it reminds of no longer runs on that due date (skipReason); not sent',
        { status: row.status },
      );
    }
    if (row.status !== 'failed' && row.status !== 'unknown') {
      throw new DomainError(
        'CONFLICT',
        `notification is ${row.status}: it is being sent; only failed or unknown notifications can be re-sent`,
        { status: row.status },
      );
    }
    const beforeRow = await outbox.rowState(this.ds, row.id);
    const outcome = await this.delivery.resend(row.id);
    if (outcome === 'inFlight' || outcome === 'alreadySent') {
      throw new DomainError(
        'CONFLICT',
        outcome === 'alreadySent'
          ? 'notification already sent; not sent again'
          : 'notification is being sent by another attempt; not sent again',
        {
          status: outcome === 'alreadySent' ? 'sent' : 'sending',
        },
      );
    }
    const after = await outbox.rowState(this.ds, row.id);
    await this.audit.change(
      'notification',
      row.id,
      { status: beforeRow!.status, attempts: beforeRow!.attempts, lastError: beforeRow!.last_error },
      { status: after!.status, attempts: after!.attempts, lastError: after!.last_error, skipReason: after!.skip_reason },
    );
    const reveal =
      after!.audience !== 'reporter' ||
      (row.handling_org_id !== null && this.access.isHandler(p, { handling_org_id: row.handling_org_id }));
    const lastError =
      after!.last_error === null || reveal
        ? after!.last_error
        : after!.last_error.split(after!.recipient_email).join(maskEmail(after!.recipient_email));
    return {
      id: row.id,
      status: after!.status,
      attempts: after!.attempts,
      lastError,
      skipReason: after!.skip_reason,
      sentAt: after!.sent_at?.toISOString() ?? null,
    };
  }

  async list(p: Principal, q: { status?: string; caseId?: string; page?: string; pageSize?: string }) {
    const page = Number(q.page ?? 1);
    const pageSize = Number(q.pageSize ?? 50);
    const params: unknown[] = [p.orgPath, p.userId];
    const where = [this.scope.condition('n.org_path', 1), `(n.case_id IS NULL OR ${this.access.notDenied('n.case_id', 2)})`];
    if (q.status) {
      params.push(q.status);
      where.push(`n.status = $${params.length}`);
    }
    if (q.caseId) {
      const c = await this.access.findVisible(p, q.caseId); // 404 outside the subtree or when denied
      params.push(c.id);
      where.push(`n.case_id = $${params.length}`);
    }
    const rows = await outbox.listOutbox(this.ds, where, params, { limit: pageSize, offset: (page - 1) * pageSize });
    const revealed = new Set<string>();
    const items = rows.map((r) => {
      const reporter = r.audience === 'reporter';
      const reveal = !reporter || (r.handling_org_id !== null && this.access.isHandler(p, { handling_org_id: r.handling_org_id }));
      if (reporter && reveal && r.case_id) revealed.add(r.case_id);
      const hide = (s: string | null) => (s === null || reveal ? s : s.split(r.recipient_email).join(maskEmail(r.recipient_email)));
      return {
        id: r.id,
        caseId: r.case_id,
        caseNumber: r.case_number,
        template: r.kind,
        audience: r.audience,
        deadlineKind: r.deadline_kind,
        dueDate: r.due_date,
        stage: r.stage,
        recipient: {
          userId: r.recipient_user_id,
          username: r.recipient_username,
          email: reveal ? r.recipient_email : maskEmail(r.recipient_email),
          masked: !reveal,
        },
        subject: r.subject,
        body: r.body,
        locale: r.locale,
        messageId: r.message_id,
        status: r.status,
        attempts: r.attempts,
        lastError: hide(r.last_error),
        /** skipped: why the reminder was not sent (its deadline met, closed, suspended or moved meanwhile). */
        skipReason: r.skip_reason,
        smtpResponse: hide(r.smtp_response),
        createdAt: r.created_at.toISOString(),
        sentAt: r.sent_at?.toISOString() ?? null,
        nextAttemptAt: r.next_attempt_at?.toISOString() ?? null,
      };
    });
    for (const caseId of revealed) {
      await this.audit.record(p, { action: 'READ reporter identity (notification outbox)', outcome: 200, caseId });
    }
    return { items, total: rows[0]?.total ?? 0, page, pageSize };
  }
}
