import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '@libs/config/src';
import {
  conform,
  LEAD_ACTION_CONTRACT,
  LeadCreateSchema,
  OrgAliasesSchema,
  ReviewAssignSchema,
  ReviewDismissSchema,
  type LeadCreate,
} from '@libs/contract/src';
import { isoDateOf, overdueWorkingDays, remainingWorkingDays, type WorkingCalendar } from '@libs/domain/src/calendar';
import { effectiveReminderPolicy } from '@libs/domain/src/case/reminders';
import {
  allowedLeadActions,
  buildOrgIndex,
  commonAncestorPath,
  concernsChina,
  LEAD_ACTIONS,
  LEAD_ROLE,
  leadMonthOf,
  leadNumber,
  leadRefusal,
  leadWorkflowId,
  matchAffiliations,
  normaliseDoi,
  parseRetractionWatch,
  triageDeadline,
  type LeadActor,
  type LeadCategory,
  type LeadOrigin,
  type LeadState,
} from '@libs/domain/src/lead';
import { DomainError, validationFailed } from '@libs/domain/src/shared';
import { LeadStore, type LeadRow, type OrgForLeads } from '@libs/persistence/src/leads';
import { leadActionUpdate, type LeadOrgInput, type LeadView } from '@workflows/definitions';
import { leadWorkflow } from '@workflows/lead.workflow';
import { OrgScope } from '../auth/org-scope.service';
import type { Principal } from '../auth/principal';
import { CalendarService } from '../calendar/calendar.service';
import { ActionPipeline, fromUpdateFailure } from '../common/workflow-action';
import type { ActionCall } from '../common/action-route';
import type { LeadListQuery } from './lead.query';
import { noteChange } from '../audit/audit.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a new lead is made of, whoever creates it (by hand, an import, the paper import, a spot-check follow-up). */
export interface LeadSpec {
  origin: LeadOrigin;
  category: LeadCategory;
  title: string;
  doi: string | null;
  authors: string[];
  institution: string | null;
  journal: string | null;
  publishedOn: string | null;
  retractionDate: string | null;
  summary: string | null;
  sourceRef: string | null;
  details: Record<string, unknown>;
  paperId: string | null;
  /** The day it reached the holder (Asia/Shanghai): the triage deadline counts from it. */
  on: string;
}

export type LeadItem = ReturnType<LeadService['view']>;

/**
 * Leads before cases (issue 22; 004 二(一); 000 §1). A lead is visible to the organisation holding it and every
 * organisation above (404 elsewhere); only integrity administrators create, import and triage leads (RULES.md §1:
 * they act on problem papers). Every triage goes through the lead's workflow (`leadAction` Update, validated before
 * history) in the order of the action pipeline; lists and views read the PostgreSQL projection.
 */
@Injectable()
export class LeadService {
  private readonly log = new Logger('Leads');
  readonly store: LeadStore;

  constructor(
    private readonly ds: DataSource,
    private readonly temporal: Client,
    private readonly scope: OrgScope,
    private readonly calendar: CalendarService,
    private readonly config: ConfigService<{ app: AppConfig }, true>,
    private readonly pipeline: ActionPipeline,
  ) {
    this.store = new LeadStore(ds);
  }

  // --- creation -------------------------------------------------------------------------------------------------

  async create(p: Principal, body: unknown) {
    this.requireAdmin(p);
    const b = conform<LeadCreate>(LeadCreateSchema, body);
    const org = b.orgId ? await this.visibleOrg(p, b.orgId, 'orgId') : (await this.store.org(this.ds, p.orgId))!;
    const today = isoDateOf(Date.now());
    const on = b.receivedOn ?? today;
    if (on > today)
      throw validationFailed([{ path: 'receivedOn', rule: 'not_in_future', message: `must not be after today (${today}, Asia/Shanghai)` }]);
    const doi = b.doi ? normaliseDoi(b.doi) : null;
    if (doi) {
      const dup = await this.store.existing(this.ds, { doi });
      if (dup)
        throw new DomainError('CONFLICT', `a lead for DOI ${doi} exists already: ${dup.number}`, {
          issues: [{ path: 'doi', rule: 'unique', message: `lead ${dup.number} (${dup.id}) has this DOI` }],
          leadId: dup.id,
        });
    }
    const spec: LeadSpec = {
      origin: 'manual',
      category: b.category,
      title: b.title.trim(),
      doi,
      authors: (b.authors ?? []).map((a) => a.trim()),
      institution: b.institution?.trim() || null,
      journal: b.journal?.trim() || null,
      publishedOn: b.publishedOn ?? null,
      retractionDate: b.retractionDate ?? null,
      summary: b.summary?.trim() || null,
      sourceRef: null,
      details: {},
      paperId: null,
      on,
    };
    const created = await this.register(p, org, spec).catch((err: unknown) => {
      if (isUniqueViolation(err))
        throw new DomainError('CONFLICT', `a lead for DOI ${doi} exists already`, {
          issues: [{ path: 'doi', rule: 'unique', message: 'another lead has this DOI' }],
        });
      throw err;
    });
    const lead = await this.get(p, created.id);
    noteChange('lead', created.id, null, lead); // RULES.md §7: before/after
    return lead;
  }

