/**
 * PRC resident identity numbers (公民身份号码, GB 11643-1999) and their masking for display.
 *
 * RULES.md §4: the ID number of every author is "masked in every response, e.g. `1101052020****0428`"
 * (002_6fd477049d211580.txt shows the same mask in the national system's result form: first 10 characters,
 * 4 asterisks, last 4 — the birth month and day are hidden).
 *
 * Pure module: no I/O, no Node built-ins, no clock (safe inside Temporal workflow code).
 */

/** GB 11643 §5: weights W_i = 2^(i-1) mod 11 for positions 18..2, applied left to right to the first 17 digits. */
const WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** GB 11643 §5: check character for (Σ a_i·W_i) mod 11 = 0..10 (ISO 7064 MOD 11-2). */
const CHECK_CHARS = '10X98765432';

/**
 * First two digits of the address code (GB/T 2260 provincial divisions), plus 81/82/83 used by the residence
 * permits of Hong Kong, Macao and Taiwan residents (港澳台居民居住证), which follow the same GB 11643 layout.
 * [decision] A leading '9' (foreigners' permanent-residence ID card, 2023 format, same length, birth-date
 * position and check digit) is accepted too — see `isValidPrcIdNumber`.
 */
const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
]);

/** [decision] Plausible birth years. GB 11643's own worked example is born in 1880; no upper clock check (pure code). */
const MIN_BIRTH_YEAR = 1800;
const MAX_BIRTH_YEAR = 2099;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** The GB 11643 check character ('0'–'9' or 'X') for the first 17 digits; undefined unless `first17` is 17 digits. */
export function prcIdCheckChar(first17: string): string | undefined {
  if (typeof first17 !== 'string' || !/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * True for an 18-character PRC resident ID number (GB 11643):
 * - 17 digits then a check character, a digit or 'X' ([decision] a lower-case 'x' is accepted as well);
 * - address code: a known provincial prefix (see PROVINCE_CODES), or a leading '9' (foreigners' permanent-residence card);
 * - birth date YYYYMMDD at positions 7–14 is a real calendar date with year 1800–2099;
 * - the check character matches (ISO 7064 MOD 11-2).
 * The old 15-digit numbers (withdrawn 2013) are rejected. No leading/trailing whitespace is tolerated.
 */
export function isValidPrcIdNumber(s: string): boolean {
  if (typeof s !== 'string' || !/^\d{17}[\dXx]$/.test(s)) return false;
  if (!PROVINCE_CODES.has(s.slice(0, 2)) && s[0] !== '9') return false;
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  if (y < MIN_BIRTH_YEAR || y > MAX_BIRTH_YEAR || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return false;
  return prcIdCheckChar(s.slice(0, 17)) === s[17].toUpperCase();
}

/**
 * [decision] Other identity documents (passport, Hong Kong/Macao/Taiwan travel permits, foreign ID cards): 4–30
 * characters of letters, digits, '-', '(' and ')' (e.g. Hong Kong 'A123456(7)'). No check digit is verified.
 */
export function isPlausibleOtherIdNumber(s: string): boolean {
  return typeof s === 'string' && /^[A-Za-z0-9()-]{4,30}$/.test(s);
}

/**
 * Masks an identity number for display, preserving its length.
 * - 18 or more characters: first 10, then asterisks, then the last 4 — exactly RULES.md's `1101052020****0428`
 *   for an 18-character number (the birth month and day are hidden).
 * - 8–17 characters (passports, permits): at most half is shown — last min(4, ⌊n/4⌋), first ⌊n/2⌋ minus that;
 *   e.g. 'E12345678' → 'E1*****78'.
 * - fewer than 8 characters: every character masked.
 * Leading/trailing whitespace is dropped first; '' stays ''. Works on code points, not UTF-16 units.
 */
export function maskIdNumber(s: string): string {
  const chars = Array.from(typeof s === 'string' ? s.trim() : '');
  const n = chars.length;
  if (n < 8) return '*'.repeat(n);
  let head: number;
  let tail: number;
  if (n >= 18) {
    head = 10;
    tail = 4;
  } else {
    tail = Math.min(4, Math.floor(n / 4));
    head = Math.floor(n / 2) - tail;
  }
  return chars.slice(0, head).join('') + '*'.repeat(n - head - tail) + chars.slice(n - tail).join('');
}

/**
 * Anything shaped like an 18-character PRC ID number (17 digits and a digit or X, not part of a longer run of letters
 * or digits), wherever it stands in a text: shape, not validity, so a mistyped number is hidden too.
 */
const ID_SHAPED = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;

/** `text` with every ID-shaped value masked as `maskIdNumber` masks it ('见 110105202001010428' → '见 1101052020****0428'). */
export function maskIdShaped(text: string): string {
  return text.replace(ID_SHAPED, (m) => maskIdNumber(m));
}

/** Every string in `value` (objects and arrays walked, keys included) with its ID-shaped values masked. */
export function maskIdShapedDeep<T>(value: T): T {
  if (typeof value === 'string') return maskIdShaped(value) as T;
  if (Array.isArray(value)) return value.map((v) => maskIdShapedDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [maskIdShaped(k), maskIdShapedDeep(v)])) as T;
  }
  return value;
}
