import { condition, workflowInfo } from '@temporalio/workflow';
import type { NotifyInput } from '@activities/case-activities.interface';
import { DEFAULT_REMINDER_POLICY, expireDeadlines, nextExpiry, pendingReminders } from '@libs/domain/src/case';
import { SteadyTimer } from '../support/steady-timer';
import { readTimerBehaviourLate } from './behaviour';
import { notify, type CaseNotices } from './notices';
import type { CaseRun } from './run';

/**
 * The case's one wait: it sleeps until the next due instant (an expiry, a reminder) or until something moves the
 * deadlines (`run.revision`), expires what is due, sends what reminders are due, and returns when the case closes or
 * the run should continue as new. Returns the keys of the reminders sent (or superseded) so far.
 */
export async function keepDeadlines(run: CaseRun, notices: CaseNotices, sent: string[] = []): Promise<Set<string>> {
  readTimerBehaviourLate(run.behaviour);
  const sentReminders = new Set<string>(sent);
  if (run.behaviour.reminders) await remindAndExpire(run, notices, sentReminders);
  else await expireOnly(run);
  return sentReminders;
}

/** Reminders and escalations (issue: reminders) are timers of this workflow, beside the expiries. */
async function remindAndExpire(run: CaseRun, notices: CaseNotices, sentReminders: Set<string>): Promise<void> {
  const { edges, steadyTimer, flushAfterReminders, decideFirst, timerSleepsThroughActions } = run.behaviour;
  const reminderPolicy = run.input.reminderPolicy ?? DEFAULT_REMINDER_POLICY;
  const timer = new SteadyTimer();
  while (run.isOpen()) {
    const seen = run.revision;
    const seenDue = run.dueRevision;
    const due = pendingReminders(run.state, run.calendar, reminderPolicy, Date.now(), sentReminders);
    if (due.send.length || due.skip.length) {
      due.skip.forEach((k) => sentReminders.add(k));
      for (const r of due.send) {
        // Issue 17 point 1: the appeal's own deadlines are the hearing organisation's to keep, so its officers are reminded.
        const appeal = run.state.appeal;
        const appealTask = edges && appeal && r.audience === 'handlers' && (r.kind === 'appeal_acceptance' || r.kind === 'appeal');
        const reminder: NotifyInput = {
          caseId: run.state.caseId,
          template: r.audience === 'escalation' ? 'deadline_escalation' : 'deadline_reminder',
          stage: r.stage,
          deadlineKind: r.kind,
          dueDate: r.dueDate,
          overdueWorkingDays: r.overdueWorkingDays,
          audience: appealTask ? 'appeal_authority' : r.audience,
          ...(appealTask ? { data: { appealOrgId: appeal.orgId } } : {}),
        };
        const undelivered = notices.recordUndelivered(reminder, await notify(reminder));
        sentReminders.add(r.key);
        if (undelivered) await run.flush();
      }
      // Until nothing committed is left unprojected: a result that comes back during this flush is projected too.
      while (flushAfterReminders && run.unflushed()) await run.flush();
      continue;
    }
    // Issue 21: a quiet point (the reminders due are sent, no handler runs): a long run continues as new here.
    if (run.runFull()) break;
    const expiry = nextExpiry(run.state);
    const candidates = [expiry === null ? null : expiry + 1000, due.nextAt].filter((x): x is number => x !== null);
    const wakeAt = candidates.length ? Math.min(...candidates) : null;
    // Asleep through an action that moves no due instant: it projected its own events; what nobody asked to project yet
    // (a signal's events, a mail's outcome), the continue-as-new hint and a full run (issue 21) still wake the loop.
    const changed = timerSleepsThroughActions
      ? () => run.dueRevision !== seenDue || run.unflushed() || !run.isOpen() || workflowInfo().continueAsNewSuggested || run.runFull()
      : () => run.revision !== seen || !run.isOpen();
    if (steadyTimer) await timer.wait(wakeAt, changed);
    else if (wakeAt === null) await condition(changed);
    else if (wakeAt > Date.now()) await condition(changed, wakeAt - Date.now());
    if (expiry !== null && expiry < Date.now()) run.commit(expireDeadlines(run.state, run.ctx()));
    // With the steady timer, the loop leaves an action's projection to the action's own flush and flushes only what
    // nobody has asked to project yet (expiries here, signal handlers' events).
    const suggested = workflowInfo().continueAsNewSuggested;
    if (!steadyTimer || run.unflushed()) await run.flush();
    while (flushAfterReminders && run.unflushed()) await run.flush();
    if (decideFirst ? suggested : workflowInfo().continueAsNewSuggested) break;
  }
}

/** Histories from before reminders: sleep until the next expiry or a change, then expire what is due. */
async function expireOnly(run: CaseRun): Promise<void> {
  while (run.isOpen()) {
    const seen = run.revision;
    const next = nextExpiry(run.state);
    const changed = () => run.revision !== seen || !run.isOpen();
    if (next === null) {
      await condition(changed);
    } else {
      const wait = next - Date.now() + 1000;
      if (wait > 0 && (await condition(changed, wait))) {
        await run.flush();
        if (workflowInfo().continueAsNewSuggested) break;
        continue;
      }
      run.commit(expireDeadlines(run.state, run.ctx()));
    }
    await run.flush();
    if (workflowInfo().continueAsNewSuggested) break;
  }
}
