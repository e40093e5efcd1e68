import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { conform, SpotCheckCreateSchema, SpotCheckDrawSchema, SpotCheckFollowUpSchema, SpotCheckResultSchema } from '@libs/contract/src';
import { isoDateOf } from '@libs/domain/src/calendar';
import { DomainError, validationFailed } from '@libs/domain/src/shared';
import {
  drawSample,
  FOLLOW_UP_OUTCOMES,
  parseSeed,
  parseSpotCheckPapers,
  SAMPLING_ALGORITHM,
  sampleSize,
  type SpotCheckOutcome,
} from '@libs/domain/src/spot-check';
import { SpotCheckStore, type PlanRow, type SpotPaperRow } from '@libs/persistence/src/spot-checks';
import { OrgScope } from '../auth/org-scope.service';
import type { Principal } from '../auth/principal';
import { readUploadedTable } from '../common/tabular-upload';
import { LeadService } from '../leads/lead.service';
import { noteChange } from '../audit/audit.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ADMIN = 'integrity_admin';

/**
 * Raw-data spot checks (000 §10: 对已发表论文原始数据按不少于机构当年发表论文总数5%的比例进行随机抽查，对重要学术论文等科研成果应实现全覆盖 …
 * 对发现的问题及时督促整改). An institution's plan for a year over its imported list of papers; a reproducible sample drawn once
 * (seed stored and shown); a result per sampled paper; a problem followed up by a lead at the institution. Plans are
 * visible to the institution and every organisation above it (404 elsewhere); integrity administrators write,
 * everybody in scope reads; commissions see each institution's completion.
 */
@Injectable()
export class SpotCheckService {
  readonly store: SpotCheckStore;

  constructor(
    private readonly ds: DataSource,
    private readonly scope: OrgScope,
    private readonly leads: LeadService,
  ) {
    this.store = new SpotCheckStore(ds);
  }

  async create(p: Principal, body: unknown) {
    this.requireAdmin(p);
    const b = conform<{ year: number; orgId?: string; rate?: number }>(SpotCheckCreateSchema, body);
    const org = b.orgId ? await this.leads.visibleOrg(p, b.orgId, 'orgId') : (await this.leads.store.org(this.ds, p.orgId))!;
    const issues = [];
    if (org.level !== 'institution')
      issues.push({
        path: b.orgId ? 'orgId' : '',
        rule: 'institution',
        article: '000 §10',
        message: 'spot checks are planned by an institution (医疗卫生机构和科研单位) over its own papers',
      });
    const thisYear = Number(isoDateOf(Date.now()).slice(0, 4));
    if (b.year > thisYear) issues.push({ path: 'year', rule: 'not_in_future', message: `must not be after ${thisYear}` });
    if (issues.length) throw validationFailed(issues);
    const id = randomUUID();
    const created = await this.store.create({
      id,
      orgId: org.id,
      orgPath: org.path,
      year: b.year,
      rate: b.rate ?? 0.05,
      createdBy: p.userId,
    });
    if (!created) {
      const existing = await this.store.planOf(org.id, b.year);
      throw new DomainError('CONFLICT', `${org.name} has a spot-check plan for ${b.year} already`, {
        planId: existing?.id,
        issues: [{ path: 'year', rule: 'unique', message: 'one plan per institution and year' }],
      });
    }
    const plan = await this.get(p, id);
    noteChange('spot_check_plan', id, null, plan); // RULES.md §7: before/after
    return plan;
  }

  async list(p: Principal, q: { year?: string; orgId?: string; page?: string; pageSize?: string }) {
    const path = q.orgId ? (await this.leads.visibleOrg(p, q.orgId, 'orgId', 'NOT_FOUND')).path : p.orgPath;
    const page = Number(q.page ?? 1);
    const pageSize = Number(q.pageSize ?? 20);
    const { total, rows } = await this.store.plans(
      path,
      q.year === undefined ? undefined : Number(q.year),
      pageSize,
      (page - 1) * pageSize,
    );
    return { total, page, pageSize, items: rows.map(planView) };
  }

  async get(p: Principal, id: string) {
    return planView(await this.visible(p, id));
  }

  /** Each institution of the subtree (or of `orgId`) with its plan for `year`: what commissions follow (000 §10). */
  async completion(p: Principal, q: { year: string; orgId?: string }) {
    const path = q.orgId ? (await this.leads.visibleOrg(p, q.orgId, 'orgId', 'NOT_FOUND')).path : p.orgPath;
    const rows = await this.store.completion(path, Number(q.year));
    return {
      year: Number(q.year),
      asOf: isoDateOf(Date.now()),
      items: rows.map((r) => {
        const v = r.plan ? planView(r.plan) : null;
        return {
          orgId: r.org_id,
          orgName: r.org_name,
          planId: v?.id ?? null,
          status: v?.status ?? ('none' as const),
          papers: v?.papers ?? 0,
          important: v?.important ?? 0,
          sampled: v?.sampled ?? 0,
          checked: v?.checked ?? 0,
          problems: v?.problems ?? 0,
          followedUp: v?.followedUp ?? 0,
          completion: v?.completion ?? 0,
        };
      }),
    };
  }

