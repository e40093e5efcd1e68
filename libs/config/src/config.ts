/**
 * Typed, validated configuration shared by the API, the worker and the dev stack.
 * Takes an environment record, returns a frozen config or throws ConfigError with one clear line (the only I/O: the
 * Temporal TLS files are read to check they are PEM). No framework imports, so scripts can fail fast before anything
 * starts.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DEFAULT_CASE_RUN_MAX_EVENTS, MIN_CASE_RUN_MAX_EVENTS } from '@workflows/definitions';

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
  }
}

export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  apiPort: number;
  /** Address the API binds: 127.0.0.1 by default, 0.0.0.0 in a container. */
  apiHost: string;
  databaseUrl: string;
  temporal: TemporalConfig;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  dataDir: string;
  /** HTTP status of GET /health when no worker polls the case task queue (default 503; 200 keeps such instances in rotation). */
  healthDegradedStatus: number;
  /** Apply pending migrations (and the calendar seed) at start, under the migration lock (MIGRATE_ON_START). */
  migrateOnStart: boolean;
  /**
   * HMAC secret for bearer tokens (HS256), always configured: the embedded stack generates one into DATA_DIR/secrets
   * (libs/config/src/local-secrets.ts); no value written in the source is accepted.
   */
  jwtSecret: string;
  /** The secret before a rotation: tokens it signed are still accepted until they expire (JWT_PREVIOUS_SECRET). */
  jwtPreviousSecret?: string;
  /** Key for personal data at rest (ID numbers): 32 bytes, base64; always configured, like the JWT secret. */
  idEncryptionKey: string;
  /** Keys before a rotation: what they sealed stays readable until re-encrypted (ID_ENCRYPTION_PREVIOUS_KEYS). */
  idEncryptionPreviousKeys: string[];
  /** Evidence uploads: size limit (the hard cap: nothing larger is read) and content-type allow-list. */
  files: { maxBytes: number; allowedTypes: string[] };
  /** Login attempts allowed per minute. */
  loginRateLimit: { perAccountPerMinute: number; perAddressPerMinute: number };
  /** Writes (any method but GET/HEAD/OPTIONS) allowed per minute per account, or per client address without one. */
  writeRateLimit: { perAccountPerMinute: number };
  /** Request bodies: JSON and form bodies larger than `bodyMaxBytes` answer 413, JSON nested deeper than `jsonMaxDepth` 400. */
  http: { bodyMaxBytes: number; jsonMaxDepth: number; corsOrigins: string[] };
  /** E-mail notifications (issue 7): SMTP server, sender, base URL of links in mails, template language. */
  notifications: NotificationConfig;
  /** A state-changing action without `If-Match` answers 428 Precondition Required (REQUIRE_IF_MATCH, default true). */
  requireIfMatch: boolean;
  /** Generated documents (PDF): where Debian's Noto CJK fonts are (DOCUMENT_FONTS_DIR). */
  documents: { fontsDir: string };
  /** Problem papers (002, 004). */
  papers: PaperConfig;
  /**
   * Integrity archives (issue 22 point 3): the severity rank from which a finding is serious misconduct, whose running
   * penalty vetoes every purpose (000 §6 一票否决; ARCHIVE_SERIOUS_RANK, 1–4, default 3: 情节严重 and above).
   */
  archives: { seriousRank: number };
  /** Calendar reload jobs (issue 21): the fan-out of a loaded notice to open cases and leads. */
  calendarReload: CalendarReloadConfig;
  /** The product worker's Temporal options that matter at scale (issue 21). */
  worker: WorkerConfig;
  /** The public reporter channel (issue 23). */
  reporters: ReporterChannelConfig;
  /** Case workflows (issue 21): the events after which a run continues as new (CASE_RUN_MAX_EVENTS). */
  cases: { runMaxEvents: number };
}

/**
 * Limits of the public reporter channel (issue 23): fixed windows counted in PostgreSQL, so every API instance shares them.
 * [decision] The defaults: a person checking their report now and then stays far below them; a guesser is stopped
 * after a handful of tries per key and a few dozen per address.
 */
