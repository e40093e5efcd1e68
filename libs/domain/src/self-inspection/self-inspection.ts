/**
 * Annual research-integrity self-inspection (000 §13: 自2026年起，各省级卫生健康行政部门每年组织本地区医疗卫生机构例行开展年度科研诚信自查
 * … 凡未在年度自查中主动申报问题论文且经查实存在科研失信行为的，… 对论文作者从重处罚). Pure: the checklist as data, the
 * rules of a campaign window and of an answer, and the aggravating-factor suggestion for a case whose paper was not
 * declared.
 */
import { DomainError, validationFailed, type Issue } from '../shared/domain-error';

export const S000 = '000_1f5de3129eea889b.txt';

export interface ChecklistItem {
  code: string;
  zh: string;
  en: string;
  article: string;
}

/** The items 000 §13 names, in its order (包括 … 等方面的制度建设及执行情况). */
export const SELF_INSPECTION_CHECKLIST: readonly ChecklistItem[] = Object.freeze([
  {
    code: 'organisation',
    zh: '本单位科研诚信建设组织机构是否健全',
    en: 'Is the research-integrity organisation of the institution in place?',
    article: '000 §13',
  },
  { code: 'evaluation', zh: '科研评价制度是否落实到位', en: 'Is the research evaluation system implemented?', article: '000 §13' },
  {
    code: 'publication_review',
    zh: '论文发表审核方面的制度建设及执行情况',
    en: 'Rules for reviewing papers before publication, and how they are applied',
    article: '000 §13',
  },
  {
    code: 'data_management',
    zh: '实验数据管理方面的制度建设及执行情况',
    en: 'Rules for managing experimental data, and how they are applied',
    article: '000 §13 (000 §10)',
  },
  {
    code: 'misconduct_handling',
    zh: '科研人员违规行为处理方面的制度建设及执行情况',
    en: "Rules for handling researchers' violations, and how they are applied",
    article: '000 §13',
  },
]);

export const CHECKLIST_ANSWERS = ['yes', 'partly', 'no'] as const;
export type ChecklistAnswer = (typeof CHECKLIST_ANSWERS)[number];

export interface ChecklistEntry {
  item: string;
  answer: ChecklistAnswer;
  note?: string;
}

export interface DeclaredPaper {
  title: string;
  doi?: string | null;
  authors?: string[];
  journal?: string;
  problem: string;
}

/** [decision] Self-inspection is organised from 2026 (000 §13: 自2026年起). */
export const FIRST_CAMPAIGN_YEAR = 2026;

/** A campaign's window: opens on or before it closes, both within the campaign's year or the next (the report follows the year). */
export function checkCampaignWindow(year: number, opensOn: string, closesOn: string): void {
  const issues: Issue[] = [];
  if (year < FIRST_CAMPAIGN_YEAR)
    issues.push({
      path: 'year',
      rule: 'minimum',
      article: '000 §13',
      message: `self-inspection is organised from ${FIRST_CAMPAIGN_YEAR} (000 §13)`,
    });
  if (closesOn < opensOn) issues.push({ path: 'closesOn', rule: 'after_opens_on', message: 'must not be before opensOn' });
  for (const [path, d] of [
    ['opensOn', opensOn],
    ['closesOn', closesOn],
  ] as const) {
    const y = Number(d.slice(0, 4));
    if (y !== year && y !== year + 1) issues.push({ path, rule: 'within_year', message: `must lie in ${year} or ${year + 1}` });
  }
  if (issues.length) throw validationFailed(issues);
}

/** Where `day` lies relative to the window. */
export function windowState(opensOn: string, closesOn: string, day: string): 'not_open' | 'open' | 'closed' {
  if (day < opensOn) return 'not_open';
  return day > closesOn ? 'closed' : 'open';
}

/** A submission must answer every item of the checklist once (a draft may leave some out). */
export function checkAnswers(answers: readonly ChecklistEntry[], mode: 'draft' | 'submit'): void {
  const known = new Set(SELF_INSPECTION_CHECKLIST.map((i) => i.code));
  const issues: Issue[] = [];
  const seen = new Set<string>();
  answers.forEach((a, i) => {
    if (!known.has(a.item))
      issues.push({
        path: `answers[${i}].item`,
        rule: 'checklist_item',
        article: '000 §13',
        message: `not an item of the checklist (${[...known].join(', ')})`,
      });
    else if (seen.has(a.item)) issues.push({ path: `answers[${i}].item`, rule: 'unique', message: `item "${a.item}" is answered twice` });
    seen.add(a.item);
    if (a.answer !== 'yes' && !(a.note && a.note.trim())) {
      issues.push({
        path: `answers[${i}].note`,
        rule: 'required_unless_yes',
        message: 'say what is missing and how it is being rectified (整改) when the answer is not "yes"',
      });
    }
  });
  if (mode === 'submit') {
    for (const item of SELF_INSPECTION_CHECKLIST) {
      if (!seen.has(item.code))
        issues.push({
          path: 'answers',
          rule: 'checklist_complete',
          article: item.article,
          message: `item "${item.code}" (${item.zh}) is not answered`,
        });
    }
  }
  if (issues.length) throw validationFailed(issues);
}