  /** Registers a lead at `holder` and starts its workflow; the row commits only once the workflow has started. */
  async register(p: Principal | null, holder: OrgForLeads, spec: LeadSpec): Promise<{ id: string; number: string }> {
    let started: string | null = null;
    return this.ds
      .transaction(async (tx) => {
        const r = await this.registerIn(tx, p, holder, spec);
        started = r.workflowId;
        return r;
      })
      .catch(async (err: unknown) => {
        if (started)
          await this.temporal.workflow
            .getHandle(started)
            .terminate('lead registration did not commit')
            .catch(() => undefined);
        throw err;
      });
  }

  /**
   * The same inside the caller's transaction (the paper import registers a paper and its lead together): number,
   * row, then the workflow. The caller terminates `workflowId` if its transaction does not commit.
   */
  async registerIn(
    tx: EntityManager,
    p: Principal | null,
    holder: OrgForLeads,
    spec: LeadSpec,
  ): Promise<{ id: string; number: string; workflowId: string }> {
    const id = randomUUID();
    const month = leadMonthOf(Date.now());
    const number = leadNumber(month, await this.store.nextNumber(tx, holder.id, month));
    const workflowId = leadWorkflowId(id);
    await this.store.insert(tx, {
      id,
      number,
      numberOrgId: holder.id,
      workflowId,
      origin: spec.origin,
      category: spec.category,
      title: spec.title,
      doi: spec.doi,
      authors: spec.authors,
      institution: spec.institution,
      journal: spec.journal,
      publishedOn: spec.publishedOn,
      retractionDate: spec.retractionDate,
      summary: spec.summary,
      sourceRef: spec.sourceRef,
      details: spec.details,
      paperId: spec.paperId,
      holderOrgId: holder.id,
      holderPath: holder.path,
      createdBy: p?.userId ?? null,
    });
    const { years, calendar } = await this.calendar.snapshot();
    const first = triageDeadline(calendar, leadOrg(holder), spec.on, 0);
    await this.store.insertFirstDeadline(tx, id, {
      orgId: holder.id,
      orgPath: holder.path,
      dueDate: first.dueDate,
      dueAt: first.dueAt,
      provisional: first.provisional,
    });
    await this.temporal.workflow.start(leadWorkflow, {
      workflowId,
      taskQueue: this.config.get('app', { infer: true }).temporal.taskQueue,
      args: [
        {
          leadId: id,
          number,
          holder: leadOrg(holder),
          category: spec.category,
          paperId: spec.paperId,
          on: spec.on,
          calendar: years,
          openedBy: p ? this.actor(p) : null,
        },
      ],
    });
    return { id, number, workflowId };
  }

  /** Ends a lead workflow whose registration did not commit (nothing is left half-written). */
  async terminate(workflowId: string): Promise<void> {
    await this.temporal.workflow
      .getHandle(workflowId)
      .terminate('lead registration did not commit')
      .catch(() => undefined);
  }

  // --- monitoring import (Retraction Watch) --------------------------------------------------------------------

