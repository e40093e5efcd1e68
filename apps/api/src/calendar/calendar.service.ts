import { Injectable, Logger, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@libs/config/src';
import { CalendarDataError, validateCalendarYear, WorkingCalendar, type CalendarYear } from '@libs/domain/src/calendar';
import { DomainError } from '@libs/domain/src/shared';
import { CalendarReloadStore, type ReloadProgress } from '@libs/persistence/src/calendar-reloads';
import { calendarReloadWorkflow } from '@workflows/calendar-reload.workflow';
import { AuditService } from '../audit/audit.service';
import {
  calendarStamp,
  insertCalendarYear,
  latestCalendarYear,
  latestCalendarYears,
  lockCalendarYear,
} from '@libs/persistence/src/calendar-years';

export interface LoadYearResult {
  year: number;
  version: number;
  /** The reload job telling every open case and lead of the notice (GET /calendar/reloads/:id follows it). */
  reload: ReloadProgress;
}

type Snapshot = { years: CalendarYear[]; calendar: WorkingCalendar };

/** Holiday notices in PostgreSQL (latest version of each year wins), and the snapshot handed to case workflows. */
@Injectable()
export class CalendarService {
  private readonly log = new Logger(CalendarService.name);
  private cache: (Snapshot & { stamp: string }) | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly temporal: Client,
    private readonly config: ConfigService<{ app: AppConfig }, true>,
    /** Optional: scripts (benchmarks) build the service without the API's audit trail. */
    @Optional() private readonly audit?: AuditService,
  ) {}

  async years(): Promise<Array<CalendarYear & { version: number; source: string; loadedAt: string }>> {
    const rows = await latestCalendarYears(this.ds);
    return rows.map((r) => ({
      year: r.year,
      version: r.version,
      holidays: r.holidays,
      makeupWorkdays: r.makeup_workdays,
      source: r.source,
      loadedAt: r.loaded_at.toISOString(),
    }));
  }

  /**
   * The loaded notices as a calendar. Cached, but the cache is checked against a fingerprint of `calendar_years` on
   * every call: with several API instances, a notice loaded through one instance must reach the others at once (a case
   * opened with a stale calendar would keep provisional deadlines that no signal would ever correct).
   */
  async snapshot(): Promise<Snapshot> {
    const stamp = await calendarStamp(this.ds);
    if (this.cache?.stamp === stamp) return this.cache;
    // Read after the fingerprint: the rows are at least as new as the stamp, so a stale calendar is never cached for long.
    const years = (await this.years()).map(({ year, holidays, makeupWorkdays }) => ({ year, holidays, makeupWorkdays }));
    const snapshot = { years, calendar: new WorkingCalendar(years), stamp };
    this.cache = snapshot;
    return snapshot;
  }

  /**
   * Loads (or replaces) one year's notice as a new version and starts the reload job that tells every open case and
   * lead, so that deadlines touching that year are recounted (RULES.md §3). Nothing is stored when the notice is
   * refused. The notice, the job and its targets (the open cases and leads as of this notice) are written in one
   * transaction, which commits only once the job's workflow has started (as a case registration does); the request
   * answers at once with the job, whose workflow signals in pages at a bounded rate (issue 21, point 2).
   */
  async loadYear(input: CalendarYear, source: string): Promise<LoadYearResult> {
    try {
      validateCalendarYear(input);
    } catch (err) {
      if (err instanceof CalendarDataError) {
        throw new DomainError('CALENDAR_DATA_INVALID', `${err.field}: ${err.message}`, err.details);
      }
      throw err;
    }
    const y: CalendarYear = { year: input.year, holidays: [...input.holidays].sort(), makeupWorkdays: [...input.makeupWorkdays].sort() };
    const app = this.config.get('app', { infer: true });
    const settings = app.calendarReload;
    const reloadId = randomUUID();
    const workflowId = `calendar-reload-${reloadId}`;
    let started = false;
    const { version, before } = await this.ds
      .transaction(async (tx) => {
        // Serialise loads of the same year: two concurrent PUTs would otherwise both compute the same next version.
        await lockCalendarYear(tx, y.year);
        const previous = await latestCalendarYear(tx, y.year);
        const row = { version: await insertCalendarYear(tx, { ...y, source }) };
        await new CalendarReloadStore(tx).create(tx, {
          id: reloadId,
          year: y.year,
          version: row.version,
          workflowId,
          pageSize: settings.pageSize,
          signalsPerSecond: settings.signalsPerSecond,
          requestedBy: source,
        });
        await this.temporal.workflow.start(calendarReloadWorkflow, {
          workflowId,
          taskQueue: app.temporal.taskQueue,
          args: [
            {
              reloadId,
              year: y,
              pageSize: settings.pageSize,
              signalsPerSecond: settings.signalsPerSecond,
              concurrency: settings.concurrency,
              maxAttempts: settings.maxAttempts,
            },
          ],
        });
        started = true;
        const before = previous
          ? { version: previous.version, holidays: previous.holidays, makeupWorkdays: previous.makeup_workdays, source: previous.source }
          : null;
        return { version: row.version, before };
      })
      .catch(async (err: unknown) => {
        // Stored nothing after the job started: end it, so no signal goes out for a notice that is not there.
        if (started)
          await this.temporal.workflow
            .getHandle(workflowId)
            .terminate('calendar load did not commit')
            .catch(() => undefined);
        throw err;
      });
    // The year's notice before and after (RULES.md §7): the version in force and the one that replaces it.
    await this.audit?.change('calendar_year', String(y.year), before, {
      version,
      holidays: y.holidays,
      makeupWorkdays: y.makeupWorkdays,
      source,
    });
    this.cache = null;
    this.log.log({ msg: 'calendar year loaded', year: y.year, version, source, reload: reloadId });
    return { year: y.year, version, reload: (await this.reload(reloadId))! };
  }

  /** A reload job's progress (null: no such job). */
  reload(id: string): Promise<ReloadProgress | null> {
    return new CalendarReloadStore(this.ds).progress(id);
  }
}
