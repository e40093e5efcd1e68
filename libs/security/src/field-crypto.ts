/**
 * Personal data at rest (ID numbers): AES-256-GCM with a key from configuration, plus a keyed HMAC for exact lookup
 * (the registry check finds a person by ID number without decrypting every row). Node-only.
 *
 * Format: v2:<key id>:<iv b64>:<tag b64>:<ciphertext b64>. The key id names the key that sealed the value, so a
 * rotation (ID_ENCRYPTION_KEY new, ID_ENCRYPTION_PREVIOUS_KEYS old) reads both while `reencrypt-id-numbers` moves
 * every stored value to the new key. Values sealed before key ids (v1:<iv>:<tag>:<ciphertext>) stay readable: each
 * known key is tried (GCM's tag tells the right one).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

interface Key {
  id: string;
  key: Buffer;
  macKey: Buffer;
}

function keyOf(keyBase64: string): Key {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) throw new Error('the field encryption key must be 32 bytes, base64-encoded');
  return { id: keyIdOf(key), key, macKey: createHmac('sha256', key).update('lookup-mac').digest() };
}

/** A key's id: 12 hex characters of a keyed digest (names the key without revealing anything about it). */
export function keyIdOf(key: Buffer | string): string {
  const raw = typeof key === 'string' ? Buffer.from(key, 'base64') : key;
  return createHmac('sha256', raw).update('key-id').digest('hex').slice(0, 12);
}

export class FieldCrypto {
  private readonly current: Key;
  private readonly keys: Key[];

  /** `keyBase64`: 32 random bytes, base64 (ID_ENCRYPTION_KEY); `previous`: keys of earlier rotations, still read. */
  constructor(keyBase64: string, previous: readonly string[] = []) {
    this.current = keyOf(keyBase64);
    this.keys = [this.current, ...previous.map(keyOf).filter((k) => k.id !== this.current.id)];
  }

  /** The id of the key new values are sealed with. */
  get keyId(): string {
    return this.current.id;
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v2:${this.current.id}:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
  }

  decrypt(sealed: string): string {
    const parts = sealed.split(':');
    if (parts[0] === 'v2' && parts.length === 5) {
      const key = this.keys.find((k) => k.id === parts[1]);
      if (!key) throw new Error(`sealed with an unknown key (id ${parts[1]}): configure it in ID_ENCRYPTION_PREVIOUS_KEYS`);
      return open(key, parts[2]!, parts[3]!, parts[4]!);
    }
    if (parts[0] === 'v1' && parts.length === 4) {
      for (const key of this.keys) {
        try {
          return open(key, parts[1]!, parts[2]!, parts[3]!);
        } catch {
          // another key's value: try the next
        }
      }
      throw new Error('sealed with none of the configured keys (ID_ENCRYPTION_KEY, ID_ENCRYPTION_PREVIOUS_KEYS)');
    }
    throw new Error('not an encrypted field');
  }

  /** True when `sealed` is already under the current key (nothing for a re-encryption to do). */
  isCurrent(sealed: string): boolean {
    return sealed.startsWith(`v2:${this.current.id}:`);
  }

  /** Deterministic keyed digest for equality lookups under the current key (normalised: trimmed, upper-case). */
  lookupHash(value: string): string {
    return mac(this.current, value);
  }

  /** The lookup digests under every configured key: rows not yet re-encrypted carry an older key's digest. */
  lookupHashes(value: string): string[] {
    return this.keys.map((k) => mac(k, value));
  }
}

function open(key: Key, iv: string, tag: string, data: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
}

function mac(key: Key, value: string): string {
  return createHmac('sha256', key.macKey).update(value.trim().toUpperCase()).digest('hex');
}