  /**
   * The Retraction Watch Database export as published (000 §1): rows naming China whose affiliations match
   * organisations of the caller's subtree (names and aliases) become leads there (several organisations: their
   * nearest common ancestor), a DOI or record already known changes nothing, unmatched Chinese rows go to the review
   * queue, other countries are skipped, bad rows come back with their row number.
   */
  async importRetractionWatch(p: Principal, table: string[][]) {
    this.requireAdmin(p);
    const { rows, errors } = parseRetractionWatch(table);
    if (rows.length === 0 && errors.length === 1 && errors[0]!.row === 1) {
      throw new DomainError('VALIDATION_FAILED', `file: ${errors[0]!.reason}`, {
        issues: [{ path: 'file', rule: 'format', message: errors[0]!.reason }],
      });
    }
    const index = buildOrgIndex(await this.store.orgsIn(p.orgPath));
    const today = isoDateOf(Date.now());
    const result = {
      imported: 0,
      duplicates: 0,
      queued: 0,
      foreign: 0,
      errors: [...errors],
      leads: [] as Array<{ row: number; id: string; number: string; holderOrgId: string; holderName: string }>,
      duplicateRows: [] as Array<{ row: number; leadId: string; leadNumber: string }>,
      queuedRows: [] as Array<{ row: number; reviewId: string | null }>,
    };
    for (const r of rows) {
      if (!concernsChina(r)) {
        result.foreign += 1;
        continue;
      }
      const dup = await this.store.existing(this.ds, { doi: r.doi, origin: 'retraction_watch', sourceRef: r.recordId });
      if (dup) {
        result.duplicates += 1;
        result.duplicateRows.push({ row: r.line, leadId: dup.id, leadNumber: dup.number });
        continue;
      }
      const matched = matchAffiliations(r.institutions, index);
      if (matched.length === 0) {
        const reviewId = randomUUID();
        const queued = await this.store.enqueue({
          id: reviewId,
          origin: 'retraction_watch',
          sourceRef: r.recordId,
          title: r.title,
          doi: r.doi,
          institution: r.institutions.join('; ') || '(none given)',
          country: r.countries.join('; ') || null,
          record: r,
          importerOrgId: p.orgId,
          importerPath: p.orgPath,
          importedBy: p.userId,
        });
        result.queued += 1;
        result.queuedRows.push({ row: r.line, reviewId: queued ? reviewId : null });
        continue;
      }
      const holder = await this.store.orgByPath(this.ds, commonAncestorPath(matched.map((o) => o.path))!);
      try {
        const lead = await this.register(p, holder!, {
          origin: 'retraction_watch',
          category: 'retraction',
          title: r.title,
          doi: r.doi,
          authors: r.authors,
          institution: r.institutions.join('; ') || null,
          journal: r.journal || null,
          publishedOn: r.originalPaperDate,
          retractionDate: r.retractionDate,
          summary: r.reasons.length ? r.reasons.join('; ') : null,
          sourceRef: r.recordId,
          details: {
            monitoringSource: 'Retraction Watch',
            matched: matched.map((o) => ({ orgId: o.id, name: o.name })),
            reasons: r.reasons,
            nature: r.nature,
            subjects: r.subjects,
            publisher: r.publisher,
            countries: r.countries,
            articleTypes: r.articleTypes,
            urls: r.urls,
            retractionDoi: r.retractionDoi,
            retractionPubMedId: r.retractionPubMedId,
            originalPaperPubMedId: r.originalPaperPubMedId,
            paywalled: r.paywalled,
            ...(r.notes ? { notes: r.notes } : {}),
          },
          paperId: null,
          on: today,
        });
        result.imported += 1;
        result.leads.push({ row: r.line, id: lead.id, number: lead.number, holderOrgId: holder!.id, holderName: holder!.name });
        noteChange('lead', lead.id, null, {
          number: lead.number,
          origin: 'retraction_watch',
          sourceRef: r.recordId,
          doi: r.doi,
          holderOrgId: holder!.id,
        });
      } catch (err) {
        // The same DOI or record committed by a concurrent import: a duplicate, as on a re-import.
        if (!isUniqueViolation(err)) throw err;
        const again = await this.store.existing(this.ds, { doi: r.doi, origin: 'retraction_watch', sourceRef: r.recordId });
        result.duplicates += 1;
        if (again) result.duplicateRows.push({ row: r.line, leadId: again.id, leadNumber: again.number });
      }
    }
    result.errors.sort((a, b) => a.row - b.row);
    return result;
  }

  // --- review queue ----------------------------------------------------------------------------------------------

  async queue(p: Principal, q: { status?: string; page?: string; pageSize?: string }) {
    this.requireAdmin(p);
    const page = Number(q.page ?? 1);
    const pageSize = Number(q.pageSize ?? 20);
    const { total, rows } = await this.store.queue(p.orgPath, q.status, pageSize, (page - 1) * pageSize);
    return { total, page, pageSize, items: rows.map((r) => this.queueItem(r)) };
  }

