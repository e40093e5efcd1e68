import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  addCalendarDays,
  isoDateOf,
  isValidIsoDate,
  overdueWorkingDays,
  remainingWorkingDays,
  type WorkingCalendar,
} from '@libs/domain/src/calendar';
import { TERMINAL_PHASES, type Phase } from '@libs/domain/src/case/actions';
import { POLICY_PROFILES, type DeadlineKind } from '@libs/domain/src/policy';
import { DomainError } from '@libs/domain/src/shared';
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
  type OverdueTrendQuery,
  type SummaryQuery,
} from './supervision.query';
import {
  ENDED_PHASES,
  overdueSpans,
  supervisedDeadlines,
  supervisionCounts,
  type CountRow,
  type DeadlineListRow,
} from '@libs/persistence/src/supervision';
import { childOrganisations, findOrganisationNode, organisationPathNames, type OrgNodeRow } from '@libs/persistence/src/organisations';
import { countsFromSpans, defaultTrendFrom, endOfDayMs, MAX_TREND_POINTS, trendBucketCount, trendBuckets } from './supervision.trend';
import type {
  ChildCountsView,
  CountsView,
  OverdueTrendView,
  SupervisedDeadlinePage,
  SupervisedDeadlineView,
  SupervisionSummaryView,
} from './supervision.view';

/** Profiles in which a rejected case stays open for the reporter's objection (001 art.14). */
const OBJECTION_PROFILES: readonly string[] = Object.values(POLICY_PROFILES)
  .filter((pp) => pp.allowsReporterObjection)
  .map((pp) => pp.code);

/**
 * A case is closed [decision]: transferred, terminated, closed, or rejected for good (a profile without the reporter's
 * objection, or the objection period closed). Decided from a counter key `phase|profile|objectionClosed`
 * (supervision_counts, migration 1764600000000).
 */
export function parseCaseKey(key: string): { phase: string; closed: boolean } {
  const [phase = '', profile = '', objectionClosed] = key.split('|');
  const closed =
    (TERMINAL_PHASES as readonly string[]).includes(phase) ||
    (phase === 'rejected' && (!OBJECTION_PROFILES.includes(profile) || objectionClosed === 'true'));
  return { phase, closed };
}
// The counters keep a closing month only for these phases (migration 1764600000000): a new final phase needs a migration.
for (const phase of TERMINAL_PHASES)
  if (!ENDED_PHASES.includes(phase)) throw new Error(`supervision_counts does not track the closing month of phase ${phase}`);

/** Most rows one export carries; past it the file holds the first rows in the chosen order and says so in a header. */
export const EXPORT_MAX_ROWS = 50_000;

