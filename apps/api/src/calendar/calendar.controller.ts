import { Body, Controller, Get, Header, HttpCode, Param, Put, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { computeDeadline, isValidIsoDate, toDayNumber, type PeriodUnit } from '@libs/domain/src/calendar';
import { DomainError } from '@libs/domain/src/shared';
import { CurrentUser, type Principal } from '../auth/principal';
import { CalendarYearDto, DeadlineQuery, WorkingDaysQuery } from './calendar.dto';
import { CalendarService } from './calendar.service';
import { SystemAdminGuard } from './system-admin.guard';
import { Answers, Refuses } from '../common/openapi';
import {
  CalendarLoadResultSchema,
  CalendarReloadSchema,
  CalendarYearViewSchema,
  DeadlineAnswerSchema,
  WorkingDaysSchema,
} from '@libs/contract/src';

const MAX_RANGE_DAYS = 3660;
const MIN_NOTICE_YEAR = 2000;
const MAX_NOTICE_YEAR = 2100;

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('deadline')
  @Answers(DeadlineAnswerSchema)
  @ApiOperation({ summary: 'Due day of a period from a trigger day (RULES.md §3 counting rules)' })
  async deadline(@Query() q: DeadlineQuery) {
    date('from', q.from);
    const { calendar } = await this.calendar.snapshot();
    let d;
    try {
      d = computeDeadline(calendar, q.from, { amount: Number(q.amount), unit: q.unit as PeriodUnit });
    } catch (err) {
      // The only way left to fail: the due day would fall outside years 0001–9999.
      if (err instanceof DomainError && err.code === 'DATE_INVALID') {
        throw new DomainError('VALIDATION_FAILED', 'amount: the due date would fall outside years 0001–9999', { field: 'amount' });
      }
      throw err;
    }
    return { dueDate: d.dueDate, dueAt: d.dueAt, provisional: d.provisional };
  }

  @Get('working-days')
  @Answers(WorkingDaysSchema)
  @ApiOperation({ summary: 'Working days in [from, to], both included' })
  async workingDays(@Query() q: WorkingDaysQuery) {
    date('from', q.from);
    date('to', q.to);
    if (q.to < q.from) throw new DomainError('VALIDATION_FAILED', 'to: must not be before from', { field: 'to' });
    if (toDayNumber(q.to) - toDayNumber(q.from) > MAX_RANGE_DAYS) {
      throw new DomainError('VALIDATION_FAILED', `to: the range may span at most ${MAX_RANGE_DAYS} days`, { field: 'to' });
    }
    const { calendar } = await this.calendar.snapshot();
    const days = calendar.listWorkingDays(q.from, q.to);
    const provisionalYears = yearsBetween(q.from, q.to).filter((y) => !calendar.hasYear(y));
    return { from: q.from, to: q.to, count: days.length, days, provisional: provisionalYears.length > 0, provisionalYears };
  }

  @Get('years')
  @Answers([CalendarYearViewSchema])
  @ApiOperation({ summary: 'Loaded holiday notices, latest version of each year' })
  async years() {
    return this.calendar.years();
  }

  @Put('years/:year')
  @Answers(CalendarLoadResultSchema, {
    status: 202,
    description: 'stored; the reload job runs',
    headers: { Location: { description: 'the reload job: /api/v1/calendar/reloads/{id}', schema: { type: 'string' } } },
  })
  @UseGuards(SystemAdminGuard)
  @HttpCode(202)
  @ApiOperation({
    summary: "Load a year's holiday notice as a new version (system_admin); a reload job tells every open case and lead",
    description:
      'Answers at once (202) with the stored version and the reload job; the job signals open cases and leads in pages at a ' +
      'bounded rate (CALENDAR_RELOAD_*), and each recounts the deadlines touching the year, projects them and notifies ' +
      'moved due dates. Follow it at `Location` (GET /calendar/reloads/{id}).',
  })
  @ApiParam({ name: 'year', example: 2027, schema: { type: 'integer', minimum: MIN_NOTICE_YEAR, maximum: MAX_NOTICE_YEAR } })
  async loadYear(
    @CurrentUser() p: Principal,
    @Param('year') yearParam: string,
    @Body() dto: CalendarYearDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!/^\d{4}$/.test(yearParam) || +yearParam < MIN_NOTICE_YEAR || +yearParam > MAX_NOTICE_YEAR) {
      throw new DomainError('VALIDATION_FAILED', `year: must be a year from ${MIN_NOTICE_YEAR} to ${MAX_NOTICE_YEAR}`, { field: 'year' });
    }
    const loaded = await this.calendar.loadYear(
      { year: +yearParam, holidays: dto.holidays, makeupWorkdays: dto.makeupWorkdays },
      `loaded by ${p.username}`,
    );
    res.setHeader('Location', `/api/v1/calendar/reloads/${loaded.reload.id}`);
    return loaded;
  }

  @Get('reloads/:id')
  @Answers(CalendarReloadSchema)
  @Refuses(404)
  @UseGuards(SystemAdminGuard)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'A calendar reload job (system_admin): progress (signalled, failed, pending of total) and the failures' })
  @ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } })
  async reload(@Param('id') id: string) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
      throw new DomainError('VALIDATION_FAILED', 'id: must be a reload job id (UUID)', { field: 'id' });
    }
    const job = await this.calendar.reload(id);
    if (!job) throw new DomainError('NOT_FOUND', `no calendar reload ${id}`);
    return job;
  }
}

function date(field: string, v: string): void {
  if (!isValidIsoDate(v)) throw new DomainError('VALIDATION_FAILED', `${field}: not a calendar date`, { field });
}

function yearsBetween(from: string, to: string): number[] {
  const out: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) out.push(y);
  return out;
}
