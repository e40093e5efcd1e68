import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { DATE_PATTERN } from '../../../../libs/contract/src';
import { CalendarDate } from '../common/params';
import { DateField, EnumField, IntQueryField } from '../common/fields';

// Query values arrive as strings; each check names its parameter. Unknown parameters are refused by the global
// ValidationPipe (forbidNonWhitelisted).

export class DeadlineQuery {
  @DateField({ required: true, example: '2026-09-28', description: 'trigger day (Asia/Shanghai); not counted, counting starts the next day' })
  from!: string;

  @IntQueryField(0, 9999, 'amount must be a whole number from 0 to 9999', { required: true, example: 15, description: 'whole number 0–9999' })
  amount!: string;

  @EnumField(['working_days', 'days', 'months'], { required: true }, 'unit')
  unit!: string;
}

export class WorkingDaysQuery {
  @DateField({ required: true, example: '2026-10-01', description: 'first day of the range, included' })
  from!: string;

  @DateField({ required: true, example: '2026-10-31', description: 'last day of the range, included; not before from, at most 3660 days after it' })
  to!: string;
}


/** One State Council holiday notice (国务院办公厅关于…部分节假日安排的通知). Days must lie in the year of the path. */
export class CalendarYearDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'date', pattern: DATE_PATTERN },
    minItems: 1,
    maxItems: 120,
    example: ['2027-01-01', '2027-01-02', '2027-01-03'],
    description: 'every day off, weekend days of a holiday block included',
  })
  @IsArray({ message: 'holidays must be an array of dates YYYY-MM-DD' })
  @ArrayMinSize(1, { message: 'holidays must list at least one day off (every notice has 元旦 at least)' })
  @ArrayMaxSize(120, { message: 'holidays must list at most 120 days' })
  @CalendarDate('holidays', { each: true, document: false })
  holidays!: string[];

  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'date', pattern: DATE_PATTERN },
    maxItems: 30,
    example: ['2027-02-20'],
    description: 'Saturdays and Sundays that are working days (调休上班)',
  })
  @IsArray({ message: 'makeupWorkdays must be an array of dates YYYY-MM-DD' })
  @ArrayMaxSize(30, { message: 'makeupWorkdays must list at most 30 days' })
  @CalendarDate('makeupWorkdays', { each: true, document: false })
  makeupWorkdays!: string[];
}
