import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure, Client, WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { isoDateOf } from '../../../../libs/domain/src/calendar';
import {
  composeDocument,
  documentIssuer,
  documentRefusal,
  DOCUMENT_KIND_SPECS,
  DOCUMENT_KINDS,
  getTemplate,
  REPORTER_DOCUMENT_KINDS,
  type DocumentFacts,
  type DocumentKind,
  type DocumentRecord,
} from '../../../../libs/domain/src/documents';
import { DomainError, validationFailed } from '../../../../libs/domain/src/shared';
import { conform, GenerateDocumentBodySchema } from '../../../../libs/contract/src';
import {
  allocateDocumentNumber,
  appendDocumentAfterWorkflow,
  documentFactRows,
  documentStorageKey,
  listCaseDocuments,
  type CaseDocumentRow,
} from '../../../../libs/persistence/src/case-documents';
import { FILE_STORE, type FileStore } from '../../../../libs/persistence/src/file-store';
import { recordDocumentUpdate, type Actor } from '../../../../workflows/definitions';
import type { Principal } from '../auth/principal';
import { CaseAccess, type CaseRow } from '../cases/case-access.service';
import { DecisionService } from '../decisions/decision.service';
import { PdfRenderer } from './pdf-renderer.service';

/** Who writes documents: the case's officers (RULES.md §1). */
const WRITERS = ['integrity_admin', 'case_officer'];
/** How long to wait for a case's workflow that refused because it is ending to have ended. */
const ENDING_WAIT_MS = 30_000;

