import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, Matches } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

// Query values arrive as strings; the pattern checks here come with messages naming the parameter, and whether a
// date is a real calendar date (2026-02-30 is not) is checked by the controller with the calendar library.
// Unknown parameters are refused by the global ValidationPipe (forbidNonWhitelisted).

export class DeadlineQuery {
  @ApiProperty({ example: '2026-09-28', description: 'trigger day (Asia/Shanghai); not counted, counting starts the next day' })
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ example: '15', description: 'whole number 0–9999' })
  @Matches(/^\d{1,4}$/, { message: 'amount must be a whole number from 0 to 9999' })
  amount!: string;

  @ApiProperty({ enum: ['working_days', 'days', 'months'] })
  @IsIn(['working_days', 'days', 'months'], { message: 'unit must be one of working_days, days, months' })
  unit!: string;
}

export class WorkingDaysQuery {
  @ApiProperty({ example: '2026-10-01', description: 'first day of the range, included' })
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ example: '2026-10-31', description: 'last day of the range, included; not before from' })
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to!: string;
}

/** One State Council holiday notice (国务院办公厅关于…部分节假日安排的通知). */
export class CalendarYearDto {
  @ApiProperty({ type: [String], example: ['2027-01-01', '2027-01-02', '2027-01-03'], description: 'every day off, weekend days of a holiday block included' })
  @IsArray({ message: 'holidays must be an array of dates YYYY-MM-DD' })
  @ArrayMinSize(1, { message: 'holidays must list at least one day off (every notice has 元旦 at least)' })
  @ArrayMaxSize(120, { message: 'holidays must list at most 120 days' })
  @Matches(DATE, { each: true, message: 'holidays must be dates YYYY-MM-DD' })
  holidays!: string[];

  @ApiProperty({ type: [String], example: ['2027-02-20'], description: 'Saturdays and Sundays that are working days (调休上班)' })
  @IsArray({ message: 'makeupWorkdays must be an array of dates YYYY-MM-DD' })
  @ArrayMaxSize(30, { message: 'makeupWorkdays must list at most 30 days' })
  @Matches(DATE, { each: true, message: 'makeupWorkdays must be dates YYYY-MM-DD' })
  makeupWorkdays!: string[];
}

export class CalendarReloadFailureView {
  @ApiProperty({ example: 'SC-2026-000123' }) workflowId!: string;
  @ApiProperty({ enum: ['case', 'lead'] }) subject!: string;
  @ApiProperty({ example: 1 }) attempts!: number;
  @ApiProperty({ example: 'workflow not running: workflow execution already completed' }) error!: string;
}

/** A calendar reload job (issue 21): the open cases and leads told of a loaded notice, page by page. */
export class CalendarReloadView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 2027 }) year!: number;
  @ApiProperty({ example: 1, description: 'the notice version this job tells' }) version!: number;
  @ApiProperty({ example: 'calendar-reload-…', description: 'the Temporal workflow running the job' }) workflowId!: string;
  @ApiProperty({ enum: ['running', 'completed', 'failed'], description: 'completed: nothing pending (failed targets are listed)' }) status!: string;
  @ApiProperty({ description: 'open cases and leads to tell (as of the notice)' }) total!: number;
  @ApiProperty({ description: 'told: the workflow has the notice' }) signalled!: number;
  @ApiProperty({ description: 'given up: the workflow has ended, or the signal kept failing' }) failed!: number;
  @ApiProperty({ description: 'not yet told' }) pending!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: 'the fan-out rate limit' }) signalsPerSecond!: number;
  @ApiProperty({ example: 'loaded by nhc.sysadmin' }) requestedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ type: [CalendarReloadFailureView], description: 'the first 100 failures' }) failures!: CalendarReloadFailureView[];
}

export class LoadYearView {
  @ApiProperty({ example: 2027 }) year!: number;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ type: CalendarReloadView }) reload!: CalendarReloadView;
}
