/**
 * Decision catalogues against RULES.md §4 and the seeds:
 *   003 = 003_4e9e56e49ac7f018.txt (national-2022), 001 = 001_bc0ff0bc5a500df1.txt (henan-2021),
 *   002 = 002_6fd477049d211580.txt (the national system's result form).
 */
import { DomainError } from '../shared/domain-error';
import { CATALOGUES, DecisionCatalogue, DecisionCatalogueUnknownError, cite, getCatalogue } from './catalogue';

const S000_FILE = '000_1f5de3129eea889b.txt';

const codes = (xs: readonly { code: string }[]): string[] => xs.map((x) => x.code);
const range = (n: number): string[] => Array.from({ length: n }, (_, i) => String(i + 1));
const where = <T extends { code: string }>(xs: readonly T[], p: (x: T) => boolean): string[] => xs.filter(p).map((x) => x.code);

describe('getCatalogue', () => {
  it('knows exactly national-2022 and henan-2021', () => {
    expect(Object.keys(CATALOGUES).sort()).toEqual(['henan-2021', 'national-2022']);
    expect(getCatalogue('national-2022').profileCode).toBe('national-2022');
    expect(getCatalogue('henan-2021').profileCode).toBe('henan-2021');
  });

  it.each(['zhejiang-2023', '', 'NATIONAL-2022', 'toString', '__proto__'])('throws POLICY_PROFILE_UNKNOWN for %j', (code) => {
    let err: unknown;
    try {
      getCatalogue(code);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toBeInstanceOf(DecisionCatalogueUnknownError);
    expect((err as DomainError).code).toBe('POLICY_PROFILE_UNKNOWN');
    expect((err as DomainError).details).toEqual({ profile: code, known: ['national-2022', 'henan-2021'] });
  });

  it('is deeply frozen', () => {
    const c = getCatalogue('national-2022');
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.measures)).toBe(true);
    expect(Object.isFrozen(c.measures[4])).toBe(true);
    expect(Object.isFrozen(c.severityLevels[1].allowedMeasures)).toBe(true);
  });

  it('cite shortens a seed file name', () => {
    expect(cite('003_4e9e56e49ac7f018.txt', 'art.29')).toBe('003 art.29');
  });
});

