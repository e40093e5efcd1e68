/**
 * Leads end to end (issue 22; 004 二(一); 000 §1): a made-up Retraction Watch export in its published column layout
 * becomes leads at the right organisations (aliases, nearest common ancestor), duplicates and foreign rows change
 * nothing, unmatched rows wait in the review queue; leads are numbered per organisation and month, also under
 * concurrent creation; triage by the holder's integrity administrator (dispatch to a child, open a case through the
 * case registration, close with a reason) in the action pipeline's order; a missed triage deadline is overdue in the
 * supervision list and summary, counted in working days, with reminder and escalation mails; a paper of the national
 * import is a lead triaged by its dispatch; visibility, roles, exports, OpenAPI.
 */
import ExcelJS from 'exceljs';
import { expect } from 'expect';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addCalendarDays, isoDateOf, overdueWorkingDays, WorkingCalendar, type CalendarYear } from '@libs/domain/src/calendar';
import { DEMO_ORGS } from '@libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';
import { createIntegrityAdmins } from '../support/users';
import { ROOT } from '../support/servers';
import { eventually } from '../support/wait';

const FIXTURE = readFileSync(join(ROOT, 'test/fixtures/retraction-watch-sample.csv'));

interface Lead {
  id: string;
  number: string;
  status: string;
  holder: { orgId: string; name: string };
  version: number;
  caseId: string | null;
  caseNumber: string | null;
  paperId: string | null;
  allowedActions: string[];
  triage: { round: number; dueDate: string; status: string; overdueWorkingDays: number; remainingWorkingDays: number } | null;
  deadlines?: Array<{ round: number; status: string; orgId: string }>;
}

