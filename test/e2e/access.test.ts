/**
 * Access control end to end (RULES.md §1, §7): a matrix of every demo role at every level against each endpoint family,
 * reporter confidentiality, the denied-access list, immediate effect of deactivation and role removal, and the
 * hash-chained audit trail detecting tampering.
 */
import { expect } from 'expect';
import { expectAction, postAction } from '../support/actions';
import { after, before, describe, it } from 'node:test';
import { isoDateOf } from '@libs/domain/src/calendar';
import { DEMO_ORGS, DEMO_USERS, demoUserId } from '@libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';
import { eventually } from '../support/wait';

type Who = (typeof DEMO_USERS)[number]['username'];
const REPORTER = { name: '举报人钱七', contact: 'qianqi-secret@example.org', realName: true };

describe('access control, confidentiality and audit', () => {
  let s: E2EStack;
  const tokens = new Map<string, string>();
  let caseA: { id: string; number: string };
  before(async () => {
    s = await startStack();
    for (const u of DEMO_USERS) tokens.set(u.username, await s.login(u.username));
    const res = await s.http
      .post('/api/v1/cases')
      .set(as('hospa.officer'))
      .send({
        source: 'report',
        handlingOrgId: DEMO_ORGS.hospitalA.id,
        receivedAt: isoDateOf(Date.now()),
        title: '伪造伦理审查批件',
        allegations: ['5'],
        subjects: [{ name: '孙八' }],
        reporter: REPORTER,
      })
      .expect(201);
    caseA = res.body;
  });
  after(async () => {
    await s?.stop();
  });

  function as(user: string) {
    return { Authorization: `Bearer ${tokens.get(user)}` };
  }
  const userId = (username: string) => demoUserId(DEMO_USERS.findIndex((u) => u.username === username));

  // Expected answers for hospital A's case. Out of the subtree: 404. Visible but not allowed: 403.
  const SEES_A: Who[] = [
    'nhc.supervisor',
    'nhc.sysadmin',
    'henan.supervisor',
    'henan.admin',
    'zz.supervisor',
    'hospa.admin',
    'hospa.officer',
    'hospa.investigator',
    'hospa.head',
  ];
  const HANDLERS_A: Who[] = ['hospa.admin', 'hospa.officer', 'hospa.investigator', 'hospa.head'];
  const expected = (u: Who, family: string): number => {
    if (!SEES_A.includes(u)) return 404;
    switch (family) {
      case 'read':
        return 200;
      case 'reporter':
        return HANDLERS_A.includes(u) ? 200 : 403;
      case 'approve_plan': // unit head's action; in intake it is not allowed yet -> 409 for the head, 403 for everyone else
        return u === 'hospa.head' ? 409 : 403;
      case 'audit':
        return ['henan.admin', 'hospa.admin'].includes(u) ? 200 : 403;
      default:
        throw new Error(family);
    }
  };

  it('matrix: each role at each level gets 200, 403, 404 or 409 as specified', async () => {
    const got: Record<string, Record<string, number>> = {};
    const want: Record<string, Record<string, number>> = {};
    for (const { username: u } of DEMO_USERS) {
      got[u] = {
        read: (await s.http.get(`/api/v1/cases/${caseA.id}`).set(as(u))).status,
        timeline: (await s.http.get(`/api/v1/cases/${caseA.id}/timeline`).set(as(u))).status,
        reporter: (await s.http.get(`/api/v1/cases/${caseA.id}/reporter`).set(as(u))).status,
        approve_plan: (await postAction(s.http, as(u), 'cases', caseA.id, 'approve_plan', {})).status,
        audit: (await s.http.get(`/api/v1/audit?caseId=${caseA.id}`).set(as(u))).status,
      };
      want[u] = {
        read: expected(u, 'read'),
        timeline: expected(u, 'read'),
        reporter: expected(u, 'reporter'),
        approve_plan: expected(u, 'approve_plan'),
        audit: expected(u, 'audit'),
      };
    }
    expect(got).toEqual(want);
  });

  it('opening cases: only integrity admins and case officers, only inside their subtree', async () => {
    const body = (org: string) => ({
      source: 'media',
      handlingOrgId: org,
      receivedAt: isoDateOf(Date.now()),
      title: '舆情线索',
      allegations: [],
      subjects: [{ name: 'X' }],
    });
    expect((await s.http.post('/api/v1/cases').set(as('henan.admin')).send(body(DEMO_ORGS.hospitalA.id))).status).toBe(201); // commission enters for an institution (002)
    expect((await s.http.post('/api/v1/cases').set(as('henan.supervisor')).send(body(DEMO_ORGS.hospitalA.id))).status).toBe(403);
    expect((await s.http.post('/api/v1/cases').set(as('hospa.investigator')).send(body(DEMO_ORGS.hospitalA.id))).status).toBe(403);
    expect((await s.http.post('/api/v1/cases').set(as('hospb.officer')).send(body(DEMO_ORGS.hospitalA.id))).status).toBe(400); // not in its scope
  });

  it('reporter identity reaches handlers only, never lists, case views or timelines, and each read is audited', async () => {
    const r = await s.http.get(`/api/v1/cases/${caseA.id}/reporter`).set(as('hospa.officer')).expect(200);
    expect(r.body.reporter).toEqual(REPORTER);
    for (const { username: u } of DEMO_USERS) {
      const bodies = [
        (await s.http.get(`/api/v1/cases/${caseA.id}`).set(as(u))).text,
        (await s.http.get('/api/v1/cases').set(as(u))).text,
        (await s.http.get(`/api/v1/cases/${caseA.id}/timeline`).set(as(u))).text,
      ];
      for (const b of bodies) {
        expect(b).not.toContain(REPORTER.name);
        expect(b).not.toContain(REPORTER.contact);
      }
    }
    const audit = await s.http.get(`/api/v1/audit?caseId=${caseA.id}`).set(as('hospa.admin')).expect(200);
    expect(audit.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'READ reporter identity',
          user: expect.objectContaining({ username: 'hospa.officer', roles: ['case_officer'], orgId: DEMO_ORGS.hospitalA.id }),
        }),
      ]),
    );
    expect(JSON.stringify(audit.body)).not.toContain(REPORTER.contact);
  });

  it('the denied-access list hides the case from a named user whatever the role, without telling them', async () => {
    const unknown = await s.http.get('/api/v1/cases/00000000-0000-4000-8000-00000000dead').set(as('hospa.investigator'));
    await s.http
      .put(`/api/v1/cases/${caseA.id}/denials/${userId('hospa.investigator')}`)
      .set(as('hospa.officer'))
      .send({ reason: '回避' })
      .expect(403); // admins keep the list
    await s.http
      .put(`/api/v1/cases/${caseA.id}/denials/${userId('hospa.investigator')}`)
      .set(as('hospa.admin'))
      .send({ reason: '与被调查人系师生关系' })
      .expect(200);
    await s.http
      .put(`/api/v1/cases/${caseA.id}/denials/${userId('henan.supervisor')}`)
      .set(as('hospa.admin'))
      .send({ reason: '近亲属' })
      .expect(200);

    const denied = await s.http.get(`/api/v1/cases/${caseA.id}`).set(as('hospa.investigator'));
    expect(denied.status).toBe(404);
    expect(denied.body).toEqual(unknown.body); // indistinguishable from a case that does not exist
    expect((await s.http.get(`/api/v1/cases/${caseA.id}/timeline`).set(as('hospa.investigator'))).status).toBe(404);
    expect(
      (await postAction(s.http, as('hospa.investigator'), 'cases', caseA.id, 'record_interview', { investigators: ['a', 'b'] })).status,
    ).toBe(404);
    expect((await s.http.get(`/api/v1/cases/${caseA.id}`).set(as('henan.supervisor'))).status).toBe(404); // whatever the role or level
    const list = await s.http.get('/api/v1/cases').set(as('henan.supervisor')).expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(caseA.id);

    await s.http
      .delete(`/api/v1/cases/${caseA.id}/denials/${userId('hospa.investigator')}`)
      .set(as('hospa.admin'))
      .expect(200);
    await s.http.get(`/api/v1/cases/${caseA.id}`).set(as('hospa.investigator')).expect(200);
    await s.http
      .delete(`/api/v1/cases/${caseA.id}/denials/${userId('henan.supervisor')}`)
      .set(as('hospa.admin'))
      .expect(200);
  });

  it('login is rate-limited per account: the 11th attempt in a minute is refused, other accounts still log in', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await s.http.post('/api/v1/auth/login').send({ username: 'nobody.guessing', password: 'wrong-password' })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    await s.http.post('/api/v1/auth/login').send({ username: 'hospb.head', password: 'wrong-password' }).expect(401); // not 429
  });

  it('deactivation and role removal take effect on the next request, not at token expiry', async () => {
    const head = userId('hospb.head');
    await s.http.get('/api/v1/auth/me').set(as('hospb.head')).expect(200);
    await s.db.query(`UPDATE users SET active = false WHERE id = $1`, [head]);
    await s.http.get('/api/v1/auth/me').set(as('hospb.head')).expect(401);
    await s.db.query(`UPDATE users SET active = true WHERE id = $1`, [head]);

    const officer = userId('hospb.officer');
    const body = {
      source: 'routine',
      handlingOrgId: DEMO_ORGS.hospitalB.id,
      receivedAt: isoDateOf(Date.now()),
      title: 't',
      allegations: [],
      subjects: [{ name: 'X' }],
    };
    await s.http.post('/api/v1/cases').set(as('hospb.officer')).send(body).expect(201);
    await s.db.query(`UPDATE users SET roles = '[]'::jsonb WHERE id = $1`, [officer]);
    await s.http.post('/api/v1/cases').set(as('hospb.officer')).send(body).expect(403);
    await s.db.query(`UPDATE users SET roles = '["case_officer"]'::jsonb WHERE id = $1`, [officer]);
  });

  it('the audit trail records every write with who, role, organisation and outcome, and detects tampering', async () => {
    await expectAction(s.http, as('hospa.officer'), 'cases', caseA.id, 'reject', { reason: 'bogus' }, 400);
    type AuditRecord = { id: number; action: string; outcome: number; user: { username: string; roles: string[]; orgId: string } };
    const trail: AuditRecord[] = await eventually(async () => {
      const r = await s.http.get(`/api/v1/audit?caseId=${caseA.id}`).set(as('hospa.admin')).expect(200);
      return r.body.some((e: { outcome: number }) => e.outcome === 400) && (r.body as AuditRecord[]);
    }, 'the refused write in the audit trail');
    expect(trail.find((e) => e.outcome === 400)).toMatchObject({
      action: 'POST /api/v1/cases/:id/actions/:action',
      user: { username: 'hospa.officer', roles: ['case_officer'], orgId: DEMO_ORGS.hospitalA.id },
    });
    expect((await s.http.get('/api/v1/audit/verify').set(as('nhc.sysadmin')).expect(200)).body).toMatchObject({
      ok: true,
      firstBrokenId: null,
    });

    // An anchor kept outside the database finds removed newest records, which leave a consistent but shorter chain.
    await expectAction(s.http, as('hospb.officer'), 'cases', caseA.id, 'accept', {}, 404); // a newer record than the trail's
    const anchor = (await s.http.get('/api/v1/audit/head').set(as('nhc.sysadmin')).expect(200)).body;
    expect(anchor).toMatchObject({ id: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const anchored = `/api/v1/audit/verify?anchorId=${anchor.id}&anchorHash=${anchor.hash}`;
    expect((await s.http.get(anchored).set(as('nhc.sysadmin')).expect(200)).body).toMatchObject({ ok: true });
    await s.http.get(`/api/v1/audit/verify?anchorId=${anchor.id}`).set(as('nhc.sysadmin')).expect(400);
    await s.http.get(`/api/v1/audit/verify?anchorId=x&anchorHash=${anchor.hash}`).set(as('nhc.sysadmin')).expect(400);
    const [{ max }] = await s.db.query(`SELECT max(id)::int AS max FROM audit_log`);
    await s.db.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await s.db.query(`DELETE FROM audit_log WHERE id >= $1`, [anchor.id]);
    await s.db.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    expect(max).toBeGreaterThanOrEqual(anchor.id);
    expect((await s.http.get('/api/v1/audit/verify').set(as('nhc.sysadmin')).expect(200)).body).toMatchObject({ ok: true }); // the chain alone cannot tell
    expect((await s.http.get(anchored).set(as('nhc.sysadmin')).expect(200)).body).toMatchObject({
      ok: false,
      firstBrokenId: anchor.id,
      reason: expect.stringMatching(/newest records were removed/),
    });

    // Append-only: a plain UPDATE or DELETE is refused by the database.
    await expect(s.db.query(`UPDATE audit_log SET outcome = 200 WHERE id = $1`, [trail[0].id])).rejects.toThrow(/append-only/);
    await expect(s.db.query(`DELETE FROM audit_log WHERE id = $1`, [trail[0].id])).rejects.toThrow(/append-only/);

    // Someone with the power to bypass the trigger edits one record: verification names it.
    const target = trail.find((e) => e.outcome === 400)!.id;
    await s.db.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await s.db.query(`UPDATE audit_log SET outcome = 200 WHERE id = $1`, [target]);
    await s.db.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    const edited = (await s.http.get('/api/v1/audit/verify').set(as('nhc.sysadmin')).expect(200)).body;
    expect(edited).toMatchObject({ ok: false, firstBrokenId: target, reason: expect.stringMatching(/content/) });

    // ... or deletes one: the next record's link breaks.
    await s.db.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await s.db.query(`UPDATE audit_log SET outcome = 400 WHERE id = $1`, [target]);
    const [{ id: victim }] = await s.db.query(`SELECT id FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT 1`, [target]);
    await s.db.query(`DELETE FROM audit_log WHERE id = $1`, [victim]);
    await s.db.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    const deleted = (await s.http.get('/api/v1/audit/verify').set(as('nhc.sysadmin')).expect(200)).body;
    expect(deleted).toMatchObject({ ok: false, firstBrokenId: target, reason: expect.stringMatching(/removed or altered/) });
    await s.http.get('/api/v1/audit/verify').set(as('hospa.officer')).expect(403);
  });
});