  /** An unmatched record assigned by hand to an organisation of the subtree: it becomes a lead there (and, if asked, the
   *  name the export used becomes an alias, so the next import matches it). */
  async assign(p: Principal, reviewId: string, body: unknown) {
    this.requireAdmin(p);
    const item = await this.visibleQueued(p, reviewId);
    const b = conform<{ orgId: string; addAlias?: string; note?: string }>(ReviewAssignSchema, body);
    const org = await this.visibleOrg(p, b.orgId, 'orgId');
    if (item.status !== 'pending') throw new DomainError('CONFLICT', `the record has been ${item.status} already`);
    const r = item.record as unknown as import('@libs/domain/src/lead').RetractionWatchRow;
    if (r.doi) {
      const dup = await this.store.existing(this.ds, { doi: r.doi });
      if (dup) throw new DomainError('CONFLICT', `a lead for DOI ${r.doi} exists already: ${dup.number}`, { leadId: dup.id });
    }
    let started: string | null = null;
    const lead = await this.ds
      .transaction(async (tx) => {
        const locked = await this.store.queued(tx, item.id, true);
        if (locked?.status !== 'pending') throw new DomainError('CONFLICT', 'the record has been resolved meanwhile');
        if (b.addAlias) await this.store.addAlias(tx, org.id, b.addAlias.trim());
        const created = await this.registerIn(tx, p, org, {
          origin: 'retraction_watch',
          category: 'retraction',
          title: item.title,
          doi: item.doi,
          authors: Array.isArray(r.authors) ? r.authors : [],
          institution: item.institution,
          journal: r.journal || null,
          publishedOn: r.originalPaperDate ?? null,
          retractionDate: r.retractionDate ?? null,
          summary: Array.isArray(r.reasons) && r.reasons.length ? r.reasons.join('; ') : null,
          sourceRef: item.source_ref,
          details: {
            monitoringSource: 'Retraction Watch',
            assignedFromReview: item.id,
            reasons: r.reasons ?? [],
            subjects: r.subjects ?? [],
            nature: r.nature ?? null,
          },
          paperId: null,
          on: isoDateOf(Date.now()),
        });
        started = created.workflowId;
        await this.store.resolve(tx, item.id, { status: 'assigned', leadId: created.id, note: b.note?.trim() || null, by: p.userId });
        return created;
      })
      .catch(async (err: unknown) => {
        if (started)
          await this.temporal.workflow
            .getHandle(started)
            .terminate('lead registration did not commit')
            .catch(() => undefined);
        throw err;
      });
    const view = await this.get(p, lead.id);
    noteChange('lead_review_item', item.id, { status: item.status, leadId: item.lead_id }, { status: 'assigned', leadId: lead.id });
    noteChange('lead', lead.id, null, view);
    return view;
  }

  async dismiss(p: Principal, reviewId: string, body: unknown) {
    this.requireAdmin(p);
    const item = await this.visibleQueued(p, reviewId);
    const b = conform<{ note: string }>(ReviewDismissSchema, body);
    if (item.status !== 'pending') throw new DomainError('CONFLICT', `the record has been ${item.status} already`);
    await this.store.resolve(this.ds, item.id, { status: 'dismissed', leadId: null, note: b.note.trim(), by: p.userId });
    const after = (await this.store.queued(this.ds, item.id))!;
    noteChange(
      'lead_review_item',
      item.id,
      { status: item.status, leadId: item.lead_id },
      { status: after.status, leadId: after.lead_id, note: after.note },
    );
    return this.queueItem(after);
  }

  private queueItem(r: import('@libs/persistence/src/leads').ReviewQueueRow) {
    return {
      id: r.id,
      origin: r.origin,
      sourceRef: r.source_ref,
      title: r.title,
      doi: r.doi,
      institution: r.institution,
      country: r.country,
      status: r.status,
      leadId: r.lead_id,
      note: r.note,
      createdAt: r.created_at.toISOString(),
      resolvedAt: r.resolved_at?.toISOString() ?? null,
    };
  }

  private async visibleQueued(p: Principal, id: string) {
    const item = UUID.test(id) ? await this.store.queued(this.ds, id) : null;
    if (!item || !this.scope.sees(p, item.importer_path)) throw new DomainError('NOT_FOUND', 'review item not found');
    return item;
  }

  // --- aliases ---------------------------------------------------------------------------------------------------

  async aliases(p: Principal, orgId: string) {
    const o = await this.visibleOrg(p, orgId, 'id', 'NOT_FOUND');
    return { orgId: o.id, name: o.name, aliases: o.aliases };
  }

