/**
 * Policy profiles: the procedural numbers of one regulation, as DATA. Code never branches on a
 * province; it reads the profile (a step whose deadline kind is absent is not part of that procedure).
 *
 * Numbers come from RULES.md §3 (table), checked against the seed texts:
 *   003 = 003_4e9e56e49ac7f018.txt — 科研失信行为调查处理规则 (国科发监〔2022〕221号), profile `national-2022`
 *   001 = 001_bc0ff0bc5a500df1.txt — 河南省科研诚信案件调查处理办法(试行) (豫科〔2021〕77号), profile `henan-2021`
 * Entries with `decision: true` are product decisions where the seed is silent (RULES.md **[decision]**).
 *
 * Pure module: safe inside Temporal workflow code.
 */
import type { Period } from '../calendar/deadline';
import { DomainError } from '../shared/domain-error';

export type DeadlineKind =
  | 'acceptance'
  | 'reporter_notice'
  | 'investigation'
  | 'extension_cap'
  | 'participating_units_notice'
  | 'defence'
  | 'registry_report'
  | 'review_application'
  | 'review_acceptance'
  | 'review'
  | 'appeal_application'
  | 'appeal_acceptance'
  | 'appeal'
  /** A lead's triage (线索研判) at the organisation holding it: open a case, dispatch it down, or close it (004; 000 §1). */
  | 'lead_triage';

export const DEADLINE_KINDS: readonly DeadlineKind[] = Object.freeze([
  'acceptance',
  'reporter_notice',
  'investigation',
  'extension_cap',
  'participating_units_notice',
  'defence',
  'registry_report',
  'review_application',
  'review_acceptance',
  'review',
  'appeal_application',
  'appeal_acceptance',
  'appeal',
  'lead_triage',
] as DeadlineKind[]);

export interface LocalisedText {
  zh: string;
  en: string;
}

export interface DeadlineRule {
  kind: DeadlineKind;
  period: Period;
  /** Seed file the rule comes from, e.g. '003_4e9e56e49ac7f018.txt'. */
  source: string;
  /** Article of that seed, e.g. 'art.25'. For a decision: the article of the step the decision completes. */
  article: string;
  label: LocalisedText;
  /** True where RULES.md marks the number as a product **[decision]** (the seed gives no period). Keep configurable. */
  decision?: boolean;
  note?: string;
}

export interface InvestigationRules {
  /** Minimum members of the investigation team (调查组). */
  teamMin: number;
  /** Minimum members of an expert panel for the academic evaluation (专家组). */
  expertPanelMin: number;
  /** Minimum investigators present at every interview (谈话). */
  interviewersMin: number;
  /** The investigation plan (调查方案) needs the unit head's approval before it is carried out. */
  planApprovalRequired: boolean;
}

/**
 * The article of the profile's own regulation behind each step of the procedure (issue 17 point 11): every refusal and
 * every procedural event of a case cites its profile's article, never another regulation's. `cite()` prefixes the
 * seed ('003 art.45', '001 art.49'). Data, not code: a new profile brings its own articles.
 */
