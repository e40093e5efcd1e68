import { Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { CalendarReloadStore } from '@libs/persistence/src/calendar-reloads';
import { calendarLoadedSignal } from '@workflows/definitions';
import type { CalendarReloadActivities, ReloadPageInput, ReloadPageResult } from './calendar-reload-activities.interface';

/** Targets marked signalled in batches of this many while a page runs. */
const PROGRESS_EVERY = 50;

/** How long one signal may take before it counts as a failed attempt. */
const SIGNAL_TIMEOUT_MS = 10_000;

/**
 * The side of a calendar reload job that talks to PostgreSQL and Temporal (issue 21, point 2): one page of targets
 * signalled at a bounded rate with a bounded number in flight, each outcome recorded on its target row. Idempotent: a
 * retried page reads only targets still pending, and a second `calendarLoaded` signal with the same notice moves no
 * due date (the workflow recounts to the same dates and records nothing), so a signal delivered twice after a crash
 * between delivery and recording neither moves a deadline twice nor sends a notice twice.
 */
@Injectable()
export class CalendarReloadActivitiesService implements CalendarReloadActivities {
  private readonly store: CalendarReloadStore;

  constructor(ds: DataSource) {
    this.store = new CalendarReloadStore(ds);
  }

  async beginCalendarReload({ reloadId }: { reloadId: string }): Promise<void> {
    if (!(await this.store.exists(reloadId))) throw new Error(`calendar reload ${reloadId} is not committed (yet)`);
  }

  async pendingCalendarReloadTargets({ reloadId }: { reloadId: string }): Promise<number> {
    const p = await this.store.progress(reloadId, 0);
    return p?.pending ?? 0;
  }

  async finishCalendarReload({ reloadId, error }: { reloadId: string; error?: string }): Promise<void> {
    await this.store.finish(reloadId, error);
  }

  async signalCalendarReloadPage(input: ReloadPageInput): Promise<ReloadPageResult> {
    const ctx = Context.current();
    const targets = await this.store.pendingPage(input.reloadId, input.after, input.limit);
    const attempts = await this.attemptsOf(
      input.reloadId,
      targets.map((t) => t.workflowId),
    );
    const signalled: string[] = [];
    const failures: Array<{ workflowId: string; error: string; final: boolean }> = [];
    const started = Date.now();
    const interval = 1000 / input.signalsPerSecond;
    let next = 0;
    const lane = async (): Promise<void> => {
      for (;;) {
        const i = next++;
        if (i >= targets.length) return;
        // The i-th signal of the page starts no earlier than i / rate seconds after the page started.
        const wait = started + i * interval - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const t = targets[i]!;
        try {
          await ctx.client.withDeadline(Date.now() + SIGNAL_TIMEOUT_MS, () =>
            ctx.client.workflow.getHandle(t.workflowId).signal(calendarLoadedSignal, { year: input.year }),
          );
          signalled.push(t.workflowId);
        } catch (err) {
          // A workflow that has ended (a case closed meanwhile, or terminated) will never take it: settled at once.
          const gone = err instanceof WorkflowNotFoundError;
          const final = gone || (attempts.get(t.workflowId) ?? 0) + 1 >= input.maxAttempts;
          failures.push({
            workflowId: t.workflowId,
            error: gone ? `workflow not running: ${(err as Error).message}` : String((err as Error).message ?? err),
            final,
          });
        }
        if (i % 20 === 0) ctx.heartbeat({ done: i });
        // Progress shows while the page runs, not only at its end (a page of 500 can take tens of seconds under load).
        if (signalled.length - recorded >= PROGRESS_EVERY) await record();
      }
    };
    let recorded = 0;
    let recording: Promise<void> = Promise.resolve();
    const record = (): Promise<void> => {
      const batch = signalled.slice(recorded);
      recorded = signalled.length;
      recording = recording.then(() => this.store.markSignalled(input.reloadId, batch));
      return recording;
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(input.concurrency, targets.length)) }, lane));
    await record();
    await this.store.markFailed(input.reloadId, failures);
    return {
      targets: targets.length,
      signalled: signalled.length,
      failed: failures.filter((f) => f.final).length,
      retry: failures.filter((f) => !f.final).length,
      last: targets.at(-1)?.workflowId ?? null,
    };
  }

  private async attemptsOf(reloadId: string, workflowIds: string[]): Promise<Map<string, number>> {
    return this.store.attempts(reloadId, workflowIds);
  }
}
