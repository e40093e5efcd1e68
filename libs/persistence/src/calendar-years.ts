/**
 * The one writer of `calendar_years` besides the seed (seed.ts): State Council holiday notices, append-only (every
 * load is a new version of its year; the latest version of each year is in force).
 */
import type { Queryable } from './queryable';

export interface CalendarYearRow {
  year: number;
  version: number;
  holidays: string[];
  makeup_workdays: string[];
  source: string;
  loaded_at: Date;
}

/** The version in force of each loaded year, by year. */
export async function latestCalendarYears(q: Queryable): Promise<CalendarYearRow[]> {
  return (await q.query(
    `SELECT DISTINCT ON (year) year, version, holidays, makeup_workdays, source, loaded_at
           FROM calendar_years ORDER BY year, version DESC`,
  )) as CalendarYearRow[];
}

/** A fingerprint of the table that changes with every load (row count, versions, last load). */
export async function calendarStamp(q: Queryable): Promise<string> {
  const [{ stamp }] = (await q.query(
    `SELECT count(*) || '/' || coalesce(sum(version), 0) || '/' || coalesce(max(loaded_at)::text, '') AS stamp FROM calendar_years`,
  )) as Array<{ stamp: string }>;
  return stamp;
}

/** Held until the transaction ends: loads of the same year take turns (two would otherwise compute the same next
 *  version). */
export async function lockCalendarYear(q: Queryable, year: number): Promise<void> {
  await q.query(`SELECT pg_advisory_xact_lock(hashtext('calendar_years'), $1)`, [year]);
}

/** The version of a year in force, or undefined. */
export async function latestCalendarYear(q: Queryable, year: number): Promise<Omit<CalendarYearRow, 'year' | 'loaded_at'> | undefined> {
  const rows = (await q.query(
    `SELECT version, holidays, makeup_workdays, source FROM calendar_years WHERE year = $1 ORDER BY version DESC LIMIT 1`,
    [year],
  )) as Array<Omit<CalendarYearRow, 'year' | 'loaded_at'>>;
  return rows[0];
}

/** Stores a year's notice as its next version; returns that version. */
export async function insertCalendarYear(
  q: Queryable,
  y: { year: number; holidays: readonly string[]; makeupWorkdays: readonly string[]; source: string },
): Promise<number> {
  const [row] = (await q.query(
    `INSERT INTO calendar_years (year, version, holidays, makeup_workdays, source)
         VALUES ($1, COALESCE((SELECT max(version) FROM calendar_years WHERE year = $1), 0) + 1, $2, $3, $4)
         RETURNING version`,
    [y.year, JSON.stringify(y.holidays), JSON.stringify(y.makeupWorkdays), y.source],
  )) as Array<{ version: number }>;
  return row.version;
}
