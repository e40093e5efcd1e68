import { RecentUpdates } from './recent-updates';

describe('RecentUpdates: what a continued run takes over', () => {
  const filled = (n: number, kept: number) => {
    const r = new RecentUpdates<number>(kept);
    for (let i = 1; i <= n; i++) r.remember(`u${i}`, i);
    return r;
  };

  it('keeps the latest `kept` results, the oldest going first', () => {
    expect(filled(7, 5).carry()).toEqual([
      ['u3', 3],
      ['u4', 4],
      ['u5', 5],
      ['u6', 6],
      ['u7', 7],
    ]);
  });

  it('carries only the latest ones when asked (a bounded case run: 50 of up to 500)', () => {
    const r = filled(120, 500);
    const carried = r.carry(50);
    expect(carried).toHaveLength(50);
    expect(carried[0]).toEqual(['u71', 71]);
    expect(carried[49]).toEqual(['u120', 120]);
    expect(filled(3, 500).carry(50)).toEqual([
      ['u1', 1],
      ['u2', 2],
      ['u3', 3],
    ]);
  });

  it('a continued run answers the carried ids and remembers new ones', () => {
    const next = new RecentUpdates<number>(500, filled(120, 500).carry(50));
    expect(next.carry().map(([id]) => id)).toContain('u120');
    expect(next.carry().map(([id]) => id)).not.toContain('u70');
  });
});
