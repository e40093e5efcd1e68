import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotificationActivitiesService } from '../../../../activities/notification.activities';
import { maskEmail } from '../../../../libs/domain/src/notifications';
import { DomainError } from '../../../../libs/domain/src/shared';
import { AuditService } from '../audit/audit.service';
import { OrgScope } from '../auth/org-scope.service';
import type { Principal } from '../auth/principal';
import { CaseAccess } from '../cases/case-access.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unknown', 'skipped'] as const;

interface Row {
  id: string;
  case_id: string | null;
  case_number: string | null;
  handling_org_id: string | null;
  kind: string;
  audience: string;
  deadline_kind: string | null;
  due_date: string | null;
  stage: string | null;
  recipient_user_id: string | null;
  recipient_username: string | null;
  recipient_email: string;
  subject: string;
  body: string;
  locale: string;
  message_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  skip_reason: string | null;
  smtp_response: string | null;
  created_at: Date;
  sent_at: Date | null;
  next_attempt_at: Date | null;
  total: number;
}

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
    private readonly sender: NotificationActivitiesService,
  ) {}

  /**
   * Re-sends a 'failed' or 'unknown' row now (one attempt). Integrity administrators of the case's handling
   * organisation, or a system administrator; a row outside the caller's subtree, or of a case the caller is denied,
   * is a 404. A row that is sent or being sent is a 409 and nothing goes out: the outbox claim makes a duplicate
   * impossible even when two re-sends (or a re-send and the activity's own retry) race.
   */
  async retry(p: Principal, id: string) {
    if (typeof id !== 'string' || !UUID.test(id)) throw new DomainError('VALIDATION_FAILED', 'id: must be a notification id (UUID)', { field: 'id' });
    const [row]: Array<{ id: string; status: string; org_path: string | null; case_id: string | null; handling_org_id: string | null; sent_at: Date | null; denied: boolean }> =
      await this.ds.query(
        `SELECT n.id, n.status, n.org_path, n.case_id, c.handling_org_id, n.sent_at,
                EXISTS (SELECT 1 FROM case_access_denials d WHERE d.case_id = n.case_id AND d.user_id = $2) AS denied
           FROM notifications n LEFT JOIN cases c ON c.id = n.case_id WHERE n.id = $1`,
        [id, p.userId],
      );
    if (!row || row.org_path === null || !this.scope.sees(p, row.org_path) || row.denied) throw new DomainError('NOT_FOUND', 'notification not found');
    const ownOrg = row.handling_org_id !== null ? p.orgId === row.handling_org_id : p.orgPath === row.org_path;
    if (!p.roles.includes('system_admin') && !(p.roles.includes('integrity_admin') && ownOrg)) {
      throw new DomainError('FORBIDDEN', 'only integrity administrators of the handling organisation or a system administrator may re-send a notification');
    }
    if (row.status === 'sent') {
      throw new DomainError('CONFLICT', `notification already sent at ${row.sent_at?.toISOString() ?? '(unknown time)'}; not sent again`, { status: row.status });
    }
    if (row.status === 'skipped') {
      throw new DomainError('CONFLICT', 'notification was skipped: the deadline it reminds of no longer runs on that due date (skipReason); not sent', { status: row.status });
    }
    if (row.status !== 'failed' && row.status !== 'unknown') {
      throw new DomainError('CONFLICT', `notification is ${row.status}: it is being sent; only failed or unknown notifications can be re-sent`, { status: row.status });
    }
    const [beforeRow]: Array<{ status: string; attempts: number; last_error: string | null }> = await this.ds.query(
      `SELECT status, attempts, last_error FROM notifications WHERE id = $1`,
      [row.id],
    );
    const outcome = await this.sender.resend(row.id);
    if (outcome === 'inFlight' || outcome === 'alreadySent') {
      throw new DomainError('CONFLICT', outcome === 'alreadySent' ? 'notification already sent; not sent again' : 'notification is being sent by another attempt; not sent again', {
        status: outcome === 'alreadySent' ? 'sent' : 'sending',
      });
    }
    const [after]: Array<{ status: string; attempts: number; last_error: string | null; skip_reason: string | null; sent_at: Date | null; audience: string; recipient_email: string }> = await this.ds.query(
      `SELECT status, attempts, last_error, skip_reason, sent_at, audience, recipient_email FROM notifications WHERE id = $1`,
      [row.id],
    );
    await this.audit.change(
      'notification',
      row.id,
      { status: beforeRow!.status, attempts: beforeRow!.attempts, lastError: beforeRow!.last_error },
      { status: after!.status, attempts: after!.attempts, lastError: after!.last_error, skipReason: after!.skip_reason },
    );
    const reveal = after!.audience !== 'reporter' || (row.handling_org_id !== null && this.access.isHandler(p, { handling_org_id: row.handling_org_id }));
    const lastError = after!.last_error === null || reveal ? after!.last_error : after!.last_error.split(after!.recipient_email).join(maskEmail(after!.recipient_email));
    return { id: row.id, status: after!.status, attempts: after!.attempts, lastError, skipReason: after!.skip_reason, sentAt: after!.sent_at?.toISOString() ?? null };
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
    const rows: Row[] = await this.ds.query(
      `SELECT n.id, n.case_id, c.number AS case_number, c.handling_org_id, n.kind, n.audience, n.deadline_kind,
              to_char(n.due_date, 'YYYY-MM-DD') AS due_date, n.stage, n.recipient_user_id, u.username AS recipient_username,
              n.recipient_email, n.subject, n.body, n.locale, n.message_id, n.status, n.attempts, n.last_error, n.skip_reason, n.smtp_response,
              n.created_at, n.sent_at, n.next_attempt_at, count(*) OVER ()::int AS total
         FROM notifications n
         LEFT JOIN cases c ON c.id = n.case_id
         LEFT JOIN users u ON u.id = n.recipient_user_id
        WHERE ${where.join(' AND ')}
        ORDER BY n.created_at DESC, n.id
        LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    );
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
