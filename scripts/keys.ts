/**
 * Key rotation (README "Rotating the JWT secret and the ID-number key"):
 *
 *   node dist/scripts/keys.js rotate jwt-secret        embedded stack, stopped: jwt-secret → jwt-secret.previous, a new jwt-secret
 *   node dist/scripts/keys.js rotate id-key            embedded stack, stopped: id-encryption-key → id-encryption-key.previous, a new key
 *   node dist/scripts/keys.js reencrypt-id-numbers     any deployment: every stored ID number re-sealed under ID_ENCRYPTION_KEY
 *
 * `reencrypt-id-numbers` takes DATABASE_URL, ID_ENCRYPTION_KEY and ID_ENCRYPTION_PREVIOUS_KEYS from the environment
 * (for the embedded stack, missing keys are read from DATA_DIR/secrets). It prints what it changed and how many
 * values are still not under the current key (0 when done: the previous keys may then be removed).
 */
import { DataSource } from 'typeorm';
import { ConfigError, ensureLocalSecrets, loadIdKeys, rotateLocalSecret, validateDatabaseUrl } from '@libs/config/src';
import { idNumbersNotUnderKey, reencryptIdNumbers, type ReencryptResult } from '@libs/persistence/src/sealed-id-numbers';
import { FieldCrypto } from '@libs/security/src/field-crypto';
import { resolve } from 'node:path';

type Env = Record<string, string | undefined>;

/** Re-seals every stored ID number under the configured current key; returns the counts and what is left. */
export async function reencryptStoredIdNumbers(ds: DataSource, env: Env): Promise<ReencryptResult & { left: number }> {
  const keys = loadIdKeys(env);
  const crypto = new FieldCrypto(keys.idEncryptionKey, keys.idEncryptionPreviousKeys);
  const result = await reencryptIdNumbers(ds, crypto);
  return { ...result, left: await idNumbersNotUnderKey(ds, crypto.keyId) };
}

async function main(argv: string[]): Promise<void> {
  // As scripts/dev-stack.ts: DATA_DIR relative to the project root (this file runs from dist/scripts/).
  const dataDir = resolve(__dirname, '..', '..', process.env.DATA_DIR ?? '.data');
  const [command, what] = argv;
  if (command === 'rotate' && (what === 'jwt-secret' || what === 'id-key')) {
    const { previousFile, currentFile } = rotateLocalSecret(dataDir, what === 'id-key' ? 'id-encryption-key' : 'jwt-secret');
    console.log(`new ${what} written to ${currentFile}; the old one is kept in ${previousFile}`);
    console.log(
      what === 'id-key'
        ? 'restart scripts/run: it re-encrypts every stored ID number under the new key at start; then remove the .previous file'
        : 'restart scripts/run: tokens signed with the old secret stay valid until they expire (8 h); then remove the .previous file',
    );
    return;
  }
  if (command === 'reencrypt-id-numbers') {
    const env: Env = { ...process.env };
    if (!env.ID_ENCRYPTION_KEY && env.NODE_ENV !== 'production') Object.assign(env, ensureLocalSecrets(dataDir, env).env);
    if (!env.DATABASE_URL) throw new ConfigError('DATABASE_URL', 'is required (the database holding the ID numbers)');
    const ds = new DataSource({ type: 'postgres', url: validateDatabaseUrl(env.DATABASE_URL) });
    await ds.initialize();
    try {
      console.log(JSON.stringify(await reencryptStoredIdNumbers(ds, env)));
    } finally {
      await ds.destroy();
    }
    return;
  }
  console.error('usage: keys.js rotate jwt-secret | rotate id-key | reencrypt-id-numbers');
  process.exitCode = 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  });
}
