/**
 * Issue 22 points 2, 3, 6 through HTTP, on decisions taken through the real path:
 * - a person registered by hand in advance of a decision, then penalised by that decision in the system, has one entry
 *   per measure, not two; the bar check reads hand entries (before and after); the provenance document is kept;
 * - the integrity archive: search (masked), the page with cases, decisions with their status history, registry entries
 *   with theirs, trainings (entered, registered, imported); the veto check (000 §6) follows the catalogue and 一票否决;
 * - public notices: drawn from the decision in force, published, listed without authentication (never an ID number),
 *   withdrawn; every write audited.
 */
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import {
  ArchiveCheckSchema,
  ArchivePersonPageSchema,
  ArchivePersonSchema,
  ManualRegistrationSchema,
  NoticeSchema,
  PublicNoticePageSchema,
  RegistryCheckSchema,
  RegistryEntryPageSchema,
  schemaIssues,
  TrainingImportResultSchema,
  TrainingRecordSchema,
} from '@libs/contract/src';
import { isoDateOf } from '@libs/domain/src/calendar';
import { prcIdCheckChar } from '@libs/domain/src/decision';
import { DEMO_ORGS, DEMO_USERS, demoUserId } from '@libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';
import { decidedCase, ID_MASKED, ID_NUMBER, nationalMisconductForm } from '../support/decision';
import { eventually } from '../support/wait';

const addYears = (d: string, n: number) => `${Number(d.slice(0, 4)) + n}${d.slice(4)}`;
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const userId = (username: string) => demoUserId(DEMO_USERS.findIndex((u) => u.username === username));
const OTHER_BASE = '41010219850315123';
const OTHER_ID = OTHER_BASE + prcIdCheckChar(OTHER_BASE);

