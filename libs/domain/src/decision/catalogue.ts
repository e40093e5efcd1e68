/**
 * Handling-decision catalogues (RULES.md §4): misconduct types, severity levels, measures, mitigating and
 * aggravating factors and required attachments of each policy profile, as DATA. The validator
 * (decision-form.ts) never branches on a profile code; it reads the catalogue.
 *
 *   003 = 003_4e9e56e49ac7f018.txt — 科研失信行为调查处理规则 (国科发监〔2022〕221号), profile `national-2022`
 *   001 = 001_bc0ff0bc5a500df1.txt — 河南省科研诚信案件调查处理办法(试行) (豫科〔2021〕77号), profile `henan-2021`
 *   002 = 002_6fd477049d211580.txt — training slides of the national system's result form (处罚措施 dialog)
 *
 * The 003 seed gives art.2 and art.29 in English only, and art.32, 34 and 35 are elided (empty). Chinese labels
 * are therefore taken from the 002 form where it shows them (marked `labelSource: 002`); where no seed has the
 * Chinese text, the label is the published text of 国科发监〔2022〕221号 and the entry is marked `decision: true`.
 * Entries with `decision: true` are product decisions where the seeds are silent or elided; keep them configurable.
 *
 * Pure module: safe inside Temporal workflow code.
 */
import { DomainError } from '../shared/domain-error';

export const S003 = '003_4e9e56e49ac7f018.txt';
export const S001 = '001_bc0ff0bc5a500df1.txt';
export const S002 = '002_6fd477049d211580.txt';
export const S000 = '000_1f5de3129eea889b.txt';

/**
 * 000 §13 (NHC 2026): 凡未在年度自查中主动申报问题论文且经查实存在科研失信行为的，依据《科研失信行为调查处理规则》对论文作者从重处罚.
 * A ground for heavier handling that the 002 form predates: appended to each profile's aggravating factors (the
 * decision form takes its code), and suggested on a case whose paper was not declared in a self-inspection
 * (libs/domain/src/self-inspection). [decision] Its code follows the profile's own items.
 */
function undeclaredSelfInspection(code: string): CatalogueEntry {
  return entry(
    code,
    '未在年度科研诚信自查中主动申报问题论文且经查实存在科研失信行为的',
    'Problem paper not declared in the annual self-inspection and misconduct confirmed',
    S000,
    '§13',
    {
      decision: true,
      note: "[decision] 000 §13 adds this ground (从重处罚) after the 002 form was made; numbered after the profile's own items.",
    },
  );
}

/** Common shape of every catalogue item. */
export interface CatalogueEntry {
  /** '1', '2', … — the item's number in its article (一→'1'). */
  code: string;
  /** Chinese label, verbatim from a seed where one has it (enumerator and final punctuation dropped). */
  zh: string;
  /** English gloss. */
  en: string;
  /** Seed file the rule comes from. */
  source: string;
  /** Article of that seed, e.g. 'art.29'. */
  article: string;
  /** Seed the Chinese label is copied from, when it is not `source` (e.g. the 002 form for 003's English-only articles). */
  labelSource?: string;
  /** True where the seeds are silent or elided and the product decided. Keep configurable. */
  decision?: boolean;
  note?: string;
}

export type MisconductType = CatalogueEntry;
export type Factor = CatalogueEntry;

/**
 * Activities a registry entry can bar a person from (RULES.md §6: "is person X barred from activity Y on date D"). Each
 * measure of a catalogue names the activities it bars (`Measure.bars`); the bar check answers per activity, so an entry
 * is read against its own profile's catalogue and a question crosses catalogues only through these names.
 */
export const BARRED_ACTIVITIES = [
  'funded_projects',
  'awards_titles_promotion',
  'reviewer_nominator',
  'graduate_supervision',
  'st_services',
] as const;
export type BarredActivity = (typeof BARRED_ACTIVITIES)[number];

export const BARRED_ACTIVITY_LABELS: Readonly<Record<BarredActivity, { zh: string; en: string }>> = Object.freeze({
  funded_projects: {
    zh: '承担、参与或申报财政性资金支持的科技计划项目(专项、基金等)',
    en: 'undertaking, joining or applying for government-funded S&T projects',
  },
  awards_titles_promotion: {
    zh: '申请或申报科技奖励、科技人才称号和职务职称晋升',
    en: 'applying for S&T awards, talent titles or promotion',
  },
  reviewer_nominator: {
    zh: '作为提名或推荐人、被提名或被推荐人、评审专家',
    en: 'acting as nominator/recommender, nominee or review expert',
  },
  graduate_supervision: { zh: '招收研究生、担任研究生导师', en: 'recruiting graduate students, graduate supervision' },
  st_services: { zh: '申请财政性资金支持的科学技术管理或科技中介服务', en: 'government-funded S&T management or intermediary services' },
});

export interface Measure extends CatalogueEntry {
  /**
   * Activities the measure bars for its period (the bar check, RULES.md §6). Empty for every measure that bars nothing:
   * a talk, circulated criticism (通报批评), revocations of what was obtained, and the database record itself.
   */
  bars: readonly BarredActivity[];
  /** The measure may carry a period in years (一定期限 / 限期). */
  carriesPeriod: boolean;
  /** A period (years, or permanent where allowed) must be given. False where the period applies only to one variant. */
  periodRequired: boolean;
  /** The period may be "permanent" (直至永久) — still only at a severity level whose `permanentAllowed` is true. */
  permanentAllowed: boolean;
  /** Free text describing the measure is required (其他处理). */
  requiresText: boolean;
  /** Choosing this measure requires the registry measure (记入…严重失信行为数据库) too. */
  requiresRegistry: boolean;
  /** Every measure that must accompany this one (includes the registry measure when `requiresRegistry`). */
  requiresMeasures: readonly string[];
  /** Article imposing `requiresMeasures`, e.g. 'art.29'. */
  requiresArticle?: string;
}

