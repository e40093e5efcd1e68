/**
 * Report keys of the public reporter channel (issue 23): 20 symbols of Crockford's base32 (100 bits from the CSPRNG),
 * shown once as `XXXX-XXXX-XXXX-XXXX-XXXX` and stored only as the SHA-256 of the normalised key. A fast hash suffices
 * for the key itself (100 random bits cannot be guessed offline); the reporter's password, which a person chooses, is
 * stored with scrypt (password.ts). Node-only.
 */
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford: no I, L, O, U
export const REPORT_KEY_SYMBOLS = 20;

/** A new key, grouped by four for reading aloud and typing. */
export function generateReportKey(): string {
  // 5 bits a symbol: 20 symbols from 100 random bits (13 bytes, the last 4 bits unused). No modulo bias: 32 divides 256.
  const bytes = randomBytes(13);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < REPORT_KEY_SYMBOLS; i++) out += ALPHABET[Number((bits >> BigInt(4 + 5 * (REPORT_KEY_SYMBOLS - 1 - i))) & 31n)];
  return out.match(/.{4}/g)!.join('-');
}

/**
 * The key as typed, in its one stored form: case, dashes and spaces ignored; the letters Crockford reads as digits
 * (O → 0, I and L → 1) read so. Undefined when it cannot be a key (then it is answered like a wrong key).
 */
export function normaliseReportKey(input: string): string | undefined {
  const k = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (k.length !== REPORT_KEY_SYMBOLS || [...k].some((c) => !ALPHABET.includes(c))) return undefined;
  return k;
}

/** What is stored and looked up: SHA-256 of the normalised key, hex. */
export function reportKeyHash(normalised: string): string {
  return createHash('sha256').update(`report-key:${normalised}`).digest('hex');
}
