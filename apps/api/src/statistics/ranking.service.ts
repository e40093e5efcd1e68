import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DECISION_STATUSES_IN_FORCE } from '../../../../libs/domain/src/decision';
import { likeEscapeSql } from '../../../../libs/persistence/src/like';
import { FREQUENT_TOP, quarterRange, rank } from '../../../../libs/domain/src/statistics/ranking';

/**
 * Quarterly ranking of confirmed misconduct (000 §4: 每季度对查实的科研失信行为数量进行排序，将排名前5的单位和地区界定为
 * 频发单位和地区; published to provincial commissions and all institutions). [decision] Confirmed = a decision with
 * result "misconduct" that took effect in the quarter and is still in force: `effective`, or `changed` by a review or
 * appeal (the finding stands, the measures changed); a decision revoked by a review or appeal no longer counts, in any
 * quarter (libs/domain/src/decision/decision-status.ts). A unit is the handling organisation; a region is its province.
 */
@Injectable()
export class RankingService {
  constructor(private readonly ds: DataSource) {}

  async ranking(quarter: string) {
    const { from, to } = quarterRange(quarter);
    const units: Array<{ id: string; name: string; region_code: string; count: number }> = await this.ds.query(
      `SELECT o.id, o.name, o.region_code, count(*)::int AS count
         FROM decisions d JOIN cases c ON c.id = d.case_id JOIN organisations o ON o.id = c.handling_org_id
        WHERE d.status = ANY($3::text[]) AND d.result = 'misconduct' AND d.effective_date BETWEEN $1 AND $2
        GROUP BY o.id, o.name, o.region_code`,
      [from, to, DECISION_STATUSES_IN_FORCE],
    );
    const regions: Array<{ id: string; name: string; region_code: string; count: number }> = await this.ds.query(
      `SELECT p.id, p.name, p.region_code, count(*)::int AS count
         FROM decisions d JOIN cases c ON c.id = d.case_id
         JOIN organisations p ON p.level = 'provincial' AND (c.handling_org_path = p.path OR c.handling_org_path LIKE ${likeEscapeSql('p.path')} || '/%')
        WHERE d.status = ANY($3::text[]) AND d.result = 'misconduct' AND d.effective_date BETWEEN $1 AND $2
        GROUP BY p.id, p.name, p.region_code`,
      [from, to, DECISION_STATUSES_IN_FORCE],
    );
    const view = (r: { id: string; name: string; region_code: string; count: number; rank: number; frequent: boolean }) => ({
      id: r.id,
      name: r.name,
      regionCode: r.region_code,
      confirmedCases: r.count,
      rank: r.rank,
      frequent: r.frequent,
    });
    return { quarter, from, to, top: FREQUENT_TOP, units: rank(units).map(view), regions: rank(regions).map(view) };
  }
}
