/**
 * The calendar API end to end: deadline arithmetic over the real 2026 State Council notice (RULES.md §3 counting rules),
 * parameter validation, loading holiday notices (system_admin only, validated, versioned), policy profiles, and the
 * rule "Loading that year's calendar recomputes every open deadline that depends on it" through HTTP -> PostgreSQL ->
 * Temporal signal -> workflow -> projection.
 */
import { Client, Connection } from '@temporalio/client';
import { expectAction, postAction } from '../support/actions';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import {
  addCalendarDays,
  computeDeadline,
  isoDateOf,
  weekdayOfDayNumber,
  toDayNumber,
  WorkingCalendar,
  type CalendarYear,
} from '@libs/domain/src/calendar';
import { DEMO_ORGS } from '@libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';
import { eventually } from '../support/wait';

/**
 * An invented 2027 notice (the official one is not published): 元旦 1/1–1/3; 春节 2/6–2/14 with make-up Sunday 1/31 and
 * Saturday 2/20; 清明 4/3–4/5; 劳动节 5/1–5/5 with make-up Saturday 5/8; 端午 6/9; 中秋 9/15; 国庆 10/1–10/7 with make-up
 * Sunday 9/26 and Saturday 10/9.
 */
const NOTICE_2027: CalendarYear = {
  year: 2027,
  holidays: [
    ...['01-01', '01-02', '01-03'],
    ...['02-06', '02-07', '02-08', '02-09', '02-10', '02-11', '02-12', '02-13', '02-14'],
    ...['04-03', '04-04', '04-05'],
    ...['05-01', '05-02', '05-03', '05-04', '05-05'],
    '06-09',
    '09-15',
    ...['10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07'],
  ].map((d) => `2027-${d}`),
  makeupWorkdays: ['2027-01-31', '2027-02-20', '2027-05-08', '2027-09-26', '2027-10-09'],
};

/** The invented notice of `year`, with extra days off (only 2027 has invented festival dates; other years get 元旦). */
function notice(year: number, extraHolidays: string[] = []): CalendarYear {
  const base = year === 2027 ? NOTICE_2027 : { year, holidays: [`${year}-01-01`], makeupWorkdays: [] };
  return { year, holidays: [...new Set([...base.holidays, ...extraHolidays])].sort(), makeupWorkdays: [...base.makeupWorkdays] };
}

/** The PUT body of a notice: the year is in the path, not in the body. */
function body({ holidays, makeupWorkdays }: CalendarYear): { holidays: string[]; makeupWorkdays: string[] } {
  return { holidays, makeupWorkdays };
}

