/**
 * Working-day calendar of mainland China, built from the State Council's yearly holiday notices
 * (国务院办公厅关于某年部分节假日安排的通知).
 *
 * RULES.md §3 "Counting rules" [decision, from the Civil Code art.201–203]:
 * - working days are Mon–Fri, minus statutory holidays, plus make-up working weekend days (调休上班);
 * - a year whose notice is not loaded counts weekends only; deadlines depending on it are provisional.
 *
 * Pure and deterministic (no I/O, no clock, no Intl): usable inside Temporal workflow code. A calendar
 * travels through workflow input/history as a plain JSON snapshot (`toSnapshot` / `fromSnapshot`).
 *
 * Performance: each year touched gets a lazily built table (working-day flags + prefix counts), so
 * counting N working days costs O(years crossed + log 366), independent of N within a year.
 */
import { CalendarDataError, PeriodInvalidError } from './errors';
import {
  DayNumber,
  IsoDate,
  MAX_YEAR,
  MIN_YEAR,
  assertDayNumberInRange,
  dayNumberFromCivil,
  daysInYear,
  fromDayNumber,
  isValidIsoDate,
  isWeekendDayNumber,
  toDayNumber,
  yearOfDayNumber,
} from './iso-date';

// Builtins captured once: a global lookup per call is slow inside vm sandboxes (Temporal workflows, Jest).
const { min } = Math;
const { isSafeInteger } = Number;

/** One State Council holiday notice: the days off and the make-up working days of one year. */
export interface CalendarYear {
  year: number;
  /** Every day off, weekend days of a holiday block included (e.g. 2026-10-01 … 2026-10-07). */
  holidays: IsoDate[];
  /** Weekend days that are working days (调休上班), e.g. 2026-09-20 and 2026-10-10. */
  makeupWorkdays: IsoDate[];
}

/** Plain JSON snapshot of a calendar; safe to put in Temporal workflow input and history. */
export interface WorkingCalendarSnapshot {
  kind: 'working-calendar';
  version: 1;
  /** Loaded notices, sorted by year, dates sorted. */
  years: CalendarYear[];
}

/**
 * Refuse a notice that cannot be right. Throws `CalendarDataError` (code CALENDAR_DATA_INVALID) with
 * `reason` and `field` for: a year outside 1..9999, a malformed date, a date outside the notice's year,
 * a date listed twice, a date that is both holiday and make-up day, a make-up day on Mon–Fri.
 */
export function validateCalendarYear(y: CalendarYear): void {
  if (y === null || typeof y !== 'object') {
    throw new CalendarDataError('YEAR_INVALID', '', 'calendar year must be an object', undefined, y);
  }
  const year = y.year;
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new CalendarDataError(
      'YEAR_INVALID',
      'year',
      `year must be an integer in ${MIN_YEAR}..${MAX_YEAR}, got ${String(year)}`,
      undefined,
      year,
    );
  }
  const seen = new Map<string, 'holidays' | 'makeupWorkdays'>();
  for (const list of ['holidays', 'makeupWorkdays'] as const) {
    const dates: unknown = y[list];
    if (!Array.isArray(dates)) {
      throw new CalendarDataError('NOT_AN_ARRAY', list, `${year}: ${list} must be an array of 'YYYY-MM-DD' dates`, year, dates);
    }
    dates.forEach((d: unknown, i: number) => {
      const field = `${list}[${i}]`;
      if (!isValidIsoDate(d)) {
        throw new CalendarDataError(
          'MALFORMED_DATE',
          field,
          `${year}: ${field} is not a valid 'YYYY-MM-DD' date: ${JSON.stringify(d)}`,
          year,
          d,
        );
      }
      if (+d.slice(0, 4) !== year) {
        throw new CalendarDataError('WRONG_YEAR', field, `${year}: ${field} ${d} is not in ${year}`, year, d);
      }
      const before = seen.get(d);
      if (before === list) {
        throw new CalendarDataError('DUPLICATE_DATE', field, `${year}: ${d} is listed twice in ${list}`, year, d);
      }
      if (before !== undefined) {
        throw new CalendarDataError('HOLIDAY_AND_MAKEUP', field, `${year}: ${d} is both a holiday and a make-up working day`, year, d);
      }
      seen.set(d, list);
      if (list === 'makeupWorkdays' && !isWeekendDayNumber(toDayNumber(d))) {
        throw new CalendarDataError('MAKEUP_NOT_WEEKEND', field, `${year}: make-up working day ${d} is not a Saturday or Sunday`, year, d);
      }
    });
  }
}

