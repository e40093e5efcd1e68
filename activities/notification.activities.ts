import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { asyncLocalStorage } from '@temporalio/activity';
import { ApplicationFailure, msOptionalToNumber } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AppConfig, NotificationConfig } from '@libs/config/src/config';
import {
  renderLeadNotice,
  renderPaperNotice,
  isEmailAddress,
  renderReporterMessageNotice,
  NOTIFICATION_AUDIENCES,
  renderNotification,
  type NotificationContext,
} from '@libs/domain/src/notifications';
import { DomainError } from '@libs/domain/src/shared';
import {
  addressed,
  caseRecipients,
  ESCALATION_RECIPIENT_ROLES,
  isCaseId,
  loadCaseFacts,
  loadLeadFacts,
  loadOrganisations,
  loadPaperFacts,
  NotificationDelivery,
  outbox,
  UNIT_RECIPIENT_ROLES,
  usersInRoles,
  type Attempt,
  type NewOutboxRow,
} from '@libs/notifications/src';
import { reporterMessageRecipient } from '@libs/persistence/src/reports';
import type { NotificationActivities, NotifyInput, NotifyResult, ReporterNoticeActivities } from './case-activities.interface';
import type { NotifyPaperInput } from './paper-activities.interface';
import type { NotifyLeadInput } from './lead-activities.interface';

/**
 * The notify activities (issue 7; papers: RULES.md §5; leads: issue 22): check the input, render the texts, resolve
 * the recipients and queue one outbox row each, then deliver them — all through libs/notifications, which holds the
 * outbox and its delivery protocol (claim, hand-over, mark; why a mail never goes out twice: its delivery.ts).
 *
 * Retries are Temporal's: after the errors are recorded on the rows the activity throws, and the retry policy brings
 * it back with backoff (next_attempt_at shows when). On the policy's last attempt it returns `failed` instead, so a mail
 * outage never fails the case workflow. Called outside an activity (tests, scripts) it makes one attempt.
 */
@Injectable()
export class NotificationActivitiesService implements NotificationActivities, ReporterNoticeActivities {
  private readonly log = new Logger('Notifications');
  private readonly delivery: NotificationDelivery;

  constructor(
    private readonly ds: DataSource,
    private readonly config: ConfigService<{ app: AppConfig }, true>,
  ) {
    this.delivery = new NotificationDelivery(ds, () => this.settings);
  }

  private get settings(): NotificationConfig {
    return this.config.get('app', { infer: true }).notifications;
  }

