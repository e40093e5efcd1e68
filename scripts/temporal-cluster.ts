/**
 * A real Temporal cluster on loopback, as separate processes (frontend, two history, two matching, the internal
 * worker service), persistence and SQL visibility on PostgreSQL (plugin postgres12). Used by scripts/cluster.ts (the
 * README's cluster stack), the cluster tests (test/cluster/) and the action benchmark (--cluster).
 *
 * Binaries come from scripts/setup-temporal-server.sh (.tools/bin/temporal-server, .tools/bin/temporal-sql-tool,
 * schema under .tools/temporal-server/schema). Each process gets its own config file (its own gRPC and membership
 * ports), written from the module's config/development-postgres12.yaml shape; logs go to <dir>/logs/<process>.log.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { Client as PgClient } from 'pg';
import type { TemporalConnectionOptions } from '@libs/temporal/src/connection-options';

const run = promisify(execFile);
const IndexedValueType = temporal.api.enums.v1.IndexedValueType;

export const TEMPORAL_SERVER_VERSION = '1.29.1';
export const CLUSTER_PROCESSES = ['frontend', 'history-1', 'history-2', 'matching-1', 'matching-2', 'worker'] as const;
export type ClusterProcess = (typeof CLUSTER_PROCESSES)[number];

/** The case search attributes (workflows/search-attributes.ts) as the operator API registers them. */
export const CASE_SEARCH_ATTRIBUTE_TYPES: Record<string, number> = {
  CasePhase: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  HandlingOrg: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  NextDeadline: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  Overdue: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

export interface TemporalDb {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface ClusterTls {
  /** Server certificate and key of every frontend (PEM); SANs must cover the name clients check. */
  certFile: string;
  keyFile: string;
  /** CA that signed the server and client certificates. */
  caFile: string;
  /** Client certificate of the internal worker service (mTLS); also what `requireClientAuth` checks. */
  clientCertFile: string;
  clientKeyFile: string;
  /** The name internal clients check the frontend's certificate against. */
  serverName: string;
  requireClientAuth: boolean;
}

export interface ClusterPorts {
  grpc: number;
  membership: number;
  http?: number;
}

export interface TemporalClusterOptions {
  /** Config files and logs. */
  dir: string;
  /** The project root (binaries under .tools/). */
  root: string;
  db: TemporalDb;
  /** Ports of each process; see `clusterPortsFrom`. */
  ports: Record<ClusterProcess, ClusterPorts>;
  tls?: ClusterTls;
  historyShards?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Called when a process exits without being asked to. */
  onUnexpectedExit?: (name: ClusterProcess, code: number | null, signal: NodeJS.Signals | null) => void;
}

export const DATABASES = { persistence: 'temporal', visibility: 'temporal_visibility' } as const;

/** Fixed ports from a base (the frontend's gRPC port): frontend B, history B+1, B+2, matching B+3, B+4, worker B+5; membership +100; HTTP B+10. */
export function clusterPortsFrom(base: number): Record<ClusterProcess, ClusterPorts> {
  const out = {} as Record<ClusterProcess, ClusterPorts>;
  CLUSTER_PROCESSES.forEach((name, i) => {
    out[name] = { grpc: base + i, membership: base + 100 + i, ...(name === 'frontend' ? { http: base + 10 } : {}) };
  });
  return out;
}

function serviceOf(name: ClusterProcess): 'frontend' | 'history' | 'matching' | 'worker' {
  return name.replace(/-\d+$/, '') as 'frontend' | 'history' | 'matching' | 'worker';
}

const q = (s: string | number) => JSON.stringify(String(s)); // JSON strings are YAML strings

/** Connections each process opens to PostgreSQL at most: the cluster stays under PostgreSQL's default 100. */
const MAX_CONNS: Record<string, number> = { frontend: 10, history: 10, matching: 6, worker: 4 };

function configYaml(o: TemporalClusterOptions, name: ClusterProcess): string {
  const svc = serviceOf(name);
  const p = o.ports[name];
  const frontend = o.ports.frontend;
  const sql = (database: string, max: number) => `      sql:
        pluginName: "postgres12"
        databaseName: ${q(database)}
        connectAddr: ${q(`${o.db.host}:${o.db.port}`)}
        connectProtocol: "tcp"
        user: ${q(o.db.user)}
        password: ${q(o.db.password)}
        maxConns: ${max}
        maxIdleConns: ${max}
        maxConnLifetime: "1h"`;
  // Every service is listed (the membership monitor tracks the rings of those named); only this process's own entry
  // is bound, with its own ports; the others are found through the ring.
  const services = (['frontend', 'history', 'matching', 'worker'] as const)
    .map((s) => {
      const own = s === svc ? p : o.ports[CLUSTER_PROCESSES.find((n) => serviceOf(n) === s)!];
      return `  ${s}:
    rpc:
      grpcPort: ${own.grpc}
      membershipPort: ${own.membership}
      bindOnLocalHost: true${own.http ? `\n      httpPort: ${own.http}` : ''}
`;
    })
    .join('');
  const tls = o.tls
    ? `  tls:
    frontend:
      server:
        certFile: ${q(o.tls.certFile)}
        keyFile: ${q(o.tls.keyFile)}
        requireClientAuth: ${o.tls.requireClientAuth}
        clientCaFiles: [${q(o.tls.caFile)}]
      client:
        serverName: ${q(o.tls.serverName)}
        rootCaFiles: [${q(o.tls.caFile)}]
    systemWorker:
      certFile: ${q(o.tls.clientCertFile)}
      keyFile: ${q(o.tls.clientKeyFile)}
      client:
        serverName: ${q(o.tls.serverName)}
        rootCaFiles: [${q(o.tls.caFile)}]
`
    : '';
  return `# Written by scripts/temporal-cluster.ts for the ${name} process (Temporal server ${TEMPORAL_SERVER_VERSION}).
log:
  stdout: true
  level: ${q(o.logLevel ?? 'warn')}
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: ${o.historyShards ?? 8}
  datastores:
    postgres-default:
${sql(DATABASES.persistence, MAX_CONNS[svc]!)}
    postgres-visibility:
${sql(DATABASES.visibility, 2)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
${tls}services:
${services}clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: ${q(`127.0.0.1:${frontend.grpc}`)}
      httpAddress: ${q(`127.0.0.1:${frontend.http ?? frontend.grpc + 10}`)}
dcRedirectionPolicy:
  policy: "noop"
archival:
  history:
    state: "disabled"
  visibility:
    state: "disabled"
namespaceDefaults:
  archival:
    history:
      state: "disabled"
    visibility:
      state: "disabled"
dynamicConfigClient:
  filepath: ${q(join(resolve(o.dir), 'config', 'dynamicconfig.yaml'))}
  pollInterval: "10s"
`;
}

/** Dynamic configuration shared by every process: the defaults of 1.29.1 but for the ID length the product needs. */
const DYNAMIC_CONFIG = `# Written by scripts/temporal-cluster.ts. Temporal's defaults apply to everything not listed.
limit.maxIDLength:
  - value: 255
    constraints: {}
`;

export function binaries(root: string): { server: string; sqlTool: string; schema: string } {
  const server = join(root, '.tools', 'bin', 'temporal-server');
  const sqlTool = join(root, '.tools', 'bin', 'temporal-sql-tool');
  const schema = join(root, '.tools', 'temporal-server', 'schema', 'v12');
  for (const f of [server, sqlTool, schema]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run scripts/setup-temporal-server.sh (scripts/cluster does it)`);
  }
  return { server, sqlTool, schema };
}

/**
 * Creates Temporal's two databases on the server if missing, sets up the versioned schema on a fresh one and applies
 * pending schema versions (idempotent: a second run changes nothing). Needs a user allowed to create databases.
 */
export async function setupTemporalSchemas(root: string, db: TemporalDb): Promise<void> {
  const { sqlTool, schema } = binaries(root);
  const admin = new PgClient({ host: db.host, port: db.port, user: db.user, password: db.password, database: 'postgres' });
  await admin.connect();
  try {
    for (const name of Object.values(DATABASES)) {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
    }
  } finally {
    await admin.end();
  }
  const base = ['--plugin', 'postgres12', '--ep', db.host, '-p', String(db.port), '-u', db.user, '--pw', db.password];
  for (const [kind, name] of Object.entries(DATABASES)) {
    const c = new PgClient({ host: db.host, port: db.port, user: db.user, password: db.password, database: name });
    await c.connect();
    let versioned: boolean;
    try {
      versioned = (await c.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'schema_version'`)).rowCount !== 0;
    } finally {
      await c.end();
    }
    if (!versioned) await run(sqlTool, [...base, '--db', name, 'setup-schema', '-v', '0.0']);
    await run(sqlTool, [
      ...base,
      '--db',
      name,
      'update-schema',
      '-d',
      join(schema, kind === 'persistence' ? 'temporal' : 'visibility', 'versioned'),
    ]);
  }
}

