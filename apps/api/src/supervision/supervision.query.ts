import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { DEADLINE_KINDS, POLICY_PROFILES } from '../../../../libs/domain/src/policy';

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
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Matches(/^[1-9]\d{0,5}$/, { message: 'page must be a positive whole number' })
  page?: string;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Matches(/^([1-9]|[1-9]\d|100)$/, { message: 'pageSize must be a whole number 1–100' })
  pageSize?: string;
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
