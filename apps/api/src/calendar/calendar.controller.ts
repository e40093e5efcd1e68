import { Body, Controller, Get, Param, ParseIntPipe, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { computeDeadline, isValidIsoDate, type PeriodUnit } from '../../../../libs/domain/src/calendar';
import { DomainError } from '../../../../libs/domain/src/shared';
import { CurrentUser, type Principal } from '../auth/principal';
import { CalendarYearDto, DeadlineQuery, WorkingDaysQuery } from './calendar.dto';
import { CalendarService } from './calendar.service';

const MAX_RANGE_DAYS = 3660;

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('deadline')
  async deadline(@Query() q: DeadlineQuery) {
    date('from', q.from);
    const { calendar } = await this.calendar.snapshot();
    const d = computeDeadline(calendar, q.from, { amount: Number(q.amount), unit: q.unit as PeriodUnit });
    return { dueDate: d.dueDate, dueAt: d.dueAt, provisional: d.provisional };
  }

  @Get('working-days')
  async workingDays(@Query() q: WorkingDaysQuery) {
    date('from', q.from);
    date('to', q.to);
    if (q.to < q.from) throw new DomainError('VALIDATION_FAILED', 'to: must not be before from', { field: 'to' });
    if ((Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 > MAX_RANGE_DAYS) {
      throw new DomainError('VALIDATION_FAILED', `to: the range may span at most ${MAX_RANGE_DAYS} days`, { field: 'to' });
    }
    const { calendar } = await this.calendar.snapshot();
    const days = calendar.listWorkingDays(q.from, q.to);
    const provisionalYears = years(q.from, q.to).filter((y) => !calendar.hasYear(y));
    return { from: q.from, to: q.to, count: days.length, days, provisional: provisionalYears.length > 0 };
  }

  @Get('years')
  async years() {
    return this.calendar.years();
  }

  @Put('years/:year')
  async loadYear(@CurrentUser() p: Principal, @Param('year', ParseIntPipe) year: number, @Body() dto: CalendarYearDto) {
    if (!p.roles.includes('system_admin')) throw new DomainError('FORBIDDEN', 'loading a holiday notice needs the system_admin role');
    if (year < 2000 || year > 2100) throw new DomainError('VALIDATION_FAILED', 'year: must be between 2000 and 2100', { field: 'year' });
    return this.calendar.loadYear({ year, holidays: dto.holidays, makeupWorkdays: dto.makeupWorkdays }, `loaded by ${p.username}`);
  }
}

function date(field: string, v: string): void {
  if (!isValidIsoDate(v)) throw new DomainError('VALIDATION_FAILED', `${field}: not a calendar date`, { field });
}

function years(from: string, to: string): number[] {
  const out: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) out.push(y);
  return out;
}
