import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { asyncLocalStorage } from '@temporalio/activity';
import { ApplicationFailure, msOptionalToNumber } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { DataSource } from 'typeorm';
import type { AppConfig, NotificationConfig } from '../libs/config/src/config';
import {
  DEADLINE_TEMPLATES,
  isEmailAddress,
  renderLeadNotice,
  renderPaperNotice,
  renderReporterMessageNotice,
  NOTIFICATION_AUDIENCES,
  renderNotification,
  staleReminderReason,
  type NotificationContext,
} from '../libs/domain/src/notifications';
import { currentDeadline } from '../libs/persistence/src/deadlines';
import type { Queryable } from '../libs/persistence/src/queryable';
import { DomainError } from '../libs/domain/src/shared';
import type { NotificationActivities, NotifyInput, NotifyResult, ReporterNoticeActivities } from './case-activities.interface';
import type { NotifyPaperInput } from './paper-activities.interface';
import type { NotifyLeadInput } from './lead-activities.interface';

/**
 * A claim older than this is stale: its attempt is taken to be dead. Far longer than one delivery can take (the SMTP
 * timeouts below bound a live attempt to about two minutes), so a live sender never loses its claim to a retry.
 */
export const CLAIM_LEASE_MS = 5 * 60_000;
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/** Roles that receive the mails of each staff audience [decision]. */
export const HANDLER_RECIPIENT_ROLES = ['case_officer', 'integrity_admin'];
export const ESCALATION_RECIPIENT_ROLES = ['supervisor', 'integrity_admin'];
export const UNIT_RECIPIENT_ROLES = ['integrity_admin'];

interface CaseFacts {
  id: string;
  number: string;
  title: string;
  handling_org_id: string;
  handling_org_path: string;
  handling_org_name: string;
  parent_org_id: string | null;
  policy_profile: string;
  reporter: { name?: string; contact?: string; realName?: boolean } | null;
  /** Issue 17: the authority that transferred the case and a lead investigating unit (an organisation or an address),
   *  and the organisation hearing the appeal. */
  transferred_by?: ReportingParty | null;
  lead_unit?: ReportingParty | null;
  appeal_org_id?: string | null;
}

/** An organisation of the tree, or an authority outside it known by name and address. */
interface ReportingParty {
  orgId?: string;
  name?: string;
  email?: string;
}

interface Recipient {
  /** Recipient part of the deduplication key: `user:<id>`, `reporter`, or `email:<address>`. */
  key: string;
  userId: string | null;
  email: string;
  name?: string;
}

interface OutboxRow {
  id: string;
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'unknown' | 'skipped';
}

interface ClaimedRow {
  id: string;
  recipient_email: string;
  subject: string;
  body: string;
  message_id: string;
  attempts: number;
  case_id: string | null;
  kind: string;
  deadline_kind: string | null;
  due_date: string | null;
}

type Outcome = { kind: 'sent' | 'alreadySent' | 'failed' | 'unknown' | 'stale' } | { kind: 'retry'; reason: string };

type SmtpError = Error & { code?: string; responseCode?: number; permanent?: boolean; command?: string };

interface Attempt {
  /** No further attempt of this activity will come: failures are given up ('failed' with no next_attempt_at). */
  final: boolean;
  /** When the next attempt is expected (Temporal's backoff), for next_attempt_at. */
  nextInMs: number | null;
}

/**
 * Delivers notifications (issue 7) through an outbox, so that a retried activity, a worker that dies mid-way or a
 * replayed or reset workflow never sends a mail twice.
 *
 * 1. Write: one row per recipient, `INSERT … ON CONFLICT (dedup_key) DO NOTHING`; a second call finds the first
 *    call's rows (and their subject and body as first rendered).
 * 2. Claim: `UPDATE … SET status='sending', claim_token=<new> WHERE status IN ('pending','failed')` (or a stale claim
 *    that never handed its message over). Only one attempt can hold a row; a 'sent' row is never claimed again.
 * 3. Connect to the SMTP server, then hand over: `SET handed_over_at=now() WHERE claim_token=<mine>`. Only after this
 *    commit does the message go out (MAIL FROM, RCPT TO, DATA). If the claim was taken over meanwhile, nothing is sent.
 * 4. Mark: on the server's 250 answer, `status='sent'` (fenced by the claim token). On an error the server did not
 *    answer 250 (refused, 4xx/5xx, connection dropped before the answer): nothing was accepted, so the row becomes
 *    'failed' with attempts and last_error, and is sent again by the next attempt; a 5xx is permanent (no retry).
 *
 * What a crash leaves behind, and what the next attempt does with it:
 * - killed before the hand-over (connecting): a 'sending' row without handed_over_at; once the lease has run out it
 *   is claimed again and sent: the server never saw it.
 * - killed after the hand-over, before the 250 was recorded: the server may or may not have accepted the message.
 *   Sending again could deliver it twice, not sending could lose it; a duplicate is the worse outcome here, so the row
 *   becomes 'unknown' and is never resent automatically (listed in GET /notifications?status=unknown for an operator).
 * This window (one SMTP DATA exchange) is what SMTP leaves open: no protocol answer can be made atomic with our
 * commit. The one duplicate no client can rule out is a server that accepted a message whose 250 never reached us
 * (RFC 1047); every attempt uses the row's Message-ID, so such a copy is at least recognisable.
 *
 * Reminders and escalations that are no longer due (issue 17 point 6): the workflow decides a reminder from its state
 * when its instant comes, but the mail leaves later (this activity's queue, a retry with backoff, an operator's
 * re-send), and an officer may meet the deadline meanwhile: its projection is written before the action answers. So a
 * row about a deadline is checked against the case's deadline row (status and due date) when it is claimed and again
 * in the hand-over transaction, which holds that row FOR SHARE: a projection meeting the deadline either committed
 * before (the row becomes 'skipped', with the reason in skip_reason, and is never sent) or waits until the hand-over
 * committed (the reminder was handed over while the deadline still ran). What remains is the SMTP exchange itself
 * (MAIL FROM … DATA, milliseconds), during which an action may meet the deadline. The rule is pure
 * (libs/domain/src/notifications/stale-reminder.ts).
 *
 * Retries are Temporal's: after recording the errors the activity throws, and the retry policy brings it back with
 * backoff (next_attempt_at shows when). On the policy's last attempt it returns `failed` instead, so a mail outage never
 * fails the case workflow. Called outside an activity (tests, scripts) it makes one attempt.
 */
