import { addCalendarDays, addMonths, toDayNumber, weekdayOfDayNumber, type IsoDate } from '@libs/domain/src/calendar';

/**
 * Overdue deadlines over time (issue 8), derived from the timestamps each deadline row keeps (migration
 * 1764600000000-SupervisionHistory): `overdue_since` (its due instant, once the workflow had it overdue) and
 * `resolved_at` (when it was met or closed), plus the earlier spans of deadlines that an extension, a resume or a
 * calendar reload moved later (`case_deadline_overdue_spans`, migration 1765000000000: a past day's count never
 * changes afterwards). No snapshot table, no scheduled scan. The service reads them summed by
 * day in the counters (`overdueSpansSql` (libs/persistence/src/supervision.ts)); `overdueTrendSql` reads the rows themselves (the reference).
 *
 * Counting rule: a deadline counts as overdue on day D iff its due instant lies before the end of D (00:00 of D+1,
 * Asia/Shanghai) and it was not met or closed by then. For the current day the instant is "now" instead of the end of
 * the day (whether a deadline due today will be met by midnight is not known yet), which makes the last point equal
 * to the overdue list's total. A week or month point is the count at the end of its last day within [from, to].
 */

export const TREND_GRANULARITIES = ['day', 'week', 'month'] as const;
export type TrendGranularity = (typeof TREND_GRANULARITIES)[number];
/** Most points one request returns (a year and a day of days). */
export const MAX_TREND_POINTS = 366;
/** Points returned when `from` is left out. */
export const DEFAULT_TREND_POINTS: Record<TrendGranularity, number> = { day: 30, week: 12, month: 12 };

export interface TrendBucket {
  /** day: YYYY-MM-DD; week: YYYY-MM-DD of its Monday; month: YYYY-MM */
  label: string;
  /** first and last day of the bucket within [from, to] */
  start: IsoDate;
  end: IsoDate;
}

const SHANGHAI_MIDNIGHT = 'T00:00:00+08:00';

/** 00:00 Asia/Shanghai of the day after `d`, epoch ms. */
export function endOfDayMs(d: IsoDate): number {
  return Date.parse(addCalendarDays(d, 1) + SHANGHAI_MIDNIGHT);
}

/** Monday of the ISO week of `d`. */
export function mondayOf(d: IsoDate): IsoDate {
  return addCalendarDays(d, -((weekdayOfDayNumber(toDayNumber(d)) + 6) % 7));
}

function bucketStart(d: IsoDate, g: TrendGranularity): IsoDate {
  if (g === 'day') return d;
  if (g === 'week') return mondayOf(d);
  return `${d.slice(0, 7)}-01`;
}

function nextBucketStart(start: IsoDate, g: TrendGranularity): IsoDate {
  if (g === 'day') return addCalendarDays(start, 1);
  if (g === 'week') return addCalendarDays(start, 7);
  return addMonths(start, 1);
}

/** Buckets covering [from, to], oldest first, the first and last clipped to the range. */
export function trendBuckets(from: IsoDate, to: IsoDate, g: TrendGranularity): TrendBucket[] {
  const out: TrendBucket[] = [];
  for (let s = bucketStart(from, g); s <= to; s = nextBucketStart(s, g)) {
    const last = addCalendarDays(nextBucketStart(s, g), -1);
    out.push({ label: g === 'month' ? s.slice(0, 7) : s, start: s < from ? from : s, end: last > to ? to : last });
  }
  return out;
}

/** How many buckets [from, to] spans, without building them (to refuse a too long range cheaply). */
export function trendBucketCount(from: IsoDate, to: IsoDate, g: TrendGranularity): number {
  if (g === 'day') return toDayNumber(to) - toDayNumber(from) + 1;
  if (g === 'week') return (toDayNumber(mondayOf(to)) - toDayNumber(mondayOf(from))) / 7 + 1;
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
}

/** The `from` giving `n` buckets ending with the bucket of `to`. */
export function defaultTrendFrom(to: IsoDate, g: TrendGranularity, n = DEFAULT_TREND_POINTS[g]): IsoDate {
  if (g === 'day') return addCalendarDays(to, -(n - 1));
  if (g === 'week') return addCalendarDays(mondayOf(to), -7 * (n - 1));
  return addMonths(`${to.slice(0, 7)}-01`, -(n - 1));
}

/** The count at the end of each bucket's last day, from `overdueSpansSql` (libs/persistence/src/supervision.ts)'s rows. */
export function countsFromSpans(rows: Array<{ metric: string; day: string; n: number }>, buckets: TrendBucket[]): number[] {
  const sorted = [...rows].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const out: number[] = [];
  let running = 0;
  let j = 0;
  for (const b of buckets) {
    for (; j < sorted.length && sorted[j]!.day <= b.end; j++) running += sorted[j]!.metric === 'od_since' ? sorted[j]!.n : -sorted[j]!.n;
    out.push(running);
  }
  return out;
}

/** Running sums of the deltas: the count at each of `n` cuts. */
export function countsFromDeltas(rows: Array<{ i: number; delta: number }>, n: number): number[] {
  const deltas = new Array<number>(n + 2).fill(0);
  for (const r of rows) deltas[r.i] = (deltas[r.i] ?? 0) + r.delta;
  const out: number[] = [];
  let running = 0;
  for (let i = 1; i <= n; i++) {
    running += deltas[i]!;
    out.push(running);
  }
  return out;
}
