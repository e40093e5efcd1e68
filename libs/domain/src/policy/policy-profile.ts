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
}

/** Code POLICY_PROFILE_UNKNOWN. */
export class PolicyProfileUnknownError extends DomainError {
  declare readonly code: 'POLICY_PROFILE_UNKNOWN';
  constructor(readonly profileCode: string) {
    super('POLICY_PROFILE_UNKNOWN', `unknown policy profile ${JSON.stringify(profileCode)}; known: ${Object.keys(POLICY_PROFILES).join(', ')}`, {
      profile: profileCode,
      known: Object.keys(POLICY_PROFILES),
    });
    this.name = 'PolicyProfileUnknownError';
  }
}

const S003 = '003_4e9e56e49ac7f018.txt';
const S001 = '001_bc0ff0bc5a500df1.txt';
const S004 = '004_6e9d7c17b611781a.txt';

const wd = (amount: number): Period => ({ amount, unit: 'working_days' });
const days = (amount: number): Period => ({ amount, unit: 'days' });
const months = (amount: number): Period => ({ amount, unit: 'months' });

function rule(kind: DeadlineKind, period: Period, source: string, article: string, zh: string, en: string, extra: Partial<DeadlineRule> = {}): DeadlineRule {
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
    participating_units_notice: rule('participating_units_notice', wd(15), S003, 'art.24', '告知参与调查单位', 'Notify participating units', {
      note: 'From the investigation report; "一般" (as a rule).',
    }),
    // 003 art.27: 处理决定作出前 … 告知其依法享有陈述与申辩的权利 — the seed sets no period
    defence: rule('defence', wd(5), S003, 'art.27', '陈述与申辩', 'Statement and defence', {
      decision: true,
      note: 'RULES.md [decision]: 5 working days from the written notice; configurable. Silence = waiver (art.27).',
    }),
    // 003 art.36: 处理决定作出单位应在决定生效后10个工作日内将处理决定书和调查报告报送上级主管部门和所在地省级科技行政部门
    registry_report: rule('registry_report', wd(10), S003, 'art.36', '报送严重失信行为数据库', 'Report to the serious-misconduct database', {
      note: 'From the decision taking effect; only when measure (13) (database record) is imposed by a provincial-or-lower unit.',
    }),
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
    review: rule('review', wd(90), S003, 'art.43', '完成复查', 'Complete the review', { note: 'From acceptance; "原则上" (in principle).' }),
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
    appeal: rule('appeal', wd(90), S003, 'art.43', '完成复核', 'Complete the appeal (复核)', { note: 'From acceptance; the result is final (art.42).' }),
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
};

const HENAN_2021: PolicyProfile = {
  code: 'henan-2021',
  name: { zh: '河南省科研诚信案件调查处理办法（试行）（2021）', en: 'Henan measures for investigating and handling research-integrity cases (trial, 2021)' },
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
      note: 'Extensions total at most 1 year, approved by the unit\'s principal head (主要负责人); reported to a transferring authority.',
    }),
    // participating_units_notice: not in 001 (art.24 has no notice to participating units).
    // 001 art.31: 作出处理决定前 … 告知其依法享有陈述与申辩的权利 — the seed sets no period
    defence: rule('defence', wd(5), S001, 'art.31', '陈述与申辩', 'Statement and defence', {
      decision: true,
      note: 'RULES.md [decision]: 5 working days from the written notice; configurable. Silence = waiver (art.31).',
    }),
    // 001 art.40: 决定作出单位应在决定生效后1个月内将处理决定书和调查报告报送省科技厅或省社科院和上级主管部门
    registry_report: rule('registry_report', months(1), S001, 'art.40', '报送处理决定书和调查报告', 'Report the decision to the provincial S&T department', {
      note: 'From the decision taking effect; when time-limited disqualification or revocation of titles/qualifications is imposed (art.39–40).',
    }),
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

/** The profile's rule for `kind`, or undefined if that step is not part of the profile. */
export function deadlineRule(profile: PolicyProfile, kind: DeadlineKind): DeadlineRule | undefined {
  return Object.prototype.hasOwnProperty.call(profile.deadlines, kind) ? profile.deadlines[kind] : undefined;
}