export interface ReporterChannelConfig {
  /** Requests with a report key (right or wrong) per client address and minute (REPORTER_LIMIT_PER_ADDRESS, default 30). */
  perAddressPerMinute: number;
  /** Wrong passwords (or unknown keys) per key and quarter of an hour (REPORTER_FAILURES_PER_KEY, default 5). */
  failuresPerKeyPerWindow: number;
  /** Reports filed per client address and hour (REPORTER_FILINGS_PER_ADDRESS, default 10). */
  filingsPerAddressPerHour: number;
}

export interface CalendarReloadConfig {
  /** Targets signalled per activity (CALENDAR_RELOAD_PAGE_SIZE, default 500). */
  pageSize: number;
  /** Signals per second at most (CALENDAR_RELOAD_SIGNALS_PER_SECOND, default 400). */
  signalsPerSecond: number;
  /** Signals in flight at once (CALENDAR_RELOAD_CONCURRENCY, default 16). */
  concurrency: number;
  /** Attempts before a target whose signal keeps failing is given up (CALENDAR_RELOAD_MAX_ATTEMPTS, default 5). */
  maxAttempts: number;
}

export interface WorkerConfig {
  /** Workflows kept in the worker's cache (WORKER_MAX_CACHED_WORKFLOWS); an evicted one is replayed on its next task. */
  maxCachedWorkflows: number;
  /** host:port where the worker serves its Temporal SDK metrics for Prometheus at /metrics (WORKER_METRICS_ADDRESS; off when unset). */
  metricsAddress?: string;
}

/** [decision] The worker's cache: see README "Benchmarks" (scale) for the memory it takes per cached case. */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 2000;

/** Commission levels of the review chain. */
export const REVIEW_LEVELS = ['national', 'provincial', 'municipal', 'county'] as const;
export type ReviewLevel = (typeof REVIEW_LEVELS)[number];

export interface PaperConfig {
  /**
   * The commission levels that may run a pre-review of drafts (PAPER_PRE_REVIEW_LEVELS, default `provincial`): 004 二(二)
   * describes it as a provincial practice. A setting of another level is refused, and ignored if it was set before.
   */
  preReviewLevels: ReviewLevel[];
}

/** Where and how to reach Temporal: a frontend address, the namespace, the case task queue, and how to authenticate. */
export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  uiUrl?: string;
  /** TLS to the frontend; undefined = plain gRPC (a local cluster or the dev server). */
  tls?: TemporalTlsConfig;
  /** Temporal Cloud API key (sent as `Authorization: Bearer …`; implies TLS). */
  apiKey?: string;
}

export interface TemporalTlsConfig {
  /** PEM file of the CA that signed the frontend's certificate; unset = the system's trusted CAs. */
  caFile?: string;
  /** mTLS: PEM client certificate and its key (both or neither). */
  certFile?: string;
  keyFile?: string;
  /** The name to check the frontend's certificate against, when it differs from the address's host. */
  serverName?: string;
}

export interface NotificationConfig {
  /** smtp://[user:password@]host:port or smtps://…; the dev stack starts a catcher on 127.0.0.1:2525 when unset. */
  smtpUrl: string;
  /** From header, e.g. 'integrity-cases <noreply@localhost>'. */
  mailFrom: string;
  /** Base URL of links in mails, without a trailing slash. */
  appBaseUrl: string;
  locale: 'zh' | 'en';
}

/** Where the dev stack's SMTP catcher listens; the default SMTP_URL outside production. */
export const DEFAULT_SMTP_URL = 'smtp://127.0.0.1:2525';
export const DEFAULT_MAIL_FROM = 'integrity-cases <noreply@localhost>';
export const DEFAULT_APP_BASE_URL = 'http://127.0.0.1:3000';

type Env = Record<string, string | undefined>;

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 0 || Number(raw) > 65535) {
    throw new ConfigError(name, `must be a TCP port number (0-65535), got "${raw}"`);
  }
  return Number(raw);
}

function positive(env: Env, name: string, fallback: number, maxDigits = 6): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!new RegExp(`^[1-9]\\d{0,${maxDigits - 1}}$`).test(raw)) throw new ConfigError(name, `must be a positive whole number, got "${raw}"`);
  return Number(raw);
}

