import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../../../libs/config/src';
import { applyToAuthors, getCatalogue, maskIdNumber, maskIdShaped, maskIdShapedDeep, validateDecisionForm, type AuthorEntry, type DecisionForm, type PenaltyFields } from '../../../../libs/domain/src/decision';
import { DomainError, validationFailed } from '../../../../libs/domain/src/shared';
import { FieldCrypto } from '../../../../libs/security/src';
import { ApplyToAuthorsSchema, conform, DecisionFormSchema } from '../../../../libs/contract/src';
import type { Principal } from '../auth/principal';
import type { CaseRow } from '../cases/case-access.service';
import { CaseAccess } from '../cases/case-access.service';
import { EvidenceService } from '../evidence/evidence.service';

/** An author as stored: the ID number sealed (AES-GCM), with a keyed lookup hash and the masked form. */
type StoredAuthor = Omit<AuthorEntry, 'idNumber'> & { idNumberEnc: string; idNumberHash: string; idNumberMasked: string };
type StoredForm = Omit<DecisionForm, 'authors'> & { authors: StoredAuthor[] };

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

  /** Checks run in the order of an action's: 404, 403, 409, then the body (400, every field) and the codes (400). */
  async saveDraft(p: Principal, caseId: string, body: unknown) {
    const row = await this.access.findVisible(p, caseId);
    this.requireHandler(p, row, ['integrity_admin', 'case_officer']);
    const submitted = await this.current(row.id, false);
    if (submitted) throw new DomainError('CONFLICT', 'the decision has been submitted; drafts are closed');
    const form = conform<DecisionForm>(DecisionFormSchema, body);
    refuseIssues(validateDecisionForm(row.policy_profile, form, { mode: 'draft' }));
    await this.ds.query(
      `INSERT INTO decisions (id, case_id, status, result, form, updated_by) VALUES ($1, $2, 'draft', $3, $4, $5)
       ON CONFLICT (case_id) WHERE status = 'draft' DO UPDATE SET result = EXCLUDED.result, form = EXCLUDED.form,
         updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [randomUUID(), row.id, form.result, JSON.stringify(this.seal(form)), p.userId],
    );
    return this.view(p, row, false);
  }

  /** Several authors with identical measures filled in one step (002: 多名作者处罚措施相同,可多选后一次性填写). */
  async applyToDraft(p: Principal, caseId: string, body: unknown) {
    const row = await this.access.findVisible(p, caseId);
    this.requireHandler(p, row, ['integrity_admin', 'case_officer']);
    const draft = await this.current(row.id, true);
    if (!draft) throw new DomainError('NOT_FOUND', 'no draft: save the form first (PUT /cases/:id/decision)');
    const { orders, penalty } = conform<{ orders: number[]; penalty: PenaltyFields }>(ApplyToAuthorsSchema, body);
    // Apply on the sealed form: ID numbers are not touched, so they need not be decrypted.
    const placeholder = { ...draft.form, authors: draft.form.authors.map((a) => ({ ...a, idNumber: '' })) } as unknown as DecisionForm;
    const applied = applyToAuthors(placeholder, orders, penalty);
    const sealed = { ...draft.form, authors: draft.form.authors.map((a, i) => ({ ...a, ...pickPenalty(applied.authors[i]!) })) };
    await this.ds.query(`UPDATE decisions SET form = $2, updated_by = $3, updated_at = now() WHERE id = $1`, [draft.id, JSON.stringify(sealed), p.userId]);
    return this.view(p, row, false);
  }

  /** The current decision (submitted, else draft) with ID numbers masked, or revealed to the case's integrity admins. */
  async view(p: Principal, rowOrId: CaseRow | string, reveal: boolean) {
    const row = typeof rowOrId === 'string' ? await this.access.findVisible(p, rowOrId) : rowOrId;
    if (reveal && !(this.access.isHandler(p, row) && p.roles.includes('integrity_admin'))) {
      throw new DomainError('FORBIDDEN', "full ID numbers are shown only to the case's integrity administrators");
    }
    const d = (await this.current(row.id, false)) ?? (await this.current(row.id, true));
    if (!d) throw new DomainError('NOT_FOUND', 'no decision has been drafted for this case');
    const form = {
      ...d.form,
      authors: d.form.authors.map(({ idNumberEnc, idNumberHash: _hash, idNumberMasked, ...a }) => ({
        ...a,
        idNumber: reveal ? this.crypto.decrypt(idNumberEnc) : idNumberMasked,
      })),
    };
    return {
      id: d.id,
      status: d.status,
      effectiveDate: d.effective_date,
      updatedAt: d.updated_at.toISOString(),
      // Unless revealed, an ID number typed anywhere else in the form (otherText, a measure's text) is masked too.
      form: reveal ? form : maskIdShapedDeep(form),
    };
  }

  /**
   * Validates a submission and stores it as pending; returns what the workflow's `decide` Update carries (no personal
   * data). The form is the body's, else the saved draft (an officer does not send the whole form twice). The caller
   * removes the pending row if the Update is refused.
   */
  async prepareSubmission(p: Principal, row: CaseRow, body: { form?: DecisionForm; effectiveDate?: string; summary?: string; on?: string }) {
    if (await this.current(row.id, false)) throw new DomainError('CONFLICT', 'the case has already been decided');
    const form = body.form ?? (await this.draftForm(row.id));
    refuseIssues(validateDecisionForm(row.policy_profile, form, { mode: 'submit' }));
    const missing = await this.evidence.missingRequired(row.id, row.policy_profile);
    if (missing.length) {
      throw validationFailed(
        missing.map((kind) => ({ path: `attachments.${kind}`, rule: 'attachment.required', article: '002', message: `a file of kind "${kind}" is required before the decision (RULES.md §4)` })),
      );
    }
    const registryMeasure = getCatalogue(row.policy_profile).registryMeasure;
    const penalised = form.authors.filter((a) => a.penalise);
    const id = randomUUID();
    const effectiveDate = body.effectiveDate ?? body.on ?? null;
    await this.ds.query(
      `INSERT INTO decisions (id, case_id, status, result, effective_date, form, updated_by) VALUES ($1, $2, 'pending', $3, $4, $5, $6)`,
      [id, row.id, form.result, effectiveDate, JSON.stringify(this.seal(form)), p.userId],
    );
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
  private async draftForm(caseId: string): Promise<DecisionForm> {
    const draft = await this.current(caseId, true);
    if (!draft) {
      throw validationFailed([{ path: 'form', rule: 'required', message: 'no saved draft: save the form first (PUT /cases/{id}/decision) or send it as `form`' }]);
    }
    return {
      ...draft.form,
      authors: draft.form.authors.map(({ idNumberEnc, idNumberHash: _hash, idNumberMasked: _masked, ...a }) => ({ ...a, idNumber: this.crypto.decrypt(idNumberEnc) })),
    };
  }

  async discardPending(decisionId: string): Promise<void> {
    await this.ds.query(`DELETE FROM decisions WHERE id = $1 AND status = 'pending'`, [decisionId]);
  }

  private async current(caseId: string, draft: boolean) {
    const rows: Array<{ id: string; status: string; effective_date: string | null; form: StoredForm; updated_at: Date }> = await this.ds.query(
      `SELECT id, status, to_char(effective_date, 'YYYY-MM-DD') AS effective_date, form, updated_at FROM decisions
        WHERE case_id = $1 AND ${draft ? `status = 'draft'` : `status <> 'draft'`}`,
      [caseId],
    );
    return rows[0] ?? null;
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

  private requireHandler(p: Principal, row: CaseRow, roles: string[]): void {
    if (!(this.access.isHandler(p, row) && p.roles.some((r) => roles.includes(r)))) {
      throw new DomainError('FORBIDDEN', `the decision form is kept by the handling organisation's ${roles.join(' or ')}`);
    }
  }
}

function pickPenalty(a: AuthorEntry): PenaltyFields {
  return { penalise: a.penalise, misconductTypes: a.misconductTypes, severity: a.severity, measures: a.measures, mitigating: a.mitigating, aggravating: a.aggravating };
}

/** Every rule the form breaks, each with its rule and article (RULES.md §4), in one 400. */
function refuseIssues(issues: Array<{ path: string; rule: string; article: string; message: string }>): void {
  if (issues.length) throw validationFailed(issues);
}
