import { CalendarDataError, chineseDaysCalendarYears } from './index';

describe('chineseDaysCalendarYears', () => {
  it('groups dates by their own year, sorted, and ignores the values and inLieuDays', () => {
    const years = chineseDaysCalendarYears({
      holidays: { '2019-01-01': "New Year's Day,元旦,1", '2018-12-31': "New Year's Day,元旦,1", '2018-12-30': "New Year's Day,元旦,1" },
      workdays: { '2018-12-29': "New Year's Day,元旦,1" },
      inLieuDays: { '2018-12-31': "New Year's Day,元旦,1" },
    } as never);
    expect(years).toEqual([
      { year: 2018, holidays: ['2018-12-30', '2018-12-31'], makeupWorkdays: ['2018-12-29'] },
      { year: 2019, holidays: ['2019-01-01'], makeupWorkdays: [] },
    ]);
  });

  it('converts the real package data: one notice per year 2004–2026, all valid', () => {
    const data = require('chinese-days/dist/chinese-days.json');
    const years = chineseDaysCalendarYears(data);
    expect(years.map((y) => y.year)).toEqual(Array.from({ length: 2026 - 2004 + 1 }, (_, i) => 2004 + i));
    const y2026 = years.find((y) => y.year === 2026)!;
    expect(y2026.makeupWorkdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(y2026.holidays.filter((d) => d.startsWith('2026-10'))).toEqual([
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ]);
  });

  it('refuses inconsistent data', () => {
    expect(() => chineseDaysCalendarYears({ holidays: { '2026-10-10': 'x' }, workdays: { '2026-10-10': 'x' } })).toThrow(CalendarDataError);
    expect(() => chineseDaysCalendarYears({ holidays: {}, workdays: { '2026-10-09': 'x' } })).toThrow(CalendarDataError);
    expect(() => chineseDaysCalendarYears({ holidays: { '2026-02-30': 'x' }, workdays: {} })).toThrow(CalendarDataError);
  });
});
