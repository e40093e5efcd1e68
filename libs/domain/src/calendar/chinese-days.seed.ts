/**
 * Converts the data file of the npm package `chinese-days`
 * (`node_modules/chinese-days/dist/chinese-days.json`) into `CalendarYear[]`, one per calendar year.
 *
 * Pure: the caller passes the parsed JSON (e.g. `require('chinese-days/dist/chinese-days.json')`),
 * so this module does no I/O and can be bundled anywhere.
 *
 * The JSON has `holidays`, `workdays` and `inLieuDays`, each keyed by 'YYYY-MM-DD' with values like
 * "National Day,国庆节,3". `holidays` = every day off (weekend days of a holiday block included),
 * `workdays` = make-up working weekend days (调休上班). `inLieuDays` (调休 days, a subset of the
 * holidays) carry no extra information for counting and are ignored.
 *
 * Dates are grouped by their own calendar year (the State Council notice for year Y sometimes moves
 * days in late Y-1, e.g. 2018-12-29 for 元旦 2019; grouping by date keeps `validateCalendarYear` happy).
 * Only years with at least one entry are produced; every produced year is validated.
 */
import { CalendarYear, validateCalendarYear } from './working-calendar';

export interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays?: Record<string, string>;
}

export function chineseDaysCalendarYears(data: { holidays: Record<string, string>; workdays: Record<string, string> }): CalendarYear[] {
  const byYear = new Map<number, CalendarYear>();
  const entry = (date: string): CalendarYear => {
    const year = +date.slice(0, 4);
    let y = byYear.get(year);
    if (!y) {
      y = { year, holidays: [], makeupWorkdays: [] };
      byYear.set(year, y);
    }
    return y;
  };
  for (const d of Object.keys(data.holidays)) entry(d).holidays.push(d);
  for (const d of Object.keys(data.workdays)) entry(d).makeupWorkdays.push(d);
  const years = [...byYear.values()].sort((a, b) => a.year - b.year);
  for (const y of years) {
    y.holidays.sort();
    y.makeupWorkdays.sort();
    validateCalendarYear(y);
  }
  return years;
}
