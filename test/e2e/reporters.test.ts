/**
 * The reporter channel end to end (issue 23 point 1): an anonymous reporter files a report with a file, triage opens a
 * case from it, a handler asks a question with a file, the reporter is told by mail (no content, no link) and answers
 * with a file. Checked on the way: no handler-only data reaches the reporter, no reporter data reaches a non-handler
 * (case, timeline, evidence, audit, outbox, reporter endpoints), refusals leave nothing written, the key and the
 * password are stored only as hashes and never audited, a wrong key and a wrong password get the same answer, rate
 * limits per key and per address answer 429 with Retry-After, and every answer conforms to its OpenAPI schema.
 */
import type { TSchema } from '@sinclair/typebox';
import { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { expect } from 'expect';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CaseReporterChannelSchema,
  CaseReporterMessageSchema,
  InboxPageSchema,
  PublicOrganisationSchema,
  ReportFiledSchema,
  ReportFileSchema,
  ReporterMessageSchema,
  ReporterViewSchema,
  schemaIssues,
  TriageResultSchema,
} from '@libs/contract/src';
import { DEMO_ORGS } from '@libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';
import { ROOT } from '../support/servers';
import { eventually } from '../support/wait';

const PASSWORD = 'correct horse battery staple';
const EMAIL = 'whistle.anon@mail.test';
const SUMMARY = '论文图3与2019年另一篇论文的图重复，原始数据不存在。ZX-SUMMARY-MARK';
const QUESTION = '请问您能否提供原始图片的来源？QUESTION-MARK-7f3a';
const ANSWER = '原图来自实验室共享盘，附上截图。ANSWER-MARK-91bc';

/** A history's JSON with every payload decoded (payload data is base64 JSON). */
function readable(json: string): string {
  return json + json.replace(/"data":\s*"([A-Za-z0-9+/=]+)"/g, (_, d: string) => Buffer.from(d, 'base64').toString('utf8'));
}

function conforms(schema: TSchema, value: unknown): void {
  expect({ issues: schemaIssues(schema, value) }).toEqual({ issues: [] });
}