export interface SeverityLevel extends CatalogueEntry {
  /** 1 = minor … 4 = especially serious; comparisons ("at least level (2)") use rank. */
  rank: number;
  /** The level's full text as the form / article gives it. */
  zhFull: string;
  /** Measure codes allowed at this level. */
  allowedMeasures: readonly string[];
  /** Bounds, in whole years, of any period given at this level (inclusive). */
  minYears: number;
  /** Upper bound in years, or null for none ("5年以上"). */
  maxYears: number | null;
  /** A period may be permanent (直至永久) at this level. */
  permanentAllowed: boolean;
}

export type AttachmentKindCode =
  | 'institution_report'
  | 'author_statement'
  | 'interview_records'
  | 'raw_data'
  | 'submission_records'
  | 'unit_conclusion'
  | 'decision_letter'
  | 'original_paper'
  | 'other';

export interface AttachmentKind {
  code: AttachmentKindCode;
  zh: string;
  en: string;
  /** Starred (*) in the 002 form: needed before the result can be submitted. */
  required: boolean;
  source: string;
  article: string;
  decision?: boolean;
  note?: string;
}

/** "Types … require at least level (n)" (003 art.32 last paragraph; 001 art.37 last paragraph). */
export interface SeverityFloorRule {
  types: readonly string[];
  minSeverity: string;
  source: string;
  article: string;
}

/** Any aggravating factor makes the conduct at least level (n) (001 art.35: 认定为情节较重或严重). */
export interface AggravatingFloorRule {
  minSeverity: string;
  source: string;
  article: string;
}

export interface DecisionCatalogue {
  profileCode: string;
  /** Seed holding the regulation. */
  source: string;
  /** Issue citations per topic, e.g. { types: '003 art.2' }. */
  refs: {
    types: string;
    severity: string;
    measures: string;
    mitigating: string;
    aggravating: string;
  };
  misconductTypes: readonly MisconductType[];
  severityLevels: readonly SeverityLevel[];
  measures: readonly Measure[];
  mitigatingFactors: readonly Factor[];
  aggravatingFactors: readonly Factor[];
  attachmentKinds: readonly AttachmentKind[];
  /** Code of the measure "record in the serious-misconduct database". */
  registryMeasure: string;
  severityFloor: SeverityFloorRule;
  /** Present only where the regulation ties aggravating factors to a minimum level (henan-2021). */
  aggravatingFloor?: AggravatingFloorRule;
  /** Code of the aggravating factor "not declared in the annual self-inspection" (000 §13). */
  selfInspectionFactor: string;
}

/** Code POLICY_PROFILE_UNKNOWN, as for `getPolicyProfile`. */
export class DecisionCatalogueUnknownError extends DomainError {
  declare readonly code: 'POLICY_PROFILE_UNKNOWN';
  constructor(readonly profileCode: string) {
    super(
      'POLICY_PROFILE_UNKNOWN',
      `no decision catalogue for policy profile ${JSON.stringify(profileCode)}; known: ${Object.keys(CATALOGUES).join(', ')}`,
      {
        profile: profileCode,
        known: Object.keys(CATALOGUES),
      },
    );
    this.name = 'DecisionCatalogueUnknownError';
  }
}

const OFFICIAL_ZH_NOTE =
  'Chinese label not in the seeds (003 gives this article in English only and 002 does not show it); taken from the published text of 国科发监〔2022〕221号 — verify against the gazette.';

function entry(code: string, zh: string, en: string, source: string, article: string, extra: Partial<CatalogueEntry> = {}): CatalogueEntry {
  return { code, zh, en, source, article, ...extra };
}

function measure(
  code: string,
  zh: string,
  en: string,
  source: string,
  article: string,
  m: Partial<Omit<Measure, keyof CatalogueEntry>> & Partial<Pick<CatalogueEntry, 'labelSource' | 'decision' | 'note'>> = {},
): Measure {
  const requiresMeasures = m.requiresMeasures ?? [];
  const carriesPeriod = m.carriesPeriod ?? false;
  return {
    code,
    zh,
    en,
    source,
    article,
    bars: m.bars ?? [],
    carriesPeriod,
    periodRequired: m.periodRequired ?? carriesPeriod,
    permanentAllowed: m.permanentAllowed ?? false,
    requiresText: m.requiresText ?? false,
    requiresRegistry: m.requiresRegistry ?? false,
    requiresMeasures,
    ...(m.requiresArticle ? { requiresArticle: m.requiresArticle } : {}),
    ...(m.labelSource ? { labelSource: m.labelSource } : {}),
    ...(m.decision ? { decision: true } : {}),
    ...(m.note ? { note: m.note } : {}),
  };
}

const ATTACHMENTS_NOTE_002 = '002 form, 上传附件 section; * = required before 提交结果.';

