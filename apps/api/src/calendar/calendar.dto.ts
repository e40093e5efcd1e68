import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, Matches } from 'class-validator';
import { CalendarDate } from '../common/params';

// Query values arrive as strings; dates are checked by the one date rule (CalendarDate: a real calendar day of
// 1900–2099). Unknown parameters are refused by the global ValidationPipe (forbidNonWhitelisted).

export class DeadlineQuery {
  @CalendarDate('from', { example: '2026-09-28', description: 'trigger day (Asia/Shanghai); not counted, counting starts the next day' })
  from!: string;

  @ApiProperty({ example: '15', description: 'whole number 0–9999' })
  @Matches(/^\d{1,4}$/, { message: 'amount must be a whole number from 0 to 9999' })
  amount!: string;

  @ApiProperty({ enum: ['working_days', 'days', 'months'] })
  @IsIn(['working_days', 'days', 'months'], { message: 'unit must be one of working_days, days, months' })
  unit!: string;
}

export class WorkingDaysQuery {
  @CalendarDate('from', { example: '2026-10-01', description: 'first day of the range, included' })
  from!: string;

  @CalendarDate('to', { example: '2026-10-31', description: 'last day of the range, included; not before from' })
  to!: string;
}

/** One State Council holiday notice (国务院办公厅关于…部分节假日安排的通知). */
export class CalendarYearDto {
  @ApiProperty({ type: [String], format: 'date', example: ['2027-01-01', '2027-01-02', '2027-01-03'], description: 'every day off, weekend days of a holiday block included' })
  @IsArray({ message: 'holidays must be an array of dates YYYY-MM-DD' })
  @ArrayMinSize(1, { message: 'holidays must list at least one day off (every notice has 元旦 at least)' })
  @ArrayMaxSize(120, { message: 'holidays must list at most 120 days' })
  @CalendarDate('holidays', { each: true, document: false })
  holidays!: string[];

  @ApiProperty({ type: [String], example: ['2027-02-20'], description: 'Saturdays and Sundays that are working days (调休上班)' })
  @IsArray({ message: 'makeupWorkdays must be an array of dates YYYY-MM-DD' })
  @ArrayMaxSize(30, { message: 'makeupWorkdays must list at most 30 days' })
  @CalendarDate('makeupWorkdays', { each: true, document: false })
  makeupWorkdays!: string[];
}
