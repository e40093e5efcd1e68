/**
 * An expiry wave (issue 21, point 3) at a small size: many deadlines due at the same instant (cases received the same
 * day), time skipped past their reminders and the due instant at once. Every reminder stage and every overdue event must
 * be there exactly once per case (and each reminder once per recipient, sent), none lost, none doubled. The benchmark
 * (bench/scale.bench.ts --wave) runs the same at 2,000 and measures how long it takes and the API's reads meanwhile.
 */
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { computeDeadline, isoDateOf, SHANGHAI_OFFSET_MS } from '@libs/domain/src/calendar';
import { eventually } from '../support/wait';
import { CALENDAR, getStateQuery, openTestCase, startWorkflowEnv, type WorkflowTestEnv } from '../support/workflow-env';

const CASES = 30;
const HANDLERS_B = ['hospb.admin@example.org', 'hospb.officer@example.org'];
const STAGES = ['before_5', 'before_1', 'due_today'];

describe('expiry wave: deadlines due at the same instant (time-skipping server, real PostgreSQL and SMTP)', { timeout: 240_000 }, () => {
  let t: WorkflowTestEnv;
  before(async () => {
    t = await startWorkflowEnv();
  });
  after(async () => {
    await t?.stop();
  });

  it(`${CASES} acceptance deadlines due together: every reminder and every overdue event exactly once`, async () => {
    const received = isoDateOf(await t.env.currentTimeMs());
    const due = computeDeadline(CALENDAR, received, { amount: 15, unit: 'working_days' });
    const opened: Array<Awaited<ReturnType<typeof openTestCase>>> = [];
    for (let i = 0; i < CASES; i++) opened.push(await openTestCase(t, { org: 'hospitalB', receivedAt: received }));
    await Promise.all(opened.map((c) => c.handle.query(getStateQuery)));
    await eventually(async () => {
      const [{ n }] = (await t.db.query(
        `SELECT count(*)::int AS n FROM case_deadlines WHERE case_id = ANY($1::uuid[]) AND status = 'open'`,
        [opened.map((c) => c.id)],
      )) as Array<{ n: number }>;
      return n === CASES;
    }, 'every case projected');

    // Past the due instant (23:59:59 Asia/Shanghai of the due day), before the first overdue reminder (5 working days on).
    const dueAt = Date.parse(`${due.dueDate}T23:59:59Z`) - SHANGHAI_OFFSET_MS;
    await t.env.sleep(dueAt + 60_000 - (await t.env.currentTimeMs()));
    await Promise.all(opened.map((c) => c.handle.query(getStateQuery)));

    const ids = opened.map((c) => c.id);
    const overdue = await eventually(
      async () => {
        const rows = (await t.db.query(
          `SELECT case_id, data FROM case_events WHERE case_id = ANY($1::uuid[]) AND type = 'deadline_overdue' ORDER BY case_id`,
          [ids],
        )) as Array<{ case_id: string; data: { kind: string; dueDate: string } }>;
        return rows.length >= CASES && rows;
      },
      'the overdue events',
      60_000,
    );
    // Exactly one per case, for the acceptance deadline due that day.
    expect(overdue.map((r) => r.case_id)).toEqual([...ids].sort());
    expect(overdue.every((r) => r.data.kind === 'acceptance' && r.data.dueDate === due.dueDate)).toBe(true);
    const [{ n: projected }] = (await t.db.query(
      `SELECT count(*)::int AS n FROM case_deadlines WHERE case_id = ANY($1::uuid[]) AND kind = 'acceptance' AND status = 'overdue'`,
      [ids],
    )) as Array<{ n: number }>;
    expect(projected).toBe(CASES);

    // Every reminder stage before the instant went out once per case and recipient, and was sent.
    const reminders = await eventually(
      async () => {
        const rows = (await t.db.query(
          `SELECT case_id, stage, recipient_email, status FROM notifications
          WHERE case_id = ANY($1::uuid[]) AND kind = 'deadline_reminder' ORDER BY case_id, stage, recipient_email`,
          [ids],
        )) as Array<{ case_id: string; stage: string; recipient_email: string; status: string }>;
        return rows.length >= CASES * STAGES.length * HANDLERS_B.length && rows.every((r) => r.status === 'sent') && rows;
      },
      'the reminders sent',
      60_000,
    );
    expect(reminders.length).toBe(CASES * STAGES.length * HANDLERS_B.length);
    for (const c of opened) {
      const mine = reminders.filter((r) => r.case_id === c.id);
      expect(mine.map((r) => `${r.stage} ${r.recipient_email}`).sort()).toEqual(
        STAGES.flatMap((st) => HANDLERS_B.map((h) => `${st} ${h}`)).sort(),
      );
      // and the SMTP server received each once
      expect(t.smtp.mails.filter((m) => m.subject.includes(c.number)).length).toBe(STAGES.length * HANDLERS_B.length);
    }
  });
});
