/**
 * Warning journals (预警期刊) and the quarterly ranking of confirmed misconduct (000 §4), end to end.
 */
import { expect } from 'expect';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { isoDateOf } from '../../libs/domain/src/calendar';
import { DEMO_ORGS, DEMO_USERS, demoUserId } from '../../libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';

describe('warning journals and the quarterly ranking', () => {
  let s: E2EStack;
  const tokens: Record<string, string> = {};
  before(async () => {
    s = await startStack();
    for (const u of ['henan.admin', 'hospa.admin', 'hospb.officer', 'hospa.officer', 'nhc.sysadmin']) tokens[u] = await s.login(u);
  });
  after(async () => {
    await s?.stop();
  });
  const as = (u: string) => ({ Authorization: `Bearer ${tokens[u]}` });

  it('a provincial integrity admin keeps the list; institutions only look it up; ISSN checked; duplicates refused', async () => {
    const journal = { issn: '0317-8471', title: 'Journal of Predatory Results', publisher: 'X Press', source: '2026 预警名单' };
    await s.http.post('/api/v1/warning-journals').set(as('hospa.admin')).send(journal).expect(403);
    expect((await s.http.post('/api/v1/warning-journals').set(as('henan.admin')).send({ ...journal, issn: '0317-8472' }).expect(400)).body.issues[0].path).toBe('issn');
    await s.http.post('/api/v1/warning-journals').set(as('henan.admin')).send(journal).expect(201);
    await s.http.post('/api/v1/warning-journals').set(as('henan.admin')).send(journal).expect(409);
    const byIssn = await s.http.get('/api/v1/warning-journals?issn=0317-8471').set(as('hospb.officer')).expect(200);
    expect(byIssn.body).toMatchObject({ listed: true, journals: [expect.objectContaining({ title: 'Journal of Predatory Results' })] });
    const byTitle = await s.http.get(`/api/v1/warning-journals?title=${encodeURIComponent('journal of  PREDATORY')}`).set(as('hospb.officer')).expect(200);
    expect(byTitle.body.listed).toBe(true);
    expect((await s.http.get('/api/v1/warning-journals?issn=1234-5679').set(as('hospb.officer')).expect(200)).body).toEqual({ listed: false, journals: [] });
    await s.http.get('/api/v1/warning-journals').set(as('hospb.officer')).expect(400);

    const id = byIssn.body.journals[0].id as string;
    await s.http.delete(`/api/v1/warning-journals/${id}`).set(as('hospa.admin')).expect(403);
    await s.http.delete(`/api/v1/warning-journals/${id}`).set(as('henan.admin')).expect(204);
    await s.http.delete(`/api/v1/warning-journals/${id}`).set(as('henan.admin')).expect(404);
    expect((await s.http.get('/api/v1/warning-journals?issn=0317-8471').set(as('hospb.officer')).expect(200)).body.listed).toBe(false);
  });

  it('imports a list with row-level errors; importing it again adds nothing', async () => {
    const csv = ['issn,title,publisher,source', '2049-3630,Open Journal A,,2026 预警名单', 'abcd,Bad ISSN Journal,,2026 预警名单', ',某某医学杂志,,2026 预警名单', '2049-3630,Open Journal A duplicate row,,2026'].join('\n');
    const send = () => s.http.post('/api/v1/warning-journals/import').set(as('nhc.sysadmin')).attach('file', Buffer.from(csv), { filename: 'list.csv', contentType: 'text/csv' }).expect(200);
    const first = await send();
    expect(first.body.imported).toBe(2);
    expect(first.body.errors).toEqual([
      { row: 3, field: 'issn', message: expect.stringContaining('not a valid ISSN') },
      { row: 5, field: 'issn', message: 'duplicate: already listed' },
    ]);
    const second = await send();
    expect(second.body.imported).toBe(0);
    expect((await s.http.get(`/api/v1/warning-journals?title=${encodeURIComponent('某某医学')}`).set(as('hospa.officer')).expect(200)).body.listed).toBe(true);
  });

  it('ranks units and regions by confirmed misconduct in a quarter; the top 5 ranks are frequent', async () => {
    // Effective misconduct decisions in 2026Q3: hospital B twice, hospital A once (rows as the decision projection writes them).
    const officer = demoUserId(DEMO_USERS.findIndex((u) => u.username === 'hospb.officer'));
    const plan: Array<[string, string, string]> = [
      ['hospb.officer', DEMO_ORGS.hospitalB.id, '2026-07-15'],
      ['hospb.officer', DEMO_ORGS.hospitalB.id, '2026-09-30'],
      ['hospa.officer', DEMO_ORGS.hospitalA.id, '2026-08-01'],
      ['hospa.officer', DEMO_ORGS.hospitalA.id, '2026-10-01'], // next quarter
    ];
    for (const [user, org, effective] of plan) {
      const c = await s.http
        .post('/api/v1/cases')
        .set(as(user))
        .send({ source: 'retraction', handlingOrgId: org, receivedAt: isoDateOf(Date.now()), title: 'ranking case', allegations: [], subjects: [{ name: 'X' }] })
        .expect(201);
      await s.db.query(`INSERT INTO decisions (id, case_id, status, result, effective_date, form, updated_by) VALUES ($1,$2,'effective','misconduct',$3,'{}',$4)`, [
        randomUUID(),
        c.body.id,
        effective,
        officer,
      ]);
    }
    const r = (await s.http.get('/api/v1/statistics/ranking?quarter=2026Q3').set(as('hospa.officer')).expect(200)).body;
    expect(r).toMatchObject({ quarter: '2026Q3', from: '2026-07-01', to: '2026-09-30', top: 5 });
    expect(r.units.map((u: { name: string; confirmedCases: number; rank: number; frequent: boolean }) => [u.name, u.confirmedCases, u.rank, u.frequent])).toEqual([
      [DEMO_ORGS.hospitalB.name, 2, 1, true],
      [DEMO_ORGS.hospitalA.name, 1, 2, true],
    ]);
    expect(r.regions).toEqual([expect.objectContaining({ name: DEMO_ORGS.province.name, confirmedCases: 3, rank: 1, frequent: true })]);
    expect((await s.http.get('/api/v1/statistics/ranking?quarter=2026Q4').set(as('hospa.officer')).expect(200)).body.units).toEqual([
      expect.objectContaining({ name: DEMO_ORGS.hospitalA.name, confirmedCases: 1 }),
    ]);
    await s.http.get('/api/v1/statistics/ranking?quarter=2026-3').set(as('hospa.officer')).expect(400);
  });
});