@Injectable()
export class NotificationActivitiesService implements NotificationActivities, ReporterNoticeActivities {
  private readonly log = new Logger('Notifications');

  constructor(
    private readonly ds: DataSource,
    private readonly config: ConfigService<{ app: AppConfig }, true>,
  ) {}

  private get settings(): NotificationConfig {
    return this.config.get('app', { infer: true }).notifications;
  }

  async notify(input: NotifyInput): Promise<NotifyResult> {
    const attempt = currentAttempt();
    const settings = this.settings;
    validate(input);
    const c = await this.loadCase(input.caseId);
    if (!c) {
      if (attempt.final) return { queued: 0, sent: 0, alreadySent: 0, failed: 0, unknown: 0, inFlight: 0, skipped: `case ${input.caseId} not found` };
      // The API commits the case row right after the workflow starts; until then, retry.
      throw ApplicationFailure.retryable(`case ${input.caseId} is not registered yet`, 'CaseNotFound');
    }
    const context = (name?: string): NotificationContext => ({
      template: input.template,
      locale: settings.locale,
      audience: input.audience,
      caseId: c.id,
      caseNumber: c.number,
      caseTitle: c.title,
      handlingOrgName: c.handling_org_name,
      profile: c.policy_profile,
      deadlineKind: input.deadlineKind,
      dueDate: input.dueDate,
      stage: input.stage,
      overdueWorkingDays: input.overdueWorkingDays,
      appBaseUrl: settings.appBaseUrl,
      recipientName: name,
      data: input.data,
    });
    try {
      renderNotification(context()); // bad input fails before anything is written
    } catch (err) {
      if (err instanceof DomainError) throw ApplicationFailure.nonRetryable(err.message, 'InvalidNotification');
      throw err;
    }

    const { recipients, skipped, unaddressed } = await this.recipients(c, input);
    const keys: string[] = [];
    for (const r of recipients) {
      const key = dedupKey(input, r.key);
      keys.push(key);
      const mail = renderNotification(context(r.name));
      const id = randomUUID();
      await this.ds.query(
        `INSERT INTO notifications (id, dedup_key, case_id, org_path, kind, audience, deadline_kind, due_date, stage, recipient_user_id,
           recipient_email, subject, body, locale, message_id, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'pending')
         ON CONFLICT (dedup_key) DO NOTHING`,
        [id, key, c.id, c.handling_org_path, input.template, input.audience, input.deadlineKind ?? null, input.dueDate ?? null, input.stage ?? null,
          r.userId, r.email, mail.subject, mail.text, settings.locale, `<${id}@${senderDomain(settings.mailFrom)}>`],
      );
    }
    const result = await this.deliverAll(keys, settings, attempt, skipped, unaddressed);
    if (result.failed || result.unknown) this.log.warn({ msg: 'notifications not delivered', caseId: c.id, template: input.template, ...result });
    return result;
  }

