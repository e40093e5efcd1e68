/**
 * A reminder is checked against the case's current deadline just before it is sent (issue 17 point 6). The race as it
 * happened: the workflow queued the reminder while the deadline ran, an officer met the deadline through HTTP, and the
 * reminder reached the officers a moment later. Here the real SMTP server holds the reminder's connection open (its
 * connect hook) while the officer acts, so the order is exact, not a matter of timing; on the old code the mail went
 * out once the connection was let go.
 */
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { computeDeadline, isoDateOf, addCalendarDays } from '@libs/domain/src/calendar';
import { DEMO_ORGS } from '@libs/persistence/src/seed';
import { expectAction } from '../support/actions';
import { startStack, type E2EStack } from '../support/app';
import { startSmtpServer, type TestSmtp } from '../support/smtp';
import { eventually } from '../support/wait';
import { CALENDAR } from '../support/workflow-env';

/**
 * A receipt date whose 15-working-day acceptance deadline (003 art.14) is 5 to 9 working days overdue: the case's first
 * reminder ("5 working days overdue") is due the moment its workflow starts, and no escalation yet (10 days).
 */
function backdatedReceipt(today: string): { receivedAt: string; due: string } {
  for (let back = 20; back < 60; back++) {
    const receivedAt = addCalendarDays(today, -back);
    const due = computeDeadline(CALENDAR, receivedAt, { amount: 15, unit: 'working_days' }).dueDate;
    if (CALENDAR.addWorkingDays(due, 5) < today && CALENDAR.addWorkingDays(due, 10) > today) return { receivedAt, due };
  }
  throw new Error('no suitable receipt date');
}

describe('reminders checked against the current deadline just before sending', () => {
  let s: E2EStack;
  let smtp: TestSmtp;
  const tokens: Record<string, string> = {};
  before(async () => {
    smtp = await startSmtpServer();
    process.env.SMTP_URL = smtp.url;
    s = await startStack();
    for (const u of ['hospb.officer', 'hospb.admin']) tokens[u] = await s.login(u);
  });
  after(async () => {
    await s?.stop();
    await smtp?.stop();
  });
  const as = (u: string) => ({ Authorization: `Bearer ${tokens[u]}` });

  async function openBackdated(title: string) {
    const today = isoDateOf(Date.now());
    const { receivedAt, due } = backdatedReceipt(today);
    const res = await s.http
      .post('/api/v1/cases')
      .set(as('hospb.officer'))
      .send({
        source: 'routine',
        handlingOrgId: DEMO_ORGS.hospitalB.id,
        receivedAt,
        title,
        allegations: ['2'],
        subjects: [{ name: '王五' }],
      })
      .expect(201);
    expect(res.body.deadlines.find((d: { kind: string }) => d.kind === 'acceptance').dueDate).toBe(due);
    return { ...(res.body as { id: string; number: string }), due };
  }
  const outbox = (caseId: string) =>
    s.db.query(
      `SELECT recipient_email, stage, status, skip_reason, handed_over_at FROM notifications WHERE case_id = $1 AND kind = 'deadline_reminder' ORDER BY recipient_email`,
      [caseId],
    ) as Promise<
      Array<{ recipient_email: string; stage: string; status: string; skip_reason: string | null; handed_over_at: Date | null }>
    >;

  it('a deadline met while its reminder waits for the SMTP server: the reminder is skipped with its reason, never sent', async () => {
    // Hold the first connection (the reminder, claimed and connecting) until the officer has met the deadline.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let connected!: () => void;
    const reached = new Promise<void>((r) => (connected = r));
    smtp.onConnect = async () => {
      connected();
      await held;
      return 'continue' as const;
    };
    try {
      const c = await openBackdated('提醒与办结的竞态');
      await reached; // the workflow's reminder is on its way: its outbox rows are written and the first is claimed
      const rows = await outbox(c.id);
      expect(rows.map((r) => [r.stage, r.status])).toEqual([
        ['overdue_5', 'sending'],
        ['overdue_5', 'pending'],
      ]);
      // The officer meets the acceptance deadline; the action answers after its projection is written.
      const accepted = await expectAction(s.http, as('hospb.officer'), 'cases', c.id, 'accept', {}, 200);
      expect(accepted.body.deadlines.find((d: { kind: string }) => d.kind === 'acceptance').status).toBe('met');
      release();
      const done = await eventually(async () => {
        const r = await outbox(c.id);
        return r.every((x) => x.status === 'skipped') && r;
      }, 'both reminder rows skipped');
      const reason = `the acceptance deadline is met (due ${c.due}); the reminder for ${c.due} is no longer due`;
      expect(done.map((r) => [r.recipient_email, r.status, r.skip_reason, r.handed_over_at])).toEqual([
        ['hospb.admin@example.org', 'skipped', reason, null],
        ['hospb.officer@example.org', 'skipped', reason, null],
      ]);
      await new Promise((r) => setTimeout(r, 500));
      expect(smtp.mails.filter((m) => m.subject.includes(c.number))).toEqual([]);
      expect(smtp.transmissions.filter((m) => m.subject.includes(c.number))).toEqual([]);

      // Listed with the reason; a skipped reminder is not re-sent.
      const listed = (await s.http.get(`/api/v1/notifications?status=skipped&caseId=${c.id}`).set(as('hospb.admin')).expect(200)).body;
      expect(listed.items.map((n: { skipReason: string; stage: string }) => [n.stage, n.skipReason])).toEqual([
        ['overdue_5', reason],
        ['overdue_5', reason],
      ]);
      const again = await s.http.post(`/api/v1/notifications/${listed.items[0].id}/retry`).set(as('hospb.admin')).expect(409);
      expect(again.body.message).toMatch(/skipped/);
    } finally {
      release?.();
      smtp.onConnect = undefined;
    }
  });

  it("a reminder refused for now and met before its retry: the retry (an operator's or Temporal's) skips it", async () => {
    smtp.onMessage = () => ({ code: 451, message: '4.3.0 try again later' });
    try {
      const c = await openBackdated('退信后办结');
      const failed = await eventually(async () => {
        const r = await outbox(c.id);
        return r.length === 2 && r.every((x) => x.status === 'failed') && r;
      }, 'both reminder rows failed once');
      expect(failed).toHaveLength(2);
      smtp.onMessage = undefined; // the server would take it now
      await expectAction(s.http, as('hospb.officer'), 'cases', c.id, 'accept', {}, 200);
      const [row] = await s.db.query(
        `SELECT id FROM notifications WHERE case_id = $1 AND kind = 'deadline_reminder' AND status = 'failed' LIMIT 1`,
        [c.id],
      );
      if (row) {
        const resent = (await s.http.post(`/api/v1/notifications/${row.id}/retry`).set(as('hospb.admin')).expect(200)).body;
        expect(resent).toMatchObject({ status: 'skipped', skipReason: expect.stringContaining('the acceptance deadline is met') });
      }
      // Temporal's own retry of the activity (10 s backoff) finds the rest stale too.
      const done = await eventually(
        async () => {
          const r = await outbox(c.id);
          return r.every((x) => x.status === 'skipped') && r;
        },
        'every reminder row skipped',
        40_000,
      );
      expect(done).toHaveLength(2);
      expect(smtp.mails.filter((m) => m.subject.includes(c.number))).toEqual([]);
    } finally {
      smtp.onMessage = undefined;
    }
  });
});
