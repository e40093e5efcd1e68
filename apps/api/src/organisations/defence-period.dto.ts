import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { DEFENCE_PERIOD_MAX, DEFENCE_PERIOD_UNITS } from '../../../../libs/domain/src/case/periods';

/**
 * The statement-and-defence period of new cases (陈述与申辩, 003 art.27; 001 art.31; RULES.md [decision] 5 working days,
 * configurable): 1–60 working days or calendar days (issue 17 point 12).
 */
export class DefencePeriodDto {
  @ApiProperty({ example: 5, minimum: 1, maximum: DEFENCE_PERIOD_MAX }) @IsInt() @Min(1) @Max(DEFENCE_PERIOD_MAX) amount!: number;
  @ApiProperty({ enum: DEFENCE_PERIOD_UNITS, example: 'working_days' }) @IsIn(DEFENCE_PERIOD_UNITS) unit!: (typeof DEFENCE_PERIOD_UNITS)[number];
}
