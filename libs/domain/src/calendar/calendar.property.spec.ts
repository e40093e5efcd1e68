/**
 * Property tests (fast-check) of the counting rules, RULES.md §3 "Counting rules".
 * Every property is checked against a brute-force day-by-day reference built only from `isWorkingDay`
 * (or, for the synthetic calendars, from the raw holiday/make-up sets), never from the prefix tables.
 */
import fc from 'fast-check';
import {
  CalendarYear,
  WorkingCalendar,
  addCalendarDays,
  addMonths,
  chineseDaysCalendarYears,
  computeDeadline,
  fromDayNumber,
  shiftForSuspension,
  toDayNumber,
  weekdayOfDayNumber,
} from './index';

const data = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
const cal = new WorkingCalendar(chineseDaysCalendarYears(data));

const LO = toDayNumber('2004-01-01');
const HI = toDayNumber('2026-12-31');
const anyDate = (lo = LO, hi = HI) => fc.integer({ min: lo, max: hi }).map(fromDayNumber);

/** Reference: walk day by day, counting working days strictly after `from`. */
function refAddWorkingDays(c: WorkingCalendar, from: string, n: number): string {
  let d = from;
  for (let k = 0; k < n;) {
    d = addCalendarDays(d, 1);
    if (c.isWorkingDay(d)) k++;
  }
  return d;
}

function refCount(c: WorkingCalendar, fromExclusive: string, toInclusive: string): number {
  let n = 0;
  for (let d = addCalendarDays(fromExclusive, 1); d <= toInclusive; d = addCalendarDays(d, 1)) if (c.isWorkingDay(d)) n++;
  return n;
}

const RUNS = { numRuns: 400 };

