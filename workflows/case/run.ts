import { allHandlersFinished, proxyActivities, proxyLocalActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { CaseActivities, OpenTransferredCaseInput as TransferredCaseInput } from '@activities/case-activities.interface';
import { WorkingCalendar, type CalendarYear } from '@libs/domain/src/calendar';
import {
  allowedActions,
  blockedActions,
  deadlineViews,
  isOpen,
  openCase,
  type ActorRef,
  type CaseEvent,
  type CaseState,
  type Ctx,
  type Transition,
} from '@libs/domain/src/case';
import { getPolicyProfile } from '@libs/domain/src/policy';
import {
  DEFAULT_CASE_RUN_MAX_EVENTS,
  MIN_CASE_RUN_MAX_EVENTS,
  type CaseMergedSignal,
  type CaseView,
  type CaseWorkflowInput,
} from '../definitions';
import { CasePhase, HandlingOrg, NextDeadline, Overdue } from '../search-attributes';
import { LOCAL_PROJECTION, PROJECTION } from '../support/activity-options';
import { ProjectionQueue } from '../support/projection';
import { RecentUpdates } from '../support/recent-updates';
import type { CaseBehaviour } from './behaviour';

const { projectCase } = proxyActivities<CaseActivities>(PROJECTION);
const { projectCase: projectCaseLocally } = proxyLocalActivities<CaseActivities>(LOCAL_PROJECTION);
/** What continue-as-new carries over. */
export interface CaseWorkflowCarry {
  state: CaseState;
  calendar: CalendarYear[];
  /** Events not yet projected when the run ended. */
  pending: CaseEvent[];
  /** Results of recent Updates by Update id (= HTTP Idempotency-Key): Temporal deduplicates only within one run. */
  recentUpdates: Array<[string, CaseView]>;
  /** Keys of reminders already sent (or superseded). */
  sentReminders?: string[];
}

const RECENT_UPDATES_KEPT = 500;
/**
 * Update results a bounded run hands to the next (issue 21). A retried action is answered first by the API's
 * idempotency table (libs/persistence idempotency-keys.ts); the workflow's own memory covers the moment between an
 * Update's answer and that row (an API that died in between, a client retrying at once), which is the latest few
 * actions, not 500. A run that continues as new every ≈ 100 events must not carry 500 case views into the first event
 * of each run (and into each replay); runs that continue only when the server suggests it carry them all, as before.
 */
const RECENT_UPDATES_CARRIED = 50;

/** Whether two deadline sets are the same in every field (the reducer may copy them unchanged). */
function sameDeadlines(a: CaseState['deadlines'], b: CaseState['deadlines']): boolean {
  if (a === b) return true;
  const keys = Object.keys(a) as Array<keyof typeof a>;
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => a[k] === b[k] || JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/**
 * One run of a case workflow: the case's state, its calendar, what is left to project and the recent Updates. The rules
 * live in the pure reducer (libs/domain/src/case); this only commits its transitions and projects them.
 */
export class CaseRun {
  readonly profile;
  state: CaseState;
  calendarYears: CalendarYear[];
  calendar: WorkingCalendar;
  readonly updates: RecentUpdates<CaseView>;
  /** Bumped whenever the set of due instants may have changed; wakes the timer loop. */
  revision = 0;
  /**
   * Bumped when what the deadline loop computes its wake-up from may have changed: the phase, a deadline, the calendar.
   * An action that moves none of them (adding a member, recording an interview) leaves it (issue 21 point 5).
   */
  dueRevision = 0;
  /** The revision whose changes the last flush() call covers (the flush takes everything pending when it runs). */
  flushRequestedAt = -1;
  private readonly projection: ProjectionQueue<CaseEvent>;
  private projected: CaseView | null = null;
  private indexed = '';
  /** The last view and what it was computed from: the projection and the Update's answer share it (issue 21 point 5). */
  private viewed: { state: CaseState; calendar: WorkingCalendar; now: number; view: CaseView } | null = null;

  constructor(
    readonly input: CaseWorkflowInput,
    readonly behaviour: CaseBehaviour,
    carry?: CaseWorkflowCarry,
  ) {
    this.profile = getPolicyProfile(input.policyProfile);
    this.calendarYears = carry?.calendar ?? input.calendar;
    this.calendar = new WorkingCalendar(this.calendarYears);
    const opened = carry
      ? { state: carry.state, events: carry.pending }
      : openCase(
          {
            caseId: input.caseId,
            number: input.number,
            profile: input.policyProfile,
            source: input.source,
            receivedAt: input.receivedAt,
            openedBy: input.openedBy,
            ...(behaviour.paperLink ? { paperId: input.paperId } : {}),
            ...(input.reporterNotice !== undefined ? { reporterNotice: input.reporterNotice } : {}),
            ...(input.reportTo ? { reportTo: input.reportTo } : {}),
            ...(input.transferredFrom ? { transferredFrom: input.transferredFrom } : {}),
          },
          this.ctx(),
        );
    this.state = opened.state;
    this.projection = new ProjectionQueue(
      opened.events,
      (batch) => this.write(batch),
      () => this.indexForSearch(this.projected!),
    );
    this.updates = new RecentUpdates(RECENT_UPDATES_KEPT, carry?.recentUpdates);
  }

  ctx(): Ctx {
    const { edges, strict } = this.behaviour;
    const periods = edges && this.input.periods?.defence ? { defence: this.input.periods.defence } : undefined;
    return {
      profile: this.profile,
      calendar: this.calendar,
      now: Date.now(),
      strict,
      ...(edges ? { edges, ...(periods ? { periods } : {}) } : {}),
    };
  }

  isOpen(): boolean {
    return isOpen(this.state, this.profile);
  }

  /**
   * Issue 21: the run is long enough to continue as new and no Update or signal handler is running (an accepted Update
   * must answer in the run that accepted it). From the input and the history's length only, so replay agrees; never for
   * runs from before `bounded-case-runs`.
   */
  runFull(): boolean {
    if (!this.behaviour.boundedRuns) return false;
    const limit = Math.max(MIN_CASE_RUN_MAX_EVENTS, this.input.runMaxEvents ?? DEFAULT_CASE_RUN_MAX_EVENTS);
    return workflowInfo().historyLength >= limit && allHandlersFinished();
  }

  /**
   * What the case looks like now. A pure function of the state, the calendar and the activation's time, so computed once
   * for all three (the projection and the Update's answer of one action share it); callers never change it.
   */
  view(): CaseView {
    const now = Date.now();
    const last = this.viewed;
    if (last && last.state === this.state && last.calendar === this.calendar && last.now === now) return last.view;
    const { strict, edges } = this.behaviour;
    const view: CaseView = {
      caseId: this.state.caseId,
      number: this.state.number,
      phase: this.state.phase,
      policyProfile: this.state.profile,
      version: this.state.version,
      allowedActions: allowedActions(this.state, this.profile, undefined, { strict, edges }),
      deadlines: deadlineViews(this.state, this.ctx()),
    };
    this.viewed = { state: this.state, calendar: this.calendar, now, view };
    return view;
  }

  commit(t: Transition): void {
    const before = this.state;
    this.state = t.state;
    this.projection.add(t.events);
    this.revision += 1;
    if (t.state.phase !== before.phase || !sameDeadlines(before.deadlines, t.state.deadlines)) this.dueRevision += 1;
  }

  flush(): Promise<void> {
    this.flushRequestedAt = this.revision;
    return this.projection.flush();
  }

  /** Whether something committed has not been asked to be projected yet. */
  unflushed(): boolean {
    return this.flushRequestedAt !== this.revision;
  }

  loadCalendar(year: CalendarYear): void {
    this.calendarYears = [...this.calendarYears.filter((y) => y.year !== year.year), year];
    this.calendar = new WorkingCalendar(this.calendarYears);
    this.dueRevision += 1;
  }

  carry(sentReminders: Set<string>): CaseWorkflowCarry {
    return {
      state: this.state,
      calendar: this.calendarYears,
      pending: this.projection.pending,
      recentUpdates: this.updates.carry(this.behaviour.boundedRuns ? RECENT_UPDATES_CARRIED : undefined),
      sentReminders: [...sentReminders],
    };
  }

  /** What opens the linked case of a transfer (issue 17 point 4) the transition `t` makes, if it makes one. */
  linkedCaseToOpen(t: Transition, actor: ActorRef): TransferredCaseInput | null {
    const transferred = this.behaviour.edges ? t.events.find((e) => e.type === 'transferred' && e.data.opensCase === true) : undefined;
    if (!transferred) return null;
    return {
      sourceCaseId: this.state.caseId,
      toOrgId: String(transferred.data.toOrgId),
      receivedAt: String(transferred.data.on),
      actor: { userId: actor.userId, role: actor.role, orgId: actor.orgId, ...(actor.name ? { name: actor.name } : {}) },
    };
  }

  /** What the surviving case of a merge (`merge_into`, issue 23) is told. */
  mergedSignal(t: Transition, actor: ActorRef): CaseMergedSignal {
    const merged = t.events.find((e) => e.type === 'merged_into');
    return {
      caseId: this.state.caseId,
      number: this.state.number,
      actor,
      on: String(merged?.data.on ?? ''),
      note: (merged?.data.note as string | null | undefined) ?? null,
    };
  }

  private write(batch: CaseEvent[]): Promise<unknown> {
    const v = (this.projected = this.view());
    const { localProjection, strict, edges } = this.behaviour;
    const suspendedOn = this.state.investigation.suspendedOn;
    return (localProjection ? projectCaseLocally : projectCase)({
      caseId: this.state.caseId,
      phase: v.phase,
      version: v.version,
      lastEventSeq: this.state.seq,
      events: batch,
      deadlines: v.deadlines.map(({ kind, dueDate, dueAt, provisional, status }) => ({
        kind,
        dueDate,
        dueAt,
        provisional,
        status,
        ...(status === 'suspended' && suspendedOn ? { suspendedOn } : {}),
      })),
      allowedActions: v.allowedActions,
      blockedActions: blockedActions(this.state, this.profile, { strict, edges }),
      ...(this.state.appeal ? { appealOrgId: this.state.appeal.orgId } : {}),
    });
  }

  /** Search attributes let the Temporal UI and CLI find cases by phase, organisation, next deadline and overdue. */
  private indexForSearch(v: CaseView): void {
    const open = v.deadlines.filter((d) => d.status === 'open' || d.status === 'overdue').sort((a, b) => (a.dueAt < b.dueAt ? -1 : 1));
    const next = open[0] ? new Date(open[0].dueAt) : null;
    const overdue = v.deadlines.some((d) => d.status === 'overdue');
    const key = `${v.phase}|${next?.getTime() ?? ''}|${overdue}`;
    if (key === this.indexed) return;
    this.indexed = key;
    upsertSearchAttributes([
      { key: CasePhase, value: v.phase },
      { key: HandlingOrg, value: this.input.handlingOrgId },
      { key: NextDeadline, value: next },
      { key: Overdue, value: overdue },
    ]);
  }
}
