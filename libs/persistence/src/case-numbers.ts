/** Case numbers `SC-<year>-<6 digits>`, one counter per year, drawn inside the caller's transaction. */
export async function nextCaseNumber(tx: { query(sql: string, params?: unknown[]): Promise<unknown> }, today: string): Promise<string> {
  const year = Number(today.slice(0, 4));
  const rows = (await tx.query(
    `INSERT INTO case_counters (year, last) VALUES ($1, 1) ON CONFLICT (year) DO UPDATE SET last = case_counters.last + 1 RETURNING last`,
    [year],
  )) as Array<{ last: number }>;
  return `SC-${year}-${String(rows[0]!.last).padStart(6, '0')}`;
}

/** The loaded holiday notices (latest version of each year): the calendar snapshot a case workflow starts with. */
export async function loadCalendarYears(q: {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}): Promise<Array<{ year: number; holidays: string[]; makeupWorkdays: string[] }>> {
  const rows = (await q.query(
    `SELECT DISTINCT ON (year) year, holidays, makeup_workdays FROM calendar_years ORDER BY year, version DESC`,
  )) as Array<{
    year: number;
    holidays: string[];
    makeup_workdays: string[];
  }>;
  return rows.map((r) => ({ year: r.year, holidays: r.holidays, makeupWorkdays: r.makeup_workdays }));
}