export interface ProcedureArticles {
  /** Reasons for non-acceptance (不予受理). */
  rejection: string;
  /** Acceptance decision after receipt (受理). */
  acceptance: string;
  /** Preliminary check staff (初核), where the profile sets a minimum. */
  preliminaryCheck?: string;
  /** Notice of the acceptance decision to a real-name reporter. */
  reporterNotice: string;
  /** The reporter's objection to non-acceptance, where the profile has one. */
  reporterObjection?: string;
  /** Passing a report on to the competent organisation (转送/移送). */
  transfer: string;
  /** Investigation plan approved by the unit head. */
  plan: string;
  /** Size of the investigation team. */
  team: string;
  /** Size of an expert panel. */
  expertPanel: string;
  /** Investigators at an interview. */
  interviews: string;
  /** Extension of the investigation with the unit head's approval. */
  extension: string;
  /** Reporting an extension to the authority that transferred the case. */
  extensionReport: string;
  /** Suspension (中止) with the unit head's approval; time suspended not counted. */
  suspension: string;
  /** Termination (终止) with the unit head's approval, where the profile allows it. */
  termination?: string;
  /** The investigation report signed by the whole team. */
  report: string;
  /** Notice to the participating units, where the profile has one. */
  participatingUnits?: string;
  /** Statement and defence before the decision. */
  defence: string;
  /** The handling decision (outcomes, clarification). */
  decision: string;
  /** Delivery of the decision letter. */
  delivery: string;
  /** Decision letter and report to the transferring authority. */
  decisionReport: string;
  /** Decision letter to the lead investigating unit (牵头调查单位). */
  leadUnitReport: string;
  /** Report to the serious-misconduct database / the provincial department. */
  registry: string;
  /** Review (复查) by the deciding organisation. */
  review: string;
  /** Appeal (复核/申诉) to the superior authority; its result is final. */
  appeal: string;
  /** Recusal (回避): declarations, and the subject's and reporter's right to ask for it. */
  recusal: string;
}

/** Who hears an appeal against a review (复核/申诉): the handling organisation's superior, or (where the seed says so
 *  for some level) the organisation itself. Resolved from the organisation tree when the appeal is applied for. */
export type AppealAuthorityRule = 'parent' | 'self';

export interface AppealAuthority {
  default: AppealAuthorityRule;
  /** Exceptions by the handling organisation's level (organisations.level), e.g. national → 'self'. */
  byLevel?: Partial<Record<string, AppealAuthorityRule>>;
  note: string;
}

export interface PolicyProfile {
  code: string;
  name: LocalisedText;
  /** The regulation, by title and document number. */
  regulation: string;
  /** Seed file holding the regulation's text. */
  source: string;
  /** A kind that is absent is a step not in this profile (e.g. participating_units_notice for henan-2021). */
  deadlines: Partial<Record<DeadlineKind, DeadlineRule>>;
  investigation: InvestigationRules;
  /** A real-name reporter may object to non-acceptance (001 art.14). */
  allowsReporterObjection: boolean;
  /** The investigation may be terminated (终止), e.g. the subject died (001 art.23). */
  allowsTermination: boolean;
  /** Staff needed for the preliminary check (初核), where the regulation sets one. */
  preliminaryCheckStaffMin?: number;
  /** The article behind each step (issue 17 point 11). */
  articles: ProcedureArticles;
  /** Who hears an appeal to the superior (003 art.42; 001 art.45). */
  appealAuthority: AppealAuthority;
}

/** Code POLICY_PROFILE_UNKNOWN. */
export class PolicyProfileUnknownError extends DomainError {
  declare readonly code: 'POLICY_PROFILE_UNKNOWN';
  constructor(readonly profileCode: string) {
    super(
      'POLICY_PROFILE_UNKNOWN',
      `unknown policy profile ${JSON.stringify(profileCode)}; known: ${Object.keys(POLICY_PROFILES).join(', ')}`,
      {
        profile: profileCode,
        known: Object.keys(POLICY_PROFILES),
      },
    );
    this.name = 'PolicyProfileUnknownError';
  }
}

const S003 = '003_4e9e56e49ac7f018.txt';
const S001 = '001_bc0ff0bc5a500df1.txt';
const S004 = '004_6e9d7c17b611781a.txt';

const wd = (amount: number): Period => ({ amount, unit: 'working_days' });
const days = (amount: number): Period => ({ amount, unit: 'days' });
const months = (amount: number): Period => ({ amount, unit: 'months' });

function rule(
  kind: DeadlineKind,
  period: Period,
  source: string,
  article: string,
  zh: string,
  en: string,
  extra: Partial<DeadlineRule> = {},
): DeadlineRule {
  return { kind, period, source, article, label: { zh, en }, ...extra };
}