  /**
   * A problem paper waits for an organisation (RULES.md §5): its active integrity administrators get one mail per
   * state change (`stage`), through the same outbox, claim and retry protocol as the case notices.
   */
  async notifyPaper(input: NotifyPaperInput): Promise<NotifyResult> {
    const attempt = currentAttempt();
    const settings = this.settings;
    if (!input || typeof input.stage !== 'string' || input.stage.includes('|') || input.stage.length > 100) {
      throw ApplicationFailure.nonRetryable('notifyPaper: stage must be a short text without "|"', 'InvalidNotification');
    }
    const [paper]: Array<{ id: string; batch: string; number: string; title: string }> = await this.ds.query(
      `SELECT id, batch, number, title FROM problem_papers WHERE id = $1`,
      [input.paperId],
    );
    const ids = [input.orgId, input.actingOrgId, input.opinionByOrgId].filter((x): x is string => typeof x === 'string');
    const orgs: Array<{ id: string; name: string; path: string }> = await this.ds.query(`SELECT id, name, path FROM organisations WHERE id = ANY($1::uuid[])`, [ids]);
    const org = orgs.find((o) => o.id === input.orgId);
    if (!paper || !org) throw ApplicationFailure.nonRetryable(`paper ${input.paperId} or organisation ${input.orgId} not found`, 'InvalidNotification');
    const actingOrgName = orgs.find((o) => o.id === input.actingOrgId)?.name;
    const opinionByName = orgs.find((o) => o.id === input.opinionByOrgId)?.name;
    const render = (recipientName?: string) =>
      renderPaperNotice({ locale: settings.locale, task: input.task, paperId: paper.id, batch: paper.batch, number: paper.number, title: paper.title,
        orgName: org.name, ...(actingOrgName ? { actingOrgName } : {}), ...(input.opinion ? { opinion: input.opinion, ...(opinionByName ? { opinionByName } : {}) } : {}),
        appBaseUrl: settings.appBaseUrl, ...(recipientName ? { recipientName } : {}) });
    try {
      render();
    } catch (err) {
      throw ApplicationFailure.nonRetryable((err as Error).message, 'InvalidNotification');
    }
    const users: Array<{ id: string; username: string; name: string; email: string | null }> = await this.ds.query(
      `SELECT u.id, u.username, u.name, u.email FROM users u
        WHERE u.org_id = $1 AND u.active AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(u.roles) r WHERE r = 'integrity_admin')
        ORDER BY u.username`,
      [org.id],
    );
    const without = users.filter((u) => !isEmailAddress(u.email)).map((u) => u.username);
    const keys: string[] = [];
    for (const u of users.filter((x) => isEmailAddress(x.email))) {
      const key = ['paper', paper.id, input.task, input.stage, `user:${u.id}`].join('|');
      keys.push(key);
      const mail = render(u.name);
      const id = randomUUID();
      await this.ds.query(
        `INSERT INTO notifications (id, dedup_key, paper_id, org_path, kind, audience, stage, recipient_user_id, recipient_email, subject, body, locale, message_id, status)
         VALUES ($1, $2, $3, $4, $5, 'paper_org', $6, $7, $8, $9, $10, $11, $12, 'pending')
         ON CONFLICT (dedup_key) DO NOTHING`,
        [id, key, paper.id, org.path, `paper_${input.task}`, input.stage, u.id, u.email!.trim(), mail.subject, mail.text, settings.locale,
          `<${id}@${senderDomain(settings.mailFrom)}>`],
      );
    }
    const skipped = users.length === 0 ? `${org.name} has no active integrity_admin` : without.length ? `no e-mail address: ${without.join(', ')}` : undefined;
    const result = await this.deliverAll(keys, settings, attempt, skipped, users.length === 0 ? 1 : without.length);
    if (result.failed || result.unknown) this.log.warn({ msg: 'paper notifications not delivered', paperId: paper.id, task: input.task, ...result });
    return result;
  }

  /**
   * "You have a new message" to the reporter of a report (issue 23), once per message: one outbox row keyed by the
   * message, through the same claim, hand-over and retry protocol. The address stays in the outbox row (masked for
   * everyone but the case's handlers, like every reporter address); the body says nothing of the message.
   */
  async notifyReporter(input: { reportId: string; messageId: string }): Promise<NotifyResult> {
    const attempt = currentAttempt();
    const settings = this.settings;
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    if (!input || !uuid.test(String(input.reportId)) || !uuid.test(String(input.messageId))) {
      throw ApplicationFailure.nonRetryable('notifyReporter: reportId and messageId must be UUIDs', 'InvalidNotification');
    }
    const [m]: Array<{ case_id: string | null; org_path: string; email: string | null }> = await this.ds.query(
      `SELECT r.case_id, r.org_path, r.reporter->>'email' AS email
         FROM report_messages m JOIN reports r ON r.id = m.report_id
        WHERE m.id = $2 AND m.report_id = $1 AND m.direction = 'to_reporter'`,
      [input.reportId, input.messageId],
    );
    const nothing = (skipped: string): NotifyResult => ({ queued: 0, sent: 0, alreadySent: 0, failed: 0, unknown: 0, inFlight: 0, skipped, unaddressed: 0 });
    if (!m) {
      // The API starts this workflow inside the message's transaction: until it commits, retry; a message that never
      // committed is never announced.
      if (attempt.final) return nothing('no such message (its transaction did not commit)');
      throw ApplicationFailure.retryable(`message ${input.messageId} is not stored yet`, 'MessageNotFound');
    }
    if (!isEmailAddress(m.email)) return nothing('the reporter left no e-mail address');
    const key = ['report', input.reportId, 'reporter_new_message', input.messageId, 'reporter'].join('|');
    const mail = renderReporterMessageNotice(settings.locale);
    const id = randomUUID();
    await this.ds.query(
      `INSERT INTO notifications (id, dedup_key, case_id, org_path, kind, audience, stage, recipient_email, subject, body, locale, message_id, status)
       VALUES ($1, $2, $3, $4, 'reporter_new_message', 'reporter', $5, $6, $7, $8, $9, $10, 'pending')
       ON CONFLICT (dedup_key) DO NOTHING`,
      [id, key, m.case_id, m.org_path, input.messageId, m.email!.trim(), mail.subject, mail.text, settings.locale, `<${id}@${senderDomain(settings.mailFrom)}>`],
    );
    const result = await this.deliverAll([key], settings, attempt, undefined, 0);
    if (result.failed || result.unknown) this.log.warn({ msg: 'reporter notice not delivered', reportId: input.reportId, messageId: input.messageId, ...result });
    return result;
  }

