import { Injectable, Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { validateCalendarYear, WorkingCalendar, type CalendarYear } from '../../../../libs/domain/src/calendar';
import { DomainError } from '../../../../libs/domain/src/shared';
import { calendarLoadedSignal } from '../../../../workflows/definitions';

/** Holiday notices in PostgreSQL (latest version of each year wins), and the snapshot handed to case workflows. */
@Injectable()
export class CalendarService {
  private readonly log = new Logger(CalendarService.name);
  private cache: { years: CalendarYear[]; calendar: WorkingCalendar } | null = null;

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

  async snapshot(): Promise<{ years: CalendarYear[]; calendar: WorkingCalendar }> {
    if (!this.cache) {
      const years = (await this.years()).map(({ year, holidays, makeupWorkdays }) => ({ year, holidays, makeupWorkdays }));
      this.cache = { years, calendar: new WorkingCalendar(years) };
    }
    return this.cache;
  }

  /**
   * Loads (or replaces) one year's notice as a new version, then tells every open case so that deadlines touching
   * that year are recounted (RULES.md §3). Returns the stored version and how many cases were told.
   */
  async loadYear(y: CalendarYear, source: string): Promise<{ year: number; version: number; casesNotified: number }> {
    try {
      validateCalendarYear(y);
    } catch (err) {
      throw new DomainError('VALIDATION_FAILED', (err as Error).message, { field: 'body' });
    }
    const [{ version }]: Array<{ version: number }> = await this.ds.query(
      `INSERT INTO calendar_years (year, version, holidays, makeup_workdays, source)
       VALUES ($1, COALESCE((SELECT max(version) FROM calendar_years WHERE year = $1), 0) + 1, $2, $3, $4)
       RETURNING version`,
      [y.year, JSON.stringify([...y.holidays].sort()), JSON.stringify([...y.makeupWorkdays].sort()), source],
    );
    this.cache = null;
    const open: Array<{ number: string }> = await this.ds.query(
      `SELECT number FROM cases WHERE phase NOT IN ('transferred','terminated') AND (phase <> 'closed' OR next_due_date IS NOT NULL)`,
    );
    let casesNotified = 0;
    for (const c of open) {
      try {
        await this.temporal.workflow.getHandle(c.number).signal(calendarLoadedSignal, { year: y });
        casesNotified += 1;
      } catch (err) {
        this.log.warn({ msg: 'calendar signal not delivered', case: c.number, error: (err as Error).message });
      }
    }
    return { year: y.year, version, casesNotified };
  }
}
