import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, Max, Min } from 'class-validator';
import type { ReminderPolicy } from '@libs/domain/src/case/reminders';
import { BooleanField, IntField } from '../common/fields';

/** Reminder stages of an organisation (defaults: 5 and 1 working days before, due day, every 5 overdue, escalate at 10). */
export class ReminderPolicyDto implements ReminderPolicy {
  @ApiProperty({
    type: 'array',
    items: { type: 'integer', minimum: 1, maximum: 60 },
    maxItems: 5,
    example: [5, 1],
    description: 'working days before the due day; duplicates are dropped',
  })
  @IsArray()
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(60, { each: true })
  beforeWorkingDays!: number[];
  @BooleanField({ required: true, description: 'remind on the due day' }) onDueDay!: boolean;
  @IntField(0, 60, { required: true, example: 5, description: 'remind again every N working days while overdue; 0 = never' })
  overdueEveryWorkingDays!: number;
  @IntField(0, 120, {
    required: true,
    example: 10,
    description: 'escalate to the parent organisation after N overdue working days; 0 = never',
  })
  escalateAfterOverdueWorkingDays!: number;
  @IntField(0, 23, { required: true, example: 9, description: 'hour of day (Asia/Shanghai) reminders go out' }) hour!: number;
}