/** Per-year lookup table, built on first use. */
interface YearTable {
  readonly year: number;
  readonly start: DayNumber; // day number of 1 January
  readonly length: number; // 365 or 366
  readonly work: Uint8Array; // work[i] = 1 if start+i is a working day
  readonly cum: Int32Array; // cum[i] = working days in [start, start+i); cum[length] = total
  readonly known: boolean; // notice loaded?
}

function assertCount(n: number, what: string): void {
  if (!isSafeInteger(n) || n < 0) {
    throw new PeriodInvalidError(`${what} must be a non-negative integer, got ${String(n)}`, n);
  }
}

export class WorkingCalendar {
  private readonly notices: ReadonlyMap<number, Readonly<CalendarYear>>;
  private readonly tables = new Map<number, YearTable>();
  /** Most recently used table: consecutive lookups almost always hit the same year. */
  private lastTable: YearTable | undefined;

  /** `years`: the loaded notices. Years not given are unknown: weekends only, and provisional. */
  constructor(years: readonly CalendarYear[] = []) {
    if (!Array.isArray(years)) {
      throw new CalendarDataError('SNAPSHOT_INVALID', 'years', 'years must be an array of calendar years', undefined, years);
    }
    const notices = new Map<number, Readonly<CalendarYear>>();
    years.forEach((y, i) => {
      validateCalendarYear(y);
      if (notices.has(y.year)) {
        throw new CalendarDataError('DUPLICATE_YEAR', `years[${i}]`, `two notices given for ${y.year}`, y.year);
      }
      notices.set(
        y.year,
        Object.freeze({
          year: y.year,
          holidays: Object.freeze([...y.holidays].sort()) as IsoDate[],
          makeupWorkdays: Object.freeze([...y.makeupWorkdays].sort()) as IsoDate[],
        }),
      );
    });
    this.notices = notices;
  }

  /** Rebuild a calendar from `toSnapshot()` output (validated again: snapshots cross trust boundaries). */
  static fromSnapshot(snapshot: WorkingCalendarSnapshot): WorkingCalendar {
    if (
      snapshot === null ||
      typeof snapshot !== 'object' ||
      snapshot.kind !== 'working-calendar' ||
      snapshot.version !== 1 ||
      !Array.isArray(snapshot.years)
    ) {
      throw new CalendarDataError('SNAPSHOT_INVALID', '', 'not a working-calendar snapshot (version 1)', undefined, snapshot);
    }
    return new WorkingCalendar(snapshot.years);
  }

  /** Plain, JSON-serialisable, canonical (sorted) form of the loaded notices. */
  toSnapshot(): WorkingCalendarSnapshot {
    return {
      kind: 'working-calendar',
      version: 1,
      years: this.loadedYears().map((year) => {
        const n = this.notices.get(year)!;
        return { year, holidays: [...n.holidays], makeupWorkdays: [...n.makeupWorkdays] };
      }),
    };
  }

  /** A new calendar with `years` added, replacing notices of the same years (e.g. a newly published notice). */
  withYears(years: readonly CalendarYear[]): WorkingCalendar {
    const replaced = new Set(years.map((y) => y.year));
    return new WorkingCalendar([...[...this.notices.values()].filter((n) => !replaced.has(n.year)), ...years]);
  }

  /** Years whose notice is loaded, ascending. */
  loadedYears(): number[] {
    return [...this.notices.keys()].sort((a, b) => a - b);
  }

  hasYear(year: number): boolean {
    return this.notices.has(year);
  }

  isWorkingDay(d: IsoDate): boolean {
    return this.isWorkingDayNum(toDayNumber(d));
  }

  /** The date `n` working days after `from`; the trigger day `from` is not counted; n = 0 returns `from`. */
  addWorkingDays(from: IsoDate, n: number): IsoDate {
    return fromDayNumber(this.addWorkingDaysNum(toDayNumber(from), n));
  }

  /** Working days in (fromExclusive, toInclusive]; 0 if toInclusive <= fromExclusive. */
  workingDaysBetween(fromExclusive: IsoDate, toInclusive: IsoDate): number {
    return this.workingDaysBetweenNum(toDayNumber(fromExclusive), toDayNumber(toInclusive));
  }

