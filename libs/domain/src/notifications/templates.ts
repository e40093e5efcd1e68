/**
 * Mail templates of the notifications (issue 7), pure: case facts in, subject and plain-text body out. Chinese by
 * default, English available. Every mail names the case number, the deadline (the kind's label from the policy
 * profile and the due date) where there is one, what must be done, and — for staff — a link to the case.
 *
 * [decision] Mails to a reporter carry no link (a reporter has no account, the link would only answer 401) and no
 * case title; nothing in any body names the reporter, so a body may be shown to supervisors.
 */
import { deadlineRule, DEADLINE_KINDS, getPolicyProfile, POLICY_PROFILES, type DeadlineKind, type PolicyProfile } from '../policy';
import { DomainError } from '../shared/domain-error';

export type NotificationLocale = 'zh' | 'en';

export const NOTIFICATION_TEMPLATES = [
  'deadline_reminder',
  'deadline_escalation',
  'acceptance_decision',
  'participating_units_notice',
  'proposed_decision_notice',
  'decision_delivery',
  'review_outcome',
  'appeal_outcome',
  'due_date_moved',
  'extension_report',
  'decision_report',
  'appeal_lodged',
] as const;
export type NotificationTemplate = (typeof NOTIFICATION_TEMPLATES)[number];

export const NOTIFICATION_AUDIENCES = [
  'handlers',
  'escalation',
  'reporter',
  'participating_units',
  'transferring_authority',
  'lead_unit',
  'appeal_authority',
] as const;
export type NotificationAudience = (typeof NOTIFICATION_AUDIENCES)[number];

export interface NotificationContext {
  template: string;
  locale: NotificationLocale;
  audience: NotificationAudience;
  caseId: string;
  caseNumber: string;
  /** Staff mails only; never put into a reporter's mail. */
  caseTitle?: string;
  handlingOrgName?: string;
  /** Policy profile code of the case (deadline labels, whether a reporter may object). */
  profile?: string;
  deadlineKind?: string;
  dueDate?: string;
  /** deadline_reminder: before_<n> | due_today | overdue | overdue_<n>; deadline_escalation: escalation (optional). */
  stage?: string;
  overdueWorkingDays?: number;
  /** Base URL of links, without a trailing slash (APP_BASE_URL). */
  appBaseUrl: string;
  /** Greeting of a staff mail. */
  recipientName?: string;
  /** Template facts: acceptance_decision {accepted, reason}; review_outcome/appeal_outcome {result}; due_date_moved {previousDueDate};
   *  extension_report {months, investigationDue, article}; decision_report {article}; appeal_lodged {article}. */
  data?: Record<string, unknown>;
}

export interface RenderedMail {
  subject: string;
  text: string;
}

export type ParsedStage =
  | { type: 'before'; workingDays: number }
  | { type: 'due_today' }
  | { type: 'overdue'; workingDays?: number }
  | { type: 'escalation'; workingDays?: number };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `before_5`, `due_today`, `overdue`, `overdue_10`, `escalation`; undefined for anything else. */
export function parseStage(stage: string | undefined): ParsedStage | undefined {
  if (!stage) return undefined;
  let m = /^before_([1-9]\d{0,2})$/.exec(stage);
  if (m) return { type: 'before', workingDays: Number(m[1]) };
  if (stage === 'due_today') return { type: 'due_today' };
  m = /^overdue(?:_([1-9]\d{0,3}))?$/.exec(stage);
  if (m) return m[1] ? { type: 'overdue', workingDays: Number(m[1]) } : { type: 'overdue' };
  m = /^escalation(?:_([1-9]\d{0,3}))?$/.exec(stage);
  if (m) return m[1] ? { type: 'escalation', workingDays: Number(m[1]) } : { type: 'escalation' };
  return undefined;
}

export function caseUrl(appBaseUrl: string, caseId: string): string {
  return `${appBaseUrl.replace(/\/+$/, '')}/api/v1/cases/${encodeURIComponent(caseId)}`;
}

/** A plain e-mail address (a reporter's contact may be a phone number or a postal address). */
export function isEmailAddress(s: unknown): s is string {
  return typeof s === 'string' && s.length <= 254 && /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/.test(s.trim());
}

