/**
 * Problem papers end to end (RULES.md §2, §5; 002, 004), four levels: national → 河南 → 郑州 → 郑州市第一人民医院, and
 * the other branch 洛阳 → 洛阳市中心医院. Import with bad rows (twice: nothing changes, nothing written after the
 * answer), dispatch down by region (a city to its hospitals), a misrouted paper returned to the superior (its case ends
 * as transferred, the superior is told) and re-dispatched to an institution without accounts whose commission enters
 * the result; submission, a return about the penalty at the province with an opinion and an official letter, the
 * decision revised as a new version (the registry and the ranking follow it), resubmission, withdrawals, approval up to
 * national with the province's official letter; the pre-review variant with the skipped level; progress counts and work
 * lists at each level; no level sees or acts on another branch.
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
import { isoDateOf } from '@libs/domain/src/calendar';
import { paperWorkflowId } from '@libs/domain/src/paper';
import { DEMO_ORGS, demoUserIdOf } from '@libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';
import { createIntegrityAdmins } from '../support/users';
import { clarificationForm, henanMisconductForm, ID_NUMBER, uploadRequiredEvidence } from '../support/decision';
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
  /** A second institution of hospital A's district (410102) without accounts: dispatch by region must choose. */
  const instD = { id: randomUUID(), name: '郑州市中原区妇幼保健院' };
  const today = isoDateOf(Date.now());
  const addYears = (d: string, n: number) => `${Number(d.slice(0, 4)) + n}${d.slice(4)}`;

  const as = (u: string) => ({ Authorization: `Bearer ${tok[u]}` });
  const act = (u: string, paper: string, action: string, body: Record<string, unknown> = {}, id = papers[paper]!) =>
    postAction(s.http, as(u), 'papers', id, action, body);
  const ok = async (u: string, paper: string, action: string, body: Record<string, unknown> = {}, id = papers[paper]!) => {
    const res = await act(u, paper, action, body, id);
    if (res.status !== 200) throw new Error(`${u} ${action} on paper ${paper}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const paper = async (u: string, n: string) => (await s.http.get(`/api/v1/papers/${papers[n]}`).set(as(u)).expect(200)).body;
  const progress = async (u: string, orgId?: string) =>
    (
      await s.http
        .get(`/api/v1/papers/progress${orgId ? `?orgId=${orgId}` : ''}`)
        .set(as(u))
        .expect(200)
    ).body;
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
    for (const [o, region] of [
      [instC, '410105'],
      [instD, '410102'],
    ] as const) {
      await s.db.query(
        `INSERT INTO organisations (id, name, level, parent_id, path, region_code, policy_profile) VALUES ($1, $2, 'institution', $3, $4, $5, 'national-2022')`,
        [o.id, o.name, DEMO_ORGS.cityA.id, `${cityA.path}/${o.id}`, region],
      );
    }
    await createIntegrityAdmins(s, tok['nhc.sysadmin']!, [
      ['nhc.admin', 'national'],
      ['zz.admin', 'cityA'],
      ['ly.admin', 'cityB'],
    ]);
    for (const u of [
      'nhc.admin',
      'nhc.supervisor',
      'henan.admin',
      'zz.admin',
      'ly.admin',
      'hospa.admin',
      'hospa.officer',
      'hospa.head',
      'hospa.investigator',
      'hospb.admin',
      'hospb.officer',
      'hospb.head',
    ]) {
      tok[u] = await s.login(u);
    }
  });
  after(async () => {
    await s?.stop();
  });

  it('imports good rows, returns bad rows with line and reason, and changes nothing on a second import', async () => {
    const upload = (u: string, text: string) =>
      s.http.post('/api/v1/papers/import').set(as(u)).attach('file', Buffer.from(text), { filename: 'batch.csv', contentType: 'text/csv' });
    expect((await upload('hospa.admin', FILE)).status).toBe(403); // an institution does not import
    expect((await upload('nhc.supervisor', FILE)).status).toBe(403); // only integrity administrators
    const badHeader = await upload('nhc.admin', '批次,编号\nB,1');
    expect(badHeader.status).toBe(400);
    expect(badHeader.body.message).toMatch(/missing columns title/);

    const first = await upload('nhc.admin', FILE).expect(200);
    expect(first.body).toMatchObject({ imported: 4, unchanged: 0 });
    // The first projection (its event and view) came with the import: nothing is written after the answer (issue 18),
    // not even when the workflow's own first projection runs (its retry after the commit is 1 s).
    const rowsNow = async () =>
      s.db.query(
        `SELECT id, xmin::text AS xmin, updated_at, last_event_seq, view IS NOT NULL AS viewed FROM problem_papers WHERE batch = $1 ORDER BY number`,
        [BATCH],
      );
    const answered = await rowsNow();
    expect(answered.map((r: { last_event_seq: number; viewed: boolean }) => [r.last_event_seq, r.viewed])).toEqual([
      [1, true],
      [1, true],
      [1, true],
      [1, true],
    ]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await rowsNow()).toEqual(answered);
    const [{ events }] = await s.db.query(
      `SELECT count(*)::int AS events FROM paper_events pe JOIN problem_papers pp ON pp.id = pe.paper_id WHERE pp.batch = $1`,
      [BATCH],
    );
    expect(events).toBe(4);
    expect(first.body.errors).toEqual([
      {
        row: 6,
        reason: expect.stringMatching(/title is empty.*regionCode "41010".*doi "not-a-doi".*retractionDate "2026-02-30".*source "Google"/),
      },
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
    expect(listed.items.map((p: { number: string; status: string }) => `${p.number}:${p.status}`)).toEqual([
      '1:pending_dispatch',
      '2:pending_dispatch',
      '3:pending_dispatch',
      '4:pending_dispatch',
    ]);
    expect((await s.http.get('/api/v1/papers?status=lost').set(as('nhc.admin'))).status).toBe(400);

    // The same columns from an XLSX workbook (first sheet).
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('撤稿论文');
    sheet.addRow(HEADER.split(','));
    sheet.addRow([
      'RW-XLSX',
      '1',
      'A paper from a workbook',
      '周九',
      '郑州市第一人民医院',
      '410102',
      'J X',
      '10.1000/x1',
      '2026-04-01',
      'PubMed',
    ]);
    sheet.addRow(['RW-XLSX', '2', 'No region', '吴十', '某医院', '', 'J X', '', '', 'PubMed']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const fromXlsx = await s.http
      .post('/api/v1/papers/import')
      .set(as('nhc.admin'))
      .attach('file', xlsx, { filename: 'batch.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })
      .expect(200);
    expect(fromXlsx.body).toMatchObject({
      imported: 1,
      unchanged: 0,
      errors: [{ row: 3, reason: expect.stringContaining('regionCode is empty') }],
    });
  });

  it('dispatches down by region, a city to its hospitals; a region without a child organisation stays and is reported', async () => {
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
    // Dispatching up, sideways or to another branch is refused, and nothing moves.
    const before2 = await paper('zz.admin', '2');
    const sideways = await act('zz.admin', '2', 'dispatch', { targetOrgId: DEMO_ORGS.hospitalB.id });
    expect(sideways.status).toBe(400);
    expect(sideways.body.message).toMatch(/targetOrgId/);
    expect((await paper('zz.admin', '2')).version).toBe(before2.version);
    // Paper 2 goes to the wrong hospital by hand (its unit is 郑州市第三人民医院).
    await ok('zz.admin', '2', 'dispatch', { targetOrgId: DEMO_ORGS.hospitalA.id });
    // The city dispatches the rest by region to its hospitals: paper 1's district 410102 has two institutions, and the
    // one named as its unit (郑州市第一人民医院) is hospital A (issue 18: dispatch by region stopped at cities).
    const city = await s.http.post('/api/v1/papers/dispatch').set(as('zz.admin')).send({ batch: BATCH, mode: 'region' }).expect(200);
    expect(city.body).toEqual({
      dispatched: [expect.objectContaining({ number: '1', toOrgId: DEMO_ORGS.hospitalA.id, toName: '郑州市第一人民医院' })],
      errors: [],
    });
    const luoyang = await s.http.post('/api/v1/papers/dispatch').set(as('ly.admin')).send({ batch: BATCH, mode: 'region' }).expect(200);
    expect(luoyang.body.dispatched).toEqual([expect.objectContaining({ number: '3', toOrgId: DEMO_ORGS.hospitalB.id })]);
    const p1 = await paper('hospa.admin', '1');
    expect(p1).toMatchObject({ status: 'at_institution', caseNumber: expect.stringMatching(/^SC-\d{4}-\d{6}$/) });
    // Dispatching again once it is at the institution is refused (409: the state comes before the body), and nothing moves.
    const again = await act('zz.admin', '1', 'dispatch', { targetOrgId: DEMO_ORGS.hospitalB.id });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      error: 'ACTION_NOT_ALLOWED',
      status: 'at_institution',
      message: expect.stringMatching(/at_institution/),
    });
    expect((await paper('zz.admin', '1')).version).toBe(p1.version);
    // A stale If-Match is refused with 412 before anything happens.
    const stale = await s.http
      .post(`/api/v1/papers/${papers['1']}/actions/return_to_superior`)
      .set(as('hospa.admin'))
      .set('If-Match', '"0"')
      .send({ reason: 'x' });
    expect(stale.status).toBe(412);
    expect((await paper('hospa.admin', '1')).status).toBe('at_institution');

    // The paper became a case at the institution, with the retraction as its source and the paper's details.
    const c = (await s.http.get(`/api/v1/cases/${p1.caseId}`).set(as('hospa.officer')).expect(200)).body;
    expect(c).toMatchObject({
      source: 'retraction',
      handlingOrgId: DEMO_ORGS.hospitalA.id,
      phase: 'intake',
      paper: expect.objectContaining({ doi: '10.1155/2022/1', batch: BATCH }),
    });
    // 002 论文详情: the affiliation as imported beside the organisation it was matched to; who dispatched it.
    expect(p1).toMatchObject({
      affiliation: {
        text: '郑州市第一人民医院',
        unit: '郑州市第一人民医院',
        matchedOrganisation: { orgId: DEMO_ORGS.hospitalA.id, name: '郑州市第一人民医院', matchedBy: 'dispatch' },
      },
      dispatchedBy: expect.objectContaining({ orgId: DEMO_ORGS.cityA.id }),
      case: { id: p1.caseId, number: p1.caseNumber, phase: 'intake', decided: false, decisionVersion: null },
    });
    // Nothing offered is refused (issue 18): in intake the case may still go back as misrouted; no result yet.
    expect(p1.allowedActions).toEqual(['return_to_superior']);
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
    // The original paper (002 论文原文) may come from any level that sees the paper; letters only from its flow.
    const original = await letter('nhc.admin', '1', 'original_paper');
    const files = (await s.http.get(`/api/v1/papers/${papers['1']}/files`).set(as('hospa.admin')).expect(200)).body;
    expect(files).toEqual([expect.objectContaining({ id: original, kind: 'original_paper', orgId: DEMO_ORGS.national.id })]);
    const notInFlow = await s.http
      .post(`/api/v1/papers/${papers['1']}/files`)
      .set(as('nhc.admin'))
      .field('kind', 'official_letter')
      .attach('file', Buffer.from('%PDF-1.4 x'), { filename: 'x.pdf', contentType: 'application/pdf' });
    expect(notInFlow.status).toBe(403);
  });

  it('returns a misrouted paper to the superior (its case ends as transferred); the superior re-dispatches it', async () => {
    const before = await paper('hospa.admin', '2');
    const noReason = await act('hospa.admin', '2', 'return_to_superior', {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toMatch(/reason/);
    const returned = await ok('hospa.admin', '2', 'return_to_superior', { reason: '第一通讯作者单位为郑州市第三人民医院，非本院' });
    expect(returned).toMatchObject({
      status: 'pending_dispatch',
      holder: expect.objectContaining({ orgId: DEMO_ORGS.cityA.id }),
      caseNumber: null,
    });
    const oldCase = await eventually(async () => {
      const c = (await s.http.get(`/api/v1/cases/${before.caseId}`).set(as('zz.admin')).expect(200)).body;
      return c.phase === 'transferred' && c;
    }, 'the misrouted case transferred');
    expect(oldCase.phase).toBe('transferred');
    expect((await s.http.get(`/api/v1/papers/${papers['2']}`).set(as('hospa.admin'))).status).toBe(404); // gone from the hospital
    const redispatched = await ok('zz.admin', '2', 'dispatch', { targetOrgId: instC.id });
    expect(redispatched).toMatchObject({ status: 'at_institution', holder: expect.objectContaining({ orgId: instC.id }) });
    expect(redispatched.caseId).not.toBe(before.caseId);
    const timeline = (await s.http.get(`/api/v1/papers/${papers['2']}/timeline`).set(as('zz.admin')).expect(200)).body as Array<{
      type: string;
    }>;
    expect(timeline.map((e) => e.type)).toEqual([
      'imported',
      'dispatched',
      'dispatched',
      'dispatched',
      'case_opened',
      'returned_to_superior',
      'case_transferred',
      'dispatched',
      'case_opened',
    ]);
    // The commission it now waits for is told, with the reason and who gave it (issue 18).
    const back = await eventually(
      async () => s.mail!.messages().find((m) => m.subject === `【科研诚信】撤稿论文 ${BATCH}-2 退回上级`),
      'the superior told',
    );
    expect(back.envelope.to).toEqual(['zz.admin@example.org']);
    expect(back.text).toContain('退回单位：郑州市第一人民医院');
    expect(back.text).toContain('郑州市第一人民医院退回理由：第一通讯作者单位为郑州市第三人民医院，非本院');
  });

  it('returns a result about the penalty; the institution revises its decision (a new version, the registry and ranking follow) and resubmits; approved up to national', async () => {
    // 河南 approves only with its official letter (002 省卫健委正式函件), a setting of its own.
    await s.http
      .put(`/api/v1/papers/review-settings/${DEMO_ORGS.province.id}`)
      .set(as('henan.admin'))
      .send({ approvalLetterRequired: true })
      .expect(200);
    const p = await paper('hospa.admin', '1');
    const early = await act('hospa.admin', '1', 'submit_result');
    expect(early.status).toBe(409); // the case has not been decided yet
    expect(early.body).toMatchObject({
      error: 'ACTION_NOT_ALLOWED',
      status: 'at_institution',
      message: expect.stringMatching(/decide the case first/),
    });
    expect(early.body.issues).toEqual([expect.objectContaining({ path: 'action', rule: 'paper.case_not_decided' })]);
    await decideHenanCase(p.caseId, henanMisconductForm('2', 2));
    // Once accepted the case is this hospital's: return_to_superior is no longer offered; the result may go up.
    expect((await paper('hospa.admin', '1')).allowedActions).toEqual(['submit_result']);
    const misrouted = await act('hospa.admin', '1', 'return_to_superior', { reason: 'x' });
    expect(misrouted.status).toBe(409);
    expect(misrouted.body.issues[0]).toMatchObject({ rule: 'paper.case_left_intake' });
    const bar = (on: string) =>
      s.http.get(`/api/v1/registry/check?idNumber=${ID_NUMBER}&measure=5&on=${on}`).set(as('henan.admin')).expect(200);
    await eventually(async () => (await bar(addYears(today, 1))).body.barred === true, 'registry records the decision');

    const submitted = await ok('hospa.admin', '1', 'submit_result', { note: '调查处理结果' });
    expect(submitted).toMatchObject({ status: 'pending_review', currentOrg: expect.objectContaining({ orgId: DEMO_ORGS.cityA.id }) });
    expect(submitted.chain.map((c: { orgId: string }) => c.orgId)).toEqual([
      DEMO_ORGS.cityA.id,
      DEMO_ORGS.province.id,
      DEMO_ORGS.national.id,
    ]);
    // Out of turn is a 409 naming whose turn it is (issue 18: was 403).
    const outOfTurn = await act('henan.admin', '1', 'approve');
    expect(outOfTurn.status).toBe(409);
    expect(outOfTurn.body.message).toContain('the reviewer (郑州市卫生健康委员会)');
    // While the result is under review its decision cannot be revised.
    const caseOf = async (u = 'hospa.head') => (await s.http.get(`/api/v1/cases/${p.caseId}`).set(as(u)).expect(200)).body;
    await eventually(
      async () => !(await caseOf()).allowedActions.includes('revise_decision') && (await caseOf()).version,
      'case told: under review',
    );
    expect((await s.http.post(`/api/v1/cases/${p.caseId}/decision/revision`).set(as('hospa.officer'))).status).toBe(409);
    await ok('zz.admin', '1', 'approve', { opinion: '同意' });

    const noLetter = await act('henan.admin', '1', 'return_result', { opinion: '补充原始数据' });
    expect(noLetter.status).toBe(400);
    expect(noLetter.body.message).toMatch(/letterFileId/);
    const foreignFile = await act('henan.admin', '1', 'return_result', { opinion: '处罚偏轻', letterFileId: randomUUID() });
    expect(foreignFile.status).toBe(400);
    const notALetter = await act('henan.admin', '1', 'return_result', {
      opinion: '处罚偏轻',
      letterFileId: await letter('henan.admin', '1', 'other'),
    });
    expect(notALetter.status).toBe(400);
    expect(notALetter.body.message).toMatch(/official_letter/);
    const letterId = await letter('henan.admin', '1');
    const opinion = '编造数据情节严重，处罚偏轻：应取消3~5年申报资格（001 第三十七条）';
    const back = await ok('henan.admin', '1', 'return_result', { opinion, letterFileId: letterId });
    expect(back).toMatchObject({ status: 'returned', currentOrg: expect.objectContaining({ orgId: DEMO_ORGS.hospitalA.id }) });
    const seenByHospital = (await s.http.get(`/api/v1/papers/${papers['1']}/timeline`).set(as('hospa.admin')).expect(200)).body as Array<{
      seq: number;
      type: string;
      data: Record<string, unknown>;
    }>;
    const returned = seenByHospital.at(-1)!;
    expect(returned).toMatchObject({
      type: 'result_returned',
      data: { opinion, letterFileId: letterId, level: 'provincial', fromOrgId: DEMO_ORGS.province.id },
    });
    const download = await s.http.get(`/api/v1/papers/${papers['1']}/files/${letterId}`).set(as('hospa.admin')).expect(200);
    expect(download.headers['x-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect((await paper('hospa.admin', '1')).chain.map((c: { position: string }) => c.position)).toEqual([
      'approved',
      'returned',
      'waiting',
    ]);

    // 002 退回 → 修改: the case offers the revision once it knows the result is back; the head revises the penalty.
    await eventually(async () => (await caseOf()).allowedActions.includes('revise_decision'), 'case told: returned');
    const draft = await s.http.post(`/api/v1/cases/${p.caseId}/decision/revision`).set(as('hospa.officer')).expect(200);
    expect(draft.body).toMatchObject({ status: 'effective', version: 1, revisionDraft: { form: { result: 'misconduct' } } });
    const heavier = {
      penalise: true,
      misconductTypes: ['2'],
      severity: '3',
      measures: [{ code: '5', years: 4 }, { code: '2' }, { code: '11' }],
      mitigating: [],
      aggravating: [],
    };
    await s.http
      .post(`/api/v1/cases/${p.caseId}/decision/apply-to-authors`)
      .set(as('hospa.officer'))
      .send({ orders: [1], penalty: heavier })
      .expect(201);
    expect((await postAction(s.http, as('hospa.officer'), 'cases', p.caseId, 'revise_decision', { reason: 'x' })).status).toBe(403); // the head decides
    expect((await postAction(s.http, as('hospa.head'), 'cases', p.caseId, 'revise_decision', {})).status).toBe(400); // why is required
    const reason = '按河南省卫健委审核意见，情节认定为严重，取消4年申报资格';
    const revised = await caseAct('hospa.head', p.caseId, 'revise_decision', { reason });
    expect(revised.allowedActions).toContain('revise_decision'); // again, until the result is submitted again
    const decision = (await s.http.get(`/api/v1/cases/${p.caseId}/decision`).set(as('hospa.officer')).expect(200)).body;
    expect(decision).toMatchObject({
      status: 'effective',
      version: 2,
      revisionDraft: null,
      form: { authors: [expect.objectContaining({ severity: '3', idNumber: '1101052020****0428' }), expect.anything()] },
    });
    expect(decision.versions).toEqual([
      expect.objectContaining({ version: 1, status: 'superseded', supersededBy: decision.id, reason: null }),
      expect.objectContaining({
        id: decision.id,
        version: 2,
        status: 'effective',
        reason,
        submittedByName: expect.any(String),
        answersReturn: expect.objectContaining({ paperId: papers['1'], seq: returned.seq, opinion }),
      }),
    ]);
    const v1 = (await s.http.get(`/api/v1/cases/${p.caseId}/decision?version=1`).set(as('hospa.officer')).expect(200)).body;
    expect(v1).toMatchObject({
      version: 1,
      status: 'superseded',
      form: { authors: [expect.objectContaining({ severity: '2' }), expect.anything()] },
    });
    const caseTimeline = (await s.http.get(`/api/v1/cases/${p.caseId}/timeline`).set(as('hospa.officer')).expect(200)).body as Array<{
      type: string;
      actor: { role: string } | null;
      data: Record<string, unknown>;
    }>;
    expect(caseTimeline.find((e) => e.type === 'decision_revised')).toMatchObject({
      actor: { role: 'unit_head' },
      data: { revision: 2, reason, answersReturnSeq: returned.seq },
    });
    const audited = await s.db.query(
      `SELECT outcome FROM audit_log WHERE case_id = $1 AND details->'params'->>'action' = 'revise_decision'`,
      [p.caseId],
    );
    expect(audited.map((a: { outcome: number }) => a.outcome).sort()).toEqual([200, 400, 403]);
    // The registry follows the corrected decision in force: barred 4 years now, the first version's entries revoked.
    expect((await bar(addYears(today, 3))).body).toMatchObject({ barred: true, until: addYears(today, 4) });
    const entries = await s.db.query(
      `SELECT r.status, d.version FROM registry_entries r JOIN decisions d ON d.id = r.decision_id WHERE r.case_id = $1 AND r.measure_code = '5' ORDER BY d.version`,
      [p.caseId],
    );
    expect(entries).toEqual([
      { status: 'revoked', version: 1 },
      { status: 'active', version: 2 },
    ]);
    const [old] = await s.db.query(
      `SELECT r.id FROM registry_entries r JOIN decisions d ON d.id = r.decision_id WHERE r.case_id = $1 AND d.version = 1 AND r.measure_code = '5'`,
      [p.caseId],
    );
    const oldEntry = (await s.http.get(`/api/v1/registry/entries/${old.id}`).set(as('hospa.admin')).expect(200)).body;
    expect(oldEntry.history.at(-1)).toMatchObject({
      reason: expect.stringContaining('更正：第2版处理决定取代第1版'),
      after: expect.objectContaining({ status: 'revoked' }),
    });
    // The ranking counts the decision in force once (000 §4).
    const quarter = `${today.slice(0, 4)}Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
    const ranking = (await s.http.get(`/api/v1/statistics/ranking?quarter=${quarter}`).set(as('henan.admin')).expect(200)).body;
    expect(ranking.units.find((u: { id: string }) => u.id === DEMO_ORGS.hospitalA.id)).toMatchObject({ confirmedCases: 1 });

    // Resubmitted: the return's opinion links to the revision and to the resubmission.
    await ok('hospa.admin', '1', 'submit_result', { note: '已按审核意见修改处理决定' });
    const withLinks = await paper('hospa.admin', '1');
    expect(withLinks.returns).toEqual([
      expect.objectContaining({
        seq: returned.seq,
        level: 'provincial',
        byOrgId: DEMO_ORGS.province.id,
        byOrgName: '河南省卫生健康委员会',
        opinion,
        letterFileId: letterId,
        revision: expect.objectContaining({ decisionId: decision.id, version: 2, reason }),
        resubmission: expect.objectContaining({ type: 'result_submitted', decisionId: decision.id, decisionVersion: 2 }),
      }),
    ]);
    // The submitter withdraws before the city starts: the city is told; then it submits again.
    await ok('hospa.admin', '1', 'withdraw');
    await ok('hospa.admin', '1', 'submit_result', { note: '已按审核意见修改处理决定' });
    await ok('zz.admin', '1', 'approve');
    const unlettered = await act('henan.admin', '1', 'approve', { opinion: '同意上报' });
    expect(unlettered.status).toBe(400);
    expect(unlettered.body.issues).toEqual([expect.objectContaining({ path: 'letterFileId', rule: 'approval.letter_required' })]);
    const provLetter = await letter('henan.admin', '1');
    await ok('henan.admin', '1', 'approve', { opinion: '同意上报', letterFileId: provLetter });
    // 河南 takes its approval back before national starts (002: 可撤回修改): national is told; then approves again.
    await ok('henan.admin', '1', 'withdraw');
    await ok('henan.admin', '1', 'approve', { opinion: '同意上报', letterFileId: provLetter });
    const final = await ok('nhc.admin', '1', 'approve');
    expect(final).toMatchObject({ status: 'approved', rounds: 3, currentOrg: null });
    // The case's result is final: its timeline shows the chain's answers.
    const told = await eventually(async () => {
      const t = (await s.http.get(`/api/v1/cases/${p.caseId}/timeline`).set(as('hospa.officer')).expect(200)).body as Array<{
        type: string;
      }>;
      return t.some((e) => e.type === 'paper_result_approved') && t;
    }, 'case told: approved');
    expect(told.filter((e) => e.type.startsWith('paper_result_')).map((e) => e.type)).toEqual([
      'paper_result_under_review',
      'paper_result_with_institution',
      'paper_result_under_review',
      'paper_result_with_institution',
      'paper_result_under_review',
      'paper_result_approved',
    ]);

    // Each organisation asked to act was told by e-mail, once per step (its integrity administrators), and so was each
    // one whose waiting ended by a withdrawal.
    const subject = (task: string) => `【科研诚信】撤稿论文 ${BATCH}-1 ${task}`;
    const expected = [
      `hospa.admin@example.org ${subject('待机构办理')}`,
      `zz.admin@example.org ${subject('待审核')}`,
      `henan.admin@example.org ${subject('待审核')}`,
      `hospa.admin@example.org ${subject('退回修改')}`,
      `zz.admin@example.org ${subject('待审核')}`,
      `zz.admin@example.org ${subject('已撤回')}`,
      `zz.admin@example.org ${subject('待审核')}`,
      `henan.admin@example.org ${subject('待审核')}`,
      `nhc.admin@example.org ${subject('待审核')}`,
      `nhc.admin@example.org ${subject('已撤回')}`,
      `nhc.admin@example.org ${subject('待审核')}`,
      `hospa.admin@example.org ${subject('审核通过')}`,
    ].sort();
    const mails = await eventually(async () => {
      const m = s.mail!.messages().filter((x) => x.subject?.startsWith(`【科研诚信】撤稿论文 ${BATCH}-1 `));
      return m.length >= expected.length && m;
    }, 'paper mails');
    expect(mails.map((m) => `${m.envelope.to.join(',')} ${m.subject}`).sort()).toEqual(expected);
    const revise = mails.find((m) => m.subject === subject('退回修改'))!.text;
    expect(revise).toContain(`河南省卫生健康委员会审核意见：${opinion}`);
    expect(revise).toContain('收件单位：郑州市第一人民医院');
    // National's 待审核 names who sent it up and whose opinion it quotes (issue 18).
    const toNational = mails.filter((m) => m.subject === subject('待审核') && m.envelope.to.includes('nhc.admin@example.org')).at(-1)!.text;
    expect(toNational).toContain('收件单位：国家卫生健康委员会');
    expect(toNational).toContain('报送单位：河南省卫生健康委员会');
    expect(toNational).toContain('河南省卫生健康委员会审核意见：同意上报');
    const withdrawn = (to: string) => mails.find((m) => m.subject === subject('已撤回') && m.envelope.to.includes(to))!.text;
    expect(withdrawn('zz.admin@example.org')).toContain('撤回单位：郑州市第一人民医院');
    expect(withdrawn('nhc.admin@example.org')).toContain('撤回单位：河南省卫生健康委员会');
    await eventually(async () => (await paper('nhc.admin', '1')).status === 'approved', 'projection approved');
    // Representative histories for the replay tests (test/histories), when UPDATE_HISTORIES=1.
    if (process.env.UPDATE_HISTORIES === '1') {
      const connection = await Connection.connect({ address: s.temporalAddress });
      const client = new Client({ connection });
      writeFileSync(
        join(ROOT, 'test', 'histories', 'paper-revised-withdrawn-approved.json'),
        historyToJSON(await client.workflow.getHandle(paperWorkflowId(BATCH, '1')).fetchHistory()),
      );
      writeFileSync(
        join(ROOT, 'test', 'histories', 'paper-case-revised.json'),
        historyToJSON(await client.workflow.getHandle(p.caseNumber).fetchHistory()),
      );
      await connection.close();
    }
  });

  it('lets a commission enter for an institution without accounts; the submitter withdraws before review, not after', async () => {
    const p = await paper('zz.admin', '2');
    await decideNationalCaseAs('zz.admin', p.caseId);
    const timeline = (await s.http.get(`/api/v1/cases/${p.caseId}/timeline`).set(as('zz.admin')).expect(200)).body as Array<{
      type: string;
      actor: Record<string, unknown> | null;
    }>;
    expect(timeline.find((e) => e.type === 'plan_approved')?.actor).toMatchObject({
      role: 'unit_head',
      orgId: DEMO_ORGS.cityA.id,
      onBehalfOf: instC.id,
    });
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

  it('runs a pre-review at the province (004): draft, feedback, consent, formal stamped version; the chain shows the skipped city', async () => {
    const settings = (u: string, orgId: string) => s.http.put(`/api/v1/papers/review-settings/${orgId}`).set(as(u));
    expect((await settings('hospb.admin', DEMO_ORGS.province.id).send({ preReview: true })).status).toBe(404);
    expect((await settings('henan.admin', DEMO_ORGS.province.id).send({ preReview: 'yes' })).status).toBe(400);
    // A provincial practice (004 二(二)): a city or national cannot switch it on (PAPER_PRE_REVIEW_LEVELS).
    const city = await settings('zz.admin', DEMO_ORGS.cityA.id).send({ preReview: true });
    expect(city.status).toBe(400);
    expect(city.body.issues).toEqual([expect.objectContaining({ path: 'preReview', rule: 'pre_review.level', article: '004 二(二)' })]);
    expect((await settings('nhc.admin', DEMO_ORGS.national.id).send({ preReview: true })).status).toBe(400);
    expect((await settings('henan.admin', DEMO_ORGS.province.id).send({})).status).toBe(400);
    await settings('henan.admin', DEMO_ORGS.province.id).send({ preReview: true }).expect(200);
    // The setting reads back, below and above the province; another branch's institution sees nothing of 郑州's.
    for (const u of ['henan.admin', 'hospb.admin', 'nhc.admin']) {
      const got = (await s.http.get(`/api/v1/papers/review-settings/${DEMO_ORGS.province.id}`).set(as(u)).expect(200)).body;
      expect(got).toEqual({
        orgId: DEMO_ORGS.province.id,
        name: '河南省卫生健康委员会',
        level: 'provincial',
        preReview: true,
        preReviewAllowed: true,
        preReviewLevels: ['provincial'],
        approvalLetterRequired: true,
      });
    }
    expect((await s.http.get(`/api/v1/papers/review-settings/${DEMO_ORGS.cityA.id}`).set(as('hospb.admin'))).status).toBe(404);
    expect((await s.http.get(`/api/v1/papers/review-settings/${DEMO_ORGS.cityA.id}`).set(as('zz.admin')).expect(200)).body).toMatchObject({
      preReview: false,
      preReviewAllowed: false,
    });
    const p = await paper('hospb.admin', '3');
    await decideNationalCase(p.caseId);

    const formalFirst = await act('hospb.admin', '3', 'submit_result');
    expect(formalFirst.status).toBe(409);
    expect(formalFirst.body.message).toMatch(/pre-review: submit a draft first/);
    const draft = await ok('hospb.admin', '3', 'submit_result', { kind: 'draft' });
    expect(draft).toMatchObject({ status: 'pre_review', currentOrg: expect.objectContaining({ orgId: DEMO_ORGS.province.id }) });
    // The draft went straight to the province: 洛阳 is shown skipped, not approved (issue 18).
    const positions = async () =>
      (await paper('hospb.admin', '3')).chain.map((c: { level: string; position: string }) => `${c.level}:${c.position}`);
    expect(await positions()).toEqual(['municipal:skipped', 'provincial:pre_reviewing', 'national:waiting']);
    expect((await act('ly.admin', '3', 'consent')).status).toBe(409); // not 洛阳's turn
    expect((await act('henan.admin', '3', 'approve')).status).toBe(409);
    await ok('henan.admin', '3', 'return_result', { opinion: '调查报告需补充访谈记录', letterFileId: await letter('henan.admin', '3') });
    expect(await positions()).toEqual(['municipal:skipped', 'provincial:returned', 'national:waiting']);
    await ok('hospb.admin', '3', 'submit_result', { kind: 'draft' });
    await ok('henan.admin', '3', 'consent', { opinion: '同意，请提交正式加印材料' });
    expect(await positions()).toEqual(['municipal:skipped', 'provincial:consented', 'national:waiting']);
    const unstamped = await act('hospb.admin', '3', 'submit_result');
    expect(unstamped.status).toBe(400);
    expect(unstamped.body.message).toMatch(/attachmentIds/);
    const stamped = await letter('hospb.admin', '3', 'stamped_result');
    const formal = await ok('hospb.admin', '3', 'submit_result', { attachmentIds: [stamped] });
    expect(formal).toMatchObject({ status: 'pending_review', currentOrg: expect.objectContaining({ orgId: DEMO_ORGS.cityB.id }) });
    // After the consent the formal version passes every level in order.
    expect(await positions()).toEqual(['municipal:reviewing', 'provincial:waiting', 'national:waiting']);
    await ok('ly.admin', '3', 'approve');
    expect(await positions()).toEqual(['municipal:approved', 'provincial:reviewing', 'national:waiting']);
    await ok('henan.admin', '3', 'approve', { letterFileId: await letter('henan.admin', '3') });
    expect((await ok('nhc.admin', '3', 'approve')).status).toBe('approved');
    expect(await positions()).toEqual(['municipal:approved', 'provincial:approved', 'national:approved']);
    const preMail = await eventually(
      async () => s.mail!.messages().find((m) => m.subject === `【科研诚信】撤稿论文 ${BATCH}-3 预审同意`),
      'consent mail',
    );
    expect(preMail.text).toContain('河南省卫生健康委员会预审意见：同意，请提交正式加印材料');
  });

  it('shows progress (办理进度) at every level, per status and per child organisation, with drill-down', async () => {
    await eventually(
      async () => (await paper('nhc.admin', '3')).status === 'approved' && (await paper('zz.admin', '2')).status === 'pending_review',
      'projections',
    );
    const national = await progress('nhc.admin');
    expect(national).toMatchObject({
      total: 7,
      byStatus: expect.objectContaining({ approved: 2, pending_review: 1, pending_dispatch: 4 }),
      atThisLevel: expect.objectContaining({ pending_dispatch: 4 }),
    });
    expect(national.children).toEqual([
      expect.objectContaining({
        orgId: DEMO_ORGS.province.id,
        total: 3,
        byStatus: expect.objectContaining({ approved: 2, pending_review: 1 }),
      }),
    ]);
    const province = await progress('henan.admin');
    expect(province).toMatchObject({ total: 3, awaitingThisOrganisation: 1 });
    const byCity = Object.fromEntries(province.children.map((c: { orgId: string; total: number }) => [c.orgId, c.total]));
    expect(byCity).toEqual({ [DEMO_ORGS.cityA.id]: 2, [DEMO_ORGS.cityB.id]: 1 });
    const drill = await progress('henan.admin', DEMO_ORGS.cityA.id);
    expect(drill.children.map((c: { orgId: string; total: number }) => [c.orgId, c.total]).sort()).toEqual(
      [
        [DEMO_ORGS.hospitalA.id, 1],
        [instC.id, 1],
        [instD.id, 0],
      ].sort(),
    );
    expect(await progress('ly.admin')).toMatchObject({ total: 1, byStatus: expect.objectContaining({ approved: 1 }) });
    // Another branch's organisation does not exist for the caller (issue 18: was 400); a malformed id is a 400.
    expect((await s.http.get(`/api/v1/papers/progress?orgId=${DEMO_ORGS.cityA.id}`).set(as('ly.admin'))).status).toBe(404);
    expect((await s.http.get(`/api/v1/papers?orgId=${DEMO_ORGS.cityA.id}`).set(as('ly.admin'))).status).toBe(404);
    expect((await s.http.get('/api/v1/papers/progress?orgId=not-a-uuid').set(as('ly.admin'))).status).toBe(400);
    // Each paper's position in the chain.
    const p2 = await paper('henan.admin', '2');
    expect(p2.chain.map((c: { level: string; position: string }) => `${c.level}:${c.position}`)).toEqual([
      'municipal:approved',
      'provincial:reviewing',
      'national:waiting',
    ]);
  });

  it('gives every level its work list (待办理 / 待审核), searches title and DOI, and lists several region matches for a manual choice', async () => {
    const W = 'RW-WORK';
    const file = [
      HEADER,
      `${W},1,Work list 50%_done,甲,郑州市第一人民医院,410102,J W,10.1000/w_1,,PubMed`,
      `${W},2,Another work list paper,乙,洛阳市中心医院,410302,J W,10.1000/w2,,PubMed`,
      `${W},3,A third work list paper,丙,郑州大学第一附属医院,410102,J W,,,PubMed`,
    ].join('\n');
    const imported = await s.http
      .post('/api/v1/papers/import')
      .set(as('nhc.admin'))
      .attach('file', Buffer.from(file), { filename: 'w.csv', contentType: 'text/csv' })
      .expect(200);
    const ids = Object.fromEntries((imported.body.papers as Array<{ id: string; number: string }>).map((x) => [x.number, x.id]));
    const work = async (u: string, extra = '') =>
      (await s.http.get(`/api/v1/papers?waitingFor=me${extra}`).set(as(u)).expect(200)).body as {
        total: number;
        items: Array<{ id: string; number: string; batch: string; task: string; onBehalfOf?: string }>;
      };
    const mine = async (u: string, extra = '') =>
      (await work(u, extra)).items
        .filter((i) => i.batch === W)
        .map((i) => `${i.number}:${i.task}`)
        .sort();

    // National holds what it imported: its 待办理 is to dispatch; nobody below sees anything yet.
    expect(await mine('nhc.admin')).toEqual(['1:dispatch', '2:dispatch', '3:dispatch']);
    expect(await mine('henan.admin')).toEqual([]);
    await s.http.post('/api/v1/papers/dispatch').set(as('nhc.admin')).send({ batch: W, mode: 'region' }).expect(200);
    expect(await mine('nhc.admin')).toEqual([]);
    expect(await mine('henan.admin')).toEqual(['1:dispatch', '2:dispatch', '3:dispatch']);
    // 河南's 待审核: paper 2 waits for its review (the city approved it); the tab filter shows only that.
    const review = await work('henan.admin', '&task=review');
    expect(review.items.map((i) => `${i.batch}-${i.number}:${i.task}`)).toEqual([`${BATCH}-2:review`]);
    await s.http.post('/api/v1/papers/dispatch').set(as('henan.admin')).send({ batch: W, mode: 'region' }).expect(200);
    expect(await mine('zz.admin')).toEqual(['1:dispatch', '3:dispatch']);
    expect(await mine('ly.admin')).toEqual(['2:dispatch']);

    // 郑州 dispatches by region: paper 1 to hospital A (named as its unit); paper 3's district has two hospitals and
    // neither is named 郑州大学第一附属医院, so it stays with the candidates for a manual choice.
    const city = await s.http.post('/api/v1/papers/dispatch').set(as('zz.admin')).send({ batch: W, mode: 'region' }).expect(200);
    expect(city.body.dispatched).toEqual([expect.objectContaining({ number: '1', toOrgId: DEMO_ORGS.hospitalA.id })]);
    expect(city.body.errors).toEqual([
      {
        paperId: ids['3'],
        number: '3',
        reason: expect.stringMatching(
          /2 organisations below match region 410102 .*none is named "郑州大学第一附属医院": choose one and dispatch it explicitly/,
        ),
        candidates: expect.arrayContaining([
          { orgId: instD.id, name: instD.name, level: 'institution', regionCode: '410102' },
          { orgId: DEMO_ORGS.hospitalA.id, name: '郑州市第一人民医院', level: 'institution', regionCode: '410102' },
        ]),
      },
    ]);
    expect(city.body.errors[0].candidates).toHaveLength(2);
    await ok('zz.admin', 'W3', 'dispatch', { targetOrgId: instD.id }, ids['3']);
    // Hospital A's 待办理: paper 1 to handle. 郑州 enters for 妇幼保健院 (no accounts): paper 3 is on its list too.
    expect(await mine('hospa.admin')).toEqual(['1:handle']);
    const zz = await work('zz.admin');
    expect(zz.items.filter((i) => i.batch === W).map((i) => [i.number, i.task, i.onBehalfOf])).toEqual([['3', 'handle', instD.id]]);
    expect(await mine('zz.admin', '&task=review')).toEqual([]);
    expect(await mine('hospb.admin')).toEqual([]);

    // Search in title and DOI, case-insensitive; % and _ match themselves only.
    const search = async (u: string, q: string) =>
      (
        (
          await s.http
            .get(`/api/v1/papers?q=${encodeURIComponent(q)}`)
            .set(as(u))
            .expect(200)
        ).body.items as Array<{ batch: string; number: string }>
      )
        .map((i) => `${i.batch}-${i.number}`)
        .sort();
    expect(await search('nhc.admin', 'FERROPTOSIS')).toEqual([`${BATCH}-1`]);
    expect(await search('nhc.admin', '10.1155/2022/1')).toEqual([`${BATCH}-1`]);
    expect(await search('nhc.admin', '50%_')).toEqual([`${W}-1`]);
    expect(await search('nhc.admin', 'w_1')).toEqual([`${W}-1`]);
    expect(await search('nhc.admin', '%%')).toEqual([]);
    expect(await search('nhc.admin', '__')).toEqual([]);
    expect(await search('hospb.admin', 'work list')).toEqual([]); // another branch's papers stay invisible
    for (const bad of ['q=x', `q=${'x'.repeat(201)}`, 'waitingFor=you', 'task=everything', 'pageSize=201', 'page=1e300', 'page=0']) {
      expect({ bad, status: (await s.http.get(`/api/v1/papers?${bad}`).set(as('nhc.admin'))).status }).toEqual({ bad, status: 400 });
    }
    // Every filter is documented with its limits.
    const doc = (await s.http.get('/docs-json').expect(200)).body;
    const params = Object.fromEntries(
      (doc.paths['/api/v1/papers'].get.parameters as Array<{ name: string; schema: Record<string, unknown> }>).map((x) => [
        x.name,
        x.schema,
      ]),
    );
    expect(Object.keys(params).sort()).toEqual(['batch', 'orgId', 'page', 'pageSize', 'q', 'status', 'task', 'waitingFor']);
    expect(params.pageSize).toMatchObject({ maximum: 200, minimum: 1 });
    expect(params.q).toMatchObject({ minLength: 2, maxLength: 200 });
    expect(params.waitingFor).toMatchObject({ enum: ['me'] });
    expect(doc.paths['/api/v1/papers/review-settings/{orgId}'].get).toBeDefined();
  });

  async function decideHenanCase(caseId: string, form = clarificationForm()): Promise<void> {
    await caseAct('hospa.officer', caseId, 'accept', { checkedBy: [demoUserIdOf('hospa.officer'), demoUserIdOf('hospa.admin')] });
    for (const name of ['甲', '乙', '丙'])
      await caseAct('hospa.officer', caseId, 'add_member', { name, kind: 'team', declarationSigned: true, conflicts: [] });
    await caseAct('hospa.head', caseId, 'approve_plan');
    await caseAct('hospa.investigator', caseId, 'record_interview', { investigators: ['甲', '乙'] });
    await caseAct('hospa.investigator', caseId, 'submit_report', { signedBy: ['甲', '乙', '丙'] });
    await caseAct('hospa.officer', caseId, 'send_proposed_decision');
    await caseAct('hospa.officer', caseId, 'waive_defence');
    await uploadRequiredEvidence(s.http, tok['hospa.officer']!, caseId);
    await caseAct('hospa.head', caseId, 'decide', { form, effectiveDate: today });
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
