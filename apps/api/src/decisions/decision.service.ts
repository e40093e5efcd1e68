import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@libs/config/src';
import {
  applyToAuthors,
  getCatalogue,
  isDecisionInForce,
  maskIdNumber,
  maskIdShaped,
  maskIdShapedDeep,
  validateDecisionForm,
  type AuthorEntry,
  type DecisionForm,
  type PenaltyFields,
} from '@libs/domain/src/decision';
import { DomainError, validationFailed } from '@libs/domain/src/shared';
import { FieldCrypto } from '@libs/security/src';
import * as decisions from '@libs/persistence/src/decisions';
import { ApplyToAuthorsSchema, conform, DecisionFormSchema } from '@libs/contract/src';
import { noteChange } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import type { CaseRow } from '../cases/case-access.service';
import { CaseAccess } from '../cases/case-access.service';
import { EvidenceService } from '../evidence/evidence.service';
import { undeclaredPaperSuggestions } from '@libs/domain/src/self-inspection';
import { SelfInspectionStore } from '@libs/persistence/src/self-inspections';

/** An author as stored: the ID number sealed (AES-GCM), with a keyed lookup hash and the masked form. */
type StoredAuthor = Omit<AuthorEntry, 'idNumber'> & { idNumberEnc: string; idNumberHash: string; idNumberMasked: string };
type StoredForm = Omit<DecisionForm, 'authors'> & { authors: StoredAuthor[] };

/** Who keeps the drafts of the decision form (of the handling organisation). */
const DRAFT_KEEPERS: readonly string[] = ['integrity_admin', 'case_officer'];

/**
 * The handling-decision form (RULES.md §4; the national system's result form, 002): drafts may be incomplete, a
 * submission must pass every rule and have every required attachment. ID numbers are encrypted at rest and masked in
 * every response; full values only for the case's integrity administrators, each read recorded.
 */
@Injectable()
export class DecisionService {
  private readonly crypto: FieldCrypto;

  constructor(
    private readonly ds: DataSource,
    private readonly access: CaseAccess,
    private readonly evidence: EvidenceService,
    config: ConfigService<{ app: AppConfig }, true>,
  ) {
    const { idEncryptionKey, idEncryptionPreviousKeys } = config.get('app', { infer: true });
    this.crypto = new FieldCrypto(idEncryptionKey, idEncryptionPreviousKeys);
  }

  /**
   * Checks run in the order of an action's: 404, 403, 409, then the body (400, every field) and the codes (400). Once
   * the case is decided, a draft is the revision of the decision in force, possible while the case offers
   * `revise_decision` (its paper's result is back with the institution, 002 退回修改).
   */
  async saveDraft(p: Principal, caseId: string, body: unknown) {
    const row = await this.keeperCase(p, caseId);
    const submitted = await this.current(row.id, false);
    if (submitted) this.requireRevisionOpen(row);
    const form = conform<DecisionForm>(DecisionFormSchema, body);
    refuseIssues(validateDecisionForm(row.policy_profile, form, { mode: 'draft' }));
    const before = await this.current(row.id, true);
    await decisions.saveDraft(this.ds, { id: randomUUID(), caseId: row.id, result: form.result, form: this.seal(form), userId: p.userId });
    await this.noteDraft(row.id, before);
    return this.view(p, row, false);
  }

  /** Several authors with identical measures filled in one step (002: 多名作者处罚措施相同,可多选后一次性填写). */
  async applyToDraft(p: Principal, caseId: string, body: unknown) {
    const row = await this.keeperCase(p, caseId);
    const draft = await this.current(row.id, true);
    if (!draft) throw new DomainError('NOT_FOUND', 'no draft: save the form first (PUT /cases/:id/decision)');
    const { orders, penalty } = conform<{ orders: number[]; penalty: PenaltyFields }>(ApplyToAuthorsSchema, body);
    // Apply on the sealed form: ID numbers are not touched, so they need not be decrypted.
    const placeholder = { ...draft.form, authors: draft.form.authors.map((a) => ({ ...a, idNumber: '' })) } as unknown as DecisionForm;
    const applied = applyToAuthors(placeholder, orders, penalty);
    const sealed = { ...draft.form, authors: draft.form.authors.map((a, i) => ({ ...a, ...pickPenalty(applied.authors[i]!) })) };
    await decisions.updateDraftForm(this.ds, { id: draft.id, form: sealed, userId: p.userId });
    await this.noteDraft(row.id, draft);
    return this.view(p, row, false);
  }