  /** The institution's papers of the year (CSV/XLSX); only before the sample is drawn. Rows already listed change nothing. */
  async importPapers(p: Principal, id: string, file: { buffer: Buffer; originalname?: string } | undefined) {
    this.requireAdmin(p);
    const plan = await this.visible(p, id);
    // The file is read only once the caller may import into this plan (issue 16).
    const table = await readUploadedTable(file);
    const { rows, errors } = parseSpotCheckPapers(table, plan.year);
    if (rows.length === 0 && errors.length === 1 && errors[0]!.row === 1) {
      throw new DomainError('VALIDATION_FAILED', `file: ${errors[0]!.reason}`, {
        issues: [{ path: 'file', rule: 'format', message: errors[0]!.reason }],
      });
    }
    const added = await this.ds.transaction(async (tx) => {
      const locked = (await this.store.plan(tx, plan.id, true))!;
      if (locked.status !== 'draft')
        throw new DomainError(
          'CONFLICT',
          'the sample has been drawn: the list of papers is fixed (the seed reproduces the sample only over the same list)',
        );
      return this.store.addPapers(
        tx,
        plan.id,
        rows.map((r) => ({ id: randomUUID(), ...r })),
      );
    });
    const after = planView((await this.store.plan(this.ds, plan.id))!);
    noteChange('spot_check_plan', plan.id, planView(plan), after);
    return { imported: added.size, unchanged: rows.length - added.size, errors, plan: after };
  }

  /** Draws the sample once (000 §10): every important paper, the rest at random from the seed (given, or a random one). */
  async draw(p: Principal, id: string, body: unknown) {
    this.requireAdmin(p);
    const plan = await this.visible(p, id);
    const b = conform<{ seed?: string }>(SpotCheckDrawSchema, body);
    const seedText = b.seed ?? randomBytes(8).readBigUInt64BE().toString();
    const seed = (() => {
      try {
        return parseSeed(seedText);
      } catch {
        throw validationFailed([{ path: 'seed', rule: 'maximum', message: 'a whole number 0 … 18446744073709551615' }]);
      }
    })();
    await this.ds.transaction(async (tx) => {
      const locked = (await this.store.plan(tx, plan.id, true))!;
      if (locked.status !== 'draft')
        throw new DomainError(
          'CONFLICT',
          `the sample was drawn on ${locked.drawn_at?.toISOString()} with seed ${locked.seed}; it is drawn once`,
        );
      const papers = await this.store.allPapers(tx, plan.id);
      if (papers.length === 0)
        throw new DomainError('CONFLICT', 'import the papers of the year first (POST /spot-checks/{id}/papers/import)');
      const sample = drawSample(papers, Number(locked.rate), seed);
      await this.store.recordSample(tx, plan.id, seedText, SAMPLING_ALGORITHM, p.userId, sample);
    });
    const drawn = await this.get(p, plan.id);
    noteChange('spot_check_plan', plan.id, planView(plan), drawn);
    return drawn;
  }

