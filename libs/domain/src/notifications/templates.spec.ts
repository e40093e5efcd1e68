import {
  caseUrl,
  deadlineLabel,
  isEmailAddress,
  maskEmail,
  NOTIFICATION_TEMPLATES,
  parseStage,
  renderNotification,
  type NotificationContext,
} from './templates';

const CASE_ID = '3f0c7a2e-1111-4222-8333-444455556666';
const base: NotificationContext = {
  template: 'deadline_reminder',
  locale: 'zh',
  audience: 'handlers',
  caseId: CASE_ID,
  caseNumber: 'SC-2026-000123',
  caseTitle: '论文图片重复使用',
  handlingOrgName: '郑州市第一人民医院',
  profile: 'henan-2021',
  deadlineKind: 'acceptance',
  dueDate: '2026-11-23',
  stage: 'before_5',
  appBaseUrl: 'http://127.0.0.1:3000/',
  recipientName: '甲院办案人员',
};

describe('notification templates', () => {
  it('reminder in Chinese: case number, deadline label from the profile, due date, what to do, link', () => {
    const m = renderNotification(base);
    expect(m.subject).toBe('【科研诚信】SC-2026-000123 初核及受理：距截止还有 5 个工作日（2026-11-23）');
    expect(m.text).toContain('甲院办案人员：您好！');
    expect(m.text).toContain('案件编号：SC-2026-000123');
    expect(m.text).toContain('期限：初核及受理，截止 2026-11-23');
    expect(m.text).toContain('需要办理：完成初核，作出是否受理的决定');
    expect(m.text).toContain(`案件链接：http://127.0.0.1:3000/api/v1/cases/${CASE_ID}`);
  });

  it('labels follow the case profile (national-2022 calls acceptance 受理决定)', () => {
    expect(renderNotification({ ...base, profile: 'national-2022' }).subject).toContain('受理决定：距截止还有 5 个工作日');
    expect(deadlineLabel('participating_units_notice', 'zh', 'henan-2021')).toBe('告知参与调查单位'); // from another profile
    expect(deadlineLabel('something_else', 'en')).toBe('something_else');
  });

  it.each([
    ['before_1', '距截止还有 1 个工作日', 'due in 1 working day (2026-11-23)'],
    ['due_today', '今日到期', 'due today'],
    ['overdue_5', '已逾期 5 个工作日', 'overdue by 5 working days'],
  ])('stage %s', (stage, zh, en) => {
    expect(renderNotification({ ...base, stage }).subject).toContain(zh);
    expect(renderNotification({ ...base, stage, locale: 'en' }).subject).toContain(en);
  });

  it('overdue takes the overdue working days of the input over the stage name', () => {
    const m = renderNotification({ ...base, stage: 'overdue', overdueWorkingDays: 7 });
    expect(m.subject).toContain('已逾期 7 个工作日');
    expect(m.text).toContain('需要办理：尽快完成初核');
  });

  it('English reminder', () => {
    const m = renderNotification({ ...base, locale: 'en', recipientName: 'Officer' });
    expect(m.subject).toBe(
      '[Research integrity] SC-2026-000123 Preliminary check (初核) and acceptance: due in 5 working days (2026-11-23)',
    );
    expect(m.text).toContain('Dear Officer,');
    expect(m.text).toContain('Deadline: Preliminary check (初核) and acceptance, due 2026-11-23 (end of day, Beijing time)');
    expect(m.text).toContain('What to do: complete the preliminary check and decide whether to accept the case');
    expect(m.text).toContain(`Link: http://127.0.0.1:3000/api/v1/cases/${CASE_ID}`);
  });

  it('escalation names the handling organisation and the overdue days', () => {
    const m = renderNotification({
      ...base,
      template: 'deadline_escalation',
      audience: 'escalation',
      stage: 'escalation',
      overdueWorkingDays: 10,
      deadlineKind: 'investigation',
    });
    expect(m.subject).toBe('【科研诚信】SC-2026-000123 督办：调查期限已逾期 10 个工作日');
    expect(m.text).toContain('郑州市第一人民医院承办的案件“调查期限”期限已于 2026-11-23 届满，已逾期 10 个工作日');
    expect(m.text).toContain('需要办理：督促郑州市第一人民医院尽快完成调查');
  });

  it('a reporter mail has no link, no title and no name, and offers an objection where the profile allows one', () => {
    const m = renderNotification({
      ...base,
      template: 'acceptance_decision',
      audience: 'reporter',
      stage: undefined,
      deadlineKind: undefined,
      dueDate: undefined,
      recipientName: '李四',
      data: { accepted: false, reason: '不属于受理范围' },
    });
    expect(m.subject).toBe('【科研诚信】SC-2026-000123 举报受理情况告知：不予受理');
    expect(m.text).toContain('您好！');
    expect(m.text).not.toContain('李四');
    expect(m.text).not.toContain('论文图片重复使用');
    expect(m.text).not.toContain('/api/v1/cases/');
    expect(m.text).toContain('理由：不属于受理范围');
    expect(m.text).toContain('如有异议');
    const national = renderNotification({
      ...base,
      profile: 'national-2022',
      template: 'acceptance_decision',
      audience: 'reporter',
      data: { accepted: false },
    });
    expect(national.text).not.toContain('如有异议');
    expect(
      renderNotification({ ...base, template: 'acceptance_decision', audience: 'reporter', data: { accepted: true } }).subject,
    ).toContain('予以受理');
  });

  it('every template renders in both languages with the case number and, for staff, the link', () => {
    for (const template of NOTIFICATION_TEMPLATES) {
      for (const locale of ['zh', 'en'] as const) {
        const stage = template === 'deadline_reminder' ? 'due_today' : template === 'deadline_escalation' ? 'escalation' : undefined;
        const m = renderNotification({
          ...base,
          template,
          locale,
          stage,
          data: { previousDueDate: '2026-11-20', result: '维持原处理决定' },
        });
        expect(m.subject).toContain('SC-2026-000123');
        expect(m.subject).not.toMatch(/[\r\n]/);
        expect(m.text).toContain('SC-2026-000123');
        expect(m.text).toContain(caseUrl('http://127.0.0.1:3000', CASE_ID));
      }
    }
  });

  it('due date moved names the old and new date', () => {
    const m = renderNotification({
      ...base,
      template: 'due_date_moved',
      stage: undefined,
      dueDate: '2026-11-24',
      data: { previousDueDate: '2026-11-23' },
    });
    expect(m.subject).toBe('【科研诚信】SC-2026-000123 初核及受理截止日期调整为 2026-11-24');
    expect(m.text).toContain('由 2026-11-23 调整为 2026-11-24');
  });

  it('refuses an unknown template, a bad stage or a missing deadline, naming the field', () => {
    expect(() => renderNotification({ ...base, template: 'birthday' })).toThrow(/template: unknown template "birthday"/);
    expect(() => renderNotification({ ...base, stage: 'soon' })).toThrow(/stage: must be before_<n>/);
    expect(() => renderNotification({ ...base, dueDate: undefined })).toThrow(/dueDate: must be a date/);
    expect(() => renderNotification({ ...base, template: 'due_date_moved', deadlineKind: undefined })).toThrow(/deadlineKind: is required/);
  });

  it('template data cannot break the subject line', () => {
    const m = renderNotification({ ...base, template: 'review_outcome', data: { result: '维持\r\nBcc: x@y.z' } });
    expect(m.subject).not.toMatch(/[\r\n]/);
  });

  it('parses stages, recognises and masks addresses', () => {
    expect(parseStage('before_5')).toEqual({ type: 'before', workingDays: 5 });
    expect(parseStage('overdue_10')).toEqual({ type: 'overdue', workingDays: 10 });
    expect(parseStage('overdue')).toEqual({ type: 'overdue' });
    expect(parseStage('escalation')).toEqual({ type: 'escalation' });
    expect(parseStage('before_0')).toBeUndefined();
    expect(isEmailAddress('lisi@example.org')).toBe(true);
    expect(isEmailAddress('13800138000')).toBe(false);
    expect(isEmailAddress('李四 <lisi@example.org>')).toBe(false);
    expect(maskEmail('lisi@example.org')).toBe('l***@e***.org');
  });

  describe('issue 17: reports to the transferring authority and the lead unit, the appeal lodged with the superior', () => {
    const ctx = (over: Partial<NotificationContext>): NotificationContext => ({
      ...base,
      deadlineKind: undefined,
      dueDate: undefined,
      stage: 'x#1',
      ...over,
    });

    it('extension report (003 art.25): the new due date, the months, the article, to the transferring authority', () => {
      const m = renderNotification(
        ctx({
          template: 'extension_report',
          audience: 'transferring_authority',
          profile: 'national-2022',
          data: { months: 2, investigationDue: '2026-11-02', article: '003 art.25' },
        }),
      );
      expect(m.subject).toBe('【科研诚信】SC-2026-000123 调查延期情况报告：延至 2026-11-02');
      expect(m.text).toContain('延长调查期限 2 个月，调查期限延至 2026-11-02');
      expect(m.text).toContain('（003 art.25）');
      const en = renderNotification(
        ctx({
          template: 'extension_report',
          audience: 'transferring_authority',
          locale: 'en',
          data: { months: 2, investigationDue: '2026-11-02', article: '001 art.25' },
        }),
      );
      expect(en.subject).toContain('now due 2026-11-02');
      expect(en.text).toContain('(001 art.25)');
    });

    it('decision report (003 art.28): letter and report to the transferring authority, the letter to a lead unit', () => {
      const transferring = renderNotification(
        ctx({ template: 'decision_report', audience: 'transferring_authority', data: { article: '003 art.28' } }),
      );
      expect(transferring.subject).toContain('处理决定书和调查报告报送移送单位');
      expect(transferring.text).toContain('（003 art.28）');
      const lead = renderNotification(ctx({ template: 'decision_report', audience: 'lead_unit', data: { article: '003 art.28' } }));
      expect(lead.subject).toContain('处理决定书报送牵头调查单位');
      expect(lead.text).not.toContain('调查报告报送贵单位');
    });

    it('appeal lodged (003 art.42): the superior decides on acceptance by the due date', () => {
      const m = renderNotification(
        ctx({
          template: 'appeal_lodged',
          audience: 'appeal_authority',
          deadlineKind: 'appeal_acceptance',
          dueDate: '2026-07-23',
          profile: 'national-2022',
          data: { article: '003 art.42–43' },
        }),
      );
      expect(m.subject).toBe('【科研诚信】SC-2026-000123 收到申诉（复核）：请作出是否受理决定，截止 2026-07-23');
      expect(m.text).toContain('期限：申诉受理决定，截止 2026-07-23');
      expect(m.text).toContain('复核结果为最终结果');
      expect(NOTIFICATION_TEMPLATES).toEqual(expect.arrayContaining(['extension_report', 'decision_report', 'appeal_lodged']));
    });
  });
});