describe('national-2022 (003, 002 form)', () => {
  const c = getCatalogue('national-2022');

  it('has 8 types (art.2), 4 levels (art.32), 14 measures (art.29), 5 mitigating (art.34), 7 aggravating (art.35) + 000 §13, 9 attachment kinds', () => {
    expect(codes(c.misconductTypes)).toEqual(range(8));
    expect(codes(c.severityLevels)).toEqual(range(4));
    expect(codes(c.measures)).toEqual(range(14));
    expect(codes(c.mitigatingFactors)).toEqual(range(5));
    expect(codes(c.aggravatingFactors)).toEqual(range(8));
    expect(c.selfInspectionFactor).toBe('8');
    expect(c.attachmentKinds).toHaveLength(9);
  });

  it('measures 3, 5, 7, 9, 10 carry a period; 5, 7, 9, 10 may be permanent and require 13; 14 requires text (art.29, RULES §4)', () => {
    expect(where(c.measures, (m) => m.carriesPeriod)).toEqual(['3', '5', '7', '9', '10']);
    expect(where(c.measures, (m) => m.periodRequired)).toEqual(['3', '5', '7', '9', '10']);
    expect(where(c.measures, (m) => m.permanentAllowed)).toEqual(['5', '7', '9', '10']);
    expect(where(c.measures, (m) => m.requiresRegistry)).toEqual(['5', '7', '9', '10']);
    for (const m of c.measures) expect(m.requiresMeasures).toEqual(m.requiresRegistry ? ['13'] : []);
    expect(where(c.measures, (m) => m.requiresText)).toEqual(['14']);
    expect(c.registryMeasure).toBe('13');
  });

  it('levels: (1) 1, 3, 11; (2)–(4) 2, 4–10, 12, 13; plus 14 everywhere [decision]; periods ≤3 / 3–5 / ≥5 or permanent (art.32)', () => {
    const [l1, l2, l3, l4] = c.severityLevels;
    expect(l1.allowedMeasures).toEqual(['1', '3', '11', '14']);
    for (const l of [l2, l3, l4]) expect(l.allowedMeasures).toEqual(['2', '4', '5', '6', '7', '8', '9', '10', '12', '13', '14']);
    expect([l1, l2, l3, l4].map((l) => [l.zh, l.rank, l.minYears, l.maxYears, l.permanentAllowed])).toEqual([
      ['情节较轻', 1, 1, 3, false],
      ['情节较重', 2, 1, 3, false],
      ['情节严重', 3, 3, 5, false],
      ['情节特别严重', 4, 5, null, true],
    ]);
    expect(l1.decision).toBe(true); // no period in art.32(1): capped at 3 years
  });

  it('types (1)–(5) require at least level (2) (art.32 last paragraph; 002 form note)', () => {
    expect(c.severityFloor).toEqual({
      types: ['1', '2', '3', '4', '5'],
      minSeverity: '2',
      source: '003_4e9e56e49ac7f018.txt',
      article: 'art.32',
    });
    expect(c.aggravatingFloor).toBeUndefined();
  });

  it('factor labels are verbatim from the 002 form', () => {
    expect(c.mitigatingFactors.map((f) => f.zh)).toEqual([
      '有证据显示属于过失行为且未造成重大影响的',
      '过错程度较轻且能积极配合调查的',
      '在调查处理前主动纠正错误,挽回损失或有效阻止危害结果发生的',
      '在调查中主动承认错误,并公开承诺严格遵守科研诚信要求、不再实施科研失信行为的',
      '论文作者在被举报前主动撤稿且未造成较大负面影响的,可从轻或免予处理',
    ]);
    expect(c.aggravatingFactors.map((f) => f.zh)).toEqual([
      '伪造、篡改、隐匿、销毁证据的',
      '阻挠他人提供证据,或干扰、妨碍调查核实的',
      '打击、报复举报人、证人、调查人员的',
      '存在利益输送或利益交换的',
      '有组织地实施科研失信行为的',
      '多次实施科研失信行为或同时存在多种科研失信行为的',
      '证据确凿、事实清楚而拒不承认错误的',
      '未在年度科研诚信自查中主动申报问题论文且经查实存在科研失信行为的',
    ]);
    for (const f of [...c.mitigatingFactors, ...c.aggravatingFactors.filter((f) => f.source !== S000_FILE)])
      expect(f.labelSource).toBe('002_6fd477049d211580.txt');
    expect(c.aggravatingFactors.find((f) => f.code === c.selfInspectionFactor)).toMatchObject({
      source: S000_FILE,
      article: '§13',
      decision: true,
    });
  });

  it('type (1) and measures 1–7, 12–14 take their labels from the 002 form; the rest are marked decisions', () => {
    expect(where(c.misconductTypes, (t) => t.labelSource === '002_6fd477049d211580.txt')).toEqual(['1']);
    expect(where(c.misconductTypes, (t) => t.decision === true)).toEqual(['2', '3', '4', '5', '6', '7', '8']);
    expect(where(c.measures, (m) => m.labelSource === '002_6fd477049d211580.txt')).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '12',
      '13',
      '14',
    ]);
    expect(where(c.measures, (m) => m.decision === true)).toEqual(['8', '9', '10', '11']);
  });
});

