import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@libs/config/src';
import {
  allowedPaperActions,
  chainPositions,
  isPaperAction,
  openPaper,
  PAPER_ROLE,
  PAPER_STATUSES,
  paperProjectionOf,
  paperWorkflowId,
  parsePaperTable,
  refusalOf,
  regionTarget,
  type ChainLevel,
  type PaperActionName,
  type PaperActor,
  type PaperCaseContext,
  type PaperOrg,
  type PaperState,
  type PaperStatus,
} from '@libs/domain/src/paper';
import { DomainError, validationFailed } from '@libs/domain/src/shared';
import { FILE_STORE, type FileStore } from '@libs/persistence/src/file-store';
import { containsPattern } from '@libs/persistence/src/like';
import { writePaperProjection } from '@libs/persistence/src/paper-projection';
import {
  childOrganisationsWithReview,
  findOrganisationWithReview,
  institutionsNamed,
  organisationsWithReview,
  setReviewSettings,
  type OrgReviewRow,
} from '@libs/persistence/src/organisations';
import {
  findPaper,
  findPaperFile,
  insertPaper,
  insertPaperFile,
  listPapers,
  caseOfPaper,
  paperEvents,
  paperFiles,
  paperFilesByIds,
  paperImported,
  paperProgress,
  paperReturns,
  papersAwaitingDispatch,
  type PaperRow,
} from '@libs/persistence/src/papers';
import { activeUserCount } from '@libs/persistence/src/users';
import { paperActionUpdate, type PaperView } from '@workflows/definitions';
import { orNullIfNoWorkflow, readPaperState } from '@libs/temporal/src';
import { paperWorkflow } from '@workflows/paper.workflow';
import { OrgScope } from '../auth/org-scope.service';
import type { Principal } from '../auth/principal';
import { readUploadedTable } from '../common/tabular-upload';
import { ActionPipeline, etagOf } from '../common/workflow-action';
import type { ActionCall } from '../common/action-route';
import { PAPER_ACTION_CONTRACT } from '@libs/contract/src';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { receiveUpload, recordOrDiscard } from '../common/stored-upload';
import { pageOf } from '../common/fields';
import { noteChange } from '../audit/audit.service';
import { isoDateOf } from '@libs/domain/src/calendar';
import { LeadService } from '../leads/lead.service';

type PaperRowDb = PaperRow & { view?: PaperView | null };

type OrgRow = OrgReviewRow;

/** Kinds of file attached to a paper's flow (002: 正式函件, 论文原文; 004: 正式加印资料). */
export const PAPER_FILE_KINDS = ['official_letter', 'stamped_result', 'draft_material', 'original_paper', 'other'] as const;

/** What a paper asks of the organisation it waits for (work lists, 002 待办理 / 待审核). */
export const PAPER_TASKS = ['dispatch', 'handle', 'revise', 'formal_submission', 'review', 'pre_review'] as const;
const TASK_OF_STATUS: Partial<Record<PaperStatus, (typeof PAPER_TASKS)[number]>> = {
  pending_dispatch: 'dispatch',
  at_institution: 'handle',
  returned: 'revise',
  consented: 'formal_submission',
  pending_review: 'review',
  pre_review: 'pre_review',
};
/** The work-list tabs: 待办理 (what the organisation itself must do), 待审核, 待预审. */
export const WORK_TABS = {
  handle: ['pending_dispatch', 'at_institution', 'returned', 'consented'],
  review: ['pending_review'],
  pre_review: ['pre_review'],
} as const;
/** Statuses in which a commission enters the institution's side for an institution without accounts (002). */
const INSTITUTION_SIDE = ['at_institution', 'returned', 'consented'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Problem papers (RULES.md §2, §5; 002, 004): import, dispatch down the tree, return to the superior, and the result's
 * review chain up to national. Every lifecycle change goes through the paper's workflow (`paperAction` Update, whose
 * validator refuses before history); this service resolves organisations, files and the case's decision into the
 * Update's body and reads the PostgreSQL projection for lists and progress. A paper is visible to the organisation
 * holding it and every organisation above (the reviewers), never to another branch of the tree (404).
 */
@Injectable()
export class PaperService {
  constructor(
    private readonly ds: DataSource,
    private readonly temporal: Client,
    private readonly scope: OrgScope,
    private readonly config: ConfigService<{ app: AppConfig }, true>,
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly pipeline: ActionPipeline,
    private readonly leads: LeadService,
  ) {}