describe('working-day periods', () => {
  it('an N-working-day result is a working day, and exactly N working days lie in (from, result]', () => {
    fc.assert(
      fc.property(anyDate(), fc.integer({ min: 1, max: 200 }), (from, n) => {
        const due = computeDeadline(cal, from, { amount: n, unit: 'working_days' }).dueDate;
        expect(cal.isWorkingDay(due)).toBe(true);
        expect(due > from).toBe(true);
        expect(refCount(cal, from, due)).toBe(n);
        expect(cal.workingDaysBetween(from, due)).toBe(n);
        expect(due).toBe(refAddWorkingDays(cal, from, n));
      }),
      RUNS,
    );
  });

  it('results are strictly increasing in N', () => {
    fc.assert(
      fc.property(anyDate(), fc.integer({ min: 0, max: 150 }), fc.integer({ min: 1, max: 50 }), (from, n, k) => {
        const a = computeDeadline(cal, from, { amount: n, unit: 'working_days' }).dueDate;
        const b = computeDeadline(cal, from, { amount: n + k, unit: 'working_days' }).dueDate;
        expect(b > a).toBe(true);
        expect(cal.workingDaysBetween(a, b)).toBe(k);
      }),
      RUNS,
    );
  });

  it('results are monotonic (non-decreasing) in the trigger date', () => {
    fc.assert(
      fc.property(anyDate(LO, HI - 40), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 100 }), (from, gap, n) => {
        const later = addCalendarDays(from, gap);
        const a = computeDeadline(cal, from, { amount: n, unit: 'working_days' }).dueDate;
        const b = computeDeadline(cal, later, { amount: n, unit: 'working_days' }).dueDate;
        expect(b >= a).toBe(true);
      }),
      RUNS,
    );
  });

  it('listWorkingDays and workingDaysBetween agree with isWorkingDay', () => {
    fc.assert(
      fc.property(anyDate(), fc.integer({ min: -5, max: 120 }), (from, span) => {
        const to = addCalendarDays(from, span);
        const listed = cal.listWorkingDays(addCalendarDays(from, 1), to);
        expect(listed.length).toBe(refCount(cal, from, to));
        expect(cal.workingDaysBetween(from, to)).toBe(listed.length);
        for (const d of listed) expect(cal.isWorkingDay(d)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('calendar-day and month periods', () => {
  it('results are working days, >= the raw date, and the first working day on or after it', () => {
    fc.assert(
      fc.property(anyDate(), fc.constantFrom('days' as const, 'months' as const), fc.integer({ min: 0, max: 40 }), (from, unit, n) => {
        const raw = unit === 'days' ? addCalendarDays(from, n) : addMonths(from, n);
        const due = computeDeadline(cal, from, { amount: n, unit }).dueDate;
        expect(cal.isWorkingDay(due)).toBe(true);
        expect(due >= raw).toBe(true);
        for (let d = raw; d < due; d = addCalendarDays(d, 1)) expect(cal.isWorkingDay(d)).toBe(false);
      }),
      RUNS,
    );
  });

  it('month arithmetic: same day-number, or the last day of the target month', () => {
    fc.assert(
      fc.property(anyDate(), fc.integer({ min: 0, max: 36 }), (from, n) => {
        const raw = addMonths(from, n);
        const [fy, fm, fd] = from.split('-').map(Number);
        const [ry, rm, rd] = raw.split('-').map(Number);
        expect(ry * 12 + rm - (fy * 12 + fm)).toBe(n);
        const last = new Date(Date.UTC(ry, rm, 0)).getUTCDate(); // reference month length
        expect(rd).toBe(Math.min(fd, last));
      }),
      RUNS,
    );
  });

  it('results are monotonic in the amount', () => {
    fc.assert(
      fc.property(
        anyDate(),
        fc.constantFrom('days' as const, 'months' as const),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 10 }),
        (from, unit, n, k) => {
          const a = computeDeadline(cal, from, { amount: n, unit }).dueDate;
          const b = computeDeadline(cal, from, { amount: n + k, unit }).dueDate;
          expect(b >= a).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('a suspension shift equals the raw shift rolled to a working day, and never moves a deadline earlier', () => {
    fc.assert(
      fc.property(anyDate(), fc.integer({ min: 0, max: 200 }), (due, n) => {
        const shifted = shiftForSuspension(cal, due, n).dueDate;
        expect(shifted).toBe(cal.nextWorkingDayOnOrAfter(addCalendarDays(due, n)));
        expect(shifted >= due).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('every result is self-consistent', () => {
  it('dueAt, dueAtMs and provisional agree', () => {
    const loaded = new WorkingCalendar(chineseDaysCalendarYears(data).filter((y) => y.year % 3 !== 0)); // gaps on purpose
    fc.assert(
      fc.property(
        anyDate(toDayNumber('2019-01-01'), toDayNumber('2026-12-31')),
        fc.constantFrom('working_days' as const, 'days' as const, 'months' as const),
        fc.integer({ min: 0, max: 400 }),
        (from, unit, n) => {
          const amount = unit === 'months' ? n % 30 : n;
          const d = computeDeadline(loaded, from, { amount, unit });
          expect(d.dueAt).toBe(`${d.dueDate}T23:59:59+08:00`);
          expect(d.dueAtMs).toBe(Date.parse(d.dueAt));
          // touched years: (from, due], plus `from` itself when a 0 days/months period consults it
          const firstTouched = unit !== 'working_days' && amount === 0 ? from : addCalendarDays(from, 1);
          const expected: number[] = [];
          if (firstTouched <= d.dueDate) {
            for (let y = +firstTouched.slice(0, 4); y <= +d.dueDate.slice(0, 4); y++) if (!loaded.hasYear(y)) expected.push(y);
          }
          expect(d.provisionalYears).toEqual(expected);
          expect(d.provisional).toBe(expected.length > 0);
        },
      ),
      RUNS,
    );
  });
});

describe('synthetic calendars (arbitrary notices, brute-force reference)', () => {
  const YEARS = [2025, 2026, 2027];
  const firstDn = toDayNumber('2025-01-01');
  const lastDn = toDayNumber('2027-12-31');

  /** Random notices for 2025–2027: random holiday blocks (possibly weeks long), random weekend make-up days. */
  const notices = fc
    .array(fc.record({ start: fc.integer({ min: firstDn, max: lastDn }), len: fc.integer({ min: 1, max: 40 }) }), { maxLength: 12 })
    .chain((blocks) =>
      fc.array(fc.integer({ min: firstDn, max: lastDn }), { maxLength: 20 }).map((makeups) => {
        const off = new Set<number>();
        for (const b of blocks) for (let dn = b.start; dn < b.start + b.len && dn <= lastDn; dn++) off.add(dn);
        const on = new Set<number>(makeups.filter((dn) => !off.has(dn) && [0, 6].includes(weekdayOfDayNumber(dn))));
        return { off, on };
      }),
    );

  function build(off: Set<number>, on: Set<number>, loadedYears: number[]): WorkingCalendar {
    const years: CalendarYear[] = loadedYears.map((year) => ({
      year,
      holidays: [...off].map(fromDayNumber).filter((d) => +d.slice(0, 4) === year),
      makeupWorkdays: [...on].map(fromDayNumber).filter((d) => +d.slice(0, 4) === year),
    }));
    return new WorkingCalendar(years);
  }

  it('matches the brute-force definition of a working day and of N working days', () => {
    fc.assert(
      fc.property(
        notices,
        fc.subarray(YEARS),
        fc.integer({ min: firstDn - 10, max: lastDn - 200 }),
        fc.integer({ min: 0, max: 150 }),
        ({ off, on }, loadedYears, fromDn, n) => {
          const c = build(off, on, loadedYears);
          const loaded = new Set(loadedYears);
          const isWork = (dn: number) => {
            const y = +fromDayNumber(dn).slice(0, 4);
            const weekday = ![0, 6].includes(weekdayOfDayNumber(dn));
            if (!loaded.has(y)) return weekday;
            return on.has(dn) || (weekday && !off.has(dn));
          };
          // reference N-th working day
          let dn = fromDn;
          for (let k = 0; k < n;) if (isWork(++dn)) k++;
          const from = fromDayNumber(fromDn);
          expect(c.addWorkingDays(from, n)).toBe(fromDayNumber(dn));
          // reference roll-forward of the raw date from + n
          let r = fromDn + n;
          while (!isWork(r)) r++;
          expect(computeDeadline(c, from, { amount: n, unit: 'days' }).dueDate).toBe(fromDayNumber(r));
          expect(c.isWorkingDay(from)).toBe(isWork(fromDn));
        },
      ),
      { numRuns: 300 },
    );
  });
});
