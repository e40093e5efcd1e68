/**
 * Calendar reload as a job (issue 21, point 2), end to end at a small size: loading a notice answers 202 at once with
 * a job; the job's workflow signals every open case and lead in pages at a bounded rate; each recounts its deadlines,
 * projects them and tells the handlers of a moved due date. Checked: nothing lost (every target signalled, every
 * deadline moved and projected, every notice sent) and nothing doubled (one `deadline_recomputed` event and one notice
 * per moved deadline and recipient) — also when the worker stops in the middle of the job and starts again, and when
 * the same notice is loaded a second time. Slow pages on purpose (CALENDAR_RELOAD_* below), so the stop lands mid-job.
 */
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { computeDeadline, isoDateOf, WorkingCalendar, type CalendarYear } from '@libs/domain/src/calendar';
import { DEMO_ORGS } from '@libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';
import { eventually } from '../support/wait';

const CASES = 24;
const LEADS = 4;
const PAGE = 7;

describe('calendar reload job: every open case and lead told once, nothing lost or doubled', () => {
  let s: E2EStack;
  let officer: string;
  let admin: string;
  let sysadmin: string;
  let known: CalendarYear[];
  let dayOff: string; // the working day the new notice makes a day off
  let notice: CalendarYear;
  const cases: Array<{ id: string; number: string; due: string }> = [];
  const leads: Array<{ id: string; due: string }> = [];
  const today = isoDateOf(Date.now());

  before(async () => {
    // Small, slow pages: 7 targets a page at 4 signals a second, so the job runs for several seconds.
    Object.assign(process.env, {
      CALENDAR_RELOAD_PAGE_SIZE: String(PAGE),
      CALENDAR_RELOAD_SIGNALS_PER_SECOND: '4',
      CALENDAR_RELOAD_CONCURRENCY: '2',
    });
    s = await startStack();
    officer = await s.login('hospb.officer');
    admin = await s.login('hospb.admin');
    sysadmin = await s.login('nhc.sysadmin');
  });
  after(async () => {
    for (const k of ['CALENDAR_RELOAD_PAGE_SIZE', 'CALENDAR_RELOAD_SIGNALS_PER_SECOND', 'CALENDAR_RELOAD_CONCURRENCY'])
      delete process.env[k];
    await s?.stop();
  });

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const reloadOf = async (id: string) =>
    (await s.http.get(`/api/v1/calendar/reloads/${id}`).set(as(sysadmin)).expect(200)).body as Record<string, unknown> & {
      status: string;
      total: number;
      signalled: number;
      failed: number;
      pending: number;
    };
  const acceptanceDue = (cal: WorkingCalendar) => computeDeadline(cal, today, { amount: 15, unit: 'working_days' }).dueDate;
  const triageDue = (cal: WorkingCalendar) => cal.addWorkingDays(today, 15);
  const recomputedEvents = async () =>
    (await s.db.query(
      `SELECT c.number, e.data FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.type = 'deadline_recomputed' ORDER BY c.number, e.seq`,
    )) as Array<{ number: string; data: { kind: string; from: string; to: string } }>;
  const movedNotices = async () =>
    (await s.db.query(
      `SELECT c.number, n.recipient_email, n.status, to_char(n.due_date, 'YYYY-MM-DD') AS due FROM notifications n JOIN cases c ON c.id = n.case_id
        WHERE n.kind = 'due_date_moved' ORDER BY c.number, n.recipient_email`,
    )) as Array<{ number: string; recipient_email: string; status: string; due: string }>;

  it(`opens ${CASES} cases and ${LEADS} leads whose deadlines run over the next working day`, async () => {
    known = ((await s.http.get('/api/v1/calendar/years').set(as(officer)).expect(200)).body as CalendarYear[]).map(
      ({ year, holidays, makeupWorkdays }) => ({
        year,
        holidays,
        makeupWorkdays,
      }),
    );
    const cal = new WorkingCalendar(known);
    dayOff = cal.addWorkingDays(today, 1);
    const year = Number(dayOff.slice(0, 4));
    const base = known.find((y) => y.year === year) ?? { year, holidays: [`${year}-01-01`], makeupWorkdays: [] };
    notice = {
      year,
      holidays: [...new Set([...base.holidays, dayOff])].sort(),
      makeupWorkdays: base.makeupWorkdays.filter((d) => d !== dayOff),
    };
    for (let i = 0; i < CASES; i++) {
      const res = await s.http
        .post('/api/v1/cases')
        .set(as(officer))
        .send({
          source: 'report',
          handlingOrgId: DEMO_ORGS.hospitalB.id,
          receivedAt: today,
          title: `批量案件 ${i}`,
          allegations: ['2'],
          subjects: [{ name: '王五', organisation: DEMO_ORGS.hospitalB.name }],
        })
        .expect(201);
      cases.push({ id: res.body.id, number: res.body.number, due: acceptanceDue(cal) });
    }
    for (let i = 0; i < LEADS; i++) {
      const res = await s.http
        .post('/api/v1/leads')
        .set(as(admin))
        .send({ title: `媒体报道 ${i}`, category: 'media', receivedOn: today })
        .expect(201);
      expect(res.body.triage.dueDate).toBe(triageDue(cal));
      leads.push({ id: res.body.id, due: res.body.triage.dueDate });
    }
    // Every workflow projected its first state (nothing else in flight when the notice comes).
    await eventually(async () => {
      const [{ n }] = (await s.db.query(
        `SELECT count(*)::int AS n FROM case_deadlines WHERE kind = 'acceptance' AND status = 'open'`,
      )) as Array<{ n: number }>;
      return n === CASES;
    }, 'the cases projected');
  });

  it('answers 202 at once with the job; a worker stopped mid-job resumes it; every target told once, every due date moved once', async () => {
    const res = await s.http
      .put(`/api/v1/calendar/years/${notice.year}`)
      .set(as(sysadmin))
      .send({ holidays: notice.holidays, makeupWorkdays: notice.makeupWorkdays })
      .expect(202);
    const id = res.body.reload.id as string;
    expect(res.headers.location).toBe(`/api/v1/calendar/reloads/${id}`);
    expect(res.body.reload).toMatchObject({ status: 'running', total: CASES + LEADS, pageSize: PAGE, signalsPerSecond: 4 });

    // Stop the worker once the first page is through, while targets are still pending.
    await eventually(async () => (await reloadOf(id)).signalled >= PAGE, 'the first page signalled', 30_000);
    await s.stopWorker();
    const stopped = await reloadOf(id);
    expect(stopped).toMatchObject({ status: 'running', failed: 0 });
    expect(stopped.pending).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await reloadOf(id)).signalled).toBe(stopped.signalled); // nothing moves without a worker
    await s.startWorker();

    const done = await eventually(
      async () => {
        const r = await reloadOf(id);
        return r.status !== 'running' && r;
      },
      'the job finished',
      60_000,
    );
    expect(done).toMatchObject({
      status: 'completed',
      total: CASES + LEADS,
      signalled: CASES + LEADS,
      failed: 0,
      pending: 0,
      failures: [],
    });

    const cal = new WorkingCalendar([...known.filter((y) => y.year !== notice.year), notice]);
    for (const c of cases) c.due = acceptanceDue(cal);
    const before = acceptanceDue(new WorkingCalendar(known));
    expect(cases[0]!.due > before).toBe(true);
    // Every case: the acceptance deadline projected at the new date, and exactly one recomputed event for it.
    await eventually(
      async () => {
        const rows = (await s.db.query(
          `SELECT to_char(due_date, 'YYYY-MM-DD') AS due FROM case_deadlines WHERE kind = 'acceptance' AND due_date = $1`,
          [cases[0]!.due],
        )) as unknown[];
        return rows.length === CASES;
      },
      'every acceptance deadline moved',
      30_000,
    );
    const events = await recomputedEvents();
    expect(events.map((e) => e.number)).toEqual(cases.map((c) => c.number).sort());
    for (const e of events) expect(e.data).toMatchObject({ kind: 'acceptance', from: before, to: cases[0]!.due });
    // Every open lead was told too (a lead recounts only a year it had counted provisionally: lead.workflow.ts).
    const told = (await s.db.query(
      `SELECT t.workflow_id FROM calendar_reload_targets t JOIN leads l ON l.workflow_id = t.workflow_id WHERE t.reload_id = $1 AND t.status = 'signalled'`,
      [id],
    )) as unknown[];
    expect(told.length).toBe(LEADS);

    // The handlers told once per moved due date: the same recipients for every case (one organisation), each mail sent.
    // Bounded wait, not a timing claim: on a loaded 2-core machine 24 cases' mails took longer than 30 s once (CI).
    const notices = await eventually(
      async () => {
        const n = await movedNotices();
        return n.length > 0 && n.every((x) => x.status === 'sent') && new Set(n.map((x) => x.number)).size === CASES && n;
      },
      'the moved-due-date notices sent',
      90_000,
    );
    const recipients = notices.filter((n) => n.number === cases[0]!.number).map((n) => n.recipient_email);
    expect(recipients.length).toBeGreaterThan(0);
    expect(notices.length).toBe(CASES * recipients.length);
    for (const c of cases) expect(notices.filter((n) => n.number === c.number).map((n) => n.recipient_email)).toEqual(recipients);
    expect(notices.every((n) => n.due === cases[0]!.due)).toBe(true);
    const mails = s
      .mail!.messages()
      .filter((m) => /SC-\d{4}-\d+/.test(m.subject ?? '') && (m.text ?? '').includes(cases[0]!.due) && (m.text ?? '').includes(before));
    expect(mails.length).toBe(CASES * recipients.length);
  });

  it('the same notice loaded again is a new job that moves nothing and sends nothing (delivery twice is harmless)', async () => {
    const eventsBefore = await recomputedEvents();
    const noticesBefore = await movedNotices();
    const res = await s.http
      .put(`/api/v1/calendar/years/${notice.year}`)
      .set(as(sysadmin))
      .send({ holidays: notice.holidays, makeupWorkdays: notice.makeupWorkdays })
      .expect(202);
    const done = await eventually(
      async () => {
        const r = await reloadOf(res.body.reload.id);
        return r.status !== 'running' && r;
      },
      'the second job finished',
      60_000,
    );
    expect(done).toMatchObject({ status: 'completed', signalled: CASES + LEADS, failed: 0, pending: 0 });
    // Give the workflows time to handle the signals (each is a workflow task), then compare.
    await eventually(async () => {
      const [{ n }] = (await s.db.query(
        `SELECT count(*)::int AS n FROM calendar_reload_targets t WHERE t.reload_id = $1 AND t.status = 'signalled'`,
        [res.body.reload.id],
      )) as Array<{ n: number }>;
      return n === CASES + LEADS;
    }, 'all signalled');
    await new Promise((r) => setTimeout(r, 2000));
    expect(await recomputedEvents()).toEqual(eventsBefore);
    expect(await movedNotices()).toEqual(noticesBefore);
  });

  it('GET /calendar/reloads/:id: system_admin only, 400 for a malformed id, 404 for an unknown job', async () => {
    const [{ id }] = (await s.db.query(`SELECT id FROM calendar_reloads LIMIT 1`)) as Array<{ id: string }>;
    await s.http.get(`/api/v1/calendar/reloads/${id}`).set(as(officer)).expect(403);
    await s.http.get(`/api/v1/calendar/reloads/${id}`).expect(401);
    const bad = await s.http.get('/api/v1/calendar/reloads/not-a-uuid').set(as(sysadmin)).expect(400);
    expect(bad.body).toMatchObject({ error: 'VALIDATION_FAILED', message: expect.stringMatching(/^id: /) });
    const unknown = await s.http.get('/api/v1/calendar/reloads/00000000-0000-4000-8000-000000000000').set(as(sysadmin)).expect(404);
    expect(unknown.body).toMatchObject({ error: 'NOT_FOUND' });
  });
});
