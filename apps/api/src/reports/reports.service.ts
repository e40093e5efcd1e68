/**
 * The reporter channel (issue 23 point 1): a public, account-less way to file a report to an organisation, come back
 * with the report key and password, read the status the office shows and exchange messages with the handlers.
 *
 * Confidentiality (RULES.md §7, 003 art.46): the reporter's identity, the report's text, the messages and the files
 * reach the handlers of the case only (CaseAccess.isHandler), and before triage the integrity administrators of the
 * receiving organisation; every such read is audited. The reporter sees their own report, the status and note the
 * office chose, and the office's messages with the files sent with them: never who wrote them, the case number, its
 * phase or anything else internal. Messages live in PostgreSQL and the audit trail (by hash), never in workflow history.
 */
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client } from '@temporalio/client';
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@libs/config/src';
import {
  conform,
  FileReportBodySchema,
  HandlerMessageBodySchema,
  MakeLeadBodySchema,
  OpenCaseFromReportBodySchema,
  RefuseReportBodySchema,
  ReporterMessageBodySchema,
  ReportStatusBodySchema,
} from '@libs/contract/src';
import { isoDateOf } from '@libs/domain/src/calendar';
import { allegationIssues, getCatalogue } from '@libs/domain/src/decision';
import { normaliseDoi } from '@libs/domain/src/lead';
import { getPolicyProfile } from '@libs/domain/src/policy';
import { DomainError, validationFailed, type Issue } from '@libs/domain/src/shared';
import { FILE_STORE, type FileStore } from '@libs/persistence/src/file-store';
import { containsPattern } from '@libs/persistence/src/like';
import {
  copyReportFilesToCase,
  copyReporterFileToCase,
  leadWithDoi,
  reportableOrganisations,
  reportOrganisation,
  filesOf,
  inbox,
  insertMessage,
  insertReport,
  insertReportFile,
  markReadByReporter,
  messagesOf,
  reporterRecordOf,
  reportById,
  reportFile,
  reportsOfCase,
  setReportStatus,
  triageReport,
  type MessageRow,
  type ReportFileRow,
  type ReportRow,
  type ReportStatus,
} from '@libs/persistence/src/reports';
import { generateReportKey, hashPassword, normaliseReportKey, reportKeyHash } from '@libs/security/src';
import { reporterNoticeWorkflow } from '@workflows/reporter-notice.workflow';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { CaseAccess, type CaseRow } from '../cases/case-access.service';
import { CaseService } from '../cases/case.service';
import { LeadService } from '../leads/lead.service';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { receiveUpload, recordOrDiscard } from '../common/stored-upload';
import { pageOf } from '../common/fields';

interface FileReportBody {
  organisationId: string;
  anonymous: boolean;
  reporter?: { name?: string; phone?: string; email?: string };
  password: string;
  title: string;
  summary: string;
  subjects: Array<{ name: string; organisation?: string }>;
  allegations: string[];
  paper?: { title?: string; journal?: string; doi?: string };
}

