/**
 * Reads of the quarterly ranking of confirmed misconduct (000 §4): decisions in force with result "misconduct" that
 * took effect in a period, counted per handling organisation and per province.
 */
import type { Queryable } from './queryable';
import { likeEscapeSql } from './like';

export interface RankedCountRow {
  id: string;
  name: string;
  region_code: string;
  count: number;
}

/** Per handling organisation: decisions with one of `statuses`, result misconduct, effective in [from, to]. */
export async function misconductByUnit(q: Queryable, from: string, to: string, statuses: readonly string[]): Promise<RankedCountRow[]> {
  return (await q.query(
    `SELECT o.id, o.name, o.region_code, count(*)::int AS count
         FROM decisions d JOIN cases c ON c.id = d.case_id JOIN organisations o ON o.id = c.handling_org_id
        WHERE d.status = ANY($3::text[]) AND d.result = 'misconduct' AND d.effective_date BETWEEN $1 AND $2
        GROUP BY o.id, o.name, o.region_code`,
    [from, to, statuses],
  )) as RankedCountRow[];
}

/** The same per province (the provincial commission above the handling organisation). */
export async function misconductByProvince(q: Queryable, from: string, to: string, statuses: readonly string[]): Promise<RankedCountRow[]> {
  return (await q.query(
    `SELECT p.id, p.name, p.region_code, count(*)::int AS count
         FROM decisions d JOIN cases c ON c.id = d.case_id
         JOIN organisations p ON p.level = 'provincial' AND (c.handling_org_path = p.path OR c.handling_org_path LIKE ${likeEscapeSql('p.path')} || '/%')
        WHERE d.status = ANY($3::text[]) AND d.result = 'misconduct' AND d.effective_date BETWEEN $1 AND $2
        GROUP BY p.id, p.name, p.region_code`,
    [from, to, statuses],
  )) as RankedCountRow[];
}