  /**
   * Batch import (002 导入): every row validated; good rows become papers held by the importing commission (each with
   * its workflow), bad rows come back with row number and reason; a paper already imported (batch + number) is left
   * as it is, so importing the same file again changes nothing.
   */
  async import(p: Principal, file: { buffer: Buffer; originalname?: string } | undefined) {
    this.requireAdmin(p);
    const org = await this.org(p.orgId);
    if (org.level === 'institution')
      throw new DomainError('FORBIDDEN', 'problem papers are imported by a health commission, not an institution (002)');
    // The file is read only once the caller may import (issue 16).
    const table = await readUploadedTable(file);
    const { rows, errors } = parsePaperTable(table);
    if (rows.length === 0 && errors.length === 1 && errors[0]!.row === 1) {
      throw new DomainError('VALIDATION_FAILED', `file: ${errors[0]!.reason}`, { field: 'file', errors });
    }
    const imported: Array<{ id: string; batch: string; number: string; row: number; leadId: string | null; leadNumber: string | null }> =
      [];
    let unchanged = 0;
    const actor = this.actor(p);
    const holder = (await this.leads.store.org(this.ds, org.id))!;
    const today = isoDateOf(Date.now());
    for (const r of rows) {
      if (await paperImported(this.ds, r.batch, r.number)) {
        unchanged += 1;
        continue;
      }
      const id = randomUUID();
      const workflowId = paperWorkflowId(r.batch, r.number);
      let started = false;
      let leadWorkflowId: string | null = null;
      let lead = null as { id: string; number: string } | null;
      // Issue 22: the paper is also a lead at the importing commission, triaged by its dispatch (the lead follows the
      // paper; see libs/domain/src/lead). [decision] A paper whose DOI already has a lead (e.g. from monitoring) gets
      // none: that lead stays as it is, and the import answers which one it is.
      const sameDoi = r.doi ? await this.leads.store.existing(this.ds, { doi: r.doi.toLowerCase() }) : null;
      try {
        await this.ds.transaction(async (tx) => {
          await insertPaper(tx, {
            id,
            workflowId,
            batch: r.batch,
            number: r.number,
            title: r.title,
            authors: r.authors,
            correspondingUnit: r.correspondingUnit,
            regionCode: r.regionCode,
            journal: r.journal,
            doi: r.doi,
            retractionDate: r.retractionDate,
            source: r.source,
            importedBy: p.userId,
            orgId: org.id,
            orgPath: org.path,
            affiliationText: r.affiliationText,
            dispatchingDepartment: r.dispatchingDepartment,
          });
          // The paper's first projection (its `imported` event and view), as its workflow computes it (the same pure
          // `openPaper`), written with the row: the workflow's own first projection then changes nothing and writes
          // nothing, so nothing is written after this request has answered (issue 18).
          const input = { paperId: id, number: r.number, batch: r.batch, holder: toPaperOrg(org), importedBy: actor };
          const opened = openPaper(
            { paperId: id, number: r.number, batch: r.batch, holder: input.holder },
            new Date().toISOString(),
            actor,
          );
          await writePaperProjection(tx, paperProjectionOf(opened.state, opened.events));
          await this.temporal.workflow.start(paperWorkflow, {
            workflowId,
            taskQueue: this.config.get('app', { infer: true }).temporal.taskQueue,
            args: [input],
          });
          started = true;
          if (!sameDoi) {
            const l = await this.leads.registerIn(tx, p, holder, {
              origin: 'paper_import',
              category: 'retraction',
              title: r.title,
              doi: r.doi ? r.doi.toLowerCase() : null,
              authors: r.authors,
              institution: r.correspondingUnit,
              journal: r.journal,
              publishedOn: null,
              retractionDate: r.retractionDate,
              summary: null,
              sourceRef: null,
              details: { batch: r.batch, number: r.number, regionCode: r.regionCode, monitoringSource: r.source },
              paperId: id,
              on: today,
            });
            leadWorkflowId = l.workflowId;
            lead = l;
          }
        });
        imported.push({
          id,
          batch: r.batch,
          number: r.number,
          row: r.line,
          leadId: lead?.id ?? sameDoi?.id ?? null,
          leadNumber: lead?.number ?? sameDoi?.number ?? null,
        });
        noteChange('problem_paper', id, null, {
          batch: r.batch,
          number: r.number,
          title: r.title,
          regionCode: r.regionCode,
          doi: r.doi,
          holderOrgId: org.id,
        });
      } catch (err) {
        // The row did not commit after the workflow started: end it, so nothing is left half-written.
        if (started)
          await this.temporal.workflow
            .getHandle(workflowId)
            .terminate('paper import did not commit')
            .catch(() => undefined);
        if (leadWorkflowId)
          await this.temporal.workflow
            .getHandle(leadWorkflowId)
            .terminate('paper import did not commit')
            .catch(() => undefined);
        if (err instanceof WorkflowExecutionAlreadyStartedError) {
          errors.push({ row: r.line, reason: `a paper workflow ${workflowId} already exists` });
          continue;
        }
        // The same paper imported by a concurrent request that committed first: unchanged, as on a re-import.
        if ((err as { driverError?: { code?: string } }).driverError?.code === '23505') {
          unchanged += 1;
          continue;
        }
        throw err;
      }
    }
    return { imported: imported.length, unchanged, errors: errors.sort((a, b) => a.row - b.row), papers: imported };
  }

