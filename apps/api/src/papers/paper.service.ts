import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../../../libs/config/src';
import { allowedPaperActions, isPaperAction, paperRefusal, PAPER_ROLE, PAPER_STATUSES, paperWorkflowId, parsePaperTable, regionMatches, type ChainLevel, type PaperActor, type PaperOrg, type PaperState } from '../../../../libs/domain/src/paper';
import { DomainError } from '../../../../libs/domain/src/shared';
import { FILE_STORE, type FileStore } from '../../../../libs/persistence/src/file-store';
import { getPaperQuery, paperActionUpdate, type PaperView } from '../../../../workflows/definitions';
import { paperWorkflow } from '../../../../workflows/paper.workflow';
import { OrgScope } from '../auth/org-scope.service';
import type { Principal } from '../auth/principal';
import { ActionPipeline, etagOf } from '../common/workflow-action';
import { PAPER_ACTION_CONTRACT } from '../../../../libs/contract/src';
import { checkUpload, storeThenRecord, type UploadedFileLike } from '../common/stored-upload';

interface PaperRowDb {
  id: string;
  workflow_id: string;
  batch: string;
  number: string;
  title: string;
  authors: string[];
  corresponding_unit: string;
  region_code: string;
  journal: string;
  doi: string | null;
  retraction_date: string | null;
  source: string;
  status: string;
  holder_org_id: string;
  holder_path: string;
  holder_name: string;
  holder_level: string;
  current_org_id: string | null;
  current_name: string | null;
  review_level: string | null;
  case_id: string | null;
  case_number: string | null;
  rounds: number;
  version: number;
  created_at: Date;
  /** The workflow's view as last projected (null for rows projected before it existed; absent from lists). */
  view?: PaperView | null;
  updated_at: Date;
}

interface OrgRow {
  id: string;
  name: string;
  level: string;
  path: string;
  parent_id: string | null;
  region_code: string;
  pre_review: boolean;
}