/** [decision] The status the case's phase suggests; the office decides what the reporter sees. */
export function suggestedStatus(phase: string): ReportStatus {
  switch (phase) {
    case 'intake':
    case 'transferred':
      return 'received';
    case 'rejected':
      return 'not_accepted';
    case 'investigation':
    case 'suspended':
    case 'handling':
      return 'in_investigation';
    default:
      return 'decided';
  }
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

@Injectable()
export class ReportsService {
  constructor(
    private readonly ds: DataSource,
    private readonly temporal: Client,
    private readonly access: CaseAccess,
    private readonly cases: CaseService,
    private readonly leads: LeadService,
    private readonly audit: AuditService,
    private readonly config: ConfigService<{ app: AppConfig }, true>,
    @Inject(FILE_STORE) private readonly store: FileStore,
  ) {}

  // ---------------------------------------------------------------------------------------------------------------
  // public: organisations to report to

  async organisations(q: string | undefined) {
    return reportableOrganisations(this.ds, q);
  }

  async organisation(id: string) {
    const o = await reportOrganisation(this.ds, id);
    if (!o) throw new DomainError('NOT_FOUND', 'organisation not found');
    const types = getCatalogue(o.policy_profile).misconductTypes.map((t) => ({ code: t.code, zh: t.zh, en: t.en }));
    return { id: o.id, name: o.name, level: o.level, misconductTypes: types };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // public: the reporter

  /** Files a report; the key is in this answer only. Allegations are checked against the organisation's catalogue. */
  async file(raw: unknown, takeFiling: () => Promise<void>) {
    const body = conform<FileReportBody>(FileReportBodySchema, raw);
    const issues: Issue[] = [];
    const org = await reportOrganisation(this.ds, body.organisationId);
    if (!org) issues.push({ path: 'organisationId', rule: 'exists', message: 'no such organisation' });
    const r = body.reporter ?? {};
    if (body.anonymous) {
      // RULES.md §2: an anonymous report carries no identity; an address for notices only.
      if (r.name !== undefined) issues.push({ path: 'reporter.name', rule: 'anonymous', message: 'an anonymous report carries no name' });
      if (r.phone !== undefined)
        issues.push({
          path: 'reporter.phone',
          rule: 'anonymous',
          message: 'an anonymous report carries no phone number (an e-mail address for notices only)',
        });
    } else {
      // 003 art.14 / 001 art.14: a real-name reporter is told of the acceptance decision: name and a way to reach them.
      if (r.name === undefined)
        issues.push({
          path: 'reporter.name',
          rule: 'required',
          article: '003 art.14',
          message: 'a real-name report needs the reporter’s name',
        });
      if (r.phone === undefined && r.email === undefined) {
        issues.push({
          path: 'reporter',
          rule: 'contact',
          article: '003 art.14',
          message: 'a real-name report needs a phone number or an e-mail address',
        });
      }
    }
    if (org) issues.push(...allegationIssues(org.policy_profile, body.allegations));
    if (issues.length) throw validationFailed(issues);
    await takeFiling(); // the filing limit per address (429), before the slow hash

    const key = generateReportKey();
    const id = randomUUID();
    const reporter = body.anonymous ? (r.email ? { email: r.email } : null) : { ...r };
    const { receivedAt } = await insertReport(this.ds, {
      id,
      orgId: org!.id,
      orgPath: org!.path,
      profile: org!.policy_profile,
      keyHash: reportKeyHash(normaliseReportKey(key)!),
      passwordHash: await hashPassword(body.password),
      anonymous: body.anonymous,
      reporter,
      title: body.title,
      summary: body.summary,
      subjects: body.subjects,
      allegations: body.allegations,
      paper: body.paper ?? null,
    });
    await this.audit.record(
      null,
      { action: 'REPORT filed', outcome: 201, details: { reportId: id, orgId: org!.id, anonymous: body.anonymous } },
      'reporter',
    );
    return { key, status: 'received' as const, receivedAt: receivedAt.toISOString(), organisation: { id: org!.id, name: org!.name } };
  }

  /** What the reporter reads; the office's messages count as read from now. */
  async view(reportId: string) {
    const report = (await reportById(this.ds, reportId))!;
    const [messages, files] = await Promise.all([messagesOf(this.ds, [reportId]), filesOf(this.ds, [reportId])]);
    const shown = files.filter((f) => f.side === 'reporter' || f.message_id !== null);
    const unread = messages.filter((m) => m.direction === 'to_reporter' && m.read_at === null).length;
    if (unread) await markReadByReporter(this.ds, reportId);
    return {
      organisation: { name: report.org_name },
      receivedAt: report.received_at.toISOString(),
      anonymous: report.anonymous,
      status: report.status,
      statusNote: report.status_note,
      statusAt: report.status_at.toISOString(),
      title: report.title,
      summary: report.summary,
      subjects: report.subjects,
      allegations: report.allegations,
      paper: report.paper,
      messages: messages.map((m) => reporterMessageView(m, shown)),
      files: shown.map(fileView),
      unread,
    };
  }

  async reporterMessage(reportId: string, raw: unknown) {
    const body = conform<{ body: string; attachmentIds?: string[] }>(ReporterMessageBodySchema, raw);
    const report = (await reportById(this.ds, reportId))!;
    const message = await this.ds.transaction(async (tx) => {
      const m = await insertMessage(tx, {
        reportId,
        direction: 'from_reporter',
        body: body.body,
        sha256: sha256(body.body),
        authorUserId: null,
        caseId: report.case_id,
        attachmentIds: body.attachmentIds ?? [],
      });
      if ('badAttachments' in m)
        throw badAttachments(m.badAttachments, body.attachmentIds ?? [], 'files you uploaded to this report and have not sent yet');
      return m;
    });
    const files = await filesOf(this.ds, [reportId]);
    await this.audit.record(
      null,
      {
        action: 'REPORT message from reporter',
        outcome: 201,
        caseId: report.case_id,
        details: messageAudit(reportId, message, body.body, body.attachmentIds ?? [], files),
      },
      'reporter',
    );
    const [row] = (await messagesOf(this.ds, [reportId])).filter((m) => m.id === message.id);
    return reporterMessageView(row!, files);
  }

  /** A file of the reporter: a material of the report, sent with a message when named in one. */
  async reporterUpload(reportId: string, req: IncomingMessage, res: ServerResponse) {
    const report = (await reportById(this.ds, reportId))!;
    const { row } = await this.storeFile(req, res, [], async () => report, 'reporter', null);
    await this.audit.record(
      null,
      {
        action: 'REPORT file from reporter',
        outcome: 201,
        caseId: report.case_id,
        details: { reportId, fileId: row.id, sha256: row.sha256 },
      },
      'reporter',
    );
    return fileView(row);
  }

  async reporterDownload(reportId: string, fileId: string): Promise<{ file: ReturnType<typeof fileView>; stream: Readable }> {
    const f = await reportFile(this.ds, [reportId], fileId);
    // The office's files reach the reporter only once sent with a message.
    if (!f || (f.side === 'handler' && f.message_id === null)) throw new DomainError('NOT_FOUND', 'file not found');
    return { file: fileView(f), stream: this.store.open(f.storage_key) };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // the handlers of a case

  private async handlerCase(p: Principal, caseId: string): Promise<CaseRow> {
    const row = await this.access.findVisible(p, caseId);
    if (!this.access.isHandler(p, row)) {
      throw new DomainError('FORBIDDEN', 'the reporter channel of a case is for its handlers only (003 art.46)');
    }
    return row;
  }

  async channel(p: Principal, caseId: string) {
    const row = await this.handlerCase(p, caseId);
    const reports = await reportsOfCase(this.ds, row.id);
    const ids = reports.map((r) => r.id);
    const [messages, files] = await Promise.all([messagesOf(this.ds, ids), filesOf(this.ds, ids)]);
    await this.audit.record(p, { action: 'READ reporter messages', outcome: 200, caseId: row.id, details: { reports: ids } });
    return {
      caseId: row.id,
      reports: reports.map((r) => {
        const own = files.filter((f) => f.report_id === r.id);
        return {
          reportId: r.id,
          receivedAt: r.received_at.toISOString(),
          anonymous: r.anonymous,
          notices: typeof r.reporter?.email === 'string',
          status: r.status,
          statusNote: r.status_note,
          suggestedStatus: suggestedStatus(row.phase),
          messages: messages
            .filter((m) => m.report_id === r.id)
            .map((m) => ({
              ...reporterMessageView(m, own),
              author: m.author_user_id ? { userId: m.author_user_id, name: m.author_name } : null,
              readByReporterAt: m.direction === 'to_reporter' ? (m.read_at?.toISOString() ?? null) : null,
              caseId: m.case_id,
            })),
          files: own.map(fileView),
        };
      }),
    };
  }

  /** The case's report a handler's request names: the only one, or `reportId` among several. */
  private async reportOfCase(row: CaseRow, reportId: string | undefined, path = 'reportId'): Promise<ReportRow> {
    const reports = await reportsOfCase(this.ds, row.id);
    if (reports.length === 0)
      throw new DomainError('CONFLICT', 'the case came through no report of the reporter channel: there is nobody to write to');
    if (reportId === undefined) {
      if (reports.length > 1)
        throw validationFailed([{ path, rule: 'required', message: `the case has ${reports.length} reports (merged): name one` }]);
      return reports[0]!;
    }
    const r = reports.find((x) => x.id === reportId);
    if (!r) throw validationFailed([{ path, rule: 'exists', message: 'not a report of this case' }]);
    return r;
  }

  async handlerMessage(p: Principal, caseId: string, raw: unknown) {
    const row = await this.handlerCase(p, caseId);
    const body = conform<{ body: string; attachmentIds?: string[]; reportId?: string }>(HandlerMessageBodySchema, raw);
    const report = await this.reportOfCase(row, body.reportId);
    const { taskQueue } = this.config.get('app', { infer: true }).temporal;
    const message = await this.ds.transaction(async (tx) => {
      const m = await insertMessage(tx, {
        reportId: report.id,
        direction: 'to_reporter',
        body: body.body,
        sha256: sha256(body.body),
        authorUserId: p.userId,
        caseId: row.id,
        attachmentIds: body.attachmentIds ?? [],
      });
      if ('badAttachments' in m)
        throw badAttachments(m.badAttachments, body.attachmentIds ?? [], 'files uploaded for this report’s reporter and not sent yet');
      // "You have a new message", once (reporter-notice.workflow.ts). Started before the commit: if it cannot start,
      // the message is not stored either (503, retry); if the commit fails after it, the activity finds no message.
      if (typeof report.reporter?.email === 'string') {
        await this.temporal.workflow.start(reporterNoticeWorkflow, {
          workflowId: `reporter-notice-${m.id}`,
          taskQueue,
          args: [{ reportId: report.id, messageId: m.id }],
        });
      }
      return m;
    });
    const files = await filesOf(this.ds, [report.id]);
    await this.audit.record(p, {
      action: 'REPORT message to reporter',
      outcome: 201,
      caseId: row.id,
      details: messageAudit(report.id, message, body.body, body.attachmentIds ?? [], files),
    });
    const [m] = (await messagesOf(this.ds, [report.id])).filter((x) => x.id === message.id);
    return { ...reporterMessageView(m!, files), author: { userId: p.userId, name: p.name }, readByReporterAt: null, caseId: row.id };
  }

  /** A handler's file for the reporter: shown to the reporter only once sent with a message. */
  async handlerUpload(p: Principal, caseId: string, req: IncomingMessage, res: ServerResponse) {
    const row = await this.handlerCase(p, caseId); // 404 and 403 before a byte of the body is read
    if ((await reportsOfCase(this.ds, row.id)).length === 0) await this.reportOfCase(row, undefined); // 409: nobody to write to
    const { row: f, report } = await this.storeFile(
      req,
      res,
      ['reportId'],
      async (fields) => {
        const reportId = fields.reportId;
        if (reportId !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(reportId)) {
          throw validationFailed([{ path: 'reportId', rule: 'format', message: 'must be a UUID' }]);
        }
        return this.reportOfCase(row, reportId);
      },
      'handler',
      p.userId,
    );
    await this.audit.record(p, {
      action: 'REPORT file for reporter',
      outcome: 201,
      caseId: row.id,
      details: { reportId: report.id, fileId: f.id, sha256: f.sha256 },
    });
    return fileView(f);
  }

  async handlerDownload(p: Principal, caseId: string, fileId: string) {
    const row = await this.handlerCase(p, caseId);
    const reports = await reportsOfCase(this.ds, row.id);
    const f = await reportFile(
      this.ds,
      reports.map((r) => r.id),
      fileId,
    );
    if (!f) throw new DomainError('NOT_FOUND', 'file not found');
    await this.audit.record(p, { action: 'READ reporter file', outcome: 200, caseId: row.id, details: { reportId: f.report_id, fileId } });
    return { file: fileView(f), stream: this.store.open(f.storage_key) };
  }

  /** What the reporter sees of the case's progress: chosen by a handler (officer roles). */
  async setStatus(p: Principal, caseId: string, raw: unknown) {
    const row = await this.handlerCase(p, caseId);
    if (!p.roles.some((r) => r === 'integrity_admin' || r === 'case_officer') && !this.access.entersFor(p, row)) {
      throw new DomainError(
        'FORBIDDEN',
        'the status shown to the reporter is set by the integrity administrators and case officers of the case',
      );
    }
    const body = conform<{ status: ReportStatus; note?: string; reportId?: string }>(ReportStatusBodySchema, raw);
    const reports = body.reportId === undefined ? await reportsOfCase(this.ds, row.id) : [await this.reportOfCase(row, body.reportId)];
    if (reports.length === 0) throw new DomainError('CONFLICT', 'the case came through no report of the reporter channel');
    await this.ds.transaction(async (tx) => {
      for (const r of reports) await setReportStatus(tx, r.id, body.status, body.note ?? null);
    });
    await this.audit.record(p, {
      action: 'REPORT status shown',
      outcome: 200,
      caseId: row.id,
      details: { reports: reports.map((r) => r.id), status: body.status },
    });
    return this.channel(p, row.id);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // triage: integrity administrators of the receiving organisation

  private requireTriage(p: Principal, report: ReportRow | undefined): ReportRow {
    // Another organisation's report does not exist for the caller (404); in the organisation, it needs the role.
    if (!report || report.org_id !== p.orgId) throw new DomainError('NOT_FOUND', 'report not found');
    if (!p.roles.includes('integrity_admin'))
      throw new DomainError('FORBIDDEN', 'reports are triaged by the integrity administrators of the receiving organisation');
    return report;
  }

  async inbox(p: Principal, q: { state?: string; page?: string; pageSize?: string }) {
    if (!p.roles.includes('integrity_admin'))
      throw new DomainError('FORBIDDEN', 'reports are triaged by the integrity administrators of the receiving organisation');
    const { page, pageSize } = pageOf(q, 20);
    const { total, rows } = await inbox(this.ds, p.orgId, { untriaged: q.state !== 'all', limit: pageSize, offset: (page - 1) * pageSize });
    const files = await filesOf(
      this.ds,
      rows.map((r) => r.id),
    );
    if (rows.some((r) => r.reporter !== null)) {
      await this.audit.record(p, {
        action: 'READ reporter identity (report inbox)',
        outcome: 200,
        details: { reports: rows.filter((r) => r.reporter !== null).map((r) => r.id) },
      });
    }
    return { total, page, pageSize, items: rows.map((r) => inboxView(r, files)) };
  }

  async inboxReport(p: Principal, id: string) {
    const report = this.requireTriage(p, await reportById(this.ds, id));
    const files = await filesOf(this.ds, [report.id]);
    if (report.reporter !== null)
      await this.audit.record(p, {
        action: 'READ reporter identity (report inbox)',
        outcome: 200,
        caseId: report.case_id,
        details: { reports: [report.id] },
      });
    return inboxView(report, files);
  }

  async inboxDownload(p: Principal, id: string, fileId: string) {
    const report = this.requireTriage(p, await reportById(this.ds, id));
    const f = await reportFile(this.ds, [report.id], fileId);
    if (!f || f.side !== 'reporter') throw new DomainError('NOT_FOUND', 'file not found');
    return { file: fileView(f), stream: this.store.open(f.storage_key) };
  }

  /**
   * The report becomes a case through the ordinary registration (its workflow starts; 409 if the report was triaged
   * meanwhile, and then no case is left behind): the case's reporter record carries the report's reporter, its evidence
   * the reporter's files (handlers only), and the report shows "received".
   */
  async openCase(p: Principal, id: string, raw: unknown) {
    const report = this.requireTriage(p, await reportById(this.ds, id));
    const body = conform<{ title?: string; receivedAt?: string; allegations?: string[]; note?: string; statusNote?: string }>(
      OpenCaseFromReportBodySchema,
      raw,
    );
    if (report.triage !== null) throw new DomainError('CONFLICT', `the report was already triaged (${report.triage})`);
    const allegations = body.allegations ?? report.allegations;
    const issues = allegationIssues(getPolicyProfile(report.policy_profile).code, allegations);
    if (issues.length) throw validationFailed(issues);
    const filed = isoDateOf(report.received_at.getTime());
    if (body.receivedAt !== undefined && body.receivedAt < filed) {
      throw validationFailed([{ path: 'receivedAt', rule: 'before_filed', message: `cannot be before the report was filed (${filed})` }]);
    }
    // The notices of the procedure (003 art.14) go to a real-name reporter's contact: an e-mail address where given.
    const reporterRecord = reporterRecordOf(report);
    const created = await this.cases.create(
      p,
      {
        source: 'report',
        handlingOrgId: report.org_id,
        receivedAt: body.receivedAt ?? filed,
        title: body.title ?? report.title,
        allegations,
        subjects: report.subjects.map((s) => ({ name: s.name, ...(s.organisation ? { organisation: s.organisation } : {}) })),
        ...(report.paper && (report.paper.title || report.paper.doi)
          ? {
              paper: {
                title: report.paper.title ?? report.paper.doi!,
                ...(report.paper.journal ? { journal: report.paper.journal } : {}),
                ...(report.paper.doi ? { doi: report.paper.doi } : {}),
              },
            }
          : {}),
      },
      {
        reporterRecord,
        withinRegistration: async (tx, caseId) => {
          const ok = await triageReport(tx, report.id, {
            outcome: 'case',
            caseId,
            userId: p.userId,
            note: body.note ?? null,
            status: 'received',
            statusNote: body.statusNote ?? null,
          });
          if (!ok) throw new DomainError('CONFLICT', 'the report was triaged meanwhile');
          await copyReportFilesToCase(tx, report.id, caseId, p.userId);
        },
      },
    );
    await this.audit.record(p, { action: 'REPORT opened as case', outcome: 201, caseId: created.id, details: { reportId: report.id } });
    return {
      reportId: report.id,
      triage: 'case' as const,
      status: 'received' as const,
      case: { id: created.id, number: created.number, phase: created.phase, version: created.version },
    };
  }

  /**
   * The report becomes a lead of the receiving organisation (issue 22's leads: origin and category `report`), triaged
   * there like any lead (dispatched, closed, or opened as a case). The lead carries the report's title, DOI, subjects'
   * names and organisation, never its text or the reporter: those stay with the report (this inbox) until the lead opens
   * a case, which then takes the report and its reporter (activities/lead.activities.ts). 409 when the report was
   * triaged, or a lead has its DOI already (open a case, or refuse the report, instead).
   */
  async makeLead(p: Principal, id: string, raw: unknown) {
    this.requireTriage(p, await reportById(this.ds, id));
    const body = conform<{ note?: string; statusNote?: string }>(MakeLeadBodySchema, raw);
    let started: string | null = null;
    const lead = await this.ds
      .transaction(async (tx) => {
        const report = (await reportById(tx, id, { forUpdate: true }))!;
        if (report.triage !== null) throw new DomainError('CONFLICT', `the report was already triaged (${report.triage})`);
        const doi = report.paper?.doi ? normaliseDoi(report.paper.doi) : null;
        if (doi) {
          const dup = await leadWithDoi(tx, doi);
          if (dup) {
            throw new DomainError(
              'CONFLICT',
              `a lead for DOI ${doi} exists already: ${dup.number}; open a case from the report, or refuse it, instead`,
              {
                issues: [{ path: 'paper.doi', rule: 'unique', message: `lead ${dup.number} (${dup.id}) has this DOI` }],
              },
            );
          }
        }
        const holder = await this.leads.visibleOrg(p, report.org_id, 'organisationId');
        const subjects = report.subjects;
        const created = await this.leads.registerIn(tx, p, holder, {
          origin: 'report',
          category: 'report',
          title: report.title,
          doi,
          authors: subjects.map((x) => x.name),
          institution: subjects.find((x) => x.organisation)?.organisation ?? null,
          journal: report.paper?.journal ?? null,
          publishedOn: null,
          retractionDate: null,
          summary: null,
          sourceRef: null,
          details: { reportId: report.id },
          paperId: null,
          on: isoDateOf(report.received_at.getTime()),
        });
        started = created.workflowId;
        await triageReport(tx, report.id, {
          outcome: 'lead',
          leadId: created.id,
          userId: p.userId,
          note: body.note ?? null,
          status: 'received',
          statusNote: body.statusNote ?? null,
        });
        return created;
      })
      .catch(async (err: unknown) => {
        if (started) await this.leads.terminate(started); // nothing half-written
        throw err;
      });
    await this.audit.record(p, { action: 'REPORT made a lead', outcome: 201, details: { reportId: id, leadId: lead.id } });
    return { reportId: id, triage: 'lead' as const, status: 'received' as const, case: null, lead: { id: lead.id, number: lead.number } };
  }

  async refuse(p: Principal, id: string, raw: unknown) {
    const report = this.requireTriage(p, await reportById(this.ds, id));
    const body = conform<{ note: string; statusNote?: string }>(RefuseReportBodySchema, raw);
    const ok = await this.ds.transaction((tx) =>
      triageReport(tx, report.id, {
        outcome: 'refused',
        userId: p.userId,
        note: body.note,
        status: 'not_accepted',
        statusNote: body.statusNote ?? null,
      }),
    );
    if (!ok) throw new DomainError('CONFLICT', `the report was already triaged (${report.triage ?? 'meanwhile'})`);
    await this.audit.record(p, { action: 'REPORT refused', outcome: 200, details: { reportId: report.id } });
    return { reportId: report.id, triage: 'refused' as const, status: 'not_accepted' as const, case: null };
  }

  // ---------------------------------------------------------------------------------------------------------------

  /**
   * The file streamed to the store (common/stored-upload.ts: the announced size checked before the body is read, the
   * content type when the part starts, the size while it streams), then recorded; the bytes go again if the fields are
   * refused or the row cannot be written: nothing half-written. The report is resolved from the fields once the body is
   * read (`reportOf`). A reporter's file after triage is also evidence of the case (report material, handlers only).
   */
  private async storeFile(
    req: IncomingMessage,
    res: ServerResponse,
    fields: string[],
    reportOf: (fields: Readonly<Record<string, string>>) => Promise<ReportRow>,
    side: 'reporter' | 'handler',
    userId: string | null,
  ): Promise<{ row: ReportFileRow; report: ReportRow }> {
    const id = randomUUID();
    const key = `reports/${id}`;
    const { files } = this.config.get('app', { infer: true });
    const { fields: got, file: f } = await receiveUpload(req, res, { store: this.store, key, ...files, fields });
    return recordOrDiscard(this.store, key, async () => {
      const report = await reportOf(got);
      const filename = f.originalname.slice(0, 255);
      const uploadedAt = await this.ds.transaction(async (tx) => {
        const { uploadedAt: at } = await insertReportFile(tx, {
          id,
          reportId: report.id,
          side,
          filename,
          contentType: f.mimetype,
          size: f.size,
          sha256: f.sha256,
          storageKey: key,
          uploadedBy: userId,
        });
        if (side === 'reporter' && report.case_id) {
          await copyReporterFileToCase(tx, {
            id: randomUUID(),
            caseId: report.case_id,
            reportId: report.id,
            filename,
            contentType: f.mimetype,
            size: f.size,
            sha256: f.sha256,
            storageKey: key,
          });
        }
        return at;
      });
      const row: ReportFileRow = {
        id,
        report_id: report.id,
        side,
        message_id: null,
        filename,
        content_type: f.mimetype,
        size: String(f.size),
        sha256: f.sha256,
        storage_key: key,
        uploaded_by: userId,
        uploaded_at: uploadedAt,
      };
      return { row, report };
    });
  }
}

function fileView(f: ReportFileRow) {
  return {
    id: f.id,
    filename: f.filename,
    contentType: f.content_type,
    size: Number(f.size),
    sha256: f.sha256,
    from: f.side === 'reporter' ? ('reporter' as const) : ('office' as const),
    uploadedAt: f.uploaded_at.toISOString(),
    messageId: f.message_id,
  };
}

function reporterMessageView(m: MessageRow, files: ReportFileRow[]) {
  return {
    id: m.id,
    seq: m.seq,
    from: m.direction === 'from_reporter' ? ('reporter' as const) : ('office' as const),
    body: m.body,
    at: m.created_at.toISOString(),
    attachments: files.filter((f) => f.message_id === m.id).map(fileView),
  };
}

function inboxView(r: ReportRow, files: ReportFileRow[]) {
  return {
    id: r.id,
    receivedAt: r.received_at.toISOString(),
    anonymous: r.anonymous,
    reporter: r.reporter,
    title: r.title,
    summary: r.summary,
    subjects: r.subjects,
    allegations: r.allegations,
    paper: r.paper,
    status: r.status,
    triage: r.triage,
    triagedAt: r.triaged_at?.toISOString() ?? null,
    caseId: r.case_id,
    leadId: r.lead_id,
    files: files.filter((f) => f.report_id === r.id && f.side === 'reporter').map(fileView),
  };
}

/** What the audit trail keeps of a message: which, whose, its hash and its files' hashes; never its text. */
function messageAudit(reportId: string, m: { id: string; seq: number }, text: string, attachmentIds: string[], files: ReportFileRow[]) {
  return {
    reportId,
    messageId: m.id,
    seq: m.seq,
    sha256: sha256(text),
    attachments: attachmentIds.map((id) => ({ id, sha256: files.find((f) => f.id === id)?.sha256 ?? null })),
  };
}

function badAttachments(bad: string[], sent: string[], what: string): DomainError {
  return validationFailed(
    bad.map((id) => ({ path: `attachmentIds[${sent.indexOf(id)}]`, rule: 'attachment', message: `not one of the ${what}` })),
  );
}
