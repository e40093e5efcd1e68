/**
 * Plain-arithmetic civil dates. A date is handled internally as a *day number*: days since
 * 1970-01-01 (day 0), proleptic Gregorian. No `Date` object, no `Intl`, no clock: every function
 * is deterministic, so the module is safe inside Temporal workflow code.
 *
 * All case dates are Asia/Shanghai civil dates (RULES.md §3 "Counting rules"). Asia/Shanghai is
 * UTC+8 all year (no DST since 1991), so converting to and from epoch milliseconds is a fixed offset.
 */
import { DateInvalidError } from './errors';

// Builtins captured once: a global lookup per call is slow inside vm sandboxes (Temporal workflows, Jest).
const { floor, min } = Math;
const { isSafeInteger, isNaN: numberIsNaN, isFinite: numberIsFinite } = Number;

/** A civil date in Asia/Shanghai, 'YYYY-MM-DD'. */
export type IsoDate = string;

/** Days since 1970-01-01. */
export type DayNumber = number;

export interface CivilDate {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

export const MS_PER_DAY = 86_400_000;
/** Asia/Shanghai offset from UTC (UTC+8, no DST). */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

/** Day number of a civil date (H. Hinnant's days_from_civil). Arguments are not validated. */
export function dayNumberFromCivil(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = floor(y / 400);
  const yoe = y - era * 400;
  const doy = floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Civil date of a day number (H. Hinnant's civil_from_days). */
export function civilFromDayNumber(dn: DayNumber): CivilDate {
  const z = dn + 719_468;
  const era = floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = floor((doe - floor(doe / 1460) + floor(doe / 36_524) - floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100));
  const mp = floor((5 * doy + 2) / 153);
  const day = doy - floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Calendar year of a day number. */
export function yearOfDayNumber(dn: DayNumber): number {
  return civilFromDayNumber(dn).year;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(dn: DayNumber): number {
  return (((dn + 4) % 7) + 7) % 7;
}

export function isWeekendDayNumber(dn: DayNumber): boolean {
  const w = weekdayOfDayNumber(dn);
  return w === 0 || w === 6;
}

export const MIN_DAY_NUMBER = dayNumberFromCivil(MIN_YEAR, 1, 1);
export const MAX_DAY_NUMBER = dayNumberFromCivil(MAX_YEAR, 12, 31);

/** Digit value of s[i], or -1. */
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/**
 * Day number of a strict 'YYYY-MM-DD' string, or NaN. Hand-written scanner (no RegExp, no allocation):
 * date parsing is the hottest step of a deadline computation.
 */
function scanIsoDate(s: unknown): DayNumber {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const y0 = digit(s, 0), y1 = digit(s, 1), y2 = digit(s, 2), y3 = digit(s, 3); // prettier-ignore
  const m0 = digit(s, 5), m1 = digit(s, 6), d0 = digit(s, 8), d1 = digit(s, 9); // prettier-ignore
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return NaN;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  return dayNumberFromCivil(year, month, day);
}

/** True if `s` is a real civil date written 'YYYY-MM-DD' (year 0001–9999). */
export function isValidIsoDate(s: unknown): s is IsoDate {
  return !numberIsNaN(scanIsoDate(s));
}

/** [decision] Business dates (what a request, an import or a form names) are real calendar days of 1900–2099. */
export const BUSINESS_DATE_PATTERN = '^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';
const BUSINESS_DATE_RE = new RegExp(BUSINESS_DATE_PATTERN);

/**
 * The one date rule of the API and the importers: 'YYYY-MM-DD', a real calendar day, 1900–2099 ('2026-02-30',
 * '9999-99-99' and '0000-01-01' are not). Contract bodies use it through `IsoDate`, DTOs through `DateField`/`DateListField` (apps/api/src/common/fields.ts).
 */
export function isBusinessDate(s: unknown): s is IsoDate {
  return typeof s === 'string' && BUSINESS_DATE_RE.test(s) && isValidIsoDate(s);
}

/** Parse 'YYYY-MM-DD'; throws `DateInvalidError` (code DATE_INVALID) for anything else, e.g. '2026-02-30'. */
export function parseIsoDate(s: IsoDate): CivilDate {
  if (!isValidIsoDate(s)) throw new DateInvalidError(`not a valid 'YYYY-MM-DD' date: ${JSON.stringify(s)}`, s);
  return { year: +s.slice(0, 4), month: +s.slice(5, 7), day: +s.slice(8, 10) };
}

/** 'YYYY-MM-DD' → day number; throws `DateInvalidError`. */
export function toDayNumber(s: IsoDate): DayNumber {
  const dn = scanIsoDate(s);
  if (numberIsNaN(dn)) throw new DateInvalidError(`not a valid 'YYYY-MM-DD' date: ${JSON.stringify(s)}`, s);
  return dn;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : '' + n;
}

function pad4(n: number): string {
  return n >= 1000 ? '' + n : n >= 100 ? '0' + n : n >= 10 ? '00' + n : '000' + n;
}

export function formatCivil(year: number, month: number, day: number): IsoDate {
  return pad4(year) + '-' + pad2(month) + '-' + pad2(day);
}

/** Day number → 'YYYY-MM-DD'; throws `DateInvalidError` outside years 0001–9999. */
export function fromDayNumber(dn: DayNumber): IsoDate {
  assertDayNumberInRange(dn);
  const c = civilFromDayNumber(dn);
  return formatCivil(c.year, c.month, c.day);
}

export function assertDayNumberInRange(dn: DayNumber): void {
  if (!isSafeInteger(dn) || dn < MIN_DAY_NUMBER || dn > MAX_DAY_NUMBER) {
    throw new DateInvalidError(`date outside years ${MIN_YEAR}–${MAX_YEAR} (day number ${dn})`, dn);
  }
}

function assertInteger(n: number, what: string): void {
  if (!isSafeInteger(n)) throw new DateInvalidError(`${what} must be an integer, got ${n}`, n);
}

/** `d` plus `n` calendar days (n may be negative). */
export function addCalendarDays(d: IsoDate, n: number): IsoDate {
  assertInteger(n, 'day count');
  return fromDayNumber(toDayNumber(d) + n);
}

/**
 * Day number of `dn` plus `n` months: the same day-number of the target month, or that month's last
 * day if it has none (Civil Code art.202; RULES.md §3 Counting rules): 31 Aug + 1 month = 30 Sep.
 */
export function addMonthsToDayNumber(dn: DayNumber, n: number): DayNumber {
  assertInteger(n, 'month count');
  const c = civilFromDayNumber(dn);
  const total = c.year * 12 + (c.month - 1) + n;
  const year = floor(total / 12);
  const month = total - year * 12 + 1;
  if (year < MIN_YEAR || year > MAX_YEAR) throw new DateInvalidError(`date outside years ${MIN_YEAR}–${MAX_YEAR}`, year);
  return dayNumberFromCivil(year, month, min(c.day, daysInMonth(year, month)));
}

/** `d` plus `n` months, see `addMonthsToDayNumber`. */
export function addMonths(d: IsoDate, n: number): IsoDate {
  return fromDayNumber(addMonthsToDayNumber(toDayNumber(d), n));
}

/** The Asia/Shanghai civil date of an instant (epoch milliseconds). */
export function isoDateOf(epochMs: number): IsoDate {
  if (!numberIsFinite(epochMs)) throw new DateInvalidError(`not a finite epoch millisecond value: ${epochMs}`, epochMs);
  return fromDayNumber(floor((epochMs + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
}

/** Epoch ms of 23:59:59 Asia/Shanghai on day `dn` (= Date.UTC(y, m-1, d, 23, 59, 59) - 8 h). */
export function endOfDayMsOfDayNumber(dn: DayNumber): number {
  return dn * MS_PER_DAY + (MS_PER_DAY - 1000) - SHANGHAI_OFFSET_MS;
}

/** The deadline instant of a due day: its end, 23:59:59 Asia/Shanghai (RULES.md §3 Counting rules). */
export function dueAtOf(d: IsoDate): { dueAt: string; dueAtMs: number } {
  const dn = toDayNumber(d);
  return { dueAt: d + 'T23:59:59+08:00', dueAtMs: endOfDayMsOfDayNumber(dn) };
}

/** Compare two ISO dates: negative / 0 / positive (string order equals date order for valid ISO dates). */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  const x = toDayNumber(a);
  const y = toDayNumber(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
