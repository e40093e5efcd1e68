/**
 * The archives' veto check (000 §6: 惩处期内…关联，存在严重科研失信行为的，一票否决): a purpose is vetoed while an entry in
 * force bars the catalogue activity it falls under (each entry in its own catalogue), or while a serious finding's
 * penalty period runs; other running penalties are linked only.
 */
import { ARCHIVE_PURPOSES, PURPOSE_ACTIVITIES, entryRuns, severityRank, vetoCheck, type VetoEntryFacts } from './veto';

const entry = (over: Partial<VetoEntryFacts> = {}): VetoEntryFacts => ({
  profile: 'national-2022',
  measure: '7',
  startsOn: '2026-03-10',
  endsOn: '2030-03-10',
  permanent: false,
  status: 'active',
  decisionStatus: 'effective',
  severity: '2',
  group: 'd1#1',
  ...over,
});

describe('purposes fall under the catalogue activities (data)', () => {
  it('promotion, title and award under awards_titles_promotion; supervisor and recruitment under graduate_supervision', () => {
    expect(Object.fromEntries(ARCHIVE_PURPOSES.map((p) => [p, [...PURPOSE_ACTIVITIES[p]]]))).toEqual({
      promotion: ['awards_titles_promotion'],
      title: ['awards_titles_promotion'],
      award: ['awards_titles_promotion'],
      supervisor: ['graduate_supervision'],
      recruitment: ['graduate_supervision'],
    });
  });
});

describe('vetoCheck', () => {
  it("national 7 (awards, titles, promotion) vetoes promotion, title and award through its last barred day, not the supervisor's selection", () => {
    const e = [entry()];
    for (const purpose of ['promotion', 'title', 'award'] as const) {
      const a = vetoCheck(e, purpose, '2028-01-01');
      expect([a.vetoed, a.until, a.reasons.map((r) => [r.rule, r.article])]).toEqual([
        true,
        '2030-03-10',
        [['catalogue_bar', '003 art.29']],
      ]);
    }
    expect(vetoCheck(e, 'promotion', '2030-03-10').vetoed).toBe(true);
    expect(vetoCheck(e, 'promotion', '2030-03-11').vetoed).toBe(false);
    expect(vetoCheck(e, 'promotion', '2026-03-09').vetoed).toBe(false);
    const supervisor = vetoCheck(e, 'supervisor', '2028-01-01');
    expect([supervisor.vetoed, supervisor.linked]).toEqual([false, e]); // running, linked, not vetoing
  });

  it('reads each entry in its own catalogue: henan 7 bars reviewers (no veto), henan 8 bars supervision (supervisor and recruitment vetoed)', () => {
    expect(vetoCheck([entry({ profile: 'henan-2021', measure: '7' })], 'promotion', '2028-01-01').vetoed).toBe(false);
    const h8 = [entry({ profile: 'henan-2021', measure: '8' })];
    expect(vetoCheck(h8, 'supervisor', '2028-01-01')).toMatchObject({
      vetoed: true,
      reasons: [{ rule: 'catalogue_bar', article: '001 art.32' }],
    });
    expect(vetoCheck(h8, 'recruitment', '2028-01-01').vetoed).toBe(true);
    expect(vetoCheck(h8, 'award', '2028-01-01').vetoed).toBe(false);
  });

  it('一票否决: a serious finding (level 3 and above) vetoes every purpose while its penalty period runs, whatever its measures bar', () => {
    // national 5 (funded projects) at level 3 for 4 years, with the database record (no period).
    const serious = [entry({ measure: '5', severity: '3', endsOn: '2030-03-10' }), entry({ measure: '13', severity: '3', endsOn: null })];
    for (const purpose of ARCHIVE_PURPOSES) {
      const a = vetoCheck(serious, purpose, '2027-06-01');
      expect([purpose, a.vetoed, a.until, a.reasons.map((r) => r.rule)]).toEqual([purpose, true, '2030-03-10', ['serious_misconduct']]);
      expect(a.reasons[0]!.entries).toEqual([serious[0]]); // the record without a period does not make the period run
    }
    // After the period, the database record alone vetoes nothing.
    expect(vetoCheck(serious, 'promotion', '2030-03-11')).toMatchObject({ vetoed: false, reasons: [], linked: [] });
    // The same at level 2 is not serious: no veto for promotion (measure 5 bars funded projects only), linked.
    const lesser = serious.map((e) => ({ ...e, severity: '2' }));
    expect(vetoCheck(lesser, 'promotion', '2027-06-01')).toMatchObject({ vetoed: false, linked: [lesser[0]] });
    // The threshold is configurable: rank 2 makes it serious.
    expect(vetoCheck(lesser, 'promotion', '2027-06-01', { seriousRank: 2 }).vetoed).toBe(true);
  });

  it('a permanent serious penalty vetoes without end; both reasons together give the later end', () => {
    const permanent = [entry({ measure: '7', severity: '4', permanent: true, endsOn: null })];
    expect(vetoCheck(permanent, 'supervisor', '2060-01-01')).toMatchObject({
      vetoed: true,
      until: null,
      reasons: [{ rule: 'serious_misconduct', until: null }],
    });
    const both = [
      entry({ measure: '7', severity: '3', endsOn: '2029-03-10' }),
      entry({ measure: '10', severity: '2', endsOn: '2031-01-01', group: 'd2#1' }),
    ];
    const a = vetoCheck(both, 'supervisor', '2028-01-01');
    expect(a.reasons.map((r) => [r.rule, r.until])).toEqual([
      ['catalogue_bar', '2031-01-01'],
      ['serious_misconduct', '2029-03-10'],
    ]);
    expect(a.until).toBe('2031-01-01');
  });

  it('revoked entries and revoked decisions veto nothing; a hand entry without a decision counts by its own status', () => {
    expect(vetoCheck([entry({ status: 'revoked', severity: '4' })], 'promotion', '2028-01-01').vetoed).toBe(false);
    expect(vetoCheck([entry({ decisionStatus: 'revoked', severity: '4' })], 'promotion', '2028-01-01').vetoed).toBe(false);
    expect(vetoCheck([entry({ decisionStatus: 'superseded' })], 'promotion', '2028-01-01').vetoed).toBe(false);
    expect(vetoCheck([entry({ decisionStatus: null, group: 'manual:r1' })], 'promotion', '2028-01-01').vetoed).toBe(true);
    expect(vetoCheck([entry({ decisionStatus: null, status: 'revoked' })], 'promotion', '2028-01-01').vetoed).toBe(false);
  });

  it('entryRuns and severityRank', () => {
    expect(entryRuns(entry({ endsOn: null }), '2028-01-01')).toBe(false);
    expect(entryRuns(entry({ permanent: true, endsOn: null }), '2028-01-01')).toBe(true);
    expect([
      severityRank('national-2022', '3'),
      severityRank('henan-2021', '4'),
      severityRank('henan-2021', null),
      severityRank('nowhere', '3'),
    ]).toEqual([3, 4, 0, 0]);
  });
});
