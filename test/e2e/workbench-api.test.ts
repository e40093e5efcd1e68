/**
 * The API reads the workbench needs (issue 24), against the real stack:
 *  - every answer under /api/ is the caller's own and is never stored by a cache (`Cache-Control: private, no-store`,
 *    `Vary: Authorization`), so a browser never revalidates one user's case (ETag = version) into another user's
 *    allowedActions; the document says so on every secured 2xx;
 *  - GET /organisations/{id}/members: the colleagues of one's own organisation for staff pickers (id, name, roles,
 *    no username or e-mail), narrowed by role; 403 for another organisation of the subtree, 404 outside it; audited;
 *  - GET /cases?q=: case number, title, a subject's name, the paper's DOI; `%` and `_` match only themselves; scoped.
 */
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { isoDateOf } from '@libs/domain/src/calendar';
import { DEMO_ORGS, demoUserIdOf } from '@libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';

interface CaseItem {
  id: string;
  number: string;
  title: string;
}

describe('workbench API reads: private answers, organisation members, free-text case search (issue 24)', () => {
  let s: E2EStack;
  const tok: Record<string, string> = {};
  const as = (u: string) => ({ Authorization: `Bearer ${tok[u]}` });
  const cases: Record<'percent' | 'plain', { id: string; number: string }> = {} as never;

  const register = async (u: string, title: string, subject: string, doi?: string) => {
    const res = await s.http
      .post('/api/v1/cases')
      .set(as(u))
      .send({
        source: 'report',
        handlingOrgId: DEMO_ORGS.hospitalA.id,
        receivedAt: isoDateOf(Date.now()),
        title,
        allegations: ['2'],
        subjects: [{ name: '张三' }, { name: subject, organisation: DEMO_ORGS.hospitalA.name }],
        ...(doi ? { paper: { title: '一篇论文', doi } } : {}),
      })
      .expect(201);
    return { id: res.body.id as string, number: res.body.number as string };
  };
  const search = async (u: string, q: string): Promise<string[]> => {
    const res = await s.http.get('/api/v1/cases').query({ q, pageSize: '100' }).set(as(u)).expect(200);
    return (res.body.items as CaseItem[]).map((c) => c.id).sort();
  };

  before(async () => {
    s = await startStack();
    for (const u of ['hospa.officer', 'hospa.head', 'hospa.investigator', 'hospb.officer', 'henan.admin', 'nhc.sysadmin', 'hospa.admin'])
      tok[u] = await s.login(u);
    cases.percent = await register('hospa.officer', '样本量50%_调整的论文', '王五', '10.1000/Abc_123');
    cases.plain = await register('hospa.officer', '论文数据造假举报', '李雷');
  });
  after(async () => {
    await s?.stop();
  });

  it('answers are private and never stored: a case, a list, a refusal; the document names the header', async () => {
    for (const [path, status] of [
      [`/api/v1/cases/${cases.plain.id}`, 200],
      ['/api/v1/cases', 200],
      [`/api/v1/cases/${cases.plain.id}/timeline`, 200],
      ['/api/v1/cases/00000000-0000-4000-8000-000000000000', 404],
    ] as const) {
      const res = await s.http.get(path).set(as('hospa.officer')).expect(status);
      expect({ path, cacheControl: res.headers['cache-control'] }).toEqual({ path, cacheControl: 'private, no-store' });
      expect(String(res.headers.vary).split(/,\s*/)).toContain('Authorization');
    }
    // The ETag is the version, the same for every caller, while allowedActions differ: only no-store keeps a
    // browser from answering the investigator's request with the officer's copy after a 304.
    const officer = await s.http.get(`/api/v1/cases/${cases.plain.id}`).set(as('hospa.officer')).expect(200);
    const head = await s.http.get(`/api/v1/cases/${cases.plain.id}`).set(as('hospa.investigator')).expect(200);
    expect(head.headers.etag).toBe(officer.headers.etag);
    expect(head.body.allowedActions).not.toEqual(officer.body.allowedActions);
    const revalidated = await s.http
      .get(`/api/v1/cases/${cases.plain.id}`)
      .set(as('hospa.investigator'))
      .set('If-None-Match', officer.headers.etag as string);
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers['cache-control']).toBe('private, no-store');

    const doc = (await s.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>>;
    };
    expect(doc.paths['/api/v1/cases/{id}']!.get!.responses['200']!.headers).toHaveProperty('Cache-Control');
    expect(doc.paths['/api/v1/cases/{id}']!.get!.responses['200']!.headers).toHaveProperty('ETag');
    expect(doc.paths['/api/v1/organisations/{id}/members']!.get!.responses['200']!.headers).toHaveProperty('Cache-Control');
  });

  it("members: one's own organisation's active accounts, id, name and roles only; by role; audited", async () => {
    const auditBefore = ((await s.db.query(`SELECT coalesce(max(id), 0)::int AS id FROM audit_log`)) as Array<{ id: number }>)[0]!.id;
    const all = await s.http.get(`/api/v1/organisations/${DEMO_ORGS.hospitalA.id}/members`).set(as('hospa.officer')).expect(200);
    const ids = (all.body as Array<{ id: string }>).map((m) => m.id).sort();
    expect(ids).toEqual(['hospa.admin', 'hospa.officer', 'hospa.investigator', 'hospa.head'].map(demoUserIdOf).sort());
    for (const m of all.body as Array<Record<string, unknown>>) expect(Object.keys(m).sort()).toEqual(['id', 'name', 'roles']);
    expect(JSON.stringify(all.body)).not.toMatch(/@example\.org|hospa\./);

    const officers = await s.http
      .get(`/api/v1/organisations/${DEMO_ORGS.hospitalA.id}/members`)
      .query({ role: 'unit_head' })
      .set(as('hospa.officer'))
      .expect(200);
    expect(officers.body).toEqual([{ id: demoUserIdOf('hospa.head'), name: '甲院负责人', roles: ['unit_head'] }]);

    // A deactivated account is no longer offered.
    await s.http
      .patch(`/api/v1/users/${demoUserIdOf('hospa.investigator')}`)
      .set(as('nhc.sysadmin'))
      .send({ active: false })
      .expect(200);
    const after = await s.http.get(`/api/v1/organisations/${DEMO_ORGS.hospitalA.id}/members`).set(as('hospa.head')).expect(200);
    expect((after.body as Array<{ id: string }>).map((m) => m.id)).not.toContain(demoUserIdOf('hospa.investigator'));
    await s.http
      .patch(`/api/v1/users/${demoUserIdOf('hospa.investigator')}`)
      .set(as('nhc.sysadmin'))
      .send({ active: true })
      .expect(200);

    const audited = (await s.db.query(
      `SELECT user_id, details FROM audit_log WHERE id > $1 AND action = 'READ organisation members' ORDER BY id`,
      [auditBefore],
    )) as Array<{
      user_id: string;
      details: { orgId: string; role: string | null; count: number };
    }>;
    expect(audited.map((a) => [a.user_id, a.details.orgId, a.details.role, a.details.count])).toEqual([
      [demoUserIdOf('hospa.officer'), DEMO_ORGS.hospitalA.id, null, 4],
      [demoUserIdOf('hospa.officer'), DEMO_ORGS.hospitalA.id, 'unit_head', 1],
      [demoUserIdOf('hospa.head'), DEMO_ORGS.hospitalA.id, null, 3],
    ]);
  });

  it('members: another organisation of the subtree 403 (a system_admin may), outside the subtree 404, a bad role 400', async () => {
    const refused = await s.http.get(`/api/v1/organisations/${DEMO_ORGS.hospitalA.id}/members`).set(as('henan.admin')).expect(403);
    expect(refused.body.error).toBe('FORBIDDEN');
    await s.http.get(`/api/v1/organisations/${DEMO_ORGS.hospitalA.id}/members`).set(as('nhc.sysadmin')).expect(200);
    const hidden = await s.http.get(`/api/v1/organisations/${DEMO_ORGS.hospitalA.id}/members`).set(as('hospb.officer')).expect(404);
    expect(hidden.body.error).toBe('NOT_FOUND');
    await s.http.get('/api/v1/organisations/not-a-uuid/members').set(as('hospa.officer')).expect(404);
    const bad = await s.http
      .get(`/api/v1/organisations/${DEMO_ORGS.hospitalA.id}/members`)
      .query({ role: 'boss' })
      .set(as('hospa.officer'))
      .expect(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual(['role']);
  });

  it('cases ?q=: number, title, subject, DOI, case-insensitive; % and _ literal; only cases the caller sees', async () => {
    expect(await search('hospa.officer', cases.plain.number)).toEqual([cases.plain.id]);
    expect(await search('hospa.officer', '数据造假')).toEqual([cases.plain.id]);
    expect(await search('hospa.officer', '李雷')).toEqual([cases.plain.id]);
    expect(await search('hospa.officer', '10.1000/ABC')).toEqual([cases.percent.id]);
    expect(await search('hospa.officer', '%')).toEqual([cases.percent.id]);
    expect(await search('hospa.officer', '50%_')).toEqual([cases.percent.id]);
    expect(await search('hospa.officer', '_')).toEqual([cases.percent.id]);
    expect(await search('hospa.officer', '张三')).toEqual([cases.percent.id, cases.plain.id].sort());
    expect(await search('hospa.officer', '不存在的')).toEqual([]);
    expect(await search('hospb.officer', '论文')).toEqual([]);
    const res = await s.http
      .get('/api/v1/cases')
      .query({ q: 'x'.repeat(201) })
      .set(as('hospa.officer'))
      .expect(400);
    expect(res.body.issues.map((i: { path: string }) => i.path)).toEqual(['q']);
  });
});
