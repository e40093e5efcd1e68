/** Training records of the archives (000 §15): an imported list, Chinese or English headers, bad rows named. */
import { parseTrainingTable } from './training';

describe('parseTrainingTable', () => {
  it('reads rows under Chinese headers (kinds by code or label) and names every bad row with its number', () => {
    const t = parseTrainingTable([
      ['\uFEFF姓名', '证件号码', '单位', '培训名称', '类别', '学时', '完成日期', '主办单位'],
      ['王五', '110105202001180428', '洛阳市中心医院', '科研诚信与学风建设', '继续教育必修课', '4', '2026-09-01', '省卫健委'],
      ['赵六', '11010519491231002X', '洛阳市中心医院', '入职第一课', 'induction', '', '2026-08-01', ''],
      ['', 'no!', '', '', 'sports', '-1', '2026-02-30', ''],
      ['', '', '', '', '', '', '', ''],
    ]);
    expect(t.rows.map((r) => [r.row, r.value.name, r.value.kind, r.value.hours, r.value.provider])).toEqual([
      [2, '王五', 'continuing_education', 4, '省卫健委'],
      [3, '赵六', 'induction', null, null],
    ]);
    expect(t.errors).toEqual([
      {
        row: 4,
        reason: expect.stringMatching(
          /姓名 is empty; 证件号码 is not an ID number; 单位 is empty; 培训名称 is empty; 类别 must be .*; 学时 .*; 完成日期 must be a date/,
        ),
      },
    ]);
  });

  it('a table without the required columns is refused as a whole', () => {
    expect(parseTrainingTable([['name', 'title']])).toEqual({
      rows: [],
      errors: [{ row: 1, reason: 'missing columns: 证件号码, 单位, 完成日期' }],
    });
  });
});
