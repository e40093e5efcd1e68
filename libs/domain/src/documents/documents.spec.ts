import { getPolicyProfile } from '../policy';
import {
  DOCUMENT_KINDS,
  DOCUMENT_TEMPLATES,
  articleZh,
  buildTemplateData,
  chineseNumeral,
  composeDocument,
  dateZh,
  documentRefusal,
  fillTemplate,
  periodZh,
  templatePaths,
  type DocumentFacts,
  type DocumentKind,
  type FilledDocument,
  type TemplateData,
} from './index';

const FULL_ID = '110105202001180428';
const MASKED_ID = '1101052020****0428';
const FULL_ID_2 = '11010519491231002X';

/** A case that went through every step: accepted, decided (two authors, one penalised), reviewed and appealed. */
function facts(profile: string, over: Partial<DocumentFacts> = {}): DocumentFacts {
  return {
    profile,
    caseNumber: 'SC-2026-000123',
    caseTitle: '撤稿论文调查',
    source: 'report',
    receivedAt: '2026-03-02',
    subjects: [{ name: '王五', organisation: '洛阳市中心医院' }],
    paper: { title: 'A retracted study of things', doi: '10.1000/xyz' },
    handlingOrg: { name: '洛阳市中心医院' },
    superiorOrg: { name: '洛阳市卫生健康委员会' },
    reporter: { name: '李四', realName: true },
    events: [
      { seq: 1, type: 'case_opened', data: {} },
      { seq: 2, type: 'accepted', data: { on: '2026-03-09' } },
      { seq: 3, type: 'decided', data: { outcome: 'misconduct', effectiveDate: '2026-06-01', summary: '经专家组评议，图表数据系编造。' } },
      { seq: 4, type: 'decision_delivered', data: { on: '2026-06-02' } },
      { seq: 5, type: 'review_applied', data: { on: '2026-06-10' } },
      { seq: 6, type: 'review_accepted', data: { on: '2026-06-15' } },
      { seq: 7, type: 'review_completed', data: { on: '2026-08-03', result: 'upheld', summary: '申诉理由不成立。' } },
      { seq: 8, type: 'appeal_applied', data: { on: '2026-08-10' } },
      { seq: 9, type: 'appeal_accepted', data: { on: '2026-08-14' } },
      { seq: 10, type: 'appeal_completed', data: { on: '2026-10-09', result: 'changed', summary: '处理期限调整为3年。' } },
    ],
    decision: {
      result: 'misconduct',
      effectiveDate: '2026-06-01',
      authors: [
        {
          order: 1,
          name: '王五',
          organisation: '洛阳市中心医院',
          idNumber: FULL_ID,
          idNumberMasked: MASKED_ID,
          penalise: true,
          misconductTypes: ['2'],
          severity: '3',
          measures:
            profile === 'henan-2021' ? [{ code: '5', years: 4 }, { code: '2' }, { code: '11' }] : [{ code: '7', years: 4 }, { code: '13' }],
          mitigating: [],
          aggravating: ['1'],
        },
        {
          order: 2,
          name: '赵六',
          organisation: '郑州大学',
          idNumber: FULL_ID_2,
          idNumberMasked: '1101051949****002X',
          penalise: false,
          misconductTypes: [],
          measures: [],
          mitigating: [],
          aggravating: [],
        },
      ],
    },
    decisionLetterNumber: '诚信处〔2026〕7号',
    ...over,
  };
}

const flat = (d: FilledDocument) =>
  [
    d.issuer,
    d.number,
    d.title,
    d.addressee,
    ...d.body.map((p) => p.text),
    d.signature,
    d.date,
    d.cc ?? '',
    d.note ?? '',
    d.printedBy,
    d.printedOn,
  ].join('\n');
const compose = (kind: DocumentKind, f: DocumentFacts, seq = 5, date = '2026-11-02') => composeDocument(kind, f, { prefixSeq: seq, date });

describe('Chinese renderings (GB/T 9704)', () => {
  it('writes numerals, articles, dates and periods the way official documents do', () => {
    expect([1, 10, 11, 14, 20, 41, 46, 99, 100, 105, 110, 999].map(chineseNumeral)).toEqual([
      '一',
      '十',
      '十一',
      '十四',
      '二十',
      '四十一',
      '四十六',
      '九十九',
      '一百',
      '一百零五',
      '一百一十',
      '九百九十九',
    ]);
    expect(() => chineseNumeral(0)).toThrow();
    expect(articleZh('art.44')).toBe('第四十四条');
    expect(() => articleZh('art.42–43')).toThrow();
    expect(dateZh('2026-03-05')).toBe('2026年3月5日'); // 月、日不编虚位
    expect(periodZh({ amount: 15, unit: 'working_days' })).toBe('15个工作日');
    expect(periodZh({ amount: 15, unit: 'days' })).toBe('15日');
    expect(periodZh({ amount: 6, unit: 'months' })).toBe('6个月');
  });
});

