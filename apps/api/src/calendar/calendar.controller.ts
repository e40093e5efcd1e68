import { Body, Controller, Get, Param, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { computeDeadline, isValidIsoDate, toDayNumber, type PeriodUnit } from '../../../../libs/domain/src/calendar';
import { DomainError } from '../../../../libs/domain/src/shared';
import { CurrentUser, type Principal } from '../auth/principal';
import { CalendarYearDto, DeadlineQuery, WorkingDaysQuery } from './calendar.dto';
import { CalendarService } from './calendar.service';
import { SystemAdminGuard } from './system-admin.guard';
import { Answers } from '../common/openapi';
import { CalendarLoadResultSchema, CalendarYearViewSchema, DeadlineAnswerSchema, WorkingDaysSchema } from '../../../../libs/contract/src';

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
  @Answers(CalendarLoadResultSchema)
  @UseGuards(SystemAdminGuard)
  @ApiOperation({ summary: "Load a year's holiday notice as a new version (system_admin); open cases recount their deadlines" })
  @ApiParam({ name: 'year', example: 2027, schema: { type: 'integer', minimum: MIN_NOTICE_YEAR, maximum: MAX_NOTICE_YEAR } })
  async loadYear(@CurrentUser() p: Principal, @Param('year') yearParam: string, @Body() dto: CalendarYearDto) {
    if (!/^\d{4}$/.test(yearParam) || +yearParam < MIN_NOTICE_YEAR || +yearParam > MAX_NOTICE_YEAR) {
      throw new DomainError('VALIDATION_FAILED', `year: must be a year from ${MIN_NOTICE_YEAR} to ${MAX_NOTICE_YEAR}`, { field: 'year' });
    }
    return this.calendar.loadYear({ year: +yearParam, holidays: dto.holidays, makeupWorkdays: dto.makeupWorkdays }, `loaded by ${p.username}`);
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
