/**
 * Deadline arithmetic, RULES.md §3 "Counting rules" [decision, from the Civil Code art.201–203]:
 * - all dates are Asia/Shanghai; a deadline is the end (23:59:59) of its due day;
 * - the trigger day is not counted, counting starts the next day (Civil Code art.201);
 * - working-day periods count Mon–Fri minus holidays plus make-up days (see WorkingCalendar);
 * - calendar-day and month periods: a month period ends on the same day-number of the target month,
 *   or that month's last day if it has none (art.202); if the last day is not a working day the
 *   deadline moves to the next working day (art.203, "法定休假日" → next working day);
 * - suspension (中止; 003_4e9e56e49ac7f018.txt art.23, 001_bc0ff0bc5a500df1.txt art.23 "中止的时间不计入调查时限"):
 *   every running deadline moves later by the calendar days suspended, then the non-working-day rule applies;
 * - extension (003 art.25, 001 art.25): counted from the current due date;
 * - a year whose notice is not loaded counts weekends only and makes the deadline `provisional`.
 *
 * Pure and deterministic: safe inside Temporal workflow code.
 */
import { PeriodInvalidError } from './errors';
import { DayNumber, IsoDate, addMonthsToDayNumber, endOfDayMsOfDayNumber, fromDayNumber, toDayNumber } from './iso-date';
import { WorkingCalendar } from './working-calendar';

// Builtins captured once: a global lookup per call is slow inside vm sandboxes (Temporal workflows, Jest).
const { min } = Math;
const { isSafeInteger } = Number;

export type PeriodUnit = 'working_days' | 'days' | 'months';

export const PERIOD_UNITS: readonly PeriodUnit[] = Object.freeze(['working_days', 'days', 'months'] as PeriodUnit[]);

export interface Period {
  /** Non-negative integer. 0 working days = the trigger day itself; 0 days/months = the trigger day rolled to a working day. */
  amount: number;
  unit: PeriodUnit;
}

export interface Deadline {
  /** Asia/Shanghai due day, 'YYYY-MM-DD'. */
  dueDate: IsoDate;
  /** End of the due day: `${dueDate}T23:59:59+08:00`. */
  dueAt: string;
  /** `dueAt` as epoch milliseconds. */
  dueAtMs: number;
  /** True if the computation touched a year whose holiday notice is not loaded. */
  provisional: boolean;
  /** Those years, ascending; reload them and recompute when their notice is published. */
  provisionalYears: number[];
}

/** Throws `PeriodInvalidError` (code PERIOD_INVALID) unless `p` is `{ amount: non-negative integer, unit }`. */
export function assertValidPeriod(p: Period): void {
  if (p === null || typeof p !== 'object') throw new PeriodInvalidError('period must be an object { amount, unit }', p);
  if (!PERIOD_UNITS.includes(p.unit)) {
    throw new PeriodInvalidError(`period unit must be one of ${PERIOD_UNITS.join(', ')}, got ${JSON.stringify(p.unit)}`, p);
  }
  if (typeof p.amount !== 'number' || !isSafeInteger(p.amount) || p.amount < 0) {
    throw new PeriodInvalidError(`period amount must be a non-negative integer, got ${String(p.amount)}`, p);
  }
}

/** Build a `Deadline` for due day `due`, marking the unknown years among the days in [touchedFrom, due]. */
function deadlineOf(cal: WorkingCalendar, due: DayNumber, touchedFrom: DayNumber): Deadline {
  const dueDate = fromDayNumber(due);
  const provisionalYears = cal.unknownYearsBetweenNum(touchedFrom, due);
  return {
    dueDate,
    dueAt: dueDate + 'T23:59:59+08:00',
    dueAtMs: endOfDayMsOfDayNumber(due),
    provisional: provisionalYears.length > 0,
    provisionalYears,
  };
}

function computeFromDayNumber(cal: WorkingCalendar, from: DayNumber, period: Period): Deadline {
  if (period.unit === 'working_days') {
    // Trigger day not counted: the days consulted are (from, due].
    return deadlineOf(cal, cal.addWorkingDaysNum(from, period.amount), from + 1);
  }
  const raw = period.unit === 'days' ? from + period.amount : addMonthsToDayNumber(from, period.amount);
  const due = cal.nextWorkingDayNumOnOrAfter(raw);
  // Days consulted: (from, due], plus the raw day itself when amount = 0 (raw = from).
  return deadlineOf(cal, due, min(from + 1, raw));
}

/**
 * The deadline of `period` triggered on `from` (the trigger day itself is not counted).
 * Examples with the 2026 notice: 2026-09-28 + 15 working days = 2026-10-23 (国庆 10/1–10/7 skipped,
 * Sat 10/10 counted); 2026-08-31 + 1 month = 2026-09-30; 2026-09-20 + 15 days = 10/05 (holiday) → 2026-10-08.
 */
export function computeDeadline(cal: WorkingCalendar, from: IsoDate, period: Period): Deadline {
  assertValidPeriod(period);
  return computeFromDayNumber(cal, toDayNumber(from), period);
}

/**
 * After a suspension (中止) of `suspendedCalendarDays` calendar days, a running deadline due on
 * `currentDue` moves later by that many calendar days, then to the next working day if needed
 * (RULES.md §3; 003_4e9e56e49ac7f018.txt art.23, 001_bc0ff0bc5a500df1.txt art.23).
 */
export function shiftForSuspension(cal: WorkingCalendar, currentDue: IsoDate, suspendedCalendarDays: number): Deadline {
  if (!isSafeInteger(suspendedCalendarDays) || suspendedCalendarDays < 0) {
    throw new PeriodInvalidError(
      `suspended calendar days must be a non-negative integer, got ${String(suspendedCalendarDays)}`,
      suspendedCalendarDays,
    );
  }
  return computeFromDayNumber(cal, toDayNumber(currentDue), { amount: suspendedCalendarDays, unit: 'days' });
}

/**
 * An extension of `period` counted from the current due date (RULES.md §3 "Extension: counted from the
 * current due date"; 003_4e9e56e49ac7f018.txt art.25, 001_bc0ff0bc5a500df1.txt art.25).
 */
export function extendDeadline(cal: WorkingCalendar, currentDue: IsoDate, period: Period): Deadline {
  return computeDeadline(cal, currentDue, period);
}

/** Working days left: those in (today, due]; 0 on the due day itself and once overdue. */
export function remainingWorkingDays(cal: WorkingCalendar, today: IsoDate, due: IsoDate): number {
  return cal.workingDaysBetween(today, due);
}

/** Working days overdue: those in (due, today]; 0 up to and including the due day. */
export function overdueWorkingDays(cal: WorkingCalendar, today: IsoDate, due: IsoDate): number {
  return cal.workingDaysBetween(due, today);
}

/** Recompute a `Deadline` object for a known due date (e.g. after deserialisation); `provisionalYears` is kept as given. */
export function deadlineFromDueDate(dueDate: IsoDate, provisionalYears: readonly number[] = []): Deadline {
  const dn = toDayNumber(dueDate);
  const years = [...provisionalYears].sort((a, b) => a - b);
  return {
    dueDate,
    dueAt: dueDate + 'T23:59:59+08:00',
    dueAtMs: endOfDayMsOfDayNumber(dn),
    provisional: years.length > 0,
    provisionalYears: years,
  };
}