describe('templates are data: one per kind and profile', () => {
  it('has every kind for both profiles, each naming only fields a full case provides', () => {
    expect(Object.keys(DOCUMENT_TEMPLATES).sort()).toEqual(['henan-2021', 'national-2022']);
    for (const set of Object.values(DOCUMENT_TEMPLATES)) {
      expect(Object.keys(set.templates).sort()).toEqual([...DOCUMENT_KINDS].sort());
      for (const kind of DOCUMENT_KINDS) {
        const t = set.templates[kind];
        expect(t.kind).toBe(kind);
        const all = facts(set.profile);
        all.events.unshift({ seq: 0, type: 'rejected', data: { on: '2026-03-05', reason: 'no_evidence', note: '说明' } });
        const data = buildTemplateData(
          kind,
          all,
          { number: 'X〔2026〕1号', date: '2026-11-02' },
          { regulation: set.regulation, idNumbers: t.idNumbers },
        );
        const item = ((data.decision as TemplateData).authors as TemplateData[])[0]!;
        for (const { path, inItem } of templatePaths(t)) {
          const root = path.startsWith('item.') ? item : data;
          const keys = path.startsWith('item.') ? path.split('.').slice(1) : path.split('.');
          let node: unknown = root;
          for (const k of keys) node = (node as Record<string, unknown>)?.[k];
          expect({ profile: set.profile, kind, path, found: node !== undefined }).toEqual({
            profile: set.profile,
            kind,
            path,
            found: true,
          });
          if (path.startsWith('item.')) expect(inItem).toBe(true);
        }
      }
    }
  });

  it("offers the deadlines of the profile's own regulation only, as that regulation's articles", () => {
    for (const profile of ['national-2022', 'henan-2021']) {
      const p = getPolicyProfile(profile);
      const data = buildTemplateData(
        'acceptance_notice',
        facts(profile),
        { number: 'n', date: '2026-11-02' },
        { regulation: 'r', idNumbers: 'masked' },
      );
      const offered = Object.keys(data.deadline as TemplateData).sort();
      const own = Object.entries(p.deadlines)
        .filter(([, r]) => r!.source === p.source)
        .map(([k]) => k)
        .sort();
      expect(offered).toEqual(own);
      expect(offered).toContain('review_application');
      // a rule taken from another text (e.g. a lead's triage, 004) is not cited as an article of this regulation
      for (const [k, r] of Object.entries(p.deadlines)) if (r!.source !== p.source) expect(offered).not.toContain(k);
    }
  });

  it('a template naming a field the case does not have is refused, with the template and the path', () => {
    const t = { ...DOCUMENT_TEMPLATES['national-2022']!.templates.acceptance_notice, body: [{ p: '{case.nonexistent}' }] };
    expect(() => fillTemplate(t, { case: {} }, { issuer: 'x', number: 'n', isoDate: '2026-01-01', date: '2026年1月1日' })).toThrow(
      /acceptance_notice: \{case.nonexistent\} is not a field/,
    );
  });
});

