/**
 * "You have a new message" to a reporter of the public channel (issue 23). Pure.
 *
 * [decision] The mail says only that a message is waiting: no content, no case number, no organisation, no link or
 * address of the channel (a mail can be read by others on a shared account; the reporter comes back with the key and
 * password they keep). The same text for every message.
 */
import type { NotificationLocale, RenderedMail } from './templates';

export function renderReporterMessageNotice(locale: NotificationLocale): RenderedMail {
  if (locale === 'zh') {
    return {
      subject: '您有一条新消息',
      text: [
        '您好！',
        '',
        '您提交的举报有一条新消息。请使用您的举报密钥和密码登录举报渠道查看。',
        '',
        '--',
        '本邮件由系统自动发送，请勿直接回复。',
        '',
      ].join('\n'),
    };
  }
  return {
    subject: 'You have a new message',
    text: [
      'Hello,',
      '',
      'There is a new message about the report you filed. Sign in to the reporting channel with your report key and password to read it.',
      '',
      '--',
      'This mail was sent automatically; please do not reply to it.',
      '',
    ].join('\n'),
  };
}
