/**
 * Response types of /supervision, from their schemas in libs/contract (views.ts). Deliberately without reporter
 * identity, report materials or anyone's contact data: supervisors above the handling organisation see deadlines, not
 * the report (RULES.md §7, 003 art.46).
 */
import type { SupervisionSummary } from '@libs/contract/src';

export type CountsView = SupervisionSummary['totals'];
export type ChildCountsView = SupervisionSummary['children'][number];
export type {
  OverdueTrend as OverdueTrendView,
  SupervisedDeadlinePage,
  SupervisedDeadlineView,
  SupervisionSummary as SupervisionSummaryView,
} from '@libs/contract/src';
