/**
 * Table tests on real 2026 dates (State Council notice for 2026, via the `chinese-days` package data):
 *   元旦 1/1–1/3 (Sun 1/4 works); 春节 2/15–2/23 (Sat 2/14, Sat 2/28 work); 清明 4/4–4/6; 劳动节 5/1–5/5 (Sat 5/9 works);
 *   端午 6/19–6/21; 中秋 9/25–9/27; 国庆 10/1–10/7 (Sun 9/20, Sat 10/10 work).
 * Weekdays for reference: 2026-01-01 Thu, 2026-02-01 Sun, 2026-03-01 Sun, 2026-09-01 Tue, 2026-10-01 Thu,
 * 2026-12-31 Thu, 2027-01-01 Fri.
 * Counting rules: RULES.md §3 "Counting rules" [decision, Civil Code art.201–203].
 */
import {
  CalendarDataError,
  CalendarYear,
  DateInvalidError,
  PeriodInvalidError,
  WorkingCalendar,
  addCalendarDays,
  addMonths,
  chineseDaysCalendarYears,
  computeDeadline,
  dueAtOf,
  extendDeadline,
  isValidIsoDate,
  isoDateOf,
  overdueWorkingDays,
  parseIsoDate,
  remainingWorkingDays,
  shiftForSuspension,
  validateCalendarYear,
  weekdayOfDayNumber,
  toDayNumber,
} from './index';

const data = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };

const ALL_YEARS = chineseDaysCalendarYears(data); // 2004–2026
const cal = new WorkingCalendar(ALL_YEARS);
const only2026 = new WorkingCalendar(ALL_YEARS.filter((y) => y.year === 2026));
const weekendsOnly = new WorkingCalendar([]);

const wd = (amount: number) => ({ amount, unit: 'working_days' as const });
const days = (amount: number) => ({ amount, unit: 'days' as const });
const months = (amount: number) => ({ amount, unit: 'months' as const });

const WEEKDAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const weekday = (d: string) => WEEKDAY[weekdayOfDayNumber(toDayNumber(d))];

