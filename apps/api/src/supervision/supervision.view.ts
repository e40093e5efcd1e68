import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEADLINE_KINDS } from '../../../../libs/domain/src/policy';

/**
 * Response DTOs of /supervision. Deliberately without reporter identity, report materials or anyone's contact data:
 * supervisors above the handling organisation see deadlines, not the report (RULES.md §7, 003 art.46).
 */

export class SupervisedDeadlineView {
  @ApiProperty({ enum: ['case', 'lead'], description: "a case's deadline, or a lead's triage deadline (kind lead_triage, issue 22)" }) subject!: 'case' | 'lead';
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for a lead' }) caseId!: string | null;
  @ApiProperty({ type: String, example: 'SC-2026-000123', nullable: true, description: 'null for a lead' }) caseNumber!: string | null;
  @ApiPropertyOptional({ format: 'uuid', description: 'a lead: GET /leads/{leadId}' }) leadId?: string;
  @ApiPropertyOptional({ example: 'JC202612-001', description: "a lead's number" }) leadNumber?: string;
  @ApiProperty({ enum: DEADLINE_KINDS }) kind!: string;
  @ApiProperty({ example: '受理决定', description: "the kind's name in the case's policy profile" }) kindLabel!: string;
  @ApiProperty({ example: '2026-09-22', description: 'due day (Asia/Shanghai); due at its 23:59:59' }) dueDate!: string;
  @ApiProperty({ example: '2026-09-22T15:59:59.000Z' }) dueAt!: string;
  @ApiProperty({ description: 'counted over a year whose holiday notice is not loaded yet' }) provisional!: boolean;
  @ApiProperty({ enum: ['open', 'overdue'] }) status!: string;
  @ApiProperty({ description: 'working days past the due day (0 for an open deadline)' }) overdueWorkingDays!: number;
  @ApiProperty({ description: 'working days left, in (today, due day] (0 once due)' }) remainingWorkingDays!: number;
  @ApiProperty({ format: 'uuid' }) handlingOrgId!: string;
  @ApiProperty({ type: [String], example: ['国家卫生健康委员会', '河南省卫生健康委员会', '洛阳市卫生健康委员会', '洛阳市中心医院'], description: 'root first' })
  handlingOrgPath!: string[];
  @ApiProperty({ type: [String], description: 'names of the active case officers and integrity administrators of the handling organisation' })
  responsibleOfficers!: string[];
  @ApiProperty({ example: 'national-2022' }) profile!: string;
  @ApiProperty({ example: 'intake', description: "the case's phase, or the lead's status (open)" }) phase!: string;
}

export class SupervisedDeadlinePage {
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ example: '2026-11-22', description: 'the day working days are counted from (Asia/Shanghai)' }) asOf!: string;
  @ApiPropertyOptional({ description: 'due-soon list: open deadlines due within this many working days' }) withinWorkingDays?: number;
  @ApiPropertyOptional({ description: 'due-soon list: the last due day that counts as due soon' }) dueOnOrBefore?: string;
  @ApiProperty({ type: [SupervisedDeadlineView] }) items!: SupervisedDeadlineView[];
}

export class PhaseCountView {
  @ApiProperty() phase!: string;
  @ApiProperty() count!: number;
}

export class KindCountView {
  @ApiProperty({ enum: DEADLINE_KINDS }) kind!: string;
  @ApiProperty() label!: string;
  @ApiProperty() count!: number;
}

export class CountsView {
  @ApiProperty({ description: 'cases handled in the subtree' }) cases!: number;
  @ApiProperty({ description: 'cases not closed (see monthly.closed for what counts as closed)' }) openCases!: number;
  @ApiProperty() overdueDeadlines!: number;
  @ApiProperty() dueSoonDeadlines!: number;
}

export class ChildCountsView extends CountsView {
  @ApiProperty({ format: 'uuid', description: 'pass as orgId to drill down' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() level!: string;
}

export class MonthCountView {
  @ApiProperty({ example: '2026-11' }) month!: string;
  @ApiProperty({ description: 'cases received that month (cases.received_at)' }) opened!: number;
  @ApiProperty({ description: 'cases that reached a final phase, by the month of their last projection update' }) closed!: number;
}

export class SummaryOrgView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() level!: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'null at the top of your scope' }) parentId!: string | null;
  @ApiProperty({ type: [String], description: 'names, root first' }) path!: string[];
}

export class SupervisionSummaryView {
  @ApiProperty({ type: SummaryOrgView }) organisation!: SummaryOrgView;
  @ApiProperty() asOf!: string;
  @ApiProperty() withinWorkingDays!: number;
  @ApiProperty({ type: CountsView, description: 'the whole subtree' }) totals!: CountsView;
  @ApiProperty({ type: CountsView, description: 'cases handled by the organisation itself' }) own!: CountsView;
  @ApiProperty({ type: [PhaseCountView] }) byPhase!: PhaseCountView[];
  @ApiProperty({ type: [ChildCountsView], description: 'each organisation one level down, with its subtree counts' }) children!: ChildCountsView[];
  @ApiProperty({ type: [KindCountView] }) overdueByKind!: KindCountView[];
  @ApiProperty({ type: [MonthCountView], description: 'the last 12 months, oldest first, the current month last' }) monthly!: MonthCountView[];
}

export class TrendPointView {
  @ApiProperty({ example: '2026-11-16', description: 'day: the day; week: its Monday; month: YYYY-MM' }) label!: string;
  @ApiProperty({ example: '2026-11-16', description: 'first day of the point within [from, to]' }) start!: string;
  @ApiProperty({ example: '2026-11-22', description: 'last day of the point within [from, to]; the count is taken at its end' }) end!: string;
  @ApiProperty({ example: '2026-11-22T16:00:00.000Z', description: 'the instant counted: 00:00 Asia/Shanghai after `end`, or now for today' }) at!: string;
  @ApiProperty({ description: 'deadlines due before `at` and neither met nor closed by then' }) overdue!: number;
}

export class OverdueTrendView {
  @ApiProperty({ type: SummaryOrgView }) organisation!: SummaryOrgView;
  @ApiProperty({ example: '2026-10-24' }) from!: string;
  @ApiProperty({ example: '2026-11-22' }) to!: string;
  @ApiProperty({ enum: ['day', 'week', 'month'] }) granularity!: string;
  @ApiProperty({ type: [TrendPointView], description: 'oldest first' }) points!: TrendPointView[];
}
