import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config';
import { ensureLocalSecrets, rotateLocalSecret } from './local-secrets';

describe('the embedded stack secrets (DATA_DIR/secrets)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'secrets-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const mode = (p: string) => statSync(p).mode & 0o777;
  const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/cases', TEMPORAL_ADDRESS: '127.0.0.1:7233' };

  it('generates random secrets on first start, mode 0600 in a 0700 folder, accepted by the configuration', () => {
    const first = ensureLocalSecrets(dir, {});
    expect(first.generated.sort()).toEqual([join(dir, 'secrets', 'id-encryption-key'), join(dir, 'secrets', 'jwt-secret')]);
    expect(mode(join(dir, 'secrets'))).toBe(0o700);
    expect(mode(join(dir, 'secrets', 'jwt-secret'))).toBe(0o600);
    expect(mode(join(dir, 'secrets', 'id-encryption-key'))).toBe(0o600);
    expect(first.env.JWT_SECRET).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(first.env.ID_ENCRYPTION_KEY!, 'base64')).toHaveLength(32);
    expect(() => loadConfig({ ...base, ...first.env })).not.toThrow();
    // another data folder, other secrets
    const other = mkdtempSync(join(tmpdir(), 'secrets-'));
    try {
      expect(ensureLocalSecrets(other, {}).env.JWT_SECRET).not.toBe(first.env.JWT_SECRET);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('reuses them on later starts and tightens a loosened file mode', () => {
    const first = ensureLocalSecrets(dir, {});
    chmodSync(join(dir, 'secrets', 'jwt-secret'), 0o644);
    const again = ensureLocalSecrets(dir, {});
    expect(again.generated).toEqual([]);
    expect(again.env).toEqual(first.env);
    expect(mode(join(dir, 'secrets', 'jwt-secret'))).toBe(0o600);
  });

  it('leaves configured variables alone and writes nothing for them', () => {
    const s = ensureLocalSecrets(dir, { JWT_SECRET: 'configured'.repeat(4), ID_ENCRYPTION_KEY: 'configured' });
    expect(s.env).toEqual({});
    expect(s.generated).toEqual([]);
  });

  it('rotates: the old secret becomes the previous one (ID keys accumulate) and both are handed to the stack', () => {
    const first = ensureLocalSecrets(dir, {});
    rotateLocalSecret(dir, 'jwt-secret');
    rotateLocalSecret(dir, 'id-encryption-key');
    const second = ensureLocalSecrets(dir, {});
    expect(second.env.JWT_SECRET).not.toBe(first.env.JWT_SECRET);
    expect(second.env.JWT_PREVIOUS_SECRET).toBe(first.env.JWT_SECRET);
    expect(second.env.ID_ENCRYPTION_PREVIOUS_KEYS).toBe(first.env.ID_ENCRYPTION_KEY);
    rotateLocalSecret(dir, 'id-encryption-key');
    const third = ensureLocalSecrets(dir, {});
    expect(third.env.ID_ENCRYPTION_PREVIOUS_KEYS).toBe(`${second.env.ID_ENCRYPTION_KEY},${first.env.ID_ENCRYPTION_KEY}`);
    expect(mode(join(dir, 'secrets', 'id-encryption-key.previous'))).toBe(0o600);
    const c = loadConfig({ ...base, ...third.env });
    expect(c.idEncryptionPreviousKeys).toEqual([second.env.ID_ENCRYPTION_KEY, first.env.ID_ENCRYPTION_KEY]);
    expect(readFileSync(join(dir, 'secrets', 'jwt-secret'), 'utf8').trim()).toBe(third.env.JWT_SECRET);
  });

  it('an empty secret file is replaced by a new secret', () => {
    const first = ensureLocalSecrets(dir, {});
    writeFileSync(join(dir, 'secrets', 'jwt-secret'), '\n');
    const again = ensureLocalSecrets(dir, {});
    expect(again.generated).toEqual([join(dir, 'secrets', 'jwt-secret')]);
    expect(again.env.JWT_SECRET).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(again.env.JWT_SECRET).not.toBe(first.env.JWT_SECRET);
    expect(mode(join(dir, 'secrets', 'jwt-secret'))).toBe(0o600);
  });
});