  /**
   * Papers in the caller's subtree, or its work list (`waitingFor=me`, 002 待办理 / 待审核): what waits for the caller's
   * organisation (and, for a commission, for institutions below it without accounts, whose side it enters), each with
   * the task it asks for. `q` searches title and DOI (case-insensitive, `%` and `_` taken literally).
   */
  async list(
    p: Principal,
    q: {
      status?: string;
      batch?: string;
      orgId?: string;
      page?: number | string;
      pageSize?: number | string;
      waitingFor?: string;
      task?: string;
      q?: string;
    },
  ) {
    if (q.status !== undefined && !(PAPER_STATUSES as readonly string[]).includes(q.status)) {
      throw new DomainError('VALIDATION_FAILED', `status: must be one of ${PAPER_STATUSES.join(', ')}`, { field: 'status' });
    }
    const subtreePath = q.orgId ? (await this.visibleOrg(p, q.orgId)).path : undefined;
    const { page, pageSize } = pageOf(q, 20);
    const { total, rows } = (await listPapers(this.ds, {
      orgPath: p.orgPath,
      subtreePath,
      waitingFor: q.waitingFor === 'me' ? { orgId: p.orgId, institutionSide: INSTITUTION_SIDE } : undefined,
      statuses: q.task ? [...WORK_TABS[q.task as keyof typeof WORK_TABS]] : undefined,
      status: q.status || undefined,
      batch: q.batch || undefined,
      search: q.q ? containsPattern(q.q.trim()) : undefined,
      page,
      pageSize,
    })) as { total: number; rows: PaperRowDb[] };
    return {
      total,
      page,
      pageSize,
      items: rows.map((r) => ({
        ...this.view(r),
        ...(q.waitingFor === 'me'
          ? {
              task: TASK_OF_STATUS[r.status as PaperStatus] ?? null,
              ...(r.current_org_id !== p.orgId ? { onBehalfOf: r.current_org_id } : {}),
            }
          : {}),
      })),
    };
  }

  async get(p: Principal, id: string) {
    const row = await this.findVisible(p, id);
    const live = await this.live(row);
    const caseCtx = live ? await this.caseContext(live) : null;
    const positions = live ? chainPositions(live) : [];
    const dispatcher = live?.dispatchedBy.at(-1) ?? null;
    return {
      ...this.view(row),
      // 002 论文详情: 第一通讯作者所在单位原文 beside 第一通讯作者所在单位 and the organisation it was matched to.
      affiliation: {
        text: row.affiliation_text ?? row.corresponding_unit,
        unit: row.corresponding_unit,
        matchedOrganisation: await this.matchedOrganisation(row),
      },
      dispatchingDepartment: row.dispatching_department,
      dispatchedBy: dispatcher ? { orgId: dispatcher.orgId, name: dispatcher.name, level: dispatcher.level } : null,
      ...(live
        ? {
            status: live.status,
            version: live.version,
            currentOrgId: live.currentOrg?.orgId ?? null,
            chain: live.chain.map((c, i) => ({ ...c, position: positions[i] })),
            reviewStarted: live.reviewStarted,
          }
        : {}),
      case:
        caseCtx && live?.caseId
          ? {
              id: live.caseId,
              number: live.caseNumber,
              phase: caseCtx.casePhase,
              decided: caseCtx.decided,
              decisionVersion: caseCtx.decisionVersion,
            }
          : null,
      returns: await this.returns(row.id),
      allowedActions: live ? await this.allowedFor(p, live, caseCtx) : [],
    };
  }

  async timeline(p: Principal, id: string) {
    const row = await this.findVisible(p, id);
    const events = await paperEvents(this.ds, row.id);
    return events.map((e) => ({ seq: e.seq, type: e.type, at: e.at.toISOString(), actor: e.actor, data: e.data }));
  }

  /**
   * 办理进度 (002): what is below the caller (or below `orgId` in its subtree, for drill-down): counts per status, the
   * same per child organisation, and the papers held at this level itself.
   */
  async progress(p: Principal, orgId?: string) {
    const base = orgId ? await this.visibleOrg(p, orgId) : await this.org(p.orgId);
    const { totals, perChild, here, awaiting } = await paperProgress(this.ds, base);
    const children = new Map<string, { orgId: string; name: string; level: string; total: number; byStatus: Record<string, number> }>();
    for (const r of perChild) {
      const c = children.get(r.id) ?? { orgId: r.id, name: r.name, level: r.level, total: 0, byStatus: emptyCounts() };
      if (r.status) {
        c.byStatus[r.status] = r.n;
        c.total += r.n;
      }
      children.set(r.id, c);
    }
    const byStatus = emptyCounts();
    for (const t of totals) byStatus[t.status] = t.n;
    const atThisLevel = emptyCounts();
    for (const t of here) atThisLevel[t.status] = t.n;
    return {
      orgId: base.id,
      name: base.name,
      total: totals.reduce((a, t) => a + t.n, 0),
      byStatus,
      atThisLevel,
      awaitingThisOrganisation: awaiting,
      children: [...children.values()],
    };
  }

