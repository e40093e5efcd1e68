/**
 * Secrets of the embedded stack (`scripts/run`): generated at random on first start, kept in `<DATA_DIR>/secrets/`
 * with mode 0600 (the folder 0700) and reused on every later start, so a default install never runs on a secret that
 * anybody else knows. Variables set in the environment win over the files; production (NODE_ENV=production) never
 * generates anything: it refuses to start without configured secrets (config.ts).
 *
 *   jwt-secret                   JWT_SECRET: 32 random bytes, base64url
 *   jwt-secret.previous          JWT_PREVIOUS_SECRET during a rotation (tokens it signed stay valid until they expire)
 *   id-encryption-key            ID_ENCRYPTION_KEY: 32 random bytes, base64
 *   id-encryption-key.previous   ID_ENCRYPTION_PREVIOUS_KEYS, one key a line (readable until re-encrypted)
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECRET_FILES = {
  jwtSecret: 'jwt-secret',
  jwtPreviousSecret: 'jwt-secret.previous',
  idEncryptionKey: 'id-encryption-key',
  idEncryptionPreviousKeys: 'id-encryption-key.previous',
} as const;

export function secretsDir(dataDir: string): string {
  return join(dataDir, 'secrets');
}

export const newJwtSecret = (): string => randomBytes(32).toString('base64url');
export const newIdEncryptionKey = (): string => randomBytes(32).toString('base64');

type Env = Record<string, string | undefined>;

export interface LocalSecrets {
  /** What to add to the children's environment (only variables the caller's environment did not set). */
  env: Record<string, string>;
  /** Files written now (first start or a file removed). */
  generated: string[];
}

function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Reads a secret file, tightening its mode to 0600 if someone loosened it. */
function readSecret(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  const value = readFileSync(path, 'utf8').trim();
  return value || undefined;
}

function writeSecret(path: string, value: string): void {
  // 'wx': never overwrite a secret another process wrote meanwhile (an empty file holds none and is replaced).
  writeFileSync(path, `${value}\n`, { mode: 0o600, flag: existsSync(path) && statSync(path).size <= 1 ? 'w' : 'wx' });
  chmodSync(path, 0o600);
}

/** The embedded stack's secrets: the environment's, else the files', else new ones written to the files. */
export function ensureLocalSecrets(dataDir: string, env: Env = process.env): LocalSecrets {
  const dir = secretsDir(dataDir);
  ensureDir(dir);
  const out: Record<string, string> = {};
  const generated: string[] = [];
  const current = (variable: string, file: string, make: () => string) => {
    if (env[variable]) return;
    const path = join(dir, file);
    let value = readSecret(path);
    if (!value) {
      value = make();
      writeSecret(path, value);
      generated.push(path);
    }
    out[variable] = value;
  };
  current('JWT_SECRET', SECRET_FILES.jwtSecret, newJwtSecret);
  current('ID_ENCRYPTION_KEY', SECRET_FILES.idEncryptionKey, newIdEncryptionKey);
  if (!env.JWT_PREVIOUS_SECRET) {
    const previous = readSecret(join(dir, SECRET_FILES.jwtPreviousSecret));
    if (previous) out.JWT_PREVIOUS_SECRET = previous;
  }
  if (!env.ID_ENCRYPTION_PREVIOUS_KEYS) {
    const previous = readSecret(join(dir, SECRET_FILES.idEncryptionPreviousKeys));
    if (previous) out.ID_ENCRYPTION_PREVIOUS_KEYS = previous.split(/\s+/).filter(Boolean).join(',');
  }
  return { env: out, generated };
}

/**
 * Rotation of an embedded stack's secret (the stack stopped): the current file becomes the previous one and a new
 * secret is written. JWT: one previous secret (older tokens have expired after 8 h). ID key: previous keys accumulate
 * until `reencrypt-id-numbers` has moved everything to the new key (then `forget-previous` removes them).
 */
export function rotateLocalSecret(
  dataDir: string,
  which: 'jwt-secret' | 'id-encryption-key',
): { previousFile: string; currentFile: string } {
  const dir = secretsDir(dataDir);
  ensureDir(dir);
  const isJwt = which === 'jwt-secret';
  const currentFile = join(dir, isJwt ? SECRET_FILES.jwtSecret : SECRET_FILES.idEncryptionKey);
  const previousFile = join(dir, isJwt ? SECRET_FILES.jwtPreviousSecret : SECRET_FILES.idEncryptionPreviousKeys);
  const old = readSecret(currentFile);
  if (old) {
    const kept = isJwt ? [] : (readSecret(previousFile) ?? '').split(/\s+/).filter(Boolean);
    const tmp = `${previousFile}.tmp`;
    writeFileSync(tmp, `${[old, ...kept.filter((k) => k !== old)].join('\n')}\n`, { mode: 0o600 });
    renameSync(tmp, previousFile);
  }
  const tmp = `${currentFile}.tmp`;
  writeFileSync(tmp, `${isJwt ? newJwtSecret() : newIdEncryptionKey()}\n`, { mode: 0o600 });
  renameSync(tmp, currentFile);
  return { previousFile, currentFile };
}