  /**
   * Opens the revision of the decision in force (002 退回修改 → 修改): a draft that starts as a copy of it (ID numbers
   * stay sealed), to change with PUT or apply-to-authors and submit with the case action `revise_decision`. A draft
   * already open is answered as it is.
   */
  async openRevision(p: Principal, caseId: string) {
    const row = await this.keeperCase(p, caseId);
    const inForce = await this.current(row.id, false);
    if (!inForce) throw new DomainError('CONFLICT', 'the case has not been decided: save a draft and decide (PUT /cases/{id}/decision)');
    this.requireRevisionOpen(row);
    const before = await this.current(row.id, true);
    await decisions.openRevisionDraft(this.ds, {
      id: randomUUID(),
      caseId: row.id,
      result: inForce.result ?? '',
      form: inForce.form,
      userId: p.userId,
    });
    await this.noteDraft(row.id, before);
    return this.view(p, row, false);
  }

  /**
   * The current decision (in force, else the submitted one, else the draft) with ID numbers masked, or revealed to the
   * case's integrity admins; every version with who submitted it, why and what replaced it; the open revision draft.
   * `version` reads an earlier version's form.
   */
  async view(p: Principal, rowOrId: CaseRow | string, reveal: boolean, version?: number) {
    const row = typeof rowOrId === 'string' ? await this.access.findVisible(p, rowOrId) : rowOrId;
    if (reveal && !(this.access.isHandler(p, row) && p.roles.includes('integrity_admin'))) {
      throw new DomainError('FORBIDDEN', "full ID numbers are shown only to the case's integrity administrators");
    }
    const inForce = await this.current(row.id, false);
    const draft = await this.current(row.id, true);
    const versions = await this.versions(row.id);
    const listed = version === undefined ? undefined : versions.find((v) => v.version === version);
    const chosen = version === undefined ? (inForce ?? draft) : listed && { ...listed, form: (await this.formOf(listed.id))! };
    if (!chosen) {
      throw new DomainError(
        'NOT_FOUND',
        version === undefined ? 'no decision has been drafted for this case' : `version ${version} of the decision does not exist`,
      );
    }
    const form = chosen.form;
    return {
      suggestions: await this.suggestions(row, (inForce ?? draft)?.form ?? null),
      id: chosen.id,
      status: chosen.status,
      version: chosen.status === 'draft' ? null : chosen.version,
      effectiveDate: chosen.effective_date,
      updatedAt: chosen.updated_at.toISOString(),
      // effective → changed | revoked by a review or appeal (superseded by a revision), each step with the result and the
      // case event that did it (libs/persistence/src/decisions.ts)
      statusHistory: chosen.status === 'draft' || chosen.status === 'pending' ? [] : await decisions.decisionHistory(this.ds, chosen.id),
      form: this.open(form, reveal),
      versions: versions.map((v) => ({
        id: v.id,
        version: v.version,
        status: v.status,
        result: v.result,
        effectiveDate: v.effective_date,
        submittedBy: v.updated_by,
        submittedByName: v.updated_by_name,
        at: v.updated_at.toISOString(),
        reason: v.revision_reason,
        supersedes: v.supersedes,
        supersededBy: v.superseded_by,
        supersededAt: v.superseded_at?.toISOString() ?? null,
        answersReturn: v.answers_return,
      })),
      revisionDraft:
        inForce && draft ? { id: draft.id, updatedAt: draft.updated_at.toISOString(), form: this.open(draft.form, reveal) } : null,
    };
  }

