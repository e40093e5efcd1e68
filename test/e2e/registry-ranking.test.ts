/**
 * The registry's bar check and the quarterly ranking on decisions taken through the real path (issue 17 points 8, 9):
 * decide → deliver → review → revoke or change, over HTTP, never rows written by hand.
 * - each entry is read against its own profile's catalogue (henan measure 7 bars reviewers, national 7 awards);
 * - measures that bar nothing (通报批评, the database record) never answer barred;
 * - `endsOn` is the last barred day;
 * - a decision has a status history; a revoked one bars nothing and leaves the ranking (000 §4), a changed one stays.
 */
import { expect } from 'expect';
import { after, before, describe, it } from 'node:test';
import { RegistryCheckSchema, schemaIssues } from '@libs/contract/src';
import { isoDateOf } from '@libs/domain/src/calendar';
import { prcIdCheckChar } from '@libs/domain/src/decision';
import { DEMO_ORGS, DEMO_USERS, demoUserId } from '@libs/persistence/src/seed';
import { expectAction } from '../support/actions';
import { startStack, type E2EStack } from '../support/app';
import { decidedCase, henanReviewerBarForm, ID_NUMBER, nationalMisconductForm } from '../support/decision';
import { eventually } from '../support/wait';

const addYears = (d: string, n: number) => `${Number(d.slice(0, 4)) + n}${d.slice(4)}`;
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const userId = (username: string) => demoUserId(DEMO_USERS.findIndex((u) => u.username === username));
const OTHER_BASE = '44030419900101123';
const OTHER_ID = OTHER_BASE + prcIdCheckChar(OTHER_BASE);

