/**
 * From a case's facts to the fields a document template fills (templates.ts), and whether a document of a kind can be
 * written now. Pure: the API gathers the facts (case row, organisations, events, the submitted decision form) and
 * hands them in; nothing here reads a database or a clock.
 *
 * What goes in (issue 23): case number, handling organisation, subjects, the reporter (real-name only, and only into a
 * document addressed to the reporter — RULES.md §7, 003 art.46), the dates of the steps (acceptance, decision, review,
 * appeal), the decision form (result; per author: misconduct types, severity, measures with periods, factors), the
 * review and appeal routes with their periods and articles from the case's own policy profile.
 */
import type { CaseSource, RejectionReason } from '../case/actions';
import { getCatalogue, type DecisionCatalogue } from '../decision/catalogue';
import type { DecisionResult } from '../decision/decision-form';
import { getPolicyProfile, type DeadlineKind, type PolicyProfile } from '../policy/policy-profile';
import { DomainError } from '../shared/domain-error';
import { articleZh, dateZh, itemZh, joinZh, periodZh } from './format';
import { DOCUMENT_KIND_SPECS, type DocumentKind } from './kinds';

export interface FactEvent {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

export interface FactAuthor {
  order: number;
  name: string;
  organisation: string;
  /** The full number, given only when the document's template prints it (`idNumbers: 'full'`). */
  idNumber?: string;
  idNumberMasked: string;
  penalise: boolean;
  misconductTypes: string[];
  severity?: string;
  measures: Array<{ code: string; years?: number; permanent?: boolean; text?: string }>;
  mitigating: string[];
  aggravating: string[];
}

/** Everything a document may say about a case, as the API reads it. */
export interface DocumentFacts {
  profile: string;
  caseNumber: string;
  caseTitle: string;
  source: CaseSource | string;
  /** YYYY-MM-DD */
  receivedAt: string;
  subjects: Array<{ name: string; organisation?: string }>;
  paper: { title: string; journal?: string; doi?: string } | null;
  handlingOrg: { name: string };
  /** The handling organisation's superior (上级主管部门), where the appeal goes (003 art.42; 001 art.45). */
  superiorOrg: { name: string } | null;
  reporter: { name: string; realName: boolean } | null;
  /** The case's timeline, oldest first. */
  events: FactEvent[];
  /** The submitted decision form, if the case has one. */
  decision: { result: DecisionResult; otherText?: string; effectiveDate: string | null; authors: FactAuthor[] } | null;
  /** The number (发文字号) of the latest decision letter written for the case, to refer to it. */
  decisionLetterNumber: string | null;
}

/** Why a document of `kind` cannot be written now (the API's 409), or null when it can. */
export function documentRefusal(kind: DocumentKind, facts: DocumentFacts): string | null {
  const spec = DOCUMENT_KIND_SPECS[kind];
  const profile = getPolicyProfile(facts.profile);
  const happened = facts.events.some((e) => spec.after.includes(e.type));
  const steps: Record<DocumentKind, string> = {
    acceptance_notice: 'the case has not been accepted',
    refusal_notice: 'the report has not been refused',
    decision_letter: 'the case has not been decided',
    review_opinion: 'no review has been completed',
    appeal_opinion: 'no appeal has been completed',
  };
  if (!happened) return `a ${spec.en.toLowerCase()} (${spec.zh}) follows its step: ${steps[kind]}`;
  if (spec.audience === 'reporter' && !facts.reporter?.realName) {
    const article = profile.deadlines.acceptance ? cite(profile, 'acceptance') : 'art.14';
    return `the acceptance decision is notified to a real-name reporter only (${article}); this case has none`;
  }
  if (kind !== 'acceptance_notice' && kind !== 'refusal_notice' && !facts.decision) {
    return 'the decision was recorded without a result form, so there is nothing to write the letter from';
  }
  return null;
}

/** A field value of a template: text, a yes/no for `when`, a group of fields, or a list for `each`. */
export type TemplateValue = string | boolean | TemplateData | TemplateData[];
export interface TemplateData {
  [field: string]: TemplateValue;
}

export interface IssuedAs {
  /** 发文字号, e.g. 诚信处〔2026〕3号 */
  number: string;
  /** 成文日期, YYYY-MM-DD */
  date: string;
}

const SOURCE_ZH: Record<string, string> = {
  report: '举报',
  transfer: '上级机关移送的线索',
  retraction: '撤稿论文线索',
  media: '媒体和舆情反映的线索',
  routine: '日常管理中发现的线索',
};

/** 001 art.13 (一)–(四), the same list for 003 art.13 (elided in the seed). */
const REJECTION_ZH: Record<RejectionReason, { item: number; zh: string }> = {
  not_misconduct: { item: 1, zh: '举报内容不属于科研失信行为的' },
  no_evidence: { item: 2, zh: '没有明确的证据和可查线索的' },
  repeat_without_new_evidence: { item: 3, zh: '对同一对象重复举报且无新的证据、线索的' },
  decided_without_new_evidence: { item: 4, zh: '已经做出生效处理决定且无新的证据、线索的' },
};

/** Results of a review or an appeal (003 art.43), as the opinion letter states them. */
const REVIEW_RESULT_ZH: Record<string, string> = {
  upheld: '维持原处理决定',
  changed: '变更原处理决定',
  revoked: '撤销原处理决定',
};

/**
 * The fields of a document of `kind` for the case. Sections exist only when the case has what they describe (a
 * template asking for an absent one is a bug the filler reports); the reporter is there only for a document to the
 * reporter. `idNumbers` is the template's choice (full where the law requires it, else masked).
 */
export function buildTemplateData(
  kind: DocumentKind,
  facts: DocumentFacts,
  issued: IssuedAs,
  opts: { regulation: string; idNumbers: 'full' | 'masked' },
): TemplateData {
  const profile = getPolicyProfile(facts.profile);
  const catalogue = getCatalogue(facts.profile);
  const last = (...types: string[]) => [...facts.events].reverse().find((e) => types.includes(e.type));
  const onOf = (e: FactEvent | undefined) => (e && typeof e.data.on === 'string' ? dateZh(e.data.on) : '');
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const superior = facts.superiorOrg ?? facts.handlingOrg; // 003 art.42: a body without a superior hears the appeal itself

  const data: TemplateData = {
    regulation: opts.regulation,
    doc: { number: issued.number, date: dateZh(issued.date) },
    case: {
      number: facts.caseNumber,
      title: facts.caseTitle,
      receivedDate: dateZh(facts.receivedAt),
      source: SOURCE_ZH[facts.source] ?? '线索',
      subjects: joinZh(facts.subjects.map((s) => s.name)),
    },
    paper: { title: facts.paper?.title ?? '' },
    org: { name: facts.handlingOrg.name },
    superior: { name: superior.name },
    deadline: deadlineFields(profile),
  };

  if (DOCUMENT_KIND_SPECS[kind].audience === 'reporter') {
    if (!facts.reporter?.realName) throw new DomainError('CONFLICT', 'a document to the reporter needs a real-name reporter');
    data.reporter = { name: facts.reporter.name };
  }

  const accepted = last('accepted', 'objection_upheld');
  if (accepted) data.acceptance = { date: onOf(accepted), afterObjection: accepted.type === 'objection_upheld' };

  const rejected = last('rejected');
  if (rejected) {
    const reason = REJECTION_ZH[rejected.data.reason as RejectionReason];
    if (!reason) throw new DomainError('CONFLICT', `the refusal names no known reason (${String(rejected.data.reason)})`);
    data.rejection = { date: onOf(rejected), reason: reason.zh, item: itemZh(reason.item), note: text(rejected.data.note) };
  }

  if (facts.decision) {
    const decided = last('decided', 'decided_clarification');
    data.decision = decisionFields(facts, catalogue, opts.idNumbers, text(decided?.data.summary));
  }

  const review = last('review_completed');
  if (review) {
    data.reviewResult = {
      appliedDate: onOf(last('review_applied')),
      acceptedDate: onOf(last('review_accepted')),
      completedDate: onOf(review),
      result: REVIEW_RESULT_ZH[String(review.data.result)] ?? String(review.data.result),
      summary: text(review.data.summary),
    };
  }
  const appeal = last('appeal_completed');
  if (appeal) {
    data.appealResult = {
      appliedDate: onOf(last('appeal_applied')),
      acceptedDate: onOf(last('appeal_accepted')),
      completedDate: onOf(appeal),
      result: REVIEW_RESULT_ZH[String(appeal.data.result)] ?? String(appeal.data.result),
      summary: text(appeal.data.summary),
    };
  }
  return data;
}

/**
 * Period and article of every deadline of the profile's own regulation, e.g. deadline.review_application.period =
 * 「15个工作日」: a template cites them as articles of that regulation. Rules the profile takes from another text (a
 * lead's triage, 004 二(一)) are not the regulation's articles and are left out.
 */
function deadlineFields(profile: PolicyProfile): TemplateData {
  const out: TemplateData = {};
  for (const [kind, rule] of Object.entries(profile.deadlines)) {
    if (rule && rule.source === profile.source && /^art\.\d{1,3}$/.test(rule.article)) {
      out[kind] = { period: periodZh(rule.period), article: articleZh(rule.article) };
    }
  }
  return out;
}

function decisionFields(facts: DocumentFacts, catalogue: DecisionCatalogue, idNumbers: 'full' | 'masked', summary: string): TemplateData {
  const d = facts.decision!;
  const label = (list: ReadonlyArray<{ code: string; zh: string }>, code: string) =>
    fullWidth(list.find((x) => x.code === code)?.zh ?? code);
  const authors = [...d.authors].sort((a, b) => a.order - b.order);
  const authorData = authors.map((a): TemplateData => {
    if (idNumbers === 'full' && !a.idNumber) throw new DomainError('CONFLICT', `the ID number of author ${a.order} is not available`);
    const severity = a.severity ? catalogue.severityLevels.find((l) => l.code === a.severity) : undefined;
    const measures = a.measures.map((m, i) => {
      const name = label(catalogue.measures, m.code);
      const period = m.permanent ? '，期限为永久' : m.years !== undefined ? `，期限${m.years}年` : '';
      const extra = m.text ? `：${m.text.trim()}` : '';
      return `${itemZh(i + 1)}${name}${extra}${period}`;
    });
    return {
      order: String(a.order),
      name: a.name,
      organisation: a.organisation,
      idNumber: idNumbers === 'full' ? a.idNumber! : a.idNumberMasked,
      penalised: a.penalise,
      types: a.misconductTypes.map((t) => `“${label(catalogue.misconductTypes, t)}”`).join('、'),
      severity: severity?.zh ?? '',
      measures: measures.join('；'),
      mitigating: a.mitigating.map((f) => label(catalogue.mitigatingFactors, f)).join('；'),
      aggravating: a.aggravating.map((f) => label(catalogue.aggravatingFactors, f)).join('；'),
    };
  });
  const cc = [...new Set(authors.map((a) => a.organisation.trim()).filter((o) => o !== '' && o !== facts.handlingOrg.name))];
  if (facts.superiorOrg) cc.push(facts.superiorOrg.name);
  return {
    result: d.result,
    misconduct: d.result === 'misconduct',
    noMisconduct: d.result === 'no_misconduct',
    other: d.result === 'other',
    otherText: (d.otherText ?? '').trim(),
    summary: d.result === 'other' ? '' : summary,
    effectiveDate: d.effectiveDate ? dateZh(d.effectiveDate) : '',
    authorNames: joinZh(authors.map((a) => a.name)),
    authors: authorData,
    penalisedAuthors: authorData.filter((a) => a.penalised === true),
    anyPenalised: authors.some((a) => a.penalise),
    cc: joinZh(cc),
    letterNumber: facts.decisionLetterNumber ?? '',
    /** 「（诚信处〔2026〕3号）」 after 「处理决定」 where a letter was written, else nothing. */
    letterRef: facts.decisionLetterNumber ? `（${facts.decisionLetterNumber}）` : '',
    articles: {
      types: articleZh(catalogue.refs.types.split(' ')[1]!),
      severity: articleZh(catalogue.refs.severity.split(' ')[1]!),
      measures: articleZh(catalogue.refs.measures.split(' ')[1]!),
      mitigating: articleZh(catalogue.refs.mitigating.split(' ')[1]!),
      aggravating: articleZh(catalogue.refs.aggravating.split(' ')[1]!),
    },
  };
}

/**
 * Catalogue labels carry the seeds' half-width punctuation (「成果,买卖」, 「(专项、基金等)」); Chinese text takes
 * full-width marks (GB/T 15834), so a document prints 「成果，买卖」, 「（专项、基金等）」.
 */
export function fullWidth(s: string): string {
  return s.replace(/,/g, '，').replace(/;/g, '；').replace(/\(/g, '（').replace(/\)/g, '）');
}

function cite(profile: PolicyProfile, kind: DeadlineKind): string {
  const rule = profile.deadlines[kind]!;
  return `${rule.source.slice(0, 3)} ${rule.article}`;
}