/** Kinds of file attached to a paper's flow (002: 正式函件; 004: 正式加印资料). */
export const PAPER_FILE_KINDS = ['official_letter', 'stamped_result', 'draft_material', 'other'] as const;

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
  ) {}

  /**
   * Batch import (002 导入): every row validated; good rows become papers held by the importing commission (each with
   * its workflow), bad rows come back with row number and reason; a paper already imported (batch + number) is left
   * as it is, so importing the same file again changes nothing.
   */
  async import(p: Principal, table: string[][]) {
    this.requireAdmin(p);
    const org = await this.org(p.orgId);
    if (org.level === 'institution') throw new DomainError('FORBIDDEN', 'problem papers are imported by a health commission, not an institution (002)');
    const { rows, errors } = parsePaperTable(table);
    if (rows.length === 0 && errors.length === 1 && errors[0]!.row === 1) {
      throw new DomainError('VALIDATION_FAILED', `file: ${errors[0]!.reason}`, { field: 'file', errors });
    }
    const imported: Array<{ id: string; batch: string; number: string; row: number }> = [];
    let unchanged = 0;
    const actor = this.actor(p);
    for (const r of rows) {
      const existing: unknown[] = await this.ds.query(`SELECT 1 FROM problem_papers WHERE batch = $1 AND number = $2`, [r.batch, r.number]);
      if (existing.length) {
        unchanged += 1;
        continue;
      }
      const id = randomUUID();
      const workflowId = paperWorkflowId(r.batch, r.number);
      let started = false;
      try {
        await this.ds.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO problem_papers (id, workflow_id, batch, number, title, authors, corresponding_unit, region_code, journal, doi, retraction_date,
               source, imported_by, imported_org_id, holder_org_id, holder_path, current_org_id)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$14,$15,$14)`,
            [id, workflowId, r.batch, r.number, r.title, JSON.stringify(r.authors), r.correspondingUnit, r.regionCode, r.journal, r.doi,
              r.retractionDate, r.source, p.userId, org.id, org.path],
          );
          await this.temporal.workflow.start(paperWorkflow, {
            workflowId,
            taskQueue: this.config.get('app', { infer: true }).temporal.taskQueue,
            args: [{ paperId: id, number: r.number, batch: r.batch, holder: toPaperOrg(org), importedBy: actor }],
          });
          started = true;
        });
        imported.push({ id, batch: r.batch, number: r.number, row: r.line });
      } catch (err) {
        // The row did not commit after the workflow started: end it, so nothing is left half-written.
        if (started) await this.temporal.workflow.getHandle(workflowId).terminate('paper import did not commit').catch(() => undefined);
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

  async list(p: Principal, q: { status?: string; batch?: string; orgId?: string; page?: number; pageSize?: number }) {
    if (q.status !== undefined && !(PAPER_STATUSES as readonly string[]).includes(q.status)) {
      throw new DomainError('VALIDATION_FAILED', `status: must be one of ${PAPER_STATUSES.join(', ')}`, { field: 'status' });
    }
    const params: unknown[] = [p.orgPath];
    const where = [this.scope.condition('pp.holder_path', 1)];
    if (q.orgId) {
      const o = await this.visibleOrg(p, q.orgId, 'orgId');
      params.push(o.path);
      where.push(this.scope.condition('pp.holder_path', params.length));
    }
    if (q.status) {
      params.push(q.status);
      where.push(`pp.status = $${params.length}`);
    }
    if (q.batch) {
      params.push(q.batch);
      where.push(`pp.batch = $${params.length}`);
    }
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const filter = where.join(' AND ');
    const [{ total }]: Array<{ total: number }> = await this.ds.query(`SELECT count(*)::int AS total FROM problem_papers pp WHERE ${filter}`, params);
    const rows: PaperRowDb[] = await this.ds.query(`${SELECT_PAPER} WHERE ${filter} ORDER BY pp.batch, pp.number LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`, params);
    return { total, page, pageSize, items: rows.map((r) => this.view(r)) };
  }

  async get(p: Principal, id: string) {
    const row = await this.findVisible(p, id);
    const live = await this.live(row);
    return {
      ...this.view(row),
      ...(live
        ? {
            status: live.status,
            version: live.version,
            currentOrgId: live.currentOrg?.orgId ?? null,
            chain: live.chain.map((c, i) => ({ ...c, position: positionOf(live, i) })),
            reviewStarted: live.reviewStarted,
          }
        : {}),
      allowedActions: live ? await this.allowedFor(p, live) : [],
    };
  }

  async timeline(p: Principal, id: string) {
    const row = await this.findVisible(p, id);
    const events: Array<{ seq: number; type: string; at: Date; actor: unknown; data: unknown }> = await this.ds.query(
      `SELECT seq, type, at, actor, data FROM paper_events WHERE paper_id = $1 ORDER BY seq`,
      [row.id],
    );
    return events.map((e) => ({ seq: e.seq, type: e.type, at: e.at.toISOString(), actor: e.actor, data: e.data }));
  }

  /**
   * 办理进度 (002): what is below the caller (or below `orgId` in its subtree, for drill-down): counts per status, the
   * same per child organisation, and the papers held at this level itself.
   */
  async progress(p: Principal, orgId?: string) {
    const base = orgId ? await this.visibleOrg(p, orgId, 'orgId') : await this.org(p.orgId);
    const totals: Array<{ status: string; n: number }> = await this.ds.query(
      `SELECT status, count(*)::int AS n FROM problem_papers WHERE ${this.scope.condition('holder_path', 1)} GROUP BY status`,
      [base.path],
    );
    const perChild: Array<{ id: string; name: string; level: string; status: string | null; n: number }> = await this.ds.query(
      `SELECT o.id, o.name, o.level, pp.status, count(pp.id)::int AS n
         FROM organisations o
         LEFT JOIN problem_papers pp ON (pp.holder_path = o.path OR pp.holder_path LIKE o.path || '/%')
        WHERE o.parent_id = $1
        GROUP BY o.id, o.name, o.level, pp.status ORDER BY o.name`,
      [base.id],
    );
    const here: Array<{ status: string; n: number }> = await this.ds.query(
      `SELECT status, count(*)::int AS n FROM problem_papers WHERE holder_org_id = $1 GROUP BY status`,
      [base.id],
    );
    const awaitingMe: Array<{ n: number }> = await this.ds.query(`SELECT count(*)::int AS n FROM problem_papers WHERE current_org_id = $1`, [base.id]);
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
      awaitingThisOrganisation: awaitingMe[0]!.n,
      children: [...children.values()],
    };
  }

  /** Dispatch by region (002: 按行政区划转派): every paper of the batch held by the caller's organisation goes to the child
   *  organisation (province, then city) whose region code matches the first corresponding author's unit. */
  async dispatchBatch(p: Principal, batch: string) {
    this.requireAdmin(p);
    const children: OrgRow[] = await this.ds.query(`SELECT id, name, level, path, parent_id, region_code, pre_review FROM organisations WHERE parent_id = $1`, [p.orgId]);
    const papers: Array<{ id: string; number: string; region_code: string; version: number }> = await this.ds.query(
      `SELECT id, number, region_code, version FROM problem_papers WHERE batch = $1 AND holder_org_id = $2 AND status = 'pending_dispatch' ORDER BY number`,
      [batch, p.orgId],
    );
    const dispatched: Array<{ paperId: string; number: string; toOrgId: string; toName: string }> = [];
    const errors: Array<{ paperId: string; number: string; reason: string }> = [];
    for (const paper of papers) {
      const target = children.filter((c) => regionMatches(c.level, c.region_code, paper.region_code));
      if (target.length !== 1) {
        errors.push({ paperId: paper.id, number: paper.number, reason: target.length ? `several organisations match region ${paper.region_code}` : `no organisation below matches region ${paper.region_code}: dispatch it explicitly` });
        continue;
      }
      try {
        await this.act(p, paper.id, 'dispatch', { targetOrgId: target[0]!.id }, { ifMatch: etagOf(paper.version) });
        dispatched.push({ paperId: paper.id, number: paper.number, toOrgId: target[0]!.id, toName: target[0]!.name });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        errors.push({ paperId: paper.id, number: paper.number, reason: err.message });
      }
    }
    if (papers.length === 0) throw new DomainError('NOT_FOUND', `batch ${batch}: no paper of it waits for dispatch at your organisation`);
    return { dispatched, errors };
  }

  /** An integrity administrator's action, in the order of the action pipeline (apps/api/src/common/workflow-action.ts). */
  async act(p: Principal, id: string, action: string, body: unknown, opts: { ifMatch?: string; idempotencyKey?: string }) {
    const row = await this.findVisible(p, id);
    if (!isPaperAction(action)) throw new DomainError('NOT_FOUND', `unknown action "${action}"`);
    this.requireAdmin(p);
    const live = await this.live(row);
    if (!live) throw new DomainError('CONFLICT', 'the paper workflow has ended; no more actions are possible');
    const actor = await this.actingActor(p, live, action);
    const allowed = await this.allowedFor(p, live);
    return this.pipeline.run({
      what: 'paper',
      scope: `paper:${row.id}`,
      action,
      userId: p.userId,
      body,
      ...opts,
      projectedVersion: live.version,
      notOffered: () =>
        allowed.includes(action)
          ? null
          : new DomainError('ACTION_NOT_ALLOWED', paperRefusal(stateOf(live), action, actor.onBehalfOf ?? p.orgId) ?? `"${action}" is not possible now`, {
              status: live.status,
              allowedActions: allowed,
            }),
      schema: PAPER_ACTION_CONTRACT[action].body,
      prepare: async (checked) => ({ workflowBody: await this.prepare(p, row, live, action, checked) }),
      execute: async (workflowBody, expectedVersion, updateId) => {
        const view = await this.temporal.workflow.getHandle(row.workflow_id).executeUpdate(paperActionUpdate, {
          args: [{ action, actor, expectedVersion, body: workflowBody }],
          updateId,
        });
        return { ...view, allowedActions: await this.allowedFor(p, view) };
      },
    });
  }

  async upload(p: Principal, id: string, kind: string, file: UploadedFileLike | undefined) {
    const row = await this.findVisible(p, id);
    this.requireAdmin(p);
    if (!(PAPER_FILE_KINDS as readonly string[]).includes(kind)) {
      throw new DomainError('VALIDATION_FAILED', `kind: must be one of ${PAPER_FILE_KINDS.join(', ')}`, { field: 'kind' });
    }
    const f = checkUpload(file, this.config.get('app', { infer: true }).files);
    const live = await this.live(row);
    const acting = live ? (await this.actingActor(p, live, 'submit_result')).onBehalfOf : undefined;
    const involved = new Set([row.holder_org_id, ...(live?.chain.map((c) => c.orgId) ?? []), live?.currentOrg?.orgId].filter(Boolean));
    if (!involved.has(p.orgId) && !acting) throw new DomainError('FORBIDDEN', 'files are added by the organisations in the paper\'s flow');
    const fileId = randomUUID();
    const key = `papers/${row.id}/${fileId}`;
    const sha256 = await storeThenRecord(this.store, key, f, (sha) =>
      this.ds.query(
        `INSERT INTO paper_files (id, paper_id, kind, filename, content_type, size, sha256, storage_key, org_id, uploaded_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
        [fileId, row.id, kind, f.originalname.slice(0, 255), f.mimetype, f.size, sha, key, acting ?? p.orgId, p.userId],
      ),
    );
    return { id: fileId, kind, filename: f.originalname, contentType: f.mimetype, size: f.size, sha256, orgId: acting ?? p.orgId };
  }

  async files(p: Principal, id: string) {
    const row = await this.findVisible(p, id);
    const rows: Array<{ id: string; kind: string; filename: string; content_type: string; size: string; sha256: string; org_id: string; uploaded_at: Date }> =
      await this.ds.query(`SELECT id, kind, filename, content_type, size, sha256, org_id, uploaded_at FROM paper_files WHERE paper_id = $1 ORDER BY uploaded_at, id`, [row.id]);
    return rows.map((f) => ({ id: f.id, kind: f.kind, filename: f.filename, contentType: f.content_type, size: Number(f.size), sha256: f.sha256, orgId: f.org_id, uploadedAt: f.uploaded_at.toISOString() }));
  }

  async openFile(p: Principal, id: string, fileId: string): Promise<{ file: { filename: string; contentType: string; size: number; sha256: string }; stream: Readable }> {
    const row = await this.findVisible(p, id);
    const rows: Array<{ filename: string; content_type: string; size: string; sha256: string; storage_key: string }> = await this.ds.query(
      `SELECT filename, content_type, size, sha256, storage_key FROM paper_files WHERE paper_id = $1 AND id = $2`,
      [row.id, fileId],
    );
    const f = rows[0];
    if (!f) throw new DomainError('NOT_FOUND', 'file not found');
    return { file: { filename: f.filename, contentType: f.content_type, size: Number(f.size), sha256: f.sha256 }, stream: this.store.open(f.storage_key) };
  }

  // --- helpers -------------------------------------------------------------------------------------------------

  /** Resolves ids in the body into what the workflow's reducer checks (organisations, chain, decision, files). */
  private async prepare(p: Principal, row: PaperRowDb, live: PaperView, action: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = { ...body };
    switch (action) {
      case 'dispatch': {
        if (typeof body.targetOrgId !== 'string' || !UUID.test(body.targetOrgId)) {
          throw new DomainError('VALIDATION_FAILED', 'targetOrgId: the organisation to dispatch to (a uuid) is required', { field: 'targetOrgId' });
        }
        out.target = toPaperOrg(await this.visibleOrg(p, body.targetOrgId, 'targetOrgId'));
        break;
      }
      case 'return_to_superior':
        if (live.caseNumber) {
          // The case's phase as projected (written before each of its actions answers), not a query of its workflow.
          const [c]: Array<{ phase: string }> = await this.ds.query(`SELECT phase FROM cases WHERE number = $1`, [live.caseNumber]);
          if (c) out.casePhase = c.phase;
        }
        break;
      case 'submit_result': {
        if (!live.caseId) break; // the reducer refuses: no case yet
        const decisions: Array<{ id: string }> = await this.ds.query(
          `SELECT id FROM decisions WHERE case_id = $1 AND status IN ('pending', 'effective') ORDER BY updated_at DESC LIMIT 1`,
          [live.caseId],
        );
        if (!decisions[0]) {
          throw new DomainError('ACTION_NOT_ALLOWED', `case ${live.caseNumber}: decide the case first; its decision form and required files are the result (RULES.md §4, 002)`, {
            caseNumber: live.caseNumber,
          });
        }
        out.decisionId = decisions[0].id;
        out.chain = await this.chainAbove(row.holder_org_id);
        if (body.attachmentIds !== undefined) out.attachmentIds = await this.ownFiles(row.id, body.attachmentIds, 'attachmentIds');
        break;
      }
      case 'return_result':
      case 'approve':
        if (body.letterFileId !== undefined || action === 'return_result') {
          if (typeof body.letterFileId !== 'string') {
            throw new DomainError('VALIDATION_FAILED', 'letterFileId: the official letter (公函) is attached when a result is returned (RULES.md §5); upload it first', { field: 'letterFileId' });
          }
          [out.letterFileId] = await this.ownFiles(row.id, [body.letterFileId], 'letterFileId');
        }
        break;
    }
    return out;
  }

  private async ownFiles(paperId: string, ids: unknown, field: string): Promise<string[]> {
    if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string' || !UUID.test(x))) {
      throw new DomainError('VALIDATION_FAILED', `${field}: file ids (uuid) of this paper`, { field });
    }
    const rows: Array<{ id: string }> = await this.ds.query(`SELECT id FROM paper_files WHERE paper_id = $1 AND id = ANY($2::uuid[])`, [paperId, ids]);
    if (rows.length !== new Set(ids).size) throw new DomainError('VALIDATION_FAILED', `${field}: not a file of this paper`, { field });
    return ids as string[];
  }

  /** The review chain of an institution: its ancestors, nearest first, national last (RULES.md §5). */
  private async chainAbove(orgId: string): Promise<ChainLevel[]> {
    const o = await this.org(orgId);
    const ids = o.path.split('/').filter(Boolean).slice(0, -1).reverse();
    const rows: OrgRow[] = await this.ds.query(`SELECT id, name, level, path, parent_id, region_code, pre_review FROM organisations WHERE id = ANY($1::uuid[])`, [ids]);
    return ids.map((id) => rows.find((r) => r.id === id)!).map((r) => ({ ...toPaperOrg(r), preReview: r.pre_review }));
  }

  /**
   * The actor the workflow sees. A commission's integrity admin enters the institution's side (submit, withdraw its
   * own submission, return as misrouted) for an institution below it that has no active accounts (002); the actor
   * then carries `onBehalfOf` and the timeline shows who entered it.
   */
  private async actingActor(p: Principal, live: PaperView, action: string): Promise<PaperActor> {
    const actor = this.actor(p);
    const institutionSide =
      action === 'submit_result' || action === 'return_to_superior' || (action === 'withdraw' && (live.status === 'pre_review' || live.reviewIdx === 0));
    if (!institutionSide || live.holder.level !== 'institution' || live.holder.orgId === p.orgId) return actor;
    if (!this.scope.sees(p, live.holder.path)) return actor;
    const [{ n }]: Array<{ n: number }> = await this.ds.query(`SELECT count(*)::int AS n FROM users WHERE org_id = $1 AND active`, [live.holder.orgId]);
    return n === 0 ? { ...actor, onBehalfOf: live.holder.orgId } : actor;
  }

  private async allowedFor(p: Principal, view: PaperView): Promise<string[]> {
    if (!p.roles.includes(PAPER_ROLE)) return [];
    const own = allowedPaperActions(stateOf(view), p.orgId);
    const forHolder = view.holder.orgId !== p.orgId && (await this.actingActor(p, view, 'submit_result')).onBehalfOf ? allowedPaperActions(stateOf(view), view.holder.orgId) : [];
    return [...new Set([...own, ...forHolder])];
  }

  private actor(p: Principal): PaperActor {
    return { userId: p.userId, role: PAPER_ROLE, orgId: p.orgId, name: p.name };
  }

  private requireAdmin(p: Principal): void {
    if (!p.roles.includes(PAPER_ROLE)) throw new DomainError('FORBIDDEN', 'only integrity administrators act on problem papers (RULES.md §1)');
  }

  private async findVisible(p: Principal, id: string): Promise<PaperRowDb> {
    if (!UUID.test(id)) throw new DomainError('NOT_FOUND', 'paper not found');
    const rows: PaperRowDb[] = await this.ds.query(`${SELECT_ONE_PAPER} WHERE pp.id = $1`, [id]);
    const row = rows[0];
    if (!row || !this.scope.sees(p, row.holder_path)) throw new DomainError('NOT_FOUND', 'paper not found');
    return row;
  }

  private async org(id: string): Promise<OrgRow> {
    const rows: OrgRow[] = await this.ds.query(`SELECT id, name, level, path, parent_id, region_code, pre_review FROM organisations WHERE id = $1`, [id]);
    if (!rows[0]) throw new DomainError('NOT_FOUND', 'organisation not found');
    return rows[0];
  }

  private async visibleOrg(p: Principal, id: string, field: string): Promise<OrgRow> {
    const rows: OrgRow[] = UUID.test(id) ? await this.ds.query(`SELECT id, name, level, path, parent_id, region_code, pre_review FROM organisations WHERE id = $1`, [id]) : [];
    if (!rows[0] || !this.scope.sees(p, rows[0].path)) throw new DomainError('VALIDATION_FAILED', `${field}: no such organisation in your scope`, { field });
    return rows[0];
  }

  /** The paper as its workflow last projected it; a row from before the projected view asks the workflow. Never a query
   * otherwise: see docs/ARCHITECTURE.md, "Reads and replay". */
  private async live(row: PaperRowDb): Promise<PaperView | null> {
    if (row.view) return row.view;
    try {
      return await this.temporal.workflow.getHandle(row.workflow_id).query(getPaperQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
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

const PAPER_COLUMNS = `pp.id, pp.workflow_id, pp.batch, pp.number, pp.title, pp.authors, pp.corresponding_unit, pp.region_code, pp.journal, pp.doi,
       to_char(pp.retraction_date, 'YYYY-MM-DD') AS retraction_date, pp.source, pp.status, pp.holder_org_id, pp.holder_path, h.name AS holder_name,
       h.level AS holder_level, pp.current_org_id, c.name AS current_name, pp.review_level, pp.case_id, pp.case_number, pp.rounds, pp.version,
       pp.created_at, pp.updated_at`;
const PAPER_FROM = `FROM problem_papers pp JOIN organisations h ON h.id = pp.holder_org_id LEFT JOIN organisations c ON c.id = pp.current_org_id`;
/** Lists leave the projected workflow view out (it is only read for one paper at a time). */
const SELECT_PAPER = `SELECT ${PAPER_COLUMNS} ${PAPER_FROM}`;
const SELECT_ONE_PAPER = `SELECT ${PAPER_COLUMNS}, pp.view ${PAPER_FROM}`;

function toPaperOrg(o: Pick<OrgRow, 'id' | 'path' | 'level' | 'name'>): PaperOrg {
  return { orgId: o.id, path: o.path, level: o.level, name: o.name };
}

function emptyCounts(): Record<string, number> {
  return Object.fromEntries(PAPER_STATUSES.map((s) => [s, 0]));
}

/** Where each level of the chain stands: approved below the current reviewer, reviewing at it, waiting above. */
function positionOf(v: PaperView, i: number): 'approved' | 'reviewing' | 'waiting' {
  if (v.status === 'approved') return 'approved';
  const reviewing = v.status === 'pending_review' || v.status === 'pre_review';
  if (reviewing && i === v.reviewIdx) return 'reviewing';
  return reviewing && i < v.reviewIdx ? 'approved' : 'waiting';
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

