import { createCipheriv, randomBytes } from 'node:crypto';
import { FieldCrypto, keyIdOf } from './field-crypto';

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
    const flipped = Buffer.from(parts[4]!, 'base64');
    flipped[0] ^= 1;
    expect(() => crypto.decrypt([...parts.slice(0, 4), flipped.toString('base64')].join(':'))).toThrow();
    expect(() => new FieldCrypto(randomBytes(32).toString('base64')).decrypt(sealed)).toThrow(/unknown key/);
  });

  it('lookup hashes are stable, case-insensitive and keyed', () => {
    expect(crypto.lookupHash(' 11010520200101042x ')).toBe(crypto.lookupHash('11010520200101042X'));
    expect(new FieldCrypto(randomBytes(32).toString('base64')).lookupHash('11010520200101042X')).not.toBe(
      crypto.lookupHash('11010520200101042X'),
    );
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new FieldCrypto(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });

  describe('key ids and rotation', () => {
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');

    it('names the sealing key in every ciphertext', () => {
      const sealed = new FieldCrypto(oldKey).encrypt('110105202001010428');
      expect(sealed.split(':')).toHaveLength(5);
      expect(sealed.startsWith(`v2:${keyIdOf(oldKey)}:`)).toBe(true);
      expect(keyIdOf(oldKey)).toMatch(/^[0-9a-f]{12}$/);
      expect(keyIdOf(oldKey)).not.toBe(keyIdOf(newKey));
    });

    it('reads what an earlier key sealed while it is configured as a previous key, and seals under the new one', () => {
      const sealed = new FieldCrypto(oldKey).encrypt('110105202001010428');
      const rotated = new FieldCrypto(newKey, [oldKey]);
      expect(rotated.decrypt(sealed)).toBe('110105202001010428');
      expect(rotated.isCurrent(sealed)).toBe(false);
      const resealed = rotated.encrypt(rotated.decrypt(sealed));
      expect(rotated.isCurrent(resealed)).toBe(true);
      expect(new FieldCrypto(newKey).decrypt(resealed)).toBe('110105202001010428');
      expect(() => new FieldCrypto(newKey).decrypt(sealed)).toThrow(/unknown key/);
    });

    it('still reads v1 values (no key id), under the current or a previous key', () => {
      const v1 = sealV1(oldKey, '11010520200101042X');
      expect(new FieldCrypto(oldKey).decrypt(v1)).toBe('11010520200101042X');
      expect(new FieldCrypto(newKey, [oldKey]).decrypt(v1)).toBe('11010520200101042X');
      expect(new FieldCrypto(newKey, [oldKey]).isCurrent(v1)).toBe(false);
      expect(() => new FieldCrypto(newKey).decrypt(v1)).toThrow(/none of the configured keys/);
    });

    it('looks up under every configured key (rows not yet re-encrypted carry the old digest)', () => {
      const before = new FieldCrypto(oldKey).lookupHash('110105202001010428');
      const rotated = new FieldCrypto(newKey, [oldKey]);
      expect(rotated.lookupHash('110105202001010428')).not.toBe(before);
      expect(rotated.lookupHashes('110105202001010428')).toEqual([rotated.lookupHash('110105202001010428'), before]);
    });
  });
});

/** The format written before key ids (v1:<iv>:<tag>:<data>), as stored rows still hold it. */
function sealV1(keyBase64: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyBase64, 'base64'), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `v1:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
}
