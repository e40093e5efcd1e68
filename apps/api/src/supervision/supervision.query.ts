import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { DEADLINE_KINDS, POLICY_PROFILES } from '../../../../libs/domain/src/policy';
import { CalendarDate, PageParam, PageSizeParam } from '../common/params';
import { TREND_GRANULARITIES, type TrendGranularity } from './supervision.trend';

/** Request DTOs of /supervision (query strings arrive as text; the global ValidationPipe refuses unknown fields). */

export const SUPERVISION_SORTS = ['dueDate', '-dueDate', 'overdueDays', '-overdueDays'] as const;
export type SupervisionSort = (typeof SUPERVISION_SORTS)[number];

const PROFILE_CODES = Object.keys(POLICY_PROFILES);
export const MAX_WITHIN_WORKING_DAYS = 90;
export const DEFAULT_WITHIN_WORKING_DAYS = 5;

/** Filters shared by the lists and their exports. */
export class DeadlineFilterQuery {
  @ApiPropertyOptional({ enum: DEADLINE_KINDS, description: 'deadline kind' })
  @IsOptional()
  @IsIn(DEADLINE_KINDS as string[], { message: `kind must be one of ${DEADLINE_KINDS.join(', ')}` })
  kind?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'organisation whose subtree to list (404 outside your subtree)' })
  @IsOptional()
  @IsUUID(undefined, { message: 'orgId must be an organisation id (UUID)' })
  orgId?: string;

  @ApiPropertyOptional({ enum: PROFILE_CODES, description: 'policy profile of the case' })
  @IsOptional()
  @IsIn(PROFILE_CODES, { message: `profile must be one of ${PROFILE_CODES.join(', ')}` })
  profile?: string;

  @ApiPropertyOptional({
    enum: SUPERVISION_SORTS,
    default: 'dueDate',
    description: 'dueDate: earliest first; -dueDate: latest first; overdueDays: most overdue first; -overdueDays: least overdue first',
  })
  @IsOptional()
  @IsIn(SUPERVISION_SORTS as unknown as string[], { message: `sort must be one of ${SUPERVISION_SORTS.join(', ')}` })
  sort?: SupervisionSort;
}

export class OverdueListQuery extends DeadlineFilterQuery {
  @PageParam() page?: string;
  @PageSizeParam(100, 20) pageSize?: string;
}

const WITHIN = /^(\d|[1-8]\d|90)$/;
const WITHIN_MESSAGE = `withinWorkingDays must be a whole number 0–${MAX_WITHIN_WORKING_DAYS}`;

export class DueSoonListQuery extends OverdueListQuery {
  @ApiPropertyOptional({ default: DEFAULT_WITHIN_WORKING_DAYS, maximum: MAX_WITHIN_WORKING_DAYS, description: 'open deadlines due within this many working days from today (Asia/Shanghai)' })
  @IsOptional()
  @Matches(WITHIN, { message: WITHIN_MESSAGE })
  withinWorkingDays?: string;
}

/** Exports take the list filters but no pagination: every matching row (up to the export cap). */
export class OverdueExportQuery extends DeadlineFilterQuery {}

export class DueSoonExportQuery extends DeadlineFilterQuery {
  @ApiPropertyOptional({ default: DEFAULT_WITHIN_WORKING_DAYS, maximum: MAX_WITHIN_WORKING_DAYS })
  @IsOptional()
  @Matches(WITHIN, { message: WITHIN_MESSAGE })
  withinWorkingDays?: string;
}

export class SummaryQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'organisation to summarise (drill-down; 404 outside your subtree)' })
  @IsOptional()
  @IsUUID(undefined, { message: 'orgId must be an organisation id (UUID)' })
  orgId?: string;

  @ApiPropertyOptional({ default: DEFAULT_WITHIN_WORKING_DAYS, maximum: MAX_WITHIN_WORKING_DAYS, description: 'what counts as due soon' })
  @IsOptional()
  @Matches(WITHIN, { message: WITHIN_MESSAGE })
  withinWorkingDays?: string;
}

/** GET /supervision/overdue-trend. Calendar validity, order and length of the range are checked by the service (400 too). */
export class OverdueTrendQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'organisation whose subtree to count (404 outside your subtree)' })
  @IsOptional()
  @IsUUID(undefined, { message: 'orgId must be an organisation id (UUID)' })
  orgId?: string;

  @CalendarDate('from', { required: false, example: '2026-10-24', description: 'first day (Asia/Shanghai); default: 30 days, 12 weeks or 12 months before `to`' })
  from?: string;

  @CalendarDate('to', { required: false, example: '2026-11-22', description: 'last day (Asia/Shanghai), not after today; default: today' })
  to?: string;

  @ApiPropertyOptional({ enum: TREND_GRANULARITIES, default: 'day', description: 'one point per day, ISO week (Monday first) or month' })
  @IsOptional()
  @IsIn(TREND_GRANULARITIES as unknown as string[], { message: `granularity must be one of ${TREND_GRANULARITIES.join(', ')}` })
  granularity?: TrendGranularity;
}
