/**
 * One workflow per case, id = case number. It owns phase, version and timers; the rules live in the pure reducer
 * (libs/domain/src/case). Officers' actions arrive as the `action` Update: the validator dry-runs the reducer, so a
 * refused action never enters history. Every change is projected to PostgreSQL by an idempotent activity.
 *
 * Deadlines: the workflow computes them itself with the pure calendar library from a calendar snapshot that travels
 * in the input and in `calendarLoaded` signals (no database reads here; see docs/ARCHITECTURE.md "Deadlines").
 */
import {
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
  allHandlersFinished,
  currentUpdateInfo,
  upsertSearchAttributes,
  patched,
  log,
  CancellationScope,
  sleep,
  getExternalWorkflowHandle,
} from '@temporalio/workflow';
import type { CaseActivities, NotificationActivities, NotifyInput, NotifyResult } from '../activities/case-activities.interface';
import { WorkingCalendar, type CalendarYear } from '../libs/domain/src/calendar';
import {
  allowedActions,
  applyAction,
  blockedActions,
  checkAction,
  deadlineViews,
  expireDeadlines,
  isOpen,
  nextExpiry,
  noteEvent,
  noteMergedFrom,
  notePaperResult,
  openCase,
  recomputeDeadlines,
  reporterNoticeMailed,
  transferCaseOpened,
  type CaseEvent,
  type CaseState,
  type Ctx,
  type Transition,
  DEFAULT_REMINDER_POLICY,
  pendingReminders,
} from '../libs/domain/src/case';
import { checkDocumentRecord, DOCUMENT_EVENT } from '../libs/domain/src/documents/record';
import { proceduralNotices } from '../libs/domain/src/notifications/procedural';
import { getPolicyProfile } from '../libs/domain/src/policy';
import { DomainError } from '../libs/domain/src/shared';
import {
  actionUpdate,
  calendarLoadedSignal,
  caseMergedSignal,
  getStateQuery,
  recordDocumentUpdate,
  paperResultSignal,
  sensitiveReadSignal,
  type CaseView,
  type CaseWorkflowInput,
} from './definitions';
import { CasePhase, HandlingOrg, NextDeadline, Overdue } from './search-attributes';

const { projectCase } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Opens the linked case of a transfer (issue 17 point 4). Bounded retries: the transfer answers the officer. */
const { openTransferredCase } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds', maximumAttempts: 8 },
});

/**
 * The same projection as a local activity: it runs inside the workflow task that produced the change (one workflow
 * task and a marker per action instead of two tasks and three activity events). Idempotent, so a retry on replay or
 * after a worker crash writes nothing twice. Histories from before it keep the remote activity (`patched`).
 */
const { projectCase: projectCaseLocally } = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const { notify } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '1 minute',
  // The activity records each failure in the outbox and, on the last attempt, returns instead of throwing: a mail
  // outage delays the loop by about two minutes at most and never fails the case.
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 4 },
});

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