describe('registry entries by hand, integrity archives, public notices', () => {
  let s: E2EStack;
  const tokens: Record<string, string> = {};
  const today = isoDateOf(Date.now());
  let decided: { id: string; number: string };
  let registrationId: string;
  let manualIds: string[];
  let personId: string;
  let decisionId: string;

  before(async () => {
    s = await startStack();
    for (const u of ['henan.admin', 'hospb.admin', 'hospb.officer', 'hospb.head', 'henan.supervisor', 'nhc.supervisor'])
      tokens[u] = await s.login(u);
  });
  after(async () => {
    await s?.stop();
  });

  const as = (u: string) => ({ Authorization: `Bearer ${tokens[u]}` });
  const noRawId = (body: unknown) => expect(JSON.stringify(body)).not.toContain(ID_NUMBER);
  const registration = (over: Record<string, unknown> = {}) => ({
    person: { name: '王五', organisation: '洛阳市中心医院', idNumber: ID_NUMBER },
    profile: 'national-2022',
    severity: '3',
    measures: [{ code: '7', years: 4 }, { code: '13' }],
    startsOn: today,
    provenance: { decisionNumber: '洛卫科〔2026〕7号', issuingBody: '洛阳市中心医院' },
    awaitsDecision: true,
    ...over,
  });

  it('a provincial integrity administrator registers a person by hand; institutions may not; bad input names every field and writes nothing', async () => {
    const refused = await s.http.post('/api/v1/registry/entries').set(as('hospb.admin')).send(registration()).expect(403);
    expect(refused.body.error).toBe('FORBIDDEN');
    const bad = await s.http
      .post('/api/v1/registry/entries')
      .set(as('henan.admin'))
      .send(
        registration({
          measures: [{ code: '7' }, { code: '15' }],
          person: { name: '王五', organisation: '洛阳市中心医院', idNumber: '110105202001180429' },
        }),
      )
      .expect(400);
    expect(bad.body.issues.map((i: { path: string; rule: string }) => [i.path, i.rule])).toEqual([
      ['person.idNumber', 'id_number'],
      ['measures[0].years', 'measure.period_required'],
      ['measures[1].code', 'catalogue.measure'],
    ]);
    const unknown = await s.http
      .post('/api/v1/registry/entries')
      .set(as('henan.admin'))
      .send(registration({ extra: 1 }))
      .expect(400);
    expect(unknown.body.issues[0]).toMatchObject({ rule: 'unknown_field' });
    const [{ n: none }] = await s.db.query(`SELECT count(*)::int AS n FROM registry_entries`);
    expect(none).toBe(0);
    const refusedAudits = await s.db.query(`SELECT outcome FROM audit_log WHERE action LIKE 'POST /api/v1/registry/entries%' ORDER BY id`);
    expect(refusedAudits.map((a: { outcome: number }) => a.outcome)).toEqual([403, 400, 400]); // a refused write is still audited

    const res = await s.http.post('/api/v1/registry/entries').set(as('henan.admin')).send(registration()).expect(201);
    expect(schemaIssues(ManualRegistrationSchema, res.body)).toEqual([]);
    noRawId(res.body);
    expect(res.body.person).toEqual({ name: '王五', organisation: '洛阳市中心医院', idNumber: ID_MASKED });
    expect(
      res.body.entries.map(
        (e: { origin: string; measure: string; caseNumber: string | null; endsOn: string | null; decisionStatus: string | null }) => [
          e.origin,
          e.measure,
          e.caseNumber,
          e.endsOn,
          e.decisionStatus,
        ],
      ),
    ).toEqual([
      ['manual', '13', null, null, null],
      ['manual', '7', null, addYears(today, 4), null],
    ]);
    registrationId = res.body.registrationId;
    manualIds = res.body.entries.map((e: { id: string }) => e.id);
    const audit = await s.db.query(
      `SELECT outcome, details FROM audit_log WHERE action LIKE 'POST /api/v1/registry/entries%' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit[0].outcome).toBe(201);
    expect(JSON.stringify(audit[0].details)).toContain('registry_entry');
    noRawId(audit[0].details);
  });

  it('the bar check reads the hand entry: barred from awards for 4 years', async () => {
    const r = await s.http
      .get(`/api/v1/registry/check?idNumber=${ID_NUMBER}&activity=awards_titles_promotion&on=${addDays(today, 10)}`)
      .set(as('hospb.admin'))
      .expect(200);
    expect(schemaIssues(RegistryCheckSchema, r.body)).toEqual([]);
    expect(r.body).toMatchObject({ barred: true, until: addYears(today, 4) });
    expect(r.body.decisions.map((d: { origin: string }) => d.origin)).toEqual(['manual']);
  });

  it('the decision document of the registration is kept and served byte for byte', async () => {
    const pdf = Buffer.from('%PDF-1.4 洛卫科〔2026〕7号');
    const up = await s.http
      .post(`/api/v1/registry/entries/${manualIds[0]}/document`)
      .set(as('henan.admin'))
      .attach('file', pdf, { filename: '处理决定书.pdf', contentType: 'application/pdf' })
      .expect(201);
    expect(up.body.registration.document).toMatchObject({ filename: '处理决定书.pdf', contentType: 'application/pdf', size: pdf.length });
    const down = await s.http
      .get(`/api/v1/registry/entries/${manualIds[1]}/document`)
      .set(as('nhc.supervisor'))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(Buffer.compare(down.body as Buffer, pdf)).toBe(0);
    await s.http
      .post(`/api/v1/registry/entries/${manualIds[0]}/document`)
      .set(as('hospb.admin'))
      .attach('file', pdf, { filename: 'x.pdf', contentType: 'application/pdf' })
      .expect(403);
  });

  it('penalised by a decision in the system afterwards: one entry per measure, not two, taken over with its history', async () => {
    const b = {
      officer: tokens['hospb.officer']!,
      head: tokens['hospb.head']!,
      checkers: [userId('hospb.officer'), userId('hospb.admin')] as [string, string],
    };
    decided = await decidedCase(s.http, b, DEMO_ORGS.hospitalB.id, nationalMisconductForm(), today);
    await eventually(async () => {
      const rows = await s.db.query(`SELECT count(*)::int AS n FROM registry_entries WHERE case_id = $1`, [decided.id]);
      return rows[0].n === 2;
    }, 'the decision took the hand entries over');
    const all = await s.db.query(`SELECT id, origin, measure_code, case_id, reconciled_at FROM registry_entries ORDER BY measure_code`);
    expect(
      all.map((r: { id: string; origin: string; measure_code: string; case_id: string }) => [r.id, r.origin, r.measure_code, r.case_id]),
    ).toEqual([
      [manualIds[0], 'manual', '13', decided.id],
      [manualIds[1], 'manual', '7', decided.id],
    ]);
    const entry = (await s.http.get(`/api/v1/registry/entries/${manualIds[1]}`).set(as('henan.supervisor')).expect(200)).body;
    expect(entry).toMatchObject({
      origin: 'manual',
      caseNumber: decided.number,
      decisionStatus: 'effective',
      severity: '3',
      registration: { id: registrationId, expectedCaseNumber: null },
    });
    expect(entry.registration.reconciledAt).not.toBeNull();
    expect(entry.history.map((h: { reason: string }) => h.reason)).toEqual(['人工登记', expect.stringContaining('对账合并')]);
    decisionId = (await s.db.query(`SELECT id FROM decisions WHERE case_id = $1 AND status = 'effective'`, [decided.id]))[0].id;

    const check = await s.http
      .get(`/api/v1/registry/check?idNumber=${ID_NUMBER}&activity=awards_titles_promotion&on=${addDays(today, 10)}`)
      .set(as('hospb.admin'))
      .expect(200);
    expect(check.body.decisions.map((d: { caseNumber: string }) => d.caseNumber)).toEqual([decided.number]); // one entry, not two

    const list = await s.http.get('/api/v1/registry/entries?origin=manual').set(as('henan.supervisor')).expect(200);
    expect(schemaIssues(RegistryEntryPageSchema, list.body)).toEqual([]);
    expect(list.body.total).toBe(2);
    const csv = await s.http
      .get(`/api/v1/registry/entries.csv?q=${encodeURIComponent('洛卫科')}`)
      .set(as('henan.supervisor'))
      .expect(200);
    expect(csv.headers['x-total-count']).toBe('2');
    expect(csv.text).toContain('洛卫科〔2026〕7号');
    expect(csv.text).not.toContain(ID_NUMBER);
  });

  it('the archive: found by name, full or masked ID number (masked), one page with cases, decisions and entries with their histories', async () => {
    for (const q of [ID_NUMBER, ID_MASKED, '王五']) {
      const r = await s.http
        .get(`/api/v1/archives/persons?q=${encodeURIComponent(q)}`)
        .set(as('henan.admin'))
        .expect(200);
      expect(schemaIssues(ArchivePersonPageSchema, r.body)).toEqual([]);
      expect(r.body.items).toEqual([{ id: expect.any(String), name: '王五', idNumber: ID_MASKED, organisation: '洛阳市中心医院' }]);
      personId = r.body.items[0].id;
    }
    await s.http.get(`/api/v1/archives/persons?q=王五`).set(as('hospb.officer')).expect(403);
    const page = (await s.http.get(`/api/v1/archives/persons/${personId}`).set(as('henan.admin')).expect(200)).body;
    expect(schemaIssues(ArchivePersonSchema, page)).toEqual([]);
    noRawId(page);
    expect(page.cases.map((c: { number: string; link: string }) => [c.number, c.link])).toEqual([[decided.number, 'decision_author']]);
    expect(page.decisions).toHaveLength(1);
    expect(page.decisions[0]).toMatchObject({
      caseNumber: decided.number,
      status: 'effective',
      penalised: true,
      severity: '3',
      misconductTypes: ['2'],
    });
    expect(page.decisions[0].history.map((h: { previousStatus: string; status: string }) => [h.previousStatus, h.status])).toEqual([
      ['pending', 'effective'],
    ]);
    expect(page.registryEntries.map((e: { id: string; history: unknown[] }) => [e.id, e.history.length])).toEqual([
      [manualIds[0], 2],
      [manualIds[1], 2],
    ]);
    // Outside the case's subtree, the case is not listed (the decision and entries are, as the registry shows them).
    const other = (await s.http.get(`/api/v1/archives/persons/${personId}`).set(as('hospb.admin')).expect(200)).body;
    expect(other.cases).toHaveLength(1);
    const export_ = await s.http
      .get(`/api/v1/archives/persons.csv?q=${encodeURIComponent('王五')}`)
      .set(as('henan.admin'))
      .expect(200);
    expect(export_.text).toContain(ID_MASKED);
    expect(export_.text).not.toContain(ID_NUMBER);
  });

  it('trainings: entered, registered for a new person, imported (bad rows named, a second import adds nothing)', async () => {
    const t = await s.http
      .post(`/api/v1/archives/persons/${personId}/trainings`)
      .set(as('hospb.admin'))
      .send({ title: '科研诚信与学风建设', kind: 'continuing_education', hours: 4, completedOn: today })
      .expect(201);
    expect(schemaIssues(TrainingRecordSchema, t.body)).toEqual([]);
    await s.http
      .post(`/api/v1/archives/persons/${personId}/trainings`)
      .set(as('hospb.admin'))
      .send({ title: '科研诚信与学风建设', kind: 'continuing_education', completedOn: today })
      .expect(409);
    await s.http
      .post(`/api/v1/archives/persons/${personId}/trainings`)
      .set(as('hospb.admin'))
      .send({ title: 'x', kind: 'sports', completedOn: addDays(today, 1) })
      .expect(400);
    await s.http
      .post(`/api/v1/archives/persons/${personId}/trainings`)
      .set(as('henan.supervisor'))
      .send({ title: 'x', kind: 'other', completedOn: today })
      .expect(403);
    const registered = await s.http
      .post('/api/v1/archives/trainings')
      .set(as('hospb.admin'))
      .send({
        person: { name: '钱七', organisation: '洛阳市中心医院', idNumber: OTHER_ID },
        title: '入职第一课',
        kind: 'induction',
        completedOn: today,
      })
      .expect(201);
    expect(registered.body.kindLabel).toBe('入职第一课');
    const csv = [
      '姓名,证件号码,单位,培训名称,类别,学时,完成日期,主办单位',
      `王五,${ID_NUMBER},洛阳市中心医院,案例警示教育,case_warning,2,${today},省卫健委`,
      `钱七,bad!,洛阳市中心医院,x,other,,${today},`,
    ].join('\r\n');
    const imported = await s.http
      .post('/api/v1/archives/trainings/import')
      .set(as('hospb.admin'))
      .attach('file', Buffer.from(csv), { filename: 'trainings.csv', contentType: 'text/csv' })
      .expect(200);
    expect(schemaIssues(TrainingImportResultSchema, imported.body)).toEqual([]);
    expect(imported.body).toEqual({ imported: 1, unchanged: 0, errors: [{ row: 3, reason: expect.stringContaining('证件号码') }] });
    const again = await s.http
      .post('/api/v1/archives/trainings/import')
      .set(as('hospb.admin'))
      .attach('file', Buffer.from(csv), { filename: 'trainings.csv', contentType: 'text/csv' })
      .expect(200);
    expect(again.body).toMatchObject({ imported: 0, unchanged: 1 });
    const page = (await s.http.get(`/api/v1/archives/persons/${personId}`).set(as('henan.admin')).expect(200)).body;
    expect(page.trainings.map((x: { title: string; source: string }) => [x.title, x.source])).toEqual(
      expect.arrayContaining([
        ['科研诚信与学风建设', 'manual'],
        ['案例警示教育', 'import'],
      ]),
    );
    const qian = (await s.http.get(`/api/v1/archives/persons?q=${OTHER_ID}`).set(as('henan.admin')).expect(200)).body;
    expect(qian.items.map((x: { name: string }) => x.name)).toEqual(['钱七']);
  });

  it('the veto check (000 §6): the catalogue bar for promotion, 一票否决 of the serious finding for every purpose, nothing for a clean record', async () => {
    const on = addDays(today, 30);
    const check = async (purpose: string, id = ID_NUMBER, day = on) => {
      const r = await s.http.get(`/api/v1/archives/check?idNumber=${id}&purpose=${purpose}&on=${day}`).set(as('hospb.admin')).expect(200);
      expect(schemaIssues(ArchiveCheckSchema, r.body)).toEqual([]);
      noRawId(r.body);
      return r.body;
    };
    const promotion = await check('promotion');
    expect(promotion).toMatchObject({
      idNumber: ID_MASKED,
      purposeLabel: '职务晋升',
      activities: ['awards_titles_promotion'],
      vetoed: true,
      until: addYears(today, 4),
    });
    expect(promotion.reasons.map((r: { rule: string; article: string }) => [r.rule, r.article])).toEqual([
      ['catalogue_bar', '003 art.29'],
      ['serious_misconduct', '000 §6'],
    ]);
    const supervisor = await check('supervisor');
    expect(supervisor.reasons.map((r: { rule: string }) => r.rule)).toEqual(['serious_misconduct']);
    expect(supervisor.vetoed).toBe(true);
    expect((await check('award', ID_NUMBER, addDays(addYears(today, 4), 1))).vetoed).toBe(false);
    expect(await check('recruitment', OTHER_ID)).toMatchObject({ vetoed: false, reasons: [], linked: [] });
    const bad = await s.http
      .get(`/api/v1/archives/check?idNumber=${ID_NUMBER}&purpose=driving&on=${on}`)
      .set(as('hospb.admin'))
      .expect(400);
    expect(bad.body.issues[0].path).toBe('purpose');
  });

  it('public notices: drawn from the decision in force, published and listed without authentication (never an ID number), withdrawn with a reason', async () => {
    await s.http.post('/api/v1/notices').set(as('hospb.admin')).send({ decisionId, authorOrder: 2 }).expect(409); // 赵六 is not penalised
    await s.http.post('/api/v1/notices').set(as('hospb.officer')).send({ decisionId, authorOrder: 1 }).expect(403);
    await s.http.post('/api/v1/notices').set(as('hospb.admin')).send({ decisionId, authorOrder: 1, idNumber: ID_NUMBER }).expect(400);
    const created = await s.http
      .post('/api/v1/notices')
      .set(as('hospb.admin'))
      .send({ decisionId, authorOrder: 1, body: `当事人证件号 ${ID_NUMBER}` })
      .expect(201);
    expect(schemaIssues(NoticeSchema, created.body)).toEqual([]);
    noRawId(created.body);
    expect(created.body).toMatchObject({
      status: 'draft',
      personName: '王五',
      unit: '洛阳市中心医院',
      public: false,
      allowedActions: ['publish', 'withdraw'],
      caseNumber: decided.number,
    });
    expect(created.body.misconduct).toMatch(/^编造研究过程/);
    expect(created.body.measures).toContain('（4年）');
    expect(created.body.body).toBe('当事人证件号 （证件号码不予公开）'); // not even masked
    await s.http.post('/api/v1/notices').set(as('hospb.admin')).send({ decisionId, authorOrder: 1 }).expect(409);
    const id = created.body.id as string;

    const publicList = async () => {
      const r = await s.http.get('/api/v1/public/notices').expect(200); // no Authorization header
      expect(schemaIssues(PublicNoticePageSchema, r.body)).toEqual([]);
      expect(JSON.stringify(r.body)).not.toMatch(new RegExp(`${ID_NUMBER}|${ID_MASKED.replace(/\*/g, '\\*')}|${decided.number}`));
      return r.body;
    };
    expect((await publicList()).total).toBe(0);
    const published = await s.http.post(`/api/v1/notices/${id}/publish`).set(as('hospb.admin')).send({}).expect(200);
    expect(published.body).toMatchObject({ status: 'published', public: true, allowedActions: ['withdraw'] });
    await s.http.post(`/api/v1/notices/${id}/publish`).set(as('hospb.admin')).send({}).expect(409);
    const listed = await publicList();
    expect(listed.items.map((n: { personName: string; unit: string; issuingOrg: string }) => [n.personName, n.unit, n.issuingOrg])).toEqual(
      [['王五', '洛阳市中心医院', DEMO_ORGS.hospitalB.name]],
    );

    await s.http.post(`/api/v1/notices/${id}/withdraw`).set(as('hospb.admin')).send({}).expect(400);
    const withdrawn = await s.http
      .post(`/api/v1/notices/${id}/withdraw`)
      .set(as('hospb.admin'))
      .send({ reason: '信息有误，更正后重新发布' })
      .expect(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawReason: '信息有误，更正后重新发布', public: false });
    expect((await publicList()).total).toBe(0);

    // The province above sees it, another branch does not; the list exports.
    expect((await s.http.get(`/api/v1/notices/${id}`).set(as('henan.admin')).expect(200)).body.status).toBe('withdrawn');
    const csv = await s.http.get('/api/v1/notices.csv').set(as('henan.admin')).expect(200);
    expect(csv.headers['x-total-count']).toBe('1');
    expect(csv.text).not.toContain(ID_NUMBER);
    const audits = await s.db.query(`SELECT action, outcome FROM audit_log WHERE action LIKE 'POST /api/v1/notices%' ORDER BY id`);
    expect(audits.map((a: { outcome: number }) => a.outcome)).toEqual([409, 403, 400, 201, 409, 200, 409, 400, 200]);
  });
});