describe('reporter channel (issue 23)', { timeout: 240_000 }, () => {
  let s: E2EStack;
  const tokens: Record<string, string> = {};
  let key = '';
  let caseId = '';
  let reportId = '';
  let questionId = '';

  before(async () => {
    process.env.REPORTER_FAILURES_PER_KEY = '3';
    process.env.REPORTER_LIMIT_PER_ADDRESS = '1000';
    process.env.REPORTER_FILINGS_PER_ADDRESS = '50';
    s = await startStack();
    for (const u of ['hospb.admin', 'hospb.officer', 'hospb.head', 'henan.supervisor', 'henan.admin', 'hospa.admin', 'nhc.supervisor'])
      tokens[u] = await s.login(u);
  });
  after(async () => {
    for (const k of ['REPORTER_FAILURES_PER_KEY', 'REPORTER_LIMIT_PER_ADDRESS', 'REPORTER_FILINGS_PER_ADDRESS']) delete process.env[k];
    await s?.stop();
  });

  const as = (u: string) => ({ Authorization: `Bearer ${tokens[u]}` });
  const basic = (k: string, pw: string) => ({ Authorization: `Basic ${Buffer.from(`${k}:${pw}`).toString('base64')}` });
  const reporter = () => basic(key, PASSWORD);
  const count = async (table: string) => ((await s.db.query(`SELECT count(*)::int AS n FROM ${table}`)) as Array<{ n: number }>)[0]!.n;
  /** Everything the rate limits have counted so far. */
  const counted = async () =>
    ((await s.db.query(`SELECT coalesce(sum(count), 0)::int AS n FROM reporter_rate_limits`)) as Array<{ n: number }>)[0]!.n;
  const filing = (over: Record<string, unknown> = {}) => ({
    organisationId: DEMO_ORGS.hospitalB.id,
    anonymous: true,
    reporter: { email: EMAIL },
    password: PASSWORD,
    title: '论文图片重复使用',
    summary: SUMMARY,
    subjects: [{ name: '王五', organisation: '洛阳市中心医院' }],
    allegations: ['2'],
    paper: { title: 'A study', doi: '10.1234/dup.2026.001' },
    ...over,
  });
  const binary = (req: ReturnType<E2EStack['http']['get']>) =>
    req.buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });

  it('lists the organisations a report can go to, with the misconduct types of their profile', async () => {
    const list = await s.http.get('/api/v1/reports/organisations').query({ q: '中心医院' }).expect(200);
    expect(list.body).toEqual([{ id: DEMO_ORGS.hospitalB.id, name: DEMO_ORGS.hospitalB.name, level: 'institution' }]);
    const one = await s.http.get(`/api/v1/reports/organisations/${DEMO_ORGS.hospitalB.id}`).expect(200);
    conforms(PublicOrganisationSchema, one.body);
    expect(one.body.misconductTypes.map((t: { code: string }) => t.code)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  });

  it('refuses a bad filing naming every field, writing nothing', async () => {
    const before = { reports: await count('reports'), audit: await count('audit_log'), counted: await counted() };
    const cases: Array<[Record<string, unknown>, Array<Record<string, unknown>>]> = [
      [{ color: 'red' }, [{ path: 'color', rule: 'unknown_field' }]],
      [{ reporter: { name: '匿名者', email: EMAIL } }, [{ path: 'reporter.name', rule: 'anonymous' }]],
      [{ anonymous: false, reporter: { name: '李四' } }, [{ path: 'reporter', rule: 'contact', article: '003 art.14' }]],
      [{ allegations: ['2', '99'] }, [{ path: 'allegations[1]', rule: 'catalogue.misconduct_type', article: '003 art.2' }]],
      [{ password: 'short' }, [{ path: 'password', rule: 'minLength' }]],
      [{ organisationId: '10000000-0000-4000-8000-0000000000ff' }, [{ path: 'organisationId', rule: 'exists' }]],
      [{ subjects: [], summary: '' }, [{ path: 'summary' }, { path: 'subjects' }]],
    ];
    for (const [over, issues] of cases) {
      const res = await s.http.post('/api/v1/reports').send(filing(over));
      expect({ over, status: res.status, error: res.body.error }).toEqual({ over, status: 400, error: 'VALIDATION_FAILED' });
      expect(res.body.issues).toEqual(expect.arrayContaining(issues.map((i) => expect.objectContaining(i))));
    }
    expect(await count('reports')).toBe(before.reports);
    // Refused bodies are not counted against the address's filing limit, and a request without Basic credentials
    // (it guesses nothing) is refused before any counter: a refusal writes nothing.
    expect(await counted()).toBe(before.counted);
    for (const path of ['/api/v1/reports/mine', '/api/v1/reports/mine/messages']) {
      const res = path.endsWith('messages') ? await s.http.post(path).send({ body: 'x' }) : await s.http.get(path);
      expect({ path, status: res.status, error: res.body.error }).toEqual({ path, status: 401, error: 'UNAUTHENTICATED' });
    }
    expect(await counted()).toBe(before.counted);
  });

  it('files an anonymous report: the key is shown once and stored only as a hash, the password with scrypt, neither audited', async () => {
    const res = await s.http.post('/api/v1/reports').send(filing()).expect(201);
    conforms(ReportFiledSchema, res.body);
    key = res.body.key as string;
    expect(key.replace(/-/g, '')).toHaveLength(20);
    expect(res.body).toMatchObject({ status: 'received', organisation: { id: DEMO_ORGS.hospitalB.id } });
    const [row] = await s.db.query(
      `SELECT id, key_hash, password_hash, reporter, anonymous FROM reports ORDER BY received_at DESC LIMIT 1`,
    );
    reportId = row.id;
    expect(row).toMatchObject({ anonymous: true, reporter: { email: EMAIL } });
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[^$]+\$[^$]+$/);
    const everything =
      JSON.stringify(await s.db.query(`SELECT * FROM reports`)) + JSON.stringify(await s.db.query(`SELECT * FROM audit_log`));
    expect(everything).not.toContain(key);
    expect(everything).not.toContain(key.replace(/-/g, ''));
    expect(everything).not.toContain(PASSWORD);
    // A second report gets another key.
    const other = await s.http
      .post('/api/v1/reports')
      .send(filing({ title: '另一份举报' }))
      .expect(201);
    expect(other.body.key).not.toBe(key);
  });

  it('the reporter opens the report with key and password; a wrong key and a wrong password get the same answer', async () => {
    const mine = await s.http.get('/api/v1/reports/mine').set(reporter()).expect(200);
    conforms(ReporterViewSchema, mine.body);
    expect(mine.body).toMatchObject({ status: 'received', statusNote: null, anonymous: true, summary: SUMMARY, messages: [], unread: 0 });
    // The key as typed: lower case and without dashes opens it too.
    await s.http
      .get('/api/v1/reports/mine')
      .set(basic(key.toLowerCase().replace(/-/g, ''), PASSWORD))
      .expect(200);

    const wrongPassword = await s.http.get('/api/v1/reports/mine').set(basic(key, `${PASSWORD}!`));
    const wrongKey = await s.http.get('/api/v1/reports/mine').set(basic('ABCD-EFGH-JKMN-PQRS-TVWX', PASSWORD));
    const malformed = await s.http.get('/api/v1/reports/mine').set(basic('not-a-key', PASSWORD));
    for (const r of [wrongPassword, wrongKey, malformed]) {
      expect({ status: r.status, body: r.body }).toEqual({
        status: 401,
        body: { error: 'UNAUTHENTICATED', message: 'unknown report key or wrong password', issues: [] },
      });
    }
    const none = await s.http.get('/api/v1/reports/mine');
    expect(none.status).toBe(401);
  });

  it('the reporter adds a file to the report (evidence rules apply: type and size)', async () => {
    const content = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2000)]);
    const up = await s.http
      .post('/api/v1/reports/mine/files')
      .set(reporter())
      .attach('file', content, { filename: '截图.pdf', contentType: 'application/pdf' })
      .expect(201);
    conforms(ReportFileSchema, up.body);
    expect(up.body).toMatchObject({
      filename: '截图.pdf',
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      from: 'reporter',
      messageId: null,
    });
    const files = await count('report_files');
    const exe = await s.http
      .post('/api/v1/reports/mine/files')
      .set(reporter())
      .attach('file', Buffer.from('MZ'), { filename: 'x.exe', contentType: 'application/x-msdownload' });
    expect(exe.status).toBe(415);
    const extra = await s.http
      .post('/api/v1/reports/mine/files')
      .set(reporter())
      .field('kind', 'x')
      .attach('file', Buffer.from('hello'), { filename: 'a.txt', contentType: 'text/plain' });
    expect(extra.status).toBe(400);
    expect(extra.body.issues).toEqual([expect.objectContaining({ path: 'kind', rule: 'unknown_field' })]);
    const wrong = await s.http
      .post('/api/v1/reports/mine/files')
      .set(basic(key, 'wrong password!'))
      .attach('file', Buffer.from('hello'), { filename: 'a.txt', contentType: 'text/plain' });
    expect(wrong.status).toBe(401);
    expect(await count('report_files')).toBe(files);
  });

  it('triage: only the receiving organisation’s integrity administrators see the report; one opens a case from it', async () => {
    expect((await s.http.get('/api/v1/report-inbox').set(as('hospb.officer'))).status).toBe(403);
    expect((await s.http.get(`/api/v1/report-inbox/${reportId}`).set(as('henan.admin'))).status).toBe(404);
    const inbox = await s.http.get('/api/v1/report-inbox').set(as('hospb.admin')).expect(200);
    conforms(InboxPageSchema, inbox.body);
    expect(inbox.body.items.map((r: { id: string }) => r.id)).toContain(reportId);
    const henanInbox = await s.http.get('/api/v1/report-inbox').set(as('henan.admin')).expect(200);
    expect(henanInbox.body.items).toEqual([]);
    // Paging as every list pages (common/fields.ts): at most page 10,000, 100 a page, unknown parameters refused.
    for (const [query, path] of [
      ['page=10001', 'page'],
      ['pageSize=101', 'pageSize'],
      ['page=1e3', 'page'],
      ['state=open', 'state'],
      ['sort=x', 'sort'],
    ] as const) {
      const res = await s.http.get(`/api/v1/report-inbox?${query}`).set(as('hospb.admin'));
      expect({ query, status: res.status, paths: (res.body.issues as Array<{ path: string }>).map((i) => i.path) }).toEqual({
        query,
        status: 400,
        paths: [path],
      });
    }

    const bad = await s.http
      .post(`/api/v1/report-inbox/${reportId}/open-case`)
      .set(as('hospb.admin'))
      .send({ allegations: ['42'] });
    expect(bad.status).toBe(400);
    expect(await count('cases')).toBe(0);
    const opened = await s.http
      .post(`/api/v1/report-inbox/${reportId}/open-case`)
      .set(as('hospb.admin'))
      .send({ note: '线索具体' })
      .expect(201);
    conforms(TriageResultSchema, opened.body);
    caseId = opened.body.case.id;
    expect(opened.body).toMatchObject({ triage: 'case', status: 'received', case: { phase: 'intake' } });
    const again = await s.http.post(`/api/v1/report-inbox/${reportId}/open-case`).set(as('hospb.admin')).send({});
    expect(again.status).toBe(409);
    expect(await count('cases')).toBe(1);

    const c = await s.http.get(`/api/v1/cases/${caseId}`).set(as('hospb.officer')).expect(200);
    expect(c.body).toMatchObject({
      source: 'report',
      handlingOrgId: DEMO_ORGS.hospitalB.id,
      allegations: ['2'],
      paper: { doi: '10.1234/dup.2026.001' },
    });
    const rep = await s.http.get(`/api/v1/cases/${caseId}/reporter`).set(as('hospb.officer')).expect(200);
    expect(rep.body.reporter).toEqual({ realName: false, anonymous: true, reportId });
    const files = await s.http.get(`/api/v1/cases/${caseId}/files`).set(as('hospb.officer')).expect(200);
    expect(files.body).toEqual([expect.objectContaining({ kind: 'report_material', filename: '截图.pdf' })]);
  });

  it('a handler asks a question with a file; the reporter is told by mail once, without content or link, and reads it', async () => {
    const handlerFile = await s.http
      .post(`/api/v1/cases/${caseId}/reporter-messages/files`)
      .set(as('hospb.officer'))
      .attach('file', Buffer.from('请对照此图'), { filename: '对照图.txt', contentType: 'text/plain' })
      .expect(201);
    const unsent = await s.http
      .post(`/api/v1/cases/${caseId}/reporter-messages/files`)
      .set(as('hospb.officer'))
      .attach('file', Buffer.from('内部笔记 INTERNAL-NOTE'), { filename: '内部.txt', contentType: 'text/plain' })
      .expect(201);
    const mailsBefore = s.mail!.messages().length;
    const q = await s.http
      .post(`/api/v1/cases/${caseId}/reporter-messages`)
      .set(as('hospb.officer'))
      .send({ body: QUESTION, attachmentIds: [handlerFile.body.id] })
      .expect(201);
    conforms(CaseReporterMessageSchema, q.body);
    questionId = q.body.id;
    expect(q.body).toMatchObject({
      from: 'office',
      body: QUESTION,
      seq: 1,
      author: { name: '乙院办案人员' },
      attachments: [expect.objectContaining({ id: handlerFile.body.id })],
    });

    const mail = await eventually(
      async () =>
        s
          .mail!.messages()
          .slice(mailsBefore)
          .find((m) => m.envelope.to.includes(EMAIL)),
      'the reporter notice',
    );
    expect(mail.subject).toBe('您有一条新消息');
    const c = await s.http.get(`/api/v1/cases/${caseId}`).set(as('hospb.officer')).expect(200);
    for (const leak of [QUESTION, 'QUESTION-MARK', c.body.number, caseId, 'http', '乙院', '洛阳']) expect(mail.text).not.toContain(leak);
    await new Promise((r) => setTimeout(r, 1500));
    expect(s.mail!.messages().filter((m) => m.envelope.to.includes(EMAIL))).toHaveLength(1);
    const [outbox] = await s.db.query(`SELECT status, audience, kind FROM notifications WHERE kind = 'reporter_new_message'`);
    expect(outbox).toEqual({ status: 'sent', audience: 'reporter', kind: 'reporter_new_message' });

    const mine = await s.http.get('/api/v1/reports/mine').set(reporter()).expect(200);
    conforms(ReporterViewSchema, mine.body);
    expect(mine.body.unread).toBe(1);
    expect(mine.body.messages).toEqual([
      {
        id: questionId,
        seq: 1,
        from: 'office',
        body: QUESTION,
        at: expect.any(String),
        attachments: [expect.objectContaining({ id: handlerFile.body.id, from: 'office' })],
      },
    ]);
    // Nothing handler-only: no author, no case, no phase or number, no file the office did not send.
    const text = JSON.stringify(mine.body);
    for (const leak of [c.body.number, caseId, '乙院办案人员', 'hospb', 'intake', '内部.txt', unsent.body.id, '线索具体'])
      expect(text).not.toContain(leak);
    expect((await s.http.get(`/api/v1/reports/mine/files/${unsent.body.id}`).set(reporter())).status).toBe(404);
    const got = await binary(s.http.get(`/api/v1/reports/mine/files/${handlerFile.body.id}`).set(reporter())).expect(200);
    expect((got.body as Buffer).toString('utf8')).toBe('请对照此图');
    expect((await s.http.get('/api/v1/reports/mine').set(reporter()).expect(200)).body.unread).toBe(0);
  });

  it('the reporter answers with a file; handlers read it; the audit trail has every message by hash, never its text', async () => {
    const f = await s.http
      .post('/api/v1/reports/mine/files')
      .set(reporter())
      .attach('file', Buffer.from('screenshot bytes'), { filename: 'shot.png', contentType: 'image/png' })
      .expect(201);
    const bad = await s.http
      .post('/api/v1/reports/mine/messages')
      .set(reporter())
      .send({ body: ANSWER, attachmentIds: [questionId] });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([expect.objectContaining({ path: 'attachmentIds[0]', rule: 'attachment' })]);
    const unknown = await s.http.post('/api/v1/reports/mine/messages').set(reporter()).send({ body: ANSWER, cc: 'x' });
    expect(unknown.status).toBe(400);
    expect(await count('report_messages')).toBe(1);
    const a = await s.http
      .post('/api/v1/reports/mine/messages')
      .set(reporter())
      .send({ body: ANSWER, attachmentIds: [f.body.id] })
      .expect(201);
    conforms(ReporterMessageSchema, a.body);
    expect(a.body).toMatchObject({ seq: 2, from: 'reporter', body: ANSWER });

    const channel = await s.http.get(`/api/v1/cases/${caseId}/reporter-messages`).set(as('hospb.officer')).expect(200);
    conforms(CaseReporterChannelSchema, channel.body);
    expect(channel.body.reports).toHaveLength(1);
    expect(channel.body.reports[0]).toMatchObject({
      reportId,
      anonymous: true,
      notices: true,
      status: 'received',
      suggestedStatus: 'received',
    });
    expect(channel.body.reports[0].messages.map((m: { from: string; body: string }) => [m.from, m.body])).toEqual([
      ['office', QUESTION],
      ['reporter', ANSWER],
    ]);
    expect(channel.body.reports[0].messages[0].readByReporterAt).toEqual(expect.any(String));
    // The reporter's file became evidence of the case too (report material, handlers only).
    const evidence = await s.http.get(`/api/v1/cases/${caseId}/files`).set(as('hospb.officer')).expect(200);
    expect(evidence.body.map((x: { filename: string }) => x.filename).sort()).toEqual(['shot.png', '截图.pdf']);

    const audit = await s.http.get('/api/v1/audit').query({ caseId }).set(as('hospb.admin')).expect(200);
    const sha = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');
    expect(
      audit.body
        .filter((r: { action: string }) => r.action.startsWith('REPORT message'))
        .map((r: { action: string; details: { sha256: string } }) => [r.action, r.details.sha256]),
    ).toEqual([
      ['REPORT message to reporter', sha(QUESTION)],
      ['REPORT message from reporter', sha(ANSWER)],
    ]);
    const allAudit = JSON.stringify(await s.db.query(`SELECT * FROM audit_log`));
    for (const leak of [QUESTION, ANSWER, SUMMARY, EMAIL, PASSWORD]) expect(allAudit).not.toContain(leak);
    expect((await s.http.get('/api/v1/audit/verify').set(as('hospb.admin')).expect(200)).body.ok).toBe(true);
    // Messages are never in workflow history.
    const c = await s.http.get(`/api/v1/cases/${caseId}`).set(as('hospb.officer')).expect(200);
    const temporal = s.api.get(Client);
    for (const workflowId of [c.body.number as string, `reporter-notice-${questionId}`]) {
      const history = readable(historyToJSON(await temporal.workflow.getHandle(workflowId).fetchHistory()));
      expect(history.length).toBeGreaterThan(100);
      for (const leak of [QUESTION, ANSWER, SUMMARY, EMAIL])
        expect({ workflowId, leak, found: history.includes(leak) }).toEqual({ workflowId, leak, found: false });
    }
    const notice = historyToJSON(await temporal.workflow.getHandle(`reporter-notice-${questionId}`).fetchHistory());
    expect(readable(notice)).toContain(questionId);
    // Saved for the replay test (test/workflow/replay.test.ts) when UPDATE_HISTORIES=1.
    if (process.env.UPDATE_HISTORIES === '1') writeFileSync(join(ROOT, 'test', 'histories', 'reporter-notice.json'), notice);
  });

  it('no reporter data reaches a non-handler: supervisors and commissions above get the case without it', async () => {
    for (const u of ['henan.supervisor', 'henan.admin', 'nhc.supervisor']) {
      const headers = as(u);
      {
        expect({ u, status: (await s.http.get(`/api/v1/cases/${caseId}/reporter-messages`).set(headers)).status }).toEqual({
          u,
          status: 403,
        });
        expect({ u, status: (await s.http.get(`/api/v1/cases/${caseId}/reporter`).set(headers)).status }).toEqual({ u, status: 403 });
        const send = await s.http.post(`/api/v1/cases/${caseId}/reporter-messages`).set(headers).send({ body: 'hello' });
        expect({ u, status: send.status }).toEqual({ u, status: 403 });
      }
      const seen = [
        await s.http.get(`/api/v1/cases/${caseId}`).set(headers),
        await s.http.get(`/api/v1/cases/${caseId}/timeline`).set(headers),
        await s.http.get(`/api/v1/cases/${caseId}/files`).set(headers),
        await s.http.get('/api/v1/notifications').set(headers),
        await s.http.get('/api/v1/cases').set(headers),
      ];
      expect({ u, statuses: seen.slice(0, 3).map((r) => r.status) }).toEqual({ u, statuses: [200, 200, 200] });
      const text = JSON.stringify(seen.map((r) => r.body));
      for (const leak of [QUESTION, ANSWER, SUMMARY, EMAIL, 'shot.png', '截图.pdf'])
        expect({ u, leak, found: text.includes(leak) }).toEqual({ u, leak, found: false });
    }
    // The outbox row is listed masked to a commission's administrator above (not a handler).
    const list = await s.http.get('/api/v1/notifications').set(as('henan.admin')).expect(200);
    const row = list.body.items.find((n: { template: string }) => n.template === 'reporter_new_message');
    expect(row.recipient).toMatchObject({ masked: true });
    // Another hospital's handlers do not see the case at all.
    expect((await s.http.get(`/api/v1/cases/${caseId}/reporter-messages`).set(as('hospa.admin'))).status).toBe(404);
    const mail = s.mail!.messages().find((m) => m.envelope.to.includes(EMAIL))!;
    expect(mail.text).not.toContain(SUMMARY);
  });

  it('the office chooses the status the reporter sees', async () => {
    expect((await s.http.put(`/api/v1/cases/${caseId}/reporter-status`).set(as('hospb.officer')).send({ status: 'closed' })).status).toBe(
      400,
    );
    expect((await s.http.put(`/api/v1/cases/${caseId}/reporter-status`).set(as('hospb.head')).send({ status: 'accepted' })).status).toBe(
      403,
    );
    const set = await s.http
      .put(`/api/v1/cases/${caseId}/reporter-status`)
      .set(as('hospb.officer'))
      .send({ status: 'accepted', note: '已受理，正在核查。' })
      .expect(200);
    conforms(CaseReporterChannelSchema, set.body);
    const mine = await s.http.get('/api/v1/reports/mine').set(reporter()).expect(200);
    expect(mine.body).toMatchObject({ status: 'accepted', statusNote: '已受理，正在核查。' });
  });

  it('refusing a report at triage shows "not accepted" to its reporter', async () => {
    const filed = await s.http
      .post('/api/v1/reports')
      .send(filing({ title: '第三份', anonymous: false, reporter: { name: '赵六', phone: '13800000000' } }))
      .expect(201);
    const [{ id }] = await s.db.query(`SELECT id FROM reports WHERE title = '第三份'`);
    const refused = await s.http
      .post(`/api/v1/report-inbox/${id}/refuse`)
      .set(as('hospb.admin'))
      .send({ note: '无具体线索', statusNote: '举报内容缺乏可查线索。' })
      .expect(200);
    conforms(TriageResultSchema, refused.body);
    const mine = await s.http.get('/api/v1/reports/mine').set(basic(filed.body.key, PASSWORD)).expect(200);
    expect(mine.body).toMatchObject({ status: 'not_accepted', statusNote: '举报内容缺乏可查线索。', anonymous: false });
    expect((await s.http.post(`/api/v1/report-inbox/${id}/refuse`).set(as('hospb.admin')).send({ note: 'again' })).status).toBe(409);
  });

  it('a report can become a lead instead; the case the lead opens takes the report and its reporter', async () => {
    const filed = await s.http
      .post('/api/v1/reports')
      .send(
        filing({
          title: '线索类举报',
          anonymous: false,
          reporter: { name: '钱七', email: 'qian.qi@mail.test' },
          paper: { doi: '10.7777/LEAD.1' },
          summary: 'LEAD-SUMMARY-MARK 详情',
        }),
      )
      .expect(201);
    const [{ id }] = await s.db.query(`SELECT id FROM reports WHERE title = '线索类举报'`);
    const leadKey = filed.body.key as string;
    await s.http
      .post('/api/v1/reports/mine/files')
      .set(basic(leadKey, PASSWORD))
      .attach('file', Buffer.from('lead evidence'), { filename: '线索证据.txt', contentType: 'text/plain' })
      .expect(201);
    expect((await s.http.post(`/api/v1/report-inbox/${id}/make-lead`).set(as('hospb.officer')).send({})).status).toBe(403);
    const made = await s.http
      .post(`/api/v1/report-inbox/${id}/make-lead`)
      .set(as('hospb.admin'))
      .send({ note: '先作线索核查' })
      .expect(201);
    conforms(TriageResultSchema, made.body);
    expect(made.body).toMatchObject({ triage: 'lead', status: 'received', case: null, lead: { number: expect.any(String) } });
    expect((await s.http.post(`/api/v1/report-inbox/${id}/make-lead`).set(as('hospb.admin')).send({})).status).toBe(409);
    expect((await s.http.post(`/api/v1/report-inbox/${id}/open-case`).set(as('hospb.admin')).send({})).status).toBe(409);

    // The lead carries no report text and no reporter, also for the commissions above that see it.
    const lead = (await s.http.get(`/api/v1/leads/${made.body.lead.id}`).set(as('henan.admin')).expect(200)).body;
    expect(lead).toMatchObject({ origin: 'report', category: 'report', doi: '10.7777/lead.1' });
    for (const leak of ['LEAD-SUMMARY-MARK', '钱七', 'qian.qi@mail.test']) expect(JSON.stringify(lead)).not.toContain(leak);

    // Another report with the same DOI cannot become a second lead.
    await s.http
      .post('/api/v1/reports')
      .send(filing({ title: '同DOI', paper: { doi: '10.7777/lead.1' } }))
      .expect(201);
    const [{ id: dupId }] = await s.db.query(`SELECT id FROM reports WHERE title = '同DOI'`);
    const dup = await s.http.post(`/api/v1/report-inbox/${dupId}/make-lead`).set(as('hospb.admin')).send({});
    expect(dup.status).toBe(409);
    expect(dup.body.issues).toEqual([expect.objectContaining({ path: 'paper.doi', rule: 'unique' })]);
    expect((await s.db.query(`SELECT triage FROM reports WHERE id = $1`, [dupId]))[0].triage).toBeNull();

    // Triage of the lead opens the case: it takes the report, its reporter and files.
    const got = await s.http.get(`/api/v1/leads/${made.body.lead.id}`).set(as('hospb.admin')).expect(200);
    const opened = await s.http
      .post(`/api/v1/leads/${made.body.lead.id}/actions/open_case`)
      .set(as('hospb.admin'))
      .set('If-Match', got.headers.etag as string)
      .send({})
      .expect(200);
    const leadCase = opened.body.caseId as string;
    const c = (await s.http.get(`/api/v1/cases/${leadCase}`).set(as('hospb.officer')).expect(200)).body;
    expect(c).toMatchObject({
      source: 'report',
      subjects: [{ name: '王五', organisation: '洛阳市中心医院' }],
      allegations: ['2'],
      paper: { doi: '10.7777/LEAD.1' },
    });
    // The paper as the lead registered it (title, lead number) keeps what the report did not say.
    expect(c.paper).toMatchObject({ title: '线索类举报', leadNumber: made.body.lead.number });
    expect((await s.http.get(`/api/v1/cases/${leadCase}/reporter`).set(as('hospb.officer')).expect(200)).body.reporter).toEqual({
      name: '钱七',
      contact: 'qian.qi@mail.test',
      realName: true,
      reportId: id,
    });
    expect((await s.http.get(`/api/v1/cases/${leadCase}/files`).set(as('hospb.officer')).expect(200)).body).toEqual([
      expect.objectContaining({ filename: '线索证据.txt', kind: 'report_material' }),
    ]);
    await s.http
      .post(`/api/v1/cases/${leadCase}/reporter-messages`)
      .set(as('hospb.officer'))
      .send({ body: '您的举报已立案。' })
      .expect(201);
    const mine = (await s.http.get('/api/v1/reports/mine').set(basic(leadKey, PASSWORD)).expect(200)).body;
    expect(mine.messages.map((m: { body: string }) => m.body)).toEqual(['您的举报已立案。']);
  });

  it('brute force is refused: after the failures allowed per key, 429 with Retry-After, even with the right password', async () => {
    const filed = await s.http
      .post('/api/v1/reports')
      .send(filing({ title: '第四份' }))
      .expect(201);
    const k = filed.body.key as string;
    for (let i = 0; i < 3; i++) expect((await s.http.get('/api/v1/reports/mine').set(basic(k, `guess-${i}-xxxxxxxx`))).status).toBe(401);
    const locked = await s.http.get('/api/v1/reports/mine').set(basic(k, PASSWORD));
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ error: 'RATE_LIMITED', issues: [] });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    // The same key typed differently is the same key; other keys go on.
    expect((await s.http.get('/api/v1/reports/mine').set(basic(k.toLowerCase(), PASSWORD))).status).toBe(429);
    await s.http.get('/api/v1/reports/mine').set(reporter()).expect(200);
    // Successes do not count as failures: the first report's key opened many times above and still opens.
  });

  it('per address: over the limit every request with a key answers 429, and so does filing', async () => {
    const address = (await s.db.query(
      `SELECT DISTINCT substr(bucket, 6) AS a FROM reporter_rate_limits WHERE bucket LIKE 'addr:%'`,
    )) as Array<{ a: string }>;
    expect(address).toHaveLength(1);
    const a = address[0]!.a;
    await s.db.query(
      `INSERT INTO reporter_rate_limits (bucket, window_start, count) VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / 60) * 60), 1000)
       ON CONFLICT (bucket, window_start) DO UPDATE SET count = 1000`,
      [`addr:${a}`],
    );
    const res = await s.http.get('/api/v1/reports/mine').set(reporter());
    if (res.status !== 429) {
      // The minute turned between the two statements: the next window starts empty; fill it again.
      await s.db.query(`UPDATE reporter_rate_limits SET count = 1000 WHERE bucket = $1`, [`addr:${a}`]);
    }
    const limited = res.status === 429 ? res : await s.http.get('/api/v1/reports/mine').set(reporter());
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    await s.db.query(`DELETE FROM reporter_rate_limits WHERE bucket = $1`, [`addr:${a}`]);
    await s.http.get('/api/v1/reports/mine').set(reporter()).expect(200);

    await s.db.query(
      `INSERT INTO reporter_rate_limits (bucket, window_start, count) VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / 3600) * 3600), 50)
       ON CONFLICT (bucket, window_start) DO UPDATE SET count = 50`,
      [`file:${a}`],
    );
    const before = await count('reports');
    const filingLimited = await s.http.post('/api/v1/reports').send(filing({ title: '第五份' }));
    expect(filingLimited.status).toBe(429);
    expect(filingLimited.headers['retry-after']).toBeDefined();
    expect(await count('reports')).toBe(before);
  });

  it('documents every operation of the channel with its answers in OpenAPI', async () => {
    const doc = (await s.http.get('/docs-json').expect(200)).body;
    const ops: Array<[string, string, string]> = [
      ['/api/v1/reports', 'post', 'ReportFiled'],
      ['/api/v1/reports/mine', 'get', 'ReporterView'],
      ['/api/v1/reports/mine/messages', 'post', 'ReporterMessage'],
      ['/api/v1/reports/mine/files', 'post', 'ReportFile'],
      ['/api/v1/cases/{id}/reporter-messages', 'get', 'CaseReporterChannel'],
      ['/api/v1/cases/{id}/reporter-messages', 'post', 'CaseReporterMessage'],
      ['/api/v1/cases/{id}/reporter-status', 'put', 'CaseReporterChannel'],
      ['/api/v1/report-inbox', 'get', 'InboxPage'],
      ['/api/v1/report-inbox/{reportId}/open-case', 'post', 'TriageResult'],
      ['/api/v1/cases/{id}/related', 'get', 'RelatedView'],
      ['/api/v1/cases/{id}/links', 'post', 'CaseLink'],
    ];
    for (const [path, method, schema] of ops) {
      const op = doc.paths[path]?.[method];
      expect({ path, method, has: !!op }).toEqual({ path, method, has: true });
      const ok = Object.entries(op.responses as Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>).find(([st]) =>
        st.startsWith('2'),
      )!;
      expect({ path, ref: ok[1].content?.['application/json']?.schema.$ref }).toEqual({ path, ref: `#/components/schemas/${schema}` });
      expect(doc.components.schemas[schema]).toBeDefined();
      if (method !== 'get') expect(op.responses['400'].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorBody');
    }
    expect(doc.paths['/api/v1/reports/mine'].get.security).toEqual([{ reportKey: [] }]);
    expect(doc.paths['/api/v1/reports/mine'].get.responses['429'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/ErrorBody',
    );
    expect(doc.paths['/api/v1/reports/mine'].get.responses['401']).toBeDefined();
    expect(doc.paths['/api/v1/cases/{id}/actions/merge_into'].post.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/CaseMergeIntoBody',
    );
  });
});