/** [decision] 600 writes a minute per account: far above what a person does, low enough to stop a runaway script. */
export const DEFAULT_WRITE_LIMIT_PER_ACCOUNT = 600;
/** [decision] JSON and form bodies up to 1 MiB (a decision form with 100 authors is about 100 KB); files go by multipart. */
export const DEFAULT_BODY_MAX_BYTES = 1024 * 1024;
/** [decision] The deepest contract body (decision form → authors → measures → item) is 4 levels; 32 leaves room. */
export const DEFAULT_JSON_MAX_DEPTH = 32;

export const DEFAULT_FILE_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/tiff',
  'text/plain',
  'text/csv',
  'application/zip',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/**
 * SHA-256 of secrets that were once written in this project's source as development defaults (before issue 16). They
 * are public, so they are refused wherever they are configured; the values themselves are no longer in the source.
 */
const PUBLISHED_SECRET_SHA256 = new Set([
  'fe56e5c8c0f21d9b67594a7524d31ab45126bef495e716a57e2f062d529cca46',
  '56668f66995dd718374ef13928741da7b2c7d16bba4ffdf3b07bb05117f9e404',
]);

function published(value: string): boolean {
  return PUBLISHED_SECRET_SHA256.has(createHash('sha256').update(value).digest('hex'));
}

const WHERE_SECRETS_COME_FROM = 'scripts/run generates one into DATA_DIR/secrets; elsewhere configure it';

function jwtSecret(env: Env, name: string, required: boolean): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    if (!required) return undefined;
    throw new ConfigError(
      name,
      `is required (${WHERE_SECRETS_COME_FROM}: at least 32 random characters, e.g. \`openssl rand -base64 32\`)`,
    );
  }
  if (raw.length < 32) throw new ConfigError(name, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)');
  if (published(raw))
    throw new ConfigError(name, 'is a value published in the source code; generate a new one (`openssl rand -base64 32`)');
  return raw;
}

function idKeyValue(name: string, raw: string): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw) || Buffer.from(raw, 'base64').length !== 32) {
    throw new ConfigError(name, 'must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)');
  }
  if (published(raw) || published(Buffer.from(raw, 'base64').toString('latin1'))) {
    throw new ConfigError(name, 'is a key published in the source code; generate a new one (`openssl rand -base64 32`)');
  }
  return raw;
}

function idKey(env: Env): string {
  const raw = env.ID_ENCRYPTION_KEY;
  if (!raw)
    throw new ConfigError(
      'ID_ENCRYPTION_KEY',
      `is required (${WHERE_SECRETS_COME_FROM}: 32 random bytes, base64, e.g. \`openssl rand -base64 32\`)`,
    );
  return idKeyValue('ID_ENCRYPTION_KEY', raw);
}

function previousIdKeys(env: Env, current: string): string[] {
  const keys = (env.ID_ENCRYPTION_PREVIOUS_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  return keys.map((k) => idKeyValue('ID_ENCRYPTION_PREVIOUS_KEYS', k)).filter((k, i, all) => k !== current && all.indexOf(k) === i);
}

/** The ID-number keys alone (for the re-encryption command, which needs no other configuration). */
export function loadIdKeys(env: Env = process.env): { idEncryptionKey: string; idEncryptionPreviousKeys: string[] } {
  const idEncryptionKey = idKey(env);
  return { idEncryptionKey, idEncryptionPreviousKeys: previousIdKeys(env, idEncryptionKey) };
}

function origins(env: Env): string[] {
  const raw = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const o of raw) {
    let url: URL;
    try {
      url = new URL(o);
    } catch {
      throw new ConfigError('CORS_ORIGINS', `must be a comma-separated list of origins (https://host[:port]), got "${o}"`);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== o.replace(/\/+$/, '')) {
      throw new ConfigError('CORS_ORIGINS', `must be a comma-separated list of origins (https://host[:port], no path), got "${o}"`);
    }
  }
  return raw.map((o) => o.replace(/\/+$/, ''));
}

function bounded(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,12}$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  return Number(raw);
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(name, `must be true or false, got "${raw}"`);
  return raw === 'true';
}

function host(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[A-Za-z0-9.:-]+$/.test(raw)) throw new ConfigError(name, `must be an IP address or host name, got "${raw}"`);
  return raw;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/** Checks a PostgreSQL connection URL without connecting. */