describe('leads: monitoring import, numbering, triage, overdue supervision (issue 22)', () => {
  let s: E2EStack;
  const tok: Record<string, string> = {};
  const as = (u: string) => ({ Authorization: `Bearer ${tok[u]}` });
  const month = isoDateOf(Date.now()).slice(0, 7).replace('-', '');
  const lead = async (u: string, id: string): Promise<Lead> => (await s.http.get(`/api/v1/leads/${id}`).set(as(u)).expect(200)).body;
  const act = async (u: string, id: string, action: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const got = await s.http.get(`/api/v1/leads/${id}`).set(as(u));
    const req = s.http.post(`/api/v1/leads/${id}/actions/${action}`).set(as(u));
    if (got.status === 200) req.set('If-Match', got.headers.etag as string);
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    return req.send(body);
  };
  const imported: Record<string, string> = {};

  before(async () => {
    s = await startStack();
    tok['nhc.sysadmin'] = await s.login('nhc.sysadmin');
    await createIntegrityAdmins(s, tok['nhc.sysadmin']!, [
      ['nhc.admin', 'national'],
      ['zz.admin', 'cityA'],
    ]);
    for (const u of [
      'nhc.admin',
      'nhc.supervisor',
      'henan.admin',
      'henan.supervisor',
      'zz.admin',
      'hospa.admin',
      'hospa.officer',
      'hospb.admin',
    ])
      tok[u] = await s.login(u);
  });
  after(async () => {
    await s?.stop();
  });

  it('aliases: integrity administrators of the organisation or above set them; others are refused', async () => {
    const put = (u: string, org: 'hospitalA' | 'hospitalB', aliases: unknown) =>
      s.http.put(`/api/v1/organisations/${DEMO_ORGS[org].id}/aliases`).set(as(u)).send({ aliases });
    expect((await put('hospa.officer', 'hospitalA', ['X'])).status).toBe(403);
    expect((await put('hospb.admin', 'hospitalA', ['X'])).status).toBe(404); // another branch
    const bad = await put('henan.admin', 'hospitalA', ['', 'x'.repeat(301)]);
    expect(bad.status).toBe(400);
    expect([...new Set(bad.body.issues.map((i: { path: string }) => i.path))]).toEqual(['aliases[0]', 'aliases[1]']);
    expect(
      (await s.http.put(`/api/v1/organisations/${DEMO_ORGS.hospitalA.id}/aliases`).set(as('henan.admin')).send({ aliases: [], extra: 1 }))
        .status,
    ).toBe(400);
    expect((await put('henan.admin', 'hospitalA', ["The First People's Hospital of Zhengzhou"])).body).toEqual({
      orgId: DEMO_ORGS.hospitalA.id,
      name: '郑州市第一人民医院',
      aliases: ["The First People's Hospital of Zhengzhou"],
    });
    await put('hospb.admin', 'hospitalB', ['Luoyang Central Hospital']).expect(200);
    const changes: Array<{ details: { orgId: string; before: string[]; after: string[] } }> = await s.db.query(
      `SELECT details FROM audit_log WHERE action = 'CHANGE organisation aliases' ORDER BY id`,
    );
    expect(changes.map((c) => c.details)).toEqual([
      { orgId: DEMO_ORGS.hospitalA.id, before: [], after: ["The First People's Hospital of Zhengzhou"] },
      { orgId: DEMO_ORGS.hospitalB.id, before: [], after: ['Luoyang Central Hospital'] },
    ]);
  });

  it('imports the Retraction Watch export: leads at the matched organisations, duplicates, foreign rows, the review queue, bad rows', async () => {
    const upload = (u: string, body: Buffer, name = 'retraction_watch.csv') =>
      s.http.post('/api/v1/leads/import').set(as(u)).attach('file', body, { filename: name, contentType: 'text/csv' });
    expect((await upload('hospa.officer', FIXTURE)).status).toBe(403);
    const notRw = await upload('henan.admin', Buffer.from('批次,编号,标题\nA,1,B\n'));
    expect(notRw.status).toBe(400);
    expect(notRw.body.issues[0]).toMatchObject({ path: 'file', message: expect.stringMatching(/missing column\(s\) Record ID/) });

    const first = await upload('henan.admin', FIXTURE).expect(200);
    expect(first.body).toMatchObject({ imported: 3, duplicates: 1, queued: 1, foreign: 1 });
    expect(first.body.errors).toEqual([{ row: 8, reason: expect.stringContaining('RetractionDate') }]);
    const at = Object.fromEntries(
      (first.body.leads as Array<{ row: number; id: string; number: string; holderOrgId: string }>).map((l) => [l.row, l]),
    );
    expect(at[2]).toMatchObject({ holderOrgId: DEMO_ORGS.hospitalA.id, number: `JC${month}-001` }); // alias inside the affiliation
    expect(at[3]).toMatchObject({ holderOrgId: DEMO_ORGS.hospitalB.id, number: `JC${month}-001` }); // numbered per organisation
    expect(at[4]).toMatchObject({ holderOrgId: DEMO_ORGS.province.id, number: `JC${month}-001` }); // both hospitals: their common ancestor
    expect(first.body.duplicateRows).toEqual([{ row: 7, leadId: at[2].id, leadNumber: at[2].number }]); // same DOI, other case
    imported.a = at[2].id;
    imported.b = at[3].id;
    imported.shared = at[4].id;

    const a = await lead('hospa.admin', imported.a);
    expect(a).toMatchObject({
      origin: 'retraction_watch',
      category: 'retraction',
      status: 'open',
      doi: '10.9999/jmo.2024.001',
      sourceRef: '900001',
      authors: ['Zhang San', 'Li Si'],
    });
    expect(a.triage).toMatchObject({ round: 0, status: 'open' });
    expect(a.allowedActions).toEqual(['open_case', 'close']); // an institution does not dispatch

    // Importing again changes nothing.
    const again = await upload('henan.admin', FIXTURE).expect(200);
    expect(again.body).toMatchObject({ imported: 0, duplicates: 4, queued: 1, foreign: 1 });
    expect(again.body.queuedRows).toEqual([{ row: 5, reviewId: null }]);
    const [{ n }] = await s.db.query(`SELECT count(*)::int AS n FROM leads`);
    expect(n).toBe(3);
  });

  it('a lead is visible to its holder and above, never to another branch', async () => {
    expect((await s.http.get(`/api/v1/leads/${imported.a}`).set(as('hospb.admin'))).status).toBe(404);
    expect((await s.http.get(`/api/v1/leads/${imported.shared}`).set(as('hospa.admin'))).status).toBe(404); // held above it
    expect((await s.http.get('/api/v1/leads').set(as('hospa.admin')).expect(200)).body.total).toBe(1);
    expect((await s.http.get('/api/v1/leads').set(as('henan.supervisor')).expect(200)).body.total).toBe(3);
    expect((await s.http.get('/api/v1/leads/not-a-uuid').set(as('henan.admin'))).status).toBe(404);
    expect((await s.http.get('/api/v1/leads?status=lost').set(as('henan.admin'))).status).toBe(400);
    expect((await s.http.get('/api/v1/leads?foo=1').set(as('henan.admin'))).status).toBe(400);
  });

  it('creates leads by hand: schema refusals name every field, one lead per DOI, numbers distinct under concurrency', async () => {
    const post = (u: string, body: unknown) =>
      s.http
        .post('/api/v1/leads')
        .set(as(u))
        .send(body as object);
    expect((await post('hospa.officer', { title: 'x', category: 'media' })).status).toBe(403);
    const bad = await post('hospa.admin', { title: ' ', category: 'gossip', doi: 'nope', receivedOn: '2026-02-30', colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['category', 'colour', 'doi', 'receivedOn', 'title']);
    const future = await post('hospa.admin', {
      title: '网络舆情：某论文图片重复',
      category: 'media',
      receivedOn: addCalendarDays(isoDateOf(Date.now()), 2),
    });
    expect(future.status).toBe(400);
    expect(future.body.issues[0]).toMatchObject({ path: 'receivedOn', rule: 'not_in_future' });
    const dup = await post('hospa.admin', { title: 'same paper', category: 'retraction', doi: 'https://doi.org/10.9999/JMO.2024.001' });
    expect(dup.status).toBe(409);
    expect(dup.body.issues[0]).toMatchObject({ path: 'doi', rule: 'unique' });
    expect((await post('hospb.admin', { title: 'x', category: 'media', orgId: DEMO_ORGS.hospitalA.id })).status).toBe(400); // not in scope
    const [{ before: leadsBefore }] = await s.db.query(`SELECT count(*)::int AS before FROM leads`);
    expect(leadsBefore).toBe(3); // nothing written by the refusals

    const created = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        post('hospb.admin', { title: `微博舆情线索 ${i}`, category: 'media', summary: '网友反映论文数据存疑', authors: ['王五'] }),
      ),
    );
    expect(created.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(created.map((r) => r.body.number).sort()).toEqual([2, 3, 4, 5].map((k) => `JC${month}-00${k}`));
    imported.media = created[0]!.body.id;
  });

  it('triage: dispatch to a child only, by the holder only; open a case through the case registration; If-Match and Idempotency-Key', async () => {
    // held by the province
    const notChild = await act('henan.admin', imported.shared, 'dispatch', { targetOrgId: DEMO_ORGS.hospitalA.id });
    expect(notChild.status).toBe(400);
    expect(notChild.body.issues[0]).toMatchObject({ path: 'targetOrgId', rule: 'child_organisation' });
    expect((await act('zz.admin', imported.shared, 'dispatch', { targetOrgId: DEMO_ORGS.hospitalA.id })).status).toBe(404); // cityA does not see it yet
    const noMatch = await s.http
      .post(`/api/v1/leads/${imported.shared}/actions/dispatch`)
      .set(as('henan.admin'))
      .send({ targetOrgId: DEMO_ORGS.cityA.id });
    expect(noMatch.status).toBe(428);
    const stale = await s.http
      .post(`/api/v1/leads/${imported.shared}/actions/dispatch`)
      .set(as('henan.admin'))
      .set('If-Match', '"7"')
      .send({ targetOrgId: DEMO_ORGS.cityA.id });
    expect(stale.status).toBe(412);
    const toCity = await act(
      'henan.admin',
      imported.shared,
      'dispatch',
      { targetOrgId: DEMO_ORGS.cityA.id, note: '请郑州市研判' },
      { 'Idempotency-Key': 'dispatch-shared-1' },
    );
    expect(toCity.status).toBe(200);
    expect(toCity.body).toMatchObject({ holder: { orgId: DEMO_ORGS.cityA.id }, version: 1, triage: { round: 1, status: 'open' } });
    expect(toCity.headers.etag).toBe('"1"');
    // the same request again: the first answer; the key with another body: 422
    const retry = await s.http
      .post(`/api/v1/leads/${imported.shared}/actions/dispatch`)
      .set(as('henan.admin'))
      .set('If-Match', '"0"')
      .set('Idempotency-Key', 'dispatch-shared-1')
      .send({ targetOrgId: DEMO_ORGS.cityA.id, note: '请郑州市研判' });
    expect(retry.status).toBe(200);
    const reused = await s.http
      .post(`/api/v1/leads/${imported.shared}/actions/close`)
      .set(as('henan.admin'))
      .set('If-Match', '"1"')
      .set('Idempotency-Key', 'dispatch-shared-1')
      .send({ reason: 'duplicate' });
    expect(reused.status).toBe(422);
    // the province no longer holds it
    const notHolder = await act('henan.admin', imported.shared, 'close', { reason: 'duplicate' });
    expect(notHolder.status).toBe(409);
    expect(notHolder.body.allowedActions).toEqual([]);
    expect((await act('hospa.admin', imported.shared, 'close', { reason: 'duplicate' })).status).toBe(404);
    await act('zz.admin', imported.shared, 'dispatch', { targetOrgId: DEMO_ORGS.hospitalA.id }).then((r) => expect(r.status).toBe(200));
    const opened = await act('hospa.admin', imported.shared, 'open_case', { source: 'retraction' });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ status: 'case_opened', caseNumber: expect.stringMatching(/^SC-\d{4}-\d{6}$/), allowedActions: [] });
    expect(opened.body.deadlines.map((d: { round: number; status: string; orgId: string }) => [d.round, d.status, d.orgId])).toEqual([
      [0, 'met', DEMO_ORGS.province.id],
      [1, 'met', DEMO_ORGS.cityA.id],
      [2, 'met', DEMO_ORGS.hospitalA.id],
    ]);
    // the case: registered like any case, its workflow running
    const c = (await s.http.get(`/api/v1/cases/${opened.body.caseId}`).set(as('hospa.officer')).expect(200)).body;
    expect(c).toMatchObject({
      source: 'retraction',
      handlingOrgId: DEMO_ORGS.hospitalA.id,
      phase: 'intake',
      allowedActions: expect.arrayContaining(['accept']),
    });
    expect(c.paper).toMatchObject({ doi: '10.9999/mcc.2025.003', leadNumber: `JC${month}-001` });
    expect(c.deadlines.map((d: { kind: string }) => d.kind)).toContain('acceptance');
    const timeline = (await s.http.get(`/api/v1/leads/${imported.shared}/timeline`).set(as('henan.admin')).expect(200)).body;
    expect(timeline.map((e: { type: string }) => e.type)).toEqual([
      'lead_opened',
      'lead_dispatched',
      'lead_dispatched',
      'case_requested',
      'case_opened',
    ]);
    expect((await act('hospa.admin', imported.shared, 'close', { reason: 'duplicate' })).status).toBe(409);
    // refused writes are audited too
    const audited: Array<{ outcome: number }> = await s.db.query(
      `SELECT outcome FROM audit_log WHERE action = 'POST /api/v1/leads/:id/actions/:action' ORDER BY id`,
    );
    expect(audited.map((a) => a.outcome)).toEqual(expect.arrayContaining([400, 404, 409, 412, 422, 428, 200]));
  });

  it('close: a known reason, a note for "other"', async () => {
    const noNote = await act('hospb.admin', imported.b, 'close', { reason: 'other' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.issues[0]).toMatchObject({ path: 'note' });
    expect((await act('hospb.admin', imported.b, 'close', { reason: 'because' })).status).toBe(400);
    const closed = await act('hospb.admin', imported.b, 'close', { reason: 'other', note: '该论文已由本院另案处理' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      closeReason: 'other',
      closeNote: '该论文已由本院另案处理',
      triage: { status: 'met' },
    });
  });

  it('review queue: an unmatched record assigned by hand becomes a lead there and its name an alias', async () => {
    const q = (await s.http.get('/api/v1/leads/review-queue?status=pending').set(as('henan.admin')).expect(200)).body;
    expect(q.items).toEqual([
      expect.objectContaining({
        sourceRef: '900004',
        status: 'pending',
        institution: 'School of Public Health, Some University, Shanghai, China',
      }),
    ]);
    expect((await s.http.get('/api/v1/leads/review-queue').set(as('hospa.admin')).expect(200)).body.total).toBe(0); // imported above it
    const id = q.items[0].id as string;
    expect(
      (
        await s.http
          .post(`/api/v1/leads/review-queue/${id}/assign`)
          .set(as('henan.admin'))
          .send({ orgId: DEMO_ORGS.hospitalB.id, unknown: 1 })
      ).status,
    ).toBe(400);
    const assigned = await s.http
      .post(`/api/v1/leads/review-queue/${id}/assign`)
      .set(as('henan.admin'))
      .send({ orgId: DEMO_ORGS.hospitalB.id, addAlias: 'Some University' })
      .expect(200);
    expect(assigned.body).toMatchObject({ holder: { orgId: DEMO_ORGS.hospitalB.id }, sourceRef: '900004', number: `JC${month}-006` });
    expect((await s.http.post(`/api/v1/leads/review-queue/${id}/dismiss`).set(as('henan.admin')).send({ note: 'x' })).status).toBe(409);
    expect(
      (await s.http.get(`/api/v1/organisations/${DEMO_ORGS.hospitalB.id}/aliases`).set(as('hospb.admin')).expect(200)).body.aliases,
    ).toEqual(['Luoyang Central Hospital', 'Some University']);
  });

  it('a missed triage deadline is overdue in working days in the supervision list, summary and export, with reminders and an escalation', async () => {
    const years: Array<{ year: number; holidays: string[]; makeup_workdays: string[] }> = await s.db.query(
      `SELECT DISTINCT ON (year) year, holidays, makeup_workdays FROM calendar_years ORDER BY year, version DESC`,
    );
    const cal = new WorkingCalendar(
      years.map((y): CalendarYear => ({ year: y.year, holidays: y.holidays, makeupWorkdays: y.makeup_workdays })),
    );
    const today = isoDateOf(Date.now());
    const receivedOn = addCalendarDays(today, -45);
    const created = await s.http
      .post('/api/v1/leads')
      .set(as('hospa.admin'))
      .send({ title: '媒体报道：某院论文涉嫌代写', category: 'media', receivedOn })
      .expect(201);
    const due = cal.addWorkingDays(receivedOn, 15);
    expect(created.body.triage.dueDate).toBe(due);
    const overdue = await eventually(async () => {
      const l = await lead('hospa.admin', created.body.id);
      return l.triage?.status === 'overdue' ? l : null;
    }, 'the triage deadline to turn overdue');
    expect(overdue.triage!.overdueWorkingDays).toBe(overdueWorkingDays(cal, today, due));

    const list = (await s.http.get('/api/v1/supervision/overdue?kind=lead_triage').set(as('henan.supervisor')).expect(200)).body;
    expect(list.total).toBe(1);
    expect(list.items[0]).toEqual({
      subject: 'lead',
      caseId: null,
      caseNumber: null,
      leadId: created.body.id,
      leadNumber: created.body.number,
      kind: 'lead_triage',
      kindLabel: '线索研判',
      dueDate: due,
      dueAt: expect.any(String),
      provisional: false,
      status: 'overdue',
      overdueWorkingDays: overdueWorkingDays(cal, today, due),
      remainingWorkingDays: 0,
      handlingOrgId: DEMO_ORGS.hospitalA.id,
      handlingOrgPath: ['国家卫生健康委员会', '河南省卫生健康委员会', '郑州市卫生健康委员会', '郑州市第一人民医院'],
      responsibleOfficers: ['甲院诚信管理员'],
      profile: 'henan-2021',
      phase: 'open',
    });
    expect((await s.http.get('/api/v1/supervision/overdue').set(as('hospb.admin')).expect(200)).body.total).toBe(0); // another branch
    const summary = (await s.http.get('/api/v1/supervision/summary').set(as('henan.supervisor')).expect(200)).body;
    expect(summary.overdueByKind).toEqual(expect.arrayContaining([{ kind: 'lead_triage', label: '线索研判', count: 1 }]));
    expect(summary.children.find((c: { id: string }) => c.id === DEMO_ORGS.cityA.id).overdueDeadlines).toBeGreaterThanOrEqual(1);
    const csv = (await s.http.get('/api/v1/supervision/overdue.csv?kind=lead_triage').set(as('henan.supervisor')).buffer(true).expect(200))
      .text;
    expect(csv).toContain(created.body.number);
    expect(csv).toContain('线索待研判');

    // Reminders went out through the outbox: the latest stage to the institution's integrity administrator, the escalation
    // to the city's supervisors and integrity administrators (only the latest stage of a burst is sent).
    const mails = await eventually(async () => {
      const rows: Array<{ audience: string; stage: string; recipient_email: string; status: string }> = await s.db.query(
        `SELECT audience, stage, recipient_email, status FROM notifications WHERE lead_id = $1 ORDER BY audience, recipient_email`,
        [created.body.id],
      );
      return rows.length >= 3 && rows.every((r) => r.status === 'sent') ? rows : null;
    }, 'reminder and escalation mails');
    expect(mails).toEqual([
      { audience: 'lead_escalation', stage: 'escalation', recipient_email: 'zz.admin@example.org', status: 'sent' },
      { audience: 'lead_escalation', stage: 'escalation', recipient_email: 'zz.supervisor@example.org', status: 'sent' },
      { audience: 'lead_org', stage: expect.stringMatching(/^overdue_\d+$/), recipient_email: 'hospa.admin@example.org', status: 'sent' },
    ]);
    // triaged late: the deadline is met and leaves the overdue list
    await act('hospa.admin', created.body.id, 'close', { reason: 'no_evidence' }).then((r) => expect(r.status).toBe(200));
    expect((await s.http.get('/api/v1/supervision/overdue?kind=lead_triage').set(as('henan.supervisor')).expect(200)).body.total).toBe(0);
  });

  it('a paper of the national import is a lead triaged by its dispatch: it follows the paper down to the case', async () => {
    const HEADER = '批次,编号,标题,作者姓名,第一通讯作者单位,行政区划,期刊,DOI,撤稿日期,来源';
    const file = `${HEADER}\nLEAD-B1,1,Paper from the national batch,张三,郑州市第一人民医院,410102,J Made Up,10.9999/nat.0001,2026-03-01,PubMed\n`;
    const res = await s.http
      .post('/api/v1/papers/import')
      .set(as('nhc.admin'))
      .attach('file', Buffer.from(file), { filename: 'b.csv', contentType: 'text/csv' })
      .expect(200);
    expect(res.body.papers[0]).toMatchObject({ leadNumber: `JC${month}-001`, leadId: expect.any(String) });
    const leadId = res.body.papers[0].leadId as string;
    const paperId = res.body.papers[0].id as string;
    const l = await lead('nhc.admin', leadId);
    expect(l).toMatchObject({ origin: 'paper_import', paperId, holder: { orgId: DEMO_ORGS.national.id }, allowedActions: [] });
    const refused = await act('nhc.admin', leadId, 'close', { reason: 'duplicate' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/follows its paper/);

    await s.http.post('/api/v1/papers/dispatch').set(as('nhc.admin')).send({ batch: 'LEAD-B1', mode: 'region' }).expect(200);
    const atProvince = await eventually(async () => {
      const x = await lead('nhc.admin', leadId);
      return x.holder.orgId === DEMO_ORGS.province.id ? x : null;
    }, 'the lead to follow its paper to the province');
    expect(atProvince.triage).toMatchObject({ round: 1, status: 'open' });
    await s.http.post('/api/v1/papers/dispatch').set(as('henan.admin')).send({ batch: 'LEAD-B1', mode: 'region' }).expect(200);
    await eventually(
      async () => ((await lead('nhc.admin', leadId)).holder.orgId === DEMO_ORGS.cityA.id ? true : null),
      'the lead to follow its paper to the city',
    );
    const etag = (await s.http.get(`/api/v1/papers/${paperId}`).set(as('zz.admin')).expect(200)).headers.etag as string;
    await s.http
      .post(`/api/v1/papers/${paperId}/actions/dispatch`)
      .set(as('zz.admin'))
      .set('If-Match', etag)
      .send({ targetOrgId: DEMO_ORGS.hospitalA.id })
      .expect(200);
    const done = await eventually(async () => {
      const x = await lead('nhc.admin', leadId);
      return x.status === 'case_opened' ? x : null;
    }, 'the case opened for the paper to triage its lead');
    const paper = (await s.http.get(`/api/v1/papers/${paperId}`).set(as('nhc.admin')).expect(200)).body;
    expect(done).toMatchObject({ caseId: paper.caseId, caseNumber: paper.caseNumber, holder: { orgId: DEMO_ORGS.hospitalA.id } });
    expect(paper.status).toBe('at_institution'); // the paper flow is unchanged
  });

  it('exports the list as CSV and XLSX (audited), and documents every operation in OpenAPI', async () => {
    const csv = await s.http.get('/api/v1/leads.csv?category=media').set(as('henan.admin')).buffer(true).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = csv.text.replace(/^\uFEFF/, '');
    const lines = text.trim().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 5)).toEqual(['线索编号', '状态', '来源', '类别', '标题']);
    expect(lines).toHaveLength(1 + Number(csv.headers['x-total-count']));
    const xlsx = await s.http
      .get('/api/v1/leads.xlsx')
      .set(as('henan.admin'))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    expect(wb.worksheets[0]!.rowCount).toBe(1 + Number(xlsx.headers['x-total-count']));
    const audit: unknown[] = await s.db.query(
      `SELECT 1 FROM audit_log WHERE action IN ('EXPORT /api/v1/leads.csv', 'EXPORT /api/v1/leads.xlsx')`,
    );
    expect(audit).toHaveLength(2);

    const doc = (await s.http.get('/docs-json').expect(200)).body;
    for (const path of [
      '/api/v1/leads',
      '/api/v1/leads/import',
      '/api/v1/leads/{id}',
      '/api/v1/leads/{id}/timeline',
      '/api/v1/leads/review-queue',
      '/api/v1/leads.csv',
      '/api/v1/organisations/{id}/aliases',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    for (const action of ['dispatch', 'open_case', 'close'])
      expect(doc.paths[`/api/v1/leads/{id}/actions/${action}`].post.requestBody.content['application/json'].schema).toEqual({
        $ref: `#/components/schemas/Lead${action === 'open_case' ? 'OpenCase' : action[0]!.toUpperCase() + action.slice(1)}Body`,
      });
    expect(doc.components.schemas.LeadCreate.additionalProperties).toBe(false);
    expect(doc.paths['/api/v1/leads'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/LeadCreate',
    });
  });
});
