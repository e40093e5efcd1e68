import { WorkingCalendar } from '../calendar';
import { chineseDaysCalendarYears } from '../calendar/chinese-days.seed';
import {
  DEFAULT_REMINDER_POLICY,
  effectiveReminderPolicy,
  isReminderPolicy,
  normaliseReminderPolicy,
  pendingReminders,
  remindersOf,
  workingDaysBefore,
} from './reminders';
import type { CaseState, DeadlineState } from './lifecycle';

const CAL = new WorkingCalendar(chineseDaysCalendarYears(require('chinese-days/dist/chinese-days.json')));
const at = (local: string) => Date.parse(`${local}:00+08:00`);

function deadline(over: Partial<DeadlineState> = {}): DeadlineState {
  return {
    kind: 'investigation',
    dueDate: '2026-10-09',
    dueAt: '2026-10-09T23:59:59+08:00',
    dueAtMs: at('2026-10-09T23:59') + 59_000,
    provisional: false,
    provisionalYears: [],
    status: 'open',
    window: false,
    from: '2026-04-09',
    period: { amount: 6, unit: 'months' },
    adjustments: [],
    ...over,
  };
}

function state(deadlines: DeadlineState[], phase: CaseState['phase'] = 'investigation'): CaseState {
  return { phase, deadlines: Object.fromEntries(deadlines.map((d) => [d.kind, d])) } as unknown as CaseState;
}

describe('reminder schedule (working days, Asia/Shanghai 09:00)', () => {
  it('counts back over the Mid-Autumn holiday and forward over the National Day make-up Saturday', () => {
    // due Fri 2026-10-09. Back 5 working days: 10/8 (1), 9/30 (2), 9/29 (3), 9/28 (4), [9/25–27 中秋 off], 9/24 (5).
    // Forward: Sat 10/10 is a make-up working day (1), 10/12 (2) ... 10/15 (5); 10 working days: 10/22.
    const r = remindersOf(deadline(), CAL, DEFAULT_REMINDER_POLICY);
    expect(r.slice(0, 5).map((x) => [x.stage, x.on, x.audience])).toEqual([
      ['before_5', '2026-09-24', 'handlers'],
      ['before_1', '2026-10-08', 'handlers'],
      ['due_today', '2026-10-09', 'handlers'],
      ['overdue_5', '2026-10-15', 'handlers'],
      ['overdue_10', '2026-10-22', 'handlers'],
    ]);
    expect(r.find((x) => x.stage === 'escalation')).toMatchObject({ on: '2026-10-22', audience: 'escalation', overdueWorkingDays: 10 });
    expect(new Date(r[0]!.at).toISOString()).toBe('2026-09-24T01:00:00.000Z'); // 09:00 +08:00
    expect(workingDaysBefore(CAL, '2026-10-09', 1)).toBe('2026-10-08');
  });

  it('the keys name the due date, so a moved deadline gets a fresh schedule', () => {
    const before = remindersOf(deadline(), CAL, DEFAULT_REMINDER_POLICY).map((r) => r.key);
    const moved = remindersOf(deadline({ dueDate: '2026-12-09' }), CAL, DEFAULT_REMINDER_POLICY).map((r) => r.key);
    expect(before[0]).toBe('investigation|2026-10-09|before_5');
    expect(moved.some((k) => before.includes(k))).toBe(false);
  });

  it("no reminders for met or closed deadlines, parties' windows, or stages before the deadline existed", () => {
    expect(remindersOf(deadline({ status: 'met' }), CAL, DEFAULT_REMINDER_POLICY)).toEqual([]);
    expect(remindersOf(deadline({ window: true, kind: 'defence' }), CAL, DEFAULT_REMINDER_POLICY)).toEqual([]);
    const short = remindersOf(deadline({ from: '2026-10-06' }), CAL, DEFAULT_REMINDER_POLICY);
    expect(short[0]!.stage).toBe('before_1'); // 5 working days before lies before 10/06
  });

  it('sends what fell due and was not sent, only the latest stage of a burst, and says when to wake next', () => {
    const s = state([deadline()]);
    const none = pendingReminders(s, CAL, DEFAULT_REMINDER_POLICY, at('2026-09-24T08:59'), new Set());
    expect(none.send).toEqual([]);
    expect(none.nextAt).toBe(at('2026-09-24T09:00'));

    const one = pendingReminders(s, CAL, DEFAULT_REMINDER_POLICY, at('2026-09-24T09:00'), new Set());
    expect(one.send.map((r) => r.stage)).toEqual(['before_5']);

    // a backdated case found at 10/09 10:00: before_5 and before_1 are superseded by due_today
    const burst = pendingReminders(s, CAL, DEFAULT_REMINDER_POLICY, at('2026-10-09T10:00'), new Set());
    expect(burst.send.map((r) => r.stage)).toEqual(['due_today']);
    expect(burst.skip).toEqual(['investigation|2026-10-09|before_5', 'investigation|2026-10-09|before_1']);
    expect(burst.nextAt).toBe(at('2026-10-15T09:00'));

    const sent = new Set([...burst.skip, burst.send[0]!.key]);
    expect(pendingReminders(s, CAL, DEFAULT_REMINDER_POLICY, at('2026-10-09T10:00'), sent).send).toEqual([]);
  });

  it("escalation goes out separately from the handlers' reminder of the same day", () => {
    const s = state([deadline({ status: 'overdue' })]);
    const sent = new Set(
      remindersOf(deadline(), CAL, DEFAULT_REMINDER_POLICY)
        .filter((r) => r.on < '2026-10-22')
        .map((r) => r.key),
    );
    const r = pendingReminders(s, CAL, DEFAULT_REMINDER_POLICY, at('2026-10-22T09:30'), sent);
    expect(r.send.map((x) => [x.stage, x.audience]).sort()).toEqual([
      ['escalation', 'escalation'],
      ['overdue_10', 'handlers'],
    ]);
  });

  it('nothing while the case is suspended (003 art.23)', () => {
    expect(pendingReminders(state([deadline()], 'suspended'), CAL, DEFAULT_REMINDER_POLICY, at('2026-10-09T10:00'), new Set())).toEqual({
      send: [],
      skip: [],
      nextAt: null,
    });
  });

  it('the policy is data: other stages, no overdue repeats, no escalation', () => {
    const r = remindersOf(deadline(), CAL, {
      beforeWorkingDays: [3],
      onDueDay: false,
      overdueEveryWorkingDays: 0,
      escalateAfterOverdueWorkingDays: 0,
      hour: 8,
    });
    expect(r.map((x) => [x.stage, x.on])).toEqual([['before_3', '2026-09-29']]);
  });
});

