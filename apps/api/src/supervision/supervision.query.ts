import { DEADLINE_KINDS, POLICY_PROFILES } from '@libs/domain/src/policy';
import { DateField, EnumField, IntQueryField, PageField, PageSizeField, UuidField } from '../common/fields';
import { TREND_GRANULARITIES, type TrendGranularity } from './supervision.trend';
import { SUPERVISION_SORTS, type SupervisionSort } from '@libs/persistence/src/supervision';

/** Request DTOs of /supervision (query strings arrive as text; the global ValidationPipe refuses unknown fields). */

export { SUPERVISION_SORTS, type SupervisionSort };

const PROFILE_CODES = Object.keys(POLICY_PROFILES);
export const MAX_WITHIN_WORKING_DAYS = 90;
export const DEFAULT_WITHIN_WORKING_DAYS = 5;

const ORG_ID_MESSAGE = 'orgId must be an organisation id (UUID)';
const WITHIN_MESSAGE = `withinWorkingDays must be a whole number 0–${MAX_WITHIN_WORKING_DAYS}`;

/** Filters shared by the lists and their exports. */
export class DeadlineFilterQuery {
  @EnumField(DEADLINE_KINDS, { description: 'deadline kind' }, 'kind')
  kind?: string;

  @UuidField({ description: 'organisation whose subtree to list (404 outside your subtree)' }, 'orgId', ORG_ID_MESSAGE)
  orgId?: string;

  @EnumField(PROFILE_CODES, { description: 'policy profile of the case' }, 'profile')
  profile?: string;

  @EnumField(
    SUPERVISION_SORTS,
    {
      default: 'dueDate',
      description: 'dueDate: earliest first; -dueDate: latest first; overdueDays: most overdue first; -overdueDays: least overdue first',
    },
    'sort',
  )
  sort?: SupervisionSort;
}

export class OverdueListQuery extends DeadlineFilterQuery {
  @PageField()
  page?: string;

  @PageSizeField(100, 20)
  pageSize?: string;
}

export class DueSoonListQuery extends OverdueListQuery {
  @IntQueryField(0, MAX_WITHIN_WORKING_DAYS, WITHIN_MESSAGE, {
    default: DEFAULT_WITHIN_WORKING_DAYS,
    description: 'open deadlines due within this many working days from today (Asia/Shanghai), 0–90',
  })
  withinWorkingDays?: string;
}

/** Exports take the list filters but no pagination: every matching row (up to the export cap). */
export class OverdueExportQuery extends DeadlineFilterQuery {}

export class DueSoonExportQuery extends DeadlineFilterQuery {
  @IntQueryField(0, MAX_WITHIN_WORKING_DAYS, WITHIN_MESSAGE, { default: DEFAULT_WITHIN_WORKING_DAYS, description: '0–90 working days' })
  withinWorkingDays?: string;
}

export class SummaryQuery {
  @UuidField({ description: 'organisation to summarise (drill-down; 404 outside your subtree)' }, 'orgId', ORG_ID_MESSAGE)
  orgId?: string;

  @IntQueryField(0, MAX_WITHIN_WORKING_DAYS, WITHIN_MESSAGE, {
    default: DEFAULT_WITHIN_WORKING_DAYS,
    description: 'what counts as due soon, 0–90 working days',
  })
  withinWorkingDays?: string;
}

/** GET /supervision/overdue-trend. Order and length of the range are checked by the service (400 too). */
export class OverdueTrendQuery {
  @UuidField({ description: 'organisation whose subtree to count (404 outside your subtree)' }, 'orgId', ORG_ID_MESSAGE)
  orgId?: string;

  @DateField({ example: '2026-10-24', description: 'first day (Asia/Shanghai); default: 30 days, 12 weeks or 12 months before `to`' })
  from?: string;

  @DateField({ example: '2026-11-22', description: 'last day (Asia/Shanghai), not after today; default: today' })
  to?: string;

  @EnumField(TREND_GRANULARITIES, { default: 'day', description: 'one point per day, ISO week (Monday first) or month' }, 'granularity')
  granularity?: TrendGranularity;
}
