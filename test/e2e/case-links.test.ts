/**
 * Linked and merged reports end to end (issue 23 point 3): the same DOI (or the same person at the same organisation)
 * reported twice is suggested as possibly related, as far as the officer can see; officers link cases with a note; a
 * duplicate that came through the reporter channel is merged into the case that goes on: it closes as `merged`, its
 * report, reporter and evidence move to the survivor, both timelines record the merge, the survivor's deadlines stand,
 * and the reporter goes on talking to the survivor's handlers. Links never reveal a case the officer cannot see.
 */
import type { TSchema } from '@sinclair/typebox';
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { CaseLinkSchema, RelatedViewSchema, schemaIssues } from '@libs/contract/src';
import { isoDateOf } from '@libs/domain/src/calendar';
import { DEMO_ORGS } from '@libs/persistence/src/seed';
import { expectAction, postAction } from '../support/actions';
import { startStack, type E2EStack } from '../support/app';
import { createIntegrityAdmins } from '../support/users';
import { eventually } from '../support/wait';

const DOI = '10.5555/Same.Paper.2026';
const PASSWORD = 'reporter passphrase 42';

function conforms(schema: TSchema, value: unknown): void {
  expect({ issues: schemaIssues(schema, value) }).toEqual({ issues: [] });
}

