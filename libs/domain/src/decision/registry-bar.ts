/**
 * The registry's bar check (RULES.md §6: "is person X barred from activity Y on date D"), pure.
 *
 * - Each entry is read against its own profile's catalogue: the measure's `bars` (catalogue.ts) say which activities
 *   it bars, so henan measure 7 (reviewer) never answers a question about national measure 7 (awards, titles,
 *   promotion). Measures that bar nothing (circulated criticism 通报批评, the database record, a talk, revocations)
 *   never answer `barred: true`.
 * - `endsOn` is the **last barred day** (inclusive). A period of N years runs from the day the decision takes effect
 *   (001 art.47: 处理期限自处理决定下达之日起计算): that day is barred, the counting starts the next day and ends on the
 *   corresponding day N years later (Civil Code art.201–202, as the deadlines count, RULES.md §3; a 29 February start
 *   ends on 28 February). That day is the last one barred; the day after it is free. [decision] It is not moved to a
 *   working day (art.203 is about acts to be done, a bar is not one).
 * - An entry stops barring when it is revoked, or when its decision is (decision-status.ts). An entry registered by hand
 *   (issue 22 point 2) bars by its own status until a decision of the system takes it over (archive/manual-entry.ts).
 */
import { addCalendarDays, isValidIsoDate, type IsoDate } from '../calendar';
import { CATALOGUES, BARRED_ACTIVITIES, type BarredActivity } from './catalogue';
import { isDecisionInForce } from './decision-status';

export function isBarredActivity(v: unknown): v is BarredActivity {
  return typeof v === 'string' && (BARRED_ACTIVITIES as readonly string[]).includes(v);
}

/** The activities `measure` of `profile` bars; none for an unknown profile or measure. */
export function measureBars(profile: string, measure: string): readonly BarredActivity[] {
  const catalogue = Object.prototype.hasOwnProperty.call(CATALOGUES, profile) ? CATALOGUES[profile] : undefined;
  return catalogue?.measures.find((m) => m.code === measure)?.bars ?? [];
}

/** `startsOn` plus `years` years, clamped to the month's end: the last barred day of an N-year period (see above). */
export function lastBarredDay(startsOn: IsoDate, years: number): IsoDate {
  if (!isValidIsoDate(startsOn)) throw new RangeError(`startsOn must be a date YYYY-MM-DD, got ${startsOn}`);
  if (!Number.isInteger(years) || years < 0) throw new RangeError(`years must be a whole number ≥ 0, got ${years}`);
  const y = Number(startsOn.slice(0, 4)) + years;
  const m = startsOn.slice(5, 7);
  const day = Number(startsOn.slice(8, 10));
  const last = m === '02' && day === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 28 : day;
  return `${String(y).padStart(4, '0')}-${m}-${String(last).padStart(2, '0')}`;
}

export interface RegistryEntryFacts {
  profile: string;
  measure: string;
  startsOn: IsoDate;
  /** Last barred day (inclusive); null with `permanent`, or for a measure without a period. */
  endsOn: IsoDate | null;
  permanent: boolean;
  /** The entry's own status: active, changed (its period changed, 003 art.40), revoked. */
  status: string;
  /** Its decision's status (decision-status.ts); null for an entry registered by hand and not (yet) reconciled with a
   *  decision of the system (issue 22 point 2): its own status decides. */
  decisionStatus: string | null;
}

/** Whether the entry counts at all: neither it nor its decision is revoked (or not yet in force). */
export function entryInForce(e: Pick<RegistryEntryFacts, 'status' | 'decisionStatus'>): boolean {
  return e.status !== 'revoked' && (e.decisionStatus === null || isDecisionInForce(e.decisionStatus));
}

/** The entry bars `activity` on day `on`. */
export function entryBars(e: RegistryEntryFacts, activity: BarredActivity, on: IsoDate): boolean {
  if (!entryInForce(e) || !measureBars(e.profile, e.measure).includes(activity)) return false;
  return e.startsOn <= on && (e.permanent || e.endsOn === null || on <= e.endsOn);
}

export interface ActivityBar {
  activity: BarredActivity;
  barred: boolean;
  /** Last barred day of the uninterrupted bar that covers `on` (entries that follow each other without a free day
   *  are joined); null when not barred, or when the bar has no end (permanent, or no end recorded). */
  until: IsoDate | null;
  permanent: boolean;
}

export interface BarAnswer<E> {
  barred: boolean;
  /** Over the activities asked: the last day of the longest bar, null when not barred or when one has no end. */
  until: IsoDate | null;
  permanent: boolean;
  activities: ActivityBar[];
  /** The entries that bar on `on` (one or more of the activities asked), in the order given. */
  entries: E[];
}

/** The answer for each of `activities` on day `on`, from all of a person's entries. */
export function checkBars<E extends RegistryEntryFacts>(
  entries: readonly E[],
  activities: readonly BarredActivity[],
  on: IsoDate,
): BarAnswer<E> {
  const perActivity: ActivityBar[] = activities.map((activity) => {
    const barring = entries.filter((e) => entryBars(e, activity, on));
    if (barring.length === 0) return { activity, barred: false, until: null, permanent: false };
    const permanent = barring.some((e) => e.permanent);
    if (permanent || barring.some((e) => e.endsOn === null)) return { activity, barred: true, until: null, permanent };
    // Join bars that follow on without a free day (a second entry starting the day after the first one ends).
    let until = barring
      .map((e) => e.endsOn!)
      .sort()
      .at(-1)!;
    const later = entries.filter((e) => entryInForce(e) && measureBars(e.profile, e.measure).includes(activity) && e.startsOn > on);
    for (let grown = true; grown;) {
      grown = false;
      for (const e of later) {
        if (e.startsOn <= addCalendarDays(until, 1)) {
          if (e.permanent || e.endsOn === null) return { activity, barred: true, until: null, permanent: e.permanent };
          if (e.endsOn > until) {
            until = e.endsOn;
            grown = true;
          }
        }
      }
    }
    return { activity, barred: true, until, permanent: false };
  });
  const barredOnes = perActivity.filter((a) => a.barred);
  const indefinite = barredOnes.some((a) => a.until === null);
  return {
    barred: barredOnes.length > 0,
    until:
      barredOnes.length === 0 || indefinite
        ? null
        : barredOnes
            .map((a) => a.until!)
            .sort()
            .at(-1)!,
    permanent: barredOnes.some((a) => a.permanent),
    activities: perActivity,
    entries: entries.filter((e) => activities.some((a) => entryBars(e, a, on))),
  };
}