/** Separate server processes; start, stop, kill and restart each. */
export class TemporalCluster {
  private readonly procs = new Map<ClusterProcess, ChildProcess>();
  private readonly expectedExit = new Set<ChildProcess>();
  private readonly server: string;

  constructor(readonly options: TemporalClusterOptions) {
    this.server = binaries(options.root).server;
    mkdirSync(join(options.dir, 'config'), { recursive: true });
    mkdirSync(join(options.dir, 'logs'), { recursive: true });
    writeFileSync(join(options.dir, 'config', 'dynamicconfig.yaml'), DYNAMIC_CONFIG);
    for (const name of CLUSTER_PROCESSES) writeFileSync(join(options.dir, 'config', `${name}.yaml`), configYaml(options, name));
  }

  get frontendAddress(): string {
    return `127.0.0.1:${this.options.ports.frontend.grpc}`;
  }

  pid(name: ClusterProcess): number | undefined {
    return this.procs.get(name)?.pid;
  }

  running(name: ClusterProcess): boolean {
    const p = this.procs.get(name);
    return !!p && p.exitCode === null && p.signalCode === null;
  }

  /**
   * Starts the named processes that are not running (default: all, frontend last so clients wait for a formed ring).
   * The first one alone until its gRPC port listens: on a fresh database, processes starting at once race to write the
   * cluster metadata record and the losers exit ("duplicate key value violates unique constraint cluster_metadata_info_pkey").
   */
  async start(names: readonly ClusterProcess[] = [...CLUSTER_PROCESSES.slice(1), 'frontend']): Promise<void> {
    const todo = names.filter((n) => !this.running(n));
    if (!todo.length) return;
    this.spawn(todo[0]!);
    await waitForPort(this.options.ports[todo[0]!].grpc, 60_000, () => !this.running(todo[0]!));
    for (const name of todo.slice(1)) this.spawn(name);
  }

