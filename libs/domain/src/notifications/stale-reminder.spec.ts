/** A reminder checked against the deadline as it stands just before sending (issue 17 point 6). */
import { staleReminderReason } from './stale-reminder';

const reminder = { template: 'deadline_reminder', deadlineKind: 'acceptance', dueDate: '2026-12-10' };

describe('staleReminderReason', () => {
  it('a deadline still running on the same due date: the reminder goes out (open or overdue)', () => {
    expect(staleReminderReason(reminder, { status: 'open', dueDate: '2026-12-10' })).toBeNull();
    expect(staleReminderReason(reminder, { status: 'overdue', dueDate: '2026-12-10' })).toBeNull();
    expect(staleReminderReason({ ...reminder, template: 'deadline_escalation' }, { status: 'overdue', dueDate: '2026-12-10' })).toBeNull();
  });

  it('a deadline met, closed or suspended meanwhile: skipped, saying so', () => {
    expect(staleReminderReason(reminder, { status: 'met', dueDate: '2026-12-10' })).toBe(
      'the acceptance deadline is met (due 2026-12-10); the reminder for 2026-12-10 is no longer due',
    );
    expect(staleReminderReason(reminder, { status: 'closed', dueDate: '2026-12-10' })).toMatch(/is closed/);
    expect(staleReminderReason({ ...reminder, template: 'deadline_escalation' }, { status: 'suspended', dueDate: '2026-12-10' })).toMatch(
      /is suspended .* the escalation/,
    );
  });

  it('a due date moved (extension, resume, calendar reload): skipped; the new date has reminders of its own', () => {
    expect(staleReminderReason(reminder, { status: 'open', dueDate: '2027-02-10' })).toBe(
      'the acceptance deadline moved from 2026-12-10 to 2027-02-10; the reminder for 2026-12-10 is no longer due',
    );
  });

  it('procedural notices, and reminders whose deadline is not projected yet, are not judged here', () => {
    expect(staleReminderReason({ template: 'decision_delivery' }, { status: 'met', dueDate: '2026-12-10' })).toBeNull();
    expect(
      staleReminderReason(
        { template: 'due_date_moved', deadlineKind: 'acceptance', dueDate: '2026-12-10' },
        { status: 'met', dueDate: '2026-12-10' },
      ),
    ).toBeNull();
    expect(staleReminderReason(reminder, null)).toBeNull();
  });
});
