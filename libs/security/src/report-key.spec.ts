import { generateReportKey, normaliseReportKey, reportKeyHash, REPORT_KEY_SYMBOLS } from './report-key';

describe('report keys', () => {
  it('are 20 symbols of base32 grouped by four, different every time', () => {
    const keys = Array.from({ length: 2000 }, generateReportKey);
    for (const k of keys) expect(k).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
    expect(new Set(keys).size).toBe(keys.length);
    expect(REPORT_KEY_SYMBOLS * 5).toBeGreaterThanOrEqual(100);
    // every symbol appears in every position over many keys (no stuck bits)
    for (let i = 0; i < 24; i++) {
      if (i % 5 === 4) continue;
      expect(new Set(keys.map((k) => k[i])).size).toBeGreaterThan(25);
    }
  });

  it('read the same whatever the case, dashes, spaces and look-alike letters; anything else is no key', () => {
    const k = generateReportKey();
    const n = normaliseReportKey(k)!;
    expect(n).toHaveLength(20);
    expect(normaliseReportKey(k.toLowerCase())).toBe(n);
    expect(normaliseReportKey(` ${k.replace(/-/g, ' ')} `)).toBe(n);
    expect(normaliseReportKey('0000-1111-2222-3333-4141')).toBe(normaliseReportKey('OOOO-IIII-2222-3333-4L4i'));
    expect(normaliseReportKey(k.slice(0, -1))).toBeUndefined();
    expect(normaliseReportKey(`${k}A`)).toBeUndefined();
    expect(normaliseReportKey('UUUU-UUUU-UUUU-UUUU-UUUU')).toBeUndefined();
    expect(reportKeyHash(n)).toMatch(/^[0-9a-f]{64}$/);
    expect(reportKeyHash(n)).not.toBe(reportKeyHash(normaliseReportKey(generateReportKey())!));
  });
});
