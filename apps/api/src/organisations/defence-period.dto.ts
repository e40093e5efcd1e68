import { DEFENCE_PERIOD_MAX, DEFENCE_PERIOD_UNITS } from '@libs/domain/src/case/periods';
import { EnumField, IntField } from '../common/fields';

/**
 * The statement-and-defence period of new cases (陈述与申辩, 003 art.27; 001 art.31; RULES.md [decision] 5 working days,
 * configurable): 1–60 working days or calendar days (issue 17 point 12).
 */
export class DefencePeriodDto {
  @IntField(1, DEFENCE_PERIOD_MAX, { required: true, example: 5 }) amount!: number;
  @EnumField(DEFENCE_PERIOD_UNITS, { required: true, example: 'working_days' }, 'unit') unit!: (typeof DEFENCE_PERIOD_UNITS)[number];
}
