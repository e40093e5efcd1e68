/**
 * Generated documents end to end (issue 23, point 2): each kind for a national and a henan case, written as PDF from
 * the case's data and its decision form, kept among the case's files with its SHA-256, recorded on the timeline (by the
 * workflow while it runs, directly once it has ended), and its text — read back from the PDF with poppler's pdftotext —
 * checked field by field. Refusals write nothing; a failed generation leaves no file and no event.
 */
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Client, Connection } from '@temporalio/client';
import { expect } from 'expect';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PdfRenderer } from '@apps/api/src/documents/pdf-renderer.service';
import { CaseDocumentListSchema, CaseDocumentSchema, schemaIssues } from '@libs/contract/src';
import { isoDateOf } from '@libs/domain/src/calendar';
import { dateZh } from '@libs/domain/src/documents';
import { FONT_FACES } from '@libs/documents/src/fonts';
import { DEMO_ORGS, DEMO_PASSWORD, demoUserIdOf } from '@libs/persistence/src/seed';
import { expectAction } from '../support/actions';
import { startStack, type E2EStack } from '../support/app';
import { henanMisconductForm, ID_NUMBER, nationalMisconductForm, uploadRequiredEvidence } from '../support/decision';
import { ROOT } from '../support/servers';
import { eventually } from '../support/wait';

const SYSTEM_FONTS = '/usr/share/fonts/opentype/noto';
const NO_PENALTY_ID = '11010519491231002X'; // the second author of the test forms
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

interface Doc {
  id: string;
  kind: string;
  title: string;
  number: string;
  issuer: { orgId: string; name: string };
  date: string;
  filename: string;
  size: number;
  sha256: string;
  eventSeq: number;
  download: string;
}