  /**
   * A lead's triage deadline (issue 22): the integrity administrators of the organisation it waits at are reminded
   * (`lead_org`); an escalation goes to the supervisors and integrity administrators of its parent (`lead_escalation`).
   * Same outbox, claim and retry protocol as case reminders; one row per (lead, stage, due date, recipient).
   */
  async notifyLead(input: NotifyLeadInput): Promise<NotifyResult> {
    const attempt = currentAttempt();
    const settings = this.settings;
    if (!input || typeof input.stage !== 'string' || input.stage.includes('|') || input.stage.length > 100 || !['lead_org', 'lead_escalation'].includes(input.audience)) {
      throw ApplicationFailure.nonRetryable('notifyLead: a short stage without "|" and audience lead_org or lead_escalation', 'InvalidNotification');
    }
    const [lead]: Array<{ id: string; number: string; title: string; org_name: string; org_path: string; parent_id: string | null }> = await this.ds.query(
      `SELECT l.id, l.number, l.title, o.name AS org_name, o.path AS org_path, o.parent_id FROM leads l, organisations o WHERE l.id = $1 AND o.id = $2`,
      [input.leadId, input.orgId],
    );
    if (!lead) {
      if (attempt.final) return { queued: 0, sent: 0, alreadySent: 0, failed: 0, unknown: 0, inFlight: 0, skipped: `lead ${input.leadId} not found`, unaddressed: 0 };
      throw ApplicationFailure.retryable(`lead ${input.leadId} is not registered yet`, 'LeadNotFound');
    }
    const render = (recipientName?: string) =>
      renderLeadNotice({ locale: settings.locale, audience: input.audience, leadId: lead.id, number: lead.number, title: lead.title, orgName: lead.org_name,
        dueDate: input.dueDate, stage: input.stage, overdueWorkingDays: input.overdueWorkingDays, appBaseUrl: settings.appBaseUrl, ...(recipientName ? { recipientName } : {}) });
    try {
      render();
    } catch (err) {
      throw ApplicationFailure.nonRetryable((err as Error).message, 'InvalidNotification');
    }
    const escalate = input.audience === 'lead_escalation';
    if (escalate && !lead.parent_id) {
      return { queued: 0, sent: 0, alreadySent: 0, failed: 0, unknown: 0, inFlight: 0, skipped: 'the organisation has no parent to escalate to', unaddressed: 0 };
    }
    const roles = escalate ? ESCALATION_RECIPIENT_ROLES : UNIT_RECIPIENT_ROLES;
    const users: Array<{ id: string; username: string; name: string; email: string | null }> = await this.ds.query(
      `SELECT u.id, u.username, u.name, u.email FROM users u
        WHERE u.org_id = $1 AND u.active AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(u.roles) r WHERE r = ANY($2::text[]))
        ORDER BY u.username`,
      [escalate ? lead.parent_id : input.orgId, roles],
    );
    const without = users.filter((u) => !isEmailAddress(u.email)).map((u) => u.username);
    const keys: string[] = [];
    for (const u of users.filter((x) => isEmailAddress(x.email))) {
      const key = ['lead', lead.id, input.audience, 'lead_triage', input.dueDate, input.stage, `user:${u.id}`].join('|');
      keys.push(key);
      const mail = render(u.name);
      const id = randomUUID();
      await this.ds.query(
        `INSERT INTO notifications (id, dedup_key, lead_id, org_path, kind, audience, deadline_kind, due_date, stage, recipient_user_id, recipient_email, subject, body,
           locale, message_id, status)
         VALUES ($1, $2, $3, $4, $5, $6, 'lead_triage', $7, $8, $9, $10, $11, $12, $13, $14, 'pending')
         ON CONFLICT (dedup_key) DO NOTHING`,
        [id, key, lead.id, lead.org_path, escalate ? 'deadline_escalation' : 'deadline_reminder', input.audience, input.dueDate, input.stage, u.id, u.email!.trim(),
          mail.subject, mail.text, settings.locale, `<${id}@${senderDomain(settings.mailFrom)}>`],
      );
    }
    const skipped = users.length === 0 ? `no active ${roles.join(' or ')} to tell` : without.length ? `no e-mail address: ${without.join(', ')}` : undefined;
    const result = await this.deliverAll(keys, settings, attempt, skipped, users.length === 0 ? 1 : without.length);
    if (result.failed || result.unknown) this.log.warn({ msg: 'lead reminders not delivered', leadId: lead.id, stage: input.stage, ...result });
    return result;
  }

