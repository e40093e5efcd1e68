/**
 * The procedure at its edges (issue 17) end to end: HTTP → Temporal dev server → PostgreSQL, real SMTP catcher.
 * 1 the appeal walks from the institution to its municipal commission and back; 2 suspension and termination by the
 * unit head; 3 reports to the transferring authority and a lead unit; 4 a transfer opens a linked case; 5 recusal
 * requests; 7 the reporter notice only where owed, met by the mail; 10 people checked; 11 articles of the case's own
 * profile; 12 the defence period per profile and organisation; 14 suspended deadlines.
 * Seeds: 003 = 003_4e9e56e49ac7f018.txt (national-2022), 001 = 001_bc0ff0bc5a500df1.txt (henan-2021).
 */
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { chineseDaysCalendarYears, computeDeadline, isoDateOf, remainingWorkingDays, WorkingCalendar } from '@libs/domain/src/calendar';
import { DEMO_ORGS, DEMO_PASSWORD, demoUserIdOf } from '@libs/persistence/src/seed';
import { expectAction, postAction } from '../support/actions';
import { startStack, type E2EStack } from '../support/app';
import { nationalMisconductForm, uploadRequiredEvidence } from '../support/decision';
import { eventually } from '../support/wait';

const CAL = new WorkingCalendar(chineseDaysCalendarYears(require('chinese-days/dist/chinese-days.json')));
const B = DEMO_ORGS.hospitalB.id;
const A = DEMO_ORGS.hospitalA.id;
const CITY_B = DEMO_ORGS.cityB.id;

/** A real-name reporter reached by phone: owed a notice the office gives itself (no mail changes the case meanwhile). */
const PHONE_REPORTER = { name: '赵六', contact: '13800000000', realName: true };

type Event = { seq: number; type: string; actor: { role: string; orgId: string; orgName?: string } | null; data: Record<string, unknown> };
type Deadline = {
  kind: string;
  dueDate: string;
  status: string;
  remainingWorkingDays: number;
  overdueWorkingDays: number;
  suspendedOn?: string;
};

