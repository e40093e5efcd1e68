/**
 * A calendar reload job (issue 21, point 2): tells every open case and lead of a newly loaded holiday notice, in pages,
 * at a bounded rate, durably. The API stores the notice and the job's targets (`calendar_reload_targets`) in one
 * transaction and starts this workflow (id `calendar-reload-<job id>`) before committing; the request answers at once
 * with the job, and `GET /api/v1/calendar/reloads/:id` reads its progress from the target rows.
 *
 * Each page is one activity: the next pending targets after a cursor, signalled with `calendarLoaded` (the case and
 * lead workflows recount the deadlines touching the year, project them and notify moved due dates themselves), each
 * outcome recorded on its row. A crash of the worker retries the page (only targets still pending); a restarted job
 * resumes after its cursor. A pass ends when a page comes back empty; targets whose signal failed for a passing reason
 * stay pending and get another pass (at most `maxAttempts` in all), a missing workflow is settled as failed at once.
 */
import { continueAsNew, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { CalendarReloadActivities } from '@activities/calendar-reload-activities.interface';
import type { CalendarYear } from '@libs/domain/src/calendar';

export const CALENDAR_RELOAD_WORKFLOW_TYPE = 'calendarReloadWorkflow';

export interface CalendarReloadInput {
  reloadId: string;
  year: CalendarYear;
  pageSize: number;
  signalsPerSecond: number;
  concurrency: number;
  maxAttempts: number;
}

export interface CalendarReloadCarry {
  after: string | null;
  pass: number;
}

export interface CalendarReloadResult {
  status: 'completed' | 'failed';
  pages: number;
}

const { beginCalendarReload } = proxyActivities<CalendarReloadActivities>({
  startToCloseTimeout: '30 seconds',
  // The API commits the job right after starting this workflow; a job whose transaction rolled back never appears.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 8 },
});

const { signalCalendarReloadPage, pendingCalendarReloadTargets, finishCalendarReload } = proxyActivities<CalendarReloadActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Pause between passes, so a target whose signal failed because Temporal was briefly unavailable gets a fresh try. */
const PASS_PAUSE = '10 seconds';

export async function calendarReloadWorkflow(input: CalendarReloadInput, carry?: CalendarReloadCarry): Promise<CalendarReloadResult> {
  if (!carry) {
    try {
      await beginCalendarReload({ reloadId: input.reloadId });
    } catch {
      // The load that started this job did not commit: there is no job to run (and no row to mark).
      return { status: 'failed', pages: 0 };
    }
  }
  let after = carry?.after ?? null;
  let pass = carry?.pass ?? 1;
  let pages = 0;
  for (;;) {
    const page = await signalCalendarReloadPage({
      reloadId: input.reloadId,
      year: input.year,
      after,
      limit: input.pageSize,
      signalsPerSecond: input.signalsPerSecond,
      concurrency: input.concurrency,
      maxAttempts: input.maxAttempts,
    });
    pages += 1;
    if (page.targets > 0) {
      after = page.last;
    } else {
      // The end of a pass: what is still pending failed for a passing reason and gets another pass.
      const left = await pendingCalendarReloadTargets({ reloadId: input.reloadId });
      if (left === 0 || pass >= input.maxAttempts) break;
      await sleep(PASS_PAUSE);
      pass += 1;
      after = null;
    }
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof calendarReloadWorkflow>(input, { after, pass });
  }
  await finishCalendarReload({ reloadId: input.reloadId });
  return { status: 'completed', pages };
}
