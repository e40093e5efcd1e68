/**
 * Audit records carry the values before and after every change of a stored record (RULES.md §7; issue 17 point 13),
 * with personal data masked (ID numbers, the reporter's identity, passwords). And allegation codes on POST /cases are
 * checked against the handling organisation's catalogue, citing its article (issue 17 point 15); a refused write is
 * still audited and leaves nothing written.
 */
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { isoDateOf } from '@libs/domain/src/calendar';
import { DEMO_ORGS, DEMO_PASSWORD, DEMO_USERS, demoUserId } from '@libs/persistence/src/seed';
import { expectAction } from '../support/actions';
import { startStack, type E2EStack } from '../support/app';
import { ID_MASKED, ID_NUMBER } from '../support/decision';

interface Change {
  entity: string;
  id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  changed: string[];
}
const userId = (username: string) => demoUserId(DEMO_USERS.findIndex((u) => u.username === username));

describe('audit records: before and after values, personal data masked; allegation codes checked', () => {
  let s: E2EStack;
  const tokens: Record<string, string> = {};
  before(async () => {
    s = await startStack();
    for (const u of ['nhc.sysadmin', 'henan.admin', 'hospa.admin', 'hospa.officer', 'hospb.officer', 'hospb.admin'])
      tokens[u] = await s.login(u);
  });
  after(async () => {
    await s?.stop();
  });
  const as = (u: string) => ({ Authorization: `Bearer ${tokens[u]}` });

  /** The newest audit record of `action` (method and route), as stored. */
  async function lastRecord(
    action: string,
  ): Promise<{ outcome: number; username: string; details: { changes?: Change[]; params: Record<string, string> } }> {
    const [row] = await s.db.query(`SELECT outcome, username, details FROM audit_log WHERE action = $1 ORDER BY id DESC LIMIT 1`, [action]);
    if (!row) throw new Error(`no audit record of ${action}`);
    return row;
  }
  const changesOf = async (action: string) => (await lastRecord(action)).details.changes ?? [];

  it('accounts: a created account names its password without its value; a role change keeps the roles before and after', async () => {
    const password = 'Very-Secret-Passw0rd!';
    const created = (
      await s.http
        .post('/api/v1/users')
        .set(as('nhc.sysadmin'))
        .send({
          username: 'audit.officer',
          name: '审计办案员',
          email: 'audit.officer@example.org',
          orgId: DEMO_ORGS.hospitalA.id,
          roles: ['case_officer'],
          password,
        })
        .expect(201)
    ).body;
    expect(await changesOf('POST /api/v1/users')).toEqual([
      {
        entity: 'user',
        id: created.id,
        before: null,
        after: {
          username: 'audit.officer',
          name: '审计办案员',
          email: 'audit.officer@example.org',
          orgId: DEMO_ORGS.hospitalA.id,
          roles: ['case_officer'],
          active: true,
          password: '[redacted]',
        },
        changed: ['username', 'name', 'email', 'orgId', 'roles', 'active', 'password'],
      },
    ]);
    await s.http
      .patch(`/api/v1/users/${created.id}`)
      .set(as('nhc.sysadmin'))
      .send({ roles: ['case_officer', 'investigator'] })
      .expect(200);
    const [roles] = await changesOf('PATCH /api/v1/users/:id');
    expect(roles).toMatchObject({
      entity: 'user',
      id: created.id,
      before: { roles: ['case_officer'] },
      after: { roles: ['case_officer', 'investigator'] },
      changed: ['roles'],
    });
    await s.http.patch(`/api/v1/users/${created.id}`).set(as('nhc.sysadmin')).send({ active: false }).expect(200);
    expect((await changesOf('PATCH /api/v1/users/:id'))[0]).toMatchObject({
      before: { active: true },
      after: { active: false },
      changed: ['active'],
    });
    const all = JSON.stringify(await s.db.query(`SELECT details FROM audit_log`));
    expect(all).not.toContain(password);
    expect(all).not.toContain(DEMO_PASSWORD);
  });

  it('reminder policies of an organisation and of a profile: before and after, also when dropped', async () => {
    const stages = { beforeWorkingDays: [2], onDueDay: true, overdueEveryWorkingDays: 3, escalateAfterOverdueWorkingDays: 6, hour: 10 };
    const orgUrl = `/api/v1/organisations/${DEMO_ORGS.hospitalA.id}/reminder-policy`;
    await s.http.put(orgUrl).set(as('nhc.sysadmin')).send(stages).expect(200);
    expect(await changesOf('PUT /api/v1/organisations/:id/reminder-policy')).toEqual([
      { entity: 'organisation_reminder_policy', id: DEMO_ORGS.hospitalA.id, before: null, after: stages, changed: Object.keys(stages) },
    ]);
    await s.http
      .put(orgUrl)
      .set(as('nhc.sysadmin'))
      .send({ ...stages, hour: 8 })
      .expect(200);
    expect((await changesOf('PUT /api/v1/organisations/:id/reminder-policy'))[0]).toMatchObject({
      before: { hour: 10 },
      after: { hour: 8 },
      changed: ['hour'],
    });
    await s.http.delete(orgUrl).set(as('nhc.sysadmin')).expect(200);
    expect((await changesOf('DELETE /api/v1/organisations/:id/reminder-policy'))[0]).toMatchObject({ before: { hour: 8 }, after: null });

    await s.http.put('/api/v1/policy-profiles/henan-2021/reminder-policy').set(as('nhc.sysadmin')).send(stages).expect(200);
    expect((await changesOf('PUT /api/v1/policy-profiles/:code/reminder-policy'))[0]).toMatchObject({
      entity: 'policy_profile_reminder_policy',
      id: 'henan-2021',
      before: null,
      after: stages,
    });
    await s.http.delete('/api/v1/policy-profiles/henan-2021/reminder-policy').set(as('nhc.sysadmin')).expect(200);
    expect((await changesOf('DELETE /api/v1/policy-profiles/:code/reminder-policy'))[0]).toMatchObject({ before: stages, after: null });
  });

  it('calendar years: the notice in force before and the new version after', async () => {
    const first = { holidays: ['2031-01-01'], makeupWorkdays: [] };
    // The load answers 202 with its reload job (issue 21); the record is written before the answer.
    await s.http.put('/api/v1/calendar/years/2031').set(as('nhc.sysadmin')).send(first).expect(202);
    expect((await changesOf('PUT /api/v1/calendar/years/:year'))[0]).toMatchObject({
      entity: 'calendar_year',
      id: '2031',
      before: null,
      after: { version: 1, ...first },
    });
    await s.http
      .put('/api/v1/calendar/years/2031')
      .set(as('nhc.sysadmin'))
      .send({ holidays: ['2031-01-01', '2031-01-02'], makeupWorkdays: [] })
      .expect(202);
    const [c] = await changesOf('PUT /api/v1/calendar/years/:year');
    expect(c).toMatchObject({
      before: { version: 1, holidays: ['2031-01-01'] },
      after: { version: 2, holidays: ['2031-01-01', '2031-01-02'] },
    });
    expect(c!.changed).toEqual(expect.arrayContaining(['version', 'holidays']));
  });

  it('organisations imported and warning journals added, imported and removed: each record after (and before a removal)', async () => {
    const csv = 'name,level,parentRegionCode,regionCode,policyProfile\n审计市卫生健康委员会,municipal,410000,419900,\n';
    await s.http
      .post('/api/v1/organisations/import')
      .set(as('nhc.sysadmin'))
      .attach('file', Buffer.from(csv), { filename: 'o.csv', contentType: 'text/csv' })
      .expect(200);
    expect(await changesOf('POST /api/v1/organisations/import')).toEqual([
      expect.objectContaining({
        entity: 'organisation',
        before: null,
        after: expect.objectContaining({
          name: '审计市卫生健康委员会',
          regionCode: '419900',
          level: 'municipal',
          policyProfile: 'national-2022',
        }),
      }),
    ]);

    const journal = (
      await s.http
        .post('/api/v1/warning-journals')
        .set(as('henan.admin'))
        .send({ issn: '0317-8471', title: 'Audit Journal', source: '2026 预警名单' })
        .expect(201)
    ).body;
    expect(await changesOf('POST /api/v1/warning-journals')).toEqual([
      {
        entity: 'warning_journal',
        id: journal.id,
        before: null,
        after: { issn: '0317-8471', title: 'Audit Journal', publisher: null, source: '2026 预警名单' },
        changed: ['issn', 'title', 'publisher', 'source'],
      },
    ]);
    await s.http.delete(`/api/v1/warning-journals/${journal.id}`).set(as('henan.admin')).expect(204);
    expect(await changesOf('DELETE /api/v1/warning-journals/:journalId')).toEqual([
      expect.objectContaining({ id: journal.id, before: expect.objectContaining({ title: 'Audit Journal' }), after: null }),
    ]);
    const list = 'issn,title,publisher,source\n2049-3630,Audit Open Journal,,2026 预警名单\n';
    await s.http
      .post('/api/v1/warning-journals/import')
      .set(as('henan.admin'))
      .attach('file', Buffer.from(list), { filename: 'j.csv', contentType: 'text/csv' })
      .expect(200);
    expect(await changesOf('POST /api/v1/warning-journals/import')).toEqual([
      expect.objectContaining({ entity: 'warning_journal', before: null, after: expect.objectContaining({ issn: '2049-3630' }) }),
    ]);
  });

  it('records of the monitoring modules too: a spot-check plan and a self-inspection campaign created', async () => {
    const today = isoDateOf(Date.now());
    const year = Number(today.slice(0, 4));
    const plan = (await s.http.post('/api/v1/spot-checks').set(as('hospa.admin')).send({ year }).expect(201)).body;
    expect(await changesOf('POST /api/v1/spot-checks')).toEqual([
      expect.objectContaining({ entity: 'spot_check_plan', id: plan.id, before: null, after: expect.objectContaining({ year }) }),
    ]);
    const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const campaign = (
      await s.http
        .post('/api/v1/self-inspections')
        .set(as('henan.admin'))
        .send({ year, opensOn: addDays(today, -10), closesOn: addDays(today, 10) })
        .expect(201)
    ).body;
    expect(await changesOf('POST /api/v1/self-inspections')).toEqual([
      expect.objectContaining({
        entity: 'self_inspection_campaign',
        id: campaign.id,
        before: null,
        after: expect.objectContaining({ year }),
      }),
    ]);
  });

  it("allegations outside the organisation's catalogue are refused citing its article; nothing is written; the refusal is audited", async () => {
    const count = async () => (await s.db.query(`SELECT count(*)::int AS n FROM cases`))[0].n as number;
    const before = await count();
    const body = (org: string, allegations: unknown[]) => ({
      source: 'report',
      handlingOrgId: org,
      receivedAt: isoDateOf(Date.now()),
      title: '编码核对',
      allegations,
      subjects: [{ name: '王五' }],
    });
    const henan = await s.http
      .post('/api/v1/cases')
      .set(as('hospa.officer'))
      .send(body(DEMO_ORGS.hospitalA.id, ['2', '99', 'x'.repeat(10_000)]))
      .expect(400);
    expect(henan.body.issues).toEqual([
      {
        path: 'allegations[1]',
        rule: 'catalogue.misconduct_type',
        article: '001 art.2',
        message: '"99" is not a misconduct type of henan-2021 (001 art.2: 1–9)',
      },
      {
        path: 'allegations[2]',
        rule: 'catalogue.misconduct_type',
        article: '001 art.2',
        message: expect.stringMatching(/^"x{20}…" is not a misconduct type of henan-2021/),
      },
    ]);
    // Henan has a type 9 (其他科研失信行为); national stops at 8 and cites 003.
    const national = await s.http
      .post('/api/v1/cases')
      .set(as('hospb.officer'))
      .send(body(DEMO_ORGS.hospitalB.id, ['9']))
      .expect(400);
    expect(national.body.issues).toEqual([
      expect.objectContaining({
        path: 'allegations[0]',
        article: '003 art.2',
        message: expect.stringContaining('national-2022 (003 art.2: 1–8)'),
      }),
    ]);
    expect(await count()).toBe(before);
    expect(await lastRecord('POST /api/v1/cases')).toMatchObject({
      outcome: 400,
      username: 'hospb.officer',
      details: { error: expect.stringContaining('allegations[0]') },
    });
    await s.http
      .post('/api/v1/cases')
      .set(as('hospa.officer'))
      .send(body(DEMO_ORGS.hospitalA.id, ['9']))
      .expect(201);
  });

  it("a case: the reporter's identity masked in the record of its registration; actions keep phase and version before and after", async () => {
    const reporter = { name: '李四', contact: 'lisi.reporter@example.org', realName: true };
    const c = (
      await s.http
        .post('/api/v1/cases')
        .set(as('hospb.officer'))
        .send({
          source: 'report',
          handlingOrgId: DEMO_ORGS.hospitalB.id,
          receivedAt: isoDateOf(Date.now()),
          title: '举报',
          allegations: ['2'],
          subjects: [{ name: '王五' }],
          reporter,
        })
        .expect(201)
    ).body;
    const [registered] = await changesOf('POST /api/v1/cases');
    expect(registered).toMatchObject({
      entity: 'case',
      id: c.id,
      before: null,
      after: { number: c.number, allegations: ['2'], reporter: { name: '李*', contact: 'l***@e***.org', realName: true } },
    });
    await expectAction(s.http, as('hospb.officer'), 'cases', c.id, 'accept', {}, 200);
    const trail = (await s.http.get(`/api/v1/audit?caseId=${c.id}`).set(as('hospb.admin')).expect(200)).body as Array<{
      action: string;
      details: { changes?: Change[] };
    }>;
    const accept = trail.find((r) => r.action === 'POST /api/v1/cases/:id/actions/:action')!;
    expect(accept.details.changes).toEqual([
      {
        entity: 'case',
        id: c.id,
        before: { phase: 'intake', version: 1 },
        after: { phase: 'investigation', version: 2 },
        changed: ['phase', 'version'],
      },
    ]);

    // The denied-access list: the entry before and after, through the case's own audit trail.
    await s.http
      .put(`/api/v1/cases/${c.id}/denials/${userId('hospb.head')}`)
      .set(as('hospb.admin'))
      .send({ reason: '与被调查人系师生关系' })
      .expect(200);
    await s.http
      .delete(`/api/v1/cases/${c.id}/denials/${userId('hospb.head')}`)
      .set(as('hospb.admin'))
      .expect(200);
    const denials = (
      (await s.http.get(`/api/v1/audit?caseId=${c.id}`).set(as('hospb.admin')).expect(200)).body as Array<{
        action: string;
        details: { changes?: Change[] };
      }>
    )
      .filter((r) => r.action.includes('/denials/'))
      .map((r) => r.details.changes);
    expect(denials).toEqual([
      [
        {
          entity: 'case_access_denial',
          id: `${c.id}/${userId('hospb.head')}`,
          before: null,
          after: expect.objectContaining({ reason: '与被调查人系师生关系' }),
          changed: expect.any(Array),
        },
      ],
      [
        {
          entity: 'case_access_denial',
          id: `${c.id}/${userId('hospb.head')}`,
          before: expect.objectContaining({ reason: '与被调查人系师生关系' }),
          after: null,
          changed: expect.any(Array),
        },
      ],
    ]);

    // A decision draft with an ID number: the record has the masked form only.
    const draft = {
      result: 'misconduct',
      authors: [
        {
          order: 1,
          name: '王五',
          organisation: '洛阳市中心医院',
          idNumber: ID_NUMBER,
          penalise: true,
          misconductTypes: ['2'],
          measures: [],
          mitigating: [],
          aggravating: [],
        },
      ],
    };
    await s.http.put(`/api/v1/cases/${c.id}/decision`).set(as('hospb.officer')).send(draft).expect(200);
    const [saved] = await changesOf('PUT /api/v1/cases/:id/decision');
    const author = (saved!.after as { form: { authors: Array<Record<string, unknown>> } }).form.authors[0]!;
    expect(author).toMatchObject({ idNumberMasked: ID_MASKED, idNumberEnc: '[redacted]', idNumberHash: '[redacted]' });

    const all = JSON.stringify(await s.db.query(`SELECT details FROM audit_log`));
    for (const secret of [ID_NUMBER, reporter.name, reporter.contact]) expect(all).not.toContain(secret);
    expect((await s.http.get('/api/v1/audit/verify').set(as('nhc.sysadmin')).expect(200)).body).toMatchObject({ ok: true });
  });
});