const NATIONAL_2022: PolicyProfile = {
  code: 'national-2022',
  name: { zh: '科研失信行为调查处理规则（2022）', en: 'Rules for investigating and handling research misconduct (national, 2022)' },
  regulation: '科研失信行为调查处理规则（国科发监〔2022〕221号）',
  source: S003,
  deadlines: {
    // 003 art.14: 接到举报的单位应在15个工作日内提出是否受理的意见并通知实名举报人
    acceptance: rule('acceptance', wd(15), S003, 'art.14', '受理决定', 'Acceptance decision', {
      note: 'From receipt of the report; the decision is notified to a real-name reporter within the same period.',
    }),
    // 003 art.25: 科研失信行为的调查处理应自决定受理之日起6个月内完成
    investigation: rule('investigation', months(6), S003, 'art.25', '调查处理期限', 'Investigation and handling', {
      note: 'From the acceptance decision; covers investigation and handling (调查处理). Suspension time not counted (art.23).',
    }),
    // 003 art.25: 经单位负责人批准后可延长调查期限,延长时间一般不超过6个月
    extension_cap: rule('extension_cap', months(6), S003, 'art.25', '延期上限（累计）', 'Extension cap (total)', {
      note: 'Total of all extensions, approved by the unit head; "一般" (as a rule). Extensions of cases transferred by a superior are reported to the transferring authority.',
    }),
    // 003 art.24: 一般应在调查报告形成后的15个工作日内将相关调查处理情况书面告知参与调查单位
    participating_units_notice: rule(
      'participating_units_notice',
      wd(15),
      S003,
      'art.24',
      '告知参与调查单位',
      'Notify participating units',
      {
        note: 'From the investigation report; "一般" (as a rule).',
      },
    ),
    // 003 art.27: 处理决定作出前 … 告知其依法享有陈述与申辩的权利 — the seed sets no period
    defence: rule('defence', wd(5), S003, 'art.27', '陈述与申辩', 'Statement and defence', {
      decision: true,
      note: 'RULES.md [decision]: 5 working days from the written notice; configurable. Silence = waiver (art.27).',
    }),
    // 003 art.36: 处理决定作出单位应在决定生效后10个工作日内将处理决定书和调查报告报送上级主管部门和所在地省级科技行政部门
    registry_report: rule(
      'registry_report',
      wd(10),
      S003,
      'art.36',
      '报送严重失信行为数据库',
      'Report to the serious-misconduct database',
      {
        note: 'From the decision taking effect; only when measure (13) (database record) is imposed by a provincial-or-lower unit.',
      },
    ),
    // 003 art.41: 可在收到处理决定书之日起15个工作日内 … 书面提出申诉 (复查)
    review_application: rule('review_application', wd(15), S003, 'art.41', '复查申请期限', 'Review application window', {
      note: 'From receipt of the decision letter.',
    }),
    // The seed's art.41 gives no period for deciding on acceptance (its later paragraphs are missing from the seed text).
    review_acceptance: rule('review_acceptance', wd(15), S003, 'art.41', '复查受理决定', 'Decide whether to accept the review', {
      decision: true,
      note: 'RULES.md [decision, mirrors henan 001 art.44]: 15 working days from receipt of the application.',
    }),
    // 003 art.43: 复查、复核原则上均应自受理之日起90个工作日内完成
    review: rule('review', wd(90), S003, 'art.43', '完成复查', 'Complete the review', {
      note: 'From acceptance; "原则上" (in principle).',
    }),
    // 003 art.42 gives no period for appealing a review result to the superior.
    appeal_application: rule('appeal_application', wd(15), S003, 'art.42', '向上级申诉期限', 'Window to appeal to the superior', {
      decision: true,
      note: 'RULES.md [decision]: 15 working days from receipt of the review result.',
    }),
    // 003 art.42: 上级主管部门应在收到申诉之日起15个工作日内作出是否受理决定
    appeal_acceptance: rule('appeal_acceptance', wd(15), S003, 'art.42', '申诉受理决定', 'Decide whether to accept the appeal', {
      note: 'From receipt of the appeal.',
    }),
    // 003 art.43: 复核 … 自受理之日起90个工作日内完成; art.42: 复核结果为最终结果
    appeal: rule('appeal', wd(90), S003, 'art.43', '完成复核', 'Complete the appeal (复核)', {
      note: 'From acceptance; the result is final (art.42).',
    }),
    // 004 (线索) and 000 §1 (active monitoring) set no period for triaging a lead: RULES.md [decision] 15 working days.
    lead_triage: rule('lead_triage', wd(15), S004, '二(一)', '线索研判', 'Lead triage', {
      decision: true,
      note: '[decision] 15 working days from the day the lead reached the organisation (created, imported or dispatched to it): open a case, dispatch it to a child organisation, or close it with a reason; configurable per profile.',
    }),
  },
  investigation: {
    // [decision] 003 sets no team size; 2 = the interview minimum of art.18, so a team can hold an interview.
    teamMin: 2,
    expertPanelMin: 5, // 003 art.17: 专家组应不少于5人
    interviewersMin: 2, // 003 art.18: 参与谈话的调查人员不得少于2人
    planApprovalRequired: true, // 003 art.16: 调查应制订调查方案 … 经单位相关负责人批准后实施
  },
  allowsReporterObjection: false, // 003 art.14 has no objection procedure
  allowsTermination: false, // 003 art.23 knows only suspension (中止)
  articles: {
    rejection: 'art.13', // 003 art.13: 对具有下列情形之一的举报,不予受理 (the list is elided in the seed; 001 art.13's is used)
    acceptance: 'art.14', // 003 art.14: 应在15个工作日内提出是否受理的意见并通知实名举报人
    reporterNotice: 'art.14', // 003 art.14: … 并通知实名举报人,不予受理的应说明情况
    transfer: 'art.14', // 003 art.14: 不属于本单位职责范围的,可转送相关责任单位
    plan: 'art.16', // 003 art.16: 调查方案 … 经单位相关负责人批准后实施
    team: 'art.16', // [decision] 003 sets no team size; the plan names the people (art.16)
    expertPanel: 'art.17', // 003 art.17: 专家组应不少于5人
    interviews: 'art.18', // 003 art.18: 参与谈话的调查人员不得少于2人
    extension: 'art.25', // 003 art.25: 经单位负责人批准后可延长调查期限,延长时间一般不超过6个月
    extensionReport: 'art.25', // 003 art.25: 对上级机关和有关部门移送的,调查延期情况应向移送机关或部门报告
    suspension: 'art.23', // 003 art.23: 可经单位相关负责人批准中止调查 … 中止的时间不计入调查时限
    report: 'art.24', // 003 art.24: 调查报告须由全体调查人员签字
    participatingUnits: 'art.24', // 003 art.24: 15个工作日内 … 书面告知参与调查单位
    defence: 'art.27', // 003 art.27: 告知其依法享有陈述与申辩的权利
    decision: 'art.29–30, 39', // 003 art.29 (measures), art.30 (severity), art.39 (澄清)
    delivery: 'art.28', // 003 art.28: 作出处理决定的单位负责向被处理人送达书面处理决定书,并告知实名举报人
    decisionReport: 'art.28', // 003 art.28: 对于上级机关和有关部门移送的,应将处理决定书和调查报告报送移送单位
    leadUnitReport: 'art.28', // 003 art.28: 有牵头调查单位的,应同时将处理决定书送牵头调查单位
    registry: 'art.36', // 003 art.36
    review: 'art.41, 43', // 003 art.41 (复查), art.43 (90 working days)
    appeal: 'art.42–43', // 003 art.42: 向调查处理单位的上级主管部门书面提出申诉 … 复核结果为最终结果
    recusal: 'art.45', // 003 art.45: 被调查人、举报人有权要求其回避
  },
  appealAuthority: {
    default: 'parent', // 003 art.42: 可向调查处理单位的上级主管部门书面提出申诉
    // 003 art.42: 对国务院部门作出的复查结果不服的,向作出该复查结果的国务院部门书面提出申诉
    byLevel: { national: 'self' },
    note: "The handling organisation's superior (上级主管部门); a State Council department (national level) hears appeals of its own review (003 art.42).",
  },
};