  /**
   * Dispatch by region (002: 按行政区划转派): every paper of the batch held by the caller's organisation goes to the child
   * organisation whose region covers the first corresponding author's unit: a province by 2 digits, a city by 4, a
   * district or an institution by all 6 (a city dispatching to its hospitals). Where several children match, the one
   * named as the paper's unit is taken; otherwise the paper stays and comes back with the candidates for a manual
   * choice. [decision] No mail per paper (`viaBatch`): the work lists show what came.
   */
  async dispatchBatch(p: Principal, batch: string) {
    this.requireAdmin(p);
    const children = await childOrganisationsWithReview(this.ds, p.orgId);
    const papers = await papersAwaitingDispatch(this.ds, batch, p.orgId);
    if (papers.length === 0) throw new DomainError('NOT_FOUND', `batch ${batch}: no paper of it waits for dispatch at your organisation`);
    const dispatched: Array<{ paperId: string; number: string; toOrgId: string; toName: string }> = [];
    const errors: Array<{
      paperId: string;
      number: string;
      reason: string;
      candidates?: Array<{ orgId: string; name: string; level: string; regionCode: string }>;
    }> = [];
    const candidates = children.map((c) => ({ id: c.id, name: c.name, level: c.level, regionCode: c.region_code }));
    for (const paper of papers) {
      const found = regionTarget(candidates, { regionCode: paper.region_code, correspondingUnit: paper.corresponding_unit });
      if (!('target' in found)) {
        errors.push({
          paperId: paper.id,
          number: paper.number,
          reason: found.reason,
          ...(found.candidates.length
            ? { candidates: found.candidates.map((c) => ({ orgId: c.id, name: c.name, level: c.level, regionCode: c.regionCode })) }
            : {}),
        });
        continue;
      }
      try {
        await this.act(
          p,
          paper.id,
          { action: 'dispatch', body: { targetOrgId: found.target.id }, ifMatch: etagOf(paper.version) },
          { viaBatch: true },
        );
        dispatched.push({ paperId: paper.id, number: paper.number, toOrgId: found.target.id, toName: found.target.name });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        errors.push({ paperId: paper.id, number: paper.number, reason: err.message });
      }
    }
    return { dispatched, errors };
  }

  /** An integrity administrator's action, in the order of the action pipeline (apps/api/src/common/workflow-action.ts). */
  async act(p: Principal, id: string, call: ActionCall, opts: { viaBatch?: boolean } = {}) {
    const { action } = call;
    const row = await this.findVisible(p, id);
    if (!isPaperAction(action)) throw new DomainError('NOT_FOUND', `unknown action "${action}"`);
    this.requireAdmin(p);
    const live = await this.live(row);
    if (!live) throw new DomainError('CONFLICT', 'the paper workflow has ended; no more actions are possible');
    const actor = await this.actingActor(p, live, action);
    const caseCtx = await this.caseContext(live);
    const allowed = await this.allowedFor(p, live, caseCtx);
    return this.pipeline.run({
      what: 'paper',
      id: row.id,
      userId: p.userId,
      call,
      projectedVersion: live.version,
      projectedState: { status: live.status, version: live.version },
      // The 409 says why, in the one error body: the paper's status, the rule broken, what the caller may do instead.
      notOffered: () => (allowed.includes(action) ? null : notOffered(live, action, actor.onBehalfOf ?? p.orgId, caseCtx, allowed)),
      schema: PAPER_ACTION_CONTRACT[action].body,
      prepare: async (checked) => ({
        workflowBody: { ...(await this.prepare(p, row, live, action, checked, caseCtx)), ...(opts.viaBatch ? { viaBatch: true } : {}) },
      }),
      execute: async (workflowBody, expectedVersion, updateId) => {
        const view = await this.temporal.workflow.getHandle(row.workflow_id).executeUpdate(paperActionUpdate, {
          args: [{ action, actor, expectedVersion, body: workflowBody }],
          updateId,
        });
        return { ...view, allowedActions: await this.allowedFor(p, view, await this.caseContext(view)) };
      },
    });
  }

  /**
   * A commission's review settings (004 二(二) 预审; 002 省卫健委正式函件): whether it pre-reviews drafts (possible only at
   * the levels of PAPER_PRE_REVIEW_LEVELS, provincial by default) and whether its approvals carry its official letter.
   * Readable by the organisation's subtree and by the organisations above it; kept by its own integrity
   * administrators or a system administrator.
   */
  async reviewSettings(p: Principal, orgId: string) {
    const o = UUID.test(orgId) ? await findOrganisationWithReview(this.ds, orgId) : undefined;
    if (!o || !(this.scope.sees(p, o.path) || p.orgPath.startsWith(`${o.path}/`)))
      throw new DomainError('NOT_FOUND', 'organisation not found');
    const levels = this.preReviewLevels();
    const mayPreReview = (levels as readonly string[]).includes(o.level);
    return {
      orgId: o.id,
      name: o.name,
      level: o.level,
      preReview: o.pre_review && mayPreReview,
      preReviewAllowed: mayPreReview,
      preReviewLevels: levels,
      approvalLetterRequired: o.approval_letter_required,
    };
  }