describe('effectiveReminderPolicy: organisation over policy profile over product default (issue 7)', () => {
  const profile = { beforeWorkingDays: [3], onDueDay: true, overdueEveryWorkingDays: 3, escalateAfterOverdueWorkingDays: 6, hour: 8 };
  const org = { beforeWorkingDays: [10, 2], onDueDay: false, overdueEveryWorkingDays: 0, escalateAfterOverdueWorkingDays: 0, hour: 17 };
  it('takes the most specific valid setting', () => {
    expect(effectiveReminderPolicy(org, profile)).toEqual({ policy: org, source: 'organisation' });
    expect(effectiveReminderPolicy(null, profile)).toEqual({ policy: profile, source: 'policy_profile' });
    expect(effectiveReminderPolicy(undefined, null)).toEqual({ policy: DEFAULT_REMINDER_POLICY, source: 'default' });
  });
  it('skips a stored value that is not a valid policy instead of trusting it', () => {
    expect(effectiveReminderPolicy({ ...org, hour: 24 }, profile).source).toBe('policy_profile');
    expect(effectiveReminderPolicy({ ...org, beforeWorkingDays: [0] }, null).source).toBe('default');
    expect(effectiveReminderPolicy('x', { ...profile, onDueDay: 'yes' }).source).toBe('default');
    expect(isReminderPolicy(DEFAULT_REMINDER_POLICY)).toBe(true);
  });
  it('a profile stage changes the schedule of its deadlines (data, not code)', () => {
    const d = deadline();
    const stages = (p: unknown) => remindersOf(d, CAL, effectiveReminderPolicy(null, p).policy).map((r) => r.stage);
    expect(stages(null).slice(0, 3)).toEqual(['before_5', 'before_1', 'due_today']);
    expect(stages(profile).slice(0, 3)).toEqual(['before_3', 'due_today', 'overdue_3']);
    expect(normaliseReminderPolicy({ ...org, beforeWorkingDays: [2, 10, 2] }).beforeWorkingDays).toEqual([10, 2]);
  });
});
