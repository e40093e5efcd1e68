/**
 * Raw-data spot checks (000 §10: 对已发表论文原始数据按不少于机构当年发表论文总数5%的比例进行随机抽查，对重要学术论文等科研成果应实现全覆盖):
 * a reproducible random sample of an institution's papers of one year. Pure.
 *
 * The sample is a function of (the list of papers, the rate, the seed) only:
 * - papers are put in a canonical order first (by their reference, then title), so the order of the imported file
 *   does not matter;
 * - every important paper is in the sample (全覆盖);
 * - the rest is drawn without replacement from the other papers by a partial Fisher–Yates shuffle driven by
 *   SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014; the generator of
 *   java.util.SplittableRandom): state += 0x9E3779B97F4A7C15; z = state; z = (z ^ z>>>30) * 0xBF58476D1CE4E5B9;
 *   z = (z ^ z>>>27) * 0x94D049BB133111EB; return z ^ z>>>31 (all mod 2^64). Indices below n come from rejection
 *   sampling (no modulo bias);
 * - the sample size is max(⌈rate × total⌉, important papers), and at least one paper when there are any; the rate is
 *   at least 5 %.
 * Anyone holding the list and the seed (stored and shown with the plan) can draw the same sample again.
 */
import { DomainError } from '../shared/domain-error';

export const SAMPLING_ALGORITHM = 'splitmix64-fisher-yates-v1';
/** 000 §10: 不少于 … 5%. */
export const MIN_SAMPLE_RATE = 0.05;

const MASK = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7c15n;

/** SplitMix64 over a 64-bit unsigned seed. */
export class SplitMix64 {
  private state: bigint;

  constructor(seed: bigint) {
    if (seed < 0n || seed > MASK) throw new DomainError('VALIDATION_FAILED', 'seed must be a whole number 0 … 2^64−1', { field: 'seed' });
    this.state = seed;
  }

  /** The next 64-bit output. */
  next(): bigint {
    this.state = (this.state + GOLDEN) & MASK;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
    return z ^ (z >> 31n);
  }

  /** Uniform in [0, n) for 1 ≤ n ≤ 2^32, by rejection (no modulo bias). */
  below(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`below(${n})`);
    const bn = BigInt(n);
    const limit = (1n << 64n) - ((1n << 64n) % bn); // largest multiple of n not above 2^64
    for (;;) {
      const x = this.next();
      if (x < limit) return Number(x % bn);
    }
  }
}

/** A seed as stored and shown: a decimal string of a 64-bit unsigned number. */
export function parseSeed(seed: string): bigint {
  if (!/^\d{1,20}$/.test(seed))
    throw new DomainError('VALIDATION_FAILED', 'seed: a whole number 0 … 18446744073709551615 (decimal)', { field: 'seed' });
  const v = BigInt(seed);
  if (v > MASK) throw new DomainError('VALIDATION_FAILED', 'seed: a whole number 0 … 18446744073709551615 (decimal)', { field: 'seed' });
  return v;
}

export interface SamplePaper {
  id: string;
  ref: string;
  title: string;
  important: boolean;
}

export function sampleSize(total: number, important: number, rate: number): number {
  if (total === 0) return 0;
  return Math.min(total, Math.max(Math.ceil(rate * total - 1e-9), important, 1));
}

/**
 * The sampled papers' ids: the important ones (reason `important`) and the drawn ones (reason `random`), in the order
 * they were chosen.
 */
export function drawSample(
  papers: readonly SamplePaper[],
  rate: number,
  seed: bigint,
): Array<{ id: string; reason: 'important' | 'random'; order: number }> {
  if (!(rate >= MIN_SAMPLE_RATE && rate <= 1)) {
    throw new DomainError('VALIDATION_FAILED', `rate: at least ${MIN_SAMPLE_RATE} (5 %, 000 §10) and at most 1`, {
      field: 'rate',
      article: '000 §10',
    });
  }
  const ordered = [...papers].sort((a, b) =>
    a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : a.title < b.title ? -1 : a.title > b.title ? 1 : a.id < b.id ? -1 : 1,
  );
  const important = ordered.filter((p) => p.important);
  const others = ordered.filter((p) => !p.important);
  const n = sampleSize(ordered.length, important.length, rate);
  const out: Array<{ id: string; reason: 'important' | 'random'; order: number }> = important.map((p, i) => ({
    id: p.id,
    reason: 'important',
    order: i + 1,
  }));
  const rng = new SplitMix64(seed);
  const pool = others.map((p) => p.id);
  const k = Math.min(n - important.length, pool.length);
  for (let i = 0; i < k; i++) {
    const j = i + rng.below(pool.length - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    out.push({ id: pool[i]!, reason: 'random', order: out.length + 1 });
  }
  return out;
}

/** Outcome of checking one paper's raw data (000 §10: 原始数据统一管理、存储数据完整性和真实性). */
export const SPOT_CHECK_OUTCOMES = ['complete', 'consistent', 'missing', 'problem'] as const;
export type SpotCheckOutcome = (typeof SPOT_CHECK_OUTCOMES)[number];
/** Outcomes that call for a follow-up (对发现的问题及时督促整改): a lead at the institution. */
export const FOLLOW_UP_OUTCOMES: readonly SpotCheckOutcome[] = ['missing', 'problem'];

export const SPOT_CHECK_OUTCOME_LABELS: Record<SpotCheckOutcome, string> = {
  complete: '数据完整',
  consistent: '数据完整且与论文一致',
  missing: '原始数据缺失',
  problem: '发现问题',
};