/** `lisi@example.org` -> `l***@e***.org`: enough to tell addresses apart, not to write to one. */
export function maskEmail(address: string): string {
  const [local = '', domain = ''] = address.split('@');
  const dot = domain.lastIndexOf('.');
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${local.slice(0, 1)}***@${host.slice(0, 1)}***${tld}`;
}

/** The deadline kind's label in the case's profile (another profile's, or the kind itself, when the profile lacks it). */
export function deadlineLabel(kind: string, locale: NotificationLocale, profile?: string): string {
  if (!(DEADLINE_KINDS as readonly string[]).includes(kind)) return kind;
  const own = profile && Object.prototype.hasOwnProperty.call(POLICY_PROFILES, profile) ? getPolicyProfile(profile) : undefined;
  const rule =
    (own && deadlineRule(own, kind as DeadlineKind)) ??
    Object.values(POLICY_PROFILES)
      .map((p) => deadlineRule(p, kind as DeadlineKind))
      .find((r) => r !== undefined);
  return rule ? rule.label[locale] : kind;
}

type L = Record<NotificationLocale, string>;

/** What the handlers must do before a deadline of this kind. */
const DEADLINE_ACTIONS: Record<DeadlineKind, L> = {
  acceptance: { zh: '完成初核，作出是否受理的决定', en: 'complete the preliminary check and decide whether to accept the case' },
  reporter_notice: { zh: '将受理情况书面通知实名举报人', en: 'notify the real-name reporter of the acceptance decision in writing' },
  investigation: {
    zh: '完成调查并形成调查报告；确需延期的，报经单位负责人批准',
    en: 'complete the investigation and its report, or have an extension approved by the unit head',
  },
  extension_cap: {
    zh: '延期已近上限，请在期限内完成调查处理',
    en: 'the extensions are nearly used up: complete the investigation within the limit',
  },
  participating_units_notice: { zh: '将调查处理情况书面告知参与调查单位', en: 'inform the participating units of the outcome in writing' },
  defence: {
    zh: '陈述与申辩期届满后（或收到申辩后）作出处理决定',
    en: 'decide once the statement-and-defence period has ended (or the defence has been received)',
  },
  registry_report: { zh: '报送处理决定书和调查报告', en: 'report the decision letter and the investigation report' },
  review_application: { zh: '复查申请期届满前留意当事人的复查申请', en: 'watch for a review application until the window closes' },
  review_acceptance: { zh: '作出是否受理复查申请的决定', en: 'decide whether to accept the review application' },
  review: { zh: '完成复查并作出复查决定', en: 'complete the review and issue its decision' },
  appeal_application: { zh: '申诉期届满前留意当事人的申诉', en: 'watch for an appeal until the window closes' },
  appeal_acceptance: { zh: '作出是否受理申诉的决定', en: 'decide whether to accept the appeal' },
  appeal: { zh: '完成复核并作出复核决定', en: 'complete the appeal (复核) and issue its decision' },
  lead_triage: {
    zh: '研判线索：立案调查、转派下级单位或说明理由后关闭',
    en: 'triage the lead: open a case, dispatch it to a child organisation, or close it with a reason',
  },
};

function actionFor(kind: string | undefined, locale: NotificationLocale): string {
  const a = kind && Object.prototype.hasOwnProperty.call(DEADLINE_ACTIONS, kind) ? DEADLINE_ACTIONS[kind as DeadlineKind] : undefined;
  return a ? a[locale] : locale === 'zh' ? '在期限内办理' : 'act before the deadline';
}

const T = {
  brand: { zh: '【科研诚信】', en: '[Research integrity] ' },
  caseNo: { zh: '案件编号', en: 'Case number' },
  title: { zh: '案件名称', en: 'Case' },
  org: { zh: '承办单位', en: 'Handling organisation' },
  deadline: { zh: '期限', en: 'Deadline' },
  todo: { zh: '需要办理', en: 'What to do' },
  link: { zh: '案件链接', en: 'Link' },
  footer: {
    zh: '此邮件由科研诚信案件管理系统自动发送，请勿直接回复。',
    en: 'Sent automatically by the research-integrity case system; please do not reply.',
  },
} satisfies Record<string, L>;

function due(dueDate: string, locale: NotificationLocale): string {
  return locale === 'zh' ? `截止 ${dueDate}（北京时间当日 24 时前）` : `due ${dueDate} (end of day, Beijing time)`;
}

/** A short, single-line text from template data (subjects and bodies never carry control characters). */
function text(v: unknown, max = 500): string | undefined {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') return undefined;
  const s = v.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return s ? s.slice(0, max) : undefined;
}

/** Rejection reasons (001 art.13; 003 art.13 takes the same list) and review/appeal results, as mail text. */
const CODE_LABELS: Record<string, L> = {
  not_misconduct: { zh: '举报内容不属于科研失信行为', en: 'the report does not concern research misconduct' },
  no_evidence: { zh: '没有明确的证据和可查线索', en: 'no clear evidence or traceable leads' },
  repeat_without_new_evidence: {
    zh: '对同一对象重复举报且无新的证据、线索',
    en: 'a repeated report on the same person without new evidence or leads',
  },
  decided_without_new_evidence: {
    zh: '已经作出生效处理决定且无新的证据、线索',
    en: 'already decided with effect, and no new evidence or leads',
  },
  upheld: { zh: '维持原处理决定', en: 'the decision is upheld' },
  changed: { zh: '变更原处理决定', en: 'the decision is changed' },
  revoked: { zh: '撤销原处理决定', en: 'the decision is revoked' },
  refused: { zh: '不予受理', en: 'not accepted' },
};

/** A known code as its label, anything else as short text. */
function codeLabel(v: unknown, locale: NotificationLocale): string | undefined {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(CODE_LABELS, v) ? CODE_LABELS[v]![locale] : text(v);
}

function profileOf(code: string | undefined): PolicyProfile | undefined {
  return code && Object.prototype.hasOwnProperty.call(POLICY_PROFILES, code) ? getPolicyProfile(code) : undefined;
}

interface Parts {
  /** Short subject after the case number. */
  topic: string;
  /** First paragraph: what happened. */
  headline: string;
  action: string;
  /** Show the deadline line (needs deadlineKind and dueDate). */
  deadline: boolean;
}

function invalid(field: string, message: string): never {
  throw new DomainError('VALIDATION_FAILED', `${field}: ${message}`, { field });
}

function requireDeadline(c: NotificationContext): { kind: string; dueDate: string } {
  if (!c.deadlineKind) invalid('deadlineKind', `is required for ${c.template}`);
  if (!c.dueDate || !ISO_DATE.test(c.dueDate)) invalid('dueDate', `must be a date YYYY-MM-DD for ${c.template}`);
  return { kind: c.deadlineKind, dueDate: c.dueDate };
}

function parts(c: NotificationContext): Parts {
  const zh = c.locale === 'zh';
  const label = c.deadlineKind ? deadlineLabel(c.deadlineKind, c.locale, c.profile) : '';
  const d = c.data ?? {};
  switch (c.template as NotificationTemplate) {
    case 'deadline_reminder': {
      const { kind, dueDate } = requireDeadline(c);
      const stage = parseStage(c.stage);
      if (!stage || stage.type === 'escalation')
        invalid('stage', 'must be before_<n>, due_today, overdue or overdue_<n> for deadline_reminder');
      const action = actionFor(kind, c.locale);
      if (stage.type === 'before') {
        const n = stage.workingDays;
        return {
          topic: zh
            ? `${label}：距截止还有 ${n} 个工作日（${dueDate}）`
            : `${label}: due in ${n} working day${n === 1 ? '' : 's'} (${dueDate})`,
          headline: zh
            ? `“${label}”期限将于 ${dueDate} 届满，距截止还有 ${n} 个工作日。`
            : `The deadline "${label}" ends on ${dueDate}, in ${n} working day${n === 1 ? '' : 's'}.`,
          action,
          deadline: true,
        };
      }
      if (stage.type === 'due_today') {
        return {
          topic: zh ? `${label}：今日到期（${dueDate}）` : `${label}: due today (${dueDate})`,
          headline: zh ? `“${label}”期限今日（${dueDate}）届满。` : `The deadline "${label}" ends today (${dueDate}).`,
          action,
          deadline: true,
        };
      }
      const n = c.overdueWorkingDays ?? stage.workingDays;
      return {
        topic: zh
          ? `${label}：已逾期${n ? ` ${n} 个工作日` : ''}（${dueDate}）`
          : `${label}: overdue${n ? ` by ${n} working day${n === 1 ? '' : 's'}` : ''} (${dueDate})`,
        headline: zh
          ? `“${label}”期限已于 ${dueDate} 届满，${n ? `已逾期 ${n} 个工作日` : '现已逾期'}。`
          : `The deadline "${label}" ended on ${dueDate}; the case is ${n ? `${n} working day${n === 1 ? '' : 's'} ` : ''}overdue.`,
        action: zh ? `尽快${action}，并说明逾期原因` : `${action} as soon as possible and record why it is late`,
        deadline: true,
      };
    }
    case 'deadline_escalation': {
      const { dueDate } = requireDeadline(c);
      const stage = parseStage(c.stage);
      const n = c.overdueWorkingDays ?? (stage && 'workingDays' in stage ? stage.workingDays : undefined);
      const org = c.handlingOrgName ?? (zh ? '下级单位' : 'the handling organisation');
      return {
        topic: zh
          ? `督办：${label}已逾期${n ? ` ${n} 个工作日` : ''}`
          : `Escalation: ${label} overdue${n ? ` by ${n} working day${n === 1 ? '' : 's'}` : ''}`,
        headline: zh
          ? `${org}承办的案件“${label}”期限已于 ${dueDate} 届满，${n ? `已逾期 ${n} 个工作日` : '现已逾期'}，尚未办结。`
          : `The deadline "${label}" of a case handled by ${org} ended on ${dueDate}${n ? ` and is ${n} working day${n === 1 ? '' : 's'} overdue` : ' and is overdue'}.`,
        action: zh
          ? `督促${org}尽快${actionFor(c.deadlineKind, 'zh')}，必要时依规处理`
          : `follow up with ${org} so that they ${actionFor(c.deadlineKind, 'en')}; act under the rules if needed`,
        deadline: true,
      };
    }
    case 'acceptance_decision': {
      const accepted = d.accepted === true || d.decision === 'accepted';
      const reason = codeLabel(d.reason, c.locale);
      const objection = !accepted && profileOf(c.profile)?.allowsReporterObjection === true;
      if (c.audience === 'reporter') {
        return {
          topic: zh ? `举报受理情况告知：${accepted ? '予以受理' : '不予受理'}` : `Your report: ${accepted ? 'accepted' : 'not accepted'}`,
          headline: zh
            ? `您的实名举报已作出受理决定：${accepted ? '予以受理' : '不予受理'}。${reason ? `理由：${reason}` : ''}`
            : `A decision has been made on your real-name report: ${accepted ? 'accepted' : 'not accepted'}.${reason ? ` Reason: ${reason}` : ''}`,
          action: accepted
            ? zh
              ? '无需办理；案件将依规调查处理'
              : 'nothing: the case will be investigated under the rules'
            : objection
              ? zh
                ? '如有异议，可向受理单位书面提出并说明理由'
                : 'if you disagree, you may object in writing to the organisation, giving reasons'
              : zh
                ? '无需办理'
                : 'nothing',
          deadline: Boolean(c.deadlineKind && c.dueDate),
        };
      }
      return {
        topic: zh ? `受理决定：${accepted ? '予以受理' : '不予受理'}` : `Acceptance decision: ${accepted ? 'accepted' : 'not accepted'}`,
        headline: zh
          ? `案件已作出受理决定：${accepted ? '予以受理' : '不予受理'}。`
          : `The acceptance decision has been made: ${accepted ? 'accepted' : 'not accepted'}.`,
        action: zh ? '按期将受理情况通知实名举报人' : 'notify the real-name reporter in time',
        deadline: Boolean(c.deadlineKind && c.dueDate),
      };
    }
    case 'participating_units_notice':
      return {
        topic: zh ? '调查处理情况告知' : 'Outcome of an investigation you took part in',
        headline: zh
          ? `${c.handlingOrgName ?? '承办单位'}已就贵单位参与调查的案件形成调查报告，现将调查处理情况告知（《科研失信行为调查处理规则》第二十四条）。`
          : `${c.handlingOrgName ?? 'The handling organisation'} has completed the report of an investigation your organisation took part in (003 art.24).`,
        action: zh
          ? '知悉调查处理情况；如有意见，请与承办单位联系'
          : 'take note of the outcome; contact the handling organisation with any remarks',
        deadline: Boolean(c.deadlineKind && c.dueDate),
      };
    case 'proposed_decision_notice':
      return {
        topic: zh
          ? `拟处理意见已告知，${label || '陈述与申辩'}${c.dueDate ? `截止 ${c.dueDate}` : ''}`
          : `Proposed decision notified${c.dueDate ? `; ${label || 'defence'} until ${c.dueDate}` : ''}`,
        headline: zh
          ? '拟处理意见已书面告知被调查人，被调查人依法享有陈述与申辩的权利。'
          : 'The proposed decision has been notified in writing to the person concerned, who may state their case and defend themselves.',
        action: zh
          ? '期限届满或收到陈述申辩后，审查其意见并作出处理决定'
          : 'once the period ends or the defence arrives, consider it and make the decision',
        deadline: Boolean(c.deadlineKind && c.dueDate),
      };
    case 'decision_delivery':
      return {
        topic: zh ? '处理决定已送达' : 'Decision delivered',
        headline: zh ? '处理决定书已送达当事人。' : 'The decision letter has been delivered to the parties.',
        action:
          c.audience === 'reporter'
            ? zh
              ? '如对处理决定不服，可在收到处理决定书之日起的复查申请期限内书面申请复查'
              : 'if you disagree with the decision, you may apply in writing for a review within the review window'
            : zh
              ? '按规定报送处理决定书和调查报告；留意当事人在复查申请期内提出的复查申请'
              : 'report the decision as required, and watch for a review application within its window',
        deadline: Boolean(c.deadlineKind && c.dueDate),
      };
    case 'review_outcome':
    case 'appeal_outcome': {
      const review = c.template === 'review_outcome';
      const result = codeLabel(d.result, c.locale);
      const what = review ? (zh ? '复查' : 'review') : zh ? '复核（申诉）' : 'appeal';
      return {
        topic: zh ? `${what}结果${result ? `：${result}` : ''}` : `Outcome of the ${what}${result ? `: ${result}` : ''}`,
        headline: zh
          ? `案件的${what}已办结${result ? `，结果：${result}` : ''}。${review ? '' : '复核结果为最终结果。'}`
          : `The ${what} of the case is complete${result ? `: ${result}` : ''}.${review ? '' : ' The result is final.'}`,
        action:
          c.audience === 'reporter'
            ? review
              ? zh
                ? '如对复查结果不服，可在申诉期限内向上级主管部门书面申诉'
                : 'if you disagree with the result, you may appeal in writing to the superior authority within the appeal window'
              : zh
                ? '无需办理'
                : 'nothing'
            : review
              ? zh
                ? '执行复查决定；当事人如不服，可在申诉期内向上级主管部门申诉'
                : 'carry out the review decision; a party may appeal to the superior within the appeal window'
              : zh
                ? '执行复核决定'
                : 'carry out the appeal decision',
        deadline: Boolean(c.deadlineKind && c.dueDate),
      };
    }
    // 003 art.25 "对上级机关和有关部门移送的,调查延期情况应向移送机关或部门报告" (001 art.25: 报备).
    case 'extension_report': {
      const months = text(d.months, 3);
      const newDue = text(d.investigationDue, 10);
      const article = text(d.article, 40);
      const org = c.handlingOrgName ?? (zh ? '承办单位' : 'the handling organisation');
      return {
        topic: zh
          ? `调查延期情况报告${newDue ? `：延至 ${newDue}` : ''}`
          : `Extension of an investigation you transferred${newDue ? `: now due ${newDue}` : ''}`,
        headline: zh
          ? `贵单位移送${org}调查处理的案件，经单位负责人批准延长调查期限${months ? ` ${months} 个月` : ''}${newDue ? `，调查期限延至 ${newDue}` : ''}。现予报告${article ? `（${article}）` : ''}。`
          : `The investigation of a case your organisation transferred to ${org} has been extended with the unit head's approval${months ? ` by ${months} month(s)` : ''}${newDue ? `; it is now due ${newDue}` : ''}${article ? ` (${article})` : ''}.`,
        action: zh ? '知悉调查延期情况' : 'take note of the extension',
        deadline: false,
      };
    }
    // 003 art.28 "对于上级机关和有关部门移送的,应将处理决定书和调查报告报送移送单位 … 有牵头调查单位的,应同时将处理决定书送牵头调查单位".
    case 'decision_report': {
      const article = text(d.article, 40);
      const lead = c.audience === 'lead_unit';
      const org = c.handlingOrgName ?? (zh ? '承办单位' : 'the handling organisation');
      return {
        topic: zh
          ? lead
            ? '处理决定书报送牵头调查单位'
            : '处理决定书和调查报告报送移送单位'
          : lead
            ? 'Decision letter for the lead investigating unit'
            : 'Decision letter and investigation report of a case you transferred',
        headline: zh
          ? `${org}已作出处理决定并送达当事人，现将${lead ? '处理决定书送牵头调查单位' : '处理决定书和调查报告报送贵单位（移送单位）'}${article ? `（${article}）` : ''}。`
          : `${org} has made and delivered its decision; ${lead ? 'the decision letter is sent to you as the lead investigating unit' : 'the decision letter and the investigation report are sent to you as the transferring authority'}${article ? ` (${article})` : ''}.`,
        action: zh ? '查收处理决定书（及调查报告），可在案件中查阅' : 'receive the decision letter (and the report); they are on the case',
        deadline: false,
      };
    }
    // 003 art.42 "上级主管部门应在收到申诉之日起15个工作日内作出是否受理决定" (001 art.45).
    case 'appeal_lodged': {
      const article = text(d.article, 40);
      const org = c.handlingOrgName ?? (zh ? '下级单位' : 'an organisation below you');
      return {
        topic: zh
          ? `收到申诉（复核）：请作出是否受理决定${c.dueDate ? `，截止 ${c.dueDate}` : ''}`
          : `Appeal lodged with you${c.dueDate ? `: decide on acceptance by ${c.dueDate}` : ''}`,
        headline: zh
          ? `当事人对${org}的复查结果不服，向贵单位（上级主管部门）提出申诉${article ? `（${article}）` : ''}。`
          : `A party has appealed to your organisation (the superior authority) against the review result of ${org}${article ? ` (${article})` : ''}.`,
        action: zh
          ? '在期限内作出是否受理决定；受理的，组织复核，复核结果为最终结果'
          : 'decide within the period whether to accept; if accepted, hold the appeal (复核), whose result is final',
        deadline: Boolean(c.deadlineKind && c.dueDate),
      };
    }
    case 'due_date_moved': {
      const { kind, dueDate } = requireDeadline(c);
      const previous = text(d.previousDueDate, 10);
      return {
        topic: zh ? `${label}截止日期调整为 ${dueDate}` : `${label}: due date moved to ${dueDate}`,
        headline: zh
          ? `因节假日安排（国务院办公厅通知）更新，“${label}”期限${previous ? `由 ${previous} ` : ''}调整为 ${dueDate}。`
          : `The holiday calendar was updated (State Council notice): the deadline "${label}" moved${previous ? ` from ${previous}` : ''} to ${dueDate}.`,
        action: zh ? `按新的截止日期${actionFor(kind, 'zh')}` : `${actionFor(kind, 'en')} by the new due date`,
        deadline: true,
      };
    }
    default:
      return invalid('template', `unknown template "${c.template}"; known: ${NOTIFICATION_TEMPLATES.join(', ')}`);
  }
}