  async papers(
    p: Principal,
    id: string,
    q: { sampled?: string; outcome?: string; page?: string; pageSize?: string },
    paging?: { page: number; pageSize: number },
  ) {
    const plan = await this.visible(p, id);
    const page = paging?.page ?? Number(q.page ?? 1);
    const pageSize = paging?.pageSize ?? Number(q.pageSize ?? 20);
    const { total, rows } = await this.store.papers(plan.id, {
      sampled: q.sampled === undefined ? undefined : q.sampled === 'true',
      outcome: q.outcome,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { total, page, pageSize, plan, items: rows.map(paperView) };
  }

  async recordResult(p: Principal, id: string, paperId: string, body: unknown) {
    this.requireAdmin(p);
    const plan = await this.visible(p, id);
    const paper = await this.paperOf(plan, paperId);
    const b = conform<{ outcome: SpotCheckOutcome; note?: string }>(SpotCheckResultSchema, body);
    if (plan.status === 'draft') throw new DomainError('CONFLICT', 'draw the sample first: results are recorded for sampled papers');
    if (!paper.sampled) throw new DomainError('CONFLICT', `paper ${paper.ref} is not in the sample`);
    if (paper.lead_id && !FOLLOW_UP_OUTCOMES.includes(b.outcome)) {
      throw new DomainError('CONFLICT', `paper ${paper.ref} has been followed up by lead ${paper.lead_number}; its result stays a finding`);
    }
    if (FOLLOW_UP_OUTCOMES.includes(b.outcome) && !b.note?.trim()) {
      throw validationFailed([
        { path: 'note', rule: 'required_with_finding', article: '000 §10', message: 'say what is missing or wrong' },
      ]);
    }
    await this.store.recordResult(plan.id, paper.id, b.outcome, b.note?.trim() || null, p.userId);
    return {
      paper: paperView((await this.store.paper(this.ds, plan.id, paper.id))!),
      before: paper.outcome ? { outcome: paper.outcome, note: paper.outcome_note } : null,
    };
  }

  /** A missing or problematic paper becomes a lead at the institution (对发现的问题及时督促整改): once per paper. */
  async followUp(p: Principal, id: string, paperId: string, body: unknown) {
    this.requireAdmin(p);
    const plan = await this.visible(p, id);
    const paper = await this.paperOf(plan, paperId);
    const b = conform<{ note?: string }>(SpotCheckFollowUpSchema, body);
    if (!paper.outcome || !FOLLOW_UP_OUTCOMES.includes(paper.outcome as SpotCheckOutcome)) {
      throw new DomainError(
        'CONFLICT',
        `only a paper found ${FOLLOW_UP_OUTCOMES.join(' or ')} is followed up (its result is ${paper.outcome ?? 'not recorded'})`,
      );
    }
    if (paper.lead_id)
      throw new DomainError('CONFLICT', `paper ${paper.ref} has been followed up already: lead ${paper.lead_number}`, {
        leadId: paper.lead_id,
      });
    const org = (await this.leads.store.org(this.ds, plan.org_id))!;
    let started: string | null = null;
    const lead = await this.ds
      .transaction(async (tx) => {
        const l = await this.leads.registerIn(tx, p, org, {
          origin: 'spot_check',
          category: 'routine',
          title: paper.title,
          doi: null, // a spot-check finding is its own lead, even if the DOI has one already
          authors: paper.authors,
          institution: org.name,
          journal: paper.journal,
          publishedOn: paper.published_on,
          retractionDate: null,
          summary: [paper.outcome === 'missing' ? '原始数据缺失' : '原始数据抽查发现问题', paper.outcome_note, b.note?.trim()]
            .filter(Boolean)
            .join('：'),
          sourceRef: null,
          details: {
            spotCheck: {
              planId: plan.id,
              year: plan.year,
              paperId: paper.id,
              ref: paper.ref,
              doi: paper.doi,
              outcome: paper.outcome,
              seed: plan.seed,
            },
          },
          paperId: null,
          on: isoDateOf(Date.now()),
        });
        started = l.workflowId;
        if (!(await this.store.linkLead(tx, paper.id, l.id)))
          throw new DomainError('CONFLICT', `paper ${paper.ref} has been followed up meanwhile`);
        return l;
      })
      .catch(async (err: unknown) => {
        if (started) await this.leads.terminate(started);
        throw err;
      });
    return { paper: paperView((await this.store.paper(this.ds, plan.id, paper.id))!), lead: await this.leads.get(p, lead.id) };
  }

  private async paperOf(plan: PlanRow, paperId: string): Promise<SpotPaperRow> {
    const paper = UUID.test(paperId) ? await this.store.paper(this.ds, plan.id, paperId) : null;
    if (!paper) throw new DomainError('NOT_FOUND', 'paper not found in this plan');
    return paper;
  }

  private async visible(p: Principal, id: string): Promise<PlanRow> {
    const plan = UUID.test(id) ? await this.store.plan(this.ds, id) : null;
    if (!plan || !this.scope.sees(p, plan.org_path)) throw new DomainError('NOT_FOUND', 'spot-check plan not found');
    return plan;
  }

  private requireAdmin(p: Principal): void {
    if (!p.roles.includes(ADMIN))
      throw new DomainError('FORBIDDEN', 'spot-check plans and results are entered by integrity administrators');
  }
}

export function planView(r: PlanRow) {
  const rate = Number(r.rate);
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    year: r.year,
    rate,
    status: r.status,
    seed: r.seed,
    algorithm: r.algorithm,
    drawnAt: r.drawn_at?.toISOString() ?? null,
    completedAt: r.completed_at?.toISOString() ?? null,
    papers: r.papers,
    important: r.important,
    sampled: r.sampled,
    checked: r.checked,
    problems: r.problems,
    followedUp: r.followed_up,
    minimumSample: sampleSize(r.papers, r.important, rate),
    completion: r.sampled ? Math.round((r.checked / r.sampled) * 1000) / 1000 : 0,
  };
}

export function paperView(r: SpotPaperRow) {
  return {
    id: r.id,
    ref: r.ref,
    title: r.title,
    authors: r.authors,
    journal: r.journal,
    doi: r.doi,
    publishedOn: r.published_on,
    important: r.important,
    importantReason: r.important_reason,
    sampled: r.sampled,
    sampleReason: r.sample_reason,
    sampleOrder: r.sample_order,
    outcome: r.outcome,
    outcomeNote: r.outcome_note,
    checkedAt: r.checked_at?.toISOString() ?? null,
    leadId: r.lead_id,
    leadNumber: r.lead_number,
  };
}