  /** Delivers the outbox rows of `keys`; throws (Temporal retries) while some wait and attempts remain. */
  private async deliverAll(keys: string[], settings: NotificationConfig, attempt: Attempt, skipped: string | undefined, unaddressed: number): Promise<NotifyResult> {
    const rows: OutboxRow[] = keys.length
      ? await this.ds.query(`SELECT id, status FROM notifications WHERE dedup_key = ANY($1::text[]) ORDER BY recipient_email`, [keys])
      : [];
    const result: NotifyResult = { queued: rows.length, sent: 0, alreadySent: 0, failed: 0, unknown: 0, inFlight: 0, ...(skipped ? { skipped } : {}), unaddressed };
    const retry: string[] = [];
    for (const row of rows) {
      const outcome = await this.deliver(row.id, settings, attempt);
      if (outcome.kind === 'retry') retry.push(outcome.reason);
      else if (outcome.kind === 'stale') result.stale = (result.stale ?? 0) + 1; // present only when some were skipped
      else result[outcome.kind] += 1;
    }
    if (retry.length && !attempt.final) {
      // Recorded on the rows already; Temporal brings the activity back with backoff and the rows are claimed again.
      throw ApplicationFailure.retryable(`${retry.length} of ${rows.length} notification(s) not delivered yet: ${retry.join('; ')}`, 'NotificationNotDelivered');
    }
    // On the last attempt every failure was given up above ('failed'); what is left is in another attempt's hands.
    result.inFlight += retry.length;
    return result;
  }

  /**
   * An operator's re-send of one row (POST /api/v1/notifications/:id/retry): one attempt, now, through the same claim,
   * hand-over and mark as the activity, so it can never add a copy of a row that is sent or being sent. An 'unknown'
   * row (the server may have it) becomes 'failed' first: re-sending it is the operator's explicit decision; it goes out
   * with the row's Message-ID, so a copy is recognisable. Returns what became of the row.
   */
  async resend(id: string): Promise<'sent' | 'alreadySent' | 'failed' | 'unknown' | 'inFlight' | 'stale'> {
    await this.ds.query(`UPDATE notifications SET status = 'failed', next_attempt_at = NULL WHERE id = $1 AND status = 'unknown'`, [id]);
    const outcome = await this.deliver(id, this.settings, { final: true, nextInMs: null });
    return outcome.kind === 'retry' ? 'inFlight' : outcome.kind;
  }

  /** One outbox row through claim, hand-over, SMTP and mark. */
  private async deliver(id: string, settings: NotificationConfig, attempt: Attempt): Promise<Outcome> {
    const token = randomUUID();
    const claimed: ClaimedRow[] = await this.ds.query(
      `UPDATE notifications SET status = 'sending', claim_token = $2, claimed_at = now(), handed_over_at = NULL, attempts = attempts + 1,
              next_attempt_at = NULL
        WHERE id = $1 AND (status IN ('pending', 'failed')
              OR (status = 'sending' AND handed_over_at IS NULL AND claimed_at < now() - make_interval(secs => $3)))
        RETURNING id, recipient_email, subject, body, message_id, attempts, case_id, kind, deadline_kind, to_char(due_date, 'YYYY-MM-DD') AS due_date`,
      [id, token, CLAIM_LEASE_MS / 1000],
    ).then((res: ClaimedRow[] | [ClaimedRow[], number]) => first(res));
    const row = claimed[0];
    if (!row) return this.notClaimed(id);
    // A reminder whose deadline was met, closed or moved since it was queued: skipped, not even connected for.
    const staleNow = await this.staleReason(this.ds, row, false);
    if (staleNow !== null) return (await this.skip(this.ds, row.id, token, staleNow)) ? { kind: 'stale' } : { kind: 'retry', reason: `${row.id}: taken over by another attempt` };

    let response: string | 'claim lost';
    try {
      const raw = await new MailComposer({
        from: settings.mailFrom,
        to: row.recipient_email,
        subject: row.subject,
        text: row.body,
        messageId: row.message_id,
        headers: { 'X-Notification-Id': row.id },
      })
        .compile()
        .build();
      response = await transmit(settings.smtpUrl, { from: senderAddress(settings.mailFrom), to: [row.recipient_email] }, raw, () =>
        // The hand-over, and the last look at the deadline, in one transaction holding its row (see the class comment).
        this.ds.transaction(async (tx): Promise<HandOver> => {
          const stale = await this.staleReason(tx, row, true);
          if (stale !== null) return (await this.skip(tx, row.id, token, stale)) ? 'stale' : 'claim lost';
          const handed: unknown[] = await tx
            .query(`UPDATE notifications SET handed_over_at = now() WHERE id = $1 AND claim_token = $2 AND status = 'sending' RETURNING id`, [row.id, token])
            .then(first);
          return handed.length === 1 ? 'go' : 'claim lost';
        }),
      );
    } catch (err) {
      // The server did not answer 250 (or we never got as far as the message): it did not take the mail, so a later
      // attempt may send it. Fenced by the claim token: a row taken over meanwhile is left to its new owner.
      const e = err as SmtpError;
      const giveUp = e.permanent === true || attempt.final;
      const message = describe(e);
      await this.ds.query(
        `UPDATE notifications SET status = 'failed', last_error = $3, claim_token = NULL, handed_over_at = NULL,
                next_attempt_at = CASE WHEN $4::bigint IS NULL THEN NULL ELSE now() + make_interval(secs => $4::bigint / 1000.0) END
          WHERE id = $1 AND claim_token = $2`,
        [row.id, token, message, giveUp ? null : attempt.nextInMs],
      );
      return giveUp ? { kind: 'failed' } : { kind: 'retry', reason: `${row.id}: ${message}` };
    }
    if (response === 'claim lost') return { kind: 'retry', reason: `${row.id}: taken over by another attempt` };
    if (response === 'stale') return { kind: 'stale' };
    // Outside the try: if this write fails the row stays 'sending' with handed_over_at set, and is never resent.
    await this.ds.query(
      `UPDATE notifications SET status = 'sent', sent_at = now(), smtp_response = $3, claim_token = NULL, next_attempt_at = NULL
        WHERE id = $1 AND claim_token = $2`,
      [row.id, token, response.slice(0, 500)],
    );
    return { kind: 'sent' };
  }