/** Subject and plain-text body of one mail. Throws DomainError VALIDATION_FAILED for an unknown template or missing facts. */
export function renderNotification(c: NotificationContext): RenderedMail {
  const zh = c.locale === 'zh';
  const p = parts(c);
  const staff = c.audience !== 'reporter';
  const lines: string[] = [];
  lines.push(staff && c.recipientName ? (zh ? `${c.recipientName}：您好！` : `Dear ${c.recipientName},`) : zh ? '您好！' : 'Hello,');
  lines.push('', p.headline, '');
  lines.push(`${T.caseNo[c.locale]}${zh ? '：' : ': '}${c.caseNumber}`);
  if (staff && c.caseTitle) lines.push(`${T.title[c.locale]}${zh ? '：' : ': '}${text(c.caseTitle, 200)}`);
  if (c.handlingOrgName) lines.push(`${T.org[c.locale]}${zh ? '：' : ': '}${c.handlingOrgName}`);
  if (p.deadline && c.deadlineKind && c.dueDate) {
    lines.push(
      `${T.deadline[c.locale]}${zh ? '：' : ': '}${deadlineLabel(c.deadlineKind, c.locale, c.profile)}${zh ? '，' : ', '}${due(c.dueDate, c.locale)}`,
    );
  }
  lines.push(`${T.todo[c.locale]}${zh ? '：' : ': '}${p.action}`);
  if (staff) lines.push(`${T.link[c.locale]}${zh ? '：' : ': '}${caseUrl(c.appBaseUrl, c.caseId)}`);
  lines.push('', '--', T.footer[c.locale], '');
  const subject = `${T.brand[c.locale]}${c.caseNumber} ${p.topic}`.replace(/[\r\n]+/g, ' ');
  return { subject, text: lines.join('\n') };
}
