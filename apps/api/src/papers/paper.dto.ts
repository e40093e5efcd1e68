import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PAPER_STATUSES } from '../../../../libs/domain/src/paper';
import { WORK_TABS } from './paper.service';
import { PageParam, PageSizeParam } from '../common/params';

/** Every filter of GET /papers, documented with its limits (issue 18). */
export class ListPapersQuery {
  @ApiPropertyOptional({ enum: PAPER_STATUSES, description: 'papers in this status' })
  @IsOptional()
  @IsIn(PAPER_STATUSES)
  status?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100, description: 'papers of this import batch (批次)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  batch?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'papers held in this organisation’s subtree (an organisation of yours; another answers 404)' })
  @IsOptional()
  @IsUUID()
  orgId?: string;

  @ApiPropertyOptional({
    enum: ['me'],
    description:
      'work list (002 待办理 / 待审核): only what waits for your organisation now, and for institutions below it without accounts whose side it enters; ' +
      'each item carries its `task` (dispatch, handle, revise, formal_submission, review, pre_review), oldest change first',
  })
  @IsOptional()
  @IsIn(['me'])
  waitingFor?: string;

  @ApiPropertyOptional({
    enum: Object.keys(WORK_TABS),
    description: 'a tab of the work list: handle = 待办理 (dispatch, handle, revise, submit the formal version), review = 待审核, pre_review = 待预审',
  })
  @IsOptional()
  @IsIn(Object.keys(WORK_TABS))
  task?: string;

  @ApiPropertyOptional({ minLength: 2, maxLength: 200, description: 'search in title and DOI, case-insensitive; % and _ match themselves' })
  @IsOptional()
  @IsString()
  @Length(2, 200)
  @Matches(/^[^\u0000]*$/, { message: 'q must not contain NUL' })
  q?: string;

  @PageParam() page?: string;

  @PageSizeParam(200, 20) pageSize?: string;
}

export class ProgressQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'an organisation of your subtree to drill down to (another answers 404)' })
  @IsOptional()
  @IsUUID()
  orgId?: string;
}

export class DispatchBatchDto {
  @ApiProperty({ minLength: 1, maxLength: 100 }) @IsString() @Length(1, 100) batch!: string;
  /** Only dispatch by region exists for a whole batch; single papers go to an explicit target (actions/dispatch). */
  @ApiProperty({ enum: ['region'] }) @IsIn(['region']) mode!: 'region';
}

export class ReviewSettingsDto {
  /** The commission runs a pre-review of drafts before the formal submission (004 二(二)); only at PAPER_PRE_REVIEW_LEVELS. */
  @ApiPropertyOptional({ description: 'drafts are pre-reviewed before the formal submission (004 二(二)); only commissions of PAPER_PRE_REVIEW_LEVELS (provincial by default)' })
  @IsOptional()
  @IsBoolean()
  preReview?: boolean;

  /** The commission's approvals carry its official letter (002: 省卫健委正式函件). */
  @ApiPropertyOptional({ description: 'approvals carry the commission’s official letter (002 省卫健委正式函件): approve without letterFileId is refused' })
  @IsOptional()
  @IsBoolean()
  approvalLetterRequired?: boolean;
}