  /** Why the claimed row must not be sent (its deadline no longer runs on that due date), or null. */
  private async staleReason(q: Queryable, row: ClaimedRow, lock: boolean): Promise<string | null> {
    if (!row.case_id || !DEADLINE_TEMPLATES.includes(row.kind) || !row.deadline_kind || !row.due_date) return null;
    const current = await currentDeadline(q, row.case_id, row.deadline_kind, { lock });
    return staleReminderReason({ template: row.kind, deadlineKind: row.deadline_kind, dueDate: row.due_date }, current);
  }

  /** Marks a claimed row skipped with its reason (fenced by the claim token); false if the claim was taken over. */
  private async skip(q: Queryable, id: string, token: string, reason: string): Promise<boolean> {
    const res = (await q.query(
      `UPDATE notifications SET status = 'skipped', skip_reason = $3, claim_token = NULL, handed_over_at = NULL, next_attempt_at = NULL
        WHERE id = $1 AND claim_token = $2 AND status = 'sending' RETURNING id`,
      [id, token, reason.slice(0, 1000)],
    )) as unknown[] | [unknown[], number];
    return first(res).length === 1;
  }

  /** A row this attempt could not claim: already sent, in someone else's hands, handed over by a dead attempt, or skipped. */
  private async notClaimed(id: string): Promise<Outcome> {
    await this.ds.query(
      `UPDATE notifications SET status = 'unknown', claim_token = NULL, next_attempt_at = NULL,
              last_error = 'outcome unknown: the attempt that handed the message to the SMTP server at '
                || to_char(handed_over_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') || ' (Asia/Shanghai) stopped before recording'
                || ' its answer; not resent, as it may have been delivered' || coalesce(' (earlier error: ' || last_error || ')', '')
        WHERE id = $1 AND status = 'sending' AND handed_over_at IS NOT NULL AND claimed_at < now() - make_interval(secs => $2)`,
      [id, CLAIM_LEASE_MS / 1000],
    );
    const [now]: Array<{ status: OutboxRow['status'] }> = await this.ds.query(`SELECT status FROM notifications WHERE id = $1`, [id]);
    if (now?.status === 'sent') return { kind: 'alreadySent' };
    if (now?.status === 'unknown') return { kind: 'unknown' };
    if (now?.status === 'skipped') return { kind: 'stale' };
    return { kind: 'retry', reason: `${id}: being sent by another attempt` };
  }

