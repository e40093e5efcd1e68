import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CASE_RUN_MAX_EVENTS } from '@workflows/definitions';
import { ConfigError, loadCaseRunMaxEvents, loadConfig, loadTemporalConfig } from './config';

const secrets = { JWT_SECRET: randomBytes(32).toString('base64url'), ID_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/cases', TEMPORAL_ADDRESS: '127.0.0.1:7233', ...secrets };

describe('loadConfig', () => {
  it('accepts a complete environment and applies defaults', () => {
    const c = loadConfig(base);
    expect(c.databaseUrl).toBe(base.DATABASE_URL);
    expect(c.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'integrity-cases', uiUrl: undefined });
    expect(c.apiPort).toBe(3000);
  });

  it.each([
    ['not a url', /DATABASE_URL is not a URL/],
    ['mysql://u@h/db', /DATABASE_URL must use the postgres:\/\/ scheme/],
    ['postgres://u@host:5432/', /DATABASE_URL names no database/],
  ])('refuses DATABASE_URL=%s with one clear line', (value, message) => {
    expect(() => loadConfig({ ...base, DATABASE_URL: value })).toThrow(message);
    expect(() => loadConfig({ ...base, DATABASE_URL: value })).toThrow(ConfigError);
  });

  it('lets the provinces pre-review by default (004 二(二)); PAPER_PRE_REVIEW_LEVELS names commission levels, empty for none', () => {
    expect(loadConfig(base).papers.preReviewLevels).toEqual(['provincial']);
    expect(loadConfig({ ...base, PAPER_PRE_REVIEW_LEVELS: 'provincial, municipal,provincial' }).papers.preReviewLevels).toEqual([
      'provincial',
      'municipal',
    ]);
    expect(loadConfig({ ...base, PAPER_PRE_REVIEW_LEVELS: '' }).papers.preReviewLevels).toEqual([]);
    expect(() => loadConfig({ ...base, PAPER_PRE_REVIEW_LEVELS: 'provincial,hospital' })).toThrow(
      /PAPER_PRE_REVIEW_LEVELS must list commission levels .*got "hospital"/,
    );
  });

  it('calendar reload jobs and the worker at scale (issue 21): defaults, settings, refusals', () => {
    const c = loadConfig(base);
    expect(c.calendarReload).toEqual({ pageSize: 500, signalsPerSecond: 400, concurrency: 16, maxAttempts: 5 });
    expect(c.worker).toEqual({ maxCachedWorkflows: 2000 });
    const set = loadConfig({
      ...base,
      CALENDAR_RELOAD_PAGE_SIZE: '100',
      CALENDAR_RELOAD_SIGNALS_PER_SECOND: '50',
      CALENDAR_RELOAD_CONCURRENCY: '4',
      CALENDAR_RELOAD_MAX_ATTEMPTS: '3',
      WORKER_MAX_CACHED_WORKFLOWS: '12000',
      WORKER_METRICS_ADDRESS: '127.0.0.1:9464',
    });
    expect(set.calendarReload).toEqual({ pageSize: 100, signalsPerSecond: 50, concurrency: 4, maxAttempts: 3 });
    expect(set.worker).toEqual({ maxCachedWorkflows: 12000, metricsAddress: '127.0.0.1:9464' });
    expect(() => loadConfig({ ...base, CALENDAR_RELOAD_PAGE_SIZE: '0' })).toThrow(
      /CALENDAR_RELOAD_PAGE_SIZE must be a positive whole number, got "0"/,
    );
    expect(() => loadConfig({ ...base, CALENDAR_RELOAD_SIGNALS_PER_SECOND: 'fast' })).toThrow(
      /CALENDAR_RELOAD_SIGNALS_PER_SECOND must be a positive whole number/,
    );
    expect(() => loadConfig({ ...base, WORKER_MAX_CACHED_WORKFLOWS: '-1' })).toThrow(
      /WORKER_MAX_CACHED_WORKFLOWS must be a positive whole number/,
    );
    expect(() => loadConfig({ ...base, WORKER_METRICS_ADDRESS: '9464' })).toThrow(/WORKER_METRICS_ADDRESS must be host:port/);
  });

  it('takes the case run length (CASE_RUN_MAX_EVENTS, issue 21) within its bounds, else refuses it by name', () => {
    expect(loadConfig(base).cases).toEqual({ runMaxEvents: DEFAULT_CASE_RUN_MAX_EVENTS });
    expect(loadConfig({ ...base, CASE_RUN_MAX_EVENTS: '60' }).cases).toEqual({ runMaxEvents: 60 });
    expect(loadCaseRunMaxEvents({ CASE_RUN_MAX_EVENTS: '400' })).toBe(400);
    expect(() => loadConfig({ ...base, CASE_RUN_MAX_EVENTS: '10' })).toThrow(
      /CASE_RUN_MAX_EVENTS must be a whole number from 40 to 50000, got "10"/,
    );
    expect(() => loadCaseRunMaxEvents({ CASE_RUN_MAX_EVENTS: 'many' })).toThrow(/CASE_RUN_MAX_EVENTS must be a whole number/);
  });

  it('requires DATABASE_URL and TEMPORAL_ADDRESS', () => {
    expect(() => loadConfig({ TEMPORAL_ADDRESS: base.TEMPORAL_ADDRESS })).toThrow(/DATABASE_URL is required/);
    expect(() => loadConfig({ DATABASE_URL: base.DATABASE_URL })).toThrow(/TEMPORAL_ADDRESS is required/);
  });

  describe('secrets (issue 16: no usable default)', () => {
    it.each(['development', 'test', 'production'])(
      'requires JWT_SECRET and ID_ENCRYPTION_KEY with NODE_ENV=%s: nothing falls back to a value in the source',
      (nodeEnv) => {
        const { JWT_SECRET: _j, ...noJwt } = base;
        const { ID_ENCRYPTION_KEY: _k, ...noKey } = base;
        expect(() => loadConfig({ ...noJwt, NODE_ENV: nodeEnv })).toThrow(
          /JWT_SECRET is required \(scripts\/run generates one into DATA_DIR\/secrets/,
        );
        expect(() => loadConfig({ ...noKey, NODE_ENV: nodeEnv })).toThrow(/ID_ENCRYPTION_KEY is required/);
      },
    );

    it('refuses the development values once published in the source (kept here only as their digests)', () => {
      // The two literals below are the old defaults: public, so refused wherever they are configured.
      expect(() => loadConfig({ ...base, JWT_SECRET: 'development-only-secret-do-not-use-in-production' })).toThrow(
        /JWT_SECRET is a value published in the source/,
      );
      expect(() => loadConfig({ ...base, JWT_PREVIOUS_SECRET: 'development-only-secret-do-not-use-in-production' })).toThrow(
        /JWT_PREVIOUS_SECRET is a value published/,
      );
      const oldKey = Buffer.from('development-only-id-number-key!!').toString('base64');
      expect(() => loadConfig({ ...base, ID_ENCRYPTION_KEY: oldKey })).toThrow(/ID_ENCRYPTION_KEY is a key published in the source/);
    });

    it('refuses a short JWT secret and a key that is not 32 bytes', () => {
      expect(() => loadConfig({ ...base, JWT_SECRET: 'x'.repeat(31) })).toThrow(/JWT_SECRET must be at least 32 characters/);
      expect(() => loadConfig({ ...base, ID_ENCRYPTION_KEY: randomBytes(16).toString('base64') })).toThrow(
        /ID_ENCRYPTION_KEY must be 32 bytes/,
      );
      expect(() => loadConfig({ ...base, ID_ENCRYPTION_PREVIOUS_KEYS: 'not-a-key' })).toThrow(
        /ID_ENCRYPTION_PREVIOUS_KEYS must be 32 bytes/,
      );
    });

    it('takes a previous JWT secret and previous ID keys for a rotation (the current key left out of them)', () => {
      const old1 = randomBytes(32).toString('base64');
      const old2 = randomBytes(32).toString('base64');
      const c = loadConfig({
        ...base,
        JWT_PREVIOUS_SECRET: 'p'.repeat(40),
        ID_ENCRYPTION_PREVIOUS_KEYS: ` ${old1}, ${old2},${base.ID_ENCRYPTION_KEY}`,
      });
      expect(c.jwtPreviousSecret).toBe('p'.repeat(40));
      expect(c.idEncryptionPreviousKeys).toEqual([old1, old2]);
      expect(loadConfig(base).jwtPreviousSecret).toBeUndefined();
      expect(loadConfig(base).idEncryptionPreviousKeys).toEqual([]);
    });
  });

  describe('HTTP hardening', () => {
    it('defaults: CORS closed, 1 MiB bodies, depth 32, 600 writes a minute per account', () => {
      const c = loadConfig(base);
      expect(c.http).toEqual({ bodyMaxBytes: 1024 * 1024, jsonMaxDepth: 32, corsOrigins: [] });
      expect(c.writeRateLimit).toEqual({ perAccountPerMinute: 600 });
    });

    it('takes CORS_ORIGINS as a list of origins and refuses anything else', () => {
      expect(loadConfig({ ...base, CORS_ORIGINS: 'https://cases.example.org, http://127.0.0.1:8080/' }).http.corsOrigins).toEqual([
        'https://cases.example.org',
        'http://127.0.0.1:8080',
      ]);
      expect(() => loadConfig({ ...base, CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS must be a comma-separated list of origins/);
      expect(() => loadConfig({ ...base, CORS_ORIGINS: 'https://a.example.org/app' })).toThrow(/no path/);
    });

    it('bounds BODY_MAX_BYTES, JSON_MAX_DEPTH and WRITE_LIMIT_PER_ACCOUNT', () => {
      expect(loadConfig({ ...base, BODY_MAX_BYTES: '2048', JSON_MAX_DEPTH: '8', WRITE_LIMIT_PER_ACCOUNT: '100000' })).toMatchObject({
        http: { bodyMaxBytes: 2048, jsonMaxDepth: 8 },
        writeRateLimit: { perAccountPerMinute: 100000 },
      });
      expect(() => loadConfig({ ...base, JSON_MAX_DEPTH: '1000' })).toThrow(/JSON_MAX_DEPTH must be a whole number from 4 to 256/);
      expect(() => loadConfig({ ...base, BODY_MAX_BYTES: '1e9' })).toThrow(/BODY_MAX_BYTES must be a whole number/);
      expect(() => loadConfig({ ...base, WRITE_LIMIT_PER_ACCOUNT: '0' })).toThrow(
        /WRITE_LIMIT_PER_ACCOUNT must be a positive whole number/,
      );
    });
  });

  it('refuses a bad port, address or enum value', () => {
    expect(() => loadConfig({ ...base, API_PORT: 'eighty' })).toThrow(/API_PORT must be a TCP port/);
    expect(() => loadConfig({ ...base, TEMPORAL_ADDRESS: 'localhost' })).toThrow(/TEMPORAL_ADDRESS must be host:port/);
    expect(() => loadConfig({ ...base, LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of/);
    expect(() => loadConfig({ ...base, API_HOST: 'bad host!' })).toThrow(/API_HOST must be an IP address or host name/);
    expect(loadConfig(base).apiHost).toBe('127.0.0.1');
    expect(loadConfig({ ...base, API_HOST: '0.0.0.0' }).apiHost).toBe('0.0.0.0');
  });

  describe('notifications', () => {
    it('defaults outside production: the dev stack catcher, a local sender, the local API, Chinese', () => {
      expect(loadConfig(base).notifications).toEqual({
        smtpUrl: 'smtp://127.0.0.1:2525',
        mailFrom: 'integrity-cases <noreply@localhost>',
        appBaseUrl: 'http://127.0.0.1:3000',
        locale: 'zh',
      });
    });

    it('takes SMTP_URL, MAIL_FROM, APP_BASE_URL (trailing slash dropped) and NOTIFY_LOCALE', () => {
      const c = loadConfig({
        ...base,
        SMTP_URL: 'smtps://user:secret@mail.example.org:465',
        MAIL_FROM: '科研诚信办公室 <integrity@example.org>',
        APP_BASE_URL: 'https://cases.example.org/',
        NOTIFY_LOCALE: 'en',
      });
      expect(c.notifications).toEqual({
        smtpUrl: 'smtps://user:secret@mail.example.org:465',
        mailFrom: '科研诚信办公室 <integrity@example.org>',
        appBaseUrl: 'https://cases.example.org',
        locale: 'en',
      });
      expect(loadConfig({ ...base, MAIL_FROM: 'noreply@example.org' }).notifications.mailFrom).toBe('noreply@example.org');
    });

    it('requires SMTP_URL in production', () => {
      const prod = { ...base, NODE_ENV: 'production' };
      expect(() => loadConfig(prod)).toThrow(
        'Invalid configuration: SMTP_URL is required in production (smtp://host:port or smtps://user:password@host:port)',
      );
      expect(loadConfig({ ...prod, SMTP_URL: 'smtp://mailpit:1025' }).notifications.smtpUrl).toBe('smtp://mailpit:1025');
    });

    it.each([
      [
        { SMTP_URL: 'mail server' },
        'Invalid configuration: SMTP_URL is not a URL (expected smtp://host:port or smtps://user:password@host:port)',
      ],
      [{ SMTP_URL: 'http://127.0.0.1:2525' }, 'Invalid configuration: SMTP_URL must use the smtp:// or smtps:// scheme, got "http:"'],
      [{ MAIL_FROM: 'nobody' }, 'Invalid configuration: MAIL_FROM must be an e-mail address or "Name <address>", got "nobody"'],
      [
        { APP_BASE_URL: 'cases.example.org' },
        'Invalid configuration: APP_BASE_URL is not a URL (expected http(s)://host[:port][/path]), got "cases.example.org"',
      ],
      [{ APP_BASE_URL: 'ftp://cases.example.org' }, 'Invalid configuration: APP_BASE_URL must use http:// or https://, got "ftp:"'],
      [{ NOTIFY_LOCALE: 'fr' }, 'Invalid configuration: NOTIFY_LOCALE must be one of zh, en, got "fr"'],
    ])('refuses %j with one clear line', (over, message) => {
      expect(() => loadConfig({ ...base, ...over })).toThrow(message);
      expect(() => loadConfig({ ...base, ...over })).toThrow(ConfigError);
    });
  });

  describe('Temporal TLS and API key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-tls-'));
    const pem = (name: string, label: string) => {
      const p = join(dir, name);
      writeFileSync(p, `-----BEGIN ${label}-----\nMIIB\n-----END ${label}-----\n`);
      return p;
    };
    const ca = pem('ca.pem', 'CERTIFICATE');
    const cert = pem('client.pem', 'CERTIFICATE');
    const key = pem('client.key', 'PRIVATE KEY');
    const ecKey = pem('client-ec.key', 'EC PRIVATE KEY');
    const notPem = join(dir, 'junk.txt');
    writeFileSync(notPem, 'hello');

    it('plain gRPC by default; TLS with the CA, mTLS pair and server name when given', () => {
      expect(loadTemporalConfig(base).tls).toBeUndefined();
      expect(
        loadConfig({
          ...base,
          TEMPORAL_TLS_CA_FILE: ca,
          TEMPORAL_TLS_CERT_FILE: cert,
          TEMPORAL_TLS_KEY_FILE: ecKey,
          TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal.test',
        }).temporal.tls,
      ).toEqual({
        caFile: ca,
        certFile: cert,
        keyFile: ecKey,
        serverName: 'frontend.temporal.test',
      });
      // TEMPORAL_TLS=true alone: TLS with the system's trusted CAs
      expect(loadTemporalConfig({ ...base, TEMPORAL_TLS: 'true' }).tls).toEqual({});
    });

    it('an API key implies TLS (Temporal Cloud) and is refused with TEMPORAL_TLS=false', () => {
      expect(loadTemporalConfig({ ...base, TEMPORAL_API_KEY: 'eyJhbGciOi.abc' })).toMatchObject({ apiKey: 'eyJhbGciOi.abc', tls: {} });
      expect(() => loadTemporalConfig({ ...base, TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' })).toThrow(/TEMPORAL_TLS is false but/);
      expect(() => loadTemporalConfig({ ...base, TEMPORAL_API_KEY: 'has space' })).toThrow(/TEMPORAL_API_KEY must be printable ASCII/);
    });

    it.each([
      [{ TEMPORAL_TLS_CERT_FILE: cert }, /TEMPORAL_TLS_KEY_FILE is required with TEMPORAL_TLS_CERT_FILE/],
      [{ TEMPORAL_TLS_KEY_FILE: key }, /TEMPORAL_TLS_CERT_FILE is required with TEMPORAL_TLS_KEY_FILE/],
      [{ TEMPORAL_TLS_CA_FILE: join(dir, 'missing.pem') }, /TEMPORAL_TLS_CA_FILE cannot be read: .*missing\.pem \(ENOENT\)/],
      [{ TEMPORAL_TLS_CA_FILE: notPem }, /TEMPORAL_TLS_CA_FILE is not a PEM certificate file/],
      [{ TEMPORAL_TLS_CERT_FILE: key, TEMPORAL_TLS_KEY_FILE: key }, /TEMPORAL_TLS_CERT_FILE is not a PEM certificate file/],
      [{ TEMPORAL_TLS_CERT_FILE: cert, TEMPORAL_TLS_KEY_FILE: cert }, /TEMPORAL_TLS_KEY_FILE is not a PEM private key file/],
      [{ TEMPORAL_TLS_SERVER_NAME: 'bad name!' }, /TEMPORAL_TLS_SERVER_NAME must be a host name/],
      [{ TEMPORAL_TLS: 'yes' }, /TEMPORAL_TLS must be true or false/],
    ])('refuses %o with one clear line', (over, message) => {
      expect(() => loadConfig({ ...base, ...over })).toThrow(message);
      expect(() => loadConfig({ ...base, ...over })).toThrow(ConfigError);
    });
  });

  it('MIGRATE_ON_START is false unless set', () => {
    expect(loadConfig(base).migrateOnStart).toBe(false);
    expect(loadConfig({ ...base, MIGRATE_ON_START: 'true' }).migrateOnStart).toBe(true);
    expect(() => loadConfig({ ...base, MIGRATE_ON_START: 'always' })).toThrow(/MIGRATE_ON_START must be true or false/);
  });
});

describe("ARCHIVE_SERIOUS_RANK (the archives' 一票否决, 000 §6)", () => {
  it('defaults to 3 (情节严重 and above), takes 1–4, refuses anything else with one clear line', () => {
    expect(loadConfig(base).archives.seriousRank).toBe(3);
    expect(loadConfig({ ...base, ARCHIVE_SERIOUS_RANK: '4' }).archives.seriousRank).toBe(4);
    for (const bad of ['0', '5', 'x', '2.5'])
      expect(() => loadConfig({ ...base, ARCHIVE_SERIOUS_RANK: bad })).toThrow(/ARCHIVE_SERIOUS_RANK must be a whole number from 1 to 4/);
  });
});
