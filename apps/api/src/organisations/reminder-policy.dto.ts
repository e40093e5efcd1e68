import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, Max, Min } from 'class-validator';
import type { ReminderPolicy } from '../../../../libs/domain/src/case/reminders';

/** Reminder stages of an organisation (defaults: 5 and 1 working days before, due day, every 5 overdue, escalate at 10). */
export class ReminderPolicyDto implements ReminderPolicy {
  @ApiProperty({ example: [5, 1] }) @IsArray() @ArrayMaxSize(5) @IsInt({ each: true }) @Min(1, { each: true }) @Max(60, { each: true }) beforeWorkingDays!: number[];
  @ApiProperty() @IsBoolean() onDueDay!: boolean;
  @ApiProperty({ example: 5 }) @IsInt() @Min(0) @Max(60) overdueEveryWorkingDays!: number;
  @ApiProperty({ example: 10 }) @IsInt() @Min(0) @Max(120) escalateAfterOverdueWorkingDays!: number;
  @ApiProperty({ example: 9 }) @IsInt() @Min(0) @Max(23) hour!: number;
}
