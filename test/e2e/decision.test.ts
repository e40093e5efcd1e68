/**
 * The handling decision end to end (RULES.md §4, §6): drafts, submission through `decide` with every rule and the
 * required attachments checked first, ID numbers encrypted and masked, the registry and its bar check, a reduction.
 */
import { expect } from 'expect';
import { expectAction, postAction } from '../support/actions';
import { after, before, describe, it } from 'node:test';
import { isoDateOf } from '@libs/domain/src/calendar';
import { DEMO_ORGS } from '@libs/persistence/src/seed';
import { startStack, type E2EStack } from '../support/app';
import { ID_MASKED, ID_NUMBER, nationalMisconductForm, uploadRequiredEvidence } from '../support/decision';
import { eventually } from '../support/wait';
import { spawnSync } from 'node:child_process';
import { createCipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import { createApiApp } from '@apps/api/src/bootstrap';
import { newIdEncryptionKey } from '@libs/config/src/local-secrets';
import { keyIdOf } from '@libs/security/src/field-crypto';
import { ROOT } from '../support/servers';

const addYears = (d: string, n: number) => `${Number(d.slice(0, 4)) + n}${d.slice(4)}`;
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('handling decision, ID numbers and the registry', () => {
  let s: E2EStack;
  const tokens: Record<string, string> = {};
  let c: { id: string; number: string };
  const today = isoDateOf(Date.now());

  before(async () => {
    s = await startStack();
    for (const u of ['hospb.officer', 'hospb.head', 'hospb.admin', 'henan.supervisor', 'hospa.admin']) tokens[u] = await s.login(u);
    c = (
      await s.http
        .post('/api/v1/cases')
        .set(as('hospb.officer'))
        .send({
          source: 'retraction',
          handlingOrgId: DEMO_ORGS.hospitalB.id,
          receivedAt: today,
          title: '撤稿论文调查',
          allegations: ['2'],
          subjects: [{ name: '王五' }],
        })
        .expect(201)
    ).body;
    const act = (user: string, action: string, body: Record<string, unknown> = {}) =>
      expectAction(s.http, as(user), 'cases', c.id, action, body, 200);
    await act('hospb.officer', 'accept');
    for (const name of ['甲', '乙'])
      await act('hospb.officer', 'add_member', { name, kind: 'team', declarationSigned: true, conflicts: [] });
    await act('hospb.head', 'approve_plan');
    await act('hospb.officer', 'submit_report', { signedBy: ['甲', '乙'] });
    await act('hospb.officer', 'send_proposed_decision');
    await act('hospb.officer', 'waive_defence');
  });
  after(async () => {
    await s?.stop();
  });

  function as(u: string) {
    return { Authorization: `Bearer ${tokens[u]}` };
  }
  const decide = (form: unknown, extra: Record<string, unknown> = {}) =>
    postAction(s.http, as('hospb.head'), 'cases', c.id, 'decide', { form, effectiveDate: today, ...extra });
  const nothingDecided = async () => {
    const rows = await s.db.query(`SELECT count(*)::int AS n FROM decisions WHERE case_id = $1 AND status <> 'draft'`, [c.id]);
    const live = (await s.http.get(`/api/v1/cases/${c.id}`).set(as('hospb.head')).expect(200)).body;
    return { decisions: rows[0].n, phase: live.phase, canDecide: live.allowedActions };
  };

  it('saves an incomplete draft, masks ID numbers, reveals them only to integrity admins and records each reveal', async () => {
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
    const saved = await s.http.put(`/api/v1/cases/${c.id}/decision`).set(as('hospb.officer')).send(draft).expect(200);
    expect(saved.body).toMatchObject({ status: 'draft', form: { authors: [expect.objectContaining({ idNumber: ID_MASKED })] } });
    const [stored] = await s.db.query(`SELECT form::text AS form FROM decisions WHERE case_id = $1`, [c.id]);
    expect(stored.form).not.toContain(ID_NUMBER); // encrypted at rest
    expect(stored.form).toContain(`v2:${keyIdOf(process.env.ID_ENCRYPTION_KEY!)}:`); // sealed under the configured key, named by its id

    const bad = await s.http
      .put(`/api/v1/cases/${c.id}/decision`)
      .set(as('hospb.officer'))
      .send({ ...draft, authors: [{ ...draft.authors[0], idNumber: '110105202001180429' }] });
    expect(bad.status).toBe(400); // a wrong check digit is wrong even in a draft
    expect(bad.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'authors[0].idNumber' })]));

    await s.http.get(`/api/v1/cases/${c.id}/decision?reveal=id_numbers`).set(as('hospb.officer')).expect(403);
    await s.http.get(`/api/v1/cases/${c.id}/decision?reveal=id_numbers`).set(as('henan.supervisor')).expect(403);
    const masked = await s.http.get(`/api/v1/cases/${c.id}/decision`).set(as('henan.supervisor')).expect(200);
    expect(JSON.stringify(masked.body)).not.toContain(ID_NUMBER);
    const revealed = await s.http.get(`/api/v1/cases/${c.id}/decision?reveal=id_numbers`).set(as('hospb.admin')).expect(200);
    expect(revealed.body.form.authors[0].idNumber).toBe(ID_NUMBER);
    const timeline = await eventually(async () => {
      const t = (await s.http.get(`/api/v1/cases/${c.id}/timeline`).set(as('hospb.admin')).expect(200)).body as Array<{
        type: string;
        actor: { role: string };
      }>;
      return t.some((e) => e.type === 'sensitive_read') && t;
    }, 'the reveal in the timeline');
    expect(timeline.find((e) => e.type === 'sensitive_read')!.actor).toMatchObject({ role: 'integrity_admin' });
    const audit = (await s.http.get(`/api/v1/audit?caseId=${c.id}`).set(as('hospb.admin')).expect(200)).body as Array<{ action: string }>;
    expect(audit.map((a) => a.action)).toContain('READ full ID numbers');
  });

  it('fills several authors with identical measures in one step; serves the catalogue of the profile', async () => {
    const form = nationalMisconductForm();
    form.authors.push({ ...form.authors[1]!, order: 3, name: '钱七' });
    await s.http.put(`/api/v1/cases/${c.id}/decision`).set(as('hospb.officer')).send(form).expect(200);
    const penalty = { penalise: true, misconductTypes: ['6'], severity: '2', measures: [{ code: '2' }], mitigating: [], aggravating: [] };
    const applied = await s.http
      .post(`/api/v1/cases/${c.id}/decision/apply-to-authors`)
      .set(as('hospb.officer'))
      .send({ orders: [2, 3], penalty })
      .expect(201);
    expect(
      applied.body.form.authors.map((a: { order: number; measures: unknown[]; idNumber: string }) => [
        a.order,
        a.measures,
        a.idNumber.includes('****'),
      ]),
    ).toEqual([
      [1, form.authors[0]!.measures, true],
      [2, [{ code: '2' }], true],
      [3, [{ code: '2' }], true],
    ]);
    await s.http
      .post(`/api/v1/cases/${c.id}/decision/apply-to-authors`)
      .set(as('hospb.officer'))
      .send({ orders: [9], penalty })
      .expect(400);
    const catalogue = (await s.http.get('/api/v1/policy-profiles/national-2022/catalogue').set(as('hospb.officer')).expect(200)).body;
    expect(catalogue.measures).toHaveLength(14);
    expect(catalogue.registryMeasure).toBe('13');
    expect(
      (await s.http.get('/api/v1/policy-profiles/henan-2021/catalogue').set(as('hospb.officer')).expect(200)).body.misconductTypes,
    ).toHaveLength(9);
    await s.http.get('/api/v1/policy-profiles/beijing-2099/catalogue').set(as('hospb.officer')).expect(404);
  });

  it('masks an ID number typed anywhere in the form (otherText, an organisation) unless revealed; unknown keys refused (issue 16)', async () => {
    const draft = {
      result: 'other',
      otherText: `经核实，作者身份证号 ${ID_NUMBER} 与申报材料不符`,
      authors: [
        {
          order: 1,
          name: '王五',
          organisation: `洛阳市中心医院（${ID_NUMBER}）`,
          idNumber: ID_NUMBER,
          penalise: false,
          misconductTypes: [],
          measures: [],
          mitigating: [],
          aggravating: [],
        },
      ],
    };
    const saved = await s.http.put(`/api/v1/cases/${c.id}/decision`).set(as('hospb.officer')).send(draft).expect(200);
    expect(JSON.stringify(saved.body)).not.toContain(ID_NUMBER);
    expect(saved.body.form).toMatchObject({
      otherText: `经核实，作者身份证号 ${ID_MASKED} 与申报材料不符`,
      authors: [expect.objectContaining({ organisation: `洛阳市中心医院（${ID_MASKED}）` })],
    });
    for (const u of ['henan.supervisor', 'hospb.officer']) {
      expect(JSON.stringify((await s.http.get(`/api/v1/cases/${c.id}/decision`).set(as(u)).expect(200)).body)).not.toContain(ID_NUMBER);
    }
    const revealed = (await s.http.get(`/api/v1/cases/${c.id}/decision?reveal=id_numbers`).set(as('hospb.admin')).expect(200)).body;
    expect(revealed.form.otherText).toContain(ID_NUMBER);
    // a key the form does not know (a typo such as idNo) is refused, never kept and shown back
    const typo = await s.http
      .put(`/api/v1/cases/${c.id}/decision`)
      .set(as('hospb.officer'))
      .send({ ...draft, authors: [{ ...draft.authors[0], idNo: ID_NUMBER }] });
    expect(typo.status).toBe(400);
    expect(typo.body.issues).toEqual([expect.objectContaining({ path: 'authors[0].idNo', rule: 'unknown_field' })]);
    expect(JSON.stringify(typo.body)).not.toContain(ID_NUMBER);
    const proto = await s.http
      .put(`/api/v1/cases/${c.id}/decision`)
      .set(as('hospb.officer'))
      .set('Content-Type', 'application/json')
      .send(`{"result":"other","authors":[],"__proto__":{"result":"misconduct"}}`);
    expect(proto.status).toBe(400);
    expect((await s.http.get(`/api/v1/cases/${c.id}/decision`).set(as('hospb.officer')).expect(200)).body.form.result).toBe('other'); // the draft stays as it was
  });

  it('refuses a submission that breaks a rule or lacks attachments, naming them, and writes nothing', async () => {
    const before = await nothingDecided();
    expect(before.canDecide).toContain('decide');
    const breaks = nationalMisconductForm();
    breaks.authors[0]!.measures = [{ code: '7', years: 4 }]; // measure 7 requires measure 13 too (003 art.29)
    const r1 = await decide(breaks);
    expect(r1.status).toBe(400);
    expect(r1.body.message).toMatch(/003 art\.29/);
    expect(r1.body.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/^authors\[0\]\.measures/) })]),
    );

    const light = nationalMisconductForm();
    light.authors[0]!.severity = '1'; // fabrication (type 2) needs at least level 2 (003 art.32)
    light.authors[0]!.measures = [{ code: '1' }];
    expect((await decide(light)).status).toBe(400);
    // Without a form the saved draft is submitted: this one is incomplete, and every rule it breaks is named.
    const incomplete = nationalMisconductForm();
    delete incomplete.authors[0]!.severity;
    await s.http.put(`/api/v1/cases/${c.id}/decision`).set(as('hospb.officer')).send(incomplete).expect(200);
    const fromDraft = await decide(undefined);
    expect(fromDraft.status).toBe(400);
    expect(fromDraft.body.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'authors[0].severity', rule: 'penalise.severity_required' })]),
    );

    const missing = await decide(nationalMisconductForm());
    expect(missing.status).toBe(400);
    expect(missing.body.issues.map((i: { path: string }) => i.path)).toEqual(
      ['institution_report', 'author_statement', 'interview_records', 'raw_data', 'submission_records'].map((k) => `attachments.${k}`),
    );
    expect(await nothingDecided()).toEqual(before);
  });

  it('a valid submission takes effect: the registry records each measure with its period, and the registry report is due', async () => {
    await uploadRequiredEvidence(s.http, tokens['hospb.officer']!, c.id);
    const stale = await decide(nationalMisconductForm(), {});
    // the Update goes through the workflow; a stale If-Match would remove the stored form again:
    const v = (await s.http.get(`/api/v1/cases/${c.id}`).set(as('hospb.officer')).expect(200)).body.version;
    expect(stale.status).toBe(200);
    expect(stale.body.deadlines.find((d: { kind: string }) => d.kind === 'registry_report')).toMatchObject({ status: 'open' }); // 003 art.36, measure 13
    expect(v).toBe(stale.body.version);

    const entries = await eventually(async () => {
      const rows = await s.db.query(
        `SELECT measure_code, to_char(starts_on,'YYYY-MM-DD') AS starts_on, to_char(ends_on,'YYYY-MM-DD') AS ends_on, permanent, id_number_enc FROM registry_entries WHERE case_id = $1 ORDER BY measure_code`,
        [c.id],
      );
      return rows.length === 2 && rows;
    }, 'registry entries');
    expect(
      entries.map((e: { measure_code: string; starts_on: string; ends_on: string | null }) => [e.measure_code, e.starts_on, e.ends_on]),
    ).toEqual([
      ['13', today, null],
      ['7', today, addYears(today, 4)],
    ]);
    expect(entries[0].id_number_enc).not.toContain(ID_NUMBER);
    const [d] = await s.db.query(`SELECT status FROM decisions WHERE case_id = $1 AND status <> 'draft'`, [c.id]);
    expect(d.status).toBe('effective');
    expect((await decide(nationalMisconductForm())).status).toBe(409); // decided once
  });

  it('registry check: barred during the period, not before or after; persons search shows masked ID numbers only', async () => {
    const check = (on: string, measure = '7') =>
      s.http
        .get(`/api/v1/registry/check?idNumber=${ID_NUMBER}&measure=${measure}&profile=national-2022&on=${on}`)
        .set(as('hospa.admin'))
        .expect(200);
    expect((await check(addDays(today, -1))).body).toMatchObject({ barred: false, until: null, decisions: [] });
    const during = (await check(addDays(today, 30))).body;
    expect(during).toMatchObject({
      barred: true,
      until: addYears(today, 4),
      permanent: false,
      decisions: [expect.objectContaining({ caseNumber: c.number, measure: '7' })],
    });
    expect((await check(addYears(today, 4))).body.barred).toBe(true); // endsOn is the last barred day
    expect((await check(addDays(addYears(today, 4), 1))).body.barred).toBe(false);
    expect((await check(addDays(today, 30), '5')).body.barred).toBe(false); // not barred from another activity

    const byName = (
      await s.http
        .get(`/api/v1/registry/persons?q=${encodeURIComponent('王五')}`)
        .set(as('henan.supervisor'))
        .expect(200)
    ).body;
    const byId = (await s.http.get(`/api/v1/registry/persons?q=${ID_NUMBER}`).set(as('henan.supervisor')).expect(200)).body;
    expect(byId).toEqual(byName);
    expect(byName).toEqual([expect.objectContaining({ name: '王五', idNumber: ID_MASKED })]);
    for (const body of [byName, during]) expect(JSON.stringify(body)).not.toContain(ID_NUMBER);
    await s.http.get(`/api/v1/registry/check?idNumber=${ID_NUMBER}&on=tomorrow`).set(as('hospa.admin')).expect(400);
    await s.http.get(`/api/v1/registry/persons?q=x`).set(as('hospa.admin')).expect(400);
  });

  it('a reduction (003 art.40) shortens the period, keeps the history, and only the issuing organisation may make it', async () => {
    const [entry] = await s.db.query(`SELECT id FROM registry_entries WHERE case_id = $1 AND measure_code = '7'`, [c.id]);
    const newEnd = addYears(today, 2);
    await s.http
      .patch(`/api/v1/registry/entries/${entry.id}`)
      .set(as('hospa.admin'))
      .send({ endsOn: newEnd, reason: '依据复查决定减轻处理' })
      .expect(403);
    await s.http
      .patch(`/api/v1/registry/entries/${entry.id}`)
      .set(as('hospb.admin'))
      .send({ endsOn: '2000-01-01', reason: '减轻处理' })
      .expect(400);
    const changed = (
      await s.http
        .patch(`/api/v1/registry/entries/${entry.id}`)
        .set(as('hospb.admin'))
        .send({ endsOn: newEnd, reason: '依据复查决定减轻处理' })
        .expect(200)
    ).body;
    expect(changed).toMatchObject({
      endsOn: newEnd,
      status: 'changed',
      history: [
        expect.objectContaining({
          reason: '依据复查决定减轻处理',
          before: expect.objectContaining({ endsOn: addYears(today, 4) }),
          after: expect.objectContaining({ endsOn: newEnd }),
        }),
      ],
    });
    const after = (
      await s.http
        .get(`/api/v1/registry/check?idNumber=${ID_NUMBER}&activity=awards_titles_promotion&on=${addYears(today, 3)}`)
        .set(as('hospa.admin'))
        .expect(200)
    ).body;
    expect(after.barred).toBe(false);
    const still = (
      await s.http
        .get(`/api/v1/registry/check?idNumber=${ID_NUMBER}&activity=awards_titles_promotion&on=${addYears(today, 1)}`)
        .set(as('hospa.admin'))
        .expect(200)
    ).body;
    expect(still).toMatchObject({ barred: true, until: newEnd });
  });

  it('a review that revokes the decision revokes its registry entries, with the reason in their history (003 art.43)', async () => {
    const act = (user: string, action: string, body: Record<string, unknown> = {}) =>
      expectAction(s.http, as(user), 'cases', c.id, action, body, 200);
    await act('hospb.officer', 'deliver_decision');
    await act('hospb.officer', 'apply_review');
    await act('hospb.officer', 'accept_review');
    const check = () =>
      s.http
        .get(`/api/v1/registry/check?idNumber=${ID_NUMBER}&activity=awards_titles_promotion&on=${addDays(today, 30)}`)
        .set(as('hospa.admin'))
        .expect(200);
    expect((await check()).body.barred).toBe(true); // still in force during the review (001 art.46)
    await act('hospb.head', 'complete_review', { result: 'revoked', summary: '复查认定证据不足' });
    const rows = await eventually(async () => {
      const r = await s.db.query(`SELECT id, status FROM registry_entries WHERE case_id = $1 ORDER BY measure_code`, [c.id]);
      return r.every((x: { status: string }) => x.status === 'revoked') && r;
    }, 'registry entries revoked');
    expect(rows).toHaveLength(2);
    expect((await check()).body).toMatchObject({ barred: false, decisions: [] });
    const entry = (await s.http.get(`/api/v1/registry/entries/${rows[1].id}`).set(as('hospb.admin')).expect(200)).body;
    expect(entry.status).toBe('revoked');
    expect(entry.history.at(-1)).toMatchObject({
      reason: expect.stringContaining('复查撤销原处理决定'),
      before: expect.objectContaining({ status: 'changed' }),
      after: expect.objectContaining({ status: 'revoked' }),
    });
    expect(entry.history.at(-1).reason).toContain('复查认定证据不足');
  });

  it('a registry entry is read with the registry roles only, like the list (issue 16)', async () => {
    const [entry] = await s.db.query(`SELECT id FROM registry_entries WHERE case_id = $1 LIMIT 1`, [c.id]);
    for (const u of ['hospb.officer', 'hospb.head']) {
      const res = await s.http.get(`/api/v1/registry/entries/${entry.id}`).set(as(u));
      expect({ u, status: res.status, error: res.body.error }).toEqual({ u, status: 403, error: 'FORBIDDEN' });
      expect(JSON.stringify(res.body)).not.toContain(c.number);
    }
    await s.http.get(`/api/v1/registry/entries/${entry.id}`).set(as('henan.supervisor')).expect(200);
    // wildcards in a name search match themselves only
    expect(
      (
        await s.http
          .get(`/api/v1/registry/persons?q=${encodeURIComponent('%%')}`)
          .set(as('henan.supervisor'))
          .expect(200)
      ).body,
    ).toEqual([]);
    expect(
      (
        await s.http
          .get(`/api/v1/registry/persons?q=${encodeURIComponent('王_')}`)
          .set(as('henan.supervisor'))
          .expect(200)
      ).body,
    ).toEqual([]);
    expect(
      (
        await s.http
          .get(`/api/v1/registry/persons?q=${encodeURIComponent('王五')}`)
          .set(as('henan.supervisor'))
          .expect(200)
      ).body,
    ).toHaveLength(1);
  });

  it('rotating the ID key: `keys.js reencrypt-id-numbers` moves every stored ID number to the new key; an API with the new key alone reads them (issue 16)', async () => {
    const oldKey = process.env.ID_ENCRYPTION_KEY!;
    const newKey = newIdEncryptionKey();
    // A registry row sealed before key ids existed (format v1) must be carried over too.
    const [one] = await s.db.query(`SELECT id FROM registry_entries WHERE case_id = $1 ORDER BY measure_code LIMIT 1`, [c.id]);
    await s.db.query(`UPDATE registry_entries SET id_number_enc = $2 WHERE id = $1`, [one.id, sealV1(oldKey, ID_NUMBER)]);
    const run = (env: Record<string, string>) => {
      const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'scripts', 'keys.js'), 'reencrypt-id-numbers'], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
      });
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
      return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as {
        keyId: string;
        decisions: { changed: number; idNumbers: number };
        registryEntries: { changed: number };
        left: number;
      };
    };
    const [{ forms }] = await s.db.query(`SELECT count(*)::int AS forms FROM decisions WHERE jsonb_array_length(form->'authors') > 0`);
    expect(forms).toBeGreaterThanOrEqual(1);
    const first = run({ ID_ENCRYPTION_KEY: newKey, ID_ENCRYPTION_PREVIOUS_KEYS: oldKey });
    expect(first).toMatchObject({ keyId: keyIdOf(newKey), registryEntries: { changed: 2 }, decisions: { changed: forms }, left: 0 });
    const sealed: Array<{ v: string }> = await s.db.query(
      `SELECT id_number_enc AS v FROM registry_entries UNION ALL SELECT a->>'idNumberEnc' FROM decisions, jsonb_array_elements(form->'authors') a`,
    );
    expect(sealed.length).toBeGreaterThan(2);
    expect(sealed.filter((r) => !r.v.startsWith(`v2:${keyIdOf(newKey)}:`))).toEqual([]);
    expect(run({ ID_ENCRYPTION_KEY: newKey, ID_ENCRYPTION_PREVIOUS_KEYS: oldKey })).toMatchObject({
      decisions: { changed: 0 },
      registryEntries: { changed: 0 },
      left: 0,
    }); // again: nothing to do

    const previous = process.env.ID_ENCRYPTION_KEY;
    process.env.ID_ENCRYPTION_KEY = newKey;
    const rotated = await createApiApp({ logger: false });
    process.env.ID_ENCRYPTION_KEY = previous;
    try {
      await rotated.init();
      const http = request(rotated.getHttpServer());
      const revealed = (await http.get(`/api/v1/cases/${c.id}/decision?reveal=id_numbers`).set(as('hospb.admin')).expect(200)).body;
      expect(revealed.form.authors[0].idNumber).toBe(ID_NUMBER);
      const byId = (await http.get(`/api/v1/registry/persons?q=${ID_NUMBER}`).set(as('henan.supervisor')).expect(200)).body;
      expect(byId).toEqual([
        expect.objectContaining({
          idNumber: ID_MASKED,
          entries: expect.arrayContaining([expect.objectContaining({ caseNumber: c.number })]),
        }),
      ]);
    } finally {
      await rotated.close();
    }
  });
});

/** The format written before key ids (v1:<iv>:<tag>:<data>), as rows stored before issue 16 hold it. */
function sealV1(keyBase64: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyBase64, 'base64'), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `v1:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
}