  private spawn(name: ClusterProcess): void {
    {
      const log = createWriteStream(join(this.options.dir, 'logs', `${name}.log`), { flags: 'a' });
      const child = spawn(
        this.server,
        [
          '--root',
          resolve(this.options.dir),
          '--config',
          'config',
          '--env',
          name,
          '--allow-no-auth',
          'start',
          '--service',
          serviceOf(name),
        ],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true, // own process group: a terminal's Ctrl-C reaches the supervisor only, which stops these in order
        },
      );
      child.stdout!.pipe(log, { end: false });
      child.stderr!.pipe(log, { end: false });
      child.once('close', () => log.end());
      child.on('exit', (code, signal) => {
        if (!this.expectedExit.has(child)) this.options.onUnexpectedExit?.(name, code, signal);
      });
      this.procs.set(name, child);
    }
  }

  /** SIGKILL: no shutdown at all (a crashed host). */
  async kill(name: ClusterProcess): Promise<void> {
    await this.signal(name, 'SIGKILL', 0);
  }

  /** SIGTERM, SIGKILL after `graceMs`. Default: every process, frontend first (clients see UNAVAILABLE at once). */
  async stop(names: readonly ClusterProcess[] = CLUSTER_PROCESSES, graceMs = 15_000): Promise<void> {
    await Promise.all(names.map((n) => this.signal(n, 'SIGTERM', graceMs)));
  }

  private signal(name: ClusterProcess, sig: NodeJS.Signals, graceMs: number): Promise<void> {
    const child = this.procs.get(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    this.expectedExit.add(child);
    return new Promise<void>((res) => {
      const timer = graceMs > 0 ? setTimeout(() => child.kill('SIGKILL'), graceMs) : undefined;
      child.once('exit', () => {
        if (timer) clearTimeout(timer);
        res();
      });
      child.kill(sig);
    });
  }
}

/** Resolves when something listens on the loopback port; rejects after `timeoutMs` or when `gaveUp()` says so. */
export function waitForPort(port: number, timeoutMs: number, gaveUp: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((res, rej) => {
    const attempt = () => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.end();
        res();
      });
      s.on('error', () => {
        s.destroy();
        if (gaveUp()) rej(new Error(`the process that should listen on port ${port} exited`));
        else if (Date.now() > deadline) rej(new Error(`nothing answered on port ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

/** Retries `fn` until it resolves or `timeoutMs` passes; the last error is thrown. */
export async function retryUntil<T>(what: string, timeoutMs: number, fn: () => Promise<T>, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what} not ready within ${timeoutMs} ms: ${String((last as Error)?.message ?? last)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Waits for the frontend to serve, registers the namespace (if missing) and the case search attributes, and waits
 * until a visibility query by those attributes answers (the namespace and search-attribute caches refresh every ~10 s).
 */
export async function prepareNamespace(
  conn: TemporalConnectionOptions,
  namespace: string,
  opts: { timeoutMs?: number; retentionDays?: number } = {},
): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const connection = await retryUntil('Temporal frontend', timeoutMs, async () => {
    const c = await Connection.connect({ ...conn, connectTimeout: 2000 });
    try {
      const res = await c.healthService.check({});
      if (res.status !== 1) throw new Error(`health status ${res.status}`);
      return c;
    } catch (err) {
      await c.close();
      throw err;
    }
  });
  try {
    const ws = connection.workflowService;
    await retryUntil('namespace registration', timeoutMs, async () => {
      try {
        await ws.describeNamespace({ namespace });
      } catch (err) {
        if ((err as { code?: number }).code !== 5) throw err; // NOT_FOUND
        await ws
          .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(`${opts.retentionDays ?? 30} days`) })
          .catch((e: { code?: number }) => {
            if (e.code !== 6) throw e; // ALREADY_EXISTS: registered meanwhile
          });
      }
    });
    await retryUntil('search attributes', timeoutMs, async () => {
      const existing = await connection.operatorService.listSearchAttributes({ namespace });
      const missing = Object.fromEntries(
        Object.entries(CASE_SEARCH_ATTRIBUTE_TYPES).filter(([k]) => !(k in (existing.customAttributes ?? {}))),
      );
      if (Object.keys(missing).length) await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
    });
    await retryUntil(
      'visibility query by the case search attributes',
      timeoutMs,
      () => ws.listWorkflowExecutions({ namespace, pageSize: 1, query: `CasePhase = 'intake' AND Overdue = false` }),
      1000,
    );
  } finally {
    await connection.close();
  }
}
