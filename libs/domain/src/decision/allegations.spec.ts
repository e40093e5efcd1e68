/** Allegations on POST /cases are misconduct types of the handling organisation's profile (003 art.2; 001 art.2). */
import { allegationIssues } from './allegations';

describe('allegationIssues', () => {
  it('takes the codes of the profile: national 1–8 (003 art.2), henan 1–9 (001 art.2), and none at all', () => {
    expect(allegationIssues('national-2022', ['1', '2', '8'])).toEqual([]);
    expect(allegationIssues('henan-2021', ['9'])).toEqual([]);
    expect(allegationIssues('national-2022', [])).toEqual([]);
  });

  it("refuses a code outside the profile's catalogue, citing that profile's article", () => {
    expect(allegationIssues('national-2022', ['2', '9'])).toEqual([
      {
        path: 'allegations[1]',
        rule: 'catalogue.misconduct_type',
        article: '003 art.2',
        message: '"9" is not a misconduct type of national-2022 (003 art.2: 1–8)',
      },
    ]);
    expect(allegationIssues('henan-2021', ['99'])).toEqual([
      {
        path: 'allegations[0]',
        rule: 'catalogue.misconduct_type',
        article: '001 art.2',
        message: '"99" is not a misconduct type of henan-2021 (001 art.2: 1–9)',
      },
    ]);
  });

  it('names every bad code at once; a 10,000-character code is cut short in the message; non-strings and duplicates are refused', () => {
    const issues = allegationIssues('henan-2021', ['x'.repeat(10_000), '02', '', 3, '2', '2']);
    expect(issues.map((i) => [i.path, i.rule])).toEqual([
      ['allegations[0]', 'catalogue.misconduct_type'],
      ['allegations[1]', 'catalogue.misconduct_type'],
      ['allegations[2]', 'catalogue.misconduct_type'],
      ['allegations[3]', 'catalogue.misconduct_type'],
      ['allegations[5]', 'allegations.duplicate'],
    ]);
    expect(issues[0]!.message.length).toBeLessThan(100);
    expect(issues[0]!.message).toContain('…');
  });
});