const HENAN_2021: PolicyProfile = {
  code: 'henan-2021',
  name: {
    zh: '河南省科研诚信案件调查处理办法（试行）（2021）',
    en: 'Henan measures for investigating and handling research-integrity cases (trial, 2021)',
  },
  regulation: '河南省科研诚信案件调查处理办法(试行)（豫科〔2021〕77号）',
  source: S001,
  deadlines: {
    // 001 art.14: 接到举报的单位应在15个工作日内进行初核。初核应由2名工作人员进行
    acceptance: rule('acceptance', wd(15), S001, 'art.14', '初核及受理', 'Preliminary check (初核) and acceptance', {
      note: 'From receipt of the report; by 2 staff.',
    }),
    // 001 art.14: 举报受理情况应在完成初核后5个工作日内通知实名举报人
    reporter_notice: rule('reporter_notice', wd(5), S001, 'art.14', '通知实名举报人', 'Notify the real-name reporter', {
      note: 'From completion of the preliminary check; a refusal states reasons and the reporter may object.',
    }),
    // 001 art.25: 科研诚信案件应自决定受理之日起6个月内完成调查
    investigation: rule('investigation', months(6), S001, 'art.25', '调查期限', 'Investigation', {
      note: 'From the acceptance decision. Suspension time not counted (art.23).',
    }),
    // 001 art.25: 经单位主要负责人批准后可延长调查期限,延长时间最长不得超过一年
    extension_cap: rule('extension_cap', months(12), S001, 'art.25', '延期上限（累计）', 'Extension cap (total)', {
      note: "Extensions total at most 1 year, approved by the unit's principal head (主要负责人); reported to a transferring authority.",
    }),
    // participating_units_notice: not in 001 (art.24 has no notice to participating units).
    // 001 art.31: 作出处理决定前 … 告知其依法享有陈述与申辩的权利 — the seed sets no period
    defence: rule('defence', wd(5), S001, 'art.31', '陈述与申辩', 'Statement and defence', {
      decision: true,
      note: 'RULES.md [decision]: 5 working days from the written notice; configurable. Silence = waiver (art.31).',
    }),
    // 001 art.40: 决定作出单位应在决定生效后1个月内将处理决定书和调查报告报送省科技厅或省社科院和上级主管部门
    registry_report: rule(
      'registry_report',
      months(1),
      S001,
      'art.40',
      '报送处理决定书和调查报告',
      'Report the decision to the provincial S&T department',
      {
        note: 'From the decision taking effect; when time-limited disqualification or revocation of titles/qualifications is imposed (art.39–40).',
      },
    ),
    // 001 art.44: 可在收到处理决定书之日起15日内 … 书面提出复查申请 — calendar days (日, not 工作日)
    review_application: rule('review_application', days(15), S001, 'art.44', '复查申请期限', 'Review application window', {
      note: 'Calendar days ("15日") from receipt of the decision letter; a last day that is not a working day rolls to the next working day.',
    }),
    // 001 art.44: 调查处理单位(部门)应在收到复查申请之日起15个工作日内作出是否受理决定
    review_acceptance: rule('review_acceptance', wd(15), S001, 'art.44', '复查受理决定', 'Decide whether to accept the review', {
      note: 'From receipt of the application.',
    }),
    // 001 art.46: 复查原则上应自受理之日起90个工作日内完成。复查期间,不停止原处理决定的执行
    review: rule('review', wd(90), S001, 'art.46', '完成复查', 'Complete the review', {
      note: 'From acceptance; the decision stays in force meanwhile (art.46).',
    }),
    // 001 art.45 gives no period for appealing a review result to the superior.
    appeal_application: rule('appeal_application', wd(15), S001, 'art.45', '向上级申诉期限', 'Window to appeal to the superior', {
      decision: true,
      note: 'RULES.md [decision]: 15 working days from receipt of the review result.',
    }),
    // 001 art.45: 相关单位或部门应在收到申诉之日起15个工作日内作出是否受理决定
    appeal_acceptance: rule('appeal_acceptance', wd(15), S001, 'art.45', '申诉受理决定', 'Decide whether to accept the appeal', {
      note: 'From receipt of the appeal.',
    }),
    // 001 art.46 (90 working days) applies to the second review of art.45 (再次组织复查, final).
    appeal: rule('appeal', wd(90), S001, 'art.46', '完成再次复查', 'Complete the appeal (second review)', {
      note: 'From acceptance; the result is final (art.45).',
    }),
    // 004 (线索) and 000 §1 (active monitoring) set no period for triaging a lead: RULES.md [decision] 15 working days.
    lead_triage: rule('lead_triage', wd(15), S004, '二(一)', '线索研判', 'Lead triage', {
      decision: true,
      note: '[decision] 15 working days from the day the lead reached the organisation (created, imported or dispatched to it): open a case, dispatch it to a child organisation, or close it with a reason; configurable per profile.',
    }),
  },
  investigation: {
    teamMin: 3, // 001 art.16: 调查应成立调查组,成员应当不少于3人
    expertPanelMin: 5, // 001 art.17: 专家组应不少于5人
    interviewersMin: 2, // 001 art.18: 参与谈话的调查人员不得少于2人
    planApprovalRequired: true, // 001 art.16: 制订调查方案 … 经单位相关负责人批准后实施
  },
  allowsReporterObjection: true, // 001 art.14: 举报人可以对不予受理提出异议并说明理由
  allowsTermination: true, // 001 art.23: 被调查人在调查期间死亡的,可经单位负责人批准中止或终止调查
  preliminaryCheckStaffMin: 2, // 001 art.14: 初核应由2名工作人员进行
  articles: {
    rejection: 'art.13', // 001 art.13: 下列举报,不予受理
    acceptance: 'art.14', // 001 art.14: 接到举报的单位应在15个工作日内进行初核
    preliminaryCheck: 'art.14', // 001 art.14: 初核应由2名工作人员进行
    reporterNotice: 'art.14', // 001 art.14: 举报受理情况应在完成初核后5个工作日内通知实名举报人
    reporterObjection: 'art.14', // 001 art.14: 举报人可以对不予受理提出异议并说明理由
    transfer: 'art.14', // 001 art.14: 不属于本单位职责范围的,应转送相关责任单位
    plan: 'art.16', // 001 art.16: 制订调查方案 … 经单位相关负责人批准后实施
    team: 'art.16', // 001 art.16: 调查应成立调查组,成员应当不少于 3 人
    expertPanel: 'art.17', // 001 art.17: 专家组应不少于5人
    interviews: 'art.18', // 001 art.18: 参与谈话的调查人员不得少于 2 人
    extension: 'art.25', // 001 art.25: 经单位主要负责人批准后可延长调查期限,延长时间最长不得超过一年
    extensionReport: 'art.25', // 001 art.25: 上级机关和有关部门移交的案件,调查延期情况应向移交机关或部门报备
    suspension: 'art.23', // 001 art.23: 可经单位负责人批准中止或终止调查 … 中止的时间不计入调查时限
    termination: 'art.23', // 001 art.23: 被调查人在调查期间死亡的,可经单位负责人批准中止或终止调查
    report: 'art.24', // 001 art.24: 调查报告须由调查组全体人员签字
    defence: 'art.31', // 001 art.31: 告知其依法享有陈述与申辩的权利
    decision: 'art.28, 32', // 001 art.28 (处理决定), art.32 (measures)
    delivery: 'art.30', // 001 art.30: 处理决定书应送达被处理单位或人员 … 处理决定还应告知实名举报人
    // [decision] 001 has no rule on reporting the decision to a transferring authority; its art.30 copies the decision
    // to the superior (抄送 … 上级主管部门), and the national rule (003 art.28) applies alongside it.
    decisionReport: 'art.30',
    leadUnitReport: 'art.8', // 001 art.8: 及时将调查处理情况报送牵头单位
    registry: 'art.40', // 001 art.40
    review: 'art.44, 46', // 001 art.44 (复查), art.46 (90 working days)
    appeal: 'art.45–46', // 001 art.45: 可向调查处理单位的上级主管部门或科研诚信管理部门提出书面申诉 … 复查结果为最终结果
    recusal: 'art.49', // 001 art.49: 被调查人、举报人以及其他有关人员有权要求其回避
  },
  appealAuthority: {
    // 001 art.45: 上级主管部门或科研诚信管理部门. [decision] the superior (上级主管部门), as in 003 art.42.
    default: 'parent',
    note: "The handling organisation's superior (上级主管部门, 001 art.45); [decision] the integrity management department named beside it is not a separate organisation in the tree.",
  },
};

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as Record<string, unknown>)) deepFreeze(v);
  }
  return o;
}

