/** A case that went through every step (accepted, decided, reviewed, appealed; also refused), for document tests and the benchmark. */
import type { DocumentFacts } from '@libs/domain/src/documents';

export function sampleDocumentFacts(profile: string): DocumentFacts {
  return {
    profile,
    caseNumber: 'SC-2026-000123',
    caseTitle: '撤稿论文调查',
    source: 'report',
    receivedAt: '2026-03-02',
    subjects: [{ name: '王五' }],
    paper: { title: 'Retracted: a study of the effect of things on other things in a long title' },
    handlingOrg: { name: '洛阳市中心医院' },
    superiorOrg: { name: '洛阳市卫生健康委员会' },
    reporter: { name: '李四', realName: true },
    events: [
      { seq: 1, type: 'rejected', data: { on: '2026-03-05', reason: 'no_evidence', note: '未提供论文图片比对材料' } },
      { seq: 2, type: 'accepted', data: { on: '2026-03-09' } },
      { seq: 3, type: 'decided', data: { summary: '经专家组评议，论文图3、图5数据系编造。' } },
      { seq: 4, type: 'review_applied', data: { on: '2026-06-10' } },
      { seq: 5, type: 'review_accepted', data: { on: '2026-06-15' } },
      { seq: 6, type: 'review_completed', data: { on: '2026-08-03', result: 'upheld', summary: '申诉理由不成立。' } },
      { seq: 7, type: 'appeal_applied', data: { on: '2026-08-10' } },
      { seq: 8, type: 'appeal_accepted', data: { on: '2026-08-14' } },
      { seq: 9, type: 'appeal_completed', data: { on: '2026-10-09', result: 'changed', summary: '处理期限调整为3年。' } },
    ],
    decision: {
      result: 'misconduct',
      effectiveDate: '2026-06-01',
      authors: [
        {
          order: 1,
          name: '王五',
          organisation: '洛阳市中心医院',
          idNumber: '110105202001180428',
          idNumberMasked: '1101052020****0428',
          penalise: true,
          misconductTypes: ['2', '7'],
          severity: '3',
          measures:
            profile === 'henan-2021' ? [{ code: '5', years: 4 }, { code: '2' }, { code: '11' }] : [{ code: '7', years: 4 }, { code: '13' }],
          mitigating: [],
          aggravating: ['1'],
        },
        {
          order: 2,
          name: '赵六',
          organisation: '郑州大学',
          idNumber: '11010519491231002X',
          idNumberMasked: '1101051949****002X',
          penalise: false,
          misconductTypes: [],
          measures: [],
          mitigating: [],
          aggravating: [],
        },
      ],
    },
    decisionLetterNumber: '诚信处〔2026〕7号',
  };
}