describe('generated documents (受理/不予受理通知书, 处理决定书, 复查/复核意见书)', () => {
  let s: E2EStack;
  let connection: Connection;
  let temporal: Client;
  const tokens: Record<string, string> = {};
  const today = isoDateOf(Date.now());
  const year = today.slice(0, 4);
  // Backdated, so the documents' dates differ; near enough that no deadline runs out during the test (a henan
  // reporter notice is due 5 working days after acceptance, 001 art.14).
  const received = addDays(today, -14);
  const acceptedOn = addDays(today, -12);
  const henanAcceptedOn = addDays(today, -1);
  // The fonts the API renders with, through a folder of links, so a test can take them away (DOCUMENT_FONTS_DIR).
  const fontsDir = mkdtempSync(join(tmpdir(), 'doc-fonts-'));
  const pdfDir = mkdtempSync(join(tmpdir(), 'doc-pdfs-'));
  const linkFonts = () => Object.values(FONT_FACES).forEach((f) => symlinkSync(join(SYSTEM_FONTS, f.file), join(fontsDir, f.file)));

  before(async () => {
    linkFonts();
    process.env.DOCUMENT_FONTS_DIR = fontsDir;
    s = await startStack();
    connection = await Connection.connect({ address: s.temporalAddress });
    temporal = new Client({ connection });
    // The superior authorities hear the appeals (issue 17: 003 art.42; 001 art.45): their officers and heads.
    for (const [username, orgId, roles] of [
      ['cityb.officer', DEMO_ORGS.cityB.id, ['case_officer']],
      ['cityb.head', DEMO_ORGS.cityB.id, ['unit_head']],
      ['citya.officer', DEMO_ORGS.cityA.id, ['case_officer']],
      ['citya.head', DEMO_ORGS.cityA.id, ['unit_head']],
    ] as const) {
      await s.http
        .post('/api/v1/users')
        .set({ Authorization: `Bearer ${await s.login('nhc.sysadmin')}` })
        .send({ username, name: username, password: DEMO_PASSWORD, email: `${username}@example.org`, orgId, roles })
        .expect(201);
    }
    for (const u of [
      'hospb.officer',
      'hospb.admin',
      'hospb.head',
      'hospa.officer',
      'hospa.admin',
      'hospa.head',
      'hospa.investigator',
      'henan.supervisor',
      'cityb.officer',
      'cityb.head',
      'citya.officer',
      'citya.head',
    ]) {
      tokens[u] = await s.login(u);
    }
  });
  after(async () => {
    await connection?.close();
    await s?.stop();
    delete process.env.DOCUMENT_FONTS_DIR;
    rmSync(fontsDir, { recursive: true, force: true });
    rmSync(pdfDir, { recursive: true, force: true });
  });

  const as = (u: string) => ({ Authorization: `Bearer ${tokens[u]}` });
  const act = (user: string, id: string, action: string, body: Record<string, unknown> = {}) =>
    expectAction(s.http, as(user), 'cases', id, action, body, 200);
  const generate = (user: string, id: string, body: unknown) =>
    s.http
      .post(`/api/v1/cases/${id}/documents`)
      .set(as(user))
      .send(body as object);
  async function ok(user: string, id: string, kind: string): Promise<Doc> {
    const res = await generate(user, id, { kind });
    if (res.status !== 201) throw new Error(`${kind}: ${res.status} ${JSON.stringify(res.body)}`);
    expect(schemaIssues(CaseDocumentSchema, res.body)).toEqual([]); // the answer is what the contract says
    return res.body as Doc;
  }

  async function open(org: 'hospitalA' | 'hospitalB', user: string, over: Record<string, unknown> = {}) {
    const res = await s.http
      .post('/api/v1/cases')
      .set(as(user))
      .send({
        source: 'report',
        handlingOrgId: DEMO_ORGS[org].id,
        receivedAt: received,
        title: '论文图片造假举报',
        allegations: ['2'],
        subjects: [{ name: '王五', organisation: DEMO_ORGS[org].name }],
        reporter: { name: '周八', contact: 'zhouba@example.org', realName: true },
        paper: { title: 'Retracted: Effects of X on Y in a cohort', doi: '10.1000/xyz123' },
        ...over,
      })
      .expect(201);
    return res.body as { id: string; number: string };
  }

  /** Investigation to a decision of misconduct (the form of the profile), every step by its role. */
  async function decide(c: { id: string }, h: { officer: string; head: string; investigator: string; team: string[] }, form: unknown) {
    for (const name of h.team) await act(h.officer, c.id, 'add_member', { name, kind: 'team', declarationSigned: true, conflicts: [] });
    await act(h.head, c.id, 'approve_plan');
    await act(h.investigator, c.id, 'submit_report', { signedBy: h.team });
    await act(h.officer, c.id, 'send_proposed_decision');
    await act(h.officer, c.id, 'waive_defence');
    await uploadRequiredEvidence(s.http, tokens[h.officer]!, c.id);
    await act(h.head, c.id, 'decide', { form, effectiveDate: today, summary: '经专家组评议，论文图3数据系编造。' });
  }

  /** The PDF as served among the case's files: its bytes, checked against the SHA-256 header and the record. */
  async function download(user: string, caseId: string, d: Doc): Promise<Buffer> {
    const res = await s.http
      .get(`/api/v1/cases/${caseId}/files/${d.id}`)
      .set(as(user))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const bytes = res.body as Buffer;
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-sha256']).toBe(d.sha256);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(d.sha256);
    expect(bytes.length).toBe(d.size);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    return bytes;
  }

  /** The PDF's text (pdftotext), white space and page numbers removed, so a field wrapped over lines or pages matches. */
  async function textOf(user: string, caseId: string, d: Doc): Promise<string> {
    const file = join(pdfDir, `${d.id}.pdf`);
    writeFileSync(file, await download(user, caseId, d));
    const raw = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    return raw
      .split(/\n|\f/)
      .filter((l) => !/^—\s*\d+\s*—$/.test(l.trim()))
      .join('')
      .replace(/\s+/g, '');
  }

  function expectFields(text: string, fields: string[]): void {
    const missing = fields.map((f) => f.replace(/\s+/g, '')).filter((f) => !text.includes(f));
    expect(missing).toEqual([]);
  }

  /** The case's file, document row and timeline event of a document, all agreeing. */
  async function expectRecorded(caseId: string, d: Doc, user: string, userId: string) {
    const files = (await s.http.get(`/api/v1/cases/${caseId}/files`).set(as(user)).expect(200)).body as Array<Record<string, unknown>>;
    expect(files).toContainEqual(
      expect.objectContaining({
        id: d.id,
        kind: d.kind,
        sha256: d.sha256,
        size: d.size,
        contentType: 'application/pdf',
        filename: d.filename,
      }),
    );
    const timeline = await eventually(async () => {
      const t = (await s.http.get(`/api/v1/cases/${caseId}/timeline`).set(as(user)).expect(200)).body as Array<{
        seq: number;
        type: string;
        actor: { userId: string } | null;
        data: Record<string, unknown>;
      }>;
      return t.some((e) => e.type === 'document_generated' && e.data.documentId === d.id) && t;
    }, `the ${d.kind} on the timeline`);
    const e = timeline.find((x) => x.type === 'document_generated' && x.data.documentId === d.id)!;
    expect(e).toMatchObject({
      seq: d.eventSeq,
      actor: { userId },
      data: { kind: d.kind, number: d.number, sha256: d.sha256, size: d.size, date: d.date },
    });
    expect(timeline.map((x) => x.seq)).toEqual(timeline.map((_, i) => i + 1)); // no gaps, no doubles
    const listed = (await s.http.get(`/api/v1/cases/${caseId}/documents`).set(as(user)).expect(200)).body as { documents: Doc[] };
    expect(schemaIssues(CaseDocumentListSchema, listed)).toEqual([]);
    expect(listed.documents).toContainEqual(d);
  }

  const userId = async (u: string) => ((await s.db.query(`SELECT id FROM users WHERE username = $1`, [u])) as Array<{ id: string }>)[0]!.id;
  /** The case workflow's status in Temporal (it ends when the case needs nothing more). */
  const workflowStatus = async (number: string) => (await temporal.workflow.getHandle(number).describe()).status.name;

  it('documents both operations in the OpenAPI document, with the one error body', async () => {
    const doc = (await s.http.get('/docs-json').expect(200)).body;
    const post = doc.paths['/api/v1/cases/{id}/documents'].post;
    expect(post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/GenerateDocumentBody' });
    expect(post.responses['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CaseDocument' });
    for (const status of ['400', '401', '403', '404', '409', '503'])
      expect(post.responses[status].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorBody' });
    const get = doc.paths['/api/v1/cases/{id}/documents'].get;
    expect(get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CaseDocumentList' });
    expect(doc.components.schemas.GenerateDocumentBody).toMatchObject({ additionalProperties: false, required: ['kind'] });
    expect(doc.components.schemas.GenerateDocumentBody.properties.kind.enum).toEqual([
      'acceptance_notice',
      'refusal_notice',
      'decision_letter',
      'review_opinion',
      'appeal_opinion',
    ]);
  });

  it('national-2022: acceptance notice, decision letter, review and appeal opinions; the last after the workflow ended', async () => {
    const c = await open('hospitalB', 'hospb.officer');
    await act('hospb.officer', c.id, 'accept', { on: acceptedOn });

    const notice = await ok('hospb.officer', c.id, 'acceptance_notice');
    expect(notice).toMatchObject({
      kind: 'acceptance_notice',
      title: '科研失信行为举报受理通知书',
      date: today,
      issuer: { orgId: DEMO_ORGS.hospitalB.id, name: '洛阳市中心医院' },
    });
    expect(notice.number).toMatch(new RegExp(`^诚信受〔${year}〕\\d+号$`));
    expectFields(await textOf('hospb.officer', c.id, notice), [
      '洛阳市中心医院',
      notice.number,
      '科研失信行为举报受理通知书',
      '周八：',
      dateZh(received),
      '王五',
      'Retracted: Effects of X on Y in a cohort',
      dateZh(acceptedOn),
      c.number,
      '《科研失信行为调查处理规则》第十四条',
      '第二十五条',
      '6个月',
      '第四十六条',
      '特此通知。',
      dateZh(today),
      `${dateZh(today)}印发`,
    ]);
    await expectRecorded(c.id, notice, 'hospb.officer', await userId('hospb.officer'));

    await decide(
      c,
      { officer: 'hospb.officer', head: 'hospb.head', investigator: 'hospb.officer', team: ['调查员甲', '调查员乙'] },
      nationalMisconductForm(),
    );
    // full ID numbers (003 art.28(一)): integrity administrators write the letter
    const byOfficer = await generate('hospb.officer', c.id, { kind: 'decision_letter' });
    expect(byOfficer.status).toBe(403);
    expect(byOfficer.body.message).toMatch(/integrity administrators/);
    const letter = await ok('hospb.admin', c.id, 'decision_letter');
    expect(letter.number).toMatch(new RegExp(`^诚信处〔${year}〕\\d+号$`));
    const letterText = await textOf('hospb.admin', c.id, letter);
    expectFields(letterText, [
      '洛阳市中心医院',
      letter.number,
      '科研失信行为调查处理决定书',
      '王五、赵六：',
      dateZh(acceptedOn),
      c.number,
      '一、被处理人基本情况',
      `1.王五，工作单位：洛阳市中心医院，身份证件号码：${ID_NUMBER}。`,
      `2.赵六，工作单位：洛阳市中心医院，身份证件号码：${NO_PENALTY_ID}。`,
      '二、调查认定的事实',
      '编造研究过程、伪造研究成果',
      '第二条',
      '情节严重',
      '第三十二条',
      '赵六：不予处理。',
      '经专家组评议，论文图3数据系编造。',
      '三、处理决定',
      '第二十九条',
      '（一）一定期限取消申请或申报科技奖励、科技人才称号和职务职称晋升等资格，期限4年；（二）记入科研诚信严重失信行为数据库',
      `本决定自${dateZh(today)}起生效。`,
      '四、救济途径和期限',
      '收到本决定书之日起15个工作日内，向洛阳市中心医院书面提出申诉（复查）',
      '第四十一条',
      '抄送：洛阳市卫生健康委员会。',
      `${dateZh(today)}印发`,
    ]);
    expect(letterText).not.toContain('周八'); // the reporter never reaches a document to the persons handled (003 art.46)
    await expectRecorded(c.id, letter, 'hospb.admin', await userId('hospb.admin'));

    await act('hospb.officer', c.id, 'deliver_decision');
    await act('hospb.officer', c.id, 'report_registry');
    await act('hospb.officer', c.id, 'apply_review');
    await act('hospb.officer', c.id, 'accept_review');
    await act('hospb.head', c.id, 'complete_review', { result: 'upheld', summary: '申诉人所提理由不能成立。' });
    const review = await ok('hospb.officer', c.id, 'review_opinion');
    expectFields(await textOf('hospb.officer', c.id, review), [
      '洛阳市中心医院',
      review.number,
      '复查意见书',
      '王五、赵六：',
      `处理决定（${letter.number}）不服`,
      dateZh(today),
      c.number,
      '经复查，维持原处理决定。',
      '复查意见：申诉人所提理由不能成立。',
      '15个工作日内，向洛阳市卫生健康委员会书面提出申诉（复核）',
      '第四十二条',
      '第四十三条',
    ]);
    await expectRecorded(c.id, review, 'hospb.officer', await userId('hospb.officer'));

    await act('hospb.officer', c.id, 'apply_appeal');
    await act('cityb.officer', c.id, 'accept_appeal');
    const closed = await act('cityb.head', c.id, 'complete_appeal', { result: 'changed', summary: '处理期限调整为3年。' });
    expect(closed.body.phase).toBe('closed');
    // nothing left to do (registry reported): the workflow ends; the document is recorded after it
    await eventually(async () => (await workflowStatus(c.number)) === 'COMPLETED', 'the case workflow to end');
    const appeal = await ok('hospb.officer', c.id, 'appeal_opinion');
    // the superior hears the appeal and issues the letter, numbered by its own sequence (003 art.42)
    expect(appeal).toMatchObject({ title: '复核意见书', issuer: { orgId: DEMO_ORGS.cityB.id, name: '洛阳市卫生健康委员会' } });
    expectFields(await textOf('hospb.officer', c.id, appeal), [
      '洛阳市卫生健康委员会',
      appeal.number,
      '复核意见书',
      '王五、赵六：',
      `洛阳市中心医院作出的处理决定（${letter.number}）的复查结果不服`,
      c.number,
      '经复核，变更原处理决定。',
      '复核意见：处理期限调整为3年。',
      '本复核结果为最终结果',
      '第四十二条',
      '第四十三条',
      `${dateZh(today)}印发`,
    ]);
    await expectRecorded(c.id, appeal, 'hospb.officer', await userId('hospb.officer'));
    const last = await s.db.query(
      `SELECT max(seq)::int AS seq, (SELECT last_event_seq FROM cases WHERE id = $1) AS projected FROM case_events WHERE case_id = $1`,
      [c.id],
    );
    expect(last[0]).toEqual({ seq: appeal.eventSeq, projected: appeal.eventSeq });

    // documents to the reporter are for handlers only (RULES.md §7); the rest is seen by supervisors above
    const files = (await s.http.get(`/api/v1/cases/${c.id}/files`).set(as('henan.supervisor')).expect(200)).body as Array<{ id: string }>;
    expect(files.map((f) => f.id)).toEqual(expect.arrayContaining([letter.id, review.id, appeal.id]));
    expect(files.map((f) => f.id)).not.toContain(notice.id);
    await s.http.get(`/api/v1/cases/${c.id}/files/${notice.id}`).set(as('henan.supervisor')).expect(404);
    const seen = (await s.http.get(`/api/v1/cases/${c.id}/documents`).set(as('henan.supervisor')).expect(200)).body as {
      documents: Doc[];
      available: string[];
    };
    expect(seen.documents.map((d) => d.kind)).toEqual(['decision_letter', 'review_opinion', 'appeal_opinion']);
    expect(seen.available).toEqual([]);
    expect((await generate('henan.supervisor', c.id, { kind: 'decision_letter' })).status).toBe(403);
  });

  it('henan-2021: the same four kinds through the running workflow (the registry report keeps it open)', async () => {
    const c = await open('hospitalA', 'hospa.officer', { subjects: [{ name: '张三', organisation: '郑州市第一人民医院' }] });
    await act('hospa.officer', c.id, 'accept', {
      on: henanAcceptedOn,
      checkedBy: [demoUserIdOf('hospa.officer'), demoUserIdOf('hospa.admin')],
    });
    // The acceptance mailed to the reporter meets the reporter notice (issue 17 point 7), a new version: wait for it, so
    // the next steps' If-Match is current.
    await eventually(async () => {
      const got = await s.http
        .get(`/api/v1/cases/${c.id}`)
        .set({ Authorization: `Bearer ${tokens['hospa.officer']}` })
        .expect(200);
      return (got.body.deadlines as Array<{ kind: string; status: string }>).find((d) => d.kind === 'reporter_notice')?.status === 'met';
    }, 'the reporter notice met by the mail');
    const notice = await ok('hospa.officer', c.id, 'acceptance_notice');
    expect(notice.title).toBe('科研诚信案件举报受理通知书');
    expectFields(await textOf('hospa.officer', c.id, notice), [
      '郑州市第一人民医院',
      notice.number,
      '周八：',
      dateZh(received),
      '张三',
      'Retracted: Effects of X on Y in a cohort',
      '经初核',
      dateZh(henanAcceptedOn),
      c.number,
      '《河南省科研诚信案件调查处理办法（试行）》第十四条',
      '第二十五条',
      '6个月',
      '第五十条',
    ]);
    await expectRecorded(c.id, notice, 'hospa.officer', await userId('hospa.officer'));

    await decide(
      c,
      { officer: 'hospa.officer', head: 'hospa.head', investigator: 'hospa.investigator', team: ['甲', '乙', '丙'] },
      henanMisconductForm('3', 4),
    );
    const letter = await ok('hospa.admin', c.id, 'decision_letter');
    const letterText = await textOf('hospa.admin', c.id, letter);
    expectFields(letterText, [
      '郑州市第一人民医院',
      letter.number,
      '科研诚信案件处理决定书',
      '张三、李四：',
      `1.张三，工作单位：郑州市第一人民医院，身份证件号码：${ID_NUMBER}。`,
      `2.李四，工作单位：郑州市第一人民医院，身份证件号码：${NO_PENALTY_ID}。`,
      '李四：不予处理。',
      '二、违规事实情况',
      '编造研究过程，伪造、篡改研究数据',
      '情节严重',
      '第三十七条',
      '三、处理决定和依据',
      '第三十二条',
      '（一）一定期限直至永久取消申请或申报科技计划项目（专项、基金等）、科技奖励、科技人才称号和专业技术职务晋升等资格，期限4年；（二）一定范围内或公开通报；（三）记入省科研诚信严重失信行为数据库',
      `本决定自${dateZh(today)}起生效。`,
      '处理期限自本决定下达之日起计算',
      '第四十七条',
      // 001 art.44: 15 days (calendar), to the deciding organisation; the decision stands during the review (art.46)
      '收到本决定书之日起15日内，向郑州市第一人民医院书面提出复查申请',
      '第四十四条',
      '复查期间，不停止本处理决定的执行（第四十六条）',
      '抄送：郑州市卫生健康委员会。', // the persons' unit is the issuer itself; the superior (001 art.30)
    ]);
    expect(letterText).not.toContain('周八');
    await expectRecorded(c.id, letter, 'hospa.admin', await userId('hospa.admin'));

    await act('hospa.officer', c.id, 'deliver_decision');
    await act('hospa.officer', c.id, 'apply_review');
    await act('hospa.officer', c.id, 'accept_review');
    await act('hospa.head', c.id, 'complete_review', { result: 'revoked', summary: '原认定事实不清。' });
    const review = await ok('hospa.officer', c.id, 'review_opinion');
    expect(review.title).toBe('复查决定书'); // 001 art.46
    expectFields(await textOf('hospa.officer', c.id, review), [
      review.number,
      '张三、李四：',
      `处理决定（${letter.number}）不服`,
      '第四十四条',
      '第四十六条',
      '经复查，撤销原处理决定。',
      '复查意见：原认定事实不清。',
      '15个工作日内，向郑州市卫生健康委员会提出书面申诉',
      '第四十五条',
    ]);
    await act('hospa.officer', c.id, 'apply_appeal');
    await act('citya.officer', c.id, 'accept_appeal');
    const closed = await act('citya.head', c.id, 'complete_appeal', { result: 'upheld', summary: '维持复查结论。' });
    expect(closed.body.phase).toBe('closed');
    expect(closed.body.deadlines.find((d: { kind: string }) => d.kind === 'registry_report')).toMatchObject({ status: 'open' }); // 001 art.40: still owed
    const appeal = await ok('hospa.officer', c.id, 'appeal_opinion');
    expect(appeal).toMatchObject({ title: '申诉复查决定书', issuer: { orgId: DEMO_ORGS.cityA.id, name: '郑州市卫生健康委员会' } });
    expectFields(await textOf('hospa.officer', c.id, appeal), [
      '郑州市卫生健康委员会',
      appeal.number,
      '张三、李四：',
      '郑州市第一人民医院作出的处理决定',
      '第四十五条',
      '第四十六条',
      '经复查，维持原处理决定。',
      '复查意见：维持复查结论。',
      '本复查结果为最终结果',
    ]);
    await expectRecorded(c.id, appeal, 'hospa.officer', await userId('hospa.officer'));
    // the workflow recorded it: still running, its own event sequence
    const state = await s.db.query(`SELECT last_event_seq FROM cases WHERE id = $1`, [c.id]);
    expect(state[0].last_event_seq).toBeGreaterThanOrEqual(appeal.eventSeq);

    // A representative history with recordDocument Updates for the replay test (test/histories), when UPDATE_HISTORIES=1.
    if (process.env.UPDATE_HISTORIES === '1') {
      const history = await temporal.workflow.getHandle(c.number).fetchHistory();
      writeFileSync(join(ROOT, 'test', 'histories', 'documents-henan-full.json'), historyToJSON(history));
    }
  });

  it('refusal notices: the reason and item of art.13, henan with the objection route (workflow running), national after its workflow ended', async () => {
    const h = await open('hospitalA', 'hospa.officer');
    await act('hospa.officer', h.id, 'reject', { reason: 'no_evidence', note: '举报未附图片比对材料', on: henanAcceptedOn });
    const hn = await ok('hospa.officer', h.id, 'refusal_notice');
    expect(hn.title).toBe('科研诚信案件举报不予受理通知书');
    expectFields(await textOf('hospa.officer', h.id, hn), [
      '郑州市第一人民医院',
      hn.number,
      '周八：',
      dateZh(received),
      '王五',
      '第十三条第（二）项“没有明确的证据和可查线索的”情形',
      dateZh(henanAcceptedOn),
      '具体情况说明：举报未附图片比对材料',
      h.number,
      '如对本决定有异议，你可以向本单位提出异议并说明理由',
      '第十四条',
    ]);
    await expectRecorded(h.id, hn, 'hospa.officer', await userId('hospa.officer'));

    const n = await open('hospitalB', 'hospb.officer');
    await act('hospb.officer', n.id, 'reject', { reason: 'not_misconduct' });
    await eventually(async () => (await workflowStatus(n.number)) === 'COMPLETED', 'the refused case workflow to end'); // 003: no objection
    const nn = await ok('hospb.officer', n.id, 'refusal_notice');
    const text = await textOf('hospb.officer', n.id, nn);
    expectFields(text, [
      '洛阳市中心医院',
      nn.number,
      '科研失信行为举报不予受理通知书',
      '周八：',
      '第十三条第（一）项“举报内容不属于科研失信行为的”情形',
      dateZh(today),
      n.number,
      '第十四条',
    ]);
    expect(text).not.toContain('提出异议'); // 003 has no objection procedure
    expect(text).not.toContain('具体情况说明'); // no note given
    await expectRecorded(n.id, nn, 'hospb.officer', await userId('hospb.officer'));
  });

  it('refuses what does not fit, naming it, and writes nothing: 404, 403, 400 (every field), 409 (the step, the reporter)', async () => {
    const c = await open('hospitalB', 'hospb.officer');
    const anonymous = await open('hospitalB', 'hospb.officer', { reporter: { name: '匿名', realName: false } });
    const counts = async () =>
      (
        await s.db.query(
          `SELECT (SELECT count(*)::int FROM case_files WHERE case_id IN ($1, $2)) AS files, (SELECT count(*)::int FROM case_events WHERE case_id IN ($1, $2)) AS events,
                  (SELECT coalesce(sum(last), 0)::int FROM document_numbers) AS numbers`,
          [c.id, anonymous.id],
        )
      )[0];
    const before = await counts();
    const refused = async (user: string, id: string, body: unknown, status: number) => {
      const res = await generate(user, id, body);
      expect({ status: res.status, body: res.body }).toMatchObject({
        status,
        body: { error: expect.any(String), message: expect.any(String), issues: expect.any(Array) },
      });
      return res.body as { error: string; message: string; issues: Array<{ path: string; rule?: string }>; phase?: string };
    };
    await refused('hospb.officer', '00000000-0000-4000-8000-000000000000', { kind: 'acceptance_notice' }, 404);
    await refused('hospa.officer', c.id, { kind: 'acceptance_notice' }, 404); // another branch
    await refused('hospb.head', c.id, { kind: 'acceptance_notice' }, 403); // not a writer
    const bad = await refused('hospb.officer', c.id, { kind: 'minutes', date: '2026-02-30', extra: 1 }, 400);
    expect([...new Set(bad.issues.map((i) => i.path))].sort()).toEqual(['date', 'extra', 'kind']);
    expect(bad.issues.find((i) => i.path === 'extra')!.rule).toBe('unknown_field');
    expect((await refused('hospb.officer', c.id, {}, 400)).issues).toEqual([expect.objectContaining({ path: 'kind', rule: 'required' })]);
    const early = await refused('hospb.officer', c.id, { kind: 'acceptance_notice' }, 409);
    expect(early).toMatchObject({ error: 'CONFLICT', phase: 'intake' });
    expect(early.message).toMatch(/has not been accepted/);
    await act('hospb.officer', c.id, 'accept', { on: acceptedOn });
    await act('hospb.officer', anonymous.id, 'accept');
    expect((await refused('hospb.officer', c.id, { kind: 'decision_letter' }, 403)).message).toMatch(/integrity administrators/);
    expect((await refused('hospb.admin', c.id, { kind: 'decision_letter' }, 409)).message).toMatch(/has not been decided/);
    expect((await refused('hospb.officer', c.id, { kind: 'review_opinion' }, 409)).message).toMatch(/no review has been completed/);
    expect((await refused('hospb.officer', anonymous.id, { kind: 'acceptance_notice' }, 409)).message).toMatch(
      /real-name reporter only \(003 art\.14\)/,
    );
    const future = await refused('hospb.officer', c.id, { kind: 'acceptance_notice', date: addDays(today, 1) }, 400);
    expect(future.issues).toEqual([expect.objectContaining({ path: 'date', rule: 'date.future' })]);
    const early2 = await refused('hospb.officer', c.id, { kind: 'acceptance_notice', date: addDays(acceptedOn, -1) }, 400);
    expect(early2.issues).toEqual([expect.objectContaining({ path: 'date', rule: 'date.before_step' })]);
    const after = await counts();
    // the two acceptances added their events; nothing else was written, and no number was used
    expect(after).toEqual({ ...before, events: after.events });
    const types = await s.db.query(`SELECT type FROM case_events WHERE case_id IN ($1, $2) AND type = 'document_generated'`, [
      c.id,
      anonymous.id,
    ]);
    expect(types).toEqual([]);
    const listed = (await s.http.get(`/api/v1/cases/${c.id}/documents`).set(as('hospb.officer')).expect(200)).body;
    expect(listed).toEqual({ documents: [], available: ['acceptance_notice'] });
    // refused writes are audited all the same
    const audit = (await s.http.get(`/api/v1/audit?caseId=${c.id}`).set(as('hospb.admin')).expect(200)).body as Array<{
      action: string;
      outcome: number;
    }>;
    const outcomes = audit.filter((a) => a.action === 'POST /api/v1/cases/:id/documents').map((a) => a.outcome);
    expect(outcomes).toEqual(expect.arrayContaining([400, 403, 409]));
    expect(outcomes.filter((o) => o < 400)).toEqual([]);
    const asAdmin = (await s.http.get(`/api/v1/cases/${anonymous.id}/documents`).set(as('hospb.admin')).expect(200)).body;
    expect(asAdmin).toEqual({ documents: [], available: [] });
  });

  it('Idempotency-Key: a retry answers the document written the first time; another request with the key is 422', async () => {
    const c = await open('hospitalB', 'hospb.officer');
    const post = (key: string, body: unknown) =>
      s.http
        .post(`/api/v1/cases/${c.id}/documents`)
        .set(as('hospb.officer'))
        .set('Idempotency-Key', key)
        .send(body as object);
    expect((await post('notice-key-0001', { kind: 'acceptance_notice' })).status).toBe(409); // refused before the key is bound
    await act('hospb.officer', c.id, 'accept', { on: acceptedOn });
    const first = await post('notice-key-0001', { kind: 'acceptance_notice' });
    expect(first.status).toBe(201);
    const again = await post('notice-key-0001', { kind: 'acceptance_notice' });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body); // same file, same number: nothing written twice
    const reused = await post('notice-key-0001', { kind: 'acceptance_notice', date: today });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({
      error: 'IDEMPOTENCY_KEY_REUSED',
      issues: [{ path: 'Idempotency-Key', rule: 'idempotency_key_reused' }],
    });
    const badKey = await post('no', { kind: 'acceptance_notice' });
    expect(badKey.status).toBe(400);
    expect(badKey.body.issues).toEqual([expect.objectContaining({ path: 'Idempotency-Key' })]);
    const events = await s.db.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'document_generated'`, [
      c.id,
    ]);
    expect(events[0].n).toBe(1);
  });

  it('a failed generation leaves no file and no event: fonts missing (503), a failing transaction after the workflow ended (500)', async () => {
    const c = await open('hospitalB', 'hospb.officer');
    await act('hospb.officer', c.id, 'reject', { reason: 'no_evidence' });
    await eventually(async () => (await workflowStatus(c.number)) === 'COMPLETED', 'the refused case workflow to end');
    const accepted = await open('hospitalB', 'hospb.officer');
    await act('hospb.officer', accepted.id, 'accept');
    const snapshot = async (id: string) => ({
      files: (await s.db.query(`SELECT id FROM case_files WHERE case_id = $1`, [id])).length,
      events: (await s.db.query(`SELECT seq FROM case_events WHERE case_id = $1`, [id])).length,
      stored: stored(id).length,
    });
    const first = await ok('hospb.officer', accepted.id, 'acceptance_notice');

    // the fonts are taken away: 503 naming the package; nothing on the running case
    for (const f of Object.values(FONT_FACES)) unlinkSync(join(fontsDir, f.file));
    await s.api.get(PdfRenderer).onModuleDestroy(); // the next document starts a new renderer thread, which loads the fonts again
    const beforeFonts = await snapshot(accepted.id);
    const unavailable = await generate('hospb.officer', accepted.id, { kind: 'acceptance_notice' });
    expect(unavailable.status).toBe(503);
    expect(unavailable.body).toMatchObject({ error: 'SERVICE_UNAVAILABLE', issues: [] });
    expect(unavailable.body.message).toMatch(/fonts-noto-cjk/);
    expect(await snapshot(accepted.id)).toEqual(beforeFonts);
    linkFonts();
    const second = await ok('hospb.officer', accepted.id, 'acceptance_notice');
    // [decision] the number drawn for the failed one stays unused (never given twice)
    const seqOf = (d: Doc) => Number(/〕(\d+)号$/.exec(d.number)![1]);
    expect(seqOf(second)).toBe(seqOf(first) + 2);

    // the transaction that records a document of an ended case fails: no event, no file row, no bytes
    await s.db.query(
      `CREATE FUNCTION test_refuse_documents() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`,
    );
    await s.db.query(
      `CREATE TRIGGER test_refuse_documents BEFORE INSERT ON case_documents FOR EACH ROW EXECUTE FUNCTION test_refuse_documents()`,
    );
    const beforeTx = await snapshot(c.id);
    try {
      const failed = await generate('hospb.officer', c.id, { kind: 'refusal_notice' });
      expect(failed.status).toBe(500);
      expect(failed.body).toEqual({ error: 'INTERNAL_ERROR', message: expect.any(String), issues: [] });
      expect(await snapshot(c.id)).toEqual(beforeTx);
    } finally {
      await s.db.query(`DROP TRIGGER test_refuse_documents ON case_documents`);
      await s.db.query(`DROP FUNCTION test_refuse_documents()`);
    }
    const done = await ok('hospb.officer', c.id, 'refusal_notice');
    const after = await snapshot(c.id);
    expect(after).toEqual({ files: beforeTx.files + 1, events: beforeTx.events + 1, stored: beforeTx.stored + 1 });
    expect(done.eventSeq).toBe(after.events);
  });

  /** The bytes kept for a case in the file store (DATA_DIR/files/cases/<id>). */
  function stored(caseId: string): string[] {
    try {
      return readdirSync(join(process.env.DATA_DIR!, 'files', 'cases', caseId));
    } catch {
      return [];
    }
  }
});