export const POLICY_PROFILES: Readonly<Record<string, PolicyProfile>> = deepFreeze({
  [NATIONAL_2022.code]: NATIONAL_2022,
  [HENAN_2021.code]: HENAN_2021,
});

export const DEFAULT_POLICY_PROFILE = 'national-2022';

/** The profile with `code`; throws `PolicyProfileUnknownError` (code POLICY_PROFILE_UNKNOWN). */
export function getPolicyProfile(code: string): PolicyProfile {
  if (typeof code !== 'string' || !Object.prototype.hasOwnProperty.call(POLICY_PROFILES, code)) {
    throw new PolicyProfileUnknownError(String(code));
  }
  return POLICY_PROFILES[code];
}

/** The seed number of the profile's regulation: '003' (national-2022), '001' (henan-2021). */
export function seedOf(profile: Pick<PolicyProfile, 'source'>): string {
  return profile.source.slice(0, 3);
}

/** The article of `step` in the profile's own regulation, e.g. cite(national, 'recusal') = '003 art.45'. */
export function cite(profile: PolicyProfile, step: keyof ProcedureArticles): string {
  const a = profile.articles[step];
  return a === undefined ? seedOf(profile) : `${seedOf(profile)} ${a}`;
}

/** The article of a deadline kind in the profile, e.g. '001 art.14'; the bare seed when the profile lacks the kind. */
export function citeDeadline(profile: PolicyProfile, kind: DeadlineKind): string {
  const r = deadlineRule(profile, kind);
  return r ? `${r.source.slice(0, 3)} ${r.article}` : seedOf(profile);
}

/**
 * The organisation that hears an appeal (复核/申诉) against the handling organisation's review (issue 17 point 1):
 * 003 art.42 / 001 art.45 send it to the superior authority (上级主管部门); a profile may name another rule for some
 * levels (003 art.42: a State Council department hears appeals of its own review). An organisation without a parent
 * hears its own. Pure: the API resolves it from the organisation tree and hands it to the workflow.
 */
export function appealAuthorityOf(profile: PolicyProfile, org: { id: string; level: string; parentId: string | null }): string {
  const rule = profile.appealAuthority.byLevel?.[org.level] ?? profile.appealAuthority.default;
  return rule === 'parent' && org.parentId ? org.parentId : org.id;
}

/** The profile's rule for `kind`, or undefined if that step is not part of the profile. */
export function deadlineRule(profile: PolicyProfile, kind: DeadlineKind): DeadlineRule | undefined {
  return Object.prototype.hasOwnProperty.call(profile.deadlines, kind) ? profile.deadlines[kind] : undefined;
}
