import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, Matches } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class DeadlineQuery {
  @ApiProperty({ example: '2026-09-28' }) @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' }) from!: string;
  @ApiProperty({ example: '15' }) @Matches(/^\d{1,4}$/, { message: 'amount must be a whole number from 0 to 9999' }) amount!: string;
  @ApiProperty({ enum: ['working_days', 'days', 'months'] }) @IsIn(['working_days', 'days', 'months'], { message: 'unit must be one of working_days, days, months' }) unit!: string;
}

export class WorkingDaysQuery {
  @ApiProperty({ example: '2026-10-01' }) @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' }) from!: string;
  @ApiProperty({ example: '2026-10-31' }) @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' }) to!: string;
}

export class CalendarYearDto {
  @ApiProperty({ type: [String], example: ['2027-01-01'] })
  @IsArray()
  @ArrayMaxSize(120)
  @Matches(DATE, { each: true, message: 'holidays must be dates YYYY-MM-DD' })
  holidays!: string[];

  @ApiProperty({ type: [String], example: ['2027-02-07'] })
  @IsArray()
  @ArrayMaxSize(30)
  @Matches(DATE, { each: true, message: 'makeupWorkdays must be dates YYYY-MM-DD' })
  makeupWorkdays!: string[];
}
