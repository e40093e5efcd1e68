/**
 * Public notices of confirmed misconduct (通报, 000 §3: 对查实的科研失信行为，由医疗卫生机构公开通报，同时在备案系统…进行通报), pure.
 *
 * - A notice is drawn from a decision in force (effective, or changed by a review) finding misconduct, for one penalised
 *   person of it: the person's name, unit, the misconduct (the types found, in the decision's own catalogue) and the
 *   measures (with their periods). Never the ID number, not even masked: the notice carries no field for it, and every
 *   text has its ID-shaped values withheld (`withholdIdNumbers`), so a number typed into a note is not shown either.
 * - Status: draft → published → withdrawn → published again (a corrected notice) … [decision] A draft may be dropped by
 *   withdrawing it; a withdrawal needs a reason. A notice of a decision later revoked or superseded leaves the public
 *   list at once (the public list reads the decision's status), while its administrator withdraws it formally.
 */
import { CATALOGUES, type DecisionCatalogue } from '../decision/catalogue';
import { isDecisionInForce } from '../decision/decision-status';

/** Anything shaped like an 18-character PRC ID number (as id-number.ts ID_SHAPED) or its masked form. */
const ID_SHAPED = /(?<![0-9A-Za-z])\d{10}(?:\d{4}|\*{4})\d{3}[\dXx](?![0-9A-Za-z])/g;
export const ID_WITHHELD = '（证件号码不予公开）';

/** `text` with every ID-shaped value, whole or masked, withheld: a public notice shows no ID number at all. */
export function withholdIdNumbers(text: string): string {
  return text.replace(ID_SHAPED, ID_WITHHELD);
}

export const NOTICE_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];
export const NOTICE_ACTIONS = ['publish', 'withdraw'] as const;
export type NoticeAction = (typeof NOTICE_ACTIONS)[number];
export const NOTICE_ARTICLE = '000 §3';

const TRANSITIONS: Readonly<Record<NoticeStatus, Partial<Record<NoticeAction, NoticeStatus>>>> = Object.freeze({
  draft: { publish: 'published', withdraw: 'withdrawn' },
  published: { withdraw: 'withdrawn' },
  withdrawn: { publish: 'published' },
});

/** The status `action` leads to from `status`, or null when not allowed. */
export function noticeTransition(status: NoticeStatus, action: NoticeAction): NoticeStatus | null {
  return TRANSITIONS[status]?.[action] ?? null;
}

export function allowedNoticeActions(status: NoticeStatus): NoticeAction[] {
  return NOTICE_ACTIONS.filter((a) => noticeTransition(status, a) !== null);
}

/** What the author's entry of a decision form holds that a notice shows. */
export interface NoticeAuthor {
  order: number;
  name: string;
  organisation: string;
  penalise: boolean;
  misconductTypes?: string[];
  measures?: Array<{ code: string; years?: number; permanent?: boolean; text?: string }>;
}

export interface NoticeFields {
  personName: string;
  unit: string;
  misconduct: string;
  measures: string;
}

/** Why a notice cannot be drawn from this decision for this author (null when it can). */
export function noticeRefusal(d: { status: string; result: string }, author: NoticeAuthor | undefined): string | null {
  if (!isDecisionInForce(d.status)) return `the decision is ${d.status}: a notice is drawn from a decision in force (effective or changed)`;
  if (d.result !== 'misconduct') return 'the decision finds no misconduct: nothing to announce (000 §3 announces confirmed misconduct)';
  if (!author) return 'no author of the decision has this order';
  if (!author.penalise) return `author ${author.order} is not penalised by the decision`;
  return null;
}

/** The notice's fields from the decision's author, labelled in the decision's own catalogue; no ID number. */
export function noticeFields(profile: string, author: NoticeAuthor): NoticeFields {
  const catalogue: DecisionCatalogue | undefined = CATALOGUES[profile];
  const typeLabel = (code: string) => catalogue?.misconductTypes.find((t) => t.code === code)?.zh ?? code;
  const measureLabel = (m: { code: string; years?: number; permanent?: boolean; text?: string }) => {
    const label = catalogue?.measures.find((x) => x.code === m.code)?.zh ?? m.code;
    const period = m.permanent ? '（永久）' : m.years !== undefined ? `（${m.years}年）` : '';
    return `${label}${m.text ? `：${m.text}` : ''}${period}`;
  };
  return {
    personName: withholdIdNumbers(author.name),
    unit: withholdIdNumbers(author.organisation),
    misconduct: withholdIdNumbers((author.misconductTypes ?? []).map(typeLabel).join('；')),
    measures: withholdIdNumbers((author.measures ?? []).map(measureLabel).join('；')),
  };
}