  async updateReviewSettings(p: Principal, orgId: string, dto: { preReview?: boolean; approvalLetterRequired?: boolean }) {
    const o = UUID.test(orgId) ? await findOrganisationWithReview(this.ds, orgId) : undefined;
    if (!o || !this.scope.sees(p, o.path)) throw new DomainError('NOT_FOUND', 'organisation not found');
    const own = p.orgId === o.id && p.roles.includes(PAPER_ROLE);
    if (!own && !p.roles.includes('system_admin'))
      throw new DomainError('FORBIDDEN', "review settings are kept by the commission's integrity administrators or a system administrator");
    const issues: Array<{ path: string; rule: string; article?: string; message: string }> = [];
    if (dto.preReview === undefined && dto.approvalLetterRequired === undefined) {
      issues.push({ path: '', rule: 'required', message: 'name preReview, approvalLetterRequired or both' });
    }
    if (o.level === 'institution')
      issues.push({
        path: dto.preReview !== undefined ? 'preReview' : 'approvalLetterRequired',
        rule: 'institution',
        message: 'an institution does not review results',
      });
    const levels = this.preReviewLevels();
    if (dto.preReview === true && o.level !== 'institution' && !(levels as readonly string[]).includes(o.level)) {
      issues.push({
        path: 'preReview',
        rule: 'pre_review.level',
        article: '004 二(二)',
        message: `pre-review is a practice of ${levels.length ? levels.join(', ') : 'no'} commissions here (PAPER_PRE_REVIEW_LEVELS); a ${o.level} commission does not run one`,
      });
    }
    if (issues.length) throw validationFailed(issues);
    await setReviewSettings(this.ds, o.id, {
      preReview: dto.preReview ?? null,
      approvalLetterRequired: dto.approvalLetterRequired ?? null,
    });
    // Before and after in the audit record (RULES.md §7).
    noteChange(
      'organisation_review_settings',
      o.id,
      { preReview: o.pre_review, approvalLetterRequired: o.approval_letter_required },
      { preReview: dto.preReview ?? o.pre_review, approvalLetterRequired: dto.approvalLetterRequired ?? o.approval_letter_required },
    );
    return this.reviewSettings(p, o.id);
  }

  /**
   * 404 and 403 before a byte of the body is read; the kind (sent before the file) decides for an organisation outside
   * the paper's flow (it may add the original paper only); then the file streams to the store (stored-upload.ts).
   */
  async upload(p: Principal, id: string, req: IncomingMessage, res: ServerResponse) {
    const row = await this.findVisible(p, id);
    this.requireAdmin(p);
    const live = await this.live(row);
    const acting = live ? (await this.actingActor(p, live, 'submit_result')).onBehalfOf : undefined;
    const involved = new Set([row.holder_org_id, ...(live?.chain.map((c) => c.orgId) ?? []), live?.currentOrg?.orgId].filter(Boolean));
    // The original paper (002 论文原文) may come from any level that sees the paper (the importing commission, a
    // dispatcher, the institution); letters and results from the organisations in its flow.
    const inFlow = involved.has(p.orgId) || !!acting;
    const refuseOutsider = (kind: string | undefined) => {
      if (inFlow || kind === 'original_paper') return;
      if (kind === undefined)
        throw validationFailed([
          { path: 'kind', rule: 'order', message: "send kind before file: outside the paper's flow only the original paper may be added" },
        ]);
      throw new DomainError('FORBIDDEN', "files are added by the organisations in the paper's flow");
    };
    // A reviewer's letter is its own, also where it enters the institution's side for an institution without accounts.
    const owner = (kind: string) => (kind === 'official_letter' || kind === 'original_paper' ? p.orgId : (acting ?? p.orgId));
    const fileId = randomUUID();
    const key = `papers/${row.id}/${fileId}`;
    const { files } = this.config.get('app', { infer: true });
    const { fields, file: f } = await receiveUpload(req, res, {
      store: this.store,
      key,
      ...files,
      fields: ['kind'],
      beforeFile: (sent) => refuseOutsider(sent.kind),
    });
    return recordOrDiscard(this.store, key, async () => {
      const kind = fields.kind ?? '';
      if (!(PAPER_FILE_KINDS as readonly string[]).includes(kind)) {
        throw new DomainError('VALIDATION_FAILED', `kind: must be one of ${PAPER_FILE_KINDS.join(', ')}`, { field: 'kind' });
      }
      await insertPaperFile(this.ds, {
        id: fileId,
        paperId: row.id,
        kind,
        filename: f.originalname,
        contentType: f.mimetype,
        size: f.size,
        sha256: f.sha256,
        storageKey: key,
        orgId: owner(kind),
        uploadedBy: p.userId,
      });
      const added = {
        id: fileId,
        kind,
        filename: f.originalname,
        contentType: f.mimetype,
        size: f.size,
        sha256: f.sha256,
        orgId: owner(kind),
      };
      noteChange('paper_file', fileId, null, { paperId: row.id, ...added }); // RULES.md §7: before/after (a new record)
      return added;
    });
  }