export function validateDatabaseUrl(raw: string, name = 'DATABASE_URL'): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a URL (expected postgres://user:password@host:port/database)`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(name, `must use the postgres:// scheme, got "${url.protocol}"`);
  }
  if (!url.hostname) throw new ConfigError(name, 'has no host');
  if (url.port && !/^\d+$/.test(url.port)) throw new ConfigError(name, `has an invalid port "${url.port}"`);
  if (url.pathname.replace(/^\//, '') === '') throw new ConfigError(name, 'names no database (postgres://…/<database>)');
  return raw;
}

/** host:port, as the Temporal client expects it. */
export function validateTemporalAddress(raw: string, name = 'TEMPORAL_ADDRESS'): string {
  if (!/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(raw)) {
    throw new ConfigError(name, `must be host:port, got "${raw}"`);
  }
  return raw;
}

/** An SMTP server URL (smtp:// or smtps://, host, optional port and credentials), checked without connecting. */
export function validateSmtpUrl(raw: string, name = 'SMTP_URL'): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a URL (expected smtp://host:port or smtps://user:password@host:port)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError(name, `must use the smtp:// or smtps:// scheme, got "${url.protocol}"`);
  }
  if (!url.hostname) throw new ConfigError(name, 'has no host');
  return raw;
}

