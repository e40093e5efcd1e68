import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageParam, PageSizeParam } from '../common/params';
import { PAPER_STATUSES } from '../../../../libs/domain/src/paper';

export class ListPapersQuery {
  @IsOptional() @IsIn(PAPER_STATUSES) status?: string;
  @IsOptional() @IsString() @Length(1, 100) batch?: string;
  @IsOptional() @IsUUID() orgId?: string;
  @PageParam() page?: string;
  @PageSizeParam(200, 20) pageSize?: string;
}

export class ProgressQuery {
  @IsOptional() @IsUUID() orgId?: string;
}

export class DispatchBatchDto {
  @IsString() @Length(1, 100) batch!: string;
  /** Only dispatch by region exists for a whole batch; single papers go to an explicit target (actions/dispatch). */
  @IsIn(['region']) mode!: 'region';
}

export class ReviewSettingsDto {
  /** The commission runs a pre-review of drafts before the formal submission (004 二(二)). */
  @IsBoolean() preReview!: boolean;
}
