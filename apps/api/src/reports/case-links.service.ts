/**
 * Linked and merged reports (issue 23 point 3): officers see which cases and problem papers are possibly the same
 * matter (the same DOI, or a subject of the same name and organisation), link cases as related with a note, and merge a
 * duplicate through the case action `merge_into` (cases/case.service.ts prepares it, the workflow records it).
 *
 * Visibility (RULES.md §1): everything shown is filtered by the caller's subtree and denied-access list in SQL
 * (libs/persistence/src/case-links.ts), so neither a link nor a suggestion reveals a case the caller cannot see; a link
 * to a case the caller cannot see is refused as "no such case", like one that does not exist.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { conform, CaseLinkBodySchema } from '@libs/contract/src';
import { DomainError, validationFailed } from '@libs/domain/src/shared';
import {
  deleteRelatedLink,
  insertLink,
  relatedCases,
  relatedLeads,
  relatedPapers,
  visibleLinks,
  type CaseLinkRow,
} from '@libs/persistence/src/case-links';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { CaseAccess } from '../cases/case-access.service';

/** [decision] Links are made and removed by officers (integrity administrators and case officers) who see both cases. */
const LINK_ROLES = ['integrity_admin', 'case_officer'];

interface Subject {
  name?: unknown;
  organisation?: unknown;
}

@Injectable()
export class CaseLinksService {
  constructor(
    private readonly ds: DataSource,
    private readonly access: CaseAccess,
    private readonly audit: AuditService,
  ) {}

  async related(p: Principal, caseId: string) {
    const row = await this.access.findVisible(p, caseId);
    const viewer = { orgPath: p.orgPath, userId: p.userId };
    const [links, cases, papers, leads] = await Promise.all([
      visibleLinks(this.ds, row.id, viewer),
      relatedCases(this.ds, row.id, viewer),
      relatedPapers(this.ds, row.id, viewer),
      relatedLeads(this.ds, row.id, viewer),
    ]);
    const myDoi = doiOf(row.details);
    const mySubjects = subjectsOf(row.details);
    const linked = new Set(links.map((l) => l.other_id));
    return {
      caseId: row.id,
      links: links.map(linkView),
      suggestions: cases.map((c) => {
        const reasons: Array<{ kind: 'doi' | 'subject'; doi?: string; name?: string; organisation?: string }> = [];
        if (myDoi && c.doi && c.doi.toLowerCase() === myDoi) reasons.push({ kind: 'doi', doi: c.doi });
        for (const s of mySubjects) {
          if (c.subjects.some((o) => o && o.name === s.name && o.organisation === s.organisation))
            reasons.push({ kind: 'subject', name: s.name, organisation: s.organisation });
        }
        return {
          caseId: c.id,
          number: c.number,
          title: c.title,
          phase: c.phase,
          receivedAt: c.received_at,
          reasons,
          linked: linked.has(c.id),
        };
      }),
      papers: papers.map((pp) => ({
        paperId: pp.id,
        batch: pp.batch,
        number: pp.number,
        title: pp.title,
        doi: pp.doi,
        status: pp.status,
        caseId: pp.case_id,
      })),
      leads: leads.map((l) => ({
        leadId: l.id,
        number: l.number,
        title: l.title,
        doi: l.doi,
        status: l.status,
        caseId: l.case_id,
        reasons: [
          ...(myDoi && l.doi && l.doi.toLowerCase() === myDoi ? (['doi'] as const) : []),
          ...(mySubjects.some((x) => x.organisation === l.institution && l.authors.includes(x.name)) ? (['subject'] as const) : []),
        ],
      })),
    };
  }

  async link(p: Principal, caseId: string, raw: unknown) {
    const row = await this.access.findVisible(p, caseId);
    this.requireLinker(p);
    const body = conform<{ caseId: string; note: string }>(CaseLinkBodySchema, raw);
    const other = await this.otherVisible(p, body.caseId);
    if (other.id === row.id) throw validationFailed([{ path: 'caseId', rule: 'link.self', message: 'a case is not linked to itself' }]);
    const { id, created } = await insertLink(this.ds, {
      fromCaseId: row.id,
      toCaseId: other.id,
      kind: 'related',
      note: body.note,
      createdBy: p.userId,
    });
    if (created) {
      await this.audit.record(p, { action: 'LINK cases', outcome: 201, caseId: row.id, details: { linkId: id, otherCaseId: other.id } });
      await this.audit.record(p, { action: 'LINK cases', outcome: 201, caseId: other.id, details: { linkId: id, otherCaseId: row.id } });
    }
    const links = await visibleLinks(this.ds, row.id, { orgPath: p.orgPath, userId: p.userId });
    return { created, link: linkView(links.find((l) => l.id === id)!) };
  }

  async unlink(p: Principal, caseId: string, otherId: string) {
    const row = await this.access.findVisible(p, caseId);
    this.requireLinker(p);
    const other = await this.access.findVisible(p, otherId);
    if (!(await deleteRelatedLink(this.ds, row.id, other.id)))
      throw new DomainError('NOT_FOUND', 'the cases are not linked as related (a merge is never undone)');
    await this.audit.record(p, { action: 'UNLINK cases', outcome: 204, caseId: row.id, details: { otherCaseId: other.id } });
    await this.audit.record(p, { action: 'UNLINK cases', outcome: 204, caseId: other.id, details: { otherCaseId: row.id } });
  }

  private requireLinker(p: Principal): void {
    if (!p.roles.some((r) => LINK_ROLES.includes(r)))
      throw new DomainError('FORBIDDEN', `linking cases needs one of the roles ${LINK_ROLES.join(', ')}`);
  }

  private async otherVisible(p: Principal, id: string) {
    return this.access.findVisible(p, id).catch((err: unknown) => {
      throw err instanceof DomainError && err.code === 'NOT_FOUND'
        ? validationFailed([{ path: 'caseId', rule: 'exists', message: 'no such case' }])
        : err;
    });
  }
}

function linkView(l: CaseLinkRow) {
  return {
    id: l.id,
    kind: l.kind,
    direction: l.direction,
    note: l.note,
    createdAt: l.created_at.toISOString(),
    createdBy: l.created_by,
    caseId: l.other_id,
    number: l.other_number,
    title: l.other_title,
    phase: l.other_phase,
  };
}

function doiOf(details: Record<string, unknown>): string | null {
  const doi = (details.paper as { doi?: unknown } | null | undefined)?.doi;
  return typeof doi === 'string' ? doi.toLowerCase() : null;
}

function subjectsOf(details: Record<string, unknown>): Array<{ name: string; organisation: string }> {
  const list = Array.isArray(details.subjects) ? (details.subjects as Subject[]) : [];
  return list.filter(
    (s): s is { name: string; organisation: string } =>
      !!s && typeof s.name === 'string' && s.name !== '' && typeof s.organisation === 'string' && s.organisation !== '',
  );
}
