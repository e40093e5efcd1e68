/**
 * Reminder and escalation schedule (issue: reminders), pure. For every open deadline of an officer's task: reminders
 * N working days before the due day (default 5 and 1), on the due day, then every N working days overdue (default 5),
 * and one escalation to the parent organisation after N overdue working days (default 10). Reminders go out at 09:00
 * Asia/Shanghai of their day. Each has a key (deadline kind, due date, stage): a moved due date (extension, suspension,
 * calendar reload) gives new keys, so reminders reschedule by themselves; a met deadline has none.
 * Parties' windows (defence, review/appeal application) are not officers' tasks and get no reminders.
 */
import { addCalendarDays, SHANGHAI_OFFSET_MS, type IsoDate, type WorkingCalendar } from '../calendar';
import type { CaseState, DeadlineState } from './lifecycle';

export interface ReminderPolicy {
  /** Working days before the due day on which to remind; 0 is not used (see onDueDay). */
  beforeWorkingDays: number[];
  onDueDay: boolean;
  /** Remind again every N working days while overdue (0 = never). */
  overdueEveryWorkingDays: number;
  /** Escalate to the parent organisation after N overdue working days (0 = never). */
  escalateAfterOverdueWorkingDays: number;
  /** Hour of day (Asia/Shanghai) at which reminders go out. */
  hour: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = Object.freeze({
  beforeWorkingDays: [5, 1],
  onDueDay: true,
  overdueEveryWorkingDays: 5,
  escalateAfterOverdueWorkingDays: 10,
  hour: 9,
});

/** Where a case's reminder stages came from: the organisation's, its policy profile's, or the product default. */
export type ReminderPolicySource = 'organisation' | 'policy_profile' | 'default';

/**
 * The reminder stages a new case of an organisation runs with: the organisation's own stages override its policy
 * profile's, which override the product default (issue 7). Stored settings are data; nothing here knows a province.
 * A stored value that is not a valid policy (hand-edited) is skipped rather than trusted.
 */
export function effectiveReminderPolicy(
  organisation: unknown,
  policyProfile: unknown,
): { policy: ReminderPolicy; source: ReminderPolicySource } {
  if (isReminderPolicy(organisation)) return { policy: organisation, source: 'organisation' };
  if (isReminderPolicy(policyProfile)) return { policy: policyProfile, source: 'policy_profile' };
  return { policy: DEFAULT_REMINDER_POLICY, source: 'default' };
}

const wholeIn = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** The same bounds as the API's ReminderPolicyDto. */
export function isReminderPolicy(v: unknown): v is ReminderPolicy {
  if (!v || typeof v !== 'object') return false;
  const p = v as Record<string, unknown>;
  return (
    Array.isArray(p.beforeWorkingDays) &&
    p.beforeWorkingDays.length <= 5 &&
    p.beforeWorkingDays.every((n) => wholeIn(n, 1, 60)) &&
    typeof p.onDueDay === 'boolean' &&
    wholeIn(p.overdueEveryWorkingDays, 0, 60) &&
    wholeIn(p.escalateAfterOverdueWorkingDays, 0, 120) &&
    wholeIn(p.hour, 0, 23)
  );
}

/** Duplicates removed, stages in descending order, only the known fields. */
export function normaliseReminderPolicy(p: ReminderPolicy): ReminderPolicy {
  return {
    beforeWorkingDays: [...new Set(p.beforeWorkingDays)].sort((a, b) => b - a),
    onDueDay: p.onDueDay,
    overdueEveryWorkingDays: p.overdueEveryWorkingDays,
    escalateAfterOverdueWorkingDays: p.escalateAfterOverdueWorkingDays,
    hour: p.hour,
  };
}

export type ReminderStage = `before_${number}` | 'due_today' | `overdue_${number}` | 'escalation';

export interface Reminder {
  key: string;
  kind: string;
  dueDate: IsoDate;
  stage: ReminderStage;
  /** The day it goes out, and the instant (epoch ms). */
  on: IsoDate;
  at: number;
  audience: 'handlers' | 'escalation';
  overdueWorkingDays: number;
}

/** How many overdue reminders ahead to plan (the loop asks again after each one goes out). */
const OVERDUE_HORIZON = 24;

function instant(day: IsoDate, hour: number): number {
  return Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS + hour * 3_600_000;
}

/** The working day `n` working days before `due` (n ≥ 1). */
export function workingDaysBefore(cal: WorkingCalendar, due: IsoDate, n: number): IsoDate {
  let d = due;
  let left = n;
  while (left > 0) {
    d = addCalendarDays(d, -1);
    if (cal.isWorkingDay(d)) left -= 1;
  }
  return d;
}

/** Every reminder of one deadline, in time order. */
export function remindersOf(d: DeadlineState, cal: WorkingCalendar, policy: ReminderPolicy): Reminder[] {
  if (d.window || (d.status !== 'open' && d.status !== 'overdue')) return [];
  const out: Reminder[] = [];
  const add = (stage: ReminderStage, on: IsoDate, audience: Reminder['audience'], overdueWorkingDays = 0) => {
    if (on <= d.from) return; // not before the deadline existed
    out.push({
      key: `${d.kind}|${d.dueDate}|${stage}`,
      kind: d.kind,
      dueDate: d.dueDate,
      stage,
      on,
      at: instant(on, policy.hour),
      audience,
      overdueWorkingDays,
    });
  };
  for (const n of [...policy.beforeWorkingDays].filter((n) => n > 0).sort((a, b) => b - a))
    add(`before_${n}`, workingDaysBefore(cal, d.dueDate, n), 'handlers');
  if (policy.onDueDay) add('due_today', d.dueDate, 'handlers');
  if (policy.overdueEveryWorkingDays > 0) {
    for (let k = 1; k <= OVERDUE_HORIZON; k++) {
      const n = k * policy.overdueEveryWorkingDays;
      add(`overdue_${n}`, cal.addWorkingDays(d.dueDate, n), 'handlers', n);
    }
  }
  if (policy.escalateAfterOverdueWorkingDays > 0) {
    const n = policy.escalateAfterOverdueWorkingDays;
    add('escalation', cal.addWorkingDays(d.dueDate, n), 'escalation', n);
  }
  return out.sort((a, b) => a.at - b.at);
}

/**
 * Reminders due by `now` that were not sent, and the instant of the next one. Nothing while suspended (time suspended
 * is not counted, 003 art.23).
 */
export function pendingReminders(
  state: CaseState,
  cal: WorkingCalendar,
  policy: ReminderPolicy,
  now: number,
  sent: ReadonlySet<string>,
): { send: Reminder[]; skip: string[]; nextAt: number | null } {
  if (state.phase === 'suspended') return { send: [], skip: [], nextAt: null };
  const due: Reminder[] = [];
  let nextAt: number | null = null;
  for (const d of Object.values(state.deadlines)) {
    if (!d) continue;
    for (const r of remindersOf(d, cal, policy)) {
      if (sent.has(r.key)) continue;
      if (r.at <= now) due.push(r);
      else if (nextAt === null || r.at < nextAt) nextAt = r.at;
    }
  }
  // Only the latest stage of each deadline goes out when several fell due together (e.g. a backdated case): no burst.
  const latest = new Map<string, Reminder>();
  for (const r of due) {
    const k = `${r.kind}|${r.dueDate}|${r.audience}`;
    if (!latest.has(k) || latest.get(k)!.at < r.at) latest.set(k, r);
  }
  const send = [...latest.values()].sort((a, b) => a.at - b.at);
  const sending = new Set(send.map((r) => r.key));
  // the superseded ones are recorded as done without a mail
  return { send, skip: due.filter((r) => !sending.has(r.key)).map((r) => r.key), nextAt };
}
