/**
 * Problem papers end to end (RULES.md §2, §5; 002, 004), four levels: national → 河南 → 郑州 → 郑州市第一人民医院, and
 * the other branch 洛阳 → 洛阳市中心医院. Import with bad rows (twice: nothing changes), dispatch down by region, a
 * misrouted paper returned to the superior (its case ends as transferred) and re-dispatched to an institution without
 * accounts whose commission enters the result; submission, a return at the province with an opinion and an official
 * letter, resubmission, approval up to national; withdrawal; the pre-review variant; progress counts at each level;
 * no level sees or acts on another branch.
 */
import { Client, Connection } from '@temporalio/client';
import { expectAction, postAction } from '../support/actions';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import ExcelJS from 'exceljs';
import { expect } from 'expect';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { isoDateOf } from '../../libs/domain/src/calendar';
import { paperWorkflowId } from '../../libs/domain/src/paper';
import { DEMO_ORGS, DEMO_PASSWORD, demoUserIdOf } from '../../libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';
import { clarificationForm, uploadRequiredEvidence } from '../support/decision';
import { ROOT } from '../support/servers';
import { eventually } from '../support/wait';

const BATCH = 'RW-2026-11';
const HEADER = '批次,编号,标题,作者姓名,第一通讯作者单位,行政区划,期刊,DOI,撤稿日期,来源';
const FILE = [
  HEADER,
  `${BATCH},1,Apatinib induces ferroptosis,张三；李四,郑州市第一人民医院,410102,Oxid Med Cell Longev,10.1155/2022/1,2026-03-01,Retraction Watch`,
  `${BATCH},2,MicroRNA-299-5p and temozolomide,王五,郑州市第三人民医院,410105,Biosci Rep,10.1042/BSR1,2026-03-02,PubMed`,
  `${BATCH},3,MRI in concussion,赵六,洛阳市中心医院,410302,Am J Transl Res,,2026-03-03,Web of Science`,
  `${BATCH},4,EGFR in hepatic stellate cells,钱七,浙江省某医院,330102,Med Sci Monit,10.12659/MSM.1,2026-03-04,PubMed`,
  `${BATCH},5,,孙八,某医院,41010,J X,not-a-doi,2026-02-30,Google`,
  `${BATCH},1,Duplicate of row 2,X,Y,410102,J,,,PubMed`,
].join('\n');