  async files(p: Principal, id: string) {
    const row = await this.findVisible(p, id);
    const rows = await paperFiles(this.ds, row.id);
    return rows.map((f) => ({
      id: f.id,
      kind: f.kind,
      filename: f.filename,
      contentType: f.content_type,
      size: Number(f.size),
      sha256: f.sha256,
      orgId: f.org_id,
      uploadedAt: f.uploaded_at.toISOString(),
    }));
  }

  async openFile(
    p: Principal,
    id: string,
    fileId: string,
  ): Promise<{ file: { filename: string; contentType: string; size: number; sha256: string }; stream: Readable }> {
    const row = await this.findVisible(p, id);
    const f = await findPaperFile(this.ds, row.id, fileId);
    if (!f) throw new DomainError('NOT_FOUND', 'file not found');
    return {
      file: { filename: f.filename, contentType: f.content_type, size: Number(f.size), sha256: f.sha256 },
      stream: this.store.open(f.storage_key),
    };
  }

  // --- helpers -------------------------------------------------------------------------------------------------

  /** Resolves ids in the body into what the workflow's reducer checks (organisations, chain, decision, files). */
  private async prepare(
    p: Principal,
    row: PaperRowDb,
    live: PaperView,
    action: string,
    body: Record<string, unknown>,
    caseCtx: CaseContext | null,
  ): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = { ...body };
    switch (action) {
      case 'dispatch': {
        if (typeof body.targetOrgId !== 'string' || !UUID.test(body.targetOrgId)) {
          throw new DomainError('VALIDATION_FAILED', 'targetOrgId: the organisation to dispatch to (a uuid) is required', {
            field: 'targetOrgId',
          });
        }
        const target = await findOrganisationWithReview(this.ds, body.targetOrgId);
        if (!target || !this.scope.sees(p, target.path)) {
          throw new DomainError('VALIDATION_FAILED', 'targetOrgId: no such organisation in your scope', { field: 'targetOrgId' });
        }
        out.target = toPaperOrg(target);
        break;
      }
      case 'return_to_superior':
        // The case's phase as projected (written before each of its actions answers), not a query of its workflow.
        if (caseCtx) out.casePhase = caseCtx.casePhase;
        break;
      case 'submit_result': {
        // The notOffered check refused already when there is no case or no decision in force (409).
        if (!caseCtx?.decisionId) break;
        out.decisionId = caseCtx.decisionId;
        out.decisionVersion = caseCtx.decisionVersion;
        out.chain = await this.chainAbove(row.holder_org_id);
        if (body.attachmentIds !== undefined) out.attachmentIds = await this.ownFiles(row.id, body.attachmentIds, 'attachmentIds');
        break;
      }
      case 'return_result':
      case 'approve': {
        // The reviewer's official letter (公函; 002 省卫健委正式函件): a file of kind official_letter the reviewer uploaded.
        const reviewer = live.chain[live.reviewIdx];
        if (action === 'approve' && body.letterFileId === undefined && reviewer?.letterOnApproval) {
          throw validationFailed([
            {
              path: 'letterFileId',
              rule: 'approval.letter_required',
              article: '002',
              message: `${reviewer.name} approves with its official letter (正式函件): upload it as official_letter and name it`,
            },
          ]);
        }
        if (body.letterFileId !== undefined || action === 'return_result') {
          if (typeof body.letterFileId !== 'string') {
            throw new DomainError(
              'VALIDATION_FAILED',
              'letterFileId: the official letter (公函) is attached when a result is returned (RULES.md §5); upload it first',
              { field: 'letterFileId' },
            );
          }
          [out.letterFileId] = await this.ownFiles(row.id, [body.letterFileId], 'letterFileId', {
            kind: 'official_letter',
            orgId: reviewer?.orgId,
          });
        }
        break;
      }
    }
    return out;
  }

  /** Files of this paper (of `kind`, uploaded by `orgId`, where named). */
  private async ownFiles(paperId: string, ids: unknown, field: string, of: { kind?: string; orgId?: string } = {}): Promise<string[]> {
    if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string' || !UUID.test(x))) {
      throw new DomainError('VALIDATION_FAILED', `${field}: file ids (uuid) of this paper`, { field });
    }
    const rows = await paperFilesByIds(this.ds, paperId, ids as string[]);
    if (rows.length !== new Set(ids).size) throw new DomainError('VALIDATION_FAILED', `${field}: not a file of this paper`, { field });
    if (of.kind && rows.some((r) => r.kind !== of.kind))
      throw new DomainError('VALIDATION_FAILED', `${field}: must be a file of kind ${of.kind}`, { field });
    if (of.orgId && rows.some((r) => r.org_id !== of.orgId)) {
      throw new DomainError('VALIDATION_FAILED', `${field}: must be a letter your organisation uploaded (POST /papers/{id}/files)`, {
        field,
      });
    }
    return ids as string[];
  }

  /** The review chain of an institution: its ancestors, nearest first, national last (RULES.md §5), each with its
   *  settings (pre-review only at the configured levels, 004 二(二); the official letter on approval, 002). */
  private async chainAbove(orgId: string): Promise<ChainLevel[]> {
    const o = await this.org(orgId);
    const ids = o.path.split('/').filter(Boolean).slice(0, -1).reverse();
    const rows = await organisationsWithReview(this.ds, ids);
    const levels = this.preReviewLevels() as readonly string[];
    return ids
      .map((id) => rows.find((r) => r.id === id)!)
      .map((r) => ({
        ...toPaperOrg(r),
        preReview: r.pre_review && levels.includes(r.level),
        ...(r.approval_letter_required ? { letterOnApproval: true } : {}),
      }));
  }

  private preReviewLevels(): readonly string[] {
    return this.config.get('app', { infer: true }).papers.preReviewLevels;
  }

  /**
   * The paper's case as the paper's actions need it (RULES.md §4–5): its projected phase and the decision in force
   * (effective, or submitted and not yet projected), so allowed actions and their 409s match what the workflow takes.
   */
  private async caseContext(view: PaperView): Promise<CaseContext | null> {
    if (!view.caseId) return null;
    const c = await caseOfPaper(this.ds, view.caseId);
    if (!c) return null;
    return { casePhase: c.phase, decided: c.decision_id !== null, decisionId: c.decision_id, decisionVersion: c.version };
  }

  /** 第一通讯作者所在单位 as matched: the institution the paper was dispatched to, else an institution of that very name. */
  private async matchedOrganisation(row: PaperRowDb): Promise<{ orgId: string; name: string; matchedBy: 'dispatch' | 'name' } | null> {
    if (row.holder_level === 'institution') return { orgId: row.holder_org_id, name: row.holder_name, matchedBy: 'dispatch' };
    const rows = await institutionsNamed(this.ds, row.corresponding_unit);
    return rows.length === 1 ? { orgId: rows[0]!.id, name: rows[0]!.name, matchedBy: 'name' } : null;
  }

  /**
   * Every return (退回修改) with the opinion, who returned it, and what answered it: the revision of the decision it led
   * to (a new version of the form, issue 18) and the resubmission.
   */
  private async returns(paperId: string) {
    const rows = await paperReturns(this.ds, paperId);
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at.toISOString(),
      stage: r.data.stage ?? null,
      level: r.data.level ?? null,
      byOrgId: (r.data.fromOrgId as string | undefined) ?? r.actor?.onBehalfOf ?? r.actor?.orgId ?? null,
      byOrgName: r.by_name,
      opinion: r.data.opinion ?? null,
      letterFileId: r.data.letterFileId ?? null,
      revision: r.revision,
      resubmission: r.resubmission,
    }));
  }

  /**
   * The actor the workflow sees. A commission's integrity admin enters the institution's side (submit, withdraw its
   * own submission, return as misrouted) for an institution below it that has no active accounts (002); the actor
   * then carries `onBehalfOf` and the timeline shows who entered it.
   */
  private async actingActor(p: Principal, live: PaperView, action: string): Promise<PaperActor> {
    const actor = this.actor(p);
    const institutionSide =
      action === 'submit_result' ||
      action === 'return_to_superior' ||
      (action === 'withdraw' && (live.status === 'pre_review' || live.reviewIdx === 0));
    if (!institutionSide || live.holder.level !== 'institution' || live.holder.orgId === p.orgId) return actor;
    if (!this.scope.sees(p, live.holder.path)) return actor;
    const n = await activeUserCount(this.ds, live.holder.orgId);
    return n === 0 ? { ...actor, onBehalfOf: live.holder.orgId } : actor;
  }

  /** What the caller may do now: as its own organisation, and for the institution it enters for (002); with the case's
   *  phase and decision, so nothing offered is refused (issue 18). */
  private async allowedFor(p: Principal, view: PaperView, caseCtx: CaseContext | null): Promise<PaperActionName[]> {
    if (!p.roles.includes(PAPER_ROLE)) return [];
    const ctx = paperCaseContext(caseCtx);
    const own = allowedPaperActions(stateOf(view), p.orgId, ctx);
    const forHolder =
      view.holder.orgId !== p.orgId && (await this.actingActor(p, view, 'submit_result')).onBehalfOf
        ? allowedPaperActions(stateOf(view), view.holder.orgId, ctx)
        : [];
    return [...new Set([...own, ...forHolder])];
  }

  private actor(p: Principal): PaperActor {
    return { userId: p.userId, role: PAPER_ROLE, orgId: p.orgId, name: p.name };
  }

  private requireAdmin(p: Principal): void {
    if (!p.roles.includes(PAPER_ROLE))
      throw new DomainError('FORBIDDEN', 'only integrity administrators act on problem papers (RULES.md §1)');
  }

  private async findVisible(p: Principal, id: string): Promise<PaperRowDb> {
    if (!UUID.test(id)) throw new DomainError('NOT_FOUND', 'paper not found');
    const row = (await findPaper(this.ds, id)) as PaperRowDb | undefined;
    if (!row || !this.scope.sees(p, row.holder_path)) throw new DomainError('NOT_FOUND', 'paper not found');
    return row;
  }

  private async org(id: string): Promise<OrgRow> {
    const o = await findOrganisationWithReview(this.ds, id);
    if (!o) throw new DomainError('NOT_FOUND', 'organisation not found');
    return o;
  }

  /** An organisation named in the path or the query: outside the caller's subtree it does not exist for them (404). */
  private async visibleOrg(p: Principal, id: string): Promise<OrgRow> {
    const o = UUID.test(id) ? await findOrganisationWithReview(this.ds, id) : undefined;
    if (!o || !this.scope.sees(p, o.path)) throw new DomainError('NOT_FOUND', 'organisation not found');
    return o;
  }

  /** The paper as its workflow last projected it; a row from before the projected view asks the workflow. Never a query
   * otherwise: see docs/ARCHITECTURE.md, "Reads and replay". */
  private async live(row: PaperRowDb): Promise<PaperView | null> {
    if (row.view) return row.view;
    return orNullIfNoWorkflow(readPaperState(this.temporal, row.workflow_id));
  }

  private view(r: PaperRowDb) {
    return {
      id: r.id,
      workflowId: r.workflow_id,
      batch: r.batch,
      number: r.number,
      title: r.title,
      authors: r.authors,
      correspondingUnit: r.corresponding_unit,
      regionCode: r.region_code,
      journal: r.journal,
      doi: r.doi,
      retractionDate: r.retraction_date,
      source: r.source,
      dispatchingDepartment: r.dispatching_department,
      status: r.status,
      holder: { orgId: r.holder_org_id, name: r.holder_name, level: r.holder_level },
      currentOrgId: r.current_org_id,
      currentOrgName: r.current_name,
      reviewLevel: r.review_level,
      caseId: r.case_id,
      caseNumber: r.case_number,
      rounds: r.rounds,
      version: r.version,
      updatedAt: r.updated_at.toISOString(),
    };
  }
}