  /**
   * What the form is suggested (never changed by itself): 000 §13 — a paper not declared in a self-inspection of the
   * institution's province whose window had closed when the case came in, if misconduct is confirmed, carries the
   * aggravating factor of the profile's catalogue; the campaign is the reason. `applied` says whether every penalised
   * author of the current form has it.
   */
  async suggestions(row: CaseRow, form?: { authors: Array<{ penalise?: boolean; aggravating?: string[] }> } | null) {
    const cat = getCatalogue(row.policy_profile);
    const factor = cat.aggravatingFactors.find((f) => f.code === cat.selfInspectionFactor);
    const paper = (row.details.paper ?? null) as { doi?: string | null; title?: string | null; publishedOn?: string | null } | null;
    const campaigns = paper ? await new SelfInspectionStore(this.ds).factsFor(row.handling_org_path) : [];
    const list = undeclaredPaperSuggestions(
      paper,
      String(row.received_at).slice(0, 10),
      campaigns,
      factor ? { code: factor.code, label: factor.zh, article: '000 §13' } : null,
    );
    const penalised = (form?.authors ?? []).filter((a) => a.penalise);
    return list.map((x) => ({ ...x, applied: penalised.length > 0 && penalised.every((a) => (a.aggravating ?? []).includes(x.code)) }));
  }

  /** The suggestions without a drafted form (GET /cases/:id/decision/suggestions). */
  async suggestionsFor(p: Principal, caseId: string) {
    const row = await this.access.findVisible(p, caseId);
    const d = (await this.current(row.id, false)) ?? (await this.current(row.id, true));
    return this.suggestions(row, d?.form ?? null);
  }

  /**
   * Validates a submission and stores it as pending; returns what the workflow's `decide` Update carries (no personal
   * data). The form is the body's, else the saved draft (an officer does not send the whole form twice). The caller
   * removes the pending row if the Update is refused.
   */
  async prepareSubmission(
    p: Principal,
    row: CaseRow,
    body: { form?: DecisionForm; effectiveDate?: string; summary?: string; on?: string },
  ) {
    if (await this.current(row.id, false)) throw new DomainError('CONFLICT', 'the case has already been decided');
    const form = body.form ?? (await this.draftForm(row.id));
    return this.storePending(p, row, form, body, {});
  }

  /**
   * The revision of the decision in force (case action `revise_decision`, 002 退回修改): the form (the body's, else the
   * revision draft) passes every rule and the required attachments, and is stored pending as the next version, with who
   * and why, and the paper return it answers (the latest, while the paper is returned). The workflow's event makes it
   * the decision in force (libs/persistence/src/decisions.ts `reviseDecision`).
   */
  async prepareRevision(
    p: Principal,
    row: CaseRow,
    body: { form?: DecisionForm; effectiveDate?: string; summary?: string; on?: string; reason: string },
  ) {
    const inForce = await this.current(row.id, false);
    if (!inForce || !isDecisionInForce(inForce.status)) throw new DomainError('CONFLICT', 'there is no decision in force to revise');
    if (await decisions.hasPendingDecision(this.ds, row.id))
      throw new DomainError('CONFLICT', 'another version of the decision is being submitted; try again');
    const form =
      body.form ??
      (await this.draftForm(
        row.id,
        'no revision draft: open one (POST /cases/{id}/decision/revision) or send the corrected form as `form`',
      ));
    const ret = await decisions.latestPaperReturn(this.ds, row.id);
    const answersReturn = ret
      ? {
          paperId: ret.paper_id,
          seq: ret.seq,
          at: ret.at.toISOString(),
          opinion: ret.data.opinion ?? null,
          level: ret.data.level ?? null,
          fromOrgId: ret.data.fromOrgId ?? null,
        }
      : null;
    const prepared = await this.storePending(p, row, form, body, {
      version: inForce.version + 1,
      supersedes: inForce.id,
      reason: body.reason,
      answersReturn,
    });
    return { ...prepared, workflowBody: { ...prepared.workflowBody, reason: body.reason } };
  }

