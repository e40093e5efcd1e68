/**
 * Reminder mails of a lead's triage deadline (issue 22): the holding organisation's integrity administrators are
 * reminded, the parent organisation is told when it is long overdue. Pure: lead facts in, subject and body out.
 */
import { parseStage, type NotificationLocale } from './templates';

export interface LeadNoticeContext {
  locale: NotificationLocale;
  audience: 'lead_org' | 'lead_escalation';
  leadId: string;
  number: string;
  title: string;
  orgName: string;
  dueDate: string;
  stage: string;
  overdueWorkingDays: number;
  appBaseUrl: string;
  recipientName?: string;
}

export function renderLeadNotice(c: LeadNoticeContext): { subject: string; text: string } {
  const stage = parseStage(c.stage);
  if (!stage) throw new Error(`unknown reminder stage "${c.stage}"`);
  const link = `${c.appBaseUrl.replace(/\/$/, '')}/api/v1/leads/${c.leadId}`;
  const en = c.locale === 'en';
  const when =
    stage.type === 'before'
      ? en
        ? `due in ${stage.workingDays} working day(s)`
        : `距研判期限还有 ${stage.workingDays} 个工作日`
      : stage.type === 'due_today'
        ? en
          ? 'due today'
          : '今日到期'
        : en
          ? `overdue by ${c.overdueWorkingDays} working day(s)`
          : `已超期 ${c.overdueWorkingDays} 个工作日`;
  if (en) {
    return {
      subject: `[Research integrity] ${c.audience === 'lead_escalation' ? 'Escalation: ' : ''}lead ${c.number} triage ${when}`,
      text: [
        `${c.recipientName ?? 'Dear colleague'},`,
        '',
        `Lead ${c.number} "${c.title}" waits for triage at ${c.orgName}: ${when} (due ${c.dueDate}).`,
        c.audience === 'lead_escalation'
          ? 'As its supervising organisation, please see that it is triaged.'
          : 'Triage it: open a case, dispatch it to a child organisation, or close it with a reason.',
        '',
        `Open it: ${link}`,
      ].join('\n'),
    };
  }
  return {
    subject: `【科研诚信】${c.audience === 'lead_escalation' ? '督办：' : ''}线索 ${c.number} 研判${when}`,
    text: [
      `${c.recipientName ?? '您好'}：`,
      '',
      `线索 ${c.number}《${c.title}》在${c.orgName}待研判，${when}（期限 ${c.dueDate}）。`,
      c.audience === 'lead_escalation' ? '请督促下级单位及时研判。' : '请及时研判：立案调查、转派下级单位，或说明理由后关闭。',
      '',
      `办理入口：${link}`,
    ].join('\n'),
  };
}
