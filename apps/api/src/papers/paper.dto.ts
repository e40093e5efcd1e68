import { PAPER_STATUSES } from '@libs/domain/src/paper';
import { BooleanField, EnumField, IntQueryField, PageField, PageSizeField, TextField, UuidField } from '../common/fields';
import { PAPER_FILE_KINDS, WORK_TABS } from './paper.service';

/** Every filter of GET /papers, documented with its limits (issue 18), each declared once for check and document. */
export class ListPapersQuery {
  @EnumField(PAPER_STATUSES, { description: 'papers in this status' }, 'status') status?: string;
  @TextField(1, 100, { description: 'papers of this import batch (批次)' }) batch?: string;
  @UuidField({ description: 'papers held in this organisation’s subtree (an organisation of yours; another answers 404)' }, 'orgId')
  orgId?: string;

  @EnumField(
    ['me'],
    {
      description:
        'work list (002 待办理 / 待审核): only what waits for your organisation now, and for institutions below it without accounts whose side it enters; ' +
        'each item carries its `task` (dispatch, handle, revise, formal_submission, review, pre_review), oldest change first',
    },
    'waitingFor',
  )
  waitingFor?: string;

  @EnumField(
    Object.keys(WORK_TABS),
    {
      description:
        'a tab of the work list: handle = 待办理 (dispatch, handle, revise, submit the formal version), review = 待审核, pre_review = 待预审',
    },
    'task',
  )
  task?: string;

  @TextField(2, 200, { description: 'search in title and DOI, case-insensitive; % and _ match themselves' }) q?: string;
  @PageField() page?: string;
  @PageSizeField(200, 20) pageSize?: string;
}

export class ProgressQuery {
  @UuidField({ description: 'an organisation of your subtree to drill down to (another answers 404)' }, 'orgId') orgId?: string;
}

export class DispatchBatchDto {
  @TextField(1, 100, { required: true, description: 'batch (批次) as imported' }) batch!: string;
  /** Only dispatch by region exists for a whole batch; single papers go to an explicit target (actions/dispatch). */
  @EnumField(['region'], { required: true, description: 'region: each paper to the child organisation of its region code (002)' }, 'mode')
  mode!: 'region';
}

export class UploadPaperFileDto {
  @EnumField(PAPER_FILE_KINDS, { required: true }, 'kind') kind!: string;
}

export class ReviewSettingsDto {
  /** The commission runs a pre-review of drafts before the formal submission (004 二(二)); only at PAPER_PRE_REVIEW_LEVELS. */
  @BooleanField({
    description:
      'drafts are pre-reviewed before the formal submission (004 二(二)); only commissions of PAPER_PRE_REVIEW_LEVELS (provincial by default)',
  })
  preReview?: boolean;

  /** The commission's approvals carry its official letter (002: 省卫健委正式函件). */
  @BooleanField({
    description: 'approvals carry the commission’s official letter (002 省卫健委正式函件): approve without letterFileId is refused',
  })
  approvalLetterRequired?: boolean;
}
