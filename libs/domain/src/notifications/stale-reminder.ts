/**
 * Is a reminder or escalation still due when it is about to be sent (issue 17 point 6)? Pure.
 *
 * The case workflow decides a reminder from its state when the reminder's instant comes; the mail goes out later (an
 * activity, an outbox row, a retry with backoff, an operator's re-send). Meanwhile an officer may meet the deadline,
 * an extension or a resume may move it, a case may be suspended. So the outbox checks each reminder against the case's
 * current deadline row (`case_deadlines`, written before an action answers) just before sending, and skips it, with
 * the reason, when the deadline it names is no longer running on that due date.
 */

/** Templates about one deadline (kind and due date): reminders and escalations. Procedural notices are never stale. */
export const DEADLINE_TEMPLATES: readonly string[] = Object.freeze(['deadline_reminder', 'deadline_escalation']);

/** A deadline that still runs: reminders and escalations go out. Anything else (met, closed, suspended …) does not. */
export const RUNNING_DEADLINE_STATUSES: readonly string[] = Object.freeze(['open', 'overdue']);

export interface ReminderRef {
  template: string;
  deadlineKind?: string | null;
  dueDate?: string | null;
}

export interface CurrentDeadline {
  status: string;
  dueDate: string;
}

/**
 * Why the reminder must not go out, or null when it still may. `current` is the deadline row as projected now, null
 * when there is none: then the workflow, which decided the reminder from its own state, has not projected the
 * deadline yet, and its word stands.
 */
export function staleReminderReason(n: ReminderRef, current: CurrentDeadline | null): string | null {
  if (!DEADLINE_TEMPLATES.includes(n.template) || !n.deadlineKind || !n.dueDate || current === null) return null;
  if (!RUNNING_DEADLINE_STATUSES.includes(current.status)) {
    return `the ${n.deadlineKind} deadline is ${current.status} (due ${current.dueDate}); the ${n.template === 'deadline_escalation' ? 'escalation' : 'reminder'} for ${n.dueDate} is no longer due`;
  }
  if (current.dueDate !== n.dueDate) {
    return `the ${n.deadlineKind} deadline moved from ${n.dueDate} to ${current.dueDate}; the ${n.template === 'deadline_escalation' ? 'escalation' : 'reminder'} for ${n.dueDate} is no longer due`;
  }
  return null;
}