function attachmentKinds(source: string, article: string, decisionNote?: string): AttachmentKind[] {
  const extra = decisionNote ? { decision: true, note: decisionNote } : { note: ATTACHMENTS_NOTE_002 };
  const a = (code: AttachmentKindCode, zh: string, en: string, required: boolean): AttachmentKind => ({
    code,
    zh,
    en,
    required,
    source,
    article,
    ...extra,
  });
  // 002: 上传机构调查报告* / 1、作者情况说明* / 2、调查谈话记录* / 3、论文原始数据…* / 4、投稿记录…* / 5–8 optional
  return [
    a('institution_report', '机构调查报告', 'Institution investigation report', true),
    a('author_statement', '作者情况说明', 'Author statement', true),
    a('interview_records', '调查谈话记录', 'Interview records', true),
    a(
      'raw_data',
      '论文原始数据:包括实验记录、服务合同、汇款记录、实验数据等',
      'Raw data: lab records, service contracts, payment records, datasets',
      true,
    ),
    a('submission_records', '投稿记录、投稿时所有论文作者签字单', "Submission records with all authors' signatures", true),
    a('unit_conclusion', '单位调查结论(正文已有可不用提供)', 'Unit conclusion (not needed if in the report)', false),
    a('decision_letter', '调查处理决定书(正文已有可不用提供)', 'Decision letter (not needed if in the report)', false),
    a('original_paper', '涉事论文原文(如有原文可不提供)', 'Original paper (not needed if already on file)', false),
    a('other', '其他文件', 'Other documents', false),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// national-2022 (003)
// ---------------------------------------------------------------------------------------------------------------

const N_LEVEL_2_TO_4 = ['2', '4', '5', '6', '7', '8', '9', '10', '12', '13', '14'];
const N_OTHER_NOTE =
  'Measure (14) 其他处理 appears in no level of art.32; [decision] it is allowed at every level (the 002 form offers it whatever the level) and needs free text.';

const NATIONAL_2022: DecisionCatalogue = {
  profileCode: 'national-2022',
  source: S003,
  refs: { types: '003 art.2', severity: '003 art.32', measures: '003 art.29', mitigating: '003 art.34', aggravating: '003 art.35' },
  // 003 art.2 (English in the seed); type (1)'s Chinese label is shown in the 002 form (此作者属于哪类失信行为?)
  misconductTypes: [
    entry(
      '1',
      '抄袭剽窃、侵占他人研究成果或项目申请书',
      "Plagiarising or misappropriating others' research results or project applications",
      S003,
      'art.2',
      {
        labelSource: S002,
        note: 'Label as shown in the 002 form; the published text reads 抄袭、剽窃、侵占….',
      },
    ),
    entry(
      '2',
      '编造研究过程、伪造研究成果,买卖实验研究数据,伪造、篡改实验研究数据、图表、结论、检测报告或用户使用报告等',
      'Fabricating research processes or results, buying/selling research data, falsifying data, charts, conclusions, test or usage reports',
      S003,
      'art.2',
      { decision: true, note: OFFICIAL_ZH_NOTE },
    ),
    entry(
      '3',
      '买卖、代写、代投论文或项目申报验收材料等,虚构同行评议专家及评议意见',
      'Buying, selling, ghost-writing or ghost-submitting papers or project materials; fabricating peer reviewers or reviews',
      S003,
      'art.2',
      { decision: true, note: OFFICIAL_ZH_NOTE },
    ),
    entry(
      '4',
      '以故意提供虚假信息等弄虚作假的方式或采取请托、贿赂、利益交换等不正当手段获得科研活动审批,获取科技计划(专项、基金等)项目、科研经费、奖励、荣誉、职务职称等',
      'Deception or improper means (favours, bribery, exchange of benefits) to obtain approvals, projects, funds, awards, honours or titles',
      S003,
      'art.2',
      { decision: true, note: OFFICIAL_ZH_NOTE },
    ),
    entry(
      '5',
      '以弄虚作假方式获得科技伦理审查批准,或伪造、篡改科技伦理审查批准文件等',
      'Obtaining ethics-review approval by deception, or forging/altering ethics approval documents',
      S003,
      'art.2',
      { decision: true, note: OFFICIAL_ZH_NOTE },
    ),
    entry(
      '6',
      '无实质学术贡献署名等违反论文、奖励、专利等署名规范的行为',
      'Authorship violations on papers, awards, patents (e.g. named without substantive contribution)',
      S003,
      'art.2',
      { decision: true, note: OFFICIAL_ZH_NOTE },
    ),
    entry(
      '7',
      '重复发表,引用与论文内容无关的文献,要求作者非必要地引用特定文献等违反学术出版规范的行为',
      'Publication-norm violations: duplicate publication, irrelevant citations, coerced citations',
      S003,
      'art.2',
      { decision: true, note: OFFICIAL_ZH_NOTE },
    ),
    entry('8', '其他科研失信行为', 'Other research misconduct', S003, 'art.2', { decision: true, note: OFFICIAL_ZH_NOTE }),
  ],
  // 003 art.32 is elided in the seed; the four levels, their measure sets and period bounds are in the 002 form
  // (视情节轻重给予以下哪类处理?) and RULES.md §4. Every level also allows (14) — see N_OTHER_NOTE.
  severityLevels: [
    {
      ...entry('1', '情节较轻', 'Minor', S003, 'art.32', {
        labelSource: S002,
        decision: true,
        note:
          "Art.32(1) sets no period. [decision] A period (measure 3) at this level is 1–3 whole years, capped at level (2)'s maximum so a minor case never outlasts a more serious one. (14) allowed: " +
          N_OTHER_NOTE,
      }),
      rank: 1,
      zhFull: '(一)情节较轻的,给予本规则第二十九条第一项、第三项、第十一项相应处理',
      allowedMeasures: ['1', '3', '11', '14'],
      minYears: 1,
      maxYears: 3,
      permanentAllowed: false,
    },
    {
      ...entry('2', '情节较重', 'Serious (lesser)', S003, 'art.32', {
        labelSource: S002,
        note: 'Periods "3年以内": 1–3 whole years. zhFull reassembled from the 002 dropdown, whose OCR splits it. (14): ' + N_OTHER_NOTE,
      }),
      rank: 2,
      zhFull: '(二)情节较重的,给予本规则第二十九条第二项、第四至第十项、第十二项、第十三项相应处理,其中涉及取消或禁止期限的,期限为3年以内',
      allowedMeasures: N_LEVEL_2_TO_4,
      minYears: 1,
      maxYears: 3,
      permanentAllowed: false,
    },
    {
      ...entry('3', '情节严重', 'Serious', S003, 'art.32', {
        labelSource: S002,
        note: 'Periods "3至5年": 3–5 years inclusive. zhFull reassembled from the 002 dropdown, whose OCR splits it. (14): ' + N_OTHER_NOTE,
      }),
      rank: 3,
      zhFull: '(三)情节严重的,给予本规则第二十九条第二项、第四至第十项、第十二项、第十三项相应处理,其中涉及取消或禁止期限的,期限为3至5年',
      allowedMeasures: N_LEVEL_2_TO_4,
      minYears: 3,
      maxYears: 5,
      permanentAllowed: false,
    },
    {
      ...entry('4', '情节特别严重', 'Especially serious', S003, 'art.32', {
        labelSource: S002,
        decision: true,
        note:
          'The 002 form text is cut off after "期限为5年以"; completed as "5年以上,直至永久" per RULES.md §4 (≥ 5 years up to permanent). (14): ' +
          N_OTHER_NOTE,
      }),
      rank: 4,
      zhFull:
        '(四)情节特别严重的,给予本规则第二十九条第二项、第四至第十项、第十二项、第十三项相应处理,其中涉及取消或禁止期限的,期限为5年以上,直至永久',
      allowedMeasures: N_LEVEL_2_TO_4,
      minYears: 5,
      maxYears: null,
      permanentAllowed: true,
    },
  ],
  // 003 art.29 (English in the seed); Chinese labels from the 002 form's measure checklist where shown.
  // 003 art.29: 给予前款第五、七、九、十项处理的,应同时给予前款第十三项处理。
  // Bars (the registry's check, RULES.md §6): the four "for a specified period" prohibitions (5) 禁止承担或参与…科技活动,
  // (7) 取消申请…科技奖励、科技人才称号和职务职称晋升等资格, (9) 取消作为提名或推荐人…评审专家等资格, (10) 减招、暂停招收研究生…
  // bar one activity each. [decision] (3) 暂停…限期整改 suspends the activities under way until they are put right; it bars no
  // new activity, so it answers no bar question. (2) 通报 and (13) the database record bar nothing by themselves.
  measures: [
    measure('1', '科研诚信诫勉谈话', 'Admonition talk on research integrity', S003, 'art.29', {
      labelSource: S002,
      note: 'The 002 OCR is garbled here ("科研诚信诫划地谈话"); read as 诫勉谈话.',
    }),
    measure('2', '一定范围内公开通报', 'Circulated criticism within a specified range', S003, 'art.29', {
      labelSource: S002,
      note: 'Label as shown in the 002 form (its OCR reads "-定范围内公开通报"); the published text, like 001, reads 一定范围内或公开通报.',
    }),
    measure(
      '3',
      '暂停科技计划(专项、基金等)项目等财政性资金支持的科技活动,限期整改',
      'Suspend government-funded S&T activities; rectify within a set time',
      S003,
      'art.29',
      {
        labelSource: S002,
        carriesPeriod: true,
        note: 'RULES.md §4: carries a period; the 002 form offers years (1年–5年, 其他年限). Label reassembled from garbled 002 OCR ("智停科技计划(专口页、基金等)…").',
      },
    ),
    measure(
      '4',
      '终止或撤销利用科研失信行为获得的科技计划(专项、基金等)项目等财政性资金支持的科技活动,追回结余资金,追回已拨财政资金',
      'Terminate/revoke funded activities obtained by misconduct; recover funds',
      S003,
      'art.29',
      { labelSource: S002 },
    ),
    measure(
      '5',
      '一定期限禁止承担或参与科技计划(专项、基金等)项目等财政性资金支持的科技活动',
      'Bar from undertaking or joining government-funded S&T activities for a period',
      S003,
      'art.29',
      {
        bars: ['funded_projects'],
        labelSource: S002,
        carriesPeriod: true,
        permanentAllowed: true,
        requiresRegistry: true,
        requiresMeasures: ['13'],
        requiresArticle: 'art.29',
      },
    ),
    measure(
      '6',
      '撤销利用科研失信行为获得的相关学术奖励、荣誉等并追回奖金,撤销利用科研失信行为获得的职务职称',
      'Revoke awards, honours and titles obtained by misconduct; recover bonuses',
      S003,
      'art.29',
      { labelSource: S002 },
    ),
    measure(
      '7',
      '一定期限取消申请或申报科技奖励、科技人才称号和职务职称晋升等资格',
      'Bar from applying for awards, talent titles or promotion for a period',
      S003,
      'art.29',
      {
        bars: ['awards_titles_promotion'],
        labelSource: S002,
        carriesPeriod: true,
        permanentAllowed: true,
        requiresRegistry: true,
        requiresMeasures: ['13'],
        requiresArticle: 'art.29',
      },
    ),
    measure(
      '8',
      '取消已获得的院士等高层次专家称号,学会、协会、研究会等学术团体以及学术、学位委员会等学术工作机构的委员或成员资格',
      'Revoke academician-type titles and memberships of academic bodies and committees',
      S003,
      'art.29',
      {
        decision: true,
        note: OFFICIAL_ZH_NOTE,
      },
    ),
    measure(
      '9',
      '一定期限取消作为提名或推荐人、被提名或被推荐人、评审专家等资格',
      'Bar as nominator/recommender, nominee or reviewer for a period',
      S003,
      'art.29',
      {
        bars: ['reviewer_nominator'],
        carriesPeriod: true,
        permanentAllowed: true,
        requiresRegistry: true,
        requiresMeasures: ['13'],
        requiresArticle: 'art.29',
        decision: true,
        note: OFFICIAL_ZH_NOTE,
      },
    ),
    measure(
      '10',
      '一定期限减招、暂停招收研究生直至取消研究生导师资格',
      'Reduce/suspend graduate recruitment for a period, up to revoking supervisor status',
      S003,
      'art.29',
      {
        bars: ['graduate_supervision'],
        carriesPeriod: true,
        permanentAllowed: true,
        requiresRegistry: true,
        requiresMeasures: ['13'],
        requiresArticle: 'art.29',
        decision: true,
        note: OFFICIAL_ZH_NOTE,
      },
    ),
    measure('11', '暂缓授予学位', 'Postpone the award of a degree', S003, 'art.29', {
      decision: true,
      note: OFFICIAL_ZH_NOTE + ' No period (RULES.md §4 lists periods only for 3, 5, 7, 9, 10).',
    }),
    measure('12', '不授予学位或撤销学位', 'Withhold or revoke a degree', S003, 'art.29', {
      labelSource: S002,
      note: 'The 002 OCR reads "小授予学位或撤销学位"; 小 is a misreading of 不.',
    }),
    measure('13', '记入科研诚信严重失信行为数据库', 'Record in the serious research-misconduct database', S003, 'art.29', {
      labelSource: S002,
    }),
    measure('14', '其他处理', 'Other disposition (describe)', S003, 'art.29', {
      labelSource: S002,
      requiresText: true,
      note: '002 form: 【选该项后,需填写具体情况】.',
    }),
  ],
  // 003 art.34 is elided in the seed; the five items are verbatim from the 002 form (可从轻处理的情形).
  mitigatingFactors: [
    entry('1', '有证据显示属于过失行为且未造成重大影响的', 'Evidence shows negligence without major impact', S003, 'art.34', {
      labelSource: S002,
    }),
    entry('2', '过错程度较轻且能积极配合调查的', 'Minor fault and active cooperation with the investigation', S003, 'art.34', {
      labelSource: S002,
    }),
    entry(
      '3',
      '在调查处理前主动纠正错误,挽回损失或有效阻止危害结果发生的',
      'Corrected the error before handling, recovered losses or prevented harm',
      S003,
      'art.34',
      { labelSource: S002 },
    ),
    entry(
      '4',
      '在调查中主动承认错误,并公开承诺严格遵守科研诚信要求、不再实施科研失信行为的',
      'Admitted the error and publicly pledged to comply',
      S003,
      'art.34',
      { labelSource: S002 },
    ),
    entry(
      '5',
      '论文作者在被举报前主动撤稿且未造成较大负面影响的,可从轻或免予处理',
      'Author retracted the paper before being reported, without major negative impact (may be lighter or exempt)',
      S003,
      'art.34',
      {
        labelSource: S002,
        note: 'Numbered (五) in the 002 form; in the regulation a separate paragraph after the list. Allows 免予处理 (no penalty).',
      },
    ),
  ],
  // 003 art.35 is elided in the seed; the seven items are verbatim from the 002 form (可从重处理的情形).
  aggravatingFactors: [
    entry('1', '伪造、篡改、隐匿、销毁证据的', 'Forged, altered, hid or destroyed evidence', S003, 'art.35', { labelSource: S002 }),
    entry(
      '2',
      '阻挠他人提供证据,或干扰、妨碍调查核实的',
      'Obstructed others from giving evidence or interfered with the investigation',
      S003,
      'art.35',
      { labelSource: S002 },
    ),
    entry('3', '打击、报复举报人、证人、调查人员的', 'Retaliated against reporters, witnesses or investigators', S003, 'art.35', {
      labelSource: S002,
    }),
    entry('4', '存在利益输送或利益交换的', 'Transfer or exchange of benefits', S003, 'art.35', { labelSource: S002 }),
    entry('5', '有组织地实施科研失信行为的', 'Organised misconduct', S003, 'art.35', { labelSource: S002 }),
    entry('6', '多次实施科研失信行为或同时存在多种科研失信行为的', 'Repeated misconduct or several kinds at once', S003, 'art.35', {
      labelSource: S002,
    }),
    entry('7', '证据确凿、事实清楚而拒不承认错误的', 'Refused to admit the error despite conclusive evidence', S003, 'art.35', {
      labelSource: S002,
    }),
    undeclaredSelfInspection('8'),
  ],
  selfInspectionFactor: '8',
  attachmentKinds: attachmentKinds(S002, 'form'),
  registryMeasure: '13',
  // 002 form: 失信行为存在第一至第五项规定情形之一的,处理不应低于以下第二项规定的尺度 (003 art.32 last paragraph)
  severityFloor: { types: ['1', '2', '3', '4', '5'], minSeverity: '2', source: S003, article: 'art.32' },
};

// ---------------------------------------------------------------------------------------------------------------
// henan-2021 (001, 河南省科研诚信案件调查处理办法(试行))
// ---------------------------------------------------------------------------------------------------------------

// 001 art.39: 给予被调查人一定期限取消相关资格处理和取消已获得的相关称号、资格处理的,均应对责任人在单位内部或系统通报批评,
// 并记入省科研诚信严重失信行为数据库 → measures 5, 7, 10 (一定期限…取消…资格) and 6 (取消已获得的…称号…资格) require 2 and 11.
const H_ART39 = { requiresRegistry: true, requiresMeasures: ['2', '11'], requiresArticle: 'art.39' } as const;
// 001 art.47: 采取本办法第三十二条(三)(五)(七)(八)(九)(十)项处理措施的,处理期限自处理决定下达之日起计算
const H_PERIOD_NOTE = 'Period-carrying per art.47 (处理期限).';
// [decision] 001 art.37 levels (2)–(4) name: qualification bans (5, 7, 10 — "及本办法规定的其他资格"), 8 (减招), 9 (不授予/撤销学位),
// 12 (降低岗位等级/撤职, level 3), publication (2, level 4). Art.39 makes 2 and 11 mandatory with 5/6/7/10, and art.38 revokes what
// misconduct obtained (4, 6) — so all of 2, 4–12 are allowed from level (2) up.
const H_LEVEL_2_TO_4 = ['2', '4', '5', '6', '7', '8', '9', '10', '11', '12'];
const H_OTHER_NOTE = 'Measure (12) 其它处理 is the catch-all; [decision] allowed at every level, with free text.';

const HENAN_2021: DecisionCatalogue = {
  profileCode: 'henan-2021',
  source: S001,
  refs: { types: '001 art.2', severity: '001 art.37', measures: '001 art.32', mitigating: '001 art.34', aggravating: '001 art.35' },
  // 001 art.2 (二): nine types, verbatim
  misconductTypes: [
    entry(
      '1',
      '抄袭、剽窃、侵占他人研究成果或项目申请书',
      "Plagiarising or misappropriating others' research results or project applications",
      S001,
      'art.2',
    ),
    entry(
      '2',
      '编造研究过程,伪造、篡改研究数据、资料、文件、注释、图表、结论、检测报告或用户使用报告,或者捏造事实,编造虚假研究成果',
      'Fabricating research processes; falsifying data, documents, charts, conclusions or reports; fabricating results',
      S001,
      'art.2',
    ),
    entry(
      '3',
      '买卖、代写论文或项目申请书,虚构同行评议专家及评议意见',
      'Buying, selling or ghost-writing papers or applications; fabricating peer reviewers or reviews',
      S001,
      'art.2',
    ),
    entry(
      '4',
      '以故意提供虚假信息等弄虚作假的方式或采取贿赂、利益交换、故意重复申报等不正当手段获得科研活动审批,获取科技计划项目(专项、基金等)、科研经费、奖励、荣誉、职务职称、学位等',
      'Deception or improper means (bribery, exchange of benefits, deliberate duplicate applications) to obtain approvals, projects, funds, awards, titles, degrees',
      S001,
      'art.2',
    ),
    entry(
      '5',
      '虚报、冒领、挪用、套取财政科研资金',
      'False claims, fraudulent collection, misappropriation or siphoning of government research funds',
      S001,
      'art.2',
    ),
    entry(
      '6',
      '在科技管理、咨询、评审或评估服务过程中,提供虚假材料、出具虚假或失实结论等',
      'False materials or conclusions in S&T management, consulting, review or evaluation services',
      S001,
      'art.2',
    ),
    entry('7', '违反科技伦理规范', 'Violating S&T ethics norms', S001, 'art.2'),
    entry(
      '8',
      '违反奖励、专利等研究成果署名及论文发表规范',
      'Violating authorship norms for awards, patents, etc. and publication norms',
      S001,
      'art.2',
    ),
    entry('9', '其他科研失信行为', 'Other research misconduct', S001, 'art.2'),
  ],
  // 001 art.37: four levels; the measure sets are not enumerated by number there and are mapped to art.32 ([decision]).
  severityLevels: [
    {
      ...entry('1', '情节较轻', 'Minor', S001, 'art.37', {
        decision: true,
        note:
          'Art.37(1): 警告、诫勉谈话 (1)、暂停…限期整改 (3)、暂缓授予学位 (part of 9). 警告 is not an art.32 measure: record it as (12) with text. ' +
          "Art.37(1) sets no period: [decision] 1–3 whole years, capped at level (2)'s maximum. " +
          H_OTHER_NOTE,
      }),
      rank: 1,
      zhFull: '情节较轻的,警告、科研诚信诫勉谈话或暂停财政资助科研项目和科研活动,责令限期整改,暂缓授予学位',
      allowedMeasures: ['1', '3', '9', '12'],
      minYears: 1,
      maxYears: 3,
      permanentAllowed: false,
    },
    {
      ...entry('2', '情节较重', 'Serious (lesser)', S001, 'art.37', {
        decision: true,
        note: 'Periods "3年以内": 1–3 whole years. Measure set mapped from art.37(2), 38, 39 (see H_LEVEL_2_TO_4). ' + H_OTHER_NOTE,
      }),
      rank: 2,
      zhFull: '情节较重的,取消3年以内承担财政资金支持项目资格及本办法规定的其他资格,减招、暂停招收研究生,不授予学位或撤销学位',
      allowedMeasures: H_LEVEL_2_TO_4,
      minYears: 1,
      maxYears: 3,
      permanentAllowed: false,
    },
    {
      ...entry('3', '情节严重', 'Serious', S001, 'art.37', {
        decision: true,
        note: 'Periods "3~5年": 3–5 years inclusive. Measure set mapped from art.37(3), 38, 39. ' + H_OTHER_NOTE,
      }),
      rank: 3,
      zhFull: '情节严重的,所在单位依法依规给予降低岗位等级或者撤职处理,取消3~5年承担财政资金支持项目资格及本办法规定的其他资格',
      allowedMeasures: H_LEVEL_2_TO_4,
      minYears: 3,
      maxYears: 5,
      permanentAllowed: false,
    },
    {
      ...entry('4', '情节特别严重', 'Especially serious', S001, 'art.37', {
        decision: true,
        note:
          'Periods "5年以上直至永久": ≥ 5 years or permanent. "并向社会公布" (publication) is not enforced as a required measure (2). ' +
          'Measure set mapped from art.37(4), 38, 39. ' +
          H_OTHER_NOTE,
      }),
      rank: 4,
      zhFull:
        '情节特别严重的,所在单位依法依规给予取消5年以上直至永久取消其晋升职务职称、申报财政资金支持项目等资格及本办法规定的其他资格,并向社会公布',
      allowedMeasures: H_LEVEL_2_TO_4,
      minYears: 5,
      maxYears: null,
      permanentAllowed: true,
    },
  ],
  // 001 art.32: twelve measures, verbatim (OCR spaces removed).
  // Bars (RULES.md §6): (5) 取消申请或申报科技计划项目…、科技奖励、科技人才称号和专业技术职务晋升等资格 bars two activities (funded
  // projects; awards, titles, promotion), (7) 取消作为提名或推荐人…评审专家等资格, (8) 减招、暂停招收研究生直至取消研究生导师资格, (10)
  // 取消申请财政性资金支持的科学技术管理或科技中介服务等资格 one each (art.47 counts their periods from the decision). (2) 通报 and (11) the
  // provincial database record bar nothing; [decision] (3) bars no new activity, as national (3).
  measures: [
    measure('1', '科研诚信诫勉谈话', 'Admonition talk on research integrity', S001, 'art.32'),
    measure('2', '一定范围内或公开通报', 'Circulation within a range or public announcement', S001, 'art.32'),
    measure(
      '3',
      '暂停财政资助科研项目和科研活动,限期整改',
      'Suspend funded projects and activities; rectify within a set time',
      S001,
      'art.32',
      {
        carriesPeriod: true,
        note: H_PERIOD_NOTE,
      },
    ),
    measure(
      '4',
      '终止或撤销财政资助的相关科研项目,按原渠道收回已拨付的资助经费、结余经费,撤销利用科研失信行为获得的相关学术奖励、荣誉称号、职务职称等,并收回奖金',
      'Terminate/revoke funded projects and recover funds; revoke awards, honours, titles obtained by misconduct',
      S001,
      'art.32',
      {
        note: 'Not counted as "取消已获得的相关称号" for art.39 (that wording matches measure 6); [decision].',
        decision: true,
      },
    ),
    measure(
      '5',
      '一定期限直至永久取消申请或申报科技计划项目(专项、基金等)、科技奖励、科技人才称号和专业技术职务晋升等资格',
      'Bar from applying for projects, awards, talent titles, promotion for a period up to permanently',
      S001,
      'art.32',
      {
        bars: ['funded_projects', 'awards_titles_promotion'],
        carriesPeriod: true,
        permanentAllowed: true,
        ...H_ART39,
        note: H_PERIOD_NOTE,
      },
    ),
    measure(
      '6',
      '取消已获得的中原学者等高层次专家称号,取消学会、协会、研究会等学术团体以及学术、学位委员会等学术工作机构的委员或成员资格',
      'Revoke high-level titles (e.g. 中原学者) and memberships of academic bodies',
      S001,
      'art.32',
      {
        ...H_ART39,
      },
    ),
    measure(
      '7',
      '一定期限直至永久取消作为提名或推荐人、被提名或推荐人、评审专家等资格',
      'Bar as nominator/recommender, nominee or reviewer for a period up to permanently',
      S001,
      'art.32',
      {
        bars: ['reviewer_nominator'],
        carriesPeriod: true,
        permanentAllowed: true,
        ...H_ART39,
        note: H_PERIOD_NOTE,
      },
    ),
    measure(
      '8',
      '一定期限减招、暂停招收研究生直至取消研究生导师资格',
      'Reduce/suspend graduate recruitment for a period, up to revoking supervisor status',
      S001,
      'art.32',
      {
        bars: ['graduate_supervision'],
        carriesPeriod: true,
        permanentAllowed: true,
        decision: true,
        note:
          H_PERIOD_NOTE +
          ' The seed breaks this item with a stray "# " heading before 导师资格. [decision] Permanent allowed (at level 4) for "直至取消研究生导师资格". Not treated as "一定期限取消相关资格" of art.39 (减招/暂停 is not a cancellation), so (2)/(11) are not forced.',
      },
    ),
    measure('9', '暂缓授予学位、不授予学位或撤销学位', 'Postpone, withhold or revoke a degree', S001, 'art.32', {
      carriesPeriod: true,
      periodRequired: false,
      decision: true,
      note: H_PERIOD_NOTE + ' [decision] Only the postponement (暂缓) has a period, so a period is optional.',
    }),
    measure(
      '10',
      '一定期限直至永久取消申请财政性资金支持的科学技术管理或科技中介服务等资格',
      'Bar from funded S&T management or intermediary services for a period up to permanently',
      S001,
      'art.32',
      {
        bars: ['st_services'],
        carriesPeriod: true,
        permanentAllowed: true,
        ...H_ART39,
        note: H_PERIOD_NOTE,
      },
    ),
    measure('11', '记入省科研诚信严重失信行为数据库', 'Record in the provincial serious research-misconduct database', S001, 'art.32'),
    measure(
      '12',
      '依照有关规定,给与降低岗位等级、或者撤职、开除等其它处理',
      'Other dispositions under the relevant rules: demotion, removal from post, dismissal, etc. (describe)',
      S001,
      'art.32',
      {
        requiresText: true,
        decision: true,
        note: '[decision] Catch-all "等其它处理": free text required (as national (14)).',
      },
    ),
  ],
  // 001 art.34: six items, verbatim (认定为情节较轻, 可从轻或减轻处理)
  mitigatingFactors: [
    entry('1', '有证据显示属于过失行为且未造成重大影响的', 'Evidence shows negligence without major impact', S001, 'art.34'),
    entry(
      '2',
      '过错程度较轻且能积极配合调查和整改的',
      'Minor fault and active cooperation with investigation and rectification',
      S001,
      'art.34',
    ),
    entry(
      '3',
      '在调查处理前主动纠正错误,主动退回因科研失信行为所获各种利益,挽回损失或有效阻止危害结果发生的',
      'Corrected the error before handling, returned benefits, recovered losses or prevented harm',
      S001,
      'art.34',
    ),
    entry('4', '主动反映问题线索并经查属实的', 'Volunteered leads that proved true', S001, 'art.34'),
    entry(
      '5',
      '在调查中主动承认错误,并公开承诺严格遵守科研诚信要求、不再实施科研失信行为的',
      'Admitted the error and publicly pledged to comply',
      S001,
      'art.34',
    ),
    entry('6', '其他可以给予从轻处理情形', 'Other circumstances allowing lighter handling', S001, 'art.34', {
      decision: true,
      note: '[decision] Selectable without free text (the form has no text field for factors).',
    }),
  ],
  // 001 art.35: eight items, verbatim (认定为情节较重或严重, 应从重或加重处理)
  aggravatingFactors: [
    entry('1', '伪造、篡改、销毁、藏匿证据的', 'Forged, altered, destroyed or hid evidence', S001, 'art.35'),
    entry(
      '2',
      '阻止他人提供证据,或干扰、妨碍调查核实的',
      'Prevented others from giving evidence or interfered with the investigation',
      S001,
      'art.35',
    ),
    entry('3', '打击、报复举报人的', 'Retaliated against the reporter', S001, 'art.35'),
    entry('4', '存在利益输送或利益交换的', 'Transfer or exchange of benefits', S001, 'art.35'),
    entry('5', '有组织地实施科研失信行为的', 'Organised misconduct', S001, 'art.35'),
    entry('6', '多次实施科研失信行为或同时存在多种科研失信行为的', 'Repeated misconduct or several kinds at once', S001, 'art.35'),
    entry(
      '7',
      '态度恶劣,证据确凿、事实清楚而拒不承认错误的',
      'Bad attitude: refused to admit the error despite conclusive evidence',
      S001,
      'art.35',
    ),
    entry('8', '其他情形', 'Other circumstances', S001, 'art.35', {
      decision: true,
      note: '[decision] Selectable without free text (the form has no text field for factors).',
    }),
    undeclaredSelfInspection('9'),
  ],
  selfInspectionFactor: '9',
  attachmentKinds: attachmentKinds(
    S002,
    'form',
    "[decision] 001 is silent on attachments; the national system's list (002) is used unchanged.",
  ),
  registryMeasure: '11',
  // 001 art.37 last paragraph: 存在本办法第二条(一)…(六)情形之一的,处理不应低于前款(二)规定的尺度
  severityFloor: { types: ['1', '2', '3', '4', '5', '6'], minSeverity: '2', source: S001, article: 'art.37' },
  // 001 art.35: 被调查人有下列情形之一的,认定为情节较重或严重
  aggravatingFloor: { minSeverity: '2', source: S001, article: 'art.35' },
};

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as Record<string, unknown>)) deepFreeze(v);
  }
  return o;
}

export const CATALOGUES: Readonly<Record<string, DecisionCatalogue>> = deepFreeze({
  [NATIONAL_2022.profileCode]: NATIONAL_2022,
  [HENAN_2021.profileCode]: HENAN_2021,
});

/** The decision catalogue of `profileCode`; throws `DecisionCatalogueUnknownError` (code POLICY_PROFILE_UNKNOWN). */
export function getCatalogue(profileCode: string): DecisionCatalogue {
  if (typeof profileCode !== 'string' || !Object.prototype.hasOwnProperty.call(CATALOGUES, profileCode)) {
    throw new DecisionCatalogueUnknownError(String(profileCode));
  }
  return CATALOGUES[profileCode];
}

/** Short citation of a seed, e.g. '003_4e9e56e49ac7f018.txt' + 'art.29' → '003 art.29'. */
export function cite(source: string, article: string): string {
  return `${source.slice(0, 3)} ${article}`;
}