describe('2026 calendar data (chinese-days → CalendarYear)', () => {
  it('has the 2026 notice as RULES.md lists it', () => {
    const y2026 = ALL_YEARS.find((y) => y.year === 2026)!;
    expect(y2026.makeupWorkdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    for (const d of ['2026-10-01', '2026-10-07', '2026-02-15', '2026-02-23', '2026-01-01', '2026-05-05', '2026-06-19', '2026-09-25']) {
      expect(y2026.holidays).toContain(d);
    }
    expect(y2026.holidays).toHaveLength(33);
    expect(cal.hasYear(2026)).toBe(true);
    expect(cal.hasYear(2027)).toBe(false);
  });

  it.each([
    ['2026-09-20', 'Sun', true], // make-up working Sunday
    ['2026-10-10', 'Sat', true], // make-up working Saturday
    ['2026-02-14', 'Sat', true],
    ['2026-02-28', 'Sat', true],
    ['2026-10-01', 'Thu', false], // 国庆
    ['2026-10-07', 'Wed', false],
    ['2026-10-08', 'Thu', true],
    ['2026-02-23', 'Mon', false], // last day of 春节
    ['2026-02-24', 'Tue', true],
    ['2026-09-19', 'Sat', false], // ordinary weekend
    ['2026-09-30', 'Wed', true],
  ])('%s (%s) working = %s', (d, w, working) => {
    expect(weekday(d)).toBe(w);
    expect(cal.isWorkingDay(d)).toBe(working);
  });

  it('agrees with the chinese-days package on every day 2004–2026 (independent oracle)', () => {
    const { isWorkday } = require('chinese-days') as { isWorkday: (d: string) => boolean };
    const lo = toDayNumber('2004-01-01');
    const hi = toDayNumber('2026-12-31');
    const mismatches: string[] = [];
    let d = '2004-01-01';
    for (let dn = lo; dn <= hi; dn++, d = addCalendarDays(d, 1)) {
      if (isWorkday(d) !== cal.isWorkingDay(d)) mismatches.push(d);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('computeDeadline — working days', () => {
  it.each([
    // [from, n, expected, reasoning]
    // 9/29 Tue(1), 9/30 Wed(2), 10/1–10/7 国庆 off, 10/8 Thu(3), 10/9 Fri(4), 10/10 Sat make-up(5), 10/12–10/16(6–10), 10/19–10/23(11–15)
    ['2026-09-28', 15, '2026-10-23', 'across National Day; weekends-only would give 10/19'],
    // 9/19 Sat off, 9/20 Sun make-up(1), 9/21–9/24 Mon–Thu(2–5); 9/25 Fri is 中秋
    ['2026-09-18', 5, '2026-09-24', 'make-up Sunday 9/20 counts'],
    // 9/25–9/27 中秋 off, 9/28(1), 9/29(2), 9/30(3)
    ['2026-09-24', 3, '2026-09-30', 'Mid-autumn'],
    // 2/13 Fri(1), 2/14 Sat make-up(2), 2/15–2/23 春节 off, 2/24(3), 2/25(4), 2/26 Thu(5)
    ['2026-02-12', 5, '2026-02-26', 'across Spring Festival'],
    // 2/14(1), 2/24–2/27(2–5), 2/28 Sat make-up(6), 3/2–3/6(7–11), 3/9–3/12(12–15)
    ['2026-02-13', 15, '2026-03-12', 'Spring Festival with both make-up Saturdays'],
    // 12/31 Wed 2025 → 2026-01-01..01-03 off, 1/4 Sun make-up(1)
    ['2025-12-31', 1, '2026-01-04', 'New Year make-up Sunday'],
    // trigger day not counted
    ['2026-03-02', 1, '2026-03-03', 'Mon + 1 = Tue (the trigger day itself never counts)'],
    ['2026-03-06', 1, '2026-03-09', 'Fri + 1 = next Mon'],
    ['2026-03-07', 1, '2026-03-09', 'Sat trigger: counting starts Sun, first working day Mon'],
    ['2026-03-02', 0, '2026-03-02', '0 working days = the trigger day itself'],
  ])('%s + %i working days = %s (%s)', (from, n, expected) => {
    const d = computeDeadline(cal, from, wd(n));
    expect(d.dueDate).toBe(expected);
    expect(d.provisional).toBe(false);
    expect(d.provisionalYears).toEqual([]);
    expect(cal.addWorkingDays(from, n)).toBe(expected);
  });

  it('90 working days (review, 003 art.43) from 2026-06-01', () => {
    // Brute force: the 90th working day after 6/1, given 端午 6/19, 中秋 9/25, 国庆 10/1–10/7, make-ups 9/20, 10/10.
    const days90 = cal.listWorkingDays('2026-06-02', '2026-12-31').slice(0, 90);
    expect(days90).toHaveLength(90);
    expect(computeDeadline(cal, '2026-06-01', wd(90)).dueDate).toBe(days90[89]);
    // June 2–30: 20 (端午 6/19 off), July: 23, August: 21, September: 22 (中秋 9/25 off, Sun 9/20 works) = 86;
    // then 10/1–10/7 off, 10/8 (87), 10/9 (88), Sat 10/10 (89), 10/12 (90)
    expect(days90[89]).toBe('2026-10-12');
    expect(days90).toContain('2026-09-20');
    expect(days90).toContain('2026-10-10');
    expect(days90).not.toContain('2026-06-19');
  });
});

describe('computeDeadline — months and calendar days', () => {
  it.each([
    ['2026-08-31', 1, '2026-09-30', '31 Aug + 1 month = 30 Sep (no 31 Sep), a Wednesday'],
    ['2026-01-31', 1, '2026-02-28', '31 Jan + 1 month = 28 Feb 2026, a make-up Saturday = working day'],
    ['2026-03-31', 6, '2026-09-30', 'investigation 6 months (003 art.25), month-end clamp'],
    ['2026-04-01', 6, '2026-10-08', '10/1 is 国庆; 10/1–10/7 off, 10/8 Thu is the next working day'],
    ['2026-04-16', 1, '2026-05-18', '5/16 Sat → 5/17 Sun → 5/18 Mon'],
    ['2026-01-15', 1, '2026-02-24', '2/15 falls in 春节 (2/15–2/23) → 2/24'],
    ['2026-07-31', 1, '2026-08-31', '31 Jul + 1 month = 31 Aug (Mon)'],
  ])('%s + %i month(s) = %s (%s)', (from, n, expected) => {
    const d = computeDeadline(cal, from, months(n));
    expect(d.dueDate).toBe(expected);
    expect(d.provisional).toBe(false);
    expect(cal.isWorkingDay(d.dueDate)).toBe(true);
  });

  it('leap years: 2024-01-31 + 1 month = 2024-02-29 (Thu)', () => {
    expect(computeDeadline(cal, '2024-01-31', months(1)).dueDate).toBe('2024-02-29');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2026-12-31', 2)).toBe('2027-02-28');
  });

  it.each([
    // henan review application: 15 calendar days (001 art.44)
    ['2026-09-20', 15, '2026-10-08', 'raw 10/5 (国庆) → 10/6, 10/7 also off → 10/8 Thu'],
    ['2026-09-22', 15, '2026-10-08', 'raw 10/7 (last day of 国庆) → 10/8 Thu'],
    ['2026-09-24', 15, '2026-10-09', 'raw 10/9 Fri, a working day: no move'],
    ['2026-09-25', 15, '2026-10-10', 'raw 10/10 is a make-up Saturday = working day: no move'],
    ['2026-09-26', 15, '2026-10-12', 'raw 10/11 Sun → 10/12 Mon'],
    ['2026-09-16', 15, '2026-10-08', 'raw 10/1 → the whole 国庆 block → 10/8'],
    ['2026-02-01', 15, '2026-02-24', 'raw 2/16 in 春节 → 2/24'],
    ['2026-02-13', 1, '2026-02-14', 'raw 2/14 make-up Saturday: no move'],
    ['2026-03-02', 1, '2026-03-03', 'trigger day not counted: Mon + 1 day = Tue'],
    ['2026-10-03', 0, '2026-10-08', '0 days: the trigger day rolled to a working day'],
  ])('%s + %i calendar days = %s (%s)', (from, n, expected) => {
    const d = computeDeadline(cal, from, days(n));
    expect(d.dueDate).toBe(expected);
    expect(d.provisional).toBe(false);
  });
});

describe('provisional: years without a loaded notice count weekends only', () => {
  it('a working-day period running into 2027 (not loaded)', () => {
    // 12/25 Fri(1), 12/28–12/31 Mon–Thu(2–5), 2027-01-01 Fri(6) — counted: 2027 is unknown, weekends only —
    // 1/4–1/7 Mon–Thu(7–10)
    const d = computeDeadline(cal, '2026-12-24', wd(10));
    expect(d).toEqual({
      dueDate: '2027-01-07',
      dueAt: '2027-01-07T23:59:59+08:00',
      dueAtMs: Date.UTC(2027, 0, 7, 15, 59, 59),
      provisional: true,
      provisionalYears: [2027],
    });
  });

  it('a month period into 2027 and a multi-year period', () => {
    expect(computeDeadline(cal, '2026-12-15', months(6))).toMatchObject({
      dueDate: '2027-06-15',
      provisional: true,
      provisionalYears: [2027],
    });
    expect(computeDeadline(cal, '2026-06-01', months(24))).toMatchObject({ dueDate: '2028-06-01', provisionalYears: [2027, 2028] });
  });

  it('a period ending on 31 Dec 2026 is not provisional; one rolling into 2027 is', () => {
    expect(computeDeadline(cal, '2026-12-16', days(15))).toMatchObject({ dueDate: '2026-12-31', provisional: false });
    // raw 12/18 + 15 = 2027-01-02 Sat, 1/3 Sun → 1/4 Mon (2027 unknown: weekends only)
    expect(computeDeadline(cal, '2026-12-18', days(15))).toMatchObject({
      dueDate: '2027-01-04',
      provisional: true,
      provisionalYears: [2027],
    });
    // 12/31 is a Thursday: nothing after it is consulted
    expect(computeDeadline(cal, '2026-12-30', wd(1))).toMatchObject({ dueDate: '2026-12-31', provisional: false });
  });

  it('a year missing before the loaded one is provisional too', () => {
    // only 2026 loaded: 2025-12-30 + 3 working days = 12/31 (2025, unknown), 1/4 Sun make-up, 1/5 Mon
    expect(computeDeadline(only2026, '2025-12-30', wd(3))).toMatchObject({ dueDate: '2026-01-05', provisionalYears: [2025] });
  });

  it('loading the year later changes the result and clears the flag (RULES.md §3)', () => {
    const without = computeDeadline(only2026, '2026-09-28', wd(15));
    expect(without).toMatchObject({ dueDate: '2026-10-23', provisional: false });
    const withNothing = computeDeadline(weekendsOnly, '2026-09-28', wd(15));
    expect(withNothing).toMatchObject({ dueDate: '2026-10-19', provisional: true, provisionalYears: [2026] });
    const reloaded = weekendsOnly.withYears(ALL_YEARS.filter((y) => y.year === 2026));
    expect(computeDeadline(reloaded, '2026-09-28', wd(15))).toMatchObject({ dueDate: '2026-10-23', provisional: false });
  });
});

describe('suspension and extension', () => {
  it.each([
    // [currentDue, suspended days, expected, reasoning]
    ['2026-09-21', 10, '2026-10-08', 'raw 10/1 (国庆) → 10/8'],
    ['2026-09-21', 19, '2026-10-10', 'raw 10/10, make-up Saturday = working day'],
    ['2026-09-21', 20, '2026-10-12', 'raw 10/11 Sun → 10/12 Mon'],
    ['2026-02-13', 3, '2026-02-24', 'raw 2/16 (春节) → 2/24'],
    ['2026-05-08', 1, '2026-05-09', 'raw 5/9, make-up Saturday'],
    ['2026-03-03', 0, '2026-03-03', 'no suspension, working day: unchanged'],
  ])('due %s, suspended %i calendar days → %s (%s)', (due, n, expected) => {
    expect(shiftForSuspension(cal, due, n)).toMatchObject({ dueDate: expected, provisional: false });
  });

  it('a suspension pushing a deadline into 2027 makes it provisional', () => {
    expect(shiftForSuspension(cal, '2026-12-21', 12)).toMatchObject({ dueDate: '2027-01-04', provisional: true, provisionalYears: [2027] });
  });

  it('extension is counted from the current due date', () => {
    // investigation accepted 2026-04-01 → due 2026-10-08 (rolled); extended 3 months from 10/8 → 2027-01-08 (Fri, 2027 unknown)
    const original = computeDeadline(cal, '2026-04-01', months(6));
    expect(original.dueDate).toBe('2026-10-08');
    expect(extendDeadline(cal, original.dueDate, months(3))).toMatchObject({ dueDate: '2027-01-08', provisionalYears: [2027] });
    // not from the trigger day: 2026-04-01 + 9 months would be 2027-01-01
    expect(computeDeadline(cal, '2026-04-01', months(9)).dueDate).toBe('2027-01-01');
    // 2026-03-31 + 6 months = 9/30; + 1 more month from 9/30 = 10/30 (Fri)
    expect(extendDeadline(cal, '2026-09-30', months(1))).toMatchObject({ dueDate: '2026-10-30', provisional: false });
    // working days: from 9/30, 10/8(1), 10/9(2), 10/10(3), 10/12(4), 10/13(5)
    expect(extendDeadline(cal, '2026-09-30', wd(5)).dueDate).toBe('2026-10-13');
  });
});

describe('dueAt / dueAtMs / isoDateOf (Asia/Shanghai, UTC+8)', () => {
  it.each(['2026-10-23', '2026-01-01', '2024-02-29', '2027-12-31', '1999-12-31'])('%s', (dueDate) => {
    const { dueAt, dueAtMs } = dueAtOf(dueDate);
    expect(dueAt).toBe(`${dueDate}T23:59:59+08:00`);
    expect(Date.parse(dueAt)).toBe(dueAtMs);
    const [y, m, d] = dueDate.split('-').map(Number);
    expect(dueAtMs).toBe(Date.UTC(y, m - 1, d, 23, 59, 59) - 8 * 3600 * 1000);
    expect(isoDateOf(dueAtMs)).toBe(dueDate);
    expect(isoDateOf(dueAtMs + 1000)).toBe(addCalendarDays(dueDate, 1)); // midnight Shanghai is the next day
  });

  it('computeDeadline fields agree with each other', () => {
    const d = computeDeadline(cal, '2026-09-28', wd(15));
    expect(d.dueAt).toBe('2026-10-23T23:59:59+08:00');
    expect(d.dueAtMs).toBe(Date.parse('2026-10-23T23:59:59+08:00'));
    expect(d.dueAtMs).toBe(Date.parse('2026-10-23T15:59:59Z'));
    expect(isoDateOf(d.dueAtMs)).toBe(d.dueDate);
  });

  it('isoDateOf uses Shanghai time, not UTC', () => {
    expect(isoDateOf(Date.parse('2026-09-30T16:00:00Z'))).toBe('2026-10-01'); // 00:00 in Shanghai
    expect(isoDateOf(Date.parse('2026-09-30T15:59:59.999Z'))).toBe('2026-09-30');
  });
});

describe('remaining and overdue working days', () => {
  it('counts working days in (today, due] and (due, today]', () => {
    // due 10/9 Fri; on 9/29: 9/30, 10/8, 10/9 remain
    expect(remainingWorkingDays(cal, '2026-09-29', '2026-10-09')).toBe(3);
    expect(remainingWorkingDays(cal, '2026-10-09', '2026-10-09')).toBe(0);
    expect(remainingWorkingDays(cal, '2026-10-12', '2026-10-09')).toBe(0);
    expect(overdueWorkingDays(cal, '2026-10-09', '2026-10-09')).toBe(0);
    // overdue on 10/12: 10/10 (make-up Saturday) and 10/12
    expect(overdueWorkingDays(cal, '2026-10-12', '2026-10-09')).toBe(2);
    expect(overdueWorkingDays(cal, '2026-10-01', '2026-10-09')).toBe(0);
    expect(cal.workingDaysBetween('2026-10-12', '2026-10-01')).toBe(0);
  });

  it('listWorkingDays and nextWorkingDayOnOrAfter', () => {
    expect(cal.listWorkingDays('2026-09-26', '2026-10-12')).toEqual([
      '2026-09-28',
      '2026-09-29',
      '2026-09-30',
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
      '2026-10-12',
    ]);
    expect(cal.listWorkingDays('2026-10-12', '2026-10-01')).toEqual([]);
    expect(cal.nextWorkingDayOnOrAfter('2026-10-01')).toBe('2026-10-08');
    expect(cal.nextWorkingDayOnOrAfter('2026-10-08')).toBe('2026-10-08');
    expect(cal.nextWorkingDayOnOrAfter('2026-12-31')).toBe('2026-12-31');
    expect(weekendsOnly.nextWorkingDayOnOrAfter('2027-01-02')).toBe('2027-01-04');
  });
});

describe('performance', () => {
  it('100,000 mixed deadlines take well under a second (precomputed per-year tables, no per-day strings)', () => {
    const periods = [wd(5), wd(15), wd(90), days(15), months(1), months(6), months(12)];
    const lo = toDayNumber('2024-01-01');
    const froms = Array.from({ length: 1000 }, (_, i) => addCalendarDays('2024-01-01', (i * 7919) % (toDayNumber('2026-12-31') - lo)));
    const fresh = new WorkingCalendar(ALL_YEARS);
    const t0 = performance.now();
    for (let i = 0; i < 100_000; i++) computeDeadline(fresh, froms[i % 1000], periods[i % periods.length]);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('snapshots', () => {
  it('round-trips through JSON and behaves identically', () => {
    const snap = JSON.parse(JSON.stringify(cal.toSnapshot()));
    const back = WorkingCalendar.fromSnapshot(snap);
    expect(back.toSnapshot()).toEqual(cal.toSnapshot());
    expect(back.loadedYears()).toEqual(cal.loadedYears());
    expect(computeDeadline(back, '2026-09-28', wd(15))).toEqual(computeDeadline(cal, '2026-09-28', wd(15)));
  });

  it('is canonical (sorted) regardless of input order', () => {
    const a = new WorkingCalendar([
      { year: 2026, holidays: ['2026-10-02', '2026-10-01'], makeupWorkdays: ['2026-10-10', '2026-09-20'] },
      { year: 2025, holidays: [], makeupWorkdays: [] },
    ]);
    expect(a.toSnapshot()).toEqual({
      kind: 'working-calendar',
      version: 1,
      years: [
        { year: 2025, holidays: [], makeupWorkdays: [] },
        { year: 2026, holidays: ['2026-10-01', '2026-10-02'], makeupWorkdays: ['2026-09-20', '2026-10-10'] },
      ],
    });
  });

  it('refuses garbage', () => {
    expect(() => WorkingCalendar.fromSnapshot({} as never)).toThrow(CalendarDataError);
    expect(() => WorkingCalendar.fromSnapshot({ kind: 'working-calendar', version: 2, years: [] } as never)).toThrow(CalendarDataError);
    expect(() =>
      WorkingCalendar.fromSnapshot({
        kind: 'working-calendar',
        version: 1,
        years: [{ year: 2026, holidays: ['2026-13-01'], makeupWorkdays: [] }],
      }),
    ).toThrow(CalendarDataError);
  });

  it('does not share state with the caller', () => {
    const years: CalendarYear[] = [{ year: 2026, holidays: ['2026-10-01'], makeupWorkdays: [] }];
    const c = new WorkingCalendar(years);
    years[0].holidays.push('2026-10-02');
    expect(c.isWorkingDay('2026-10-02')).toBe(true);
    const s = c.toSnapshot();
    s.years[0].holidays.push('2026-10-05');
    expect(c.toSnapshot().years[0].holidays).toEqual(['2026-10-01']);
  });
});

describe('validateCalendarYear refusals', () => {
  const ok: CalendarYear = { year: 2026, holidays: ['2026-10-01'], makeupWorkdays: ['2026-10-10'] };

  it('accepts a sound notice and every chinese-days year', () => {
    expect(() => validateCalendarYear(ok)).not.toThrow();
    for (const y of ALL_YEARS) expect(() => validateCalendarYear(y)).not.toThrow();
  });

  it.each<[string, CalendarYear, string, string]>([
    ['date not in that year', { year: 2026, holidays: ['2025-10-01'], makeupWorkdays: [] }, 'WRONG_YEAR', 'holidays[0]'],
    ['make-up day not in that year', { year: 2026, holidays: [], makeupWorkdays: ['2027-01-02'] }, 'WRONG_YEAR', 'makeupWorkdays[0]'],
    ['malformed date', { year: 2026, holidays: ['2026-1-01'], makeupWorkdays: [] }, 'MALFORMED_DATE', 'holidays[0]'],
    ['impossible date', { year: 2026, holidays: ['2026-02-29'], makeupWorkdays: [] }, 'MALFORMED_DATE', 'holidays[0]'],
    ['not a string', { year: 2026, holidays: [20261001 as unknown as string], makeupWorkdays: [] }, 'MALFORMED_DATE', 'holidays[0]'],
    ['with a time', { year: 2026, holidays: ['2026-10-01T00:00:00'], makeupWorkdays: [] }, 'MALFORMED_DATE', 'holidays[0]'],
    [
      'both holiday and make-up',
      { year: 2026, holidays: ['2026-10-10'], makeupWorkdays: ['2026-10-10'] },
      'HOLIDAY_AND_MAKEUP',
      'makeupWorkdays[0]',
    ],
    [
      'duplicate holiday',
      { year: 2026, holidays: ['2026-10-01', '2026-10-02', '2026-10-01'], makeupWorkdays: [] },
      'DUPLICATE_DATE',
      'holidays[2]',
    ],
    [
      'duplicate make-up day',
      { year: 2026, holidays: [], makeupWorkdays: ['2026-10-10', '2026-10-10'] },
      'DUPLICATE_DATE',
      'makeupWorkdays[1]',
    ],
    ['make-up day on a weekday', { year: 2026, holidays: [], makeupWorkdays: ['2026-10-09'] }, 'MAKEUP_NOT_WEEKEND', 'makeupWorkdays[0]'],
    ['bad year', { year: 2026.5, holidays: [], makeupWorkdays: [] }, 'YEAR_INVALID', 'year'],
    ['not an array', { year: 2026, holidays: '2026-10-01' as unknown as string[], makeupWorkdays: [] }, 'NOT_AN_ARRAY', 'holidays'],
  ])('%s', (_name, y, reason, field) => {
    let err: unknown;
    try {
      validateCalendarYear(y);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CalendarDataError);
    expect(err).toMatchObject({ code: 'CALENDAR_DATA_INVALID', reason, field, details: expect.objectContaining({ reason, field }) });
    // and the calendar constructor refuses it too
    expect(() => new WorkingCalendar([y])).toThrow(CalendarDataError);
  });

  it('refuses two notices for one year', () => {
    expect(() => new WorkingCalendar([ok, { ...ok }])).toThrow(
      expect.objectContaining({ code: 'CALENDAR_DATA_INVALID', reason: 'DUPLICATE_YEAR' }),
    );
  });
});

describe('argument validation', () => {
  it.each([
    [{ amount: -1, unit: 'working_days' }],
    [{ amount: 1.5, unit: 'days' }],
    [{ amount: Number.NaN, unit: 'months' }],
    [{ amount: '3', unit: 'months' }],
    [{ amount: 3, unit: 'weeks' }],
  ])('PERIOD_INVALID for %j', (p) => {
    expect(() => computeDeadline(cal, '2026-03-02', p as never)).toThrow(PeriodInvalidError);
    expect(() => computeDeadline(cal, '2026-03-02', p as never)).toThrow(expect.objectContaining({ code: 'PERIOD_INVALID' }));
  });

  it('PERIOD_INVALID for negative suspensions and working-day counts', () => {
    expect(() => shiftForSuspension(cal, '2026-03-02', -1)).toThrow(expect.objectContaining({ code: 'PERIOD_INVALID' }));
    expect(() => cal.addWorkingDays('2026-03-02', -1)).toThrow(expect.objectContaining({ code: 'PERIOD_INVALID' }));
    expect(() => extendDeadline(cal, '2026-03-02', { amount: -6, unit: 'months' })).toThrow(
      expect.objectContaining({ code: 'PERIOD_INVALID' }),
    );
  });

  it('DATE_INVALID for malformed dates', () => {
    for (const bad of ['2026-02-30', '2026/03/02', '', '20260302', '2026-3-2', '0000-01-01']) {
      expect(isValidIsoDate(bad)).toBe(false);
      expect(() => computeDeadline(cal, bad, wd(1))).toThrow(DateInvalidError);
      expect(() => parseIsoDate(bad)).toThrow(expect.objectContaining({ code: 'DATE_INVALID' }));
    }
    expect(() => computeDeadline(cal, '9999-12-30', wd(5))).toThrow(DateInvalidError);
    expect(parseIsoDate('2026-10-08')).toEqual({ year: 2026, month: 10, day: 8 });
  });
});
