import { randomBytes } from 'node:crypto';
import { FieldCrypto } from './field-crypto';

describe('FieldCrypto (ID numbers at rest)', () => {
  const crypto = new FieldCrypto(randomBytes(32).toString('base64'));

  it('round-trips, and the same value encrypts differently each time', () => {
    const a = crypto.encrypt('11010520200101042X');
    const b = crypto.encrypt('11010520200101042X');
    expect(a).not.toBe(b);
    expect(a).not.toContain('110105');
    expect(crypto.decrypt(a)).toBe('11010520200101042X');
  });

  it('detects tampering (GCM tag) and refuses another key', () => {
    const sealed = crypto.encrypt('110105202001010428');
    const parts = sealed.split(':');
    const flipped = Buffer.from(parts[3]!, 'base64');
    flipped[0] ^= 1;
    expect(() => crypto.decrypt([parts[0], parts[1], parts[2], flipped.toString('base64')].join(':'))).toThrow();
    expect(() => new FieldCrypto(randomBytes(32).toString('base64')).decrypt(sealed)).toThrow();
  });

  it('lookup hashes are stable, case-insensitive and keyed', () => {
    expect(crypto.lookupHash(' 11010520200101042x ')).toBe(crypto.lookupHash('11010520200101042X'));
    expect(new FieldCrypto(randomBytes(32).toString('base64')).lookupHash('11010520200101042X')).not.toBe(crypto.lookupHash('11010520200101042X'));
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new FieldCrypto(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
