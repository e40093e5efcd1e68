import { parseSpotCheckPapers } from './papers';

describe("an institution's papers of the year (000 §10 spot-check list)", () => {
  it('reads Chinese or English headers in any order; 是/否 marks important papers', () => {
    const { rows, errors } = parseSpotCheckPapers(
      [
        ['标题', '编号', '重要论文', '作者', 'DOI', '发表日期'],
        ['A', 'P1', '是', '张三；李四', 'https://doi.org/10.1000/ABC', '2026-02-01'],
        ['B', 'P2', '', '', '', ''],
      ],
      2026,
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        ref: 'P1',
        title: 'A',
        authors: ['张三', '李四'],
        journal: null,
        doi: '10.1000/abc',
        publishedOn: '2026-02-01',
        important: true,
        importantReason: null,
      },
      { line: 3, ref: 'P2', title: 'B', authors: [], journal: null, doi: null, publishedOn: null, important: false, importantReason: null },
    ]);
  });
  it('refuses a row of another year, a repeated reference, a bad mark or DOI, each with its row number', () => {
    const { rows, errors } = parseSpotCheckPapers(
      [
        ['ref', 'title', 'important', 'doi', 'publishedOn'],
        ['P1', 'A', 'no', '', '2025-12-31'],
        ['P2', 'B', 'maybe', 'x', ''],
        ['P3', 'C', 'yes', '', '2026-02-30'],
        ['P4', 'D', '1', '', ''],
        ['P4', 'E', '0', '', ''],
      ],
      2026,
    );
    expect(rows.map((r) => r.ref)).toEqual(['P4']);
    expect(errors.map((e) => e.row)).toEqual([2, 3, 4, 6]);
    expect(errors[0]!.reason).toMatch(/not in 2026/);
    expect(errors[1]!.reason).toMatch(/is not a DOI.*|important "maybe"/);
    expect(errors[3]!.reason).toMatch(/repeats row 5/);
  });
  it('a file without ref or title is refused whole (row 1)', () => {
    expect(parseSpotCheckPapers([['作者'], ['x']], 2026).errors).toEqual([
      { row: 1, reason: expect.stringMatching(/missing columns ref, title/) },
    ]);
  });
});
