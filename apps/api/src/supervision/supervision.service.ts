import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addCalendarDays, isoDateOf, overdueWorkingDays, remainingWorkingDays, type WorkingCalendar } from '../../../../libs/domain/src/calendar';
import { TERMINAL_PHASES } from '../../../../libs/domain/src/case/actions';
import { POLICY_PROFILES } from '../../../../libs/domain/src/policy';
import { DomainError } from '../../../../libs/domain/src/shared';
import { OrgScope } from '../auth/org-scope.service';
import type { Principal } from '../auth/principal';
import { CalendarService } from '../calendar/calendar.service';
import { kindLabel, PHASES } from './supervision.labels';
import {
  DEFAULT_WITHIN_WORKING_DAYS,
  type DeadlineFilterQuery,
  type DueSoonExportQuery,
  type DueSoonListQuery,
  type OverdueListQuery,
  type SummaryQuery,
} from './supervision.query';
import { deadlineListSql, notDeniedCondition, subtreeCondition, type DeadlineListRow } from './supervision.sql';
import type { ChildCountsView, CountsView, SupervisedDeadlinePage, SupervisedDeadlineView, SupervisionSummaryView } from './supervision.view';

/** Profiles in which a rejected case stays open for the reporter's objection (001 art.14). */
const OBJECTION_PROFILES = Object.values(POLICY_PROFILES)
  .filter((pp) => pp.allowsReporterObjection)
  .map((pp) => pp.code);

/** Most rows one export carries; past it the file holds the first rows in the chosen order and says so in a header. */
export const EXPORT_MAX_ROWS = 50_000;

export type ListKind = 'overdue' | 'due-soon';

interface OrgRow {
  id: string;
  name: string;
  level: string;
  parent_id: string | null;
  path: string;
}