  private async storePending(
    p: Principal,
    row: CaseRow,
    form: DecisionForm,
    body: { effectiveDate?: string; summary?: string; on?: string },
    revision: { version?: number; supersedes?: string; reason?: string; answersReturn?: unknown },
  ) {
    refuseIssues(validateDecisionForm(row.policy_profile, form, { mode: 'submit' }));
    const missing = await this.evidence.missingRequired(row.id, row.policy_profile);
    if (missing.length) {
      throw validationFailed(
        missing.map((kind) => ({
          path: `attachments.${kind}`,
          rule: 'attachment.required',
          article: '002',
          message: `a file of kind "${kind}" is required before the decision (RULES.md §4)`,
        })),
      );
    }
    const registryMeasure = getCatalogue(row.policy_profile).registryMeasure;
    const penalised = form.authors.filter((a) => a.penalise);
    const id = randomUUID();
    const effectiveDate = body.effectiveDate ?? body.on ?? null;
    const sealed = this.seal(form);
    await decisions.insertPending(this.ds, {
      id,
      caseId: row.id,
      result: form.result,
      effectiveDate,
      form: sealed,
      userId: p.userId,
      version: revision.version ?? 1,
      supersedes: revision.supersedes ?? null,
      revisionReason: revision.reason ?? null,
      answersReturn: revision.answersReturn ?? null,
    });
    noteChange('decision', id, null, {
      status: 'pending',
      version: revision.version ?? 1,
      result: form.result,
      effectiveDate,
      form: sealed,
    });
    return {
      decisionId: id,
      workflowBody: {
        outcome: form.result,
        ...(body.on !== undefined ? { on: body.on } : {}),
        ...(body.effectiveDate !== undefined ? { effectiveDate: body.effectiveDate } : {}),
        // The summary goes to the case timeline (and the workflow history): never a full ID number there.
        ...(form.result === 'other' && form.otherText !== undefined ? { summary: maskIdShaped(form.otherText) } : {}),
        ...(typeof body.summary === 'string' && form.result !== 'other' ? { summary: maskIdShaped(body.summary) } : {}),
        decisionId: id,
        registryRequired: penalised.some((a) => a.measures.some((m) => m.code === registryMeasure)),
        penalisedAuthors: penalised.length,
      },
    };
  }

  /** The saved draft with its ID numbers opened, for a submission that names no form of its own. */
  private async draftForm(
    caseId: string,
    missing = 'no saved draft: save the form first (PUT /cases/{id}/decision) or send it as `form`',
  ): Promise<DecisionForm> {
    const draft = await this.current(caseId, true);
    if (!draft) {
      throw validationFailed([{ path: 'form', rule: 'required', message: missing }]);
    }
    return {
      ...draft.form,
      authors: draft.form.authors.map(({ idNumberEnc, idNumberHash: _hash, idNumberMasked: _masked, ...a }) => ({
        ...a,
        idNumber: this.crypto.decrypt(idNumberEnc),
      })),
    };
  }

  /**
   * The submitted decision for a generated document (issue 23): the form with each author's masked ID number, and the
   * full one where the document prints it (the decision letter: 001 art.29(一)). Null when there is none.
   */
  async submittedForm(caseId: string, reveal: boolean) {
    const d = await this.current(caseId, false);
    if (!d) return null;
    return {
      result: d.form.result,
      otherText: d.form.otherText,
      effectiveDate: d.effective_date,
      authors: d.form.authors.map(({ idNumberEnc, idNumberHash: _hash, idNumberMasked, ...a }) => ({
        ...a,
        idNumberMasked,
        ...(reveal ? { idNumber: this.crypto.decrypt(idNumberEnc) } : {}),
      })),
    };
  }

