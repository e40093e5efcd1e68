import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure, Client, WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { isoDateOf } from '@libs/domain/src/calendar';
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
} from '@libs/domain/src/documents';
import { DomainError, validationFailed } from '@libs/domain/src/shared';
import { conform, GenerateDocumentBodySchema } from '@libs/contract/src';
import {
  allocateDocumentNumber,
  appendDocumentAfterWorkflow,
  documentFactRows,
  documentStorageKey,
  listCaseDocuments,
  type CaseDocumentRow,
} from '@libs/persistence/src/case-documents';
import { FILE_STORE, type FileStore } from '@libs/persistence/src/file-store';
import { IdempotencyKeys } from '@libs/persistence/src/idempotency-keys';
import { recordDocumentUpdate, type Actor } from '@workflows/definitions';
import type { Principal } from '../auth/principal';
import { CaseAccess, type CaseRow } from '../cases/case-access.service';
import { checkIdempotencyKey } from '../common/workflow-action';
import { DecisionService } from '../decisions/decision.service';
import { PdfRenderer } from './pdf-renderer.service';
import { noteChange } from '../audit/audit.service';

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
  private readonly keys: IdempotencyKeys;

  constructor(
    private readonly ds: DataSource,
    private readonly access: CaseAccess,
    private readonly decisions: DecisionService,
    private readonly renderer: PdfRenderer,
    private readonly temporal: Client,
    @Inject(FILE_STORE) private readonly store: FileStore,
  ) {
    this.keys = new IdempotencyKeys(ds);
  }

  /** Checked in this order: the case (404) → the caller writes documents here (403) → the body (400) → the kind's
   * role (403) → the step the document records (409) → its date (400). */
  async generate(p: Principal, idOrNumber: string, body: unknown, idempotencyKey?: string) {
    const row = await this.access.findVisible(p, idOrNumber);
    const entersFor = this.access.entersFor(p, row);
    if (!this.mayWrite(p, row))
      throw new DomainError('FORBIDDEN', `documents are written by the handling organisation's ${WRITERS.join(' or ')}`);
    // Idempotency-Key (as for actions): a retry with the same key and body answers the document written the first time.
    checkIdempotencyKey(idempotencyKey);
    const keyed =
      idempotencyKey === undefined
        ? null
        : { scope: `case:${row.id}`, key: idempotencyKey, userId: p.userId, action: 'generate_document', body: body ?? null };
    if (keyed) {
      const known = await this.keys.lookup(keyed);
      if (known?.state === 'reused') throw reusedKey(keyed.key, known.action);
      if (known?.state === 'retry') return this.firstAnswer(row, String(known.request.documentId));
    }
    const { kind, date } = conform<{ kind: DocumentKind; date?: string }>(GenerateDocumentBodySchema, body);
    const template = getTemplate(row.policy_profile, kind);
    const fullIds = template.idNumbers === 'full';
    if (fullIds && !(entersFor || p.roles.includes('integrity_admin'))) {
      // [decision] the letter prints full ID numbers (001 art.29(一)), which only integrity administrators may read
      throw new DomainError(
        'FORBIDDEN',
        `a ${DOCUMENT_KIND_SPECS[kind].en.toLowerCase()} prints full ID numbers (001 art.29): integrity administrators of the case write it`,
      );
    }
    const { facts, orgs } = await this.facts(row, fullIds);
    const refusal = documentRefusal(kind, facts);
    if (refusal) throw new DomainError('CONFLICT', refusal, { phase: row.phase });
    const docDate = date ?? isoDateOf(Date.now());
    this.checkDate(kind, facts, docDate);

    const documentId = randomUUID();
    let claimed: { scope: string; key: string; fingerprint: string } | null = null;
    if (keyed) {
      const claim = await this.keys.claim(keyed, { documentId });
      if (claim.state === 'reused') throw reusedKey(keyed.key, claim.action);
      if (claim.state === 'retry') return this.firstAnswer(row, String(claim.request.documentId)); // a concurrent twin bound it first
      claimed = { scope: keyed.scope, key: keyed.key, fingerprint: claim.fingerprint };
    }
    try {
      return await this.write(p, row, kind, docDate, facts, orgs, documentId, entersFor);
    } catch (err) {
      // A key whose request certainly left nothing is free again; one whose outcome is unknown stays bound to it.
      const failed = err instanceof Failed ? err : new Failed(err, false);
      if (claimed && failed.certain) await this.keys.release(claimed.scope, claimed.key, claimed.fingerprint);
      throw failed.cause;
    }
  }

  /** Numbers, composes, renders, stores and records the document. */
  private async write(
    p: Principal,
    row: CaseRow,
    kind: DocumentKind,
    docDate: string,
    facts: DocumentFacts,
    orgs: { handling: { id: string; name: string }; superior: { id: string; name: string } | null },
    documentId: string,
    entersFor: boolean,
  ) {
    const template = getTemplate(row.policy_profile, kind);
    const issuer = documentIssuer(template, orgs.superior !== null) === 'superior' ? orgs.superior! : orgs.handling;
    const year = Number(docDate.slice(0, 4));
    let seq: number;
    let content: ReturnType<typeof composeDocument>;
    let pdf: Buffer;
    try {
      seq = await allocateDocumentNumber(this.ds, issuer.id, template.numberPrefix, year);
      content = composeDocument(kind, facts, { prefixSeq: seq, date: docDate });
      pdf = await this.renderer.render(content);
    } catch (err) {
      throw new Failed(err, true); // nothing stored, nothing recorded
    }
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
    const actor: Actor = {
      userId: p.userId,
      role: entersFor ? 'integrity_admin' : WRITERS.find((r) => p.roles.includes(r))!,
      orgId: p.orgId,
      name: p.name,
      ...(entersFor ? { onBehalfOf: row.handling_org_id } : {}),
    };
    const key = documentStorageKey(row.id, documentId);
    try {
      await this.store.put(key, pdf);
    } catch (err) {
      await this.store.delete(key).catch(() => undefined);
      throw new Failed(err, true);
    }
    try {
      await this.record(row, actor, record);
    } catch (err) {
      // Not recorded for certain (the workflow refused it, or the transaction after it ended left no event): the bytes
      // go too. Otherwise the outcome is unknown and the Update may still land with its event and file row: they stay.
      const certain = err instanceof NotRecorded || err instanceof WorkflowUpdateFailedError || err instanceof DomainError;
      if (certain) await this.store.delete(key).catch(() => undefined);
      throw new Failed(err instanceof NotRecorded ? err.cause : err, certain);
    }
    const generated = await this.firstAnswer(row, documentId);
    noteChange('case_document', documentId, null, generated); // RULES.md §7: before/after (a new record)
    return generated;
  }

  /** The document as recorded; for a retried key whose first request is still under way or unknown, a 409. */
  private async firstAnswer(row: CaseRow, documentId: string) {
    const [stored] = (await listCaseDocuments(this.ds, row.id)).filter((d) => d.file_id === documentId);
    if (!stored) throw new DomainError('CONFLICT', 'the first request with this Idempotency-Key has not finished: retry it later');
    return view(row.id, stored);
  }

  async list(p: Principal, idOrNumber: string) {
    const row = await this.access.findVisible(p, idOrNumber);
    const handler = this.access.isHandler(p, row);
    const rows = await listCaseDocuments(this.ds, row.id);
    const documents = rows
      .filter((d) => handler || !(REPORTER_DOCUMENT_KINDS as readonly string[]).includes(d.kind))
      .map((d) => view(row.id, d));
    let available: DocumentKind[] = [];
    if (this.mayWrite(p, row)) {
      const { facts } = await this.facts(row, false);
      const admin = this.access.entersFor(p, row) || p.roles.includes('integrity_admin');
      available = DOCUMENT_KINDS.filter(
        (k) => documentRefusal(k, facts) === null && (admin || getTemplate(row.policy_profile, k).idNumbers !== 'full'),
      );
    }
    return { documents, available };
  }

  private mayWrite(p: Principal, row: CaseRow): boolean {
    return this.access.entersFor(p, row) || (this.access.isHandler(p, row) && p.roles.some((r) => WRITERS.includes(r)));
  }

  private async facts(
    row: CaseRow,
    fullIds: boolean,
  ): Promise<{ facts: DocumentFacts; orgs: { handling: { id: string; name: string }; superior: { id: string; name: string } | null } }> {
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
    if (date > today)
      throw validationFailed([{ path: 'date', rule: 'date.future', message: `cannot be in the future (today is ${today})` }]);
    const step = [...facts.events].reverse().find((e) => DOCUMENT_KIND_SPECS[kind].after.includes(e.type));
    const stepDate = typeof step?.data.on === 'string' ? step.data.on : facts.receivedAt;
    if (date < stepDate) {
      throw validationFailed([
        {
          path: 'date',
          rule: 'date.before_step',
          message: `cannot be before the step the document records (${step?.type ?? 'receipt'} on ${stepDate})`,
        },
      ]);
    }
  }

  /** The timeline event (and with it the file row): through the workflow while it runs, directly once it has ended. */
  private async record(row: CaseRow, actor: Actor, record: DocumentRecord): Promise<number> {
    const handle = this.temporal.workflow.getHandle(row.number);
    try {
      const { seq } = await handle.executeUpdate(recordDocumentUpdate, {
        args: [{ actor, document: record }],
        updateId: record.documentId,
      });
      return seq;
    } catch (err) {
      const ending =
        err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === 'CASE_WORKFLOW_ENDED';
      if (!ending && !(err instanceof WorkflowNotFoundError)) throw err;
    }
    await this.untilEnded(handle);
    try {
      return await appendDocumentAfterWorkflow(this.ds, row.id, { ...actor }, record);
    } catch (err) {
      const [found] = (await listCaseDocuments(this.ds, row.id).catch(() => [{ file_id: record.documentId }])).filter(
        (d) => d.file_id === record.documentId,
      );
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

function reusedKey(key: string, firstAction: string): DomainError {
  return new DomainError(
    'IDEMPOTENCY_KEY_REUSED',
    `Idempotency-Key "${key}" was first used for another request (${firstAction}); use a new key for a new request`,
    {
      issues: [{ path: 'Idempotency-Key', rule: 'idempotency_key_reused', message: 'this key is bound to a different request' }],
    },
  );
}

/** A generation that failed: `certain` when it certainly left no event and no file row. */
class Failed extends Error {
  constructor(
    override readonly cause: unknown,
    readonly certain: boolean,
  ) {
    super('the document was not generated');
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
