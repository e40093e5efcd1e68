/**
 * Mails about problem papers (RULES.md §5; 002): what an organisation's integrity administrators are asked to do.
 * Pure: paper facts in, subject and plain-text body out. Chinese by default, English available.
 *
 * Every mail names the organisation whose step caused it (转派单位, 提交单位, 审核单位, …) and, where it quotes an
 * opinion, whose opinion it is (issue 18: the national 待审核 mail quoted 河南's opinion without saying so).
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
  /** The organisation asked to act (the recipients' own organisation). */
  orgName: string;
  /** The organisation whose step this mail follows (absent in mails queued before it was recorded). */
  actingOrgName?: string;
  /** The reviewer's opinion, a pre-reviewer's feedback, or the reason a paper was returned to the superior. */
  opinion?: string;
  /** Whose opinion it is. */
  opinionByName?: string;
  appBaseUrl: string;
  recipientName?: string;
}

type Text = { zh: [string, string]; en: [string, string] };

const TASKS: Record<PaperTask, Text> = {
  handle: {
    zh: ['待机构办理', '已转派至贵单位，请调查处理，办理结果经审核后逐级上报'],
    en: ['to be handled', 'has been dispatched to your organisation: investigate it; the result goes up for review'],
  },
  review: {
    zh: ['待审核', '的调查处理结果已上报，请审核：同意上报，或附审核意见和正式函件退回'],
    en: ['to review', 'has a submitted result waiting for your review: approve it, or return it with an opinion and an official letter'],
  },
  pre_review: {
    zh: ['待预审', '的处理结果草拟材料已报送预审，请反馈意见或同意提交正式加印材料'],
    en: ['to pre-review', 'has a draft result waiting for your pre-review: return feedback, or consent to the formal stamped version'],
  },
  revise: {
    zh: ['退回修改', '的处理结果已被退回，请按审核意见修改后重新提交'],
    en: ['returned for revision', 'has had its result returned: revise it as the opinion asks and submit it again'],
  },
  formal_submission: {
    zh: ['预审同意', '的预审已同意，请提交正式加印材料'],
    en: ['pre-review consented', 'has passed the pre-review: submit the formal stamped version'],
  },
  approved: {
    zh: ['审核通过', '的处理结果已经国家卫生健康委审核通过，办理完毕'],
    en: ['approved', 'has had its result approved at national level; the paper is done'],
  },
  dispatch: {
    zh: ['待转派', '已转派至贵单位，请转派至下级机关或机构'],
    en: ['to dispatch', 'has been dispatched to your organisation: dispatch it further down'],
  },
  returned_to_superior: {
    zh: ['退回上级', '被下级单位以分发错误退回，请重新转派'],
    en: ['returned as misrouted', 'was returned to your organisation as misrouted: dispatch it again'],
  },
  withdrawn: {
    zh: ['已撤回', '报送贵单位审核的材料已被撤回，暂无需审核，重新提交时将另行通知'],
    en: [
      'withdrawn',
      'is no longer waiting for your review: what was submitted to you has been withdrawn; you will be told when it is submitted again',
    ],
  },
};

/** Who took the step, as each mail calls them. */
const ACTING: Record<PaperTask, { zh: string; en: string }> = {
  handle: { zh: '转派单位', en: 'Dispatched by' },
  dispatch: { zh: '转派单位', en: 'Dispatched by' },
  review: { zh: '报送单位', en: 'Sent up by' },
  pre_review: { zh: '报送单位', en: 'Submitted by' },
  revise: { zh: '退回单位', en: 'Returned by' },
  formal_submission: { zh: '预审单位', en: 'Pre-reviewed by' },
  approved: { zh: '审核单位', en: 'Approved by' },
  returned_to_superior: { zh: '退回单位', en: 'Returned by' },
  withdrawn: { zh: '撤回单位', en: 'Withdrawn by' },
};

const OPINION: Partial<Record<PaperTask, { zh: string; en: string }>> = {
  returned_to_superior: { zh: '退回理由', en: 'Reason' },
  formal_submission: { zh: '预审意见', en: 'Pre-review opinion' },
};

export function renderPaperNotice(c: PaperNoticeContext): { subject: string; text: string } {
  const t = TASKS[c.task];
  if (!t) throw new Error(`unknown paper task ${String(c.task)}`);
  const link = `${c.appBaseUrl.replace(/\/$/, '')}/api/v1/papers/${c.paperId}`;
  const opinionLabel = OPINION[c.task] ?? { zh: '审核意见', en: 'Opinion' };
  if (c.locale === 'en') {
    return {
      subject: `[Research integrity] Retracted paper ${c.batch}-${c.number}: ${t.en[0]}`,
      text: [
        `${c.recipientName ?? 'Dear colleague'},`,
        '',
        `The retracted paper "${c.title}" (batch ${c.batch}, number ${c.number}) ${t.en[1]}.`,
        `To: ${c.orgName}`,
        ...(c.actingOrgName ? [`${ACTING[c.task].en}: ${c.actingOrgName}`] : []),
        ...(c.opinion ? [`${opinionLabel.en}${c.opinionByName ? ` of ${c.opinionByName}` : ''}: ${c.opinion}`] : []),
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
      `收件单位：${c.orgName}`,
      ...(c.actingOrgName ? [`${ACTING[c.task].zh}：${c.actingOrgName}`] : []),
      ...(c.opinion ? [`${c.opinionByName ? `${c.opinionByName}` : ''}${opinionLabel.zh}：${c.opinion}`] : []),
      '',
      `办理入口：${link}`,
    ].join('\n'),
  };
}
