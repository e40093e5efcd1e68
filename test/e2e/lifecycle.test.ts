/**
 * The officer API end to end (issue: case lifecycle): full procedures for both policy profiles through HTTP, a
 * backdated case, optimistic concurrency, idempotent retries, and every refusal path leaving nothing changed.
 */
import { expect } from 'expect';
import { expectAction, postAction } from '../support/actions';
import { after, before, describe, it } from 'node:test';
import { isoDateOf } from '@libs/domain/src/calendar';
import { DEMO_ORGS, DEMO_PASSWORD, demoUserIdOf } from '@libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';
import { clarificationForm, nationalMisconductForm, uploadRequiredEvidence } from '../support/decision';
import { eventually } from '../support/wait';

describe('case lifecycle through the officer API', () => {
  let s: E2EStack;
  const tokens: Record<string, string> = {};
  before(async () => {
    s = await startStack();
    // The superior authorities that hear appeals (003 art.42; 001 art.45): the city commissions' officers and heads.
    for (const [username, org, roles] of [
      ['cityb.officer', DEMO_ORGS.cityB.id, ['case_officer']],
      ['cityb.head', DEMO_ORGS.cityB.id, ['unit_head']],
      ['citya.officer', DEMO_ORGS.cityA.id, ['case_officer']],
    ] as const) {
      await s.http
        .post('/api/v1/users')
        .set({ Authorization: `Bearer ${await s.login('nhc.sysadmin')}` })
        .send({ username, name: username, password: DEMO_PASSWORD, email: `${username}@example.org`, orgId: org, roles })
        .expect(201);
    }
    for (const u of [
      'hospa.officer',
      'hospa.head',
      'hospa.investigator',
      'hospb.officer',
      'hospb.head',
      'hospb.admin',
      'zz.supervisor',
      'cityb.officer',
      'cityb.head',
      'citya.officer',
    ]) {
      tokens[u] = await s.login(u);
    }
  });
  after(async () => {
    await s?.stop();
  });

  const as = (user: string) => ({ Authorization: `Bearer ${tokens[user]}` });
  const today = () => isoDateOf(Date.now());

  async function open(user: string, org: 'hospitalA' | 'hospitalB', over: Record<string, unknown> = {}) {
    const res = await s.http
      .post('/api/v1/cases')
      .set(as(user))
      .send({
        source: 'report',
        handlingOrgId: DEMO_ORGS[org].id,
        receivedAt: today(),
        title: '数据造假举报',
        allegations: ['2'],
        subjects: [{ name: '王五' }],
        reporter: { name: '赵六', contact: '13800000000', realName: true },
        ...over,
      })
      .expect(201);
    return res.body as { id: string; number: string; version: number };
  }

  async function act(user: string, id: string, action: string, body: Record<string, unknown> = {}, status = 200) {
    return (await expectAction(s.http, as(user), 'cases', id, action, body, status)).body;
  }

  const timeline = async (id: string, user = 'hospb.officer') =>
    (await s.http.get(`/api/v1/cases/${id}/timeline`).set(as(user)).expect(200)).body as Array<{
      seq: number;
      type: string;
      actor: { role: string; orgId: string } | null;
      data: Record<string, unknown>;
    }>;

  it('national-2022: registration to final close, every step in the timeline with who and role', async () => {
    const c = await open('hospb.officer', 'hospitalB');
    await act('hospb.officer', c.id, 'accept');
    for (const name of ['调查员甲', '调查员乙'])
      await act('hospb.officer', c.id, 'add_member', { name, kind: 'team', declarationSigned: true, conflicts: [] });
    for (const name of ['专家1', '专家2', '专家3', '专家4', '专家5'])
      await act('hospb.officer', c.id, 'add_member', { name, kind: 'expert', declarationSigned: true, conflicts: [] });
    await act('hospb.head', c.id, 'approve_plan');
    await act('hospb.officer', c.id, 'record_interview', { investigators: ['调查员甲', '调查员乙'], subject: '王五' });
    const reported = await act('hospb.officer', c.id, 'submit_report', { signedBy: ['调查员甲', '调查员乙'] });
    expect(reported.phase).toBe('handling');
    expect(reported.deadlines.map((d: { kind: string }) => d.kind)).toContain('participating_units_notice'); // 003 art.24
    await act('hospb.officer', c.id, 'notify_participating_units', { emails: ['units@example.org'] });
    await act('hospb.officer', c.id, 'send_proposed_decision');
    await act('hospb.officer', c.id, 'record_defence', { summary: '当事人书面陈述' });
    await uploadRequiredEvidence(s.http, tokens['hospb.officer'], c.id);
    const decided = await act('hospb.head', c.id, 'decide', { form: nationalMisconductForm(), effectiveDate: today() });
    expect(decided.deadlines.find((d: { kind: string }) => d.kind === 'registry_report')).toMatchObject({ status: 'open' }); // 003 art.36
    await act('hospb.officer', c.id, 'deliver_decision');
    await act('hospb.officer', c.id, 'report_registry');
    await act('hospb.officer', c.id, 'apply_review');
    await act('hospb.officer', c.id, 'accept_review');
    await act('hospb.head', c.id, 'complete_review', { result: 'upheld' });
    // 003 art.42: the appeal is heard by the superior authority, the city commission
    await act('hospb.officer', c.id, 'apply_appeal');
    await act('cityb.officer', c.id, 'accept_appeal');
    const closed = await act('cityb.head', c.id, 'complete_appeal', { result: 'upheld' });
    expect(closed.phase).toBe('closed');
    expect(closed.allowedActions).toEqual([]);

    // The reporter gave a phone number: each notice meant for them (acceptance, delivery, review and appeal outcome)
    // is on the timeline as not e-mailed, for the office to tell them another way. They land behind the actions.
    const events = await eventually(async () => {
      const t = await timeline(c.id);
      return t.some((e) => e.type === 'appeal_completed') && t.filter((e) => e.type === 'notice_undelivered').length >= 4 && t;
    }, 'the full timeline');
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1)); // no gaps, no doubles
    const unreached = events.filter((e) => e.type === 'notice_undelivered');
    expect(unreached.map((e) => [e.data.template, e.data.audience, e.data.unaddressed, e.data.reason, e.actor])).toEqual(
      ['acceptance_decision', 'decision_delivery', 'review_outcome', 'appeal_outcome'].map((tpl) => [
        tpl,
        'reporter',
        1,
        'the reporter gave no e-mail address',
        null,
      ]),
    );
    expect(JSON.stringify(unreached)).not.toContain('13800000000');
    expect(events.filter((e) => e.type !== 'notice_undelivered').map((e) => e.type)).toEqual([
      'case_opened',
      'accepted',
      'member_added',
      'member_added',
      'member_added',
      'member_added',
      'member_added',
      'member_added',
      'member_added',
      'plan_approved',
      'interview_recorded',
      'report_submitted',
      'participating_units_notified',
      'proposed_decision_sent',
      'defence_recorded',
      'decided',
      'decision_delivered',
      'registry_reported',
      'review_applied',
      'review_accepted',
      'review_completed',
      'appeal_applied',
      'appeal_accepted',
      'appeal_completed',
    ]);
    expect(events.find((e) => e.type === 'decided')!.actor).toMatchObject({ role: 'unit_head', orgId: DEMO_ORGS.hospitalB.id });
    expect(events.find((e) => e.type === 'appeal_completed')!.actor).toMatchObject({ role: 'unit_head', orgId: DEMO_ORGS.cityB.id });
    const got = await s.http.get(`/api/v1/cases/${c.id}`).set(as('hospb.officer')).expect(200);
    expect(got.body.phase).toBe('closed');
    const [row] = await eventually(async () => {
      const rows = await s.db.query(`SELECT phase, overdue FROM cases WHERE id = $1 AND phase = 'closed'`, [c.id]);
      return rows.length > 0 && rows;
    }, 'closed projection');
    expect(row).toEqual({ phase: 'closed', overdue: false });
  });

  it('henan-2021: preliminary check by two staff, reporter notice, team of three, clarification, review and appeal refused', async () => {
    const c = await open('hospa.officer', 'hospitalA');
    // 001 art.14: the preliminary check needs two staff
    const refused = await act('hospa.officer', c.id, 'accept', { checkedBy: [demoUserIdOf('hospa.officer')] }, 400);
    expect(refused.message).toMatch(/at least 2 staff \(001 art\.14\)/);
    const accepted = await act('hospa.officer', c.id, 'accept', {
      checkedBy: [demoUserIdOf('hospa.officer'), demoUserIdOf('hospa.admin')],
    });
    expect(accepted.deadlines.find((d: { kind: string }) => d.kind === 'reporter_notice')).toMatchObject({ status: 'open' });
    await act('hospa.officer', c.id, 'notify_reporter');
    for (const name of ['甲', '乙'])
      await act('hospa.officer', c.id, 'add_member', { name, kind: 'team', declarationSigned: true, conflicts: [] });
    const conflict = await act(
      'hospa.officer',
      c.id,
      'add_member',
      { name: '丙', kind: 'team', declarationSigned: true, conflicts: ['研究生导师'] },
      400,
    );
    expect(conflict.message).toMatch(/declared a conflict .* \(001 art\.49\)/); // henan's own recusal article
    await act('hospa.head', c.id, 'approve_plan');
    await act('hospa.investigator', c.id, 'record_interview', { investigators: ['甲', '乙'] });
    const tooSmall = await act('hospa.investigator', c.id, 'submit_report', { signedBy: ['甲', '乙'] }, 400);
    expect(tooSmall.message).toMatch(/at least 3 members/); // 001 art.16: a team of at least 3
    await act('hospa.officer', c.id, 'add_member', { name: '丁', kind: 'team', declarationSigned: true, conflicts: [] });
    const unsigned = await act('hospa.investigator', c.id, 'submit_report', { signedBy: ['甲', '乙'] }, 400);
    expect(unsigned.message).toMatch(/missing: 丁/);
    const reported = await act('hospa.investigator', c.id, 'submit_report', { signedBy: ['甲', '乙', '丁'] });
    expect(reported.deadlines.map((d: { kind: string }) => d.kind)).not.toContain('participating_units_notice');
    await act('hospa.officer', c.id, 'send_proposed_decision');
    await act('hospa.officer', c.id, 'waive_defence');
    await uploadRequiredEvidence(s.http, tokens['hospa.officer'], c.id);
    await act('hospa.head', c.id, 'decide', { form: clarificationForm() });
    const delivered = await act('hospa.officer', c.id, 'deliver_decision');
    expect(delivered.phase).toBe('appeal_window');
    await act('hospa.officer', c.id, 'apply_review');
    await act('hospa.officer', c.id, 'refuse_review', { reason: '无新的证据' });
    await act('hospa.officer', c.id, 'apply_appeal');
    const closed = await act('citya.officer', c.id, 'refuse_appeal', { reason: '不属于受理范围' }); // 001 art.45: the superior
    expect(closed.phase).toBe('closed');
    const t = await eventually(async () => {
      const t = await timeline(c.id, 'hospa.officer');
      return t.some((e) => e.type === 'appeal_refused') && t;
    }, 'henan timeline');
    expect(t.map((e) => e.type)).toContain('decided_clarification'); // 003 art.39: no misconduct -> clarification
  });

  it('a backdated case counts from the true date and is overdue at once', async () => {
    const c = await open('hospb.officer', 'hospitalB', { receivedAt: '2026-09-01' });
    // 2026-09-01 (Tue) + 15 working days: 9/2–4 (3), 9/7–11 (8), 9/14–18 (13), Sun 9/20 make-up day (14), 9/21 (15)
    const got = await eventually(async () => {
      const r = await s.http.get(`/api/v1/cases/${c.id}`).set(as('hospb.officer')).expect(200);
      return r.body.deadlines[0].status === 'overdue' && r.body;
    }, 'the backdated acceptance deadline to be overdue');
    expect(got.deadlines[0]).toMatchObject({ kind: 'acceptance', dueDate: '2026-09-21', status: 'overdue', remainingWorkingDays: 0 });
    expect(got.deadlines[0].overdueWorkingDays).toBeGreaterThan(30);
    expect(got.phase).toBe('intake'); // never silently advanced
    // the list reads the projection, written by the activity right after the workflow marked the deadline
    const listed = await eventually(async () => {
      const list = await s.http.get('/api/v1/cases?overdue=true').set(as('hospb.officer')).expect(200);
      return list.body.items.find((i: { id: string }) => i.id === c.id);
    }, 'the case in the overdue list');
    expect(listed).toMatchObject({ overdue: true, nextDueDate: '2026-09-21', receivedAt: '2026-09-01', phase: 'intake' });
  });

  it('concurrent conflicting actions: with If-Match one wins and the other gets 412; without If-Match both get 428', async () => {
    const c = await open('hospb.officer', 'hospitalB');
    const got = await s.http.get(`/api/v1/cases/${c.id}`).set(as('hospb.officer')).expect(200);
    const v = got.body.version as number;
    expect(got.headers.etag).toBe(`"${v}"`); // a strong ETag: the version itself
    const [a, b] = await Promise.all(
      ['accept', 'reject'].map((action) =>
        s.http
          .post(`/api/v1/cases/${c.id}/actions/${action}`)
          .set(as('hospb.officer'))
          .set('If-Match', got.headers.etag as string)
          .send(action === 'reject' ? { reason: 'no_evidence' } : {}),
      ),
    );
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const winner = a.status === 200 ? a : b;
    expect(winner.headers.etag).toBe(`"${winner.body.version}"`);

    const d = await open('hospb.officer', 'hospitalB');
    const [x, y] = await Promise.all(
      ['accept', 'reject'].map((action) =>
        s.http
          .post(`/api/v1/cases/${d.id}/actions/${action}`)
          .set(as('hospb.officer'))
          .send(action === 'reject' ? { reason: 'no_evidence' } : {}),
      ),
    );
    expect([x.status, y.status]).toEqual([428, 428]);
    expect(x.body).toMatchObject({
      error: 'PRECONDITION_REQUIRED',
      issues: [expect.objectContaining({ path: 'If-Match', rule: 'required' })],
    });
    expect((await s.http.get(`/api/v1/cases/${d.id}`).set(as('hospb.officer')).expect(200)).body.phase).toBe('intake');
  });

  it('an Idempotency-Key makes a retried request return the first result without a second event', async () => {
    const c = await open('hospb.officer', 'hospitalB');
    await act('hospb.officer', c.id, 'accept');
    const etag = (await s.http.get(`/api/v1/cases/${c.id}`).set(as('hospb.officer')).expect(200)).headers.etag as string;
    const send = (key: string, body: Record<string, unknown>, action = 'add_member') =>
      s.http
        .post(`/api/v1/cases/${c.id}/actions/${action}`)
        .set(as('hospb.officer'))
        .set('If-Match', etag)
        .set('Idempotency-Key', key)
        .send(body);
    const member = { name: '调查员甲', kind: 'team', declarationSigned: true, conflicts: [] };
    const first = await send(`add-member-${c.id}`, member).expect(200);
    // The retry comes with the very same headers (its If-Match is now stale): the first answer, not a 412.
    const retry = await send(`add-member-${c.id}`, { conflicts: [], declarationSigned: true, kind: 'team', name: '调查员甲' }).expect(200);
    expect(retry.body).toEqual(first.body);
    // The same key with another body, or for another action, is refused and changes nothing (Stripe's semantics).
    const reused = await send(`add-member-${c.id}`, { ...member, name: '调查员乙' });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ error: 'IDEMPOTENCY_KEY_REUSED', issues: [expect.objectContaining({ path: 'Idempotency-Key' })] });
    expect((await send(`add-member-${c.id}`, { reason: 'x' }, 'request_suspension')).status).toBe(422);
    // A request the workflow refused leaves its key free for the corrected request.
    const current = (await s.http.get(`/api/v1/cases/${c.id}`).set(as('hospb.officer')).expect(200)).headers.etag as string;
    const refusedOnce = await s.http
      .post(`/api/v1/cases/${c.id}/actions/add_member`)
      .set(as('hospb.officer'))
      .set('If-Match', current)
      .set('Idempotency-Key', `second-${c.id}`)
      .send({ ...member, conflicts: ['supervisor of the subject'] });
    expect(refusedOnce.status).toBe(400);
    await s.http
      .post(`/api/v1/cases/${c.id}/actions/add_member`)
      .set(as('hospb.officer'))
      .set('If-Match', current)
      .set('Idempotency-Key', `second-${c.id}`)
      .send({ ...member, name: '调查员乙' })
      .expect(200);
    const t = await eventually(async () => {
      const t = await timeline(c.id);
      return t.filter((e) => e.type === 'member_added').length >= 2 && t;
    }, 'timeline');
    expect(t.filter((e) => e.type === 'member_added').map((e) => e.data.name)).toEqual(['调查员甲', '调查员乙']);
  });

  it('every bad request answers 4xx and changes neither the workflow nor the database', async () => {
    const c = await open('hospb.officer', 'hospitalB');
    const snapshot = async () => ({
      api: (await s.http.get(`/api/v1/cases/${c.id}`).set(as('hospb.officer')).expect(200)).body,
      events: await s.db.query(`SELECT seq, type FROM case_events WHERE case_id = $1 ORDER BY seq`, [c.id]),
      row: await s.db.query(`SELECT phase, version, last_event_seq FROM cases WHERE id = $1`, [c.id]),
    });
    await eventually(async () => (await snapshot()).events.length === 1, 'first projection');
    const before = await snapshot();

    const etag = (await s.http.get(`/api/v1/cases/${c.id}`).set(as('hospb.officer')).expect(200)).headers.etag as string;
    const post = (action: string, body: unknown, user = 'hospb.officer', headers: Record<string, string> = {}) =>
      s.http
        .post(`/api/v1/cases/${c.id}/actions/${action}`)
        .set(as(user))
        .set({ 'If-Match': etag, ...headers })
        .send(body as object);

    expect((await post('reject', { reason: 'because' })).status).toBe(400); // not one of the four reasons (001 art.13)
    expect((await post('reject', { reason: 'because' })).body.message).toMatch(/reason: must be one of not_misconduct/);
    expect((await post('transfer', {})).body).toEqual({
      error: 'VALIDATION_FAILED',
      message: 'toOrgId: is required',
      issues: [{ path: 'toOrgId', rule: 'required', message: 'is required' }],
    });
    // Every failing field at once, unknown keys included.
    const many = await post('request_extension', { months: 0, reason: ' ', extra: true });
    expect(many.status).toBe(409); // the phase comes first: no extension at intake
    const bad = await post('reject', { reason: 'because', note: 3, extra: true });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['extra', 'note', 'reason']);
    expect((await post('accept', {}, 'hospb.officer', { 'If-Match': '' })).status).toBe(428);
    expect((await post('accept', {}, 'hospb.officer', { 'If-Match': `W/${etag}` })).status).toBe(400); // strong tags only
    expect((await post('accept', { on: '2999-01-01' })).status).toBe(400);
    expect((await post('accept', [1, 2])).status).toBe(400);
    const notNow = await post('submit_report', { signedBy: [] });
    expect(notNow.status).toBe(409);
    expect(notNow.body).toMatchObject({
      error: 'ACTION_NOT_ALLOWED',
      phase: 'intake',
      allowedActions: ['accept', 'reject', 'transfer', 'merge_into'],
    });
    expect((await post('approve_plan', {}, 'hospb.officer')).status).toBe(403); // the caller's role is checked first
    expect((await post('decide', { form: {} }, 'hospb.officer')).status).toBe(403); // role: unit head
    expect((await post('no_such_action', {})).status).toBe(404);
    expect((await post('accept', {}, 'hospb.officer', { 'If-Match': 'yesterday' })).status).toBe(400);
    expect((await post('accept', {}, 'hospb.officer', { 'If-Match': '"999"' })).status).toBe(412);
    expect((await post('accept', {}, 'hospb.officer', { 'Idempotency-Key': 'x' })).status).toBe(400);
    expect((await post('accept', {}, 'zz.supervisor')).status).toBe(404); // another branch: existence does not leak
    expect(
      (await s.http.post(`/api/v1/cases/00000000-0000-4000-8000-000000000000/actions/accept`).set(as('hospb.officer')).send({})).status,
    ).toBe(404);

    expect(await snapshot()).toEqual(before);
  });
});