export async function caseWorkflow(input: CaseWorkflowInput, carry?: CaseWorkflowCarry): Promise<CaseView> {
  const profile = getPolicyProfile(input.policyProfile);
  let calendarYears = carry?.calendar ?? input.calendar;
  let calendar = new WorkingCalendar(calendarYears);
  /** Decided once, in the first activation (below): the rules of libs/domain `Ctx.strict`. */
  let strict = false;
  // The procedure-edge rules of issue 17 (libs/domain `Ctx.edges`): the appeal heard by the superior, suspension and
  // termination by the unit head, reports to a transferring authority, a linked case at a transfer's target, recusal,
  // the reporter notice only where owed, people checked, articles per profile, the defence period fixed at opening,
  // suspended deadlines. Decided here, in the first activation and before the case opens (its first event already
  // follows them); cases that started before keep their rules and their histories replay.
  const edges = patched('procedure-edges');
  // A change committed while reminders were being sent (a procedural notice's result: the reporter notice met by the
  // mail, a notice_undelivered event) was left unprojected until the next wake-up: the loop takes the revision afresh
  // after sending. Cases that start on this code project it right after the reminders, and the loop's own flush after
  // a wake-up repeats while something came in during it (histories from before replay on the old loop).
  const flushAfterReminders = patched('flush-after-reminders');
  const periods = edges && input.periods?.defence ? { defence: input.periods.defence } : undefined;
  const ctx = (): Ctx => ({ profile, calendar, now: Date.now(), strict, ...(edges ? { edges, ...(periods ? { periods } : {}) } : {}) });

  let state: CaseState;
  let pending: CaseEvent[];
  if (carry) {
    state = carry.state;
    pending = carry.pending;
  } else {
    // A case opened for a problem paper keeps its paper and where its result stands in the review chain (issue 18:
    // revision after a return). Only cases started with a paper id ask (the input never changes, so replay agrees).
    const paperLink = input.paperId !== undefined && patched('paper-result-review');
    const opened = openCase(
      {
        caseId: input.caseId,
        number: input.number,
        profile: input.policyProfile,
        source: input.source,
        receivedAt: input.receivedAt,
        openedBy: input.openedBy,
        ...(paperLink ? { paperId: input.paperId } : {}),
        ...(input.reporterNotice !== undefined ? { reporterNotice: input.reporterNotice } : {}),
        ...(input.reportTo ? { reportTo: input.reportTo } : {}),
        ...(input.transferredFrom ? { transferredFrom: input.transferredFrom } : {}),
      },
      ctx(),
    );
    state = opened.state;
    pending = opened.events;
  }
  const recentUpdates = new Map<string, CaseView>(carry?.recentUpdates ?? []);
  const remember = (id: string | undefined, result: CaseView): void => {
    if (!id) return;
    recentUpdates.set(id, result);
    if (recentUpdates.size > RECENT_UPDATES_KEPT) recentUpdates.delete(recentUpdates.keys().next().value!);
  };
  /** Bumped whenever the set of due instants may have changed; wakes the timer loop. */
  let revision = 0;

  const view = (): CaseView => ({
    caseId: state.caseId,
    number: state.number,
    phase: state.phase,
    policyProfile: state.profile,
    version: state.version,
    allowedActions: allowedActions(state, profile, undefined, { strict, edges }),
    deadlines: deadlineViews(state, ctx()),
  });

  const commit = (t: Transition): void => {
    state = t.state;
    pending.push(...t.events);
    revision += 1;
  };

  // A mail the activity gave up on (a permanent SMTP refusal, or still failing on its last attempt) or whose fate is
  // unknown is also an event of the case, so the timeline shows who was not told; the outbox row keeps the details and
  // POST /notifications/:id/retry re-sends it. So is a notice somebody should have had but has no e-mail address for
  // (a real-name reporter who gave a phone number: the office tells them another way). Behind `patched`, asked only when
  // a mail failed or had nobody to go to, so histories from before (where it would not have been recorded) replay
  // unchanged; results recorded before `unaddressed` existed have none. Returns whether an event was added.
  const recordUndelivered = (n: Pick<NotifyInput, 'template' | 'audience' | 'stage' | 'deadlineKind'>, r: NotifyResult): boolean => {
    const unaddressed = r.unaddressed ?? 0;
    if ((r.failed === 0 && r.unknown === 0 && unaddressed === 0) || !patched('undelivered-notice-event')) return false;
    commit(
      noteEvent(state, ctx(), 'notice_undelivered', null, {
        template: n.template,
        audience: n.audience,
        ...(n.stage ? { stage: n.stage } : {}),
        ...(n.deadlineKind ? { deadlineKind: n.deadlineKind } : {}),
        failed: r.failed,
        unknown: r.unknown,
        ...(unaddressed > 0 ? { unaddressed, reason: r.skipped ?? 'no e-mail address' } : {}),
      }),
    );
    return true;
  };

  // Procedural notifications (issue 7): the events of an officer's action or a calendar reload that someone must be
  // told of (acceptance decision, participating units, proposed decision, delivery, review and appeal outcomes, a
  // moved due date). They go out one after another behind the action, never delaying its answer; the outbox key
  // (stage = event type#seq) makes each mail go out once. `patched` is asked where an event needs a mail, so a case
  // that started before this change sends them for its events from now on, and its earlier history replays unchanged.
  let noticesInFlight = 0;
  let noticeChain: Promise<void> = Promise.resolve();
  const announce = (t: Transition): void => {
    const notices = proceduralNotices(t.events, t.state);
    if (notices.length === 0 || !patched('procedural-notifications')) return;
    noticesInFlight += notices.length;
    for (const n of notices) {
      noticeChain = noticeChain.then(async () => {
        try {
          const r = await notify({ caseId: state.caseId, ...n });
          recordUndelivered(n, r);
          // Issue 17 point 7: an acceptance or refusal notice the reporter was actually e-mailed meets the reporter
          // notice (001 art.14); the officer records one given another way with `notify_reporter`.
          if (edges && n.template === 'acceptance_decision' && n.audience === 'reporter' && r.sent + r.alreadySent > 0) {
            const met = reporterNoticeMailed(state, ctx(), n.template);
            if (met.events.length) commit(met);
          }
        } catch (err) {
          // Bad input or an activity that timed out on its last attempt: recorded in the outbox where it got that far;
          // the case goes on (a mail never fails a case).
          log.warn('procedural notification not sent', { template: n.template, audience: n.audience, stage: n.stage, error: String(err) });
        } finally {
          noticesInFlight -= 1;
        }
      });
    }
  };

  let localProjection = false;
  // Projections run one at a time, in order: the activity is idempotent, and ordering keeps the row moving forward.
  let flushing: Promise<void> = Promise.resolve();
  /** The revision whose changes the last flush() call covers (the flush takes everything pending when it runs). */
  let flushRequestedAt = -1;
  const flush = (): Promise<void> => {
    flushRequestedAt = revision;
    flushing = flushing.then(async () => {
      if (pending.length === 0) return;
      const batch = pending.slice();
      const v = view();
      const suspendedOn = state.investigation.suspendedOn;
      await (localProjection ? projectCaseLocally : projectCase)({
        caseId: state.caseId,
        phase: v.phase,
        version: v.version,
        lastEventSeq: state.seq,
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
        blockedActions: blockedActions(state, profile, { strict, edges }),
        ...(state.appeal ? { appealOrgId: state.appeal.orgId } : {}),
      });
      pending = pending.filter((e) => !batch.includes(e));
      indexForSearch(v);
    });
    return flushing;
  };

  // Search attributes let the Temporal UI and CLI find cases by phase, organisation, next deadline and overdue.
  let indexed = '';
  const indexForSearch = (v: CaseView): void => {
    const open = v.deadlines.filter((d) => d.status === 'open' || d.status === 'overdue').sort((a, b) => (a.dueAt < b.dueAt ? -1 : 1));
    const next = open[0] ? new Date(open[0].dueAt) : null;
    const overdue = v.deadlines.some((d) => d.status === 'overdue');
    const key = `${v.phase}|${next?.getTime() ?? ''}|${overdue}`;
    if (key === indexed) return;
    indexed = key;
    upsertSearchAttributes([
      { key: CasePhase, value: v.phase },
      { key: HandlingOrg, value: input.handlingOrgId },
      { key: NextDeadline, value: next },
      { key: Overdue, value: overdue },
    ]);
  };

  setHandler(getStateQuery, view);

  setHandler(
    actionUpdate,
    async ({ action, actor, body }) => {
      const updateId = currentUpdateInfo()?.id;
      const earlier = updateId ? recentUpdates.get(updateId) : undefined;
      if (earlier) return earlier;
      let t: Transition;
      try {
        t = applyAction(state, action, actor, body ?? {}, ctx());
      } catch (err) {
        throw toFailure(err);
      }
      // A merge tells the surviving case (issue 23). Asked before the projection (a local activity), never after it
      // (docs/ARCHITECTURE.md "Reads and replay"); no history from before has a merge, so the marker only names it.
      const tellSurvivor = action === 'merge_into' && patched('case-merge');
      commit(t);
      announce(t);
      // Issue 17 point 4: a transfer opens its linked case at the receiving organisation (an activity, idempotent by
      // the source case) before it answers, and this timeline points to it. A failure is recorded, never undone.
      const transferred = edges ? t.events.find((e) => e.type === 'transferred' && e.data.opensCase === true) : undefined;
      if (transferred) {
        try {
          const link = await openTransferredCase({
            sourceCaseId: state.caseId,
            toOrgId: String(transferred.data.toOrgId),
            receivedAt: String(transferred.data.on),
            actor: { userId: actor.userId, role: actor.role, orgId: actor.orgId, ...(actor.name ? { name: actor.name } : {}) },
          });
          commit(transferCaseOpened(state, ctx(), link));
        } catch (err) {
          log.warn('linked case of a transfer not opened', { error: String(err) });
          commit(noteEvent(state, ctx(), 'transfer_case_not_opened', null, { toOrgId: transferred.data.toOrgId, error: String(err).slice(0, 500) }));
        }
      }
      await flush();
      if (tellSurvivor && state.mergedInto) {
        const merged = t.events.find((e) => e.type === 'merged_into');
        try {
          await getExternalWorkflowHandle(state.mergedInto.number).signal(caseMergedSignal, {
            caseId: state.caseId,
            number: state.number,
            actor,
            on: String(merged?.data.on ?? ''),
            note: (merged?.data.note as string | null | undefined) ?? null,
          });
        } catch (err) {
          // The survivor ended meanwhile (the API checked it was open): this case's timeline and the link keep the merge.
          log.warn('the surviving case was not told of the merge', { into: state.mergedInto.number, error: String(err) });
        }
      }
      const result = view();
      remember(updateId, result);
      return result;
    },
    {
      validator: ({ action, actor, body, expectedVersion }) => {
        const updateId = currentUpdateInfo()?.id;
        if (updateId && recentUpdates.has(updateId)) return; // a retry of an applied action: the handler answers it
        try {
          if (expectedVersion !== undefined && expectedVersion !== state.version) {
            throw new DomainError('VERSION_MISMATCH', `the case is at version ${state.version}, not ${expectedVersion}`, {
              version: state.version,
            });
          }
          checkAction(state, action, actor, body ?? {}, ctx());
        } catch (err) {
          throw toFailure(err);
        }
      },
    },
  );

  setHandler(calendarLoadedSignal, ({ year }) => {
    calendarYears = [...calendarYears.filter((y) => y.year !== year.year), year];
    calendar = new WorkingCalendar(calendarYears);
    const t = recomputeDeadlines(state, ctx(), year.year);
    commit(t);
    announce(t);
  });

  setHandler(sensitiveReadSignal, ({ actor, what }) => {
    commit(noteEvent(state, ctx(), 'sensitive_read', actor, { what }));
  });

  // A generated document (issue 23) is an event of the timeline, projected (with its file row) before the Update
  // answers. A new message type, so no history from before it has one: running cases take it without a patch. Once the
  // case no longer needs its workflow the run is ending and would not project it: refused, and the API records it.
  setHandler(
    recordDocumentUpdate,
    async ({ actor, document }) => {
      const t = noteEvent(state, ctx(), DOCUMENT_EVENT, actor, { ...document });
      commit(t);
      await flush();
      return { seq: t.events[0]!.seq };
    },
    {
      validator: ({ document }) => {
        if (!isOpen(state, profile)) {
          throw ApplicationFailure.create({ type: 'CASE_WORKFLOW_ENDED', message: 'the case workflow is ending', nonRetryable: true });
        }
        try {
          checkDocumentRecord(document);
        } catch (err) {
          throw toFailure(err);
        }
      },
    },
  );

  // Where the paper's result stands (submitted, returned, approved): what the case allows changes, and an approval at
  // national level lets a closed case end. A case that keeps no paper (all cases from before) ignores it.
  // Another case was merged into this one (issue 23): its timeline records it; phase, version and deadlines stand.
  setHandler(caseMergedSignal, (signal) => {
    const t = noteMergedFrom(state, ctx(), signal);
    if (t.events.length) commit(t);
  });

  setHandler(paperResultSignal, (signal) => {
    const t = notePaperResult(state, ctx(), signal);
    if (t.events.length) commit(t);
  });

  // Decided in the first activation, before any handler can flush.
  localProjection = patched('local-projection');
  // A second plan approval, a participating-units notice to nobody and actions dated out of order are refused in cases
  // that start on this code; cases that started before keep the rules they started with (their histories replay).
  strict = patched('strict-action-rules');

  // What the workflow task tells the code (which patches its history has, whether to continue as new) is read before a
  // local activity's result, never just after it. Under load the SDK (1.24) can complete a task with a local activity's
  // marker and hand the result to the code in the next task; replaying, the result comes in the first task, where a
  // patch recorded in the next one is not known yet, so `patched()` there answered false and the case stopped with a
  // nondeterminism error on the next worker restart (seen in the fault test; test/workflow/split-task-replay.test.ts
  // replays every saved history split that way). Histories from before keep the old order.
  const decideFirst = patched('decide-before-projection');
  let reminders = decideFirst && patched('deadline-reminders');
  // One timer per wake-up instant: an action that leaves the next instant where it was (most do) no longer cancels
  // and restarts the timer (two history events and a timer command less per action). Older histories re-arm (`patched`).
  let steadyTimer = reminders && patched('steady-deadline-timer');

  await flush();

  // Reminders and escalations (issue: reminders) are timers of this workflow. Histories from before them replay on the
  // old loop below; `patched` records the marker in new histories.
  if (!decideFirst) {
    reminders = patched('deadline-reminders');
    steadyTimer = reminders && patched('steady-deadline-timer');
  }
  const reminderPolicy = input.reminderPolicy ?? DEFAULT_REMINDER_POLICY;
  const sentReminders = new Set<string>(carry?.sentReminders ?? []);
  let armed: { at: number; scope: CancellationScope; fired: boolean } | null = null;
  /** Waits until `wakeAt` (null: no instant) or `changed()`; the timer stays armed across calls for the same instant. */
  const waitUntil = async (wakeAt: number | null, changed: () => boolean): Promise<void> => {
    if (armed && armed.at !== wakeAt) {
      armed.scope.cancel();
      armed = null;
    }
    if (wakeAt !== null && wakeAt <= Date.now()) return;
    if (wakeAt !== null && !armed) {
      const timer = { at: wakeAt, scope: new CancellationScope(), fired: false };
      timer.scope.run(() => sleep(wakeAt - Date.now())).then(
        () => void (timer.fired = true),
        () => undefined, // cancelled: the instant moved
      );
      armed = timer;
    }
    const timer = armed;
    await condition(() => changed() || timer?.fired === true);
    if (timer?.fired) armed = null;
  };

  while (reminders && isOpen(state, profile)) {
    const seen = revision;
    const due = pendingReminders(state, calendar, reminderPolicy, Date.now(), sentReminders);
    if (due.send.length || due.skip.length) {
      due.skip.forEach((k) => sentReminders.add(k));
      for (const r of due.send) {
        // Issue 17 point 1: the appeal's own deadlines are the hearing organisation's to keep, so its officers are reminded.
        const appealTask = edges && state.appeal && r.audience === 'handlers' && (r.kind === 'appeal_acceptance' || r.kind === 'appeal');
        const reminder: NotifyInput = {
          caseId: state.caseId,
          template: r.audience === 'escalation' ? 'deadline_escalation' : 'deadline_reminder',
          stage: r.stage,
          deadlineKind: r.kind,
          dueDate: r.dueDate,
          overdueWorkingDays: r.overdueWorkingDays,
          audience: appealTask ? 'appeal_authority' : r.audience,
          ...(appealTask ? { data: { appealOrgId: state.appeal!.orgId } } : {}),
        };
        const undelivered = recordUndelivered(reminder, await notify(reminder));
        sentReminders.add(r.key);
        if (undelivered) await flush();
      }
      // Until nothing committed is left unprojected: a result that comes back during this flush is projected too.
      while (flushAfterReminders && flushRequestedAt !== revision) await flush();
      continue;
    }
    const expiry = nextExpiry(state);
    const candidates = [expiry === null ? null : expiry + 1000, due.nextAt].filter((x): x is number => x !== null);
    const wakeAt = candidates.length ? Math.min(...candidates) : null;
    const changed = () => revision !== seen || !isOpen(state, profile);
    if (steadyTimer) await waitUntil(wakeAt, changed);
    else if (wakeAt === null) await condition(changed);
    else if (wakeAt > Date.now()) await condition(changed, wakeAt - Date.now());
    if (expiry !== null && expiry < Date.now()) commit(expireDeadlines(state, ctx()));
    // With the steady timer, the loop leaves an action's projection to the action's own flush and flushes only what
    // nobody has asked to project yet (expiries here, signal handlers' events).
    const suggested = workflowInfo().continueAsNewSuggested;
    if (!steadyTimer || flushRequestedAt !== revision) await flush();
    while (flushAfterReminders && flushRequestedAt !== revision) await flush();
    if (decideFirst ? suggested : workflowInfo().continueAsNewSuggested) break;
  }

  // The timer loop: sleep until the next due instant or until something moves the deadlines, then expire what is due.
  while (!reminders && isOpen(state, profile)) {
    const seen = revision;
    const next = nextExpiry(state);
    if (next === null) {
      await condition(() => revision !== seen || !isOpen(state, profile));
    } else {
      const wait = next - Date.now() + 1000;
      if (wait > 0 && (await condition(() => revision !== seen || !isOpen(state, profile), wait))) {
        await flush();
        if (workflowInfo().continueAsNewSuggested) break;
        continue;
      }
      commit(expireDeadlines(state, ctx()));
    }
    await flush();
    if (workflowInfo().continueAsNewSuggested) break;
  }

  // Also waits for procedural mails still going out (always none in histories from before them).
  await condition(() => allHandlersFinished() && noticesInFlight === 0);
  await flush();
  // A notice queued by a handler that ran during that flush is waited for too, so neither continue-as-new nor the
  // end of the run abandons it (never the case in histories from before procedural notices: none is ever queued).
  while (noticesInFlight > 0) {
    await condition(() => allHandlersFinished() && noticesInFlight === 0);
    await flush();
  }
  if (isOpen(state, profile)) {
    await continueAsNew<typeof caseWorkflow>(input, {
      state,
      calendar: calendarYears,
      pending,
      recentUpdates: [...recentUpdates.entries()],
      sentReminders: [...sentReminders],
    });
  }
  return view();
}

/** Domain refusals become ApplicationFailures the client can read; anything else is a bug and fails the task. */
function toFailure(err: unknown): unknown {
  if (err instanceof DomainError) {
    return ApplicationFailure.create({ type: err.code, message: err.message, details: [err.details], nonRetryable: true });
  }
  return err;
}