  /** Every working day in [fromInclusive, toInclusive], ascending; empty if to < from. */
  listWorkingDays(fromInclusive: IsoDate, toInclusive: IsoDate): IsoDate[] {
    const lo = toDayNumber(fromInclusive);
    const hi = toDayNumber(toInclusive);
    const out: IsoDate[] = [];
    for (let dn = lo; dn <= hi;) {
      const t = this.tableOf(dn);
      const end = min(hi, t.start + t.length - 1);
      for (; dn <= end; dn++) if (t.work[dn - t.start] === 1) out.push(fromDayNumber(dn));
    }
    return out;
  }

  /** `d` itself if it is a working day, else the first working day after it. */
  nextWorkingDayOnOrAfter(d: IsoDate): IsoDate {
    return fromDayNumber(this.nextWorkingDayNumOnOrAfter(toDayNumber(d)));
  }

  // ---- day-number API (used by the deadline functions; avoids string work in hot paths) ----

  isWorkingDayNum(dn: DayNumber): boolean {
    const t = this.tableOf(dn);
    return t.work[dn - t.start] === 1;
  }

  addWorkingDaysNum(from: DayNumber, n: number): DayNumber {
    assertCount(n, 'working-day count');
    assertDayNumberInRange(from);
    if (n === 0) return from;
    let remaining = n;
    let cur = from; // last day already consumed
    for (;;) {
      const t = this.tableOf(cur + 1);
      const idx = cur + 1 - t.start; // first uncounted day, as index in this year
      const base = t.cum[idx];
      const available = t.cum[t.length] - base;
      if (remaining > available) {
        remaining -= available;
        cur = t.start + t.length - 1;
        continue;
      }
      // smallest j in (idx, length] with cum[j] >= base + remaining; the day is j - 1 (a working day)
      const target = base + remaining;
      let lo = idx + 1;
      let hi = t.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (t.cum[mid] >= target) hi = mid;
        else lo = mid + 1;
      }
      return t.start + lo - 1;
    }
  }

  workingDaysBetweenNum(fromExclusive: DayNumber, toInclusive: DayNumber): number {
    if (toInclusive <= fromExclusive) return 0;
    let count = 0;
    for (let dn = fromExclusive + 1; dn <= toInclusive;) {
      const t = this.tableOf(dn);
      const end = min(toInclusive, t.start + t.length - 1);
      count += t.cum[end - t.start + 1] - t.cum[dn - t.start];
      dn = end + 1;
    }
    return count;
  }

  nextWorkingDayNumOnOrAfter(d: DayNumber): DayNumber {
    for (let dn = d; ;) {
      const t = this.tableOf(dn);
      const end = t.start + t.length;
      for (; dn < end; dn++) if (t.work[dn - t.start] === 1) return dn;
    }
  }

  /** Years in [lo, hi] (day numbers, inclusive) whose notice is not loaded, ascending; [] if lo > hi. */
  unknownYearsBetweenNum(lo: DayNumber, hi: DayNumber): number[] {
    if (lo > hi) return [];
    const out: number[] = [];
    const last = yearOfDayNumber(hi);
    for (let y = yearOfDayNumber(lo); y <= last; y++) if (!this.notices.has(y)) out.push(y);
    return out;
  }

  private tableOf(dn: DayNumber): YearTable {
    const last = this.lastTable;
    if (last !== undefined && dn >= last.start && dn < last.start + last.length) return last;
    assertDayNumberInRange(dn);
    const year = yearOfDayNumber(dn);
    let t = this.tables.get(year);
    if (t === undefined) {
      t = this.buildTable(year);
      this.tables.set(year, t);
    }
    this.lastTable = t;
    return t;
  }

  private buildTable(year: number): YearTable {
    const start = dayNumberFromCivil(year, 1, 1);
    const length = daysInYear(year);
    const work = new Uint8Array(length);
    for (let i = 0; i < length; i++) work[i] = isWeekendDayNumber(start + i) ? 0 : 1;
    const notice = this.notices.get(year);
    if (notice) {
      for (const d of notice.holidays) work[toDayNumber(d) - start] = 0;
      for (const d of notice.makeupWorkdays) work[toDayNumber(d) - start] = 1;
    }
    const cum = new Int32Array(length + 1);
    for (let i = 0; i < length; i++) cum[i + 1] = cum[i] + work[i];
    return { year, start, length, work, cum, known: notice !== undefined };
  }
}
