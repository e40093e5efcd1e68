/**
 * Mails about problem papers (RULES.md §5; 002): what an organisation's integrity administrators are asked to do.
 * Pure: paper facts in, subject and plain-text body out. Chinese by default, English available.
 */
import type { PaperTask } from '../paper';
import type { NotificationLocale } from './templates';

export interface PaperNoticeContext {
  locale: NotificationLocale;
  task: PaperTask;
  paperId: string;
  batch: string;
  number: string;
  title: string;
  orgName: string;
  /** The reviewer's opinion, when a result was returned or consented to. */
  opinion?: string;
  appBaseUrl: string;
  recipientName?: string;
}

const TASKS: Record<PaperTask, { zh: [string, string]; en: [string, string] }> = {
  handle: { zh: ['待机构办理', '已转派至贵单位，请调查处理，办理结果经审核后逐级上报'], en: ['to be handled', 'has been dispatched to your organisation: investigate it; the result goes up for review'] },
  review: { zh: ['待审核', '的调查处理结果已上报，请审核：同意上报，或附审核意见和正式函件退回'], en: ['to review', 'has a submitted result waiting for your review: approve it, or return it with an opinion and an official letter'] },
  pre_review: { zh: ['待预审', '的处理结果草拟材料已报送预审，请反馈意见或同意提交正式加印材料'], en: ['to pre-review', 'has a draft result waiting for your pre-review: return feedback, or consent to the formal stamped version'] },
  revise: { zh: ['退回修改', '的处理结果已被退回，请按审核意见修改后重新提交'], en: ['returned for revision', 'has had its result returned: revise it as the opinion asks and submit it again'] },
  formal_submission: { zh: ['预审同意', '的预审已同意，请提交正式加印材料'], en: ['pre-review consented', 'has passed the pre-review: submit the formal stamped version'] },
  approved: { zh: ['审核通过', '的处理结果已经国家卫生健康委审核通过，办理完毕'], en: ['approved', 'has had its result approved at national level; the paper is done'] },
};

export function renderPaperNotice(c: PaperNoticeContext): { subject: string; text: string } {
  const t = TASKS[c.task];
  if (!t) throw new Error(`unknown paper task ${String(c.task)}`);
  const link = `${c.appBaseUrl.replace(/\/$/, '')}/api/v1/papers/${c.paperId}`;
  if (c.locale === 'en') {
    return {
      subject: `[Research integrity] Retracted paper ${c.batch}-${c.number}: ${t.en[0]}`,
      text: [
        `${c.recipientName ?? 'Dear colleague'},`,
        '',
        `The retracted paper "${c.title}" (batch ${c.batch}, number ${c.number}) ${t.en[1]}.`,
        `Organisation: ${c.orgName}`,
        ...(c.opinion ? [`Opinion: ${c.opinion}`] : []),
        '',
        `Open it: ${link}`,
      ].join('\n'),
    };
  }
  return {
    subject: `【科研诚信】撤稿论文 ${c.batch}-${c.number} ${t.zh[0]}`,
    text: [
      `${c.recipientName ?? '您好'}：`,
      '',
      `撤稿论文《${c.title}》（批次 ${c.batch}，编号 ${c.number}）${t.zh[1]}。`,
      `单位：${c.orgName}`,
      ...(c.opinion ? [`审核意见：${c.opinion}`] : []),
      '',
      `办理入口：${link}`,
    ].join('\n'),
  };
}
