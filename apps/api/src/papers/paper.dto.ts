import { PAPER_STATUSES } from '../../../../libs/domain/src/paper';
import { BooleanField, EnumField, PatternField, TextField, UuidField } from '../common/fields';
import { PAPER_FILE_KINDS } from './paper.service';

export class ListPapersQuery {
  @EnumField(PAPER_STATUSES, {}, 'status') status?: string;
  @TextField(1, 100, { description: 'batch (批次) as imported' }) batch?: string;
  @UuidField({ description: 'organisation whose subtree to list' }, 'orgId') orgId?: string;
  @PatternField(/^[1-9][0-9]{0,5}$/, 'page must be a positive whole number (at most 6 digits)', { default: 1 }) page?: string;
  @PatternField(/^([1-9]|[1-9][0-9]|1[0-9][0-9]|200)$/, 'pageSize must be a whole number 1–200', { default: 20 }) pageSize?: string;
}

export class ProgressQuery {
  @UuidField({ description: 'an organisation of your subtree (drill-down); default: yours' }, 'orgId') orgId?: string;
}

export class DispatchBatchDto {
  @TextField(1, 100, { required: true, description: 'batch (批次) as imported' }) batch!: string;
  /** Only dispatch by region exists for a whole batch; single papers go to an explicit target (actions/dispatch). */
  @EnumField(['region'], { required: true, description: 'region: each paper to the child organisation of its region code (002)' }, 'mode') mode!: 'region';
}

export class UploadPaperFileDto {
  @EnumField(PAPER_FILE_KINDS, { required: true }, 'kind') kind!: string;
}

export class ReviewSettingsDto {
  /** The commission runs a pre-review of drafts before the formal submission (004 二(二)). */
  @BooleanField({ required: true, description: 'drafts are pre-reviewed before the formal submission (004 二(二))' }) preReview!: boolean;
}