describe('the procedure at its edges (issue 17)', () => {
  let s: E2EStack;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  before(async () => {
    s = await startStack();
    const admin = { Authorization: `Bearer ${await s.login('nhc.sysadmin')}` };
    // The demo tree has nobody at the municipal commissions: their officer and head are created through the users API.
    for (const [username, orgId, roles] of [
      ['cityb.officer', CITY_B, ['case_officer']],
      ['cityb.head', CITY_B, ['unit_head']],
      ['hospb.investigator2', B, ['investigator']],
    ] as const) {
      const res = await s.http
        .post('/api/v1/users')
        .set(admin)
        .send({ username, name: username, password: DEMO_PASSWORD, email: `${username}@example.org`, orgId, roles })
        .expect(201);
      ids[username] = res.body.id as string;
    }
    for (const u of [
      'hospa.officer',
      'hospa.admin',
      'hospa.head',
      'hospa.investigator',
      'hospb.officer',
      'hospb.admin',
      'hospb.head',
      'nhc.supervisor',
      'nhc.sysadmin',
      'cityb.officer',
      'cityb.head',
      'hospb.investigator2',
    ]) {
      tokens[u] = await s.login(u);
    }
  });
  after(async () => {
    await s?.stop();
  });

  const as = (user: string) => ({ Authorization: `Bearer ${tokens[user]}` });
  const today = () => isoDateOf(Date.now());
  const act = async (user: string, id: string, action: string, body: Record<string, unknown> = {}, status = 200) =>
    (await expectAction(s.http, as(user), 'cases', id, action, body, status)).body;
  const get = async (user: string, id: string, status = 200) => (await s.http.get(`/api/v1/cases/${id}`).set(as(user)).expect(status)).body;
  const timeline = async (user: string, id: string) =>
    (await s.http.get(`/api/v1/cases/${id}/timeline`).set(as(user)).expect(200)).body as Event[];
  const deadline = (view: { deadlines: Deadline[] }, kind: string) => view.deadlines.find((d) => d.kind === kind);
  const outbox = (caseId: string): Promise<Array<{ kind: string; audience: string; recipient_email: string; status: string }>> =>
    s.db.query(`SELECT kind, audience, recipient_email, status FROM notifications WHERE case_id = $1 ORDER BY kind, recipient_email`, [
      caseId,
    ]);

  async function open(user: string, org: string, over: Record<string, unknown> = {}) {
    const res = await s.http
      .post('/api/v1/cases')
      .set(as(user))
      .send({
        source: 'report',
        handlingOrgId: org,
        receivedAt: today(),
        title: '数据造假举报',
        allegations: ['2'],
        subjects: [{ name: '王五' }],
        reporter: { name: '赵六', contact: 'zhao.liu@example.org', realName: true },
        ...over,
      });
    if (res.status !== 201) throw new Error(`open: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; number: string };
  }

  /** National case at hospital B up to a delivered misconduct decision (team of two, evidence, result form). */
  async function deliveredAtB(id: string) {
    await act('hospb.officer', id, 'accept');
    for (const name of ['调查员甲', '调查员乙'])
      await act('hospb.officer', id, 'add_member', { name, kind: 'team', declarationSigned: true, conflicts: [] });
    await act('hospb.head', id, 'approve_plan');
    await act('hospb.officer', id, 'record_interview', { investigators: ['调查员甲', '调查员乙'] });
    await act('hospb.officer', id, 'submit_report', { signedBy: ['调查员甲', '调查员乙'] });
    await act('hospb.officer', id, 'notify_participating_units', { emails: ['units@example.org'] });
    await act('hospb.officer', id, 'send_proposed_decision');
    await act('hospb.officer', id, 'waive_defence');
    await uploadRequiredEvidence(s.http, tokens['hospb.officer']!, id);
    await act('hospb.head', id, 'decide', { form: nationalMisconductForm(), effectiveDate: today() });
    return act('hospb.officer', id, 'deliver_decision');
  }

  it('1 and 3. a transferred case: its extension and decision are reported to the commission that transferred it; its appeal walks to the commission and back', async () => {
    // 3. source "transfer" needs the transferring authority; only a transferred case has one
    const missing = await s.http
      .post('/api/v1/cases')
      .set(as('hospb.officer'))
      .send({ source: 'transfer', handlingOrgId: B, receivedAt: today(), title: 't', allegations: [], subjects: [{ name: '王五' }] });
    expect(missing.status).toBe(400);
    expect(missing.body.issues).toEqual([expect.objectContaining({ path: 'transferredBy', rule: 'required', article: '003 art.25' })]);
    const both = await s.http
      .post('/api/v1/cases')
      .set(as('hospb.officer'))
      .send({
        source: 'report',
        handlingOrgId: B,
        receivedAt: today(),
        title: 't',
        allegations: [],
        subjects: [{ name: '王五' }],
        transferredBy: { orgId: CITY_B, name: 'x' },
      });
    expect(both.status).toBe(400);
    expect(both.body.issues.map((i: { path: string; rule: string }) => `${i.path}:${i.rule}`).sort()).toEqual([
      'transferredBy:party.one_of',
      'transferredBy:transfer.only',
    ]);
    const before = await s.db.query(`SELECT count(*)::int AS n FROM cases`);

    const c = await open('hospb.officer', B, {
      source: 'transfer',
      transferredBy: { orgId: CITY_B },
      leadUnit: { name: '郑州大学', email: 'lead.unit@example.edu.cn' },
    });
    expect(Number((await s.db.query(`SELECT count(*)::int AS n FROM cases`))[0].n)).toBe(before[0].n + 1);
    expect(await get('hospb.officer', c.id)).toMatchObject({
      source: 'transfer',
      transferredBy: { orgId: CITY_B },
      leadUnit: { name: '郑州大学', email: 'lead.unit@example.edu.cn' },
    });

    // 3. 003 art.25: an approved extension is reported to the transferring authority, as an event and a mail
    await act('hospb.officer', c.id, 'accept');
    await act('hospb.officer', c.id, 'request_extension', { months: 2, reason: '特别重大复杂' });
    const extended = await act('hospb.head', c.id, 'decide_extension', { approve: true });
    const due = deadline(extended, 'investigation')!.dueDate;
    const reported = await eventually(
      async () => (await timeline('hospb.officer', c.id)).find((e) => e.type === 'extension_reported'),
      'extension_reported',
    );
    expect(reported.data).toMatchObject({ to: ['transferring_authority'], months: 2, investigationDue: due, article: '003 art.25' });
    await eventually(
      async () =>
        (await outbox(c.id)).some(
          (n) => n.kind === 'extension_report' && n.recipient_email === 'cityb.officer@example.org' && n.status === 'sent',
        ),
      'the extension report mailed to the commission',
    );

    // the rest of the investigation and the decision, by hospital B
    for (const name of ['调查员甲', '调查员乙'])
      await act('hospb.officer', c.id, 'add_member', { name, kind: 'team', declarationSigned: true, conflicts: [] });
    await act('hospb.head', c.id, 'approve_plan');
    await act('hospb.officer', c.id, 'submit_report', { signedBy: ['调查员甲', '调查员乙'] });
    await act('hospb.officer', c.id, 'notify_participating_units', { emails: ['units@example.org'] });
    await act('hospb.officer', c.id, 'send_proposed_decision');
    await act('hospb.officer', c.id, 'waive_defence');
    await uploadRequiredEvidence(s.http, tokens['hospb.officer']!, c.id);
    await act('hospb.head', c.id, 'decide', { form: nationalMisconductForm(), effectiveDate: today() });
    await act('hospb.officer', c.id, 'deliver_decision');
    // 3. 003 art.28: the letter and report to the transferring authority, the letter to the lead unit
    const decisionReported = await eventually(
      async () => (await timeline('hospb.officer', c.id)).find((e) => e.type === 'decision_reported'),
      'decision_reported',
    );
    expect(decisionReported.data).toMatchObject({ to: ['transferring_authority', 'lead_unit'], article: '003 art.28' });
    await eventually(async () => {
      const sent = (await outbox(c.id)).filter((n) => n.kind === 'decision_report' && n.status === 'sent');
      return (
        sent
          .map((n) => `${n.audience}:${n.recipient_email}`)
          .sort()
          .join() === 'lead_unit:lead.unit@example.edu.cn,transferring_authority:cityb.officer@example.org'
      );
    }, 'the decision reports');

    await act('hospb.officer', c.id, 'apply_review');
    await act('hospb.officer', c.id, 'accept_review');
    await act('hospb.head', c.id, 'complete_review', { result: 'upheld' });

    // 1. 003 art.42: the appeal goes to the superior authority, 洛阳市卫生健康委员会, resolved from the tree
    const applied = await act('hospb.officer', c.id, 'apply_appeal');
    expect(applied.allowedActions).not.toContain('accept_appeal');
    const seenByHospital = await get('hospb.officer', c.id);
    expect(seenByHospital).toMatchObject({ phase: 're_review', appealOrgId: CITY_B });
    expect(seenByHospital.allowedActions).not.toEqual(expect.arrayContaining(['accept_appeal']));
    const forbidden = await postAction(s.http, as('hospb.officer'), 'cases', c.id, 'accept_appeal', {});
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({
      error: 'FORBIDDEN',
      issues: [expect.objectContaining({ rule: 'appeal.authority', article: '003 art.42–43' })],
    });
    expect((await postAction(s.http, as('hospb.head'), 'cases', c.id, 'refuse_appeal', { reason: 'x' })).status).toBe(403);
    // the commission sees the case (tree) and is offered the appeal's steps, and no other
    const seenByCity = await get('cityb.officer', c.id);
    expect(seenByCity.allowedActions).toEqual(['accept_appeal', 'refuse_appeal']);
    await eventually(
      async () =>
        (await outbox(c.id)).some(
          (n) => n.kind === 'appeal_lodged' && n.recipient_email === 'cityb.officer@example.org' && n.status === 'sent',
        ),
      'the commission told of the appeal',
    );
    // the commission cannot take the hospital's steps
    expect((await postAction(s.http, as('cityb.officer'), 'cases', c.id, 'report_registry', {})).status).toBe(403);
    await act('cityb.officer', c.id, 'accept_appeal');
    expect((await postAction(s.http, as('hospb.head'), 'cases', c.id, 'complete_appeal', { result: 'upheld' })).status).toBe(403);
    const closed = await act('cityb.head', c.id, 'complete_appeal', { result: 'upheld', summary: '维持原处理决定' });
    expect(closed.phase).toBe('closed');

    // ... and back: the hospital reads the result and carries it out (the registry report, 003 art.36)
    const back = await get('hospb.officer', c.id);
    expect(back.phase).toBe('closed');
    expect(back.allowedActions).toEqual(['report_registry']);
    expect((await get('cityb.officer', c.id)).allowedActions).toEqual([]);
    await act('hospb.officer', c.id, 'report_registry');
    const t = await eventually(async () => {
      const t = await timeline('hospb.officer', c.id);
      return t.some((e) => e.type === 'registry_reported') && t;
    }, 'the timeline');
    // the timeline shows the acting organisation of each step
    expect(t.filter((e) => e.type.startsWith('appeal_') || e.type === 'registry_reported').map((e) => [e.type, e.actor?.orgName])).toEqual([
      ['appeal_applied', '洛阳市中心医院'],
      ['appeal_accepted', '洛阳市卫生健康委员会'],
      ['appeal_completed', '洛阳市卫生健康委员会'],
      ['registry_reported', '洛阳市中心医院'],
    ]);
  });

  it('2 and 14. an officer asks, the unit head suspends; the deadlines show `suspended`, stop counting, and leave the supervision lists for their own', async () => {
    const c = await open('hospb.officer', B);
    await act('hospb.officer', c.id, 'accept');
    const refused = await postAction(s.http, as('hospb.officer'), 'cases', c.id, 'suspend', { reason: '关键信息不充分' });
    expect(refused.status).toBe(403);
    await act('hospb.officer', c.id, 'request_suspension', { reason: '关键信息不充分' });
    expect((await postAction(s.http, as('hospb.officer'), 'cases', c.id, 'decide_suspension', { approve: true })).status).toBe(403);
    expect((await get('hospb.head', c.id)).allowedActions).toEqual(expect.arrayContaining(['decide_suspension', 'suspend']));
    const suspended = await act('hospb.head', c.id, 'decide_suspension', { approve: true });
    expect(suspended.phase).toBe('suspended');
    const inv = deadline(await get('hospb.officer', c.id), 'investigation')!;
    expect(inv).toMatchObject({
      status: 'suspended',
      suspendedOn: today(),
      remainingWorkingDays: remainingWorkingDays(CAL, today(), inv.dueDate),
      overdueWorkingDays: 0,
    });
    const t = await timeline('hospb.officer', c.id);
    expect(t.find((e) => e.type === 'suspended')).toMatchObject({
      actor: { role: 'unit_head' },
      data: { approved: true, requestedBy: demoUserIdOf('hospb.officer'), article: '003 art.23' },
    });
    // supervision: the suspended list has it, the due-soon list does not
    const listed = (await s.http.get('/api/v1/supervision/suspended?pageSize=100').set(as('nhc.supervisor')).expect(200)).body;
    expect(listed.items.filter((i: { caseId: string }) => i.caseId === c.id)).toEqual([
      expect.objectContaining({
        kind: 'investigation',
        status: 'suspended',
        suspendedOn: today(),
        remainingWorkingDays: inv.remainingWorkingDays,
      }),
    ]);
    const soon = (await s.http.get('/api/v1/supervision/due-soon?withinWorkingDays=90&pageSize=100').set(as('nhc.supervisor')).expect(200))
      .body;
    expect(soon.items.filter((i: { caseId: string }) => i.caseId === c.id)).toEqual([]);
    const resumed = await act('hospb.officer', c.id, 'resume');
    expect(deadline(resumed, 'investigation')).toMatchObject({ status: 'open' });

    // henan (001 art.23): termination asked for and approved (a reporter reached by phone: no mail moves the version)
    const h = await open('hospa.officer', A, { reporter: PHONE_REPORTER });
    await act('hospa.officer', h.id, 'accept', { checkedBy: [demoUserIdOf('hospa.officer'), demoUserIdOf('hospa.admin')] });
    await act('hospa.officer', h.id, 'request_termination', { reason: '被调查人在调查期间死亡' });
    const ended = await act('hospa.head', h.id, 'decide_termination', { approve: true });
    expect(ended.phase).toBe('terminated');
  });

  it('4. a transfer opens a linked case at the receiving organisation; each side reads its own part', async () => {
    const c = await open('hospb.officer', B, { reporter: { name: '孙八', contact: 'sun.ba@example.org', realName: true } });
    const self = await postAction(s.http, as('hospb.officer'), 'cases', c.id, 'transfer', { toOrgId: B });
    expect(self.status).toBe(400);
    expect(self.body.issues).toEqual([expect.objectContaining({ path: 'toOrgId', rule: 'transfer.elsewhere', article: '003 art.14' })]);
    expect(
      (await postAction(s.http, as('hospb.officer'), 'cases', c.id, 'transfer', { toOrgId: '10000000-0000-4000-8000-00000000dead' }))
        .status,
    ).toBe(400);
    await act('hospb.officer', c.id, 'transfer', { toOrgId: A, reason: '不属于本单位职责范围' });
    const source = await eventually(async () => {
      const v = await get('hospb.officer', c.id);
      return v.transferredTo && v;
    }, 'the link on the source');
    expect(source).toMatchObject({ phase: 'transferred', transferredTo: { orgId: A } });
    const targetId = source.transferredTo.caseId as string;
    const target = await get('hospa.officer', targetId);
    expect(target).toMatchObject({
      source: 'transfer',
      handlingOrgId: A,
      profile: 'henan-2021',
      receivedAt: today(),
      phase: 'intake',
      transferredBy: { orgId: B },
      transferredFrom: { caseId: c.id, number: c.number, orgId: B },
    });
    expect(deadline(target, 'acceptance')!.dueDate).toBe(computeDeadline(CAL, today(), { amount: 15, unit: 'working_days' }).dueDate);
    // the same reporter record, read by the new handlers
    const reporter = (await s.http.get(`/api/v1/cases/${targetId}/reporter`).set(as('hospa.officer')).expect(200)).body;
    expect(reporter.reporter).toEqual({ name: '孙八', contact: 'sun.ba@example.org', realName: true });
    // both timelines point to each other
    expect((await timeline('hospb.officer', c.id)).find((e) => e.type === 'transfer_case_opened')!.data).toMatchObject({
      caseId: targetId,
      toOrgId: A,
    });
    expect((await timeline('hospa.officer', targetId))[0]).toMatchObject({
      type: 'case_opened',
      data: { transferredFrom: { caseId: c.id } },
    });
    // the source keeps read access to its own part only; the target does not read the source
    await get('hospb.officer', c.id);
    await get('hospb.officer', targetId, 404);
    await get('hospa.officer', c.id, 404);
  });

  it('5. a recusal asked by the subject, recorded by an officer, upheld by the unit head: the member leaves and loses access', async () => {
    const c = await open('hospb.officer', B);
    await act('hospb.officer', c.id, 'accept');
    await get('hospb.investigator2', c.id);
    const elsewhere = await postAction(s.http, as('hospb.officer'), 'cases', c.id, 'add_member', {
      name: '调查员丙',
      kind: 'team',
      declarationSigned: true,
      userId: demoUserIdOf('hospa.officer'),
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.issues).toEqual([expect.objectContaining({ path: 'userId', rule: 'user.account' })]);
    await act('hospb.officer', c.id, 'add_member', {
      name: '调查员丙',
      kind: 'team',
      declarationSigned: true,
      userId: ids['hospb.investigator2'],
    });
    await act('hospb.officer', c.id, 'request_recusal', { requestedBy: 'subject', member: '调查员丙', reason: '与被调查人有师生关系' });
    expect((await postAction(s.http, as('hospb.officer'), 'cases', c.id, 'decide_recusal', { upheld: true })).status).toBe(403);
    await act('hospb.head', c.id, 'decide_recusal', { upheld: true, note: '理由成立' });
    await eventually(
      async () => (await s.http.get(`/api/v1/cases/${c.id}`).set(as('hospb.investigator2'))).status === 404,
      'the recused member loses access',
    );
    const denials = (await s.http.get(`/api/v1/cases/${c.id}/denials`).set(as('hospb.admin')).expect(200)).body;
    expect(denials).toEqual([
      expect.objectContaining({ userId: ids['hospb.investigator2'], reason: expect.stringContaining('003 art.45') }),
    ]);
    const t = await timeline('hospb.officer', c.id);
    expect(t.find((e) => e.type === 'recusal_upheld')!.data).toMatchObject({
      requestedBy: 'subject',
      member: '调查员丙',
      userId: ids['hospb.investigator2'],
      reason: '与被调查人有师生关系',
    });
    const again = await postAction(s.http, as('hospb.officer'), 'cases', c.id, 'add_member', {
      name: '调查员丙',
      kind: 'team',
      declarationSigned: true,
    });
    expect(again.status).toBe(400);
    expect(again.body.issues).toEqual([expect.objectContaining({ rule: 'recusal.recused', article: '003 art.45' })]);
  });

  it('7. henan: the reporter notice only for a reachable real-name reporter; the e-mailed decision meets it, another way is recorded', async () => {
    const checkedBy = [demoUserIdOf('hospa.officer'), demoUserIdOf('hospa.admin')];
    const anonymous = await open('hospa.officer', A, { reporter: { name: '匿名', realName: false } });
    expect(deadline(await act('hospa.officer', anonymous.id, 'accept', { checkedBy }), 'reporter_notice')).toBeUndefined();
    const media = await open('hospa.officer', A, { source: 'media', reporter: undefined });
    expect(deadline(await act('hospa.officer', media.id, 'reject', { reason: 'no_evidence' }), 'reporter_notice')).toBeUndefined();

    const mailed = await open('hospa.officer', A);
    expect(deadline(await act('hospa.officer', mailed.id, 'accept', { checkedBy }), 'reporter_notice')!.status).toBe('open');
    const met = await eventually(async () => {
      const v = await get('hospa.officer', mailed.id);
      return deadline(v, 'reporter_notice')!.status === 'met' && v;
    }, 'the reporter notice met by the mail');
    expect(met.allowedActions).not.toContain('notify_reporter');
    expect((await timeline('hospa.officer', mailed.id)).find((e) => e.type === 'reporter_notified')).toMatchObject({
      actor: null,
      data: { channel: 'email', template: 'acceptance_decision', article: '001 art.14' },
    });

    const phone = await open('hospa.officer', A, { reporter: { name: '赵六', contact: '13800000000', realName: true } });
    await act('hospa.officer', phone.id, 'accept', { checkedBy });
    expect(deadline(await get('hospa.officer', phone.id), 'reporter_notice')!.status).toBe('open');
    const told = await act('hospa.officer', phone.id, 'notify_reporter', { channel: 'phone', note: '电话告知受理情况' });
    expect(deadline(told, 'reporter_notice')!.status).toBe('met');
    expect((await postAction(s.http, as('hospa.officer'), 'cases', phone.id, 'notify_reporter', { channel: 'pigeon' })).status).toBe(409);
  });

  it("10 and 11. people are checked, and every refusal cites the article of the case's own profile", async () => {
    const h = await open('hospa.officer', A, { reporter: PHONE_REPORTER });
    // 001 art.14: accounts of the handling organisation, at least two, each once
    const names = await postAction(s.http, as('hospa.officer'), 'cases', h.id, 'accept', { checkedBy: ['王一', '王二'] });
    expect(names.status).toBe(400);
    expect(names.body.issues.map((i: { path: string }) => i.path)).toEqual(['checkedBy[0]', 'checkedBy[1]']);
    const otherOrg = await postAction(s.http, as('hospa.officer'), 'cases', h.id, 'accept', {
      checkedBy: [demoUserIdOf('hospa.officer'), demoUserIdOf('hospb.officer')],
    });
    expect(otherOrg.status).toBe(400);
    expect(otherOrg.body.issues).toEqual([
      {
        path: 'checkedBy[1]',
        rule: 'checked_by.account',
        article: '001 art.14',
        message: 'is not an active account of the handling organisation',
      },
    ]);
    const one = await postAction(s.http, as('hospa.officer'), 'cases', h.id, 'accept', { checkedBy: [demoUserIdOf('hospa.officer')] });
    expect(one.body.issues).toEqual([expect.objectContaining({ path: 'checkedBy', rule: 'checked_by.min', article: '001 art.14' })]);
    const accepted = await act('hospa.officer', h.id, 'accept', {
      checkedBy: [demoUserIdOf('hospa.officer'), demoUserIdOf('hospa.admin')],
    });
    expect(accepted.phase).toBe('investigation');
    expect((await timeline('hospa.officer', h.id)).find((e) => e.type === 'accepted')!.data).toMatchObject({
      checkedBy: [demoUserIdOf('hospa.officer'), demoUserIdOf('hospa.admin')],
      checkedByNames: ['甲院办案人员', '甲院诚信管理员'],
      article: '001 art.14',
    });
    // henan's recusal article is 001 art.49, its interview article 001 art.18
    const conflict = await postAction(s.http, as('hospa.officer'), 'cases', h.id, 'add_member', {
      name: '丙',
      kind: 'team',
      declarationSigned: true,
      conflicts: ['师生关系'],
    });
    expect(conflict.body.issues).toEqual([expect.objectContaining({ path: 'conflicts', article: '001 art.49' })]);
    for (const name of ['甲', '乙', '丁'])
      await act('hospa.officer', h.id, 'add_member', { name, kind: 'team', declarationSigned: true, conflicts: [] });
    const outsider = await postAction(s.http, as('hospa.investigator'), 'cases', h.id, 'record_interview', {
      investigators: ['甲', '外人'],
    });
    expect(outsider.status).toBe(400);
    expect(outsider.body.issues).toEqual([
      expect.objectContaining({ path: 'investigators', rule: 'interviewers.team', article: '001 art.18' }),
    ]);
    await act('hospa.investigator', h.id, 'record_interview', { investigators: ['甲', '乙'] });
    // a national case cites 003
    const n = await open('hospb.officer', B);
    await act('hospb.officer', n.id, 'accept');
    const national = await postAction(s.http, as('hospb.officer'), 'cases', n.id, 'add_member', {
      name: '丙',
      kind: 'team',
      declarationSigned: true,
      conflicts: ['亲属'],
    });
    expect(national.body.issues).toEqual([expect.objectContaining({ path: 'conflicts', article: '003 art.45' })]);
  });

  it("12. the defence period: the profile's setting, overridden by the organisation's, fixed by each case when it opens", async () => {
    const url = `/api/v1/organisations/${B}/defence-period`;
    expect((await s.http.get(url).set(as('nhc.sysadmin')).expect(200)).body).toEqual({
      organisationId: B,
      defencePeriod: { amount: 5, unit: 'working_days' },
      source: 'default',
    });
    const before = await open('hospb.officer', B); // opened with the default
    await s.http
      .put('/api/v1/policy-profiles/national-2022/defence-period')
      .set(as('nhc.sysadmin'))
      .send({ amount: 10, unit: 'working_days' })
      .expect(200);
    expect((await s.http.get(url).set(as('nhc.sysadmin')).expect(200)).body.source).toBe('policy_profile');
    await s.http.put(url).set(as('hospb.officer')).send({ amount: 3, unit: 'days' }).expect(403);
    const bad = await s.http.put(url).set(as('nhc.sysadmin')).send({ amount: 0, unit: 'months' });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['amount', 'unit']);
    await s.http.put(url).set(as('nhc.sysadmin')).send({ amount: 3, unit: 'days' }).expect(200);
    expect((await s.http.get(url).set(as('nhc.sysadmin')).expect(200)).body).toMatchObject({
      defencePeriod: { amount: 3, unit: 'days' },
      source: 'organisation',
    });
    const after = await open('hospb.officer', B);
    try {
      for (const c of [before, after]) {
        await act('hospb.officer', c.id, 'accept');
        for (const name of ['甲', '乙'])
          await act('hospb.officer', c.id, 'add_member', { name, kind: 'team', declarationSigned: true, conflicts: [] });
        await act('hospb.head', c.id, 'approve_plan');
        await act('hospb.officer', c.id, 'submit_report', { signedBy: ['甲', '乙'] });
      }
      const sentBefore = await act('hospb.officer', before.id, 'send_proposed_decision');
      const sentAfter = await act('hospb.officer', after.id, 'send_proposed_decision');
      expect(deadline(sentBefore, 'defence')!.dueDate).toBe(computeDeadline(CAL, today(), { amount: 5, unit: 'working_days' }).dueDate);
      expect(deadline(sentAfter, 'defence')!.dueDate).toBe(computeDeadline(CAL, today(), { amount: 3, unit: 'days' }).dueDate);
    } finally {
      await s.http.delete(url).set(as('nhc.sysadmin')).expect(200);
      const reset = await s.http.delete('/api/v1/policy-profiles/national-2022/defence-period').set(as('nhc.sysadmin')).expect(200);
      expect(reset.body).toEqual({ policyProfile: 'national-2022', defencePeriod: { amount: 5, unit: 'working_days' }, source: 'default' });
    }
  });
});