describe('linked and merged reports (issue 23)', { timeout: 240_000 }, () => {
  let s: E2EStack;
  const tok: Record<string, string> = {};
  const ids: Record<'A' | 'B' | 'C' | 'D', string> = { A: '', B: '', C: '', D: '' };
  let key = '';
  let reportId = '';
  const today = isoDateOf(Date.now());

  before(async () => {
    s = await startStack();
    tok['nhc.sysadmin'] = await s.login('nhc.sysadmin');
    await createIntegrityAdmins(s, tok['nhc.sysadmin']!, [['nhc.admin', 'national']]);
    for (const u of ['nhc.admin', 'hospb.officer', 'hospb.admin', 'hospa.admin', 'henan.admin', 'henan.supervisor'])
      tok[u] = await s.login(u);
  });
  after(async () => {
    await s?.stop();
  });

  const as = (u: string) => ({ Authorization: `Bearer ${tok[u]}` });
  const reporter = () => ({ Authorization: `Basic ${Buffer.from(`${key}:${PASSWORD}`).toString('base64')}` });
  const register = async (u: string, org: string, title: string, extra: Record<string, unknown>) =>
    (
      await s.http
        .post('/api/v1/cases')
        .set(as(u))
        .send({
          source: 'report',
          handlingOrgId: org,
          receivedAt: today,
          title,
          allegations: ['2'],
          subjects: [{ name: '李某' }],
          ...extra,
        })
        .expect(201)
    ).body.id as string;
  const related = async (u: string, id: string) => {
    const res = await s.http.get(`/api/v1/cases/${id}/related`).set(as(u)).expect(200);
    conforms(RelatedViewSchema, res.body);
    return res.body as {
      links: Array<{ caseId: string; kind: string; direction: string; note: string | null; id: string }>;
      suggestions: Array<{ caseId: string; reasons: Array<{ kind: string }>; linked: boolean }>;
      papers: Array<{ doi: string; number: string }>;
    };
  };
  const timeline = async (u: string, id: string) =>
    (await s.http.get(`/api/v1/cases/${id}/timeline`).set(as(u)).expect(200)).body as Array<{
      type: string;
      data: Record<string, unknown>;
    }>;
  const linkCount = async () => ((await s.db.query(`SELECT count(*)::int AS n FROM case_links`)) as Array<{ n: number }>)[0]!.n;

  it('sets up: A and D at hospital B, B through the reporter channel there, C at hospital A, a problem paper at national', async () => {
    ids.A = await register('hospb.officer', DEMO_ORGS.hospitalB.id, '论文图片重复（首报）', {
      paper: { title: 'Same paper', doi: DOI },
      subjects: [{ name: '张三', organisation: '洛阳市中心医院' }],
    });
    await expectAction(s.http, as('hospb.officer'), 'cases', ids.A, 'accept', {}, 200);
    ids.D = await register('hospb.officer', DEMO_ORGS.hospitalB.id, '同一人另一问题', {
      subjects: [{ name: '张三', organisation: '洛阳市中心医院' }],
    });
    ids.C = await register('hospa.admin', DEMO_ORGS.hospitalA.id, '外院同一论文', {
      paper: { title: 'Same paper', doi: DOI.toUpperCase() },
    });

    const filed = await s.http
      .post('/api/v1/reports')
      .send({
        organisationId: DEMO_ORGS.hospitalB.id,
        anonymous: false,
        reporter: { name: '实名举报人', email: 'real.name@mail.test' },
        password: PASSWORD,
        title: '同一论文再次举报',
        summary: '与首报相同的论文。',
        subjects: [{ name: '张三', organisation: '洛阳市中心医院' }],
        allegations: ['2'],
        paper: { doi: DOI.toLowerCase() },
      })
      .expect(201);
    key = filed.body.key;
    await s.http
      .post('/api/v1/reports/mine/files')
      .set(reporter())
      .attach('file', Buffer.from('%PDF-1.4 evidence'), { filename: '证据.pdf', contentType: 'application/pdf' })
      .expect(201);
    [{ id: reportId }] = await s.db.query(`SELECT id FROM reports`);
    const opened = await s.http.post(`/api/v1/report-inbox/${reportId}/open-case`).set(as('hospb.admin')).send({}).expect(201);
    ids.B = opened.body.case.id;

    const csv = [
      '批次,编号,标题,作者姓名,第一通讯作者单位,行政区划,期刊,DOI,撤稿日期,来源',
      `RW-LINK,1,Same paper,张三,洛阳市中心医院,410302,J,${DOI},2026-03-01,Retraction Watch`,
    ].join('\n');
    await s.http
      .post('/api/v1/papers/import')
      .set(as('nhc.admin'))
      .attach('file', Buffer.from(csv), { filename: 'b.csv', contentType: 'text/csv' })
      .expect(200);
  });

  it('suggests possibly related cases and papers, as far as the officer sees', async () => {
    const own = await related('hospb.officer', ids.A);
    expect(own.suggestions.map((x) => [x.caseId, x.reasons.map((r) => r.kind).sort()]).sort()).toEqual(
      [
        [ids.B, ['doi', 'subject']],
        [ids.D, ['subject']],
      ].sort(),
    );
    expect(own.papers).toEqual([]); // the paper is held at national
    const province = await related('henan.admin', ids.A);
    expect(province.suggestions.map((x) => x.caseId).sort()).toEqual([ids.B, ids.C, ids.D].sort());
    const national = await related('nhc.admin', ids.A);
    expect(national.papers).toEqual([expect.objectContaining({ doi: DOI, number: expect.any(String) })]);
    // The paper import made the paper a lead at national (issue 22): the same DOI, and 张三 of 洛阳市中心医院 among its authors.
    expect((national as unknown as { leads: Array<{ doi: string; reasons: string[] }> }).leads).toEqual([
      expect.objectContaining({ doi: DOI.toLowerCase(), reasons: ['doi', 'subject'] }),
    ]);
    expect((own as unknown as { leads: unknown[] }).leads).toEqual([]);
    // Hospital A sees its own case and nothing of hospital B's.
    expect((await related('hospa.admin', ids.C)).suggestions).toEqual([]);
  });

  it('links cases with a note; refusals name the field and write nothing; a link never reveals a case', async () => {
    const before = await linkCount();
    const refusals: Array<[string, Record<string, unknown>, number, string?]> = [
      ['hospb.officer', { caseId: ids.C, note: '同一论文' }, 400, 'caseId'],
      ['hospb.officer', { caseId: ids.A, note: '自己' }, 400, 'caseId'],
      ['hospb.officer', { caseId: ids.D, note: 'x', extra: 1 }, 400, 'extra'],
      ['hospb.officer', { caseId: ids.D }, 400, 'note'],
      ['henan.supervisor', { caseId: ids.D, note: 'x' }, 403],
    ];
    for (const [u, body, status, path] of refusals) {
      const res = await s.http.post(`/api/v1/cases/${ids.A}/links`).set(as(u)).send(body);
      expect({ body, status: res.status }).toEqual({ body, status });
      if (path) expect(res.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    }
    expect(await linkCount()).toBe(before);

    const made = await s.http
      .post(`/api/v1/cases/${ids.A}/links`)
      .set(as('hospb.officer'))
      .send({ caseId: ids.D, note: '同一被举报人' })
      .expect(201);
    conforms(CaseLinkSchema, made.body);
    expect(made.body).toMatchObject({ kind: 'related', direction: 'to', caseId: ids.D, note: '同一被举报人' });
    const again = await s.http
      .post(`/api/v1/cases/${ids.D}/links`)
      .set(as('hospb.officer'))
      .send({ caseId: ids.A, note: '重复' })
      .expect(200);
    expect(again.body).toMatchObject({ id: made.body.id, direction: 'from', note: '同一被举报人' });
    expect((await related('hospb.officer', ids.D)).links).toEqual([
      expect.objectContaining({ caseId: ids.A, kind: 'related', direction: 'from' }),
    ]);

    // The province links a case of hospital B with one of hospital A; neither hospital learns of the other's case.
    await s.http.post(`/api/v1/cases/${ids.A}/links`).set(as('henan.admin')).send({ caseId: ids.C, note: '两院同一论文' }).expect(201);
    expect((await related('henan.admin', ids.A)).links.map((l) => l.caseId).sort()).toEqual([ids.C, ids.D].sort());
    const seenByB = await related('hospb.officer', ids.A);
    expect(seenByB.links.map((l) => l.caseId)).toEqual([ids.D]);
    expect(JSON.stringify(seenByB)).not.toContain(ids.C);
    expect(JSON.stringify(await related('hospa.admin', ids.C))).not.toContain(ids.A);

    await s.http.delete(`/api/v1/cases/${ids.A}/links/${ids.D}`).set(as('hospb.officer')).expect(204);
    expect((await s.http.delete(`/api/v1/cases/${ids.A}/links/${ids.D}`).set(as('hospb.officer'))).status).toBe(404);
  });

  it('merges the duplicate: it closes as merged, its report, reporter and evidence move, both timelines record it, the survivor keeps its deadlines', async () => {
    const survivorBefore = (await s.http.get(`/api/v1/cases/${ids.A}`).set(as('hospb.officer')).expect(200)).body;
    const bBefore = (await s.http.get(`/api/v1/cases/${ids.B}`).set(as('hospb.officer')).expect(200)).body;
    expect(bBefore.allowedActions).toContain('merge_into');

    const refused: Array<[string, Record<string, unknown>, number, string]> = [
      ['hospb.officer', { intoCaseId: ids.C }, 400, 'exists'],
      ['hospb.officer', { intoCaseId: ids.B }, 400, 'merge.self'],
      ['hospb.officer', { intoCaseId: ids.A, color: 'x' }, 400, 'unknown_field'],
      ['henan.admin', { intoCaseId: ids.A }, 403, ''],
    ];
    for (const [u, body, status, rule] of refused) {
      const res = await postAction(s.http, as(u), 'cases', ids.B, 'merge_into', body);
      expect({ body, status: res.status }).toEqual({ body, status });
      if (rule) expect(res.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ rule })]));
    }
    expect((await s.http.get(`/api/v1/cases/${ids.B}`).set(as('hospb.officer'))).body.version).toBe(bBefore.version);

    const merged = await expectAction(
      s.http,
      as('hospb.officer'),
      'cases',
      ids.B,
      'merge_into',
      { intoCaseId: ids.A, note: '同一论文重复举报' },
      200,
    );
    expect(merged.body).toMatchObject({ phase: 'merged', allowedActions: [] });

    // Both timelines.
    const bEvents = await timeline('hospb.officer', ids.B);
    expect(bEvents.at(-1)).toMatchObject({
      type: 'merged_into',
      data: { caseId: ids.A, number: survivorBefore.number, note: '同一论文重复举报' },
    });
    const aEvents = await eventually(async () => {
      const es = await timeline('hospb.officer', ids.A);
      return es.some((e) => e.type === 'merged_from') && es;
    }, 'merged_from on the survivor');
    expect(aEvents.filter((e) => e.type === 'merged_from').map((e) => e.data)).toEqual([
      { on: today, caseId: ids.B, number: bBefore.number, note: '同一论文重复举报' },
    ]);

    // The survivor's deadlines, phase and version stand.
    const survivorAfter = (await s.http.get(`/api/v1/cases/${ids.A}`).set(as('hospb.officer')).expect(200)).body;
    expect({ phase: survivorAfter.phase, version: survivorAfter.version, deadlines: survivorAfter.deadlines }).toEqual({
      phase: survivorBefore.phase,
      version: survivorBefore.version,
      deadlines: survivorBefore.deadlines,
    });

    // Report, reporter and evidence moved.
    const files = await eventually(async () => {
      const f = (await s.http.get(`/api/v1/cases/${ids.A}/files`).set(as('hospb.officer')).expect(200)).body as Array<{
        filename: string;
        kind: string;
      }>;
      return f.length > 0 && f;
    }, 'evidence on the survivor');
    expect(files).toEqual([expect.objectContaining({ filename: '证据.pdf', kind: 'report_material' })]);
    expect((await s.http.get(`/api/v1/cases/${ids.B}/files`).set(as('hospb.officer')).expect(200)).body).toEqual([]);
    const aReporter = (await s.http.get(`/api/v1/cases/${ids.A}/reporter`).set(as('hospb.officer')).expect(200)).body;
    expect(aReporter).toMatchObject({
      reporter: null,
      mergedReporters: [
        {
          fromCaseId: ids.B,
          fromNumber: bBefore.number,
          reporter: expect.objectContaining({ name: '实名举报人', realName: true, reportId }),
        },
      ],
    });
    expect((await s.http.get(`/api/v1/cases/${ids.B}/reporter`).set(as('hospb.officer')).expect(200)).body).toMatchObject({
      reporter: null,
      mergedReporters: [],
    });
    const channel = (await s.http.get(`/api/v1/cases/${ids.A}/reporter-messages`).set(as('hospb.officer')).expect(200)).body;
    expect(channel.reports.map((r: { reportId: string }) => r.reportId)).toEqual([reportId]);
    expect((await s.http.get(`/api/v1/cases/${ids.B}/reporter-messages`).set(as('hospb.officer')).expect(200)).body.reports).toEqual([]);
    expect((await related('hospb.officer', ids.A)).links).toEqual([
      expect.objectContaining({ caseId: ids.B, kind: 'merged', direction: 'from', note: '同一论文重复举报' }),
    ]);

    // The reporter goes on with the survivor's handlers.
    await s.http
      .post(`/api/v1/cases/${ids.A}/reporter-messages`)
      .set(as('hospb.officer'))
      .send({ body: '您的举报已与此前同一论文的举报合并办理。' })
      .expect(201);
    const mine = (await s.http.get('/api/v1/reports/mine').set(reporter()).expect(200)).body;
    expect(mine.messages.map((m: { body: string }) => m.body)).toEqual(['您的举报已与此前同一论文的举报合并办理。']);
    expect(JSON.stringify(mine)).not.toContain(survivorBefore.number);

    // A merged case is no survivor; the supervision counters count it as ended.
    const res = await postAction(s.http, as('hospb.officer'), 'cases', ids.D, 'merge_into', { intoCaseId: ids.B });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([expect.objectContaining({ path: 'intoCaseId', rule: 'merge.survivor_open' })]);
    const [ended] = await s.db.query(
      `SELECT sum(n)::int AS n FROM supervision_counts WHERE metric = 'ended' AND key LIKE 'merged|%' AND org_path = $1`,
      [((await s.db.query(`SELECT path FROM organisations WHERE id = $1`, [DEMO_ORGS.hospitalB.id])) as Array<{ path: string }>)[0]!.path],
    );
    expect(ended.n).toBe(1);
  });
});