describe('problem papers: import, dispatch down, review up (RULES.md §2, §5)', () => {
  let s: E2EStack;
  const tok: Record<string, string> = {};
  const papers: Record<string, string> = {};
  const instC = { id: randomUUID(), name: '郑州市第三人民医院' };
  const today = isoDateOf(Date.now());

  const as = (u: string) => ({ Authorization: `Bearer ${tok[u]}` });
  const act = (u: string, paper: string, action: string, body: Record<string, unknown> = {}) =>
    postAction(s.http, as(u), 'papers', papers[paper]!, action, body);
  const ok = async (u: string, paper: string, action: string, body: Record<string, unknown> = {}) => {
    const res = await act(u, paper, action, body);
    if (res.status !== 200) throw new Error(`${u} ${action} on paper ${paper}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const paper = async (u: string, n: string) => (await s.http.get(`/api/v1/papers/${papers[n]}`).set(as(u)).expect(200)).body;
  const progress = async (u: string, orgId?: string) => (await s.http.get(`/api/v1/papers/progress${orgId ? `?orgId=${orgId}` : ''}`).set(as(u)).expect(200)).body;
  const letter = async (u: string, n: string, kind = 'official_letter') =>
    (
      await s.http
        .post(`/api/v1/papers/${papers[n]}/files`)
        .set(as(u))
        .field('kind', kind)
        .attach('file', Buffer.from(`%PDF-1.4 ${kind} ${u}`), { filename: `${kind}.pdf`, contentType: 'application/pdf' })
        .expect(201)
    ).body.id as string;
  const caseAct = async (u: string, caseId: string, action: string, body: Record<string, unknown> = {}) => {
    return (await expectAction(s.http, as(u), 'cases', caseId, action, body, 200)).body;
  };

  before(async () => {
    s = await startStack();
    tok['nhc.sysadmin'] = await s.login('nhc.sysadmin');
    // An institution under 郑州 without any account (002: its commission enters its results).
    const [cityA] = await s.db.query(`SELECT path FROM organisations WHERE id = $1`, [DEMO_ORGS.cityA.id]);
    await s.db.query(
      `INSERT INTO organisations (id, name, level, parent_id, path, region_code, policy_profile) VALUES ($1, $2, 'institution', $3, $4, '410105', 'national-2022')`,
      [instC.id, instC.name, DEMO_ORGS.cityA.id, `${cityA.path}/${instC.id}`],
    );
    for (const [username, org] of [['nhc.admin', 'national'], ['zz.admin', 'cityA'], ['ly.admin', 'cityB']] as const) {
      await s.http
        .post('/api/v1/users')
        .set(as('nhc.sysadmin'))
        .send({ username, name: username, email: `${username}@example.org`, orgId: DEMO_ORGS[org].id, roles: ['integrity_admin'], password: DEMO_PASSWORD })
        .expect(201);
    }
    for (const u of ['nhc.admin', 'nhc.supervisor', 'henan.admin', 'zz.admin', 'ly.admin', 'hospa.admin', 'hospa.officer', 'hospa.head', 'hospa.investigator', 'hospb.admin', 'hospb.officer', 'hospb.head']) {
      tok[u] = await s.login(u);
    }
  });
  after(async () => {
    await s?.stop();
  });

  it('imports good rows, returns bad rows with line and reason, and changes nothing on a second import', async () => {
    const upload = (u: string, text: string) => s.http.post('/api/v1/papers/import').set(as(u)).attach('file', Buffer.from(text), { filename: 'batch.csv', contentType: 'text/csv' });
    expect((await upload('hospa.admin', FILE)).status).toBe(403); // an institution does not import
    expect((await upload('nhc.supervisor', FILE)).status).toBe(403); // only integrity administrators
    const badHeader = await upload('nhc.admin', '批次,编号\nB,1');
    expect(badHeader.status).toBe(400);
    expect(badHeader.body.message).toMatch(/missing columns title/);

    const first = await upload('nhc.admin', FILE).expect(200);
    expect(first.body).toMatchObject({ imported: 4, unchanged: 0 });
    expect(first.body.errors).toEqual([
      { row: 6, reason: expect.stringMatching(/title is empty.*regionCode "41010".*doi "not-a-doi".*retractionDate "2026-02-30".*source "Google"/) },
      { row: 7, reason: expect.stringContaining('repeats row 2') },
    ]);
    for (const p of first.body.papers as Array<{ id: string; number: string }>) papers[p.number] = p.id;

    // Two imports of the same file at once: each paper is imported once; the other request counts it unchanged.
    const twice = `${HEADER}\n${BATCH}-C,1,Concurrent,甲,某医院,410102,J,,,PubMed\n${BATCH}-C,2,Concurrent,乙,某医院,410102,J,,,PubMed`;
    const [c1, c2] = await Promise.all([upload('nhc.admin', twice), upload('nhc.admin', twice)]);
    expect([c1.status, c2.status]).toEqual([200, 200]);
    expect(c1.body.imported + c2.body.imported).toBe(2);
    expect(c1.body.unchanged + c2.body.unchanged).toBe(2);
    const [{ nc }] = await s.db.query(`SELECT count(*)::int AS nc FROM problem_papers WHERE batch = $1`, [`${BATCH}-C`]);
    expect(nc).toBe(2);

    const again = await upload('nhc.admin', FILE).expect(200);
    expect(again.body).toMatchObject({ imported: 0, unchanged: 4, errors: first.body.errors });
    const [{ n }] = await s.db.query(`SELECT count(*)::int AS n FROM problem_papers WHERE batch = $1`, [BATCH]);
    expect(n).toBe(4);
    const listed = (await s.http.get(`/api/v1/papers?batch=${BATCH}`).set(as('nhc.admin')).expect(200)).body;
    expect(listed.items.map((p: { number: string; status: string }) => `${p.number}:${p.status}`)).toEqual(['1:pending_dispatch', '2:pending_dispatch', '3:pending_dispatch', '4:pending_dispatch']);
    expect((await s.http.get('/api/v1/papers?status=lost').set(as('nhc.admin'))).status).toBe(400);

    // The same columns from an XLSX workbook (first sheet).
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('撤稿论文');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(['RW-XLSX', '1', 'A paper from a workbook', '周九', '郑州市第一人民医院', '410102', 'J X', '10.1000/x1', '2026-04-01', 'PubMed']);
    sheet.addRow(['RW-XLSX', '2', 'No region', '吴十', '某医院', '', 'J X', '', '', 'PubMed']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const fromXlsx = await s.http
      .post('/api/v1/papers/import')
      .set(as('nhc.admin'))
      .attach('file', xlsx, { filename: 'batch.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })
      .expect(200);
    expect(fromXlsx.body).toMatchObject({ imported: 1, unchanged: 0, errors: [{ row: 3, reason: expect.stringContaining('regionCode is empty') }] });
  });

  it('dispatches down by region; a region without a child organisation stays and is reported', async () => {
    const national = await s.http.post('/api/v1/papers/dispatch').set(as('nhc.admin')).send({ batch: BATCH, mode: 'region' }).expect(200);
    expect(national.body.dispatched.map((d: { number: string; toOrgId: string }) => [d.number, d.toOrgId])).toEqual([
      ['1', DEMO_ORGS.province.id],
      ['2', DEMO_ORGS.province.id],
      ['3', DEMO_ORGS.province.id],
    ]);
    expect(national.body.errors).toEqual([expect.objectContaining({ number: '4', reason: expect.stringContaining('330102') })]);
    expect((await s.http.post('/api/v1/papers/dispatch').set(as('nhc.admin')).send({ batch: BATCH, mode: 'nearest' })).status).toBe(400);

    const province = await s.http.post('/api/v1/papers/dispatch').set(as('henan.admin')).send({ batch: BATCH, mode: 'region' }).expect(200);
    expect(province.body.dispatched.map((d: { number: string; toOrgId: string }) => [d.number, d.toOrgId])).toEqual([
      ['1', DEMO_ORGS.cityA.id],
      ['2', DEMO_ORGS.cityA.id],
      ['3', DEMO_ORGS.cityB.id],
    ]);
    // A city dispatches to institutions explicitly; paper 2 goes to the wrong hospital.
    const p1 = await ok('zz.admin', '1', 'dispatch', { targetOrgId: DEMO_ORGS.hospitalA.id });
    expect(p1).toMatchObject({ status: 'at_institution', caseNumber: expect.stringMatching(/^SC-\d{4}-\d{6}$/) });
    await ok('zz.admin', '2', 'dispatch', { targetOrgId: DEMO_ORGS.hospitalA.id });
    await ok('ly.admin', '3', 'dispatch', { targetOrgId: DEMO_ORGS.hospitalB.id });
    // Dispatching again once it is at the institution is refused (409: the state comes before the body), and nothing moves.
    const again = await act('zz.admin', '1', 'dispatch', { targetOrgId: DEMO_ORGS.hospitalB.id });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 'ACTION_NOT_ALLOWED', status: 'at_institution', message: expect.stringMatching(/at_institution/) });
    expect((await paper('zz.admin', '1')).version).toBe(p1.version);
    // A stale If-Match is refused with 412 before anything happens.
    const stale = await s.http.post(`/api/v1/papers/${papers['1']}/actions/return_to_superior`).set(as('hospa.admin')).set('If-Match', '"0"').send({ reason: 'x' });
    expect(stale.status).toBe(412);
    expect((await paper('hospa.admin', '1')).status).toBe('at_institution');

    // The paper became a case at the institution, with the retraction as its source and the paper's details.
    const c = (await s.http.get(`/api/v1/cases/${p1.caseId}`).set(as('hospa.officer')).expect(200)).body;
    expect(c).toMatchObject({ source: 'retraction', handlingOrgId: DEMO_ORGS.hospitalA.id, phase: 'intake', paper: expect.objectContaining({ doi: '10.1155/2022/1', batch: BATCH }) });
  });

  it('keeps each branch to itself: other branches get 404 and cannot act', async () => {
    for (const u of ['ly.admin', 'hospb.admin']) {
      expect((await s.http.get(`/api/v1/papers/${papers['1']}`).set(as(u))).status).toBe(404);
      expect((await act(u, '1', 'submit_result', {})).status).toBe(404);
    }
    for (const u of ['zz.admin', 'hospa.admin']) expect((await s.http.get(`/api/v1/papers/${papers['3']}`).set(as(u))).status).toBe(404);
    const hospaList = (await s.http.get('/api/v1/papers').set(as('hospa.admin')).expect(200)).body;
    expect(hospaList.items.map((p: { number: string }) => p.number).sort()).toEqual(['1', '2']);
    expect((await s.http.get(`/api/v1/papers/${papers['4']}`).set(as('henan.admin'))).status).toBe(404); // still at national
    expect((await act('hospa.officer', '1', 'submit_result')).status).toBe(403); // integrity administrators only
  });

  it('returns a misrouted paper to the superior (its case ends as transferred); the superior re-dispatches it', async () => {
    const before = await paper('hospa.admin', '2');
    const noReason = await act('hospa.admin', '2', 'return_to_superior', {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toMatch(/reason/);
    const returned = await ok('hospa.admin', '2', 'return_to_superior', { reason: '第一通讯作者单位为郑州市第三人民医院，非本院' });
    expect(returned).toMatchObject({ status: 'pending_dispatch', holder: expect.objectContaining({ orgId: DEMO_ORGS.cityA.id }), caseNumber: null });
    const oldCase = await eventually(async () => {
      const c = (await s.http.get(`/api/v1/cases/${before.caseId}`).set(as('zz.admin')).expect(200)).body;
      return c.phase === 'transferred' && c;
    }, 'the misrouted case transferred');
    expect(oldCase.phase).toBe('transferred');
    expect((await s.http.get(`/api/v1/papers/${papers['2']}`).set(as('hospa.admin'))).status).toBe(404); // gone from the hospital
    const redispatched = await ok('zz.admin', '2', 'dispatch', { targetOrgId: instC.id });
    expect(redispatched).toMatchObject({ status: 'at_institution', holder: expect.objectContaining({ orgId: instC.id }) });
    expect(redispatched.caseId).not.toBe(before.caseId);
    const timeline = (await s.http.get(`/api/v1/papers/${papers['2']}/timeline`).set(as('zz.admin')).expect(200)).body as Array<{ type: string }>;
    expect(timeline.map((e) => e.type)).toEqual(['imported', 'dispatched', 'dispatched', 'dispatched', 'case_opened', 'returned_to_superior', 'case_transferred', 'dispatched', 'case_opened']);
  });

  it('runs the chain: submit, city approves, province returns with opinion and letter, resubmit, approve up to national', async () => {
    const p = await paper('hospa.admin', '1');
    const early = await act('hospa.admin', '1', 'submit_result');
    expect(early.status).toBe(409); // the case has not been decided yet
    expect(early.body.message).toMatch(/decide the case first/);
    await decideHenanCase(p.caseId);

    const submitted = await ok('hospa.admin', '1', 'submit_result', { note: '调查处理结果' });
    expect(submitted).toMatchObject({ status: 'pending_review', currentOrg: expect.objectContaining({ orgId: DEMO_ORGS.cityA.id }) });
    expect(submitted.chain.map((c: { orgId: string }) => c.orgId)).toEqual([DEMO_ORGS.cityA.id, DEMO_ORGS.province.id, DEMO_ORGS.national.id]);
    const outOfTurn = await act('henan.admin', '1', 'approve'); // not the province's turn: a 409 naming whose it is
    expect(outOfTurn.status).toBe(409);
    expect(outOfTurn.body.message).toMatch(/is for the reviewer/);
    await ok('zz.admin', '1', 'approve', { opinion: '同意' });

    const noLetter = await act('henan.admin', '1', 'return_result', { opinion: '补充原始数据' });
    expect(noLetter.status).toBe(400);
    expect(noLetter.body.message).toMatch(/letterFileId/);
    const foreignFile = await act('henan.admin', '1', 'return_result', { opinion: '补充原始数据', letterFileId: randomUUID() });
    expect(foreignFile.status).toBe(400);
    const letterId = await letter('henan.admin', '1');
    const back = await ok('henan.admin', '1', 'return_result', { opinion: '补充原始数据', letterFileId: letterId });
    expect(back).toMatchObject({ status: 'returned', currentOrg: expect.objectContaining({ orgId: DEMO_ORGS.hospitalA.id }) });
    const seenByHospital = (await s.http.get(`/api/v1/papers/${papers['1']}/timeline`).set(as('hospa.admin')).expect(200)).body as Array<{ type: string; data: Record<string, unknown> }>;
    expect(seenByHospital.at(-1)).toMatchObject({ type: 'result_returned', data: { opinion: '补充原始数据', letterFileId: letterId, level: 'provincial' } });
    const download = await s.http.get(`/api/v1/papers/${papers['1']}/files/${letterId}`).set(as('hospa.admin')).expect(200);
    expect(download.headers['x-content-sha256']).toMatch(/^[0-9a-f]{64}$/);

    await ok('hospa.admin', '1', 'submit_result', { note: '已补充原始数据' });
    await ok('zz.admin', '1', 'approve');
    const provLetter = await letter('henan.admin', '1');
    await ok('henan.admin', '1', 'approve', { opinion: '同意上报', letterFileId: provLetter });
    const final = await ok('nhc.admin', '1', 'approve');
    expect(final).toMatchObject({ status: 'approved', rounds: 2, currentOrg: null });

    // Each organisation asked to act was told by e-mail, once per step (its integrity administrators).
    const subject = (task: string) => `【科研诚信】撤稿论文 ${BATCH}-1 ${task}`;
    const mails = await eventually(async () => {
      const m = s.mail!.messages().filter((x) => x.subject?.startsWith(`【科研诚信】撤稿论文 ${BATCH}-1 `));
      return m.length >= 8 && m;
    }, 'paper mails');
    const got = mails.map((m) => `${m.envelope.to.join(",")} ${m.subject}`).sort();
    expect(got).toEqual(
      [
        `hospa.admin@example.org ${subject('待机构办理')}`,
        `zz.admin@example.org ${subject('待审核')}`,
        `henan.admin@example.org ${subject('待审核')}`,
        `hospa.admin@example.org ${subject('退回修改')}`,
        `zz.admin@example.org ${subject('待审核')}`,
        `henan.admin@example.org ${subject('待审核')}`,
        `nhc.admin@example.org ${subject('待审核')}`,
        `hospa.admin@example.org ${subject('审核通过')}`,
      ].sort(),
    );
    expect(mails.find((m) => m.subject === subject('退回修改'))!.text).toContain('审核意见：补充原始数据');
    await eventually(async () => (await paper('nhc.admin', '1')).status === 'approved', 'projection approved');
    // A representative paper history for the replay test (test/histories), when UPDATE_HISTORIES=1.
    if (process.env.UPDATE_HISTORIES === '1') {
      const connection = await Connection.connect({ address: s.temporalAddress });
      const history = await new Client({ connection }).workflow.getHandle(paperWorkflowId(BATCH, '1')).fetchHistory();
      writeFileSync(join(ROOT, 'test', 'histories', 'paper-returned-resubmitted-approved.json'), historyToJSON(history));
      await connection.close();
    }
  });

  it('lets a commission enter for an institution without accounts; the submitter withdraws before review, not after', async () => {
    const p = await paper('zz.admin', '2');
    await decideNationalCaseAs('zz.admin', p.caseId);
    const timeline = (await s.http.get(`/api/v1/cases/${p.caseId}/timeline`).set(as('zz.admin')).expect(200)).body as Array<{ type: string; actor: Record<string, unknown> | null }>;
    expect(timeline.find((e) => e.type === 'plan_approved')?.actor).toMatchObject({ role: 'unit_head', orgId: DEMO_ORGS.cityA.id, onBehalfOf: instC.id });
    // Another branch's admin cannot enter for it.
    expect((await postAction(s.http, as('ly.admin'), 'cases', p.caseId, 'accept', {})).status).toBe(404);

    await ok('zz.admin', '2', 'submit_result');
    const withdrawn = await ok('zz.admin', '2', 'withdraw');
    expect(withdrawn.status).toBe('at_institution');
    await ok('zz.admin', '2', 'submit_result');
    await ok('zz.admin', '2', 'start_review');
    const late = await act('zz.admin', '2', 'withdraw');
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/review has started/);
    await ok('zz.admin', '2', 'approve');
    // The city approved and forwarded: it may take it back until the province starts.
    const takenBack = await ok('zz.admin', '2', 'withdraw');
    expect(takenBack.currentOrg.orgId).toBe(DEMO_ORGS.cityA.id);
    await ok('zz.admin', '2', 'approve');
  });

  it('runs a pre-review at the province (004): draft, feedback, consent, formal stamped version', async () => {
    expect((await s.http.put(`/api/v1/papers/review-settings/${DEMO_ORGS.province.id}`).set(as('hospb.admin')).send({ preReview: true })).status).toBe(404);
    expect((await s.http.put(`/api/v1/papers/review-settings/${DEMO_ORGS.province.id}`).set(as('henan.admin')).send({ preReview: 'yes' })).status).toBe(400);
    await s.http.put(`/api/v1/papers/review-settings/${DEMO_ORGS.province.id}`).set(as('henan.admin')).send({ preReview: true }).expect(200);
    const p = await paper('hospb.admin', '3');
    await decideNationalCase(p.caseId);

    const formalFirst = await act('hospb.admin', '3', 'submit_result');
    expect(formalFirst.status).toBe(409);
    expect(formalFirst.body.message).toMatch(/pre-review: submit a draft first/);
    const draft = await ok('hospb.admin', '3', 'submit_result', { kind: 'draft' });
    expect(draft).toMatchObject({ status: 'pre_review', currentOrg: expect.objectContaining({ orgId: DEMO_ORGS.province.id }) });
    expect((await act('ly.admin', '3', 'consent')).status).toBe(409); // not its turn
    expect((await act('henan.admin', '3', 'approve')).status).toBe(409);
    await ok('henan.admin', '3', 'return_result', { opinion: '调查报告需补充访谈记录', letterFileId: await letter('henan.admin', '3') });
    await ok('hospb.admin', '3', 'submit_result', { kind: 'draft' });
    await ok('henan.admin', '3', 'consent', { opinion: '同意，请提交正式加印材料' });
    const unstamped = await act('hospb.admin', '3', 'submit_result');
    expect(unstamped.status).toBe(400);
    expect(unstamped.body.message).toMatch(/attachmentIds/);
    const stamped = await letter('hospb.admin', '3', 'stamped_result');
    const formal = await ok('hospb.admin', '3', 'submit_result', { attachmentIds: [stamped] });
    expect(formal).toMatchObject({ status: 'pending_review', currentOrg: expect.objectContaining({ orgId: DEMO_ORGS.cityB.id }) });
    await ok('ly.admin', '3', 'approve');
    await ok('henan.admin', '3', 'approve');
    expect((await ok('nhc.admin', '3', 'approve')).status).toBe('approved');
  });

  it('shows progress (办理进度) at every level, per status and per child organisation, with drill-down', async () => {
    await eventually(async () => (await paper('nhc.admin', '3')).status === 'approved' && (await paper('zz.admin', '2')).status === 'pending_review', 'projections');
    const national = await progress('nhc.admin');
    expect(national).toMatchObject({ total: 7, byStatus: expect.objectContaining({ approved: 2, pending_review: 1, pending_dispatch: 4 }), atThisLevel: expect.objectContaining({ pending_dispatch: 4 }) });
    expect(national.children).toEqual([expect.objectContaining({ orgId: DEMO_ORGS.province.id, total: 3, byStatus: expect.objectContaining({ approved: 2, pending_review: 1 }) })]);
    const province = await progress('henan.admin');
    expect(province).toMatchObject({ total: 3, awaitingThisOrganisation: 1 });
    const byCity = Object.fromEntries(province.children.map((c: { orgId: string; total: number }) => [c.orgId, c.total]));
    expect(byCity).toEqual({ [DEMO_ORGS.cityA.id]: 2, [DEMO_ORGS.cityB.id]: 1 });
    const drill = await progress('henan.admin', DEMO_ORGS.cityA.id);
    expect(drill.children.map((c: { orgId: string; total: number }) => [c.orgId, c.total]).sort()).toEqual(
      [[DEMO_ORGS.hospitalA.id, 1], [instC.id, 1]].sort(),
    );
    expect(await progress('ly.admin')).toMatchObject({ total: 1, byStatus: expect.objectContaining({ approved: 1 }) });
    expect((await s.http.get(`/api/v1/papers/progress?orgId=${DEMO_ORGS.cityA.id}`).set(as('ly.admin'))).status).toBe(400);
    // Each paper's position in the chain.
    const p2 = await paper('henan.admin', '2');
    expect(p2.chain.map((c: { level: string; position: string }) => `${c.level}:${c.position}`)).toEqual(['municipal:approved', 'provincial:reviewing', 'national:waiting']);
  });

  async function decideHenanCase(caseId: string): Promise<void> {
    await caseAct('hospa.officer', caseId, 'accept', { checkedBy: [demoUserIdOf('hospa.officer'), demoUserIdOf('hospa.admin')] });
    for (const name of ['甲', '乙', '丙']) await caseAct('hospa.officer', caseId, 'add_member', { name, kind: 'team', declarationSigned: true, conflicts: [] });
    await caseAct('hospa.head', caseId, 'approve_plan');
    await caseAct('hospa.investigator', caseId, 'record_interview', { investigators: ['甲', '乙'] });
    await caseAct('hospa.investigator', caseId, 'submit_report', { signedBy: ['甲', '乙', '丙'] });
    await caseAct('hospa.officer', caseId, 'send_proposed_decision');
    await caseAct('hospa.officer', caseId, 'waive_defence');
    await uploadRequiredEvidence(s.http, tok['hospa.officer']!, caseId);
    await caseAct('hospa.head', caseId, 'decide', { form: clarificationForm(), effectiveDate: today });
  }

  async function decideNationalCaseAs(u: string, caseId: string, head = u): Promise<void> {
    await caseAct(u, caseId, 'accept');
    for (const name of ['甲', '乙']) await caseAct(u, caseId, 'add_member', { name, kind: 'team', declarationSigned: true, conflicts: [] });
    await caseAct(head, caseId, 'approve_plan');
    await caseAct(u, caseId, 'submit_report', { signedBy: ['甲', '乙'] });
    await caseAct(u, caseId, 'send_proposed_decision');
    await caseAct(u, caseId, 'waive_defence');
    await uploadRequiredEvidence(s.http, tok[u]!, caseId);
    await caseAct(head, caseId, 'decide', { form: clarificationForm(), effectiveDate: today });
  }

  function decideNationalCase(caseId: string): Promise<void> {
    return decideNationalCaseAs('hospb.officer', caseId, 'hospb.head');
  }
});
