import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CampaignCreateSchema, conform, ResponseSaveSchema } from '@libs/contract/src';
import { isoDateOf } from '@libs/domain/src/calendar';
import {
  checkAnswers,
  checkCampaignWindow,
  SELF_INSPECTION_CHECKLIST,
  windowState,
  type ChecklistEntry,
  type DeclaredPaper,
} from '@libs/domain/src/self-inspection';
import { DomainError } from '@libs/domain/src/shared';
import { SelfInspectionStore, type CampaignRow, type ResponseRow } from '@libs/persistence/src/self-inspections';
import { OrgScope } from '../auth/org-scope.service';
import type { Principal } from '../auth/principal';
import { LeadService } from '../leads/lead.service';
import { noteChange } from '../audit/audit.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ADMIN = 'integrity_admin';

/**
 * Annual research-integrity self-inspection (000 §13): a province's campaign for a year with a window; each
 * institution below it answers the checklist and declares its problem papers, once submitted for good; the province
 * and the commissions between see who has answered. A campaign is visible to its province's subtree (404 elsewhere).
 */
@Injectable()
export class SelfInspectionService {
  readonly store: SelfInspectionStore;

  constructor(
    private readonly ds: DataSource,
    private readonly scope: OrgScope,
    private readonly leads: LeadService,
  ) {
    this.store = new SelfInspectionStore(ds);
  }

  async create(p: Principal, body: unknown) {
    this.requireAdmin(p);
    const b = conform<{ year: number; opensOn: string; closesOn: string; title?: string }>(CampaignCreateSchema, body);
    const org = (await this.leads.store.org(this.ds, p.orgId))!;
    if (org.level !== 'provincial')
      throw new DomainError(
        'FORBIDDEN',
        'a self-inspection campaign is opened by a provincial commission (000 §13: 各省级卫生健康行政部门每年组织)',
      );
    checkCampaignWindow(b.year, b.opensOn, b.closesOn);
    const id = randomUUID();
    const ok = await this.store.create({
      id,
      provinceOrgId: org.id,
      provincePath: org.path,
      year: b.year,
      title: b.title?.trim() || `${b.year}年度科研诚信自查`,
      opensOn: b.opensOn,
      closesOn: b.closesOn,
      createdBy: p.userId,
    });
    if (!ok)
      throw new DomainError('CONFLICT', `${org.name} has opened the ${b.year} self-inspection already`, {
        issues: [{ path: 'year', rule: 'unique', message: 'one campaign per province and year' }],
      });
    const created = campaignView((await this.store.campaign(id))!);
    noteChange('self_inspection_campaign', id, null, created); // RULES.md §7: before/after
    return created;
  }

  async list(p: Principal, q: { year?: string }) {
    const rows = await this.store.campaignsFor(p.orgPath, q.year === undefined ? undefined : Number(q.year));
    return rows.map(campaignView);
  }

  async get(p: Principal, id: string) {
    return campaignView(await this.visible(p, id));
  }

  /** Who has answered (the province, or a commission below it for its own subtree; an institution sees itself). */
  async answers(p: Principal, id: string) {
    const c = await this.visible(p, id);
    const rows = await this.store.answers(c, p.orgPath);
    const items = rows.map((r) => ({
      orgId: r.org_id,
      orgName: r.org_name,
      status: r.response?.status ?? ('none' as const),
      submittedAt: r.response?.submitted_at?.toISOString() ?? null,
      declaredPapers: r.response?.status === 'submitted' ? r.response.declared.length : 0,
      itemsNotYes: r.response?.status === 'submitted' ? r.response.answers.filter((a) => a.answer !== 'yes').length : 0,
    }));
    return { campaign: campaignView(c), answered: items.filter((i) => i.status === 'submitted').length, institutions: items.length, items };
  }

  async response(p: Principal, id: string, orgId: string) {
    const c = await this.visible(p, id);
    const org = await this.leads.visibleOrg(p, orgId, 'orgId', 'NOT_FOUND');
    if (!org.path.startsWith(`${c.province_path}/`)) throw new DomainError('NOT_FOUND', 'no answer of that organisation in this campaign');
    const r = await this.store.response(this.ds, c.id, org.id);
    if (!r) throw new DomainError('NOT_FOUND', `${org.name} has not answered yet`);
    return responseView(r);
  }