const normTitle = (t: string) =>
  t
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
const normDoi = (d: string | null | undefined) =>
  d
    ? d
        .trim()
        .toLowerCase()
        .replace(/^https?:\/\/(dx\.)?doi\.org\//, '')
    : '';

/** Whether `paper` is among the declared papers: same DOI, or (either without DOI) the same title ignoring case and punctuation. */
export function isDeclared(
  paper: { doi?: string | null; title?: string | null },
  declared: readonly Pick<DeclaredPaper, 'doi' | 'title'>[],
): boolean {
  const doi = normDoi(paper.doi);
  const title = paper.title ? normTitle(paper.title) : '';
  return declared.some((d) => {
    const dd = normDoi(d.doi);
    if (doi && dd) return doi === dd;
    return !!title && normTitle(d.title) === title;
  });
}

export interface CampaignFacts {
  id: string;
  year: number;
  title: string;
  provinceName: string;
  opensOn: string;
  closesOn: string;
  /** The institution's answer: null when it never submitted one. */
  response: { submittedAt: string; declared: Array<Pick<DeclaredPaper, 'doi' | 'title'>> } | null;
}

export interface AggravatingSuggestion {
  kind: 'aggravating_factor';
  /** Where on the form: every penalised author's `aggravating` list. */
  field: 'authors[].aggravating';
  code: string;
  label: string;
  article: string;
  /** Suggested, never applied by itself: an officer adds it to the form. */
  appliesWhen: 'result is misconduct (经查实存在科研失信行为)';
  campaign: { id: string; year: number; title: string; province: string; closesOn: string; responded: boolean; submittedAt: string | null };
  message: string;
}

/**
 * The suggestions for a case's paper: one per campaign of the institution's province whose window had closed when the
 * case was received, in which the institution did not declare the paper (or did not answer at all). A case without a
 * paper, or with a paper declared, gets none. Published after the campaign's year: not expected in it (skipped).
 */
export function undeclaredPaperSuggestions(
  paper: { doi?: string | null; title?: string | null; publishedOn?: string | null } | null,
  receivedAt: string,
  campaigns: readonly CampaignFacts[],
  factor: { code: string; label: string; article: string } | null,
): AggravatingSuggestion[] {
  if (!paper || !factor || (!paper.doi && !paper.title)) return [];
  const out: AggravatingSuggestion[] = [];
  for (const c of campaigns) {
    if (c.closesOn >= receivedAt) continue; // the case was known before the self-inspection ended
    if (paper.publishedOn && Number(paper.publishedOn.slice(0, 4)) > c.year) continue;
    if (c.response && isDeclared(paper, c.response.declared)) continue;
    out.push({
      kind: 'aggravating_factor',
      field: 'authors[].aggravating',
      code: factor.code,
      label: factor.label,
      article: factor.article,
      appliesWhen: 'result is misconduct (经查实存在科研失信行为)',
      campaign: {
        id: c.id,
        year: c.year,
        title: c.title,
        province: c.provinceName,
        closesOn: c.closesOn,
        responded: c.response !== null,
        submittedAt: c.response?.submittedAt ?? null,
      },
      message: c.response
        ? `the paper was not declared in the ${c.year} self-inspection (${c.title}, submitted ${c.response.submittedAt.slice(0, 10)}): 从重处罚 if misconduct is confirmed (000 §13)`
        : `the institution did not answer the ${c.year} self-inspection (${c.title}, closed ${c.closesOn}), so the paper was not declared: 从重处罚 if misconduct is confirmed (000 §13)`,
    });
  }
  return out;
}

export function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_CAMPAIGN_YEAR || year > 2099) {
    throw new DomainError('VALIDATION_FAILED', `year: ${FIRST_CAMPAIGN_YEAR}–2099`, { field: 'year' });
  }
}
