import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DECISION_STATUSES_IN_FORCE } from '@libs/domain/src/decision';
import { misconductByProvince, misconductByUnit } from '@libs/persistence/src/ranking';
import { FREQUENT_TOP, quarterRange, rank } from '@libs/domain/src/statistics/ranking';

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
    const units = await misconductByUnit(this.ds, from, to, DECISION_STATUSES_IN_FORCE);
    const regions = await misconductByProvince(this.ds, from, to, DECISION_STATUSES_IN_FORCE);
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