  /** The institution's own answer, saved as a draft within the window. */
  async save(p: Principal, id: string, body: unknown) {
    const { c, org } = await this.answering(p, id);
    const b = conform<{ answers: ChecklistEntry[]; rectification?: string; problemPapers: DeclaredPaper[] }>(ResponseSaveSchema, body);
    checkAnswers(b.answers, 'draft');
    this.inWindow(c);
    const declared = b.problemPapers.map((d) => ({
      ...d,
      title: d.title.trim(),
      doi: d.doi
        ? d.doi
            .trim()
            .toLowerCase()
            .replace(/^https?:\/\/(dx\.)?doi\.org\//, '')
        : null,
      problem: d.problem.trim(),
    }));
    const before = await this.store.response(this.ds, c.id, org.id);
    const ok = await this.store.saveDraft({
      id: randomUUID(),
      campaignId: c.id,
      orgId: org.id,
      orgPath: org.path,
      answers: b.answers,
      rectification: b.rectification?.trim() || null,
      declared,
      by: p.userId,
    });
    if (!ok) throw new DomainError('CONFLICT', 'the answer has been submitted; it cannot change');
    const saved = responseView((await this.store.response(this.ds, c.id, org.id))!);
    noteChange('self_inspection_response', `${c.id}/${org.id}`, before ? responseView(before) : null, saved);
    return saved;
  }

  /** Submits the saved answer for good: every checklist item answered, within the window. */
  async submit(p: Principal, id: string) {
    const { c, org } = await this.answering(p, id);
    const draft = await this.store.response(this.ds, c.id, org.id);
    if (!draft) throw new DomainError('CONFLICT', 'save the answer first (PUT /self-inspections/{id}/response)');
    if (draft.status === 'submitted') throw new DomainError('CONFLICT', 'the answer has been submitted already');
    checkAnswers(draft.answers as ChecklistEntry[], 'submit');
    this.inWindow(c);
    if (!(await this.store.submit(c.id, org.id, p.userId))) throw new DomainError('CONFLICT', 'the answer has been submitted meanwhile');
    const submitted = responseView((await this.store.response(this.ds, c.id, org.id))!);
    noteChange('self_inspection_response', `${c.id}/${org.id}`, responseView(draft), submitted);
    return submitted;
  }

  private inWindow(c: CampaignRow): void {
    const w = windowState(c.opens_on, c.closes_on, isoDateOf(Date.now()));
    if (w !== 'open') {
      throw new DomainError(
        'CONFLICT',
        w === 'not_open' ? `the self-inspection opens on ${c.opens_on}` : `the self-inspection closed on ${c.closes_on}`,
        { window: w },
      );
    }
  }

  private async answering(p: Principal, id: string): Promise<{ c: CampaignRow; org: { id: string; path: string } }> {
    this.requireAdmin(p);
    const c = await this.visible(p, id);
    const org = (await this.leads.store.org(this.ds, p.orgId))!;
    if (org.level !== 'institution' || !org.path.startsWith(`${c.province_path}/`)) {
      throw new DomainError('FORBIDDEN', 'the institutions of the province answer the self-inspection, each for itself (000 §13)');
    }
    return { c, org };
  }

  private async visible(p: Principal, id: string): Promise<CampaignRow> {
    const c = UUID.test(id) ? await this.store.campaign(id) : null;
    const concerns = c && (this.scope.sees(p, c.province_path) || p.orgPath.startsWith(`${c.province_path}/`));
    if (!c || !concerns) throw new DomainError('NOT_FOUND', 'self-inspection campaign not found');
    return c;
  }

  private requireAdmin(p: Principal): void {
    if (!p.roles.includes(ADMIN))
      throw new DomainError('FORBIDDEN', 'self-inspections are opened and answered by integrity administrators');
  }
}

export function campaignView(c: CampaignRow) {
  return {
    id: c.id,
    provinceOrgId: c.province_org_id,
    provinceName: c.province_name,
    year: c.year,
    title: c.title,
    opensOn: c.opens_on,
    closesOn: c.closes_on,
    window: windowState(c.opens_on, c.closes_on, isoDateOf(Date.now())),
    checklist: SELF_INSPECTION_CHECKLIST.map((i) => ({ ...i })),
  };
}

function responseView(r: ResponseRow) {
  return {
    campaignId: r.campaign_id,
    orgId: r.org_id,
    orgName: r.org_name,
    status: r.status,
    answers: r.answers,
    rectification: r.rectification,
    problemPapers: r.declared,
    submittedAt: r.submitted_at?.toISOString() ?? null,
    updatedAt: r.updated_at.toISOString(),
  };
}
