/**
 * Domain errors of the calendar library. Each is a `DomainError` (libs/domain/src/shared) with a stable
 * machine-readable `code` and `details`, so the HTTP edge and Temporal workflow code can map them
 * without parsing messages.
 *
 * Pure module: no I/O, no Node built-ins, no framework imports (safe inside Temporal workflows).
 */
import { DomainError } from '../shared/domain-error';

/** Why a `CalendarYear` (one State Council holiday notice) was refused. */
export type CalendarDataReason =
  | 'YEAR_INVALID' // year is not an integer in 1..9999
  | 'NOT_AN_ARRAY' // holidays / makeupWorkdays is not an array
  | 'MALFORMED_DATE' // not a real 'YYYY-MM-DD' date
  | 'WRONG_YEAR' // date does not belong to the notice's year
  | 'DUPLICATE_DATE' // same date listed twice in one list
  | 'HOLIDAY_AND_MAKEUP' // date is both a holiday and a make-up working day
  | 'MAKEUP_NOT_WEEKEND' // a make-up working day (调休上班) on Mon–Fri: would change nothing, so the data is suspect
  | 'DUPLICATE_YEAR' // two notices for the same year given to one calendar
  | 'SNAPSHOT_INVALID'; // not a snapshot produced by WorkingCalendar.toSnapshot

/** Code CALENDAR_DATA_INVALID; `reason` and `field` (e.g. `makeupWorkdays[1]`) say what is wrong. */
export class CalendarDataError extends DomainError {
  declare readonly code: 'CALENDAR_DATA_INVALID';
  readonly reason: CalendarDataReason;
  readonly field: string;
  readonly year?: number;
  readonly value?: unknown;

  constructor(reason: CalendarDataReason, field: string, message: string, year?: number, value?: unknown) {
    super('CALENDAR_DATA_INVALID', message, {
      reason,
      field,
      ...(year !== undefined ? { year } : {}),
      ...(value !== undefined ? { value } : {}),
    });
    this.name = 'CalendarDataError';
    this.reason = reason;
    this.field = field;
    this.year = year;
    this.value = value;
  }
}

/** Code PERIOD_INVALID: a period (amount/unit) or day count that is negative, non-integer or of an unknown unit. */
export class PeriodInvalidError extends DomainError {
  declare readonly code: 'PERIOD_INVALID';
  constructor(
    message: string,
    readonly value?: unknown,
  ) {
    super('PERIOD_INVALID', message, value !== undefined ? { value } : {});
    this.name = 'PeriodInvalidError';
  }
}

/** Code DATE_INVALID: a date argument that is not a real 'YYYY-MM-DD' date, or a result outside years 0001–9999. */
export class DateInvalidError extends DomainError {
  declare readonly code: 'DATE_INVALID';
  constructor(
    message: string,
    readonly value?: unknown,
  ) {
    super('DATE_INVALID', message, value !== undefined ? { value } : {});
    this.name = 'DateInvalidError';
  }
}
