/**
 * Raw-data spot checks end to end (000 §10; issue 22): an institution's plan for the year over its imported papers, a
 * sample of at least 5 % with every important paper, drawn once from a stored seed and reproducible from it, a result
 * per sampled paper, a problem followed up by a lead, and each institution's completion as the commissions see it.
 */
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { isoDateOf } from '@libs/domain/src/calendar';
import { drawSample } from '@libs/domain/src/spot-check';
import { DEMO_ORGS } from '@libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';

describe('raw-data spot checks (000 §10)', () => {
  let s: E2EStack;
  const tok: Record<string, string> = {};
  const as = (u: string) => ({ Authorization: `Bearer ${tok[u]}` });
  const year = Number(isoDateOf(Date.now()).slice(0, 4));
  let plan: { id: string };
  const papersCsv = [
    '编号,标题,作者,期刊,DOI,发表日期,重要论文,重要说明',
    ...Array.from(
      { length: 45 },
      (_, i) =>
        `P${String(i + 1).padStart(3, '0')},Paper ${i + 1},作者${i};合作者${i},J Made Up,10.9999/sc.${i + 1},${year}-03-${String((i % 28) + 1).padStart(2, '0')},${i === 7 || i === 30 ? '是' : '否'},${i === 7 ? '国家自然科学基金重点项目成果' : ''}`,
    ),
    `P900,Wrong year,某人,J,,${year - 1}-05-05,否,`,
  ].join('\n');

  before(async () => {
    s = await startStack();
    for (const u of ['hospa.admin', 'hospa.officer', 'hospb.admin', 'henan.admin', 'henan.supervisor']) tok[u] = await s.login(u);
  });
  after(async () => {
    await s?.stop();
  });

  it('an institution plans its year once; at least 5 %; commissions do not plan for themselves', async () => {
    const post = (u: string, body: unknown) =>
      s.http
        .post('/api/v1/spot-checks')
        .set(as(u))
        .send(body as object);
    expect((await post('hospa.officer', { year })).status).toBe(403);
    const bad = await post('hospa.admin', { year: year + 1, rate: 0.01, extra: true });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['extra', 'rate']);
    expect((await post('hospa.admin', { year: year + 1 })).body.issues[0]).toMatchObject({ path: 'year', rule: 'not_in_future' });
    expect((await post('henan.admin', { year })).body.issues[0]).toMatchObject({ rule: 'institution', article: '000 §10' });
    const created = await post('hospa.admin', { year }).expect(201);
    expect(created.body).toMatchObject({ orgId: DEMO_ORGS.hospitalA.id, year, rate: 0.05, status: 'draft', seed: null, papers: 0 });
    plan = created.body;
    expect((await post('hospa.admin', { year })).status).toBe(409);
    expect((await s.http.get(`/api/v1/spot-checks/${plan.id}`).set(as('hospb.admin'))).status).toBe(404);
  });

  it("imports the year's papers; a row of another year is refused by row; importing again changes nothing", async () => {
    const upload = () =>
      s.http
        .post(`/api/v1/spot-checks/${plan.id}/papers/import`)
        .set(as('hospa.admin'))
        .attach('file', Buffer.from(papersCsv), { filename: 'papers.csv', contentType: 'text/csv' });
    const first = await upload().expect(200);
    expect(first.body).toMatchObject({ imported: 45, unchanged: 0, plan: { papers: 45, important: 2, minimumSample: 3 } });
    expect(first.body.errors).toEqual([{ row: 47, reason: expect.stringContaining(`not in ${year}`) }]);
    expect((await upload().expect(200)).body).toMatchObject({ imported: 0, unchanged: 45 });
  });

  it('draws once: every important paper plus random ones from the seed, reproducible by anyone with the list and the seed', async () => {
    expect(
      (await s.http.post(`/api/v1/spot-checks/${plan.id}/draw`).set(as('hospa.admin')).send({ seed: '18446744073709551616' })).status,
    ).toBe(400);
    const drawn = await s.http.post(`/api/v1/spot-checks/${plan.id}/draw`).set(as('hospa.admin')).send({ seed: '20260314' }).expect(200);
    expect(drawn.body).toMatchObject({ status: 'sampled', seed: '20260314', algorithm: 'splitmix64-fisher-yates-v1', sampled: 3 });
    const sample = (await s.http.get(`/api/v1/spot-checks/${plan.id}/papers?sampled=true`).set(as('henan.supervisor')).expect(200)).body
      .items as Array<{ id: string; ref: string; sampleReason: string }>;
    expect(sample.filter((x) => x.sampleReason === 'important').map((x) => x.ref)).toEqual(['P008', 'P031']);
    // Reproduce from the stored list and seed with the documented algorithm.
    const all: Array<{ id: string; ref: string; title: string; important: boolean }> = await s.db.query(
      `SELECT id, ref, title, important FROM spot_check_papers WHERE plan_id = $1`,
      [plan.id],
    );
    expect(drawSample(all, 0.05, 20260314n).map((x) => x.id)).toEqual(sample.map((x) => x.id));
    expect((await s.http.post(`/api/v1/spot-checks/${plan.id}/draw`).set(as('hospa.admin')).send({})).status).toBe(409);
    const late = await s.http
      .post(`/api/v1/spot-checks/${plan.id}/papers/import`)
      .set(as('hospa.admin'))
      .attach('file', Buffer.from(papersCsv), { filename: 'p.csv', contentType: 'text/csv' });
    expect(late.status).toBe(409);
  });

  it('records a result per sampled paper; a problem is followed up by a lead at the institution; the plan completes', async () => {
    const items = (await s.http.get(`/api/v1/spot-checks/${plan.id}/papers`).set(as('hospa.admin')).expect(200)).body.items as Array<{
      id: string;
      sampled: boolean;
    }>;
    const sampled = items.filter((x) => x.sampled);
    const other = items.find((x) => !x.sampled)!;
    const put = (paperId: string, body: unknown) =>
      s.http
        .put(`/api/v1/spot-checks/${plan.id}/papers/${paperId}/result`)
        .set(as('hospa.admin'))
        .send(body as object);
    expect((await put(other.id, { outcome: 'complete' })).status).toBe(409);
    expect((await put(sampled[0]!.id, { outcome: 'problem' })).body.issues[0]).toMatchObject({
      path: 'note',
      rule: 'required_with_finding',
    });
    expect((await put(sampled[0]!.id, { outcome: 'great' })).status).toBe(400);
    await put(sampled[0]!.id, { outcome: 'problem', note: '原始实验记录与论文图3数据不一致' }).expect(200);
    await put(sampled[1]!.id, { outcome: 'consistent' }).expect(200);
    expect((await s.http.get(`/api/v1/spot-checks/${plan.id}`).set(as('hospa.admin')).expect(200)).body).toMatchObject({
      status: 'sampled',
      checked: 2,
      completion: 0.667,
    });
    await put(sampled[2]!.id, { outcome: 'complete', note: '数据已归档' }).expect(200);
    expect((await s.http.get(`/api/v1/spot-checks/${plan.id}`).set(as('hospa.admin')).expect(200)).body).toMatchObject({
      status: 'completed',
      checked: 3,
      problems: 1,
      completion: 1,
    });
    // A result changed is audited with its value before and after (RULES.md §7).
    await put(sampled[2]!.id, { outcome: 'consistent', note: '数据已归档，与论文一致' }).expect(200);
    const [change] = (await s.db.query(
      `SELECT details FROM audit_log WHERE action = 'CHANGE spot-check result' AND details->>'paperId' = $1 ORDER BY id DESC LIMIT 1`,
      [sampled[2]!.id],
    )) as Array<{ details: Record<string, unknown> }>;
    expect(change!.details).toMatchObject({
      before: { outcome: 'complete', note: '数据已归档' },
      after: { outcome: 'consistent', note: '数据已归档，与论文一致' },
    });

    const follow = (paperId: string) =>
      s.http.post(`/api/v1/spot-checks/${plan.id}/papers/${paperId}/follow-up`).set(as('hospa.admin')).send({ note: '请科研处核实' });
    expect((await follow(sampled[1]!.id)).status).toBe(409); // consistent: nothing to follow up
    const f = await follow(sampled[0]!.id);
    if (f.status !== 201) throw new Error(JSON.stringify(f.body));
    expect(f.body.lead).toMatchObject({
      origin: 'spot_check',
      category: 'routine',
      status: 'open',
      holder: { orgId: DEMO_ORGS.hospitalA.id },
      number: expect.stringMatching(/^JC\d{6}-001$/),
    });
    expect(f.body.paper).toMatchObject({ leadId: f.body.lead.id, outcome: 'problem' });
    expect((await follow(sampled[0]!.id)).status).toBe(409);
  });

  it("commissions see each institution's completion; exports", async () => {
    const c = (await s.http.get(`/api/v1/spot-checks/completion?year=${year}`).set(as('henan.supervisor')).expect(200)).body;
    expect(c.items).toEqual([
      expect.objectContaining({
        orgId: DEMO_ORGS.hospitalA.id,
        status: 'completed',
        papers: 45,
        sampled: 3,
        checked: 3,
        problems: 1,
        followedUp: 1,
        completion: 1,
      }),
      expect.objectContaining({ orgId: DEMO_ORGS.hospitalB.id, status: 'none', planId: null }),
    ]);
    expect(
      (await s.http.get(`/api/v1/spot-checks/completion?year=${year}`).set(as('hospb.admin')).expect(200)).body.items.map(
        (x: { orgId: string }) => x.orgId,
      ),
    ).toEqual([DEMO_ORGS.hospitalB.id]);
    expect((await s.http.get('/api/v1/spot-checks/completion').set(as('henan.supervisor'))).status).toBe(400);
    const csv = await s.http.get(`/api/v1/spot-checks/completion.csv?year=${year}`).set(as('henan.supervisor')).buffer(true).expect(200);
    expect(csv.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('机构,状态,当年论文数,重要论文数,抽取数,已核查,发现问题,已转线索,完成率');
    const papers = await s.http
      .get(`/api/v1/spot-checks/${plan.id}/papers.csv?sampled=true`)
      .set(as('henan.supervisor'))
      .buffer(true)
      .expect(200);
    expect(papers.text.trim().split('\r\n')).toHaveLength(4);
    expect(papers.headers['x-total-count']).toBe('3');
  });
});
