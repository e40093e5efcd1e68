/**
 * Working-day calendar and deadline arithmetic (RULES.md §3). Pure, deterministic, dependency-free:
 * importable from Temporal workflow code (use relative imports there; tsconfig paths do not apply).
 */
export { CalendarDataError, DateInvalidError, PeriodInvalidError } from './errors';
export type { CalendarDataReason } from './errors';
export {
  MAX_YEAR,
  MIN_YEAR,
  MS_PER_DAY,
  SHANGHAI_OFFSET_MS,
  addCalendarDays,
  addMonths,
  compareIsoDates,
  daysInMonth,
  dueAtOf,
  fromDayNumber,
  isLeapYear,
  isValidIsoDate,
  isBusinessDate,
  BUSINESS_DATE_PATTERN,
  isoDateOf,
  parseIsoDate,
  toDayNumber,
  weekdayOfDayNumber,
} from './iso-date';
export type { CivilDate, DayNumber, IsoDate } from './iso-date';
export { WorkingCalendar, validateCalendarYear } from './working-calendar';
export type { CalendarYear, WorkingCalendarSnapshot } from './working-calendar';
export {
  PERIOD_UNITS,
  assertValidPeriod,
  computeDeadline,
  deadlineFromDueDate,
  extendDeadline,
  overdueWorkingDays,
  remainingWorkingDays,
  shiftForSuspension,
} from './deadline';
export type { Deadline, Period, PeriodUnit } from './deadline';
export { chineseDaysCalendarYears } from './chinese-days.seed';
export type { ChineseDaysData } from './chinese-days.seed';