export type ListKind = 'overdue' | 'due-soon' | 'suspended';

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

  /** Issue 17 point 14: running deadlines of suspended cases (003 art.23), counted to the day the suspension began. */
  suspended(p: Principal, q: OverdueListQuery): Promise<SupervisedDeadlinePage> {
    return this.list(p, 'suspended', q, page(q));
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
    const { total, rows } = await supervisedDeadlines(this.ds, {
      status: which === 'overdue' ? 'overdue' : which === 'suspended' ? 'suspended' : 'open',
      subtreePath: org.path,
      userId: p.userId,
      dueOnOrBefore,
      kind: q.kind,
      profile: q.profile,
      sort: q.sort ?? 'dueDate',
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
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
    const months = lastMonths(today, 12);
    const [{ counted, dueSoon }, children, names] = await Promise.all([
      supervisionCounts(this.ds, org.path, p.userId, months[0]!, cutoff),
      childOrganisations(this.ds, org.id),
      this.pathNames(org.path),
    ]);
    const total = (rows: CountRow[]) =>
      tally(
        rows,
        dueSoon.reduce((a, r) => a + r.n, 0),
      );
    const childIds = new Set(counted.map((r) => r.child).filter((c) => c !== '*' && c !== ''));
    const ofChild = (id: string) =>
      tally(
        counted.filter((r) => r.child === id),
        dueSoon.filter((r) => r.child === id).reduce((a, r) => a + r.n, 0),
      );
    const all = total(counted.filter((r) => r.src === 'denied' || r.child === '*'));
    const own = { ...all.counts, dueSoonDeadlines: dueSoon.filter((r) => r.child === '').reduce((a, r) => a + r.n, 0) };
    for (const id of childIds) {
      const c = ofChild(id).counts;
      own.cases -= c.cases;
      own.openCases -= c.openCases;
      own.overdueDeadlines -= c.overdueDeadlines;
    }
    const kindCount = [...all.kinds].filter(([, n]) => n > 0).sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : ka > kb ? 1 : 0));
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
      totals: all.counts,
      own,
      byPhase: [
        ...PHASES.map((phase) => ({ phase, count: all.phases.get(phase) ?? 0 })),
        ...[...all.phases]
          .filter(([phase, n]) => n > 0 && !PHASES.includes(phase as never))
          .map(([phase, count]) => ({ phase: phase as Phase, count })),
      ],
      children: children.map((c): ChildCountsView => ({ id: c.id, name: c.name, level: c.level, ...ofChild(c.id).counts })),
      overdueByKind: kindCount.map(([kind, count]) => ({ kind: kind as DeadlineKind, label: kindLabel(kind), count })),
      monthly: months.map((month) => ({ month, opened: all.opened.get(month) ?? 0, closed: all.closed.get(month) ?? 0 })),
    };
  }

  /**
   * Overdue deadlines of the subtree over time (see supervision.trend.ts for the counting rule). 400 naming the
   * parameter for a date that does not exist, a range the wrong way round, ending after today, or over
   * {@link MAX_TREND_POINTS} points.
   */
  async overdueTrend(p: Principal, q: OverdueTrendQuery): Promise<OverdueTrendView> {
    const now = Date.now();
    const today = isoDateOf(now);
    const granularity = q.granularity ?? 'day';
    for (const field of ['from', 'to'] as const) {
      const v = q[field];
      if (v !== undefined && !isValidIsoDate(v))
        throw new DomainError('VALIDATION_FAILED', `${field} must be a calendar date YYYY-MM-DD`, { field });
    }
    const to = q.to ?? today;
    if (to > today) throw new DomainError('VALIDATION_FAILED', `to must not be after today (${today}, Asia/Shanghai)`, { field: 'to' });
    const from = q.from ?? defaultTrendFrom(to, granularity);
    if (from > to) throw new DomainError('VALIDATION_FAILED', 'from must not be after to', { field: 'from' });
    const n = trendBucketCount(from, to, granularity);
    if (n > MAX_TREND_POINTS) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `from: the range spans ${n} ${granularity}s; at most ${MAX_TREND_POINTS} points per request`,
        { field: 'from' },
      );
    }
    const org = await this.subtree(p, q.orgId);
    const buckets = trendBuckets(from, to, granularity);
    const cuts = buckets.map((b) => new Date(Math.min(endOfDayMs(b.end), now)));
    const [rows, names] = await Promise.all([overdueSpans(this.ds, org.path, p.userId, to), this.pathNames(org.path)]);
    const counts = countsFromSpans(rows, buckets);
    return {
      organisation: { id: org.id, name: org.name, level: org.level, parentId: org.id === p.orgId ? null : org.parent_id, path: names },
      from,
      to,
      granularity,
      points: buckets.map((b, i) => ({ label: b.label, start: b.start, end: b.end, at: cuts[i]!.toISOString(), overdue: counts[i]! })),
    };
  }

  /** The caller's organisation, or `orgId` if it lies in the caller's subtree; 404 otherwise (existence does not leak). */
  private async subtree(p: Principal, orgId?: string): Promise<OrgNodeRow> {
    const org = await findOrganisationNode(this.ds, orgId ?? p.orgId);
    if (!org || !this.scope.sees(p, org.path)) throw new DomainError('NOT_FOUND', 'organisation not found');
    return org;
  }

  private pathNames(path: string): Promise<string[]> {
    return organisationPathNames(this.ds, path);
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
  const lead = r.subject === 'lead';
  // A suspended deadline stops counting on the day the suspension began (003 art.23 "中止的时间不计入调查时限").
  const suspendedOn = r.status === 'suspended' && r.suspended_on ? r.suspended_on : undefined;
  const asOf = suspendedOn ?? today;
  return {
    subject: r.subject,
    caseId: r.case_id,
    caseNumber: lead ? null : r.number,
    ...(lead ? { leadId: r.lead_id!, leadNumber: r.number } : {}),
    kind: r.kind as SupervisedDeadlineView['kind'],
    kindLabel: kindLabel(r.kind, r.policy_profile),
    dueDate: r.due_date,
    dueAt: r.due_at.toISOString(),
    provisional: r.provisional,
    status: r.status as SupervisedDeadlineView['status'],
    overdueWorkingDays: overdueWorkingDays(cal, asOf, r.due_date),
    remainingWorkingDays: remainingWorkingDays(cal, asOf, r.due_date),
    ...(suspendedOn ? { suspendedOn } : {}),
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

interface Tally {
  counts: CountsView;
  phases: Map<string, number>;
  kinds: Map<string, number>;
  opened: Map<string, number>;
  closed: Map<string, number>;
}

/** Sums counter rows (see {@link CountRow}) into the summary's figures. */
export function tally(rows: CountRow[], dueSoonDeadlines: number): Tally {
  const t: Tally = {
    counts: { cases: 0, openCases: 0, overdueDeadlines: 0, dueSoonDeadlines },
    phases: new Map(),
    kinds: new Map(),
    opened: new Map(),
    closed: new Map(),
  };
  const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  for (const r of rows) {
    if (r.metric === 'case') {
      const { phase, closed } = parseCaseKey(r.key);
      t.counts.cases += r.n;
      if (!closed) t.counts.openCases += r.n;
      add(t.phases, phase, r.n);
    } else if (r.metric === 'overdue') {
      t.counts.overdueDeadlines += r.n;
      add(t.kinds, r.key, r.n);
    } else if (r.metric === 'opened') {
      add(t.opened, r.month, r.n);
    } else if (r.metric === 'ended' && parseCaseKey(r.key).closed) {
      add(t.closed, r.month, r.n);
    }
  }
  return t;
}