describe('calendar: deadlines over the holiday notices, loading notices, and recomputing open cases', () => {
  let s: E2EStack;
  let officer: string;
  let sysadmin: string;
  let integrityAdmin: string;
  let temporal: Client;

  before(async () => {
    s = await startStack();
    officer = await s.login('hospb.officer');
    sysadmin = await s.login('nhc.sysadmin');
    integrityAdmin = await s.login('hospb.admin');
    temporal = new Client({ connection: await Connection.connect({ address: s.temporalAddress }) });
  });
  after(async () => {
    await temporal?.connection.close();
    await s?.stop();
  });

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const deadline = async (from: string, amount: number | string, unit: string) => {
    const res = await s.http.get('/api/v1/calendar/deadline').query({ from, amount, unit }).set(as(officer)).expect(200);
    return res.body as { dueDate: string; dueAt: string; provisional: boolean };
  };
  const due = async (from: string, amount: number, unit: string) => (await deadline(from, amount, unit)).dueDate;
  /** GET /calendar/reloads/:id until the job has finished. */
  const reloadDone = (id: string) =>
    eventually(async () => {
      const res = await s.http.get(`/api/v1/calendar/reloads/${id}`).set(as(sysadmin)).expect(200);
      return res.body.status !== 'running' && (res.body as Record<string, unknown>);
    }, `calendar reload ${id} finished`);
  const calendarRows = async () => (await s.db.query(`SELECT year, version FROM calendar_years ORDER BY year, version`)) as unknown[];
  const loadedYears = async () => {
    const res = await s.http.get('/api/v1/calendar/years').set(as(officer)).expect(200);
    return res.body as Array<CalendarYear & { version: number; source: string; loadedAt: string }>;
  };
  /** A 400 in the one error body whose message or issues name `param`. */
  const expect400Naming = (
    res: { status: number; body: { message?: unknown; issues?: Array<{ path: string; message: string }> } },
    param: string | RegExp,
    what: string,
  ) => {
    expect({ what, status: res.status }).toEqual({ what, status: 400 });
    const message = [String(res.body.message), ...(res.body.issues ?? []).map((i) => `${i.path}: ${i.message}`)].join('\n');
    expect({ what, message }).toEqual({
      what,
      message: expect.stringMatching(typeof param === 'string' ? new RegExp(`\\b${param}\\b`) : param),
    });
  };

  it('counts working days across National Day 2026: make-up Sunday 9/20 and Saturday 10/10 work, 10/1–10/7 do not', async () => {
    // 2026-09-28 + 15 working days: 9/29, 9/30, (10/1–10/7 off), 10/8, 10/9, 10/10 (Sat, works), 10/12 … 10/23.
    expect(await deadline('2026-09-28', 15, 'working_days')).toEqual({
      dueDate: '2026-10-23',
      dueAt: '2026-10-23T23:59:59+08:00',
      provisional: false,
    });
    expect(await due('2026-09-18', 1, 'working_days')).toBe('2026-09-20'); // Friday -> the make-up Sunday
    expect(await due('2026-09-30', 1, 'working_days')).toBe('2026-10-08'); // over the whole holiday block
    expect(await due('2026-10-09', 1, 'working_days')).toBe('2026-10-10'); // Friday -> the make-up Saturday
    expect(await due('2026-09-24', 1, 'working_days')).toBe('2026-09-28'); // 中秋 9/25–9/27 off
    expect(await due('2026-09-18', 0, 'working_days')).toBe('2026-09-18'); // 0 = the trigger day itself

    const list = await s.http
      .get('/api/v1/calendar/working-days')
      .query({ from: '2026-09-19', to: '2026-10-11' })
      .set(as(officer))
      .expect(200);
    expect(list.body).toEqual({
      from: '2026-09-19',
      to: '2026-10-11',
      count: 11,
      days: [
        '2026-09-20',
        '2026-09-21',
        '2026-09-22',
        '2026-09-23',
        '2026-09-24',
        '2026-09-28',
        '2026-09-29',
        '2026-09-30',
        '2026-10-08',
        '2026-10-09',
        '2026-10-10',
      ],
      provisional: false,
      provisionalYears: [],
    });
  });

  it('counts working days across the 2026 Spring Festival: 2/15–2/23 off, Saturdays 2/14 and 2/28 work', async () => {
    expect(await due('2026-02-13', 1, 'working_days')).toBe('2026-02-14');
    expect(await due('2026-02-14', 1, 'working_days')).toBe('2026-02-24');
    expect(await due('2026-02-10', 5, 'working_days')).toBe('2026-02-24'); // 2/11, 2/12, 2/13, 2/14, 2/24
    expect(await due('2026-02-27', 1, 'working_days')).toBe('2026-02-28');
    const list = await s.http
      .get('/api/v1/calendar/working-days')
      .query({ from: '2026-02-12', to: '2026-03-02' })
      .set(as(officer))
      .expect(200);
    expect(list.body).toMatchObject({
      count: 9,
      days: ['2026-02-12', '2026-02-13', '2026-02-14', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28', '2026-03-02'],
    });
  });

  it('ends month and calendar-day periods on the right day, moving a non-working last day to the next working day', async () => {
    expect(await deadline('2026-08-31', 1, 'months')).toEqual({
      dueDate: '2026-09-30',
      dueAt: '2026-09-30T23:59:59+08:00',
      provisional: false,
    });
    expect(await due('2026-03-31', 6, 'months')).toBe('2026-09-30'); // 9/31 does not exist: the month's last day
    expect(await due('2026-04-04', 6, 'months')).toBe('2026-10-08'); // 10/4 is in 国庆: next working day
    expect(await due('2026-05-19', 1, 'months')).toBe('2026-06-22'); // Friday 6/19 is 端午 (6/19–6/21)
    expect(await deadline('2026-09-20', 15, 'days')).toEqual({
      dueDate: '2026-10-08',
      dueAt: '2026-10-08T23:59:59+08:00',
      provisional: false,
    }); // 10/5 off
    expect(await due('2026-04-20', 15, 'days')).toBe('2026-05-06'); // 5/5 is in 劳动节 (5/1–5/5)
    expect(await due('2026-09-10', 10, 'days')).toBe('2026-09-20'); // a Sunday, but a make-up working day: it stays
  });

  it('marks a period that runs into 2027 (no notice loaded) provisional, counting weekends only', async () => {
    expect(await deadline('2026-12-20', 15, 'working_days')).toEqual({
      dueDate: '2027-01-08',
      dueAt: '2027-01-08T23:59:59+08:00',
      provisional: true,
    });
    expect(await deadline('2026-12-31', 1, 'days')).toEqual({
      dueDate: '2027-01-01',
      dueAt: '2027-01-01T23:59:59+08:00',
      provisional: true,
    });
    expect(await deadline('2026-12-31', 0, 'working_days')).toMatchObject({ dueDate: '2026-12-31', provisional: false });
    expect(await deadline('2026-11-30', 1, 'months')).toMatchObject({ dueDate: '2026-12-30', provisional: false });
    const list = await s.http
      .get('/api/v1/calendar/working-days')
      .query({ from: '2026-12-28', to: '2027-01-05' })
      .set(as(officer))
      .expect(200);
    expect(list.body).toMatchObject({ count: 7, provisional: true, provisionalYears: [2027] });
  });

  it('refuses every bad parameter with 400 naming it', async () => {
    const get = (path: string, query: Record<string, string>) => s.http.get(`/api/v1/calendar/${path}`).query(query).set(as(officer));
    const ok = { from: '2026-09-28', amount: '15', unit: 'working_days' };
    const cases: Array<[string, Record<string, string>, string | RegExp]> = [
      ['missing from', { amount: '15', unit: 'working_days' }, 'from'],
      ['from not a calendar date', { ...ok, from: '2026-02-30' }, /from: from must be a date YYYY-MM-DD \(a calendar date of 1900–2099\)/],
      ['from in another format', { ...ok, from: '28/09/2026' }, 'from'],
      ['negative amount', { ...ok, amount: '-1' }, 'amount'],
      ['amount not a number', { ...ok, amount: 'abc' }, 'amount'],
      ['fractional amount', { ...ok, amount: '1.5' }, 'amount'],
      ['missing amount', { from: ok.from, unit: ok.unit }, 'amount'],
      ['unknown unit', { ...ok, unit: 'weeks' }, /unit must be one of working_days, days, months/],
      ['missing unit', { from: ok.from, amount: ok.amount }, 'unit'],
      ['unknown extra parameter', { ...ok, tz: 'UTC' }, /tz: unknown field/],
      [
        'a date after 2099 (the one date rule: 1900–2099)',
        { from: '9999-12-01', amount: '9999', unit: 'months' },
        /from: from must be a date/,
      ],
      ['a date before 1900', { ...ok, from: '0000-01-01' }, /from: from must be a date/],
    ];
    for (const [what, query, param] of cases) expect400Naming(await get('deadline', query), param, `deadline: ${what}`);

    const range: Array<[string, Record<string, string>, string | RegExp]> = [
      ['to before from', { from: '2026-10-10', to: '2026-10-01' }, /to: must not be before from/],
      ['missing from', { to: '2026-10-01' }, 'from'],
      ['missing to', { from: '2026-10-01' }, 'to'],
      ['to not a calendar date', { from: '2026-10-01', to: '2026-13-01' }, /to: to must be a date YYYY-MM-DD \(a calendar date/],
      ['from not a calendar date', { from: '2026-02-29', to: '2026-03-01' }, /from: from must be a date YYYY-MM-DD \(a calendar date/],
      ['range over ten years', { from: '2000-01-01', to: '2026-01-01' }, /to: the range may span at most/],
      ['unknown extra parameter', { from: '2026-10-01', to: '2026-10-31', unit: 'days' }, /unit: unknown field/],
    ];
    for (const [what, query, param] of range) expect400Naming(await get('working-days', query), param, `working-days: ${what}`);

    await s.http.get('/api/v1/calendar/deadline').query(ok).expect(401); // and a bearer token is needed
  });

  it('describes each policy profile: every deadline kind with its rule and article; unknown profile -> 404', async () => {
    const list = await s.http.get('/api/v1/policy-profiles').set(as(officer)).expect(200);
    expect(list.body.map((p: { code: string }) => p.code).sort()).toEqual(['henan-2021', 'national-2022']);
    const national = list.body.find((p: { code: string }) => p.code === 'national-2022');
    expect(national.deadlines).toEqual(expect.arrayContaining([{ kind: 'acceptance', rule: '15 working days', article: 'art.14' }]));

    const n = await s.http.get('/api/v1/policy-profiles/national-2022').set(as(officer)).expect(200);
    expect(n.body).toMatchObject({ code: 'national-2022', source: '003_4e9e56e49ac7f018.txt' });
    const byKind = (body: { deadlines: Array<{ kind: string }> }) => Object.fromEntries(body.deadlines.map((d) => [d.kind, d]));
    const nd = byKind(n.body);
    expect(nd.acceptance).toMatchObject({
      period: { amount: 15, unit: 'working_days' },
      rule: '15 working days',
      article: 'art.14',
      source: '003_4e9e56e49ac7f018.txt',
      decision: false,
    });
    expect(nd.investigation).toMatchObject({ period: { amount: 6, unit: 'months' }, rule: '6 months', article: 'art.25' });
    expect(nd.review).toMatchObject({ rule: '90 working days', article: 'art.43' });
    expect(nd.defence).toMatchObject({ rule: '5 working days', article: 'art.27', decision: true });
    expect(nd.participating_units_notice).toMatchObject({ rule: '15 working days', article: 'art.24' });
    // A lead's triage (issue 22) is a deadline of every profile, from 004 (leads), a [decision]: 15 working days.
    expect(nd.lead_triage).toMatchObject({
      period: { amount: 15, unit: 'working_days' },
      rule: '15 working days',
      article: '二(一)',
      source: '004_6e9d7c17b611781a.txt',
      decision: true,
    });
    for (const d of n.body.deadlines) {
      expect(d).toEqual(
        expect.objectContaining({
          kind: expect.any(String),
          rule: expect.any(String),
          article: d.kind === 'lead_triage' ? '二(一)' : expect.stringMatching(/^art\.\d+/),
        }),
      );
    }

    const h = await s.http.get('/api/v1/policy-profiles/henan-2021').set(as(officer)).expect(200);
    const hd = byKind(h.body);
    expect(hd.review_application).toMatchObject({
      period: { amount: 15, unit: 'days' },
      rule: '15 calendar days',
      article: 'art.44',
      source: '001_bc0ff0bc5a500df1.txt',
    });
    expect(hd.registry_report).toMatchObject({ rule: '1 month', article: 'art.40' });
    expect(hd.participating_units_notice).toBeUndefined(); // not part of the henan procedure

    const unknown = await s.http.get('/api/v1/policy-profiles/beijing-2030').set(as(officer)).expect(404);
    expect(unknown.body).toMatchObject({ error: 'POLICY_PROFILE_UNKNOWN', message: expect.stringContaining('beijing-2030') });
    await s.http.get('/api/v1/policy-profiles/__proto__').set(as(officer)).expect(404);
  });

  it('lets only a system_admin load a notice: 403 for others, and nothing is stored', async () => {
    const rows = await calendarRows();
    for (const token of [officer, integrityAdmin]) {
      const res = await s.http
        .put('/api/v1/calendar/years/2027')
        .set(as(token))
        .send(body(notice(2027)))
        .expect(403);
      expect(res.body.message).toMatch(/system_admin/);
      // The role is checked before the body: an invalid body from a non-admin is still 403.
      await s.http.put('/api/v1/calendar/years/2027').set(as(token)).send({ holidays: 'nonsense' }).expect(403);
    }
    await s.http
      .put('/api/v1/calendar/years/2027')
      .send(body(notice(2027)))
      .expect(401);
    expect(await calendarRows()).toEqual(rows);
    expect((await loadedYears()).map((y) => y.year)).not.toContain(2027);
    expect(await deadline('2026-12-20', 15, 'working_days')).toMatchObject({ provisional: true });
  });

  it('refuses an invalid notice with 400 and a clear message, and stores nothing', async () => {
    const rows = await calendarRows();
    const put = (year: string | number, b: unknown) =>
      s.http
        .put(`/api/v1/calendar/years/${year}`)
        .set(as(sysadmin))
        .send(b as object);
    const good = body(notice(2027));
    const cases: Array<[string, string | number, unknown, RegExp]> = [
      [
        'a holiday outside the year',
        2027,
        { ...good, holidays: [...good.holidays, '2026-12-31'] },
        /holidays\[\d+\].*2026-12-31 is not in 2027/,
      ],
      ['a make-up day outside the year', 2027, { ...good, makeupWorkdays: ['2028-01-02'] }, /makeupWorkdays\[0\].*is not in 2027/],
      [
        'a day both holiday and make-up day',
        2027,
        { ...good, makeupWorkdays: ['2027-02-06'] },
        /makeupWorkdays\[0\].*2027-02-06 is both a holiday and a make-up working day/,
      ],
      [
        'a make-up day on a Monday',
        2027,
        { ...good, makeupWorkdays: ['2027-02-22'] },
        /makeupWorkdays\[0\].*2027-02-22 is not a Saturday or Sunday/,
      ],
      [
        'a date that does not exist',
        2027,
        { ...good, holidays: ['2027-02-30'] },
        /holidays must be dates YYYY-MM-DD \(calendar dates of 1900–2099\)/,
      ],
      ['a holiday listed twice', 2027, { ...good, holidays: ['2027-01-01', '2027-01-01'] }, /holidays\[1\].*listed twice/],
      ['a date in another format', 2027, { ...good, holidays: ['2027/01/01'] }, /holidays must be dates YYYY-MM-DD/],
      ['holidays not a list', 2027, { ...good, holidays: '2027-01-01' }, /holidays must be an array/],
      ['no holidays at all', 2027, { ...good, holidays: [] }, /holidays must list at least one day off/],
      ['makeupWorkdays missing', 2027, { holidays: good.holidays }, /makeupWorkdays must be an array/],
      ['an unknown field', 2027, { ...good, year: 2027 }, /year: unknown field/],
      ['a year that is not a number', 'next', good, /year: must be a year from 2000 to 2100/],
      ['a year out of range', 1999, { ...good, holidays: ['1999-01-01'], makeupWorkdays: [] }, /year: must be a year from 2000 to 2100/],
    ];
    for (const [what, year, b, message] of cases) expect400Naming(await put(year, b), message, `PUT: ${what}`);
    expect(await calendarRows()).toEqual(rows);
    expect((await loadedYears()).map((y) => y.year)).not.toContain(2027);
  });

  it('keeps versions: loading 2026 again stores version 2, which GET years shows, with the same results', async () => {
    const before = (await loadedYears()).find((y) => y.year === 2026)!;
    expect(before).toMatchObject({ version: 1, source: expect.stringMatching(/^chinese-days@/) });
    const res = await s.http
      .put('/api/v1/calendar/years/2026')
      .set(as(sysadmin))
      .send({ holidays: [...before.holidays].reverse(), makeupWorkdays: before.makeupWorkdays })
      .expect(202);
    expect(res.body).toMatchObject({ year: 2026, version: 2, reload: { year: 2026, version: 2, total: 0 } });
    expect(await reloadDone(res.body.reload.id)).toMatchObject({
      status: 'completed',
      total: 0,
      signalled: 0,
      failed: 0,
      pending: 0,
      failures: [],
    });
    const after = (await loadedYears()).find((y) => y.year === 2026)!;
    expect(after).toMatchObject({
      version: 2,
      source: 'loaded by nhc.sysadmin',
      holidays: before.holidays,
      makeupWorkdays: before.makeupWorkdays,
    });
    expect(await s.db.query(`SELECT version FROM calendar_years WHERE year = 2026 ORDER BY version`)).toEqual([
      { version: 1 },
      { version: 2 },
    ]);
    expect(await due('2026-09-28', 15, 'working_days')).toBe('2026-10-23');
  });

  it('uses a notice stored by another API instance at once (the cached calendar follows the table)', async () => {
    // 2027-12-31 (Friday) + 1 working day touches only 2028: weekends only, Monday 2028-01-03.
    expect(await deadline('2027-12-31', 1, 'working_days')).toEqual({
      dueDate: '2028-01-03',
      dueAt: '2028-01-03T23:59:59+08:00',
      provisional: true,
    });
    await s.db.query(
      `INSERT INTO calendar_years (year, version, holidays, makeup_workdays, source) VALUES (2028, 1, $1, '[]', 'another instance')`,
      [JSON.stringify(['2028-01-01', '2028-01-02', '2028-01-03'])],
    );
    expect(await deadline('2027-12-31', 1, 'working_days')).toEqual({
      dueDate: '2028-01-04',
      dueAt: '2028-01-04T23:59:59+08:00',
      provisional: false,
    });
  });

  describe('loading a year recomputes the open deadlines that depend on it', () => {
    const today = isoDateOf(Date.now());
    let caseId: string;
    let acceptedOn: string;
    let provisionalDue: string; // the investigation due date counted with weekends only
    let year: number; // the year the investigation deadline runs into, not loaded yet
    let known: CalendarYear[]; // the notices loaded before
    const sixMonths = { amount: 6, unit: 'months' } as const;

    const investigation = async () => {
      const res = await s.http.get(`/api/v1/cases/${caseId}`).set(as(officer)).expect(200);
      return (res.body.deadlines as Array<{ kind: string; dueDate: string; provisional: boolean; status: string }>).find(
        (d) => d.kind === 'investigation',
      )!;
    };
    const projected = async () => {
      const [row] = (await s.db.query(
        `SELECT to_char(d.due_date, 'YYYY-MM-DD') AS "dueDate", d.provisional, d.status, to_char(c.next_due_date, 'YYYY-MM-DD') AS "nextDueDate"
           FROM case_deadlines d JOIN cases c ON c.id = d.case_id WHERE d.case_id = $1 AND d.kind = 'investigation'`,
        [caseId],
      )) as Array<{ dueDate: string; provisional: boolean; status: string; nextDueDate: string }>;
      return row;
    };
    const newCase = (receivedAt: string) => ({
      source: 'report',
      handlingOrgId: DEMO_ORGS.hospitalB.id,
      receivedAt,
      title: '数据造假举报',
      allegations: ['2'],
      subjects: [{ name: '王五', organisation: DEMO_ORGS.hospitalB.name }],
      reporter: { name: '赵六', contact: 'zhaoliu@example.org', realName: true },
    });

    it('an accepted case whose 6-month investigation runs into a year without notice has a provisional deadline', async () => {
      known = (await loadedYears()).map(({ year: y, holidays, makeupWorkdays }) => ({ year: y, holidays, makeupWorkdays }));
      const receivedAt = addCalendarDays(today, -2); // never in the future
      const created = await s.http.post('/api/v1/cases').set(as(officer)).send(newCase(receivedAt)).expect(201);
      caseId = created.body.id;
      const acceptance = computeDeadline(new WorkingCalendar(known), receivedAt, { amount: 15, unit: 'working_days' });
      expect(created.body.deadlines).toEqual([
        expect.objectContaining({ kind: 'acceptance', dueDate: acceptance.dueDate, provisional: acceptance.provisional }),
      ]);

      const accepted = await expectAction(s.http, as(officer), 'cases', caseId, 'accept', {}, 200);
      expect(accepted.body.phase).toBe('investigation');
      const timeline = await eventually(async () => {
        const t = await s.http.get(`/api/v1/cases/${caseId}/timeline`).set(as(officer)).expect(200);
        return (t.body as Array<{ type: string; data: { on: string } }>).find((e) => e.type === 'accepted');
      }, 'the accepted event');
      acceptedOn = timeline.data.on;
      expect(acceptedOn >= today && acceptedOn <= isoDateOf(Date.now())).toBe(true); // accepted today (body {})

      const expected = computeDeadline(new WorkingCalendar(known), acceptedOn, sixMonths);
      provisionalDue = expected.dueDate;
      year = Number(provisionalDue.slice(0, 4));
      expect(known.map((y) => y.year)).not.toContain(year);
      expect(expected.provisional).toBe(true);
      expect(accepted.body.deadlines).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'investigation', dueDate: provisionalDue, provisional: true, status: 'open' }),
        ]),
      );
      expect(await investigation()).toMatchObject({ dueDate: provisionalDue, provisional: true, status: 'open' });
      await eventually(async () => {
        const row = await projected();
        return row?.dueDate === provisionalDue && row.provisional && row;
      }, 'the provisional investigation deadline in case_deadlines');
    });

    it(`loading that year's notice moves the deadline to a later working day, no longer provisional, and reports the cases notified`, async () => {
      // A second open case whose workflow is gone: signalling it fails, which must not fail the request.
      const broken = await s.http.post('/api/v1/cases').set(as(officer)).send(newCase(today)).expect(201);
      const brokenHandle = temporal.workflow.getHandle(broken.body.number);
      await eventually(async () => {
        // Idle (projected, no task in flight), so terminating it does not race the worker.
        const { raw } = await brokenHandle.describe();
        const projectedRows = await s.db.query(`SELECT 1 FROM case_events WHERE case_id = $1`, [broken.body.id]);
        return projectedRows.length > 0 && !raw.pendingWorkflowTask && (raw.pendingActivities ?? []).length === 0;
      }, 'the second case projected and idle');
      await brokenHandle.terminate('test: a workflow that cannot be signalled');

      // The notice puts a day off on the provisional due date.
      const loaded = notice(year, [provisionalDue]);
      const res = await s.http.put(`/api/v1/calendar/years/${year}`).set(as(sysadmin)).send(body(loaded)).expect(202);
      expect(res.headers.location).toBe(`/api/v1/calendar/reloads/${res.body.reload.id}`);
      expect(res.body).toMatchObject({ year, version: 1, reload: { status: 'running', total: 2, requestedBy: 'loaded by nhc.sysadmin' } });
      // The job tells the open case; the terminated one is listed as failed (the workflow has ended), never retried.
      expect(await reloadDone(res.body.reload.id)).toMatchObject({
        status: 'completed',
        total: 2,
        signalled: 1,
        failed: 1,
        pending: 0,
        failures: [{ workflowId: broken.body.number, subject: 'case', attempts: 1, error: expect.stringMatching(/^workflow not running/) }],
      });

      const recounted = computeDeadline(new WorkingCalendar([...known, loaded]), acceptedOn, sixMonths);
      expect(recounted.provisional).toBe(false);
      expect(recounted.dueDate > provisionalDue).toBe(true);
      const newDue = recounted.dueDate;
      expect([0, 6]).not.toContain(weekdayOfDayNumber(toDayNumber(newDue)));
      expect(loaded.holidays).not.toContain(newDue);

      const live = await eventually(async () => {
        const d = await investigation();
        return d.dueDate !== provisionalDue && d;
      }, 'the recomputed investigation deadline on the case');
      expect(live).toMatchObject({ dueDate: newDue, provisional: false, status: 'open' });

      const event = await eventually(async () => {
        const t = await s.http.get(`/api/v1/cases/${caseId}/timeline`).set(as(officer)).expect(200);
        return (t.body as Array<{ type: string; data: Record<string, unknown> }>).find((e) => e.type === 'deadline_recomputed');
      }, 'the deadline_recomputed event on the timeline');
      expect(event.data).toEqual({ kind: 'investigation', year, from: provisionalDue, to: newDue, provisional: false });

      const row = await eventually(async () => {
        const r = await projected();
        return r?.dueDate === newDue && r;
      }, 'the moved deadline in case_deadlines');
      expect(row).toEqual({ dueDate: newDue, provisional: false, status: 'open', nextDueDate: newDue });

      const years = await loadedYears();
      expect(years.find((y) => y.year === year)).toMatchObject({
        version: 1,
        source: 'loaded by nhc.sysadmin',
        holidays: loaded.holidays,
        makeupWorkdays: loaded.makeupWorkdays,
      });
      // New computations use the notice at once.
      expect(await deadline(acceptedOn, 6, 'months')).toEqual({ dueDate: newDue, dueAt: `${newDue}T23:59:59+08:00`, provisional: false });
      if (year === 2027)
        expect(await deadline('2026-12-20', 15, 'working_days')).toMatchObject({ dueDate: '2027-01-11', provisional: false }); // 1/1 off
    });

    it('a corrected notice of the same year is version 2: the latest is shown and used, the deadline moves again', async () => {
      const corrected = notice(year); // without the extra day off
      const res = await s.http.put(`/api/v1/calendar/years/${year}`).set(as(sysadmin)).send(body(corrected)).expect(202);
      expect(res.body).toMatchObject({ year, version: 2 });
      expect(await reloadDone(res.body.reload.id)).toMatchObject({ status: 'completed', total: 2, signalled: 1, failed: 1, pending: 0 });
      expect(await s.db.query(`SELECT version FROM calendar_years WHERE year = $1 ORDER BY version`, [year])).toEqual([
        { version: 1 },
        { version: 2 },
      ]);
      expect((await loadedYears()).find((y) => y.year === year)).toMatchObject({ version: 2, holidays: corrected.holidays });

      const expected = computeDeadline(new WorkingCalendar([...known, corrected]), acceptedOn, sixMonths);
      expect(expected.provisional).toBe(false);
      const live = await eventually(async () => {
        const d = await investigation();
        return d.dueDate === expected.dueDate && d;
      }, 'the investigation deadline counted with version 2');
      expect(live).toMatchObject({ provisional: false, status: 'open' });
      await eventually(async () => (await projected())?.dueDate === expected.dueDate, 'case_deadlines counted with version 2');
      expect(await due(acceptedOn, 6, 'months')).toBe(expected.dueDate);
    });
  });
});
