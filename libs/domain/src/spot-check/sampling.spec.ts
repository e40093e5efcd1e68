import { drawSample, MIN_SAMPLE_RATE, parseSeed, sampleSize, SplitMix64, type SamplePaper } from './sampling';

const papers = (n: number, important: number[] = []): SamplePaper[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `id-${i}`,
    ref: `P${String(i).padStart(4, '0')}`,
    title: `Paper ${i}`,
    important: important.includes(i),
  }));

describe('SplitMix64 (Steele, Lea & Flood 2014)', () => {
  it('gives the published outputs for seed 0 (java.util.SplittableRandom(0).nextLong())', () => {
    const r = new SplitMix64(0n);
    // Reference values of SplitMix64 with seed 0 (Vigna's splitmix64.c).
    expect(r.next().toString(16)).toBe('e220a8397b1dcdaf');
    expect(r.next().toString(16)).toBe('6e789e6aa1b965f4');
    expect(r.next().toString(16)).toBe('6c45d188009454f');
  });
  it('below(n) stays in range and covers it', () => {
    const r = new SplitMix64(42n);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const x = r.below(7);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(7);
      seen.add(x);
    }
    expect(seen.size).toBe(7);
  });
  it('seeds are decimal 64-bit numbers', () => {
    expect(parseSeed('18446744073709551615')).toBe((1n << 64n) - 1n);
    expect(() => parseSeed('18446744073709551616')).toThrow();
    expect(() => parseSeed('-1')).toThrow();
    expect(() => parseSeed('0x10')).toThrow();
  });
});

describe('the sample (000 §10: at least 5 %, important papers always)', () => {
  it('is at least ⌈5 %⌉ of the papers, at least one, never more than all', () => {
    expect(sampleSize(200, 0, MIN_SAMPLE_RATE)).toBe(10);
    expect(sampleSize(201, 0, MIN_SAMPLE_RATE)).toBe(11);
    expect(sampleSize(7, 0, MIN_SAMPLE_RATE)).toBe(1);
    expect(sampleSize(0, 0, MIN_SAMPLE_RATE)).toBe(0);
    expect(sampleSize(100, 12, MIN_SAMPLE_RATE)).toBe(12); // every important paper, even past 5 %
    expect(sampleSize(3, 0, 1)).toBe(3);
  });
  it('includes every important paper and draws the rest at random', () => {
    const s = drawSample(papers(200, [3, 150]), 0.05, 7n);
    expect(s).toHaveLength(10);
    expect(s.filter((x) => x.reason === 'important').map((x) => x.id)).toEqual(['id-3', 'id-150']);
    expect(new Set(s.map((x) => x.id)).size).toBe(10);
    expect(s.filter((x) => x.reason === 'random').every((x) => x.id !== 'id-3' && x.id !== 'id-150')).toBe(true);
  });
  it('is reproducible from the seed, whatever the order of the imported list', () => {
    const list = papers(300, [5]);
    const a = drawSample(list, 0.05, 123456789n).map((x) => x.id);
    const b = drawSample([...list].reverse(), 0.05, 123456789n).map((x) => x.id);
    expect(b).toEqual(a);
    expect(drawSample(list, 0.05, 987654321n).map((x) => x.id)).not.toEqual(a);
  });
  it('refuses a rate under 5 %', () => {
    expect(() => drawSample(papers(10), 0.04, 1n)).toThrow(/5 %/);
  });
  it('draws every paper about equally often over many seeds (no bias to the start of the list)', () => {
    const list = papers(20);
    const counts = new Map<string, number>();
    for (let seed = 0n; seed < 4000n; seed++) for (const x of drawSample(list, 0.05, seed)) counts.set(x.id, (counts.get(x.id) ?? 0) + 1);
    // 4000 draws of 1 paper among 20: 200 each expected
    for (const p of list) expect(counts.get(p.id) ?? 0).toBeGreaterThan(140);
    for (const p of list) expect(counts.get(p.id) ?? 0).toBeLessThan(260);
  });
});