  private async loadCase(caseId: string): Promise<CaseFacts | undefined> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(caseId)) {
      throw ApplicationFailure.nonRetryable(`caseId must be a case id (UUID), got "${caseId}"`, 'InvalidNotification');
    }
    const rows: CaseFacts[] = await this.ds.query(
      `SELECT c.id, c.number, c.title, c.handling_org_id, c.handling_org_path, o.name AS handling_org_name, o.parent_id AS parent_org_id,
              c.policy_profile, c.reporter, c.transferred_by, c.lead_unit, c.appeal_org_id
         FROM cases c JOIN organisations o ON o.id = c.handling_org_id
        WHERE c.id = $1`,
      [caseId],
    );
    return rows[0];
  }

  /** Recipients from roles in organisations; users denied access to the case (recusal) get nothing about it. */
  private async recipients(c: CaseFacts, input: NotifyInput): Promise<{ recipients: Recipient[]; skipped?: string; unaddressed: number }> {
    const users = async (orgIds: string[], roles: string[]) => {
      const rows: Array<{ id: string; username: string; name: string; email: string | null }> = await this.ds.query(
        `SELECT u.id, u.username, u.name, u.email FROM users u
          WHERE u.org_id = ANY($1::uuid[]) AND u.active
            AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(u.roles) r WHERE r = ANY($2::text[]))
            AND NOT EXISTS (SELECT 1 FROM case_access_denials d WHERE d.case_id = $3 AND d.user_id = u.id)
          ORDER BY u.username`,
        [orgIds, roles, c.id],
      );
      const withAddress = rows.filter((u) => isEmailAddress(u.email));
      const without = rows.filter((u) => !isEmailAddress(u.email)).map((u) => u.username);
      return {
        recipients: withAddress.map((u) => ({ key: `user:${u.id}`, userId: u.id, email: u.email!.trim(), name: u.name })),
        skipped: without.length ? `no e-mail address: ${without.join(', ')}` : undefined,
        unaddressed: without.length,
      };
    };
    /** Nobody to send to: `missed` says whether somebody should have been told (1) or there is nobody to tell (0). */
    const none = (why: string, missed: 0 | 1) => ({ recipients: [], skipped: why, unaddressed: missed });
    switch (input.audience) {
      case 'handlers': {
        const r = await users([c.handling_org_id], HANDLER_RECIPIENT_ROLES);
        return r.recipients.length || r.skipped ? r : none('the handling organisation has no active case_officer or integrity_admin', 1);
      }
      case 'escalation': {
        if (!c.parent_org_id) return none('the handling organisation has no parent organisation to escalate to', 0);
        const r = await users([c.parent_org_id], ESCALATION_RECIPIENT_ROLES);
        return r.recipients.length || r.skipped ? r : none('the parent organisation has no active supervisor or integrity_admin', 1);
      }
      case 'reporter': {
        // The address stays in the outbox row; nothing else (body, logs, result) names the reporter.
        const rep = c.reporter;
        if (!rep) return none('the case has no reporter', 0);
        if (rep.realName !== true) return none('the reporter is anonymous (not a real-name report)', 0);
        if (!isEmailAddress(rep.contact)) return none('the reporter gave no e-mail address', 1);
        return { recipients: [{ key: 'reporter', userId: null, email: rep.contact.trim() }], unaddressed: 0 };
      }
      case 'participating_units': {
        const data = input.data ?? {};
        const orgIds = Array.isArray(data.orgIds) ? data.orgIds.filter((x): x is string => typeof x === 'string' && /^[0-9a-f-]{36}$/i.test(x)) : [];
        const emails = Array.isArray(data.emails) ? data.emails.filter(isEmailAddress).map((e) => e.trim()) : [];
        const r = orgIds.length ? await users(orgIds, UNIT_RECIPIENT_ROLES) : { recipients: [] as Recipient[], skipped: undefined, unaddressed: 0 };
        const seen = new Set(r.recipients.map((x) => x.email.toLowerCase()));
        const extra = emails.filter((e) => !seen.has(e.toLowerCase())).map((e) => ({ key: `email:${e.toLowerCase()}`, userId: null, email: e }));
        const all = [...r.recipients, ...extra];
        // Units named without any account or address: nobody there could be told.
        if (!all.length) return r.skipped ? { ...r, unaddressed: Math.max(r.unaddressed, 1) } : none('no participating units given (data.orgIds, data.emails)', 0);
        return { recipients: all, skipped: r.skipped, unaddressed: r.unaddressed };
      }
      // Issue 17: reports to the authority that transferred the case (003 art.25, 28) and to a lead investigating unit
      // (003 art.28): its officers when it is an organisation of the tree, else the address recorded at registration.
      case 'transferring_authority':
      case 'lead_unit': {
        const party = input.audience === 'transferring_authority' ? c.transferred_by : c.lead_unit;
        const what = input.audience === 'transferring_authority' ? 'transferring authority' : 'lead investigating unit';
        if (!party) return none(`the case has no ${what}`, 0);
        if (party.orgId) {
          const r = await users([party.orgId], HANDLER_RECIPIENT_ROLES);
          return r.recipients.length || r.skipped ? r : none(`the ${what} has no active case_officer or integrity_admin`, 1);
        }
        if (!isEmailAddress(party.email)) return none(`the ${what} has no e-mail address`, 1);
        return { recipients: [{ key: `email:${party.email.trim().toLowerCase()}`, userId: null, email: party.email.trim(), name: party.name }], unaddressed: 0 };
      }
      // Issue 17 point 1: the organisation hearing the appeal (003 art.42; 001 art.45).
      case 'appeal_authority': {
        // The workflow names it (data.appealOrgId): the projection of the appeal may not have landed yet.
        const named = input.data?.appealOrgId;
        const orgId = typeof named === 'string' && /^[0-9a-f-]{36}$/i.test(named) ? named : c.appeal_org_id;
        if (!orgId) return none('no appeal has been lodged with a superior authority', 0);
        const r = await users([orgId], HANDLER_RECIPIENT_ROLES);
        return r.recipients.length || r.skipped ? r : none('the organisation hearing the appeal has no active case_officer or integrity_admin', 1);
      }
    }
  }
}