  async setAliases(p: Principal, orgId: string, body: unknown) {
    if (!p.roles.some((r) => r === 'integrity_admin' || r === 'system_admin')) {
      throw new DomainError('FORBIDDEN', 'aliases are maintained by integrity administrators and system administrators');
    }
    const o = await this.visibleOrg(p, orgId, 'id', 'NOT_FOUND');
    const b = conform<{ aliases: string[] }>(OrgAliasesSchema, body);
    const aliases = [...new Set(b.aliases.map((a) => a.trim()))];
    await this.store.setAliases(o.id, aliases);
    return { orgId: o.id, name: o.name, aliases, before: o.aliases };
  }

  // --- reads -----------------------------------------------------------------------------------------------------

  async get(p: Principal, id: string) {
    const row = await this.findVisible(p, id);
    const [{ calendar }, deadlines] = await Promise.all([this.calendar.snapshot(), this.store.deadlines(row.id)]);
    const today = isoDateOf(Date.now());
    return {
      ...this.view(p, row, calendar, today),
      deadlines: deadlines.map((d) =>
        deadlineOut(
          {
            round: d.round,
            orgId: d.org_id,
            orgName: d.org_name,
            dueDate: d.due_date,
            dueAt: d.due_at.toISOString(),
            provisional: d.provisional,
            status: d.status,
          },
          calendar,
          today,
        ),
      ),
    };
  }

  async list(p: Principal, q: LeadListQuery, paging = { page: Number(q.page ?? 1), pageSize: Number(q.pageSize ?? 20) }) {
    const subtreePath = q.orgId ? (await this.visibleOrg(p, q.orgId, 'orgId', 'NOT_FOUND')).path : p.orgPath;
    const [{ total, rows }, { calendar }] = await Promise.all([
      this.store.list({
        subtreePath,
        status: q.status,
        origin: q.origin,
        category: q.category,
        overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
        q: q.q,
        limit: paging.pageSize,
        offset: (paging.page - 1) * paging.pageSize,
      }),
      this.calendar.snapshot(),
    ]);
    const today = isoDateOf(Date.now());
    return { total, page: paging.page, pageSize: paging.pageSize, asOf: today, items: rows.map((r) => this.view(p, r, calendar, today)) };
  }

  async timeline(p: Principal, id: string) {
    const row = await this.findVisible(p, id);
    const events = await this.store.timeline(row.id);
    return events.map((e) => ({ seq: e.seq, type: e.type, at: e.at.toISOString(), actor: e.actor ?? null, data: e.data }));
  }

  // --- triage ----------------------------------------------------------------------------------------------------

  /** An integrity administrator's triage, in the order of the action pipeline (apps/api/src/common/workflow-action.ts). */
  async act(p: Principal, id: string, call: ActionCall) {
    const { action } = call;
    const row = await this.findVisible(p, id);
    if (!(LEAD_ACTIONS as readonly string[]).includes(action)) throw new DomainError('NOT_FOUND', `unknown action "${action}"`);
    this.requireAdmin(p);
    const state = stateOf(row);
    return this.pipeline.run({
      what: 'lead',
      id: row.id,
      userId: p.userId,
      call,
      projectedVersion: row.version,
      projectedState: { status: row.status, version: row.version },
      notOffered: () => {
        const why = leadRefusal(state, action, p.orgId);
        return why
          ? new DomainError('ACTION_NOT_ALLOWED', why, { status: row.status, allowedActions: allowedLeadActions(state, p.orgId) })
          : null;
      },
      schema: LEAD_ACTION_CONTRACT[action as keyof typeof LEAD_ACTION_CONTRACT].body,
      prepare: async (checked) => {
        if (action !== 'dispatch') return { workflowBody: checked };
        const target = await this.visibleOrg(p, checked.targetOrgId as string, 'targetOrgId');
        const { targetOrgId: _, ...rest } = checked;
        return { workflowBody: { ...rest, target: leadOrg(target) } };
      },
      execute: async (workflowBody, expectedVersion, updateId) => {
        await this.temporal.workflow.getHandle(row.workflow_id).executeUpdate(leadActionUpdate, {
          args: [{ action, actor: this.actor(p), expectedVersion, body: workflowBody } as never],
          updateId,
        });
        return this.get(p, row.id);
      },
      explain: async (err) =>
        err instanceof WorkflowNotFoundError
          ? new DomainError('ACTION_NOT_ALLOWED', 'the lead has been triaged already', { allowedActions: [] })
          : fromUpdateFailure(err, 'lead'),
    });
  }

