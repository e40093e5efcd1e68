/**
 * PRC resident ID numbers (GB 11643-1999, ISO 7064 MOD 11-2 check character) and masking (RULES.md §4,
 * 002_6fd477049d211580.txt shows `1101052020****0428`).
 */
import { isPlausibleOtherIdNumber, isValidPrcIdNumber, maskIdNumber, maskIdShaped, maskIdShapedDeep, prcIdCheckChar } from './id-number';

describe('isValidPrcIdNumber', () => {
  // Check characters computed by hand with weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 and '10X98765432'.
  it.each([
    ['11010519491231002X', 'GB 11643 worked example (Beijing, check X)'],
    ['440524188001010014', 'GB 11643 worked example (Guangdong, born 1880)'],
    ['410102198506151238', 'Henan, Zhengzhou'],
    ['410304200012294566', 'Henan, Luoyang, born 2000-12-29'],
    ['330106199902280007', 'Zhejiang, 28 Feb of a common year'],
    ['110105198402290012', 'leap day 1984-02-29'],
    ['110105202001180428', "an ID that masks to RULES.md's example 1101052020****0428"],
    ['11010519491231002x', 'lower-case x accepted [decision]'],
    ['810000199001010019', "Hong Kong residents' residence permit prefix 81"],
    ['910115199001010012', "foreigners' permanent-residence card, leading 9 [decision]"],
  ])('accepts %s (%s)', (id) => {
    expect(isValidPrcIdNumber(id)).toBe(true);
  });

  it.each([
    ['110105194912310021', 'wrong check digit (X expected)'],
    ['440524188001010015', 'wrong check digit (4 expected)'],
    ['410102198506151239', 'check digit off by one'],
    ['410102198506151283', 'two digits transposed'],
    ['11010519491231002', '17 characters'],
    ['11010519491231002X0', '19 characters'],
    ['110105491231002', 'old 15-digit number'],
    ['11010519491231002Y', 'check character Y'],
    ['1101051949123100AX', 'letter in the sequence code'],
    [' 11010519491231002X', 'leading space'],
    ['', 'empty'],
    ['000105194912310024', 'province code 00 (check digit correct)'],
    ['110105194902300020', 'birth date 1949-02-30 (check digit correct)'],
    ['110105190002290025', 'birth date 1900-02-29, not a leap year (check digit correct)'],
    ['110105179912310024', 'birth year 1799 (check digit correct)'],
  ])('rejects %j (%s)', (id) => {
    expect(isValidPrcIdNumber(id)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(isValidPrcIdNumber(undefined as unknown as string)).toBe(false);
    expect(isValidPrcIdNumber(110105194912310020 as unknown as string)).toBe(false);
  });

  it('prcIdCheckChar computes the check character and refuses anything but 17 digits', () => {
    expect(prcIdCheckChar('11010519491231002')).toBe('X');
    expect(prcIdCheckChar('44052418800101001')).toBe('4');
    expect(prcIdCheckChar('11010520200118042')).toBe('8');
    expect(prcIdCheckChar('1101051949123100')).toBeUndefined();
    expect(prcIdCheckChar('1101051949123100A')).toBeUndefined();
  });

  it('every single-digit change of a valid number is caught', () => {
    const id = '410102198506151238';
    for (let i = 0; i < 18; i++) {
      for (const c of '0123456789X') {
        if (c === id[i] || (i < 17 && c === 'X')) continue;
        const changed = id.slice(0, i) + c + id.slice(i + 1);
        expect([changed, isValidPrcIdNumber(changed)]).toEqual([changed, false]);
      }
    }
  });
});

describe('isPlausibleOtherIdNumber [decision]', () => {
  it.each(['E12345678', 'A123456(7)', 'H1234567890', 'AB-1234'])('accepts %s', (s) => expect(isPlausibleOtherIdNumber(s)).toBe(true));
  it.each(['', 'AB1', 'E1234 5678', '护照123456', 'x'.repeat(31)])('rejects %j', (s) => expect(isPlausibleOtherIdNumber(s)).toBe(false));
});

describe('maskIdNumber', () => {
  it('masks an 18-character ID exactly as RULES.md shows: first 10, ****, last 4', () => {
    expect(maskIdNumber('110105202001180428')).toBe('1101052020****0428');
    expect(maskIdNumber('11010519491231002X')).toBe('1101051949****002X');
  });

  it.each([
    ['12345678', '12****78'],
    ['E12345678', 'E1*****78'],
    ['A123456(7)', 'A12*****7)'],
    ['ABCDEFGHIJKL', 'ABC******JKL'],
    ['ABCDEFGHIJKLMNOP', 'ABCD********MNOP'],
    ['ABCDEFGHIJKLMNOPQRST', 'ABCDEFGHIJ******QRST'],
    ['1234567', '*******'],
    ['ABC', '***'],
    ['', ''],
    ['  110105202001180428 ', '1101052020****0428'],
  ])('%j → %j', (input, masked) => {
    expect(maskIdNumber(input)).toBe(masked);
  });

  it('preserves length, masks at least 4 characters from 8 on, and shows at most half below 18', () => {
    for (let n = 0; n <= 40; n++) {
      const s = Array.from({ length: n }, (_, i) => String.fromCharCode(65 + (i % 26))).join('');
      const m = maskIdNumber(s);
      const stars = [...m].filter((c) => c === '*').length;
      expect(m.length).toBe(n);
      if (n < 8) expect(stars).toBe(n);
      else expect(stars).toBeGreaterThanOrEqual(4);
      if (n >= 8 && n < 18) expect(n - stars).toBeLessThanOrEqual(Math.floor(n / 2));
      // the visible characters are the original ones in place
      [...m].forEach((c, i) => {
        if (c !== '*') expect(c).toBe(s[i]);
      });
    }
  });

  it('treats a non-string as empty', () => {
    expect(maskIdNumber(undefined as unknown as string)).toBe('');
  });
});

describe('maskIdShaped (ID numbers inside free text, issue 16)', () => {
  it('masks every 18-character ID-shaped value in a text, valid or not', () => {
    expect(maskIdShaped('张三，身份证号110105202001010428，另见41010219850615123x。')).toBe(
      '张三，身份证号1101052020****0428，另见4101021985****123x。',
    );
    // a mistyped number (wrong check digit) is hidden all the same
    expect(maskIdShaped('110105202001010427')).toBe('1101052020****0427');
  });

  it('leaves shorter and longer runs of digits alone (phone numbers, grant numbers, DOIs)', () => {
    expect(maskIdShaped('电话 13800138000，项目 81970123，DOI 10.1000/1101052020010104281')).toBe(
      '电话 13800138000，项目 81970123，DOI 10.1000/1101052020010104281',
    );
    expect(maskIdShaped('A110105202001010428')).toBe('A110105202001010428');
  });

  it('walks objects and arrays, keys included', () => {
    expect(
      maskIdShapedDeep({
        otherText: 'x 110105202001010428',
        measures: [{ code: '1', text: '110105202001010428' }],
        n: 3,
        ok: true,
        none: null,
      }),
    ).toEqual({
      otherText: 'x 1101052020****0428',
      measures: [{ code: '1', text: '1101052020****0428' }],
      n: 3,
      ok: true,
      none: null,
    });
    expect(maskIdShapedDeep({ '110105202001010428': 1 })).toEqual({ '1101052020****0428': 1 });
  });
});
