/**
 * No usable default secret (issue 16), on a default install: the embedded stack as `scripts/run` starts it, on a
 * fresh data folder, with no secret configured. It generates its own (mode 0600, reused on the next start); a token
 * signed with any string found in the project's source answers 401; the previous JWT secret is accepted only while
 * configured as JWT_PREVIOUS_SECRET; production refuses to start without configured secrets.
 */
import { expect } from 'expect';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { newJwtSecret } from '@libs/config/src/local-secrets';
import { DEMO_PASSWORD, demoUserId } from '@libs/persistence/src/seed';
import { freePort, ROOT } from '../support/servers';

const SECRET_VARIABLES = ['JWT_SECRET', 'JWT_PREVIOUS_SECRET', 'ID_ENCRYPTION_KEY', 'ID_ENCRYPTION_PREVIOUS_KEYS'];
/** nhc.sysadmin: what a forged token would most like to be. */
const SYSADMIN_ID = demoUserId(1);

function b64url(v: string | Buffer): string {
  return Buffer.from(v).toString('base64url');
}

/** An HS256 token as jsonwebtoken writes it, signed with `secret`. */
function sign(
  secret: string | Buffer,
  payload: Record<string, unknown> = {},
  header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' },
): string {
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify({ sub: SYSADMIN_ID, iat: now, exp: now + 3600, ...payload }))}`;
  return `${body}.${header.alg === 'none' ? '' : createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/** Every string literal of the project's own files (code, tests, scripts, docs, compose files). */
function sourceStrings(): string[] {
  const dirs = ['apps', 'libs', 'scripts', 'workflows', 'activities', 'test', 'bench', 'docker', 'docs', '.ci'];
  const files: string[] = ['README.md', 'package.json', 'tsconfig.json'].map((f) => join(ROOT, f)).filter(existsSync);
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'histories') walk(p);
      } else if (['.ts', '.js', '.md', '.yml', '.yaml', '.sh', '.json', '.env', '.example', ''].includes(extname(e.name))) files.push(p);
    }
  };
  for (const d of dirs) walk(join(ROOT, d));
  const found = new Set<string>();
  const literal = /(['"`])((?:\\.|(?!\1)[^\\\n]){1,400})\1/g;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(literal)) {
      const raw = m[2]!;
      found.add(raw);
      try {
        found.add(JSON.parse(`"${raw.replace(/"/g, '\\"')}"`) as string); // with escapes resolved
      } catch {
        // not a JSON-compatible escape sequence: the raw text is enough
      }
    }
    for (const word of text.split(/\s+/)) if (word.length >= 16 && word.length <= 400) found.add(word); // tokens outside quotes (docs)
  }
  return [...found].filter((s) => s.length > 0);
}