/** A From address: `name@domain` or `Display Name <name@domain>`. */
export function validateMailFrom(raw: string, name = 'MAIL_FROM'): string {
  if (!/^(?:[^<>@\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(raw.trim())) {
    throw new ConfigError(name, `must be an e-mail address or "Name <address>", got "${raw}"`);
  }
  return raw.trim();
}

function baseUrl(env: Env, name: string, fallback: string): string {
  const raw = env[name] || fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a URL (expected http(s)://host[:port][/path]), got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(name, `must use http:// or https://, got "${url.protocol}"`);
  if (url.search || url.hash) throw new ConfigError(name, 'must not have a query or fragment');
  return raw.replace(/\/+$/, '');
}

function notifications(env: Env, nodeEnv: string): NotificationConfig {
  const smtpUrl = env.SMTP_URL || (nodeEnv === 'production' ? '' : DEFAULT_SMTP_URL);
  if (!smtpUrl) throw new ConfigError('SMTP_URL', 'is required in production (smtp://host:port or smtps://user:password@host:port)');
  return Object.freeze({
    smtpUrl: validateSmtpUrl(smtpUrl),
    mailFrom: validateMailFrom(env.MAIL_FROM || DEFAULT_MAIL_FROM),
    appBaseUrl: baseUrl(env, 'APP_BASE_URL', DEFAULT_APP_BASE_URL),
    locale: oneOf(env, 'NOTIFY_LOCALE', ['zh', 'en'] as const, 'zh'),
  });
}

function pemFile(env: Env, name: string, kind: 'CERTIFICATE' | 'PRIVATE KEY'): string | undefined {
  const path = env[name];
  if (path === undefined || path === '') return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(name, `cannot be read: ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const ok = kind === 'CERTIFICATE' ? /-----BEGIN CERTIFICATE-----/.test(text) : /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/.test(text);
  if (!ok) throw new ConfigError(name, `is not a PEM ${kind.toLowerCase()} file: ${path}`);
  return path;
}

function flag(env: Env, name: string): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function degradedStatus(env: Env): number {
  const raw = env.HEALTH_DEGRADED_STATUS;
  if (raw === undefined || raw === '') return 503;
  if (!/^[2-5]\d\d$/.test(raw)) throw new ConfigError('HEALTH_DEGRADED_STATUS', `must be an HTTP status code (200-599), got "${raw}"`);
  return Number(raw);
}

/** A comma-separated list of review levels; empty means none. */
function levels(env: Env, name: string, fallback: ReviewLevel[]): ReviewLevel[] {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const list = raw
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const bad = list.filter((x) => !(REVIEW_LEVELS as readonly string[]).includes(x));
  if (bad.length)
    throw new ConfigError(name, `must list commission levels (${REVIEW_LEVELS.join(', ')}), comma-separated; got "${bad.join(', ')}"`);
  return [...new Set(list)] as ReviewLevel[];
}

/**
 * The Temporal part of the configuration, alone (scripts and benchmarks need no database or JWT secret).
 * TLS is on when TEMPORAL_TLS=true, when any TEMPORAL_TLS_* file or the server name is given, or with an API key
 * (Temporal Cloud accepts API keys over TLS only); TEMPORAL_TLS=false with any of them is refused as contradictory.
 */
export function loadTemporalConfig(env: Env = process.env): TemporalConfig {
  const address = env.TEMPORAL_ADDRESS;
  if (!address) throw new ConfigError('TEMPORAL_ADDRESS', 'is required (the dev stack sets it for the dev server)');
  const namespace = env.TEMPORAL_NAMESPACE || 'default';
  if (!/^[A-Za-z0-9._-]+$/.test(namespace)) throw new ConfigError('TEMPORAL_NAMESPACE', `is not a valid namespace name: "${namespace}"`);
  const taskQueue = env.TEMPORAL_TASK_QUEUE || 'integrity-cases';
  const caFile = pemFile(env, 'TEMPORAL_TLS_CA_FILE', 'CERTIFICATE');
  const certFile = pemFile(env, 'TEMPORAL_TLS_CERT_FILE', 'CERTIFICATE');
  const keyFile = pemFile(env, 'TEMPORAL_TLS_KEY_FILE', 'PRIVATE KEY');
  if (certFile && !keyFile)
    throw new ConfigError('TEMPORAL_TLS_KEY_FILE', 'is required with TEMPORAL_TLS_CERT_FILE (mTLS needs the certificate and its key)');
  if (keyFile && !certFile)
    throw new ConfigError('TEMPORAL_TLS_CERT_FILE', 'is required with TEMPORAL_TLS_KEY_FILE (mTLS needs the certificate and its key)');
  const serverName = env.TEMPORAL_TLS_SERVER_NAME || undefined;
  if (serverName !== undefined && !/^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(serverName)) {
    throw new ConfigError('TEMPORAL_TLS_SERVER_NAME', `must be a host name, got "${serverName}"`);
  }
  const apiKey = env.TEMPORAL_API_KEY || undefined;
  if (apiKey !== undefined && !/^[\x21-\x7e]+$/.test(apiKey))
    throw new ConfigError('TEMPORAL_API_KEY', 'must be printable ASCII without spaces');
  const tlsFlag = flag(env, 'TEMPORAL_TLS');
  const implied = Boolean(caFile || certFile || serverName || apiKey);
  if (tlsFlag === false && implied) {
    throw new ConfigError(
      'TEMPORAL_TLS',
      'is false but TLS settings (TEMPORAL_TLS_*) or TEMPORAL_API_KEY are given; an API key is only sent over TLS',
    );
  }
  const tls = tlsFlag || implied ? Object.freeze({ caFile, certFile, keyFile, serverName }) : undefined;
  return Object.freeze({
    address: validateTemporalAddress(address),
    namespace,
    taskQueue,
    uiUrl: env.TEMPORAL_UI_URL || undefined,
    ...(tls ? { tls } : {}),
    ...(apiKey ? { apiKey } : {}),
  });
}

/**
 * The events after which a case workflow's run continues as new (CASE_RUN_MAX_EVENTS, issue 21): goes into the input of
 * every case workflow started from now on (the API, and the activities that open transferred, lead and paper cases).
 * Alone, because the activities read it where they start a case (the worker's process, not a workflow).
 */
export function loadCaseRunMaxEvents(env: Env = process.env): number {
  return bounded(env, 'CASE_RUN_MAX_EVENTS', DEFAULT_CASE_RUN_MAX_EVENTS, MIN_CASE_RUN_MAX_EVENTS, 50_000);
}

export function loadConfig(env: Env = process.env): AppConfig {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new ConfigError('DATABASE_URL', 'is required (the dev stack sets it for the embedded PostgreSQL)');
  const temporal = loadTemporalConfig(env);
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'test', 'production'] as const, 'development');
  validateDatabaseUrl(databaseUrl);
  const secret = jwtSecret(env, 'JWT_SECRET', true)!;
  const previousSecret = jwtSecret(env, 'JWT_PREVIOUS_SECRET', false);
  const { idEncryptionKey, idEncryptionPreviousKeys } = loadIdKeys(env);
  return Object.freeze({
    nodeEnv,
    jwtSecret: secret,
    jwtPreviousSecret: previousSecret !== secret ? previousSecret : undefined,
    idEncryptionKey,
    idEncryptionPreviousKeys: Object.freeze(idEncryptionPreviousKeys) as string[],
    files: Object.freeze({
      maxBytes: positive(env, 'FILES_MAX_BYTES', 50 * 1024 * 1024, 10),
      allowedTypes: (env.FILES_ALLOWED_TYPES || DEFAULT_FILE_TYPES.join(','))
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    }),
    loginRateLimit: Object.freeze({
      perAccountPerMinute: positive(env, 'LOGIN_LIMIT_PER_ACCOUNT', 10),
      perAddressPerMinute: positive(env, 'LOGIN_LIMIT_PER_ADDRESS', 100),
    }),
    writeRateLimit: Object.freeze({ perAccountPerMinute: positive(env, 'WRITE_LIMIT_PER_ACCOUNT', DEFAULT_WRITE_LIMIT_PER_ACCOUNT, 9) }),
    http: Object.freeze({
      bodyMaxBytes: bounded(env, 'BODY_MAX_BYTES', DEFAULT_BODY_MAX_BYTES, 1024, 100 * 1024 * 1024),
      jsonMaxDepth: bounded(env, 'JSON_MAX_DEPTH', DEFAULT_JSON_MAX_DEPTH, 4, 256),
      corsOrigins: Object.freeze(origins(env)) as string[],
    }),
    notifications: notifications(env, nodeEnv),
    requireIfMatch: bool(env, 'REQUIRE_IF_MATCH', true),
    documents: Object.freeze({ fontsDir: env.DOCUMENT_FONTS_DIR || '/usr/share/fonts/opentype/noto' }),
    papers: Object.freeze({ preReviewLevels: levels(env, 'PAPER_PRE_REVIEW_LEVELS', ['provincial']) }),
    archives: Object.freeze({ seriousRank: bounded(env, 'ARCHIVE_SERIOUS_RANK', 3, 1, 4) }),
    reporters: Object.freeze({
      perAddressPerMinute: positive(env, 'REPORTER_LIMIT_PER_ADDRESS', 30),
      failuresPerKeyPerWindow: positive(env, 'REPORTER_FAILURES_PER_KEY', 5),
      filingsPerAddressPerHour: positive(env, 'REPORTER_FILINGS_PER_ADDRESS', 10),
    }),
    calendarReload: Object.freeze({
      pageSize: positive(env, 'CALENDAR_RELOAD_PAGE_SIZE', 500, 5),
      signalsPerSecond: positive(env, 'CALENDAR_RELOAD_SIGNALS_PER_SECOND', 400, 5),
      concurrency: positive(env, 'CALENDAR_RELOAD_CONCURRENCY', 16, 3),
      maxAttempts: positive(env, 'CALENDAR_RELOAD_MAX_ATTEMPTS', 5, 2),
    }),
    cases: Object.freeze({ runMaxEvents: loadCaseRunMaxEvents(env) }),
    worker: Object.freeze({
      maxCachedWorkflows: positive(env, 'WORKER_MAX_CACHED_WORKFLOWS', DEFAULT_MAX_CACHED_WORKFLOWS, 7),
      ...(env.WORKER_METRICS_ADDRESS
        ? { metricsAddress: validateTemporalAddress(env.WORKER_METRICS_ADDRESS, 'WORKER_METRICS_ADDRESS') }
        : {}),
    }),
    apiPort: port(env, 'API_PORT', 3000),
    apiHost: host(env, 'API_HOST', '127.0.0.1'),
    databaseUrl: validateDatabaseUrl(databaseUrl),
    temporal,
    logLevel: oneOf(env, 'LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    dataDir: env.DATA_DIR || '.data',
    migrateOnStart: flag(env, 'MIGRATE_ON_START') ?? false,
    healthDegradedStatus: degradedStatus(env),
  });
}