describe.each(['national-2022', 'henan-2021'])('documents of a %s case', (profile) => {
  const p = getPolicyProfile(profile);
  const national = profile === 'national-2022';
  const regulation = DOCUMENT_TEMPLATES[profile]!.regulation;

  it('acceptance notice: to the reporter, with the acceptance date, the case number and the articles of the profile', () => {
    const d = compose('acceptance_notice', facts(profile));
    expect(d.title).toBe(national ? '科研失信行为举报受理通知书' : '科研诚信案件举报受理通知书');
    expect(d.number).toBe('诚信受〔2026〕5号');
    expect(d.issuer).toBe('洛阳市中心医院');
    expect(d.signature).toBe('洛阳市中心医院');
    expect(d.addressee).toBe('李四：');
    expect(d.date).toBe('2026年11月2日');
    const text = flat(d);
    for (const s of [
      '2026年3月2日',
      '王五',
      '2026年3月9日',
      'SC-2026-000123',
      'A retracted study of things',
      regulation,
      '第十四条',
      '第二十五条',
      '6个月',
      national ? '第四十六条' : '第五十条',
    ])
      expect(text).toContain(s);
    expect(text).not.toContain(FULL_ID);
    expect(text).not.toContain(MASKED_ID);
  });

  it('refusal notice: the reason of art.13 with its item, the note, and for henan the objection route', () => {
    const f = facts(profile, {
      events: [{ seq: 1, type: 'rejected', data: { on: '2026-03-10', reason: 'no_evidence', note: '未提供论文图片比对材料' } }],
      decision: null,
    });
    const d = compose('refusal_notice', f);
    const text = flat(d);
    for (const s of [
      '李四：',
      '第十三条第（二）项',
      '没有明确的证据和可查线索的',
      '2026年3月10日',
      '未提供论文图片比对材料',
      '第十四条',
      'SC-2026-000123',
    ])
      expect(text).toContain(s);
    expect(text.includes('提出异议')).toBe(p.allowsReporterObjection);
    const reasons = { not_misconduct: '（一）', repeat_without_new_evidence: '（三）', decided_without_new_evidence: '（四）' };
    for (const [reason, item] of Object.entries(reasons)) {
      const r = compose('refusal_notice', { ...f, events: [{ seq: 1, type: 'rejected', data: { on: '2026-03-10', reason } }] });
      expect(flat(r)).toContain(`第十三条第${item}项`);
      expect(flat(r)).not.toContain('具体情况说明'); // no note, no paragraph
    }
  });

  it('decision letter: persons with full ID numbers, findings, measures with periods, effective date, review route and deadline', () => {
    const d = compose('decision_letter', facts(profile));
    expect(d.title).toBe(national ? '科研失信行为调查处理决定书' : '科研诚信案件处理决定书');
    expect(d.number).toBe('诚信处〔2026〕5号');
    expect(d.addressee).toBe('王五、赵六：');
    expect(d.cc).toBe('郑州大学、洛阳市卫生健康委员会'); // the persons' units (not the issuer itself) and the superior
    const text = flat(d);
    const headings = d.body.filter((b) => b.style === 'h').map((b) => b.text);
    expect(headings).toEqual(
      national
        ? ['一、被处理人基本情况', '二、调查认定的事实', '三、处理决定', '四、救济途径和期限']
        : ['一、被处理人基本情况', '二、违规事实情况', '三、处理决定和依据', '四、救济途径和期限'],
    );
    // 003 art.28(一) / 001 art.29(一): the ID number in full
    expect(text).toContain(`1. 王五，工作单位：洛阳市中心医院，身份证件号码：${FULL_ID}。`);
    expect(text).toContain(`2. 赵六，工作单位：郑州大学，身份证件号码：${FULL_ID_2}。`);
    expect(text).toContain('情节严重');
    expect(text).toContain(national ? '编造研究过程、伪造研究成果' : '编造研究过程，伪造、篡改研究数据');
    expect(text).toContain('赵六：不予处理。');
    expect(text).toContain(national ? '伪造、篡改、隐匿、销毁证据的' : '伪造、篡改、销毁、藏匿证据的'); // aggravating factor
    if (national) {
      expect(text).toContain(
        '（一）一定期限取消申请或申报科技奖励、科技人才称号和职务职称晋升等资格，期限4年；（二）记入科研诚信严重失信行为数据库',
      );
      expect(text).toContain('第二十九条、第三十二条');
    } else {
      expect(text).toContain(
        '（一）一定期限直至永久取消申请或申报科技计划项目（专项、基金等）、科技奖励、科技人才称号和专业技术职务晋升等资格，期限4年；（二）一定范围内或公开通报；（三）记入省科研诚信严重失信行为数据库',
      );
      expect(text).toContain('第三十二条、第三十七条');
      expect(text).toContain('第四十七条');
      expect(text).toContain('复查期间，不停止本处理决定的执行（第四十六条）');
    }
    expect(text).toContain('经专家组评议，图表数据系编造。');
    expect(text).toContain('本决定自2026年6月1日起生效。');
    // 003 art.41: 15 working days; 001 art.44: 15 (calendar) days; to the deciding organisation
    const review = p.deadlines.review_application!;
    expect(text).toContain(`收到本决定书之日起${national ? '15个工作日' : '15日'}内，向洛阳市中心医院书面提出`);
    expect(text).toContain(`（${regulation}${articleZh(review.article)}）`);
    expect(articleZh(review.article)).toBe(national ? '第四十一条' : '第四十四条');
    expect(text).not.toContain('李四'); // the reporter never appears in a document to the persons handled (003 art.46)
    expect(text).not.toMatch(/[\u4e00-\u9fff][,;()]|[,;()][\u4e00-\u9fff]/); // the catalogue's half-width marks printed full-width
  });

  it('decision letter of a case without misconduct: the clarification, no measures, the headings renumbered', () => {
    const f = facts(profile, {
      decision: { result: 'no_misconduct', effectiveDate: '2026-06-01', authors: [{ ...facts(profile).decision!.authors[1]!, order: 1 }] },
      events: [
        { seq: 1, type: 'accepted', data: { on: '2026-03-09' } },
        { seq: 2, type: 'decided_clarification', data: { outcome: 'no_misconduct' } },
      ],
    });
    const d = compose('decision_letter', f);
    expect(d.body.filter((b) => b.style === 'h').map((b) => b.text.slice(0, 2))).toEqual(['一、', '二、', '三、']);
    const text = flat(d);
    expect(text).toContain('经调查，未发现赵六存在科研失信行为');
    expect(text).toContain(national ? '第三十九条' : '第四十三条');
    expect(text).not.toContain('给予以下处理');
  });

  it('review opinion: the application and acceptance dates, the result, the opinion, the appeal route to the superior', () => {
    const d = compose('review_opinion', facts(profile));
    expect(d.title).toBe(national ? '复查意见书' : '复查决定书');
    expect(d.number).toBe('诚信复查〔2026〕5号');
    expect(d.issuer).toBe('洛阳市中心医院');
    const text = flat(d);
    for (const s of [
      '（诚信处〔2026〕7号）',
      '2026年6月10日',
      '2026年6月15日',
      '维持原处理决定',
      '申诉理由不成立。',
      'SC-2026-000123',
      '向洛阳市卫生健康委员会',
      '15个工作日',
      national ? '第四十二条' : '第四十五条',
      national ? '第四十三条' : '第四十六条',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain(FULL_ID);
    expect(text).not.toContain('李四');
  });

  it('appeal opinion: issued by the superior, final, with the dates, the result and the opinion', () => {
    const d = compose('appeal_opinion', facts(profile));
    expect(d.title).toBe(national ? '复核意见书' : '申诉复查决定书');
    expect(d.issuer).toBe('洛阳市卫生健康委员会');
    expect(d.signature).toBe('洛阳市卫生健康委员会');
    const text = flat(d);
    for (const s of [
      '洛阳市中心医院作出的处理决定（诚信处〔2026〕7号）',
      '2026年8月10日',
      '2026年8月14日',
      '变更原处理决定',
      '处理期限调整为3年。',
      '最终结果',
      national ? '第四十二条' : '第四十五条',
      national ? '第四十三条' : '第四十六条',
    ]) {
      expect(text).toContain(s);
    }
    // an organisation without a superior hears the appeal itself (003 art.42)
    expect(compose('appeal_opinion', facts(profile, { superiorOrg: null })).issuer).toBe('洛阳市中心医院');
  });

  it('the same facts give the same document; the reporter enters only documents to the reporter', () => {
    for (const kind of DOCUMENT_KINDS) {
      const f =
        kind === 'refusal_notice'
          ? facts(profile, { events: [{ seq: 1, type: 'rejected', data: { on: '2026-03-10', reason: 'no_evidence' } }] })
          : facts(profile);
      expect(compose(kind, f)).toEqual(compose(kind, f));
      const data = buildTemplateData(kind, f, { number: 'n', date: '2026-11-02' }, { regulation: 'r', idNumbers: 'masked' });
      expect('reporter' in data).toBe(kind === 'acceptance_notice' || kind === 'refusal_notice');
    }
  });
});

describe('which documents a case allows now', () => {
  it('follows the step each records, needs a real-name reporter for the notices and a result form for the letters', () => {
    const opened = facts('national-2022', { events: [{ seq: 1, type: 'case_opened', data: {} }], decision: null });
    for (const kind of DOCUMENT_KINDS) expect(documentRefusal(kind, opened)).toMatch(/follows its step/);
    const full = facts('national-2022');
    expect(DOCUMENT_KINDS.filter((k) => documentRefusal(k, full) === null)).toEqual([
      'acceptance_notice',
      'decision_letter',
      'review_opinion',
      'appeal_opinion',
    ]);
    expect(documentRefusal('acceptance_notice', { ...full, reporter: { name: '匿名', realName: false } })).toMatch(
      /real-name reporter only \(003 art\.14\)/,
    );
    expect(documentRefusal('acceptance_notice', { ...full, reporter: null })).toMatch(/real-name/);
    expect(documentRefusal('decision_letter', { ...full, decision: null })).toMatch(/without a result form/);
    expect(
      documentRefusal(
        'acceptance_notice',
        facts('henan-2021', { events: [{ seq: 1, type: 'objection_upheld', data: { on: '2026-03-20' } }] }),
      ),
    ).toBeNull();
  });

  it('henan: an acceptance after an upheld objection says so', () => {
    const f = facts('henan-2021', {
      events: [
        { seq: 1, type: 'rejected', data: { on: '2026-03-10', reason: 'no_evidence' } },
        { seq: 2, type: 'objection_upheld', data: { on: '2026-03-20' } },
      ],
    });
    const text = flat(compose('acceptance_notice', f));
    expect(text).toContain('异议成立');
    expect(text).toContain('2026年3月20日');
    expect(text).not.toContain('经初核，你的举报符合受理条件');
  });
});
