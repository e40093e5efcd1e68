/**
 * The one writer of `self_inspection_campaigns` and `self_inspection_responses` (migration 1765900100000; 000 §13), and
 * their reads, including what a case's decision form needs to suggest the undeclared-paper aggravating factor.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { likeEscapeSql } from './like';
import type { CampaignFacts } from '@libs/domain/src/self-inspection';

type Q = Pick<DataSource | EntityManager, 'query'>;

function updated<T>(res: T[] | [T[], number]): T[] {
  return Array.isArray(res[0]) ? (res[0] as T[]) : (res as T[]);
}

export interface CampaignRow {
  id: string;
  province_org_id: string;
  province_path: string;
  province_name: string;
  year: number;
  title: string;
  opens_on: string;
  closes_on: string;
  created_at: Date;
}

export interface ResponseRow {
  id: string;
  campaign_id: string;
  org_id: string;
  org_name: string;
  status: 'draft' | 'submitted';
  answers: Array<{ item: string; answer: string; note?: string }>;
  rectification: string | null;
  declared: Array<{ title: string; doi?: string | null; authors?: string[]; journal?: string; problem: string }>;
  submitted_at: Date | null;
  updated_at: Date;
}

const CAMPAIGN = `SELECT c.id, c.province_org_id, c.province_path, o.name AS province_name, c.year, c.title, to_char(c.opens_on, 'YYYY-MM-DD') AS opens_on,
    to_char(c.closes_on, 'YYYY-MM-DD') AS closes_on, c.created_at
  FROM self_inspection_campaigns c JOIN organisations o ON o.id = c.province_org_id`;
const RESPONSE = `SELECT r.id, r.campaign_id, r.org_id, o.name AS org_name, r.status, r.answers, r.rectification, r.declared, r.submitted_at, r.updated_at
  FROM self_inspection_responses r JOIN organisations o ON o.id = r.org_id`;

export class SelfInspectionStore {
  constructor(private readonly ds: DataSource) {}

  async create(c: {
    id: string;
    provinceOrgId: string;
    provincePath: string;
    year: number;
    title: string;
    opensOn: string;
    closesOn: string;
    createdBy: string;
  }): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO self_inspection_campaigns (id, province_org_id, province_path, year, title, opens_on, closes_on, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (province_org_id, year) DO NOTHING RETURNING 1`,
      [c.id, c.provinceOrgId, c.provincePath, c.year, c.title, c.opensOn, c.closesOn, c.createdBy],
    );
    return rows.length === 1;
  }

  async campaign(id: string): Promise<CampaignRow | null> {
    const rows: CampaignRow[] = await this.ds.query(`${CAMPAIGN} WHERE c.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Campaigns that concern the organisation at `path`: opened by it or above it (it answers or oversees), or below it. */
  async campaignsFor(path: string, year?: number): Promise<CampaignRow[]> {
    const params: unknown[] = [path];
    let where = `($1 = c.province_path OR $1 LIKE ${likeEscapeSql('c.province_path')} || '/%' OR c.province_path LIKE ${likeEscapeSql('$1')} || '/%')`;
    if (year !== undefined) {
      params.push(year);
      where += ' AND c.year = $2';
    }
    return this.ds.query(`${CAMPAIGN} WHERE ${where} ORDER BY c.year DESC, c.province_path`, params);
  }

  async response(q: Q, campaignId: string, orgId: string): Promise<ResponseRow | null> {
    const rows: ResponseRow[] = await q.query(`${RESPONSE} WHERE r.campaign_id = $1 AND r.org_id = $2`, [campaignId, orgId]);
    return rows[0] ?? null;
  }

  /** Saves the institution's draft (never a submitted answer). False when it was submitted already. */
  async saveDraft(r: {
    id: string;
    campaignId: string;
    orgId: string;
    orgPath: string;
    answers: unknown;
    rectification: string | null;
    declared: unknown;
    by: string;
  }): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO self_inspection_responses (id, campaign_id, org_id, org_path, answers, rectification, declared, updated_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
       ON CONFLICT (campaign_id, org_id) DO UPDATE SET answers = EXCLUDED.answers, rectification = EXCLUDED.rectification, declared = EXCLUDED.declared,
         updated_by = EXCLUDED.updated_by, updated_at = now()
       WHERE self_inspection_responses.status = 'draft'
       RETURNING 1`,
      [r.id, r.campaignId, r.orgId, r.orgPath, JSON.stringify(r.answers), r.rectification, JSON.stringify(r.declared), r.by],
    );
    return rows.length === 1;
  }

  async submit(campaignId: string, orgId: string, by: string): Promise<boolean> {
    const rows: unknown[] = updated(
      await this.ds.query(
        `UPDATE self_inspection_responses SET status = 'submitted', submitted_at = now(), submitted_by = $3, updated_at = now()
          WHERE campaign_id = $1 AND org_id = $2 AND status = 'draft' RETURNING 1`,
        [campaignId, orgId, by],
      ),
    );
    return rows.length === 1;
  }

  /** Every institution below the province and within `subtreePath`, with its answer (or none). */
  async answers(
    campaign: CampaignRow,
    subtreePath: string,
  ): Promise<Array<{ org_id: string; org_name: string; response: ResponseRow | null }>> {
    const inner = subtreePath.startsWith(campaign.province_path) ? subtreePath : campaign.province_path;
    const orgs: Array<{ id: string; name: string }> = await this.ds.query(
      `SELECT id, name FROM organisations WHERE level = 'institution' AND (path = $1 OR path LIKE ${likeEscapeSql('$1')} || '/%') ORDER BY path`,
      [inner],
    );
    const responses: ResponseRow[] = await this.ds.query(`${RESPONSE} WHERE r.campaign_id = $1`, [campaign.id]);
    const byOrg = new Map(responses.map((r) => [r.org_id, r]));
    return orgs.map((o) => ({ org_id: o.id, org_name: o.name, response: byOrg.get(o.id) ?? null }));
  }

  /** The campaigns of the provinces above an institution, with its submitted answer (for the decision form's suggestions). */
  async factsFor(orgPath: string): Promise<CampaignFacts[]> {
    const rows: Array<CampaignRow & { submitted_at: Date | null; declared: Array<{ title: string; doi?: string | null }> | null }> =
      await this.ds.query(
        `SELECT c.id, c.year, c.title, o.name AS province_name, to_char(c.opens_on, 'YYYY-MM-DD') AS opens_on, to_char(c.closes_on, 'YYYY-MM-DD') AS closes_on,
              r.submitted_at, r.declared
         FROM self_inspection_campaigns c JOIN organisations o ON o.id = c.province_org_id
         LEFT JOIN self_inspection_responses r ON r.campaign_id = c.id AND r.org_id = (string_to_array($1, '/'))[array_length(string_to_array($1, '/'), 1)]::uuid
                                               AND r.status = 'submitted'
        WHERE $1 LIKE ${likeEscapeSql('c.province_path')} || '/%'
        ORDER BY c.year`,
        [orgPath],
      );
    return rows.map((r) => ({
      id: r.id,
      year: r.year,
      title: r.title,
      provinceName: r.province_name,
      opensOn: r.opens_on,
      closesOn: r.closes_on,
      response: r.submitted_at ? { submittedAt: r.submitted_at.toISOString(), declared: r.declared ?? [] } : null,
    }));
  }
}
