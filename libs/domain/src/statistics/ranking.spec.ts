import { quarterRange, rank } from './ranking';

describe('quarterly ranking (000 §4)', () => {
  it('quarters map to their first and last days', () => {
    expect(quarterRange('2026Q1')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(quarterRange('2024Q1')).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(quarterRange('2026Q3')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(quarterRange('2026Q4')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(() => quarterRange('2026Q5')).toThrow(/quarter/);
  });

  it('the top 5 ranks are frequent, ties share a rank (so more than 5 units can be frequent)', () => {
    const counts = [9, 7, 7, 5, 4, 4, 3, 1].map((count, i) => ({ id: `u${i}`, count }));
    const ranked = rank(counts);
    expect(ranked.map((r) => [r.count, r.rank, r.frequent])).toEqual([
      [9, 1, true],
      [7, 2, true],
      [7, 2, true],
      [5, 4, true],
      [4, 5, true],
      [4, 5, true],
      [3, 7, false],
      [1, 8, false],
    ]);
  });
});
