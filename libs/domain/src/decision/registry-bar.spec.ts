/**
 * The bar check (RULES.md §6) against the catalogues' data: which activity each measure bars (003 art.29, 001 art.32),
 * entries read against their own catalogue, `endsOn` as the last barred day, revoked decisions and entries.
 */
import { BARRED_ACTIVITIES, getCatalogue } from './catalogue';
import { checkBars, entryBars, lastBarredDay, measureBars, type RegistryEntryFacts } from './registry-bar';

const barring = (profile: string) =>
  Object.fromEntries(
    getCatalogue(profile)
      .measures.filter((m) => m.bars.length)
      .map((m) => [m.code, [...m.bars]]),
  );

const entry = (over: Partial<RegistryEntryFacts> = {}): RegistryEntryFacts => ({
  profile: 'national-2022',
  measure: '7',
  startsOn: '2026-03-10',
  endsOn: '2030-03-10',
  permanent: false,
  status: 'active',
  decisionStatus: 'effective',
  ...over,
});

describe('which measures bar which activity (catalogue data)', () => {
  it('national-2022: measures 5, 7, 9, 10 bar one activity each (003 art.29); nothing else bars', () => {
    expect(barring('national-2022')).toEqual({
      '5': ['funded_projects'],
      '7': ['awards_titles_promotion'],
      '9': ['reviewer_nominator'],
      '10': ['graduate_supervision'],
    });
  });

  it('henan-2021: 5 bars projects and awards/titles/promotion, 7 reviewer, 8 graduate supervision, 10 S&T services (001 art.32)', () => {
    expect(barring('henan-2021')).toEqual({
      '5': ['funded_projects', 'awards_titles_promotion'],
      '7': ['reviewer_nominator'],
      '8': ['graduate_supervision'],
      '10': ['st_services'],
    });
  });

  it('circulated criticism (通报批评) and the database record bar nothing in either catalogue', () => {
    expect(measureBars('national-2022', '2')).toEqual([]);
    expect(measureBars('national-2022', '13')).toEqual([]);
    expect(measureBars('henan-2021', '2')).toEqual([]);
    expect(measureBars('henan-2021', '11')).toEqual([]);
    expect(getCatalogue('national-2022').measures.find((m) => m.code === getCatalogue('national-2022').registryMeasure)!.bars).toEqual([]);
    expect(getCatalogue('henan-2021').measures.find((m) => m.code === getCatalogue('henan-2021').registryMeasure)!.bars).toEqual([]);
  });

  it('every barring measure carries a period and may be permanent (a bar always has an end or is permanent)', () => {
    for (const profile of ['national-2022', 'henan-2021']) {
      for (const m of getCatalogue(profile).measures.filter((x) => x.bars.length)) {
        expect([profile, m.code, m.carriesPeriod, m.periodRequired, m.permanentAllowed]).toEqual([profile, m.code, true, true, true]);
      }
    }
  });

  it('every activity is barred by some measure; unknown profiles and measures bar nothing', () => {
    const all = new Set(['national-2022', 'henan-2021'].flatMap((p) => getCatalogue(p).measures.flatMap((m) => m.bars)));
    expect([...all].sort()).toEqual([...BARRED_ACTIVITIES].sort());
    expect(measureBars('zhejiang-2023', '5')).toEqual([]);
    expect(measureBars('national-2022', '99')).toEqual([]);
    expect(measureBars('__proto__', '5')).toEqual([]);
  });
});

