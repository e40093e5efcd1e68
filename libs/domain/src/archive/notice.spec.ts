/** Public notices (000 §3): drawn from a decision in force finding misconduct, for a penalised person; never an ID number. */
import { allowedNoticeActions, noticeFields, noticeRefusal, noticeTransition, withholdIdNumbers } from './notice';

describe('notice status', () => {
  it('draft → published → withdrawn → published; a draft may be withdrawn; nothing else', () => {
    expect([
      noticeTransition('draft', 'publish'),
      noticeTransition('published', 'withdraw'),
      noticeTransition('withdrawn', 'publish'),
      noticeTransition('draft', 'withdraw'),
    ]).toEqual(['published', 'withdrawn', 'published', 'withdrawn']);
    expect([noticeTransition('published', 'publish'), noticeTransition('withdrawn', 'withdraw')]).toEqual([null, null]);
    expect([allowedNoticeActions('draft'), allowedNoticeActions('published'), allowedNoticeActions('withdrawn')]).toEqual([
      ['publish', 'withdraw'],
      ['withdraw'],
      ['publish'],
    ]);
  });
});

describe('noticeRefusal and noticeFields', () => {
  const author = {
    order: 1,
    name: '王五',
    organisation: '洛阳市中心医院',
    penalise: true,
    misconductTypes: ['2'],
    measures: [{ code: '7', years: 4 }, { code: '13' }, { code: '14', text: '调离岗位 110105202001180428' }],
  };

  it('only a decision in force finding misconduct, for a penalised author', () => {
    expect(noticeRefusal({ status: 'effective', result: 'misconduct' }, author)).toBeNull();
    expect(noticeRefusal({ status: 'changed', result: 'misconduct' }, author)).toBeNull();
    expect(noticeRefusal({ status: 'revoked', result: 'misconduct' }, author)).toMatch(/revoked/);
    expect(noticeRefusal({ status: 'superseded', result: 'misconduct' }, author)).toMatch(/superseded/);
    expect(noticeRefusal({ status: 'effective', result: 'no_misconduct' }, author)).toMatch(/no misconduct/);
    expect(noticeRefusal({ status: 'effective', result: 'misconduct' }, { ...author, penalise: false })).toMatch(/not penalised/);
    expect(noticeRefusal({ status: 'effective', result: 'misconduct' }, undefined)).toMatch(/no author/);
  });

  it("person, unit, misconduct and measures in the decision's catalogue; an ID-shaped number in a text is withheld, even masked", () => {
    const f = noticeFields('national-2022', author);
    expect(f.personName).toBe('王五');
    expect(f.unit).toBe('洛阳市中心医院');
    expect(f.misconduct).toMatch(/^编造研究过程/);
    expect(f.measures).toBe(
      '一定期限取消申请或申报科技奖励、科技人才称号和职务职称晋升等资格（4年）；记入科研诚信严重失信行为数据库；其他处理：调离岗位 （证件号码不予公开）',
    );
    expect(JSON.stringify(f)).not.toContain('110105202001180428');
    expect(withholdIdNumbers('见 1101052020****0428 与 11010519491231002x，编号 A110105202001180428 不变')).toBe(
      '见 （证件号码不予公开） 与 （证件号码不予公开），编号 A110105202001180428 不变',
    );
  });
});
