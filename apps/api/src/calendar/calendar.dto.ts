import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { DATE_PATTERN } from '@libs/contract/src';
import { DateListField } from '../common/fields';
import { DateField, EnumField, IntQueryField } from '../common/fields';

// Query values arrive as strings; each check names its parameter. Unknown parameters are refused by the global
// ValidationPipe (forbidNonWhitelisted).

export class DeadlineQuery {
  @DateField({
    required: true,
    example: '2026-09-28',
    description: 'trigger day (Asia/Shanghai); not counted, counting starts the next day',
  })
  from!: string;

  @IntQueryField(0, 9999, 'amount must be a whole number from 0 to 9999', {
    required: true,
    example: 15,
    description: 'whole number 0–9999',
  })
  amount!: string;

  @EnumField(['working_days', 'days', 'months'], { required: true }, 'unit')
  unit!: string;
}

export class WorkingDaysQuery {
  @DateField({ required: true, example: '2026-10-01', description: 'first day of the range, included' })
  from!: string;

  @DateField({
    required: true,
    example: '2026-10-31',
    description: 'last day of the range, included; not before from, at most 3660 days after it',
  })
  to!: string;
}

/** One State Council holiday notice (国务院办公厅关于…部分节假日安排的通知). Days must lie in the year of the path. */
export class CalendarYearDto {
  @DateListField(
    'holidays',
    { min: 1, max: 120, minMessage: 'holidays must list at least one day off (every notice has 元旦 at least)' },
    {
      required: true,
      example: ['2027-01-01', '2027-01-02', '2027-01-03'],
      description: 'every day off, weekend days of a holiday block included',
    },
  )
  holidays!: string[];

  @DateListField(
    'makeupWorkdays',
    { max: 30 },
    { required: true, example: ['2027-02-20'], description: 'Saturdays and Sundays that are working days (调休上班)' },
  )
  makeupWorkdays!: string[];
}
