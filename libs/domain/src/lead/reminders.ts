/**
 * Reminders of a lead's triage deadline: the same stages as every officer's deadline (libs/domain/src/case/reminders.ts:
 * N working days before, on the due day, every N working days overdue, one escalation to the parent organisation), keyed
 * by (kind, due date, stage), so a new stay at another organisation (new due date) has new keys. Pure.
 */
import type { WorkingCalendar } from '../calendar';
import type { DeadlineState } from '../case/lifecycle';
import { remindersOf, type Reminder, type ReminderPolicy } from '../case/reminders';
import type { LeadState } from './lead';

/** Reminders due by `now` and not yet sent (only the latest stage of a burst), and the next instant. */
export function pendingLeadReminders(
  s: LeadState,
  cal: WorkingCalendar,
  policy: ReminderPolicy,
  now: number,
  sent: ReadonlySet<string>,
): { send: Reminder[]; skip: string[]; nextAt: number | null } {
  if (s.status !== 'open') return { send: [], skip: [], nextAt: null };
  const d = s.deadline;
  const asDeadline = {
    kind: 'lead_triage',
    dueDate: d.dueDate,
    dueAt: d.dueAt,
    dueAtMs: d.dueAtMs,
    provisional: d.provisional,
    provisionalYears: d.provisionalYears,
    status: d.status,
    window: false,
    from: d.from,
    period: d.period,
    adjustments: [],
  } as DeadlineState;
  const due: Reminder[] = [];
  let nextAt: number | null = null;
  for (const r of remindersOf(asDeadline, cal, policy)) {
    if (sent.has(r.key)) continue;
    if (r.at <= now) due.push(r);
    else if (nextAt === null || r.at < nextAt) nextAt = r.at;
  }
  const latest = new Map<string, Reminder>();
  for (const r of due) {
    const k = r.audience;
    if (!latest.has(k) || latest.get(k)!.at < r.at) latest.set(k, r);
  }
  const send = [...latest.values()].sort((a, b) => a.at - b.at);
  const sending = new Set(send.map((r) => r.key));
  return { send, skip: due.filter((r) => !sending.has(r.key)).map((r) => r.key), nextAt };
}