describe('lastBarredDay: N years from the effective day, that corresponding day included (Civil Code art.201–202)', () => {
  it.each([
    ['2026-03-10', 4, '2030-03-10'],
    ['2026-12-31', 1, '2027-12-31'],
    ['2028-02-29', 1, '2029-02-28'],
    ['2028-02-29', 4, '2032-02-29'],
    ['2026-01-01', 0, '2026-01-01'],
  ])('%s + %i years → %s', (start, years, last) => expect(lastBarredDay(start, years)).toBe(last));

  it('refuses a bad date or count', () => {
    expect(() => lastBarredDay('2026-02-30', 1)).toThrow(RangeError);
    expect(() => lastBarredDay('2026-01-01', -1)).toThrow(RangeError);
    expect(() => lastBarredDay('2026-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('entryBars', () => {
  it('bars from the effective day through endsOn, the last barred day; free the day before and the day after', () => {
    const e = entry();
    expect(entryBars(e, 'awards_titles_promotion', '2026-03-09')).toBe(false);
    expect(entryBars(e, 'awards_titles_promotion', '2026-03-10')).toBe(true);
    expect(entryBars(e, 'awards_titles_promotion', '2030-03-10')).toBe(true);
    expect(entryBars(e, 'awards_titles_promotion', '2030-03-11')).toBe(false);
  });

  it('reads the entry against its own catalogue: henan 7 bars reviewers, not awards (national 7 does the reverse)', () => {
    expect(entryBars(entry({ profile: 'henan-2021' }), 'awards_titles_promotion', '2027-01-01')).toBe(false);
    expect(entryBars(entry({ profile: 'henan-2021' }), 'reviewer_nominator', '2027-01-01')).toBe(true);
    expect(entryBars(entry(), 'reviewer_nominator', '2027-01-01')).toBe(false);
  });

  it('a permanent entry has no end; a revoked entry, or an entry of a revoked or not yet effective decision, bars nothing', () => {
    expect(entryBars(entry({ permanent: true, endsOn: null }), 'awards_titles_promotion', '2099-01-01')).toBe(true);
    expect(entryBars(entry({ status: 'revoked' }), 'awards_titles_promotion', '2027-01-01')).toBe(false);
    expect(entryBars(entry({ decisionStatus: 'revoked' }), 'awards_titles_promotion', '2027-01-01')).toBe(false);
    expect(entryBars(entry({ decisionStatus: 'pending' }), 'awards_titles_promotion', '2027-01-01')).toBe(false);
    // An entry registered by hand, not taken over by a decision of the system (issue 22 point 2): its own status decides.
    expect(entryBars(entry({ decisionStatus: null }), 'awards_titles_promotion', '2027-01-01')).toBe(true);
    expect(entryBars(entry({ decisionStatus: null, status: 'revoked' }), 'awards_titles_promotion', '2027-01-01')).toBe(false);
    expect(entryBars(entry({ decisionStatus: 'changed', status: 'changed' }), 'awards_titles_promotion', '2027-01-01')).toBe(true);
  });

  it('measures that bar nothing never bar, whatever their period', () => {
    for (const [profile, measure] of [
      ['national-2022', '2'],
      ['national-2022', '13'],
      ['henan-2021', '2'],
      ['henan-2021', '11'],
    ]) {
      for (const activity of BARRED_ACTIVITIES) {
        expect(entryBars(entry({ profile, measure, endsOn: null }), activity, '2027-01-01')).toBe(false);
        expect(entryBars(entry({ profile, measure, permanent: true, endsOn: null }), activity, '2027-01-01')).toBe(false);
      }
    }
  });
});

describe('checkBars', () => {
  const national7 = entry();
  const national13 = entry({ measure: '13', endsOn: null });
  const henan5 = entry({ profile: 'henan-2021', measure: '5', startsOn: '2026-06-01', endsOn: '2027-06-01' });

  it('answers per activity and overall; the database record alone answers nothing', () => {
    const a = checkBars([national7, national13, henan5], BARRED_ACTIVITIES, '2026-07-01');
    expect(a.activities).toEqual([
      { activity: 'funded_projects', barred: true, until: '2027-06-01', permanent: false },
      { activity: 'awards_titles_promotion', barred: true, until: '2030-03-10', permanent: false },
      { activity: 'reviewer_nominator', barred: false, until: null, permanent: false },
      { activity: 'graduate_supervision', barred: false, until: null, permanent: false },
      { activity: 'st_services', barred: false, until: null, permanent: false },
    ]);
    expect(a).toMatchObject({ barred: true, until: '2030-03-10', permanent: false, entries: [national7, henan5] });
    expect(checkBars([national13], BARRED_ACTIVITIES, '2026-07-01')).toMatchObject({ barred: false, until: null, entries: [] });
  });

  it('joins bars that follow each other without a free day; a gap ends the bar', () => {
    const next = entry({ startsOn: '2030-03-11', endsOn: '2031-03-11' });
    expect(checkBars([national7, next], ['awards_titles_promotion'], '2027-01-01').until).toBe('2031-03-11');
    const gap = entry({ startsOn: '2030-03-12', endsOn: '2031-03-12' });
    expect(checkBars([national7, gap], ['awards_titles_promotion'], '2027-01-01').until).toBe('2030-03-10');
    const forever = entry({ startsOn: '2030-03-11', endsOn: null, permanent: true });
    expect(checkBars([national7, forever], ['awards_titles_promotion'], '2027-01-01')).toMatchObject({
      barred: true,
      until: null,
      permanent: true,
    });
  });

  it("asked about one activity, another activity's bar does not answer", () => {
    expect(checkBars([national7], ['funded_projects'], '2027-01-01')).toMatchObject({ barred: false, entries: [] });
    expect(checkBars([national7], [], '2027-01-01')).toMatchObject({ barred: false, activities: [] });
  });
});