interface Stack {
  proc: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

describe('no usable default secret: the embedded stack on a fresh data folder (scripts/run)', () => {
  let dataDir: string;
  let ports: Record<string, number>;
  let stack: Stack | undefined;
  let api: string;
  const env = () => {
    const e: NodeJS.ProcessEnv = { ...process.env };
    for (const v of [...SECRET_VARIABLES, 'DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL', 'NODE_ENV', 'TEMPORAL_TASK_QUEUE']) delete e[v];
    return {
      ...e,
      DATA_DIR: dataDir,
      API_PORT: String(ports.api),
      PG_PORT: String(ports.pg),
      TEMPORAL_PORT: String(ports.temporal),
      TEMPORAL_UI_PORT: String(ports.ui),
      MAIL_CATCHER_SMTP_PORT: String(ports.smtp),
      MAIL_CATCHER_HTTP_PORT: String(ports.mail),
    };
  };

  async function start(): Promise<Stack> {
    const proc = spawn(process.execPath, [join(ROOT, 'dist', 'scripts', 'dev-stack.js')], {
      env: env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the stack did not come up in 180 s:\n${output.join('')}`)), 180_000);
      const onData = (d: Buffer) => {
        output.push(d.toString());
        if (output.join('').includes('Research-integrity case backend is up')) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`the stack exited (${code}):\n${output.join('')}`));
      });
    });
    return { proc, output, exited };
  }

  async function stop(s: Stack | undefined): Promise<void> {
    if (!s || s.proc.exitCode !== null) return;
    s.proc.kill('SIGTERM');
    await Promise.race([s.exited, new Promise((r) => setTimeout(r, 60_000))]);
  }

  const get = (path: string, token?: string) => fetch(`${api}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const login = async (username: string) => {
    const res = await fetch(`${api}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { accessToken: string }).accessToken;
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'secrets-stack-'));
    chmodSync(dataDir, 0o755); // as root, embedded PostgreSQL runs as its own user, which must reach the folder
    ports = {
      api: await freePort(),
      pg: await freePort(),
      temporal: await freePort(),
      ui: await freePort(),
      smtp: await freePort(),
      mail: await freePort(),
    };
    api = `http://127.0.0.1:${ports.api}`;
    stack = await start();
  });
  after(async () => {
    await stop(stack);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('generates a random JWT secret and ID-encryption key on first start, mode 0600 in DATA_DIR/secrets (0700)', () => {
    const dir = join(dataDir, 'secrets');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of ['jwt-secret', 'id-encryption-key'])
      expect({ f, mode: statSync(join(dir, f)).mode & 0o777 }).toEqual({ f, mode: 0o600 });
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(readFileSync(join(dir, 'id-encryption-key'), 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(stack!.output.join('')).toContain('secrets generated');
  });

  it('a token signed with any string from the source answers 401; one signed with the generated secret is accepted', async () => {
    const strings = sourceStrings();
    expect(strings.length).toBeGreaterThan(5000); // the scan found the source, not nothing
    // the development defaults that were once in the source (issue 16) are among them, through config.spec.ts
    expect(strings).toEqual(
      expect.arrayContaining(['development-only-secret-do-not-use-in-production', 'development-only-id-number-key!!']),
    );
    // each string as the secret, and what it decodes to when it looks like base64 (as ID keys are written)
    const keys = strings.flatMap((text) => [
      { label: text, key: Buffer.from(text) },
      ...(/^[A-Za-z0-9+/=_-]{16,}$/.test(text) ? [{ label: `base64 of ${text}`, key: Buffer.from(text, 'base64') }] : []),
    ]);
    const accepted: string[] = [];
    for (let i = 0; i < keys.length; i += 64) {
      const batch = keys.slice(i, i + 64);
      const statuses = await Promise.all(batch.map(async ({ key }) => (await get('/api/v1/auth/me', sign(key))).status));
      statuses.forEach((status, j) => status !== 401 && accepted.push(`${status}: ${batch[j]!.label}`));
    }
    expect(accepted).toEqual([]);
    const generated = readFileSync(join(dataDir, 'secrets', 'jwt-secret'), 'utf8').trim();
    expect((await get('/api/v1/auth/me', sign(generated))).status).toBe(200); // the check above can tell a good token
    expect((await get('/api/v1/auth/me', sign(generated, {}, { alg: 'none', typ: 'JWT' }))).status).toBe(401);
    expect((await get('/api/v1/auth/me', sign(generated, {}, { alg: 'HS512', typ: 'JWT' }))).status).toBe(401);
    expect((await get('/api/v1/auth/me', sign(generated, { exp: Math.floor(Date.now() / 1000) - 10 }))).status).toBe(401);
  });

  it('the previous JWT secret is accepted only while configured as JWT_PREVIOUS_SECRET', async () => {
    const oldSecret = readFileSync(join(dataDir, 'secrets', 'jwt-secret'), 'utf8').trim();
    const oldToken = await login('hospa.officer');
    const newSecret = newJwtSecret();
    const databaseUrl = `postgres://postgres:postgres@127.0.0.1:${ports.pg}/integrity`;
    const idKey = readFileSync(join(dataDir, 'secrets', 'id-encryption-key'), 'utf8').trim();
    const runApi = async (extra: Record<string, string>) => {
      const port = await freePort();
      const proc = spawn(process.execPath, [join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js')], {
        env: {
          ...env(),
          DATABASE_URL: databaseUrl,
          TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
          API_PORT: String(port),
          ID_ENCRYPTION_KEY: idKey,
          JWT_SECRET: newSecret,
          ...extra,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: string[] = [];
      proc.stdout!.on('data', (d: Buffer) => out.push(d.toString()));
      proc.stderr!.on('data', (d: Buffer) => out.push(d.toString()));
      const deadline = Date.now() + 60_000;
      while (!out.join('').includes('api listening')) {
        if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`the API did not start: ${out.join('')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return {
        me: async (token: string) =>
          (await fetch(`http://127.0.0.1:${port}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${token}` } })).status,
        stop: () => new Promise<void>((resolve) => (proc.once('exit', () => resolve()), proc.kill('SIGTERM'))),
      };
    };
    const rotating = await runApi({ JWT_PREVIOUS_SECRET: oldSecret });
    try {
      expect(await rotating.me(oldToken)).toBe(200); // issued before the rotation, still valid until it expires
      expect(await rotating.me(sign(newSecret))).toBe(200);
      expect(await rotating.me(sign(newJwtSecret()))).toBe(401);
    } finally {
      await rotating.stop();
    }
    const rotated = await runApi({});
    try {
      expect(await rotated.me(oldToken)).toBe(401); // the rotation window closed
      expect(await rotated.me(sign(newSecret))).toBe(200);
    } finally {
      await rotated.stop();
    }
  });

  it('reuses its secrets on the next start: a token issued before the restart is still accepted', async () => {
    const before = readFileSync(join(dataDir, 'secrets', 'jwt-secret'), 'utf8');
    const token = await login('hospb.admin');
    await stop(stack);
    stack = await start();
    expect(stack.output.join('')).not.toContain('secrets generated');
    expect(readFileSync(join(dataDir, 'secrets', 'jwt-secret'), 'utf8')).toBe(before);
    expect((await get('/api/v1/auth/me', token)).status).toBe(200);
  });

  it('production refuses to start without configured secrets (API and worker), naming the variable', () => {
    for (const entry of ['apps/api/src/main.js', 'apps/worker/src/main.js']) {
      const e = env();
      const run = spawnSync(process.execPath, [join(ROOT, 'dist', entry)], {
        env: {
          ...e,
          NODE_ENV: 'production',
          DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
          TEMPORAL_ADDRESS: '127.0.0.1:7233',
          SMTP_URL: 'smtp://127.0.0.1:2525',
        },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect({ entry, status: run.status, stderr: run.stderr.trim() }).toEqual({
        entry,
        status: 1,
        stderr: expect.stringMatching(/^Invalid configuration: JWT_SECRET is required/),
      });
    }
  });
});
