import { Injectable, Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { LeadStore } from '../../../../libs/persistence/src/leads';
import { DataSource } from 'typeorm';
import { CalendarDataError, validateCalendarYear, WorkingCalendar, type CalendarYear } from '../../../../libs/domain/src/calendar';
import { DomainError } from '../../../../libs/domain/src/shared';
import { calendarLoadedSignal } from '../../../../workflows/definitions';

/** How long one signal may take before that case counts as not notified (the request must not hang on one case). */
const SIGNAL_TIMEOUT_MS = 10_000;

export interface LoadYearResult {
  year: number;
  version: number;
  /** Open cases whose workflow received the new notice. */
  casesNotified: number;
  /** Open cases the notice could not be delivered to (logged with the case number); their deadlines stay as they were. */
  casesNotNotified: number;
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
  ) {}

  async years(): Promise<Array<CalendarYear & { version: number; source: string; loadedAt: string }>> {
    const rows: Array<{ year: number; version: number; holidays: string[]; makeup_workdays: string[]; source: string; loaded_at: Date }> =
      await this.ds.query(
        `SELECT DISTINCT ON (year) year, version, holidays, makeup_workdays, source, loaded_at
           FROM calendar_years ORDER BY year, version DESC`,
      );
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
    const [{ stamp }]: Array<{ stamp: string }> = await this.ds.query(
      `SELECT count(*) || '/' || coalesce(sum(version), 0) || '/' || coalesce(max(loaded_at)::text, '') AS stamp FROM calendar_years`,
    );
    if (this.cache?.stamp === stamp) return this.cache;
    // Read after the fingerprint: the rows are at least as new as the stamp, so a stale calendar is never cached for long.
    const years = (await this.years()).map(({ year, holidays, makeupWorkdays }) => ({ year, holidays, makeupWorkdays }));
    const snapshot = { years, calendar: new WorkingCalendar(years), stamp };
    this.cache = snapshot;
    return snapshot;
  }

  /**
   * Loads (or replaces) one year's notice as a new version, then tells every open case so that deadlines touching
   * that year are recounted (RULES.md §3). Nothing is stored when the notice is refused. Returns the stored version
   * and how many cases were (and were not) told; a case that cannot be signalled never fails the request.
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
    const version = await this.ds.transaction(async (tx) => {
      // Serialise loads of the same year: two concurrent PUTs would otherwise both compute the same next version.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('calendar_years'), $1)`, [y.year]);
      const [row]: Array<{ version: number }> = await tx.query(
        `INSERT INTO calendar_years (year, version, holidays, makeup_workdays, source)
         VALUES ($1, COALESCE((SELECT max(version) FROM calendar_years WHERE year = $1), 0) + 1, $2, $3, $4)
         RETURNING version`,
        [y.year, JSON.stringify(y.holidays), JSON.stringify(y.makeupWorkdays), source],
      );
      return row.version;
    });
    this.cache = null;
    this.log.log({ msg: 'calendar year loaded', year: y.year, version, source });
    const cases = await this.notifyOpenCases(y);
    await this.notifyOpenLeads(y);
    return { year: y.year, version, ...cases };
  }

  /** Leads waiting for triage recount their triage deadline too (issue 22); failures are logged, never fail the load. */
  private async notifyOpenLeads(y: CalendarYear): Promise<void> {
    let open: string[];
    try {
      open = await new LeadStore(this.ds).openWorkflowIds();
    } catch (err) {
      this.log.error({ msg: 'calendar loaded but open leads could not be listed', year: y.year, error: (err as Error).message });
      return;
    }
    for (const workflowId of open) {
      try {
        await this.temporal.withDeadline(Date.now() + SIGNAL_TIMEOUT_MS, () => this.temporal.workflow.getHandle(workflowId).signal(calendarLoadedSignal, { year: y }));
      } catch (err) {
        this.log.warn({ msg: 'calendar signal not delivered to lead', lead: workflowId, year: y.year, error: (err as Error).message });
      }
    }
  }

  /**
   * Signals every open case, one by one; the workflow recounts the deadlines that touch the year and records a
   * `deadline_recomputed` event for each due date that moved. A case whose signal fails (workflow gone, Temporal
   * unavailable, timeout) is logged and counted, and the loop goes on.
   *
   * Sequential signalling is fine for the few thousand open cases an office system holds (one short gRPC call each).
   * For very large numbers of open cases the next step is a Temporal batch operation (StartBatchOperation with a
   * signal, selected by a visibility query on the case search attributes) or a child/"fan-out" workflow that signals
   * in pages, so that the HTTP request returns at once and delivery is retried durably.
   *
   * Known gap: a case opened on another API instance while this load commits may have read the previous calendar
   * and not be in the list below yet; it keeps provisional deadlines until the next load of that year.
   */
  private async notifyOpenCases(y: CalendarYear): Promise<{ casesNotified: number; casesNotNotified: number }> {
    let open: Array<{ number: string }>;
    try {
      // A case received after the year ends has no deadline that touches it.
      open = await this.ds.query(
        `SELECT number FROM cases
          WHERE phase NOT IN ('transferred', 'terminated', 'merged') AND (phase <> 'closed' OR next_due_date IS NOT NULL)
            AND received_at <= make_date($1, 12, 31)
          ORDER BY number`,
        [y.year],
      );
    } catch (err) {
      this.log.error({ msg: 'calendar loaded but open cases could not be listed; no case was notified', year: y.year, error: (err as Error).message });
      return { casesNotified: 0, casesNotNotified: 0 };
    }
    let casesNotified = 0;
    let casesNotNotified = 0;
    for (const c of open) {
      try {
        await this.temporal.withDeadline(Date.now() + SIGNAL_TIMEOUT_MS, () =>
          this.temporal.workflow.getHandle(c.number).signal(calendarLoadedSignal, { year: y }),
        );
        casesNotified += 1;
      } catch (err) {
        casesNotNotified += 1;
        this.log.warn({ msg: 'calendar signal not delivered', case: c.number, year: y.year, error: (err as Error).message });
      }
    }
    return { casesNotified, casesNotNotified };
  }
}
