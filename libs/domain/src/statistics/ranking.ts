/** Quarterly ranking arithmetic (000 §4), pure. */
import { DomainError } from '../shared';

export const FREQUENT_TOP = 5;

/** '2026Q3' -> first and last day of the quarter. */
export function quarterRange(quarter: string): { from: string; to: string } {
  const m = /^(\d{4})Q([1-4])$/.exec(quarter);
  if (!m) throw new DomainError('VALIDATION_FAILED', 'quarter: must look like 2026Q3', { field: 'quarter' });
  const year = Number(m[1]);
  const q = Number(m[2]);
  const first = (q - 1) * 3 + 1;
  const lastMonth = first + 2;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(lastMonth)}-${pad(lastDay)}` };
}

/** Competition ranking (1, 2, 2, 4): equal counts share a rank. Top 5 ranks with at least one case are "frequent". */
export function rank<T extends { count: number }>(rows: T[]): Array<T & { rank: number; frequent: boolean }> {
  const sorted = [...rows].sort((a, b) => b.count - a.count);
  return sorted.map((r, i) => {
    const rank = sorted.findIndex((x) => x.count === r.count) + 1;
    return { ...r, rank, frequent: r.count > 0 && rank <= FREQUENT_TOP };
  });
}