  async notify(input: NotifyInput): Promise<NotifyResult> {
    const attempt = currentAttempt();
    const settings = this.settings;
    validate(input);
    if (!isCaseId(input.caseId))
      throw ApplicationFailure.nonRetryable(`caseId must be a case id (UUID), got "${input.caseId}"`, 'InvalidNotification');
    const c = await loadCaseFacts(this.ds, input.caseId);
    if (!c) {
      if (attempt.final) return nothingSent(`case ${input.caseId} not found`);
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

    const { recipients, skipped, unaddressed } = await caseRecipients(this.ds, c, input.audience, input.data);
    const letters = recipients.map((r): Letter => ({
      key: dedupKey(input, r.key),
      mail: renderNotification(context(r.name)),
      caseId: c.id,
      orgPath: c.handling_org_path,
      kind: input.template,
      audience: input.audience,
      deadlineKind: input.deadlineKind,
      dueDate: input.dueDate,
      stage: input.stage,
      recipientUserId: r.userId,
      recipientEmail: r.email,
    }));
    return this.send(letters, attempt, skipped, unaddressed, {
      msg: 'notifications not delivered',
      caseId: c.id,
      template: input.template,
    });
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
    const paper = await loadPaperFacts(this.ds, input.paperId);
    const ids = [input.orgId, input.actingOrgId, input.opinionByOrgId].filter((x): x is string => typeof x === 'string');
    const orgs = await loadOrganisations(this.ds, ids);
    const org = orgs.find((o) => o.id === input.orgId);
    if (!paper || !org)
      throw ApplicationFailure.nonRetryable(`paper ${input.paperId} or organisation ${input.orgId} not found`, 'InvalidNotification');
    const actingOrgName = orgs.find((o) => o.id === input.actingOrgId)?.name;
    const opinionByName = orgs.find((o) => o.id === input.opinionByOrgId)?.name;
    const render = (recipientName?: string) =>
      renderPaperNotice({
        locale: settings.locale,
        task: input.task,
        paperId: paper.id,
        batch: paper.batch,
        number: paper.number,
        title: paper.title,
        orgName: org.name,
        ...(actingOrgName ? { actingOrgName } : {}),
        ...(input.opinion ? { opinion: input.opinion, ...(opinionByName ? { opinionByName } : {}) } : {}),
        appBaseUrl: settings.appBaseUrl,
        ...(recipientName ? { recipientName } : {}),
      });
    try {
      render();
    } catch (err) {
      throw ApplicationFailure.nonRetryable((err as Error).message, 'InvalidNotification');
    }
    const users = await usersInRoles(this.ds, [org.id], UNIT_RECIPIENT_ROLES);
    const { recipients, skipped: noAddress, unaddressed } = addressed(users);
    const letters = recipients.map((u): Letter => ({
      key: ['paper', paper.id, input.task, input.stage, u.key].join('|'),
      mail: render(u.name),
      paperId: paper.id,
      orgPath: org.path,
      kind: `paper_${input.task}`,
      audience: 'paper_org',
      stage: input.stage,
      recipientUserId: u.userId,
      recipientEmail: u.email,
    }));
    const skipped = users.length === 0 ? `${org.name} has no active integrity_admin` : noAddress;
    return this.send(letters, attempt, skipped, users.length === 0 ? 1 : unaddressed, {
      msg: 'paper notifications not delivered',
      paperId: paper.id,
      task: input.task,
    });
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
    const m = await reporterMessageRecipient(this.ds, input.reportId, input.messageId);
    if (!m) {
      // The API starts this workflow inside the message's transaction: until it commits, retry; a message that never
      // committed is never announced.
      if (attempt.final) return nothingSent('no such message (its transaction did not commit)');
      throw ApplicationFailure.retryable(`message ${input.messageId} is not stored yet`, 'MessageNotFound');
    }
    if (!isEmailAddress(m.email)) return nothingSent('the reporter left no e-mail address');
    const letter: Letter = {
      key: ['report', input.reportId, 'reporter_new_message', input.messageId, 'reporter'].join('|'),
      mail: renderReporterMessageNotice(settings.locale),
      ...(m.caseId ? { caseId: m.caseId } : {}),
      orgPath: m.orgPath,
      kind: 'reporter_new_message',
      audience: 'reporter',
      stage: input.messageId,
      recipientUserId: null,
      recipientEmail: m.email.trim(),
    };
    return this.send([letter], attempt, undefined, 0, {
      msg: 'reporter notice not delivered',
      reportId: input.reportId,
      messageId: input.messageId,
    });
  }

  /**
   * A lead's triage deadline (issue 22): the integrity administrators of the organisation it waits at are reminded
   * (`lead_org`); an escalation goes to the supervisors and integrity administrators of its parent (`lead_escalation`).
   * Same outbox, claim and retry protocol as case reminders; one row per (lead, stage, due date, recipient).
   */
  async notifyLead(input: NotifyLeadInput): Promise<NotifyResult> {
    const attempt = currentAttempt();
    const settings = this.settings;
    if (
      !input ||
      typeof input.stage !== 'string' ||
      input.stage.includes('|') ||
      input.stage.length > 100 ||
      !['lead_org', 'lead_escalation'].includes(input.audience)
    ) {
      throw ApplicationFailure.nonRetryable(
        'notifyLead: a short stage without "|" and audience lead_org or lead_escalation',
        'InvalidNotification',
      );
    }
    const lead = await loadLeadFacts(this.ds, input.leadId, input.orgId);
    if (!lead) {
      if (attempt.final) return nothingSent(`lead ${input.leadId} not found`);
      throw ApplicationFailure.retryable(`lead ${input.leadId} is not registered yet`, 'LeadNotFound');
    }
    const render = (recipientName?: string) =>
      renderLeadNotice({
        locale: settings.locale,
        audience: input.audience,
        leadId: lead.id,
        number: lead.number,
        title: lead.title,
        orgName: lead.org_name,
        dueDate: input.dueDate,
        stage: input.stage,
        overdueWorkingDays: input.overdueWorkingDays,
        appBaseUrl: settings.appBaseUrl,
        ...(recipientName ? { recipientName } : {}),
      });
    try {
      render();
    } catch (err) {
      throw ApplicationFailure.nonRetryable((err as Error).message, 'InvalidNotification');
    }
    const escalate = input.audience === 'lead_escalation';
    if (escalate && !lead.parent_id) return nothingSent('the organisation has no parent to escalate to');
    const roles = escalate ? ESCALATION_RECIPIENT_ROLES : UNIT_RECIPIENT_ROLES;
    const users = await usersInRoles(this.ds, [escalate ? lead.parent_id! : input.orgId], roles);
    const { recipients, skipped: noAddress, unaddressed } = addressed(users);
    const letters = recipients.map((u): Letter => ({
      key: ['lead', lead.id, input.audience, 'lead_triage', input.dueDate, input.stage, u.key].join('|'),
      mail: render(u.name),
      leadId: lead.id,
      orgPath: lead.org_path,
      kind: escalate ? 'deadline_escalation' : 'deadline_reminder',
      audience: input.audience,
      deadlineKind: 'lead_triage',
      dueDate: input.dueDate,
      stage: input.stage,
      recipientUserId: u.userId,
      recipientEmail: u.email,
    }));
    const skipped = users.length === 0 ? `no active ${roles.join(' or ')} to tell` : noAddress;
    return this.send(letters, attempt, skipped, users.length === 0 ? 1 : unaddressed, {
      msg: 'lead reminders not delivered',
      leadId: lead.id,
      stage: input.stage,
    });
  }

  /**
   * Queues one outbox row per letter (idempotent by its key: a retried attempt finds the row of the first), then
   * delivers them all; a notice not delivered is logged with `log`'s fields and the counts.
   */
  private async send(
    letters: Letter[],
    attempt: Attempt,
    skipped: string | undefined,
    unaddressed: number,
    log: { msg: string } & Record<string, unknown>,
  ): Promise<NotifyResult> {
    const locale = this.settings.locale;
    for (const { key, mail, ...row } of letters) {
      const id = randomUUID();
      await outbox.queueRow(this.ds, {
        ...row,
        id,
        dedupKey: key,
        subject: mail.subject,
        body: mail.text,
        locale,
        messageId: this.delivery.messageId(id),
      });
    }
    const result = await this.deliverAll(
      letters.map((l) => l.key),
      attempt,
      skipped,
      unaddressed,
    );
    if (result.failed || result.unknown) this.log.warn({ ...log, ...result });
    return result;
  }

  /** Delivers the outbox rows of `keys`; throws (Temporal retries) while some wait and attempts remain. */
  private async deliverAll(keys: string[], attempt: Attempt, skipped: string | undefined, unaddressed: number): Promise<NotifyResult> {
    const { counts, waiting } = await this.delivery.deliverAll(keys, attempt);
    if (waiting.length && !attempt.final) {
      // Recorded on the rows already; Temporal brings the activity back with backoff and the rows are claimed again.
      throw ApplicationFailure.retryable(
        `${waiting.length} of ${counts.queued} notification(s) not delivered yet: ${waiting.join('; ')}`,
        'NotificationNotDelivered',
      );
    }
    // On the last attempt every failure was given up ('failed'); what is left is in another attempt's hands.
    const { stale, ...rest } = counts;
    return { ...rest, inFlight: rest.inFlight + waiting.length, ...(skipped ? { skipped } : {}), unaddressed, ...(stale ? { stale } : {}) };
  }
}

/** One mail of a notice: its dedup key, its text, and the outbox row's own fields (subject, kind, audience, recipient). */
type Letter = Omit<NewOutboxRow, 'id' | 'dedupKey' | 'subject' | 'body' | 'locale' | 'messageId'> & {
  key: string;
  mail: { subject: string; text: string };
};

/** Nothing to send, and why (the subject is not there, nobody to tell): the same counts for every notice. */
function nothingSent(skipped: string): NotifyResult {
  return { queued: 0, sent: 0, alreadySent: 0, failed: 0, unknown: 0, inFlight: 0, skipped, unaddressed: 0 };
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
  for (const [k, v] of [
    ['stage', input.stage],
    ['deadlineKind', input.deadlineKind],
  ] as const) {
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