function toPaperOrg(o: Pick<OrgRow, 'id' | 'path' | 'level' | 'name'>): PaperOrg {
  return { orgId: o.id, path: o.path, level: o.level, name: o.name };
}

function emptyCounts(): Record<string, number> {
  return Object.fromEntries(PAPER_STATUSES.map((s) => [s, 0]));
}

/** The case context as the paper service reads it (the reducer's `PaperCaseContext` plus the decision in force). */
interface CaseContext extends PaperCaseContext {
  decisionId: string | null;
  decisionVersion: number | null;
}

function paperCaseContext(c: CaseContext | null): PaperCaseContext | undefined {
  return c ? { casePhase: c.casePhase, decided: c.decided } : undefined;
}

/** The 409 for an action not open to the caller now, with the reducer's own reason as the issue. */
function notOffered(view: PaperView, action: PaperActionName, orgId: string, caseCtx: CaseContext | null, allowed: string[]): DomainError {
  const why = refusalOf(stateOf(view), action, orgId, paperCaseContext(caseCtx));
  const issues = why?.issues.length
    ? why.issues
    : [{ path: 'action', rule: 'paper.not_offered', message: `not possible for your organisation now (the paper is ${view.status})` }];
  return new DomainError('ACTION_NOT_ALLOWED', `"${action}" is not possible for your organisation now: ${issues[0]!.message}`, {
    status: view.status,
    allowedActions: allowed,
    issues,
  });
}

/** The reducer's state from the workflow's view, for computing allowed actions without a round trip. */
function stateOf(v: PaperView): PaperState {
  return {
    paperId: v.paperId,
    number: v.number,
    batch: v.batch,
    status: v.status,
    holder: v.holder,
    dispatchedBy: v.dispatchedBy,
    caseId: v.caseId,
    caseNumber: v.caseNumber,
    chain: v.chain,
    reviewIdx: v.reviewIdx,
    reviewStarted: v.reviewStarted,
    preReviewConsented: v.preReviewConsented,
    rounds: v.rounds,
    version: v.version,
    seq: 0,
  };
}
