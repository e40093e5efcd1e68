/**
 * One workflow per lead (issue 22; 004 二(一); 000 §1), id = `LD-<lead id>`. It owns the lead's holder, status and
 * triage deadline: a timer turns the deadline overdue when missed and sends the reminders every deadline has (before,
 * on the day, overdue, escalation to the parent organisation) through the notification outbox. The rules live in the
 * pure reducer `libs/domain/src/lead`; an integrity administrator's triage arrives as the `leadAction` Update, whose
 * validator dry-runs the reducer so a refused action never enters history. Opening a case runs the case registration
 * in an activity (the case's own workflow starts there), once per lead. Every change is projected to PostgreSQL by an
 * idempotent local activity before an Update answers.
 *
 * Deadlines are computed here with the calendar snapshot of the input and of `calendarLoaded` signals (no database
 * reads in workflow code; docs/ARCHITECTURE.md "Deadlines").
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { LeadActivities, ProjectedLeadDeadline } from '@activities/lead-activities.interface';
import { WorkingCalendar, type CalendarYear } from '@libs/domain/src/calendar';
import { DEFAULT_REMINDER_POLICY, type ReminderPolicy } from '@libs/domain/src/case/reminders';
import {
  applyLeadAction,
  checkLeadAction,
  expireLead,
  isLeadOpen,
  linkLeadCase,
  nextLeadExpiry,
  noteLeadEvent,
  openLead,
  paperMoved,
  pendingLeadReminders,
  recomputeLead,
  type LeadCtx,
  type LeadDeadline,
  type LeadEvent,
  type LeadState,
  type LeadActionInput,
  type LeadTransition,
} from '@libs/domain/src/lead';
import {
  calendarLoadedSignal,
  getLeadQuery,
  leadActionUpdate,
  paperMovedSignal,
  type LeadOrgInput,
  type LeadView,
  type LeadWorkflowInput,
} from './definitions';
import { CASE_OPENING, LOCAL_PROJECTION, NOTIFICATION } from './support/activity-options';
import { refusing } from './support/failures';
import { ProjectionQueue } from './support/projection';
import { SerialUpdates } from './support/serial-updates';
import { SteadyTimer } from './support/steady-timer';

const { projectLead } = proxyLocalActivities<LeadActivities>(LOCAL_PROJECTION);
const { openLeadCase } = proxyActivities<LeadActivities>(CASE_OPENING);
const { notifyLead } = proxyActivities<LeadActivities>(NOTIFICATION);

export interface LeadWorkflowCarry {
  state: LeadState;
  calendar: CalendarYear[];
  pending: LeadEvent[];
  pendingDeadlines: LeadDeadline[];
  recentUpdates: Array<[string, LeadView]>;
  sentReminders: string[];
}

const RECENT_UPDATES_KEPT = 200;

export async function leadWorkflow(input: LeadWorkflowInput, carry?: LeadWorkflowCarry): Promise<LeadView> {
  let calendarYears = carry?.calendar ?? input.calendar;
  let calendar = new WorkingCalendar(calendarYears);
  const ctx = (): LeadCtx => ({ calendar, now: Date.now() });

  let state: LeadState;
  let pending: LeadEvent[];
  /** Deadline rounds changed since the last projection, by round (projected with the events). */
  const changed = new Map<number, LeadDeadline>((carry?.pendingDeadlines ?? []).map((d) => [d.round, d]));
  if (carry) {
    state = carry.state;
    pending = carry.pending;
  } else {
    const opened = openLead(
      {
        leadId: input.leadId,
        number: input.number,
        holder: input.holder,
        category: input.category,
        paperId: input.paperId ?? null,
        on: input.on,
        openedBy: input.openedBy,
      },
      ctx(),
    );
    state = opened.state;
    pending = opened.events;
    changed.set(state.deadline.round, state.deadline);
  }
  // Actions queued in the order they came (decided in the first activation: histories from before keep the busy flag).
  const updates = new SerialUpdates<LeadView>(RECENT_UPDATES_KEPT, carry?.recentUpdates, patched('serial-updates-queue'));
  const sentReminders = new Set<string>(carry?.sentReminders ?? []);
  let revision = 0;

  const view = (): LeadView => ({
    leadId: state.leadId,
    number: state.number,
    status: state.status,
    category: state.category,
    holder: state.holder,
    dispatchedBy: state.dispatchedBy,
    paperId: state.paperId,
    caseId: state.caseId,
    caseNumber: state.caseNumber,
    closeReason: state.closeReason,
    closeNote: state.closeNote,
    deadline: {
      round: state.deadline.round,
      kind: 'lead_triage',
      orgId: state.deadline.orgId,
      from: state.deadline.from,
      dueDate: state.deadline.dueDate,
      dueAt: state.deadline.dueAt,
      provisional: state.deadline.provisional,
      status: state.deadline.status,
    },
    version: state.version,
  });

  const commit = (t: LeadTransition): void => {
    if (t.state === state && t.events.length === 0) return;
    if (t.state.deadline.round !== state.deadline.round)
      changed.set(state.deadline.round, {
        ...state.deadline,
        status: state.deadline.status === 'open' || state.deadline.status === 'overdue' ? 'met' : state.deadline.status,
      });
    state = t.state;
    changed.set(state.deadline.round, state.deadline);
    projection.add(t.events);
    revision += 1;
  };

  /** The deadline rounds the projection being written carries. */
  let snapshot = new Map<number, LeadDeadline>();
  const write = (batch: LeadEvent[]): Promise<unknown> => {
    snapshot = new Map(changed);
    const deadlines: ProjectedLeadDeadline[] = [...snapshot.values()].map((d) => ({
      round: d.round,
      kind: 'lead_triage',
      orgId: d.orgId,
      orgPath: d.orgPath,
      dueDate: d.dueDate,
      dueAt: d.dueAt,
      provisional: d.provisional,
      status: d.status,
    }));
    return projectLead({
      leadId: state.leadId,
      status: state.status,
      holderOrgId: state.holder.orgId,
      holderPath: state.holder.path,
      caseId: state.caseId,
      caseNumber: state.caseNumber,
      closeReason: state.closeReason,
      closeNote: state.closeNote,
      version: state.version,
      lastEventSeq: state.seq,
      events: batch,
      deadlines,
      view: { ...view() },
    });
  };
  // What changed again while the projection ran is projected next time.
  const written = (): void => {
    for (const [round, d] of snapshot) if (changed.get(round) === d) changed.delete(round);
  };
  const projection = new ProjectionQueue<LeadEvent>(pending, write, written, () => changed.size > 0);
  const flush = (): Promise<void> => projection.flush();

  setHandler(getLeadQuery, view);

  // One triage at a time (SerialUpdates): opening a case awaits an activity, and the next action must see its result.
  setHandler(
    leadActionUpdate,
    (action) =>
      updates.handle(async () => {
        const t = refusing(() => applyLeadAction(state, action, ctx()));
        commit(t);
        for (const effect of t.effects) {
          const opened = await openLeadCase({
            leadId: state.leadId,
            orgId: effect.orgId,
            source: effect.source,
            receivedAt: effect.receivedAt,
            actor: action.actor,
          });
          commit(linkLeadCase(state, opened, ctx(), action.actor));
        }
        await flush();
        return view();
      }),
    {
      validator: updates.validator((action: LeadActionInput) => checkLeadAction(state, action)),
    },
  );

  setHandler(paperMovedSignal, (move) => commit(paperMoved(state, move, ctx())));

  setHandler(calendarLoadedSignal, ({ year }) => {
    calendarYears = [...calendarYears.filter((y) => y.year !== year.year), year];
    calendar = new WorkingCalendar(calendarYears);
    commit(recomputeLead(state, ctx(), year.year));
  });

  await flush();

  const timer = new SteadyTimer();
  while (isLeadOpen(state)) {
    const seen = revision;
    const policy: ReminderPolicy = (state.holder as LeadOrgInput).reminders ?? DEFAULT_REMINDER_POLICY;
    const due = pendingLeadReminders(state, calendar, policy, Date.now(), sentReminders);
    if (due.send.length || due.skip.length) {
      due.skip.forEach((k) => sentReminders.add(k));
      for (const r of due.send) {
        try {
          const res = await notifyLead({
            leadId: state.leadId,
            orgId: state.holder.orgId,
            audience: r.audience === 'escalation' ? 'lead_escalation' : 'lead_org',
            stage: r.stage,
            dueDate: r.dueDate,
            overdueWorkingDays: r.overdueWorkingDays,
          });
          if (res.failed || res.unknown || (res.unaddressed ?? 0) > 0) {
            commit(
              noteLeadEvent(state, ctx(), 'notice_undelivered', {
                stage: r.stage,
                failed: res.failed,
                unknown: res.unknown,
                unaddressed: res.unaddressed ?? 0,
                ...(res.skipped ? { reason: res.skipped } : {}),
              }),
            );
          }
        } catch (err) {
          log.warn('lead reminder not sent', { stage: r.stage, error: String(err) });
        }
        sentReminders.add(r.key);
      }
      await flush();
      continue;
    }
    const expiry = nextLeadExpiry(state);
    const candidates = [expiry === null ? null : expiry + 1000, due.nextAt].filter((x): x is number => x !== null);
    const wakeAt = candidates.length ? Math.min(...candidates) : null;
    await timer.wait(wakeAt, () => revision !== seen || !isLeadOpen(state));
    const suggested = workflowInfo().continueAsNewSuggested;
    commit(expireLead(state, ctx()));
    await flush();
    if (suggested) break;
  }

  await condition(allHandlersFinished);
  await flush();
  if (isLeadOpen(state)) {
    await continueAsNew<typeof leadWorkflow>(input, {
      state,
      calendar: calendarYears,
      pending: projection.pending,
      pendingDeadlines: [...changed.values()],
      recentUpdates: updates.carry(),
      sentReminders: [...sentReminders],
    });
  }
  return view();
}