  // --- helpers ---------------------------------------------------------------------------------------------------

  view(p: Principal, r: LeadRow, calendar: WorkingCalendar, today: string) {
    const v = (r.view ?? null) as LeadView | null;
    const triage = r.triage;
    return {
      id: r.id,
      number: r.number,
      numberOrgId: r.number_org_id,
      origin: r.origin,
      category: r.category,
      title: r.title,
      doi: r.doi,
      authors: r.authors,
      institution: r.institution,
      journal: r.journal,
      publishedOn: r.published_on,
      retractionDate: r.retraction_date,
      summary: r.summary,
      sourceRef: r.source_ref,
      details: r.details,
      paperId: r.paper_id,
      status: r.status,
      holder: { orgId: r.holder_org_id, name: r.holder_name, level: r.holder_level ?? v?.holder.level ?? '' },
      caseId: r.case_id,
      caseNumber: r.case_number,
      closeReason: r.close_reason,
      closeNote: r.close_note,
      triage: triage ? deadlineOut({ ...triage, dueAt: new Date(triage.dueAt).toISOString() }, calendar, today) : null,
      version: r.version,
      allowedActions: p.roles.includes(LEAD_ROLE) ? allowedLeadActions(stateOf(r), p.orgId) : [],
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    };
  }

  private actor(p: Principal): LeadActor {
    return { userId: p.userId, role: LEAD_ROLE, orgId: p.orgId, name: p.name };
  }

  private requireAdmin(p: Principal): void {
    if (!p.roles.includes(LEAD_ROLE))
      throw new DomainError('FORBIDDEN', 'leads are created, imported and triaged by integrity administrators (RULES.md §1)');
  }

  async findVisible(p: Principal, id: string): Promise<LeadRow> {
    const row = UUID.test(id) ? await this.store.get(id, true) : null;
    if (!row || !this.scope.sees(p, row.holder_path)) throw new DomainError('NOT_FOUND', 'lead not found');
    return row;
  }

  async visibleOrg(
    p: Principal,
    id: string,
    field: string,
    code: 'VALIDATION_FAILED' | 'NOT_FOUND' = 'VALIDATION_FAILED',
  ): Promise<OrgForLeads> {
    const o = UUID.test(id) ? await this.store.org(this.ds, id) : null;
    if (!o || !this.scope.sees(p, o.path)) {
      if (code === 'NOT_FOUND') throw new DomainError('NOT_FOUND', 'organisation not found');
      throw validationFailed([{ path: field, rule: 'in_scope', message: 'no such organisation in your scope' }]);
    }
    return o;
  }
}

interface RawDeadline {
  round: number;
  orgId: string;
  orgName: string;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
  status: string;
}

function deadlineOut(d: RawDeadline, calendar: WorkingCalendar, today: string) {
  return {
    round: d.round,
    kind: 'lead_triage' as const,
    orgId: d.orgId,
    orgName: d.orgName,
    dueDate: d.dueDate,
    dueAt: d.dueAt,
    provisional: d.provisional,
    status: d.status,
    remainingWorkingDays: d.status === 'open' ? remainingWorkingDays(calendar, today, d.dueDate) : 0,
    overdueWorkingDays: d.status === 'overdue' ? overdueWorkingDays(calendar, today, d.dueDate) : 0,
  };
}

/** The organisation as the lead workflow takes it: where it is, its profile and its reminder stages. */
export function leadOrg(o: OrgForLeads): LeadOrgInput {
  const reminders = effectiveReminderPolicy(o.reminder_policy, o.profile_reminder_policy);
  return {
    orgId: o.id,
    path: o.path,
    level: o.level,
    name: o.name,
    profile: o.policy_profile,
    ...(reminders.source === 'default' ? {} : { reminders: reminders.policy }),
  };
}

/** Enough of the reducer's state to say which triage actions the lead offers, without a round trip. */
function stateOf(r: LeadRow): LeadState {
  return {
    status: r.status,
    paperId: r.paper_id,
    caseNumber: r.case_number,
    holder: { orgId: r.holder_org_id, path: r.holder_path, level: r.holder_level, name: r.holder_name, profile: '' },
  } as LeadState;
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  return e?.code === '23505' || e?.driverError?.code === '23505';
}
