/**
 * Chinese renderings used in official documents (GB/T 9704-2012): dates in Arabic numerals without leading zeros
 * (「2026年3月5日」, 7.3.5.1), article numbers in Chinese numerals (「第四十一条」), periods as the regulations word them
 * (「15个工作日」, 「15日」, 「6个月」).
 *
 * Pure module: no I/O, no clock, no Intl.
 */
import type { Period } from '../calendar/deadline';
import { DomainError } from '../shared/domain-error';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 14 → 十四, 41 → 四十一, 105 → 一百零五 (1–999). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999) throw new DomainError('VALIDATION_FAILED', `no Chinese numeral for ${n} (1–999)`);
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  let s = '';
  if (h) s += `${DIGITS[h]}百`;
  if (t) s += `${t === 1 && !h ? '' : DIGITS[t]}十`;
  else if (h && u) s += '零';
  if (u) s += DIGITS[u];
  return s;
}

/** 'art.41' → '第四十一条'. */
export function articleZh(article: string): string {
  const m = /^art\.(\d{1,3})$/.exec(article);
  if (!m) throw new DomainError('VALIDATION_FAILED', `not a single article: ${JSON.stringify(article)}`);
  return `第${chineseNumeral(Number(m[1]))}条`;
}

/** '2026-03-05' → '2026年3月5日' (GB/T 9704-2012 7.3.5.1: 年份标全称，月、日不编虚位). */
export function dateZh(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new DomainError('VALIDATION_FAILED', `not a date YYYY-MM-DD: ${JSON.stringify(iso)}`);
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** A deadline period as the regulations word it: working days 「个工作日」, calendar days 「日」 (001 art.44), months 「个月」. */
export function periodZh(p: Period): string {
  switch (p.unit) {
    case 'working_days':
      return `${p.amount}个工作日`;
    case 'days':
      return `${p.amount}日`;
    case 'months':
      return `${p.amount}个月`;
    default:
      throw new DomainError('VALIDATION_FAILED', `unknown period unit ${JSON.stringify((p as { unit: unknown }).unit)}`);
  }
}

/** （一）…（十四）: the enumerators of items in an article or a list of measures. */
export function itemZh(n: number): string {
  return `（${chineseNumeral(n)}）`;
}

/** Names joined the Chinese way: 「甲、乙和丙」 is not used in official documents; 「甲、乙、丙」 is. */
export function joinZh(parts: readonly string[]): string {
  return parts.filter((p) => p !== '').join('、');
}