/** `${caseId}|${template}|${deadlineKind}|${dueDate}|${stage}|${recipient}`; absent parts are empty. */
export function dedupKey(input: NotifyInput, recipient: string): string {
  return [input.caseId, input.template, input.deadlineKind ?? '', input.dueDate ?? '', input.stage ?? '', recipient].join('|');
}

function validate(input: NotifyInput): void {
  const bad = (m: string) => {
    throw ApplicationFailure.nonRetryable(m, 'InvalidNotification');
  };
  if (!input || typeof input !== 'object') bad('notify: input must be an object');
  if (!(NOTIFICATION_AUDIENCES as readonly string[]).includes(input.audience)) {
    bad(`audience must be one of ${NOTIFICATION_AUDIENCES.join(', ')}, got "${String(input.audience)}"`);
  }
  const d = input.dueDate;
  if (d !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d))) {
    bad(`dueDate must be a date YYYY-MM-DD, got "${d}"`);
  }
  for (const [k, v] of [['stage', input.stage], ['deadlineKind', input.deadlineKind]] as const) {
    if (v !== undefined && (typeof v !== 'string' || v.includes('|') || v.length > 100)) bad(`${k} must be a short text without "|"`);
  }
}

/** Where this call stands in the activity's retry policy; outside an activity: a single, final attempt. */
function currentAttempt(): Attempt {
  const info = asyncLocalStorage.getStore()?.info;
  if (!info) return { final: true, nextInMs: null };
  const policy = info.retryPolicy;
  const max = policy?.maximumAttempts ?? 0;
  const final = max > 0 && info.attempt >= max;
  const initial = msOptionalToNumber(policy?.initialInterval) ?? 1000;
  const coefficient = policy?.backoffCoefficient ?? 2;
  const cap = msOptionalToNumber(policy?.maximumInterval) ?? initial * 100;
  return { final, nextInMs: final ? null : Math.round(Math.min(cap, initial * coefficient ** (info.attempt - 1))) };
}

/** TypeORM returns [rows, count] for UPDATE … RETURNING on PostgreSQL. */
function first<T>(res: T[] | [T[], number]): T[] {
  return Array.isArray(res[0]) ? (res[0] as T[]) : (res as T[]);
}

function senderAddress(from: string): string {
  return (/<([^<>]+)>/.exec(from)?.[1] ?? from).trim();
}

function senderDomain(from: string): string {
  return senderAddress(from).split('@')[1] ?? 'localhost';
}

function describe(e: SmtpError): string {
  const parts = [e.code, e.command ? `during ${e.command}` : undefined, e.message].filter(Boolean);
  return parts.join(' ').replace(/\s+/g, ' ').slice(0, 1000);
}

/** What the hand-over says: send now, the claim was lost, or the reminder is no longer due (skipped). */
type HandOver = 'go' | 'claim lost' | 'stale';

/**
 * One message over one SMTP connection: connect (greeting, EHLO, STARTTLS where offered), log in when the URL carries
 * credentials, then `beforeData` (the hand-over commit; 'claim lost' or 'stale': nothing is sent), then MAIL FROM,
 * RCPT TO and DATA. Resolves with the server's final answer to DATA (250); rejects when that answer is not 250 or
 * never came.
 */
function transmit(smtpUrl: string, envelope: { from: string; to: string[] }, raw: Buffer, beforeData: () => Promise<HandOver>): Promise<string | 'claim lost' | 'stale'> {
  const { auth, ...options } = parseConnectionUrl(smtpUrl);
  const conn = new SMTPConnection({ ...options, ...SMTP_TIMEOUTS } as ConstructorParameters<typeof SMTPConnection>[0]);
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, value?: string | 'claim lost' | 'stale') => {
      if (settled) return;
      settled = true;
      if (err) {
        conn.close();
        reject(err);
      } else {
        conn.quit();
        resolve(value!);
      }
    };
    conn.on('error', (err: Error) => finish(err));
    conn.once('end', () => finish(Object.assign(new Error('the SMTP server closed the connection before answering'), { code: 'ECONNECTION' })));
    conn.connect(() => {
      const send = () => {
        void beforeData().then(
          (handOver) => {
            if (handOver !== 'go') return finish(null, handOver);
            conn.send(envelope, raw, (err, info) => (err ? finish(err) : finish(null, info?.response ?? '250')));
          },
          (err: Error) => finish(err),
        );
      };
      if (auth) conn.login(auth, (err) => (err ? finish(err) : send()));
      else send();
    });
  });
}