/**
 * Generated documents (issue 23, point 2): a document of a kind is written from the case's data and its decision form
 * with the template of the case's policy profile (libs/domain/src/documents), laid out as a PDF (libs/documents), kept
 * among the case's files with its SHA-256, and recorded on the case's timeline — by the case's workflow while it runs
 * (Update `recordDocument`; the projection writes the file row with the event), by libs/persistence/src/case-documents.ts
 * once the workflow has ended. A generation that fails leaves no file row and no event.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: CaseAccess,
    private readonly decisions: DecisionService,
    private readonly renderer: PdfRenderer,
    private readonly temporal: Client,
    @Inject(FILE_STORE) private readonly store: FileStore,
  ) {}

  /** Checked in this order: the case (404) → the caller writes documents here (403) → the body (400) → the kind's
   * role (403) → the step the document records (409) → its date (400). */
  async generate(p: Principal, idOrNumber: string, body: unknown) {
    const row = await this.access.findVisible(p, idOrNumber);
    const entersFor = this.access.entersFor(p, row);
    if (!this.mayWrite(p, row)) throw new DomainError('FORBIDDEN', `documents are written by the handling organisation's ${WRITERS.join(' or ')}`);
    const { kind, date } = conform<{ kind: DocumentKind; date?: string }>(GenerateDocumentBodySchema, body);
    const template = getTemplate(row.policy_profile, kind);
    const fullIds = template.idNumbers === 'full';
    if (fullIds && !(entersFor || p.roles.includes('integrity_admin'))) {
      // [decision] the letter prints full ID numbers (001 art.29(一)), which only integrity administrators may read
      throw new DomainError('FORBIDDEN', `a ${DOCUMENT_KIND_SPECS[kind].en.toLowerCase()} prints full ID numbers (001 art.29): integrity administrators of the case write it`);
    }
    const { facts, orgs } = await this.facts(row, fullIds);
    const refusal = documentRefusal(kind, facts);
    if (refusal) throw new DomainError('CONFLICT', refusal, { phase: row.phase });
    const docDate = date ?? isoDateOf(Date.now());
    this.checkDate(kind, facts, docDate);

    const issuer = documentIssuer(template, orgs.superior !== null) === 'superior' ? orgs.superior! : orgs.handling;
    const year = Number(docDate.slice(0, 4));
    const seq = await allocateDocumentNumber(this.ds, issuer.id, template.numberPrefix, year);
    const content = composeDocument(kind, facts, { prefixSeq: seq, date: docDate });
    const pdf = await this.renderer.render(content);
    const documentId = randomUUID();
    const record: DocumentRecord = {
      documentId,
      kind,
      title: content.title,
      number: content.number,
      numbering: { prefix: template.numberPrefix, year, seq },
      issuerOrgId: issuer.id,
      date: docDate,
      filename: `${content.number}${content.title}.pdf`,
      size: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      template: `${row.policy_profile}/${kind}`,
    };
    const actor: Actor = { userId: p.userId, role: entersFor ? 'integrity_admin' : WRITERS.find((r) => p.roles.includes(r))!, orgId: p.orgId, name: p.name, ...(entersFor ? { onBehalfOf: row.handling_org_id } : {}) };
    const key = documentStorageKey(row.id, documentId);
    await this.store.put(key, pdf);
    try {
      await this.record(row, actor, record);
    } catch (err) {
      // Not recorded for certain (the workflow refused it, or the transaction after it ended left no event): the bytes
      // go too. Otherwise the outcome is unknown and the Update may still land with its event and file row: they stay.
      const notRecorded = err instanceof NotRecorded || err instanceof WorkflowUpdateFailedError || err instanceof DomainError;
      if (notRecorded) await this.store.delete(key).catch(() => undefined);
      throw err instanceof NotRecorded ? err.cause : err;
    }
    const [stored] = (await listCaseDocuments(this.ds, row.id)).filter((d) => d.file_id === documentId);
    return view(row.id, stored!);
  }

  async list(p: Principal, idOrNumber: string) {
    const row = await this.access.findVisible(p, idOrNumber);
    const handler = this.access.isHandler(p, row);
    const rows = await listCaseDocuments(this.ds, row.id);
    const documents = rows.filter((d) => handler || !(REPORTER_DOCUMENT_KINDS as readonly string[]).includes(d.kind)).map((d) => view(row.id, d));
    let available: DocumentKind[] = [];
    if (this.mayWrite(p, row)) {
      const { facts } = await this.facts(row, false);
      const admin = this.access.entersFor(p, row) || p.roles.includes('integrity_admin');
      available = DOCUMENT_KINDS.filter((k) => documentRefusal(k, facts) === null && (admin || getTemplate(row.policy_profile, k).idNumbers !== 'full'));
    }
    return { documents, available };
  }

  private mayWrite(p: Principal, row: CaseRow): boolean {
    return this.access.entersFor(p, row) || (this.access.isHandler(p, row) && p.roles.some((r) => WRITERS.includes(r)));
  }

  private async facts(row: CaseRow, fullIds: boolean): Promise<{ facts: DocumentFacts; orgs: { handling: { id: string; name: string }; superior: { id: string; name: string } | null } }> {
    const r = await documentFactRows(this.ds, row.id);
    const form = await this.decisions.submittedForm(row.id, fullIds);
    const details = row.details as { subjects?: Array<{ name: string; organisation?: string }>; paper?: { title: string } | null };
    const facts: DocumentFacts = {
      profile: row.policy_profile,
      caseNumber: row.number,
      caseTitle: row.title,
      source: row.source,
      receivedAt: row.received_at,
      subjects: details.subjects ?? [],
      paper: details.paper ?? null,
      handlingOrg: { name: r.handlingOrg.name },
      superiorOrg: r.superiorOrg ? { name: r.superiorOrg.name } : null,
      reporter: r.reporter?.name ? { name: r.reporter.name, realName: r.reporter.realName === true } : null,
      events: r.events.map((e) => ({ seq: e.seq, type: e.type, data: e.data })),
      decision: form ? (form as DocumentFacts['decision']) : null,
      decisionLetterNumber: r.decisionLetterNumber,
    };
    return { facts, orgs: { handling: r.handlingOrg, superior: r.superiorOrg } };
  }

  /** The 成文日期: not in the future, not before the step the document records (where that step has a date). */
  private checkDate(kind: DocumentKind, facts: DocumentFacts, date: string): void {
    const today = isoDateOf(Date.now());
    if (date > today) throw validationFailed([{ path: 'date', rule: 'date.future', message: `cannot be in the future (today is ${today})` }]);
    const step = [...facts.events].reverse().find((e) => DOCUMENT_KIND_SPECS[kind].after.includes(e.type));
    const stepDate = typeof step?.data.on === 'string' ? step.data.on : facts.receivedAt;
    if (date < stepDate) {
      throw validationFailed([{ path: 'date', rule: 'date.before_step', message: `cannot be before the step the document records (${step?.type ?? 'receipt'} on ${stepDate})` }]);
    }
  }

  /** The timeline event (and with it the file row): through the workflow while it runs, directly once it has ended. */
  private async record(row: CaseRow, actor: Actor, record: DocumentRecord): Promise<number> {
    const handle = this.temporal.workflow.getHandle(row.number);
    try {
      const { seq } = await handle.executeUpdate(recordDocumentUpdate, { args: [{ actor, document: record }], updateId: record.documentId });
      return seq;
    } catch (err) {
      const ending = err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === 'CASE_WORKFLOW_ENDED';
      if (!ending && !(err instanceof WorkflowNotFoundError)) throw err;
    }
    await this.untilEnded(handle);
    try {
      return await appendDocumentAfterWorkflow(this.ds, row.id, { ...actor }, record);
    } catch (err) {
      const [found] = (await listCaseDocuments(this.ds, row.id).catch(() => [{ file_id: record.documentId }])).filter((d) => d.file_id === record.documentId);
      throw found ? err : new NotRecorded(err);
    }
  }

  private async untilEnded(handle: WorkflowHandle): Promise<void> {
    const deadline = Date.now() + ENDING_WAIT_MS;
    for (;;) {
      try {
        if ((await handle.describe()).status.name !== 'RUNNING') return;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return; // past retention: long ended
        throw err;
      }
      if (Date.now() > deadline) throw new DomainError('SERVICE_UNAVAILABLE', 'the case workflow is still ending; retry in a moment');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** The document was certainly not recorded (its transaction failed and left nothing). */
class NotRecorded extends Error {
  constructor(override readonly cause: unknown) {
    super('the document was not recorded');
  }
}

function view(caseId: string, d: CaseDocumentRow) {
  return {
    id: d.file_id,
    kind: d.kind,
    title: d.title,
    number: d.number,
    issuer: { orgId: d.issuer_org_id, name: d.issuer_name },
    date: d.document_date,
    filename: d.filename,
    contentType: 'application/pdf',
    size: Number(d.size),
    sha256: d.sha256,
    template: d.template,
    eventSeq: d.event_seq,
    generatedBy: d.generated_by,
    generatedAt: d.generated_at.toISOString(),
    download: `/api/v1/cases/${caseId}/files/${d.file_id}`,
  };
}
