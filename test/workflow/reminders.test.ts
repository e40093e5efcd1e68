/**
 * Reminders are timers of the case workflow (issue: reminders): they go out at 09:00 Asia/Shanghai on the working day
 * the schedule names, through the real notification activity to a real SMTP server, and move with the deadline.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { computeDeadline, extendDeadline, isoDateOf, SHANGHAI_OFFSET_MS } from '@libs/domain/src/calendar';
import { workingDaysBefore } from '@libs/domain/src/case/reminders';
import { eventually } from '../support/wait';
import { act, CALENDAR, getStateQuery, openTestCase, startWorkflowEnv, type WorkflowTestEnv } from '../support/workflow-env';

const nineAm = (day: string) => Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS + 9 * 3_600_000;
const HANDLERS_B = ['hospb.admin@example.org', 'hospb.officer@example.org'];

describe('deadline reminders (time-skipping server, real SMTP)', { timeout: 180_000 }, () => {
  let t: WorkflowTestEnv;
  before(async () => {
    t = await startWorkflowEnv();
  });
  after(async () => {
    await t?.stop();
  });

  const mailsOf = (number: string) => t.smtp.mails.filter((m) => m.subject.includes(number));
  const sleepUntil = async (ms: number) => t.env.sleep(Math.max(1, ms - (await t.env.currentTimeMs())));

  it('the 5-working-day reminder goes to the handlers at 09:00 of the right day, not before', async () => {
    const received = isoDateOf(await t.env.currentTimeMs());
    const { number, handle } = await openTestCase(t, { org: 'hospitalB', receivedAt: received });
    const due = computeDeadline(CALENDAR, received, { amount: 15, unit: 'working_days' }).dueDate;
    const fiveBefore = workingDaysBefore(CALENDAR, due, 5);
    await sleepUntil(nineAm(fiveBefore) - 60_000);
    await (handle as WorkflowHandle).query(getStateQuery); // let the workflow settle at this time
    expect(mailsOf(number)).toEqual([]);
    await t.env.sleep('2 minutes');
    const mails = await eventually(async () => mailsOf(number).length >= 2 && mailsOf(number), 'two reminder mails');
    expect(mails.flatMap((m) => m.envelope.to).sort()).toEqual(HANDLERS_B);
    expect(mails[0]!.text).toContain(due);
    expect(mails[0]!.text).toContain(number);
  });

  it('a reminder refused for good is a case event (notice_undelivered) and the other handler still gets it', async () => {
    const received = isoDateOf(await t.env.currentTimeMs());
    const { id, number, handle } = await openTestCase(t, { org: 'hospitalB', receivedAt: received });
    const due = computeDeadline(CALENDAR, received, { amount: 15, unit: 'working_days' }).dueDate;
    t.smtp.onMessage = (m) =>
      m.subject.includes(number) && m.envelope.to.includes('hospb.officer@example.org')
        ? { code: 550, message: '5.1.1 mailbox unavailable' }
        : 'accept';
    try {
      const version = (await handle.query(getStateQuery)).version;
      await sleepUntil(nineAm(workingDaysBefore(CALENDAR, due, 5)) + 60_000);
      const events = await eventually(async () => {
        const rows: Array<{ actor: unknown; data: Record<string, unknown> }> = await t.db.query(
          `SELECT actor, data FROM case_events WHERE case_id = $1 AND type = 'notice_undelivered'`,
          [id],
        );
        return rows.length > 0 && rows;
      }, 'notice_undelivered of the reminder in the projection');
      expect(events).toEqual([
        {
          actor: null,
          data: {
            template: 'deadline_reminder',
            audience: 'handlers',
            stage: expect.any(String),
            deadlineKind: 'acceptance',
            failed: 1,
            unknown: 0,
          },
        },
      ]);
      expect(mailsOf(number).flatMap((m) => m.envelope.to)).toEqual(['hospb.admin@example.org']);
      expect((await handle.query(getStateQuery)).version).toBe(version); // a system event: officers' If-Match still holds
    } finally {
      t.smtp.onMessage = undefined;
    }
  });

  it('an extension moves the reminders to the new due date; the old date stays silent', async () => {
    const received = isoDateOf(await t.env.currentTimeMs());
    const { number, handle } = await openTestCase(t, { org: 'hospitalB', receivedAt: received });
    await act(handle, 'accept', 'case_officer');
    const oldDue = computeDeadline(CALENDAR, received, { amount: 6, unit: 'months' }).dueDate;
    await act(handle, 'request_extension', 'case_officer', { months: 2, reason: '补充鉴定' });
    await act(handle, 'decide_extension', 'unit_head', { approve: true });
    const newDue = extendDeadline(CALENDAR, oldDue, { amount: 2, unit: 'months' }).dueDate;
    const investigationMails = () => mailsOf(number).filter((m) => m.text.includes(oldDue) || m.text.includes(newDue));

    await sleepUntil(nineAm(workingDaysBefore(CALENDAR, oldDue, 5)) + 3_600_000);
    await handle.query(getStateQuery);
    expect(investigationMails()).toEqual([]);

    await sleepUntil(nineAm(workingDaysBefore(CALENDAR, newDue, 5)) + 60_000);
    const mails = await eventually(async () => investigationMails().length >= 2 && investigationMails(), 'reminders for the new due date');
    expect(mails.every((m) => m.text.includes(newDue) && !m.text.includes(oldDue))).toBe(true);
  });

  it('no reminders while suspended; after resume they follow the shifted due date', async () => {
    const received = isoDateOf(await t.env.currentTimeMs());
    const { number, handle } = await openTestCase(t, { org: 'hospitalB', receivedAt: received });
    const accepted = await act(handle, 'accept', 'case_officer');
    const due = accepted.deadlines.find((d) => d.kind === 'investigation')!.dueDate;
    await act(handle, 'suspend', 'unit_head', { reason: '等待鉴定' });
    const sentBefore = mailsOf(number).length;
    // past the investigation's 5- and 1-day reminders and its due day: none goes out while suspended (003 art.23)
    await sleepUntil(nineAm(due) + 3_600_000);
    await handle.query(getStateQuery);
    expect(mailsOf(number).length).toBe(sentBefore);
    const resumed = await act(handle, 'resume', 'case_officer');
    const investigation = resumed.deadlines.find((d) => d.kind === 'investigation')!;
    expect(investigation.status).toBe('open');
    await sleepUntil(nineAm(workingDaysBefore(CALENDAR, investigation.dueDate, 5)) + 60_000);
    const mails = await eventually(
      async () => mailsOf(number).filter((m) => m.text.includes(investigation.dueDate)).length >= 2 && mailsOf(number),
      'reminders after resume',
    );
    expect(mails.length).toBeGreaterThanOrEqual(2);
  });
});