describe('registry bar check and ranking on decisions revoked or changed by a real review', () => {
  let s: E2EStack;
  const tokens: Record<string, string> = {};
  const today = isoDateOf(Date.now());
  const quarter = `${today.slice(0, 4)}Q${Math.ceil(Number(today.slice(5, 7)) / 3)}`;
  /** national: 王五 barred from awards (7) for 4 years + the database (13); henan: 王五 barred as reviewer (7) for 2 years + 2 + 11. */
  let national: { id: string; number: string };
  let henan: { id: string; number: string };
  /** national, another person: its review changes the decision. */
  let other: { id: string; number: string };

  before(async () => {
    s = await startStack();
    for (const u of ['hospb.officer', 'hospb.head', 'hospb.admin', 'hospa.officer', 'hospa.head', 'hospa.admin', 'henan.supervisor'])
      tokens[u] = await s.login(u);
    const b = {
      officer: tokens['hospb.officer']!,
      head: tokens['hospb.head']!,
      checkers: [userId('hospb.officer'), userId('hospb.admin')] as [string, string],
    };
    const a = {
      officer: tokens['hospa.officer']!,
      head: tokens['hospa.head']!,
      checkers: [userId('hospa.officer'), userId('hospa.investigator')] as [string, string],
    };
    national = await decidedCase(s.http, b, DEMO_ORGS.hospitalB.id, nationalMisconductForm(), today);
    henan = await decidedCase(s.http, a, DEMO_ORGS.hospitalA.id, henanReviewerBarForm(), today);
    other = await decidedCase(s.http, b, DEMO_ORGS.hospitalB.id, nationalMisconductForm(OTHER_ID), today);
    await eventually(async () => {
      const [{ n }] = await s.db.query(`SELECT count(*)::int AS n FROM registry_entries`);
      return n === 7;
    }, 'registry entries of the three decisions');
  });
  after(async () => {
    await s?.stop();
  });

  const as = (u: string) => ({ Authorization: `Bearer ${tokens[u]}` });
  const check = async (query: string, user = 'hospb.admin') =>
    (await s.http.get(`/api/v1/registry/check?${query}`).set(as(user)).expect(200)).body as {
      barred: boolean;
      until: string | null;
      permanent: boolean;
      measure: { profile: string; code: string; bars: string[]; article: string } | null;
      activities: Array<{ activity: string; barred: boolean; until: string | null }>;
      decisions: Array<{
        caseNumber: string;
        measure: string;
        profile: string;
        bars: string[];
        decisionStatus: string;
        endsOn: string | null;
      }>;
    };
  const on = addDays(today, 30);
  const act = (user: string, id: string, action: string, body: Record<string, unknown> = {}) =>
    expectAction(s.http, as(user), 'cases', id, action, body, 200);
  const ranking = async () => (await s.http.get(`/api/v1/statistics/ranking?quarter=${quarter}`).set(as('hospa.officer')).expect(200)).body;
  const units = (r: { units: Array<{ name: string; confirmedCases: number; rank: number; frequent: boolean }> }) =>
    r.units.map((u) => [u.name, u.confirmedCases, u.rank, u.frequent]);

  it('reads each entry against its own catalogue: henan 7 bars reviewers, national 7 awards; the question is asked per activity', async () => {
    const awards = await check(`idNumber=${ID_NUMBER}&activity=awards_titles_promotion&on=${on}`);
    expect(awards).toMatchObject({
      barred: true,
      until: addYears(today, 4),
      permanent: false,
      activities: [{ activity: 'awards_titles_promotion', barred: true }],
    });
    expect(awards.decisions.map((d) => [d.caseNumber, d.profile, d.measure, d.bars])).toEqual([
      [national.number, 'national-2022', '7', ['awards_titles_promotion']],
    ]);
    const reviewer = await check(`idNumber=${ID_NUMBER}&activity=reviewer_nominator&on=${on}`);
    expect(reviewer).toMatchObject({ barred: true, until: addYears(today, 2) });
    expect(reviewer.decisions.map((d) => [d.caseNumber, d.profile, d.measure])).toEqual([[henan.number, 'henan-2021', '7']]);
    expect((await check(`idNumber=${ID_NUMBER}&activity=funded_projects&on=${on}`)).barred).toBe(false);

    // The older measure= form, read in the measure's catalogue: the caller's organisation's by default.
    const national7 = await check(`idNumber=${ID_NUMBER}&measure=7&profile=national-2022&on=${on}`);
    expect(national7).toMatchObject({
      barred: true,
      measure: { profile: 'national-2022', code: '7', bars: ['awards_titles_promotion'], article: '003 art.29' },
    });
    expect(national7.decisions.map((d) => d.caseNumber)).toEqual([national.number]);
    const henan7 = await check(`idNumber=${ID_NUMBER}&measure=7&on=${on}`, 'hospa.admin'); // hospital A: henan-2021
    expect(henan7).toMatchObject({ barred: true, measure: { profile: 'henan-2021', bars: ['reviewer_nominator'], article: '001 art.32' } });
    expect(henan7.decisions.map((d) => d.caseNumber)).toEqual([henan.number]);
    expect((await check(`idNumber=${ID_NUMBER}&measure=7&on=${on}`, 'hospb.admin')).decisions.map((d) => d.caseNumber)).toEqual([
      national.number,
    ]);

    // Without a question: barred from anything, per activity.
    const any = await check(`idNumber=${ID_NUMBER}&on=${on}`);
    for (const answer of [awards, reviewer, national7, henan7, any]) expect(schemaIssues(RegistryCheckSchema, answer)).toEqual([]);
    expect(any.activities.filter((a) => a.barred).map((a) => a.activity)).toEqual(['awards_titles_promotion', 'reviewer_nominator']);
    expect(any.decisions.map((d) => d.measure).sort()).toEqual(['7', '7']);
  });

  it('measures that bar nothing (circulated criticism, the database record) never answer barred', async () => {
    for (const [measure, profile] of [
      ['13', 'national-2022'],
      ['2', 'henan-2021'],
      ['11', 'henan-2021'],
      ['2', 'national-2022'],
    ]) {
      const r = await check(`idNumber=${ID_NUMBER}&measure=${measure}&profile=${profile}&on=${addYears(today, 20)}`);
      expect([measure, profile, r.barred, r.until, r.measure!.bars, r.decisions]).toEqual([measure, profile, false, null, [], []]);
    }
    // Long after the periods ended, the database records (no end) still bar nothing.
    const later = await check(`idNumber=${ID_NUMBER}&on=${addYears(today, 20)}`);
    expect(later).toMatchObject({ barred: false, until: null, permanent: false, decisions: [] });
    const persons = (await s.http.get(`/api/v1/registry/persons?q=${ID_NUMBER}`).set(as('henan.supervisor')).expect(200)).body;
    const entries = persons[0].entries as Array<{ profile: string; measure: string; bars: string[]; endsOn: string | null }>;
    expect(
      entries
        .filter((e) => e.bars.length === 0)
        .map((e) => [e.profile, e.measure])
        .sort(),
    ).toEqual([
      ['henan-2021', '11'],
      ['henan-2021', '2'],
      ['national-2022', '13'],
    ]);
  });

  it('endsOn is the last barred day: barred on it, free the day after; an unknown measure or two questions at once are refused', async () => {
    const last = addYears(today, 4);
    const entry = (await check(`idNumber=${ID_NUMBER}&activity=awards_titles_promotion&on=${today}`)).decisions[0]!;
    expect(entry.endsOn).toBe(last);
    expect((await check(`idNumber=${ID_NUMBER}&activity=awards_titles_promotion&on=${addDays(today, -1)}`)).barred).toBe(false);
    expect((await check(`idNumber=${ID_NUMBER}&activity=awards_titles_promotion&on=${today}`)).barred).toBe(true);
    expect(await check(`idNumber=${ID_NUMBER}&activity=awards_titles_promotion&on=${last}`)).toMatchObject({ barred: true, until: last });
    expect((await check(`idNumber=${ID_NUMBER}&activity=awards_titles_promotion&on=${addDays(last, 1)}`)).barred).toBe(false);

    const unknown = await s.http
      .get(`/api/v1/registry/check?idNumber=${ID_NUMBER}&measure=15&profile=national-2022&on=${today}`)
      .set(as('hospb.admin'))
      .expect(400);
    expect(unknown.body.issues).toEqual([expect.objectContaining({ path: 'measure', article: '003 art.29' })]);
    const both = await s.http
      .get(`/api/v1/registry/check?idNumber=${ID_NUMBER}&measure=7&activity=funded_projects&on=${today}`)
      .set(as('hospb.admin'))
      .expect(400);
    expect(both.body.issues[0].path).toBe('measure');
    const bad = await s.http
      .get(`/api/v1/registry/check?idNumber=${ID_NUMBER}&activity=driving&on=${today}`)
      .set(as('hospb.admin'))
      .expect(400);
    expect(bad.body.issues[0].path).toBe('activity');
    const alone = await s.http
      .get(`/api/v1/registry/check?idNumber=${ID_NUMBER}&profile=henan-2021&on=${today}`)
      .set(as('hospb.admin'))
      .expect(400);
    expect(alone.body.issues).toEqual([expect.objectContaining({ path: 'profile', rule: 'requires' })]);
    const nowhere = await s.http
      .get(`/api/v1/registry/check?idNumber=${ID_NUMBER}&measure=7&profile=atlantis-2030&on=${today}`)
      .set(as('hospb.admin'))
      .expect(400);
    expect(nowhere.body.issues[0].path).toBe('profile');

    // The contract says so too: the parameters, and endsOn / until as the last barred day.
    const doc = (await s.http.get('/docs-json').expect(200)).body;
    const op = doc.paths['/api/v1/registry/check'].get;
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['activity', 'idNumber', 'measure', 'on', 'profile']);
    expect(op.parameters.find((p: { name: string }) => p.name === 'profile').schema.enum).toEqual(['national-2022', 'henan-2021']);
    expect(op.parameters.find((p: { name: string }) => p.name === 'activity').schema.enum).toEqual([
      'funded_projects',
      'awards_titles_promotion',
      'reviewer_nominator',
      'graduate_supervision',
      'st_services',
    ]);
    expect(op.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/RegistryCheck' });
    expect(doc.components.schemas.RegistryCheck.properties.until.description).toMatch(/last barred day \(inclusive\)/);
    expect(doc.components.schemas.RegistryEntry.properties.endsOn.description).toMatch(/last barred day \(inclusive\)/);
  });

  it('a review that revokes the decision: the decision is revoked with its history; it bars nothing and leaves the ranking', async () => {
    const before = await ranking();
    expect(units(before)).toEqual([
      [DEMO_ORGS.hospitalB.name, 2, 1, true],
      [DEMO_ORGS.hospitalA.name, 1, 2, true],
    ]);
    expect(before.regions).toEqual([
      expect.objectContaining({ name: DEMO_ORGS.province.name, confirmedCases: 3, rank: 1, frequent: true }),
    ]);

    await act('hospa.officer', henan.id, 'deliver_decision');
    await act('hospa.officer', henan.id, 'apply_review');
    await act('hospa.officer', henan.id, 'accept_review');
    expect((await check(`idNumber=${ID_NUMBER}&activity=reviewer_nominator&on=${on}`)).barred).toBe(true); // in force during the review (001 art.46)
    await act('hospa.head', henan.id, 'complete_review', { result: 'revoked', summary: '复查认定证据不足' });

    // The action answers after its projection: the decision, the registry and the ranking read the new status at once.
    const decision = (await s.http.get(`/api/v1/cases/${henan.id}/decision`).set(as('hospa.officer')).expect(200)).body;
    expect(decision.status).toBe('revoked');
    expect(decision.statusHistory.map((h: Record<string, unknown>) => [h.eventType, h.result, h.previousStatus, h.status])).toEqual([
      ['decided', null, 'pending', 'effective'],
      ['review_completed', 'revoked', 'effective', 'revoked'],
    ]);
    expect(decision.statusHistory[1]).toMatchObject({ on: today, summary: '复查认定证据不足' });
    const reviewer = await check(`idNumber=${ID_NUMBER}&activity=reviewer_nominator&on=${on}`);
    expect(reviewer).toMatchObject({ barred: false, decisions: [] });
    expect((await check(`idNumber=${ID_NUMBER}&activity=awards_titles_promotion&on=${on}`)).barred).toBe(true); // the national decision stands
    const persons = (await s.http.get(`/api/v1/registry/persons?q=${ID_NUMBER}`).set(as('henan.supervisor')).expect(200)).body;
    const henanEntries = (persons[0].entries as Array<{ caseNumber: string; status: string; decisionStatus: string }>).filter(
      (e) => e.caseNumber === henan.number,
    );
    expect(henanEntries.map((e) => [e.status, e.decisionStatus])).toEqual([
      ['revoked', 'revoked'],
      ['revoked', 'revoked'],
      ['revoked', 'revoked'],
    ]);
    const [henanEntry] = await s.db.query(`SELECT id FROM registry_entries WHERE case_id = $1 AND measure_code = '7'`, [henan.id]);
    const history = (await s.http.get(`/api/v1/registry/entries/${henanEntry.id}`).set(as('hospa.admin')).expect(200)).body.history;
    expect(history.at(-1).reason).toMatch(/^复查撤销原处理决定（001 art\.46）: case event \d+ — 复查认定证据不足$/); // the case's own profile

    const after = await ranking();
    expect(units(after)).toEqual([[DEMO_ORGS.hospitalB.name, 2, 1, true]]);
    expect(after.regions).toEqual([expect.objectContaining({ name: DEMO_ORGS.province.name, confirmedCases: 2 })]);
  });

  it('a review that changes the decision: changed, with its history; it still counts, and its entries bar until the issuer records the new period', async () => {
    await act('hospb.officer', other.id, 'deliver_decision');
    await act('hospb.officer', other.id, 'apply_review');
    await act('hospb.officer', other.id, 'accept_review');
    await act('hospb.head', other.id, 'complete_review', { result: 'changed', summary: '减轻为两年' });
    const decision = (await s.http.get(`/api/v1/cases/${other.id}/decision`).set(as('hospb.officer')).expect(200)).body;
    expect(decision.status).toBe('changed');
    expect(decision.statusHistory.map((h: Record<string, unknown>) => [h.eventType, h.result, h.status])).toEqual([
      ['decided', null, 'effective'],
      ['review_completed', 'changed', 'changed'],
    ]);
    const barred = await check(`idNumber=${OTHER_ID}&activity=awards_titles_promotion&on=${on}`);
    expect(barred).toMatchObject({
      barred: true,
      until: addYears(today, 4),
      decisions: [expect.objectContaining({ decisionStatus: 'changed', caseNumber: other.number })],
    });
    expect(units(await ranking())).toEqual([[DEMO_ORGS.hospitalB.name, 2, 1, true]]);

    // The issuing organisation records the new period; the check follows it (endsOn = the new last barred day).
    const [entry] = await s.db.query(`SELECT id FROM registry_entries WHERE case_id = $1 AND measure_code = '7'`, [other.id]);
    const newLast = addYears(today, 2);
    await s.http
      .patch(`/api/v1/registry/entries/${entry.id}`)
      .set(as('hospb.admin'))
      .send({ endsOn: newLast, reason: '依据复查决定变更处理期限' })
      .expect(200);
    // The audit record keeps the entry before and after (RULES.md §7).
    const [audit] = await s.db.query(
      `SELECT details FROM audit_log WHERE action = 'PATCH /api/v1/registry/entries/:entryId' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.details.changes).toEqual([
      {
        entity: 'registry_entry',
        id: entry.id,
        before: { endsOn: addYears(today, 4), permanent: false, status: 'active', reason: null },
        after: { endsOn: newLast, permanent: false, status: 'changed', reason: '依据复查决定变更处理期限' },
        changed: ['endsOn', 'status', 'reason'],
      },
    ]);
    expect((await check(`idNumber=${OTHER_ID}&activity=awards_titles_promotion&on=${newLast}`)).barred).toBe(true);
    expect((await check(`idNumber=${OTHER_ID}&activity=awards_titles_promotion&on=${addDays(newLast, 1)}`)).barred).toBe(false);

    // A quarter without decisions is empty; a malformed quarter is a 400.
    const previous =
      Number(quarter.slice(-1)) === 1 ? `${Number(quarter.slice(0, 4)) - 1}Q4` : `${quarter.slice(0, 5)}${Number(quarter.slice(-1)) - 1}`;
    expect((await s.http.get(`/api/v1/statistics/ranking?quarter=${previous}`).set(as('hospa.officer')).expect(200)).body.units).toEqual(
      [],
    );
    await s.http.get('/api/v1/statistics/ranking?quarter=2026-3').set(as('hospa.officer')).expect(400);
  });
});