describe('henan-2021 (001)', () => {
  const c = getCatalogue('henan-2021');

  it('has 9 types (art.2), 4 levels (art.37), 12 measures (art.32), 6 mitigating (art.34), 8 aggravating (art.35) + 000 §13, 9 attachment kinds', () => {
    expect(codes(c.misconductTypes)).toEqual(range(9));
    expect(codes(c.severityLevels)).toEqual(range(4));
    expect(codes(c.measures)).toEqual(range(12));
    expect(codes(c.mitigatingFactors)).toEqual(range(6));
    expect(codes(c.aggravatingFactors)).toEqual(range(9));
    expect(c.selfInspectionFactor).toBe('9');
    expect(c.attachmentKinds).toHaveLength(9);
  });

  it("period measures are art.47's 3, 5, 7, 8, 9, 10; 9 only optionally (暂缓); 5, 7, 8, 10 may be permanent", () => {
    expect(where(c.measures, (m) => m.carriesPeriod)).toEqual(['3', '5', '7', '8', '9', '10']);
    expect(where(c.measures, (m) => m.periodRequired)).toEqual(['3', '5', '7', '8', '10']);
    expect(where(c.measures, (m) => m.permanentAllowed)).toEqual(['5', '7', '8', '10']);
  });

  it('art.39: 5, 6, 7, 10 require 2 (通报批评) and 11 (provincial database); 12 requires text', () => {
    expect(where(c.measures, (m) => m.requiresRegistry)).toEqual(['5', '6', '7', '10']);
    for (const m of c.measures) expect(m.requiresMeasures).toEqual(m.requiresRegistry ? ['2', '11'] : []);
    expect(c.measures.find((m) => m.code === '5')!.requiresArticle).toBe('art.39');
    expect(where(c.measures, (m) => m.requiresText)).toEqual(['12']);
    expect(c.registryMeasure).toBe('11');
  });

  it('levels (art.37): (1) 1, 3, 9, 12; (2)–(4) 2, 4–12; periods ≤3 / 3–5 / ≥5 or permanent', () => {
    const [l1, l2, l3, l4] = c.severityLevels;
    expect(l1.allowedMeasures).toEqual(['1', '3', '9', '12']);
    for (const l of [l2, l3, l4]) expect(l.allowedMeasures).toEqual(['2', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    expect([l1, l2, l3, l4].map((l) => [l.zh, l.minYears, l.maxYears, l.permanentAllowed])).toEqual([
      ['情节较轻', 1, 3, false],
      ['情节较重', 1, 3, false],
      ['情节严重', 3, 5, false],
      ['情节特别严重', 5, null, true],
    ]);
    expect(l3.zhFull).toContain('取消3~5年');
    expect(l4.zhFull).toContain('5年以上直至永久');
  });

  it('types (1)–(6) require at least level (2) (art.37); aggravating factors mean at least level (2) (art.35)', () => {
    expect(c.severityFloor).toEqual({
      types: ['1', '2', '3', '4', '5', '6'],
      minSeverity: '2',
      source: '001_bc0ff0bc5a500df1.txt',
      article: 'art.37',
    });
    expect(c.aggravatingFloor).toEqual({ minSeverity: '2', source: '001_bc0ff0bc5a500df1.txt', article: 'art.35' });
  });

  it("labels are 001's own, not national's", () => {
    expect(c.misconductTypes[4].zh).toBe('虚报、冒领、挪用、套取财政科研资金');
    expect(c.measures[10].zh).toBe('记入省科研诚信严重失信行为数据库');
    expect(c.measures[5].zh).toContain('中原学者');
    expect(c.aggravatingFactors[6].zh).toBe('态度恶劣,证据确凿、事实清楚而拒不承认错误的');
    expect(c.mitigatingFactors[3].zh).toBe('主动反映问题线索并经查属实的');
  });
});

describe.each(Object.values(CATALOGUES).map((c) => [c.profileCode, c] as [string, DecisionCatalogue]))(
  '%s: internal consistency',
  (_code, c) => {
    it('every level allows only catalogue measures, and whatever a measure requires is allowed wherever the measure is', () => {
      const known = new Set(codes(c.measures));
      for (const l of c.severityLevels) {
        for (const m of l.allowedMeasures) expect(known.has(m)).toBe(true);
        for (const code of l.allowedMeasures) {
          for (const req of c.measures.find((m) => m.code === code)!.requiresMeasures)
            expect([l.code, code, l.allowedMeasures.includes(req)]).toEqual([l.code, code, true]);
        }
      }
      expect(known.has(c.registryMeasure)).toBe(true);
    });

    it('every text-requiring ("other") measure is allowed at every level; permanent only at the top level', () => {
      for (const m of c.measures.filter((x) => x.requiresText))
        for (const l of c.severityLevels) expect(l.allowedMeasures).toContain(m.code);
      expect(where(c.severityLevels, (l) => l.permanentAllowed)).toEqual(['4']);
      for (const m of c.measures) if (m.permanentAllowed) expect(m.carriesPeriod).toBe(true);
    });

    it('the floor rules name existing types and levels; ranks run 1..4', () => {
      for (const t of c.severityFloor.types) expect(codes(c.misconductTypes)).toContain(t);
      expect(codes(c.severityLevels)).toContain(c.severityFloor.minSeverity);
      expect(c.severityLevels.map((l) => l.rank)).toEqual([1, 2, 3, 4]);
    });

    it('every entry has zh/en labels without enumerators or final punctuation, a source and an article; decisions carry a note', () => {
      const all = [...c.misconductTypes, ...c.severityLevels, ...c.measures, ...c.mitigatingFactors, ...c.aggravatingFactors];
      for (const e of all) {
        expect(e.zh).toMatch(/^[^(（\s][^\s]*[^;；。,，\s]$/u);
        expect(e.en.length).toBeGreaterThan(3);
        expect(e.source).toMatch(/^00[0-4]_[0-9a-f]{16}\.txt$/);
        expect(e.article).toMatch(e.source === S000_FILE ? /^§\d+$/ : /^art\.\d+$/);
        if (e.decision) expect(e.note).toBeTruthy();
      }
    });

    it('attachments (002): five required kinds, four optional, in form order', () => {
      expect(c.attachmentKinds.map((a) => [a.code, a.required])).toEqual([
        ['institution_report', true],
        ['author_statement', true],
        ['interview_records', true],
        ['raw_data', true],
        ['submission_records', true],
        ['unit_conclusion', false],
        ['decision_letter', false],
        ['original_paper', false],
        ['other', false],
      ]);
    });
  },
);
