/**
 * The calendar reload activities as the reload workflow sees them (issue 21, point 2). Pure types only.
 */
import type { CalendarYear } from '@libs/domain/src/calendar';

export interface ReloadPageInput {
  reloadId: string;
  year: CalendarYear;
  /** The page starts after this workflow id (null: from the first pending target). */
  after: string | null;
  limit: number;
  /** Signals per second at most, across the page (the fan-out's rate limit). */
  signalsPerSecond: number;
  /** Signals in flight at once. */
  concurrency: number;
  /** Attempts after which a target whose signal keeps failing (not a missing workflow) is settled as failed. */
  maxAttempts: number;
}

export interface ReloadPageResult {
  /** Pending targets the page held (0: the end of a pass). */
  targets: number;
  signalled: number;
  /** Settled as failed in this page. */
  failed: number;
  /** Failed this time but left pending for another pass (e.g. Temporal briefly unavailable). */
  retry: number;
  /** The page's last workflow id, where the next page starts. */
  last: string | null;
}

export interface CalendarReloadActivities {
  /** Waits (by failing, retried) until the job's row is committed; the API starts the workflow inside that transaction. */
  beginCalendarReload(input: { reloadId: string }): Promise<void>;
  signalCalendarReloadPage(input: ReloadPageInput): Promise<ReloadPageResult>;
  /** Pending targets left after a pass (targets whose signal failed for a passing reason). */
  pendingCalendarReloadTargets(input: { reloadId: string }): Promise<number>;
  finishCalendarReload(input: { reloadId: string; error?: string }): Promise<void>;
}
