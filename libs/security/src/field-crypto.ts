/**
 * Personal data at rest (ID numbers): AES-256-GCM with a key from configuration, plus a keyed HMAC for exact lookup
 * (the registry check finds a person by ID number without decrypting every row). Node-only.
 * Format: v1:<iv b64>:<tag b64>:<ciphertext b64>.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export class FieldCrypto {
  private readonly key: Buffer;
  private readonly macKey: Buffer;

  /** `keyBase64`: 32 random bytes, base64 (ID_ENCRYPTION_KEY). */
  constructor(keyBase64: string) {
    const key = Buffer.from(keyBase64, 'base64');
    if (key.length !== 32) throw new Error('the field encryption key must be 32 bytes, base64-encoded');
    this.key = key;
    this.macKey = createHmac('sha256', key).update('lookup-mac').digest();
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
  }

  decrypt(sealed: string): string {
    const [v, iv, tag, data] = sealed.split(':');
    if (v !== 'v1' || !iv || !tag || data === undefined) throw new Error('not an encrypted field');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed digest for equality lookups (normalised: trimmed, upper-case). */
  lookupHash(value: string): string {
    return createHmac('sha256', this.macKey).update(value.trim().toUpperCase()).digest('hex');
  }
}
