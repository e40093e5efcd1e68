/**
 * Entries registered by hand (issue 22 point 2): measures read against their catalogue, and which hand entry a decision
 * of the system takes over when it takes effect (one entry, not two).
 */
import { manualEntryIssues, pickManualEntry, type ManualCandidate, type ManualEntryInput } from './manual-entry';

const ID = '110105202001180428';
const input = (over: Partial<ManualEntryInput> = {}): ManualEntryInput => ({
  profile: 'national-2022',
  idType: 'prc_resident_id',
  idNumber: ID,
  severity: '3',
  startsOn: '2026-11-02',
  measures: [{ code: '7', years: 4 }, { code: '13' }],
  ...over,
});

describe('manualEntryIssues', () => {
  it('takes a valid registration', () => {
    expect(manualEntryIssues(input())).toEqual([]);
    expect(
      manualEntryIssues(
        input({ profile: 'henan-2021', severity: '4', measures: [{ code: '5', permanent: true }, { code: '2' }, { code: '11' }] }),
      ),
    ).toEqual([]);
    expect(manualEntryIssues(input({ severity: undefined, measures: [{ code: '7', years: 10 }] }))).toEqual([]);
  });

  it('names every problem at once, with the article of the catalogue', () => {
    const issues = manualEntryIssues(
      input({
        idNumber: '110105202001180429',
        measures: [{ code: '15' }, { code: '7' }, { code: '2', years: 2 }, { code: '7', years: 6 }, { code: '14' }],
      }),
    );
    expect(issues.map((i) => [i.path, i.rule, i.article ?? null])).toEqual([
      ['person.idNumber', 'id_number', null],
      ['measures[0].code', 'catalogue.measure', '003 art.29'],
      ['measures[1].years', 'measure.period_required', '003 art.29'],
      ['measures[2].years', 'measure.no_period', '003 art.29'],
      ['measures[3].code', 'unique', null],
      ['measures[3].years', 'severity.years', '003 art.32'],
      ['measures[4].text', 'measure.text_required', '003 art.29'],
    ]);
  });

  it('permanent only where the measure and the level allow it; an unknown level or profile is refused', () => {
    expect(manualEntryIssues(input({ measures: [{ code: '7', permanent: true }] })).map((i) => [i.path, i.rule, i.article])).toEqual([
      ['measures[0].permanent', 'measure.permanent', '003 art.32'],
    ]);
    expect(manualEntryIssues(input({ severity: '4', measures: [{ code: '7', permanent: true }] }))).toEqual([]);
    expect(manualEntryIssues(input({ severity: '9' }))[0]).toMatchObject({
      path: 'severity',
      rule: 'catalogue.severity',
      article: '003 art.32',
    });
    expect(manualEntryIssues(input({ profile: 'shanghai' }))).toEqual([
      expect.objectContaining({ path: 'profile', rule: 'known_profile' }),
    ]);
    expect(manualEntryIssues(input({ severity: '1', measures: [{ code: '7', years: 1 }] }))[0]).toMatchObject({
      path: 'measures[0].code',
      rule: 'severity.measure',
    });
    expect(manualEntryIssues(input({ idType: 'other', idNumber: 'E12345678' }))).toEqual([]);
  });
});

describe('pickManualEntry: the hand entry a decision takes over', () => {
  const c = (over: Partial<ManualCandidate> = {}): ManualCandidate => ({
    id: 'm1',
    profile: 'national-2022',
    measure: '7',
    status: 'active',
    decisionId: null,
    expectedCaseId: null,
    awaitsDecision: true,
    createdAt: '2026-11-01T00:00:00.000000',
    ...over,
  });
  const target = { caseId: 'case-1', profile: 'national-2022', measure: '7' };

  it('same catalogue and measure, awaiting a decision: taken over', () => {
    expect(pickManualEntry([c()], target)?.id).toBe('m1');
  });

  it('a penalty decided elsewhere (not awaiting), another measure or catalogue, one taken over already, or revoked: not merged', () => {
    expect(pickManualEntry([c({ awaitsDecision: false })], target)).toBeNull();
    expect(pickManualEntry([c({ measure: '5' })], target)).toBeNull();
    expect(pickManualEntry([c({ profile: 'henan-2021' })], target)).toBeNull();
    expect(pickManualEntry([c({ decisionId: 'd0' })], target)).toBeNull();
    expect(pickManualEntry([c({ status: 'revoked' })], target)).toBeNull();
  });

  it("an entry naming a case is taken over by that case's decision only, and before entries naming none; then the oldest", () => {
    expect(pickManualEntry([c({ expectedCaseId: 'case-2' })], target)).toBeNull();
    const named = c({ id: 'named', expectedCaseId: 'case-1', awaitsDecision: true, createdAt: '2026-11-05T00:00:00.000000' });
    expect(pickManualEntry([c({ id: 'old' }), named], target)?.id).toBe('named');
    expect(pickManualEntry([c({ id: 'newer', createdAt: '2026-11-03T00:00:00.000000' }), c({ id: 'older' })], target)?.id).toBe('older');
  });
});