/**
 * Supervisor monitoring (RULES.md §6 "Overdue monitoring"): overdue and nearly due deadlines of the caller's
 * organisation subtree, and counts for drill-down. Reads the PostgreSQL projections only, never Temporal.
 *
 * Working days are counted with the loaded holiday calendar from today (Asia/Shanghai). "Due soon" = an open deadline
 * whose remaining working days, (today, due day], are at most N: due on or before the day before the (N+1)-th working
 * day after today (a due day already past but not yet marked overdue by its workflow counts too, with 0 left).
 */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly ds: DataSource,
    private readonly calendar: CalendarService,
    private readonly scope: OrgScope,
  ) {}

  overdue(p: Principal, q: OverdueListQuery): Promise<SupervisedDeadlinePage> {
    return this.list(p, 'overdue', q, page(q));
  }

  dueSoon(p: Principal, q: DueSoonListQuery): Promise<SupervisedDeadlinePage> {
    return this.list(p, 'due-soon', q, page(q));
  }

  /** Every matching row up to {@link EXPORT_MAX_ROWS}, in the list's order. */
  exportRows(p: Principal, which: ListKind, q: DeadlineFilterQuery | DueSoonExportQuery): Promise<SupervisedDeadlinePage> {
    return this.list(p, which, q, { page: 1, pageSize: EXPORT_MAX_ROWS });
  }

  async list(
    p: Principal,
    which: ListKind,
    q: DeadlineFilterQuery & { withinWorkingDays?: string },
    { page, pageSize }: { page: number; pageSize: number },
  ): Promise<SupervisedDeadlinePage> {
    const [org, { calendar }] = await Promise.all([this.subtree(p, q.orgId), this.calendar.snapshot()]);
    const today = isoDateOf(Date.now());
    const within = which === 'due-soon' ? withinOf(q) : undefined;
    const dueOnOrBefore = within === undefined ? undefined : dueSoonCutoff(calendar, today, within);
    const sql = deadlineListSql({
      status: which === 'overdue' ? 'overdue' : 'open',
      subtreePath: org.path,
      userId: p.userId,
      dueOnOrBefore,
      kind: q.kind,
      profile: q.profile,
      sort: q.sort ?? 'dueDate',
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    const [[{ total }], rows] = (await Promise.all([this.ds.query(sql.count.text, sql.count.params), this.ds.query(sql.page.text, sql.page.params)])) as [
      Array<{ total: number }>,
      DeadlineListRow[],
    ];
    return {
      total,
      page,
      pageSize,
      asOf: today,
      ...(within === undefined ? {} : { withinWorkingDays: within, dueOnOrBefore }),
      items: rows.map((r) => deadlineView(r, calendar, today)),
    };
  }

  async summary(p: Principal, q: SummaryQuery): Promise<SupervisionSummaryView> {
    const [org, { calendar }] = await Promise.all([this.subtree(p, q.orgId), this.calendar.snapshot()]);
    const today = isoDateOf(Date.now());
    const within = withinOf(q);
    const cutoff = dueSoonCutoff(calendar, today, within);
    // A case is closed [decision]: transferred, terminated, closed, or rejected for good (a profile without the
    // reporter's objection, or the objection period closed). `$3`, `$4`: bound to TERMINAL_PHASES, objection profiles.
    const closed = `(c.phase = ANY($3::text[]) OR (c.phase = 'rejected' AND (NOT (c.policy_profile = ANY($4::text[]))
      OR EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'objection_period_closed'))))`;
    const caseParams = [org.path, p.userId, [...TERMINAL_PHASES], OBJECTION_PROFILES];
    const inCases = `${subtreeCondition('c.handling_org_path', 1)} AND ${notDeniedCondition('c.id', 2)}`;
    const inDeadlines = `${subtreeCondition('cd.handling_org_path', 1)} AND ${notDeniedCondition('cd.case_id', 2)}`;
    // The child of the summarised organisation a path lies under ('' for the organisation itself).
    const childOf = (col: string) => `split_part(substr(${col}, length($1) + 2), '/', 1)`;
    const months = lastMonths(today, 12);
    const firstDay = `${months[0]}-01`;

    const [caseCounts, deadlineCounts, children, byPhase, byKind, opened, closedPerMonth, names] = await Promise.all([
      this.ds.query(
        `SELECT ${childOf('c.handling_org_path')} AS child, count(*)::int AS cases, count(*) FILTER (WHERE NOT ${closed})::int AS open_cases
           FROM cases c WHERE ${inCases} GROUP BY 1`,
        caseParams,
      ) as Promise<Array<{ child: string; cases: number; open_cases: number }>>,
      this.ds.query(
        `SELECT ${childOf('cd.handling_org_path')} AS child,
                count(*) FILTER (WHERE cd.status = 'overdue')::int AS overdue,
                count(*) FILTER (WHERE cd.status = 'open' AND cd.due_date <= $3)::int AS due_soon
           FROM case_deadlines cd WHERE cd.status IN ('open', 'overdue') AND ${inDeadlines} GROUP BY 1`,
        [org.path, p.userId, cutoff],
      ) as Promise<Array<{ child: string; overdue: number; due_soon: number }>>,
      this.ds.query(`SELECT id, name, level FROM organisations WHERE parent_id = $1 ORDER BY region_code, name, id`, [org.id]) as Promise<
        Array<{ id: string; name: string; level: string }>
      >,
      this.ds.query(`SELECT c.phase, count(*)::int AS count FROM cases c WHERE ${inCases} GROUP BY c.phase`, [org.path, p.userId]) as Promise<
        Array<{ phase: string; count: number }>
      >,
      this.ds.query(
        `SELECT cd.kind, count(*)::int AS count FROM case_deadlines cd WHERE cd.status = 'overdue' AND ${inDeadlines}
          GROUP BY cd.kind ORDER BY count DESC, cd.kind`,
        [org.path, p.userId],
      ) as Promise<Array<{ kind: string; count: number }>>,
      // Opened: by the day received (a case brought over later counts in the month it was received) [decision].
      this.ds.query(
        `SELECT to_char(c.received_at, 'YYYY-MM') AS month, count(*)::int AS count FROM cases c
          WHERE ${inCases} AND c.received_at >= $3::date GROUP BY 1`,
        [org.path, p.userId, firstDay],
      ) as Promise<Array<{ month: string; count: number }>>,
      // Closed: by the case row's last projection update, which for a closed case is when it reached its final phase
      // (a registry report recorded after closing moves it to that month) [decision].
      this.ds.query(
        `SELECT to_char(c.updated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, count(*)::int AS count FROM cases c
          WHERE ${inCases} AND ${closed} AND c.updated_at >= ($5::date)::timestamp AT TIME ZONE 'Asia/Shanghai' GROUP BY 1`,
        [...caseParams, firstDay],
      ) as Promise<Array<{ month: string; count: number }>>,
      this.pathNames(org.path),
    ]);

    const counts = (child: string | null): CountsView => {
      const cs = caseCounts.filter((r) => child === null || r.child === child);
      const ds = deadlineCounts.filter((r) => child === null || r.child === child);
      return {
        cases: sum(cs.map((r) => r.cases)),
        openCases: sum(cs.map((r) => r.open_cases)),
        overdueDeadlines: sum(ds.map((r) => r.overdue)),
        dueSoonDeadlines: sum(ds.map((r) => r.due_soon)),
      };
    };
    const phaseCount = new Map(byPhase.map((r) => [r.phase, r.count]));
    const openedIn = new Map(opened.map((r) => [r.month, r.count]));
    const closedIn = new Map(closedPerMonth.map((r) => [r.month, r.count]));
    return {
      organisation: {
        id: org.id,
        name: org.name,
        level: org.level,
        // The parent only while it is still in the caller's scope (the dashboard's "up" link).
        parentId: org.id === p.orgId ? null : org.parent_id,
        path: names,
      },
      asOf: today,
      withinWorkingDays: within,
      totals: counts(null),
      own: counts(''),
      byPhase: [...PHASES.map((phase) => ({ phase, count: phaseCount.get(phase) ?? 0 })), ...byPhase.filter((r) => !PHASES.includes(r.phase as never))],
      children: children.map((c): ChildCountsView => ({ id: c.id, name: c.name, level: c.level, ...counts(c.id) })),
      overdueByKind: byKind.map((r) => ({ kind: r.kind, label: kindLabel(r.kind), count: r.count })),
      monthly: months.map((month) => ({ month, opened: openedIn.get(month) ?? 0, closed: closedIn.get(month) ?? 0 })),
    };
  }

  /** The caller's organisation, or `orgId` if it lies in the caller's subtree; 404 otherwise (existence does not leak). */
  private async subtree(p: Principal, orgId?: string): Promise<OrgRow> {
    const rows: OrgRow[] = await this.ds.query(`SELECT id, name, level, parent_id, path FROM organisations WHERE id = $1`, [orgId ?? p.orgId]);
    const org = rows[0];
    if (!org || !this.scope.sees(p, org.path)) throw new DomainError('NOT_FOUND', 'organisation not found');
    return org;
  }

  private async pathNames(path: string): Promise<string[]> {
    const [row]: Array<{ names: string[] }> = await this.ds.query(
      `SELECT ARRAY(SELECT o.name FROM unnest(string_to_array($1, '/')) WITH ORDINALITY AS x(id, i)
                      JOIN organisations o ON o.id = x.id::uuid ORDER BY x.i) AS names`,
      [path],
    );
    return row?.names ?? [];
  }
}

function page(q: { page?: string; pageSize?: string }): { page: number; pageSize: number } {
  return { page: Number(q.page ?? 1), pageSize: Number(q.pageSize ?? 20) };
}

function withinOf(q: { withinWorkingDays?: string }): number {
  return q.withinWorkingDays === undefined ? DEFAULT_WITHIN_WORKING_DAYS : Number(q.withinWorkingDays);
}

/** The last due day with at most `within` working days left: the day before the (within+1)-th working day after today. */
export function dueSoonCutoff(cal: WorkingCalendar, today: string, within: number): string {
  return addCalendarDays(cal.addWorkingDays(today, within + 1), -1);
}

export function deadlineView(r: DeadlineListRow, cal: WorkingCalendar, today: string): SupervisedDeadlineView {
  return {
    caseId: r.case_id,
    caseNumber: r.number,
    kind: r.kind,
    kindLabel: kindLabel(r.kind, r.policy_profile),
    dueDate: r.due_date,
    dueAt: r.due_at.toISOString(),
    provisional: r.provisional,
    status: r.status,
    overdueWorkingDays: overdueWorkingDays(cal, today, r.due_date),
    remainingWorkingDays: remainingWorkingDays(cal, today, r.due_date),
    handlingOrgId: r.handling_org_id,
    handlingOrgPath: r.org_names,
    responsibleOfficers: r.officers,
    profile: r.policy_profile,
    phase: r.phase,
  };
}

/** 'YYYY-MM' of the last `n` months, oldest first, ending with the month of `today`. */
export function lastMonths(today: string, n: number): string[] {
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7));
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.unshift(`${y}-${String(m).padStart(2, '0')}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return out;
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