  async discardPending(decisionId: string): Promise<void> {
    await decisions.discardPending(this.ds, decisionId);
    noteChange('decision', decisionId, { status: 'pending' }, null);
  }

  /** The draft before and after a change, for the audit trail: sealed ID numbers are redacted, masked ones kept. */
  private async noteDraft(caseId: string, before: Awaited<ReturnType<DecisionService['current']>>): Promise<void> {
    const after = await this.current(caseId, true);
    const audited = (d: typeof before) => (d ? { status: d.status, form: d.form } : null);
    noteChange('decision', after?.id ?? before?.id ?? null, audited(before), audited(after));
  }

  /** The draft, or the decision in force (effective, else the submission not yet in effect; never a superseded version). */
  private async current(caseId: string, draft: boolean) {
    return decisions.currentDecision<StoredForm>(this.ds, caseId, draft);
  }

  /** Every submitted version, first to last (the form only for the one asked for: `formOf`). */
  private async versions(caseId: string) {
    return decisions.decisionVersions(this.ds, caseId);
  }

  private async formOf(id: string): Promise<StoredForm | null> {
    return decisions.decisionForm<StoredForm>(this.ds, id);
  }

  /**
   * A stored form as a view: ID numbers masked, and (issue 16) anything shaped like an ID number in the form's free
   * text (otherText, an organisation, a measure's text) masked too, unless revealed.
   */
  private open(form: StoredForm, reveal: boolean) {
    const opened = {
      ...form,
      authors: form.authors.map(({ idNumberEnc, idNumberHash: _hash, idNumberMasked, ...a }) => ({
        ...a,
        idNumber: reveal ? this.crypto.decrypt(idNumberEnc) : idNumberMasked,
      })),
    };
    return reveal ? opened : maskIdShapedDeep(opened);
  }

  /** A decided case's form changes only as a revision, while the case offers `revise_decision` (as projected). */
  private requireRevisionOpen(row: CaseRow): void {
    if (row.allowed_actions?.includes('revise_decision')) return;
    throw new DomainError(
      'CONFLICT',
      "the decision has been submitted; drafts are closed. A revision is possible only while the case offers revise_decision (a problem paper's result returned to the institution, 002)",
      { phase: row.phase },
    );
  }

  private seal(form: DecisionForm): StoredForm {
    return {
      ...form,
      authors: (form.authors ?? []).map(({ idNumber, ...a }) => ({
        ...a,
        idNumberEnc: this.crypto.encrypt(idNumber ?? ''),
        idNumberHash: this.crypto.lookupHash(idNumber ?? ''),
        idNumberMasked: maskIdNumber(idNumber ?? ''),
      })),
    };
  }

  /**
   * The case whose form the caller keeps: visible (else 404), and the caller one of the handling organisation's
   * integrity administrators or case officers (else 403). Checked once per request, here; a submission (`decide`,
   * `revise_decision`) is checked by the action pipeline and the workflow instead.
   */
  private async keeperCase(p: Principal, caseId: string): Promise<CaseRow> {
    const row = await this.access.findVisible(p, caseId);
    if (!(this.access.isHandler(p, row) && p.roles.some((r) => DRAFT_KEEPERS.includes(r)))) {
      throw new DomainError('FORBIDDEN', `the decision form is kept by the handling organisation's ${DRAFT_KEEPERS.join(' or ')}`);
    }
    return row;
  }
}

function pickPenalty(a: AuthorEntry): PenaltyFields {
  return {
    penalise: a.penalise,
    misconductTypes: a.misconductTypes,
    severity: a.severity,
    measures: a.measures,
    mitigating: a.mitigating,
    aggravating: a.aggravating,
  };
}

/** Every rule the form breaks, each with its rule and article (RULES.md §4), in one 400. */
function refuseIssues(issues: Array<{ path: string; rule: string; article: string; message: string }>): void {
  if (issues.length) throw validationFailed(issues);
}
