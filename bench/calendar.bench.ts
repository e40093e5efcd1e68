/**
 * Throughput of deadline computation: 100,000 mixed `computeDeadline` calls (random trigger dates
 * 2024–2026, working days / calendar days / months, amounts as in the policy profiles), seeded PRNG.
 *
 * Build and run:  npm run build:ts && node dist/bench/calendar.bench.js [count]
 */
import {
  WorkingCalendar,
  chineseDaysCalendarYears,
  computeDeadline,
  toDayNumber,
  fromDayNumber,
  type Period,
} from '@libs/domain/src/calendar';

const data = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };

/** mulberry32: small deterministic PRNG, so every run computes the same deadlines. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const PERIODS: Period[] = [
  { amount: 5, unit: 'working_days' },
  { amount: 10, unit: 'working_days' },
  { amount: 15, unit: 'working_days' },
  { amount: 90, unit: 'working_days' },
  { amount: 15, unit: 'days' },
  { amount: 1, unit: 'months' },
  { amount: 6, unit: 'months' },
  { amount: 12, unit: 'months' },
];

function main(): void {
  const count = Number(process.argv[2] ?? 100_000);
  const rand = mulberry32(20_260_101);
  const lo = toDayNumber('2024-01-01');
  const hi = toDayNumber('2026-12-31');

  // Inputs prepared outside the timed loop: the timing covers only the deadline computation.
  const inputs: { from: string; period: Period }[] = [];
  for (let i = 0; i < count; i++) {
    inputs.push({ from: fromDayNumber(lo + Math.floor(rand() * (hi - lo + 1))), period: PERIODS[Math.floor(rand() * PERIODS.length)] });
  }

  const t0 = performance.now();
  const cal = new WorkingCalendar(chineseDaysCalendarYears(data));
  const t1 = performance.now();
  let provisional = 0;
  let checksum = 0;
  for (const { from, period } of inputs) {
    const d = computeDeadline(cal, from, period);
    if (d.provisional) provisional++;
    checksum = (checksum + d.dueAtMs / 1000) % 1_000_000_007;
  }
  const t2 = performance.now();

  const ms = t2 - t1;
  console.log(`calendar load (chinese-days ${cal.loadedYears()[0]}–${cal.loadedYears().at(-1)}): ${(t1 - t0).toFixed(1)} ms`);
  console.log(`${count} deadlines in ${ms.toFixed(1)} ms = ${Math.round((count / ms) * 1000).toLocaleString('en-US')} deadlines/s`);
  console.log(`provisional (ran into 2027+): ${provisional}; checksum ${checksum}`);
}

main();
