/**
 * A real Temporal 1.29.1 cluster for tests (scripts/temporal-cluster.ts): its own embedded PostgreSQL, frontend, two
 * history, two matching and the worker service as processes on free loopback ports, optionally with mTLS and a
 * server-name override (certificates made now, scripts/dev-certs.ts). Also the product's processes (API, worker) as
 * children that a test can kill. Binaries: scripts/setup-temporal-server.sh (scripts/test runs it).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddedPg } from '@libs/persistence/src/embedded-postgres';
import { temporalConnectionOptions, type TemporalConnectionOptions } from '@libs/temporal/src/connection-options';
import { loadTemporalConfig } from '@libs/config/src/config';
import { DEV_TLS_SERVER_NAME, makeDevCertificates } from '@scripts/dev-certs';
import {
  CLUSTER_PROCESSES,
  prepareNamespace,
  setupTemporalSchemas,
  TemporalCluster,
  type ClusterPorts,
  type ClusterProcess,
} from '@scripts/temporal-cluster';
import { ROOT, startPostgres } from './servers';

export interface TestCluster {
  cluster: TemporalCluster;
  pg: EmbeddedPg;
  address: string;
  /** TEMPORAL_ADDRESS and, with TLS, TEMPORAL_TLS_CA_FILE/_CERT_FILE/_KEY_FILE/_SERVER_NAME for the product. */
  env: Record<string, string>;
  connectionOptions(): TemporalConnectionOptions;
  /** Waits until the frontend serves and a visibility query answers (after a restart). */
  ready(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Whether nothing listens on the port now (bind and close). */
function isFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

/**
 * Distinct free ports below 32768: Temporal stores membership ports in a smallint column (cluster_membership), and the
 * kernel's ephemeral ports (what listening on port 0 gives) are above it. Random ones in 20000–32000, checked free.
 */
export async function distinctFreePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) {
    const p = 20_000 + Math.floor(Math.random() * 12_000);
    if (!ports.has(p) && (await isFree(p))) ports.add(p);
  }
  return [...ports];
}

export async function startTestCluster(opts: { tls: boolean; namespace?: string }): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'itest-temporal-'));
  const pg = await startPostgres();
  let cluster: TemporalCluster | undefined;
  let died: string | undefined;
  try {
    const db = { host: '127.0.0.1', port: pg.port, user: 'postgres', password: 'postgres' };
    await setupTemporalSchemas(ROOT, db);
    const free = await distinctFreePorts(CLUSTER_PROCESSES.length * 2 + 1);
    const ports = Object.fromEntries(
      CLUSTER_PROCESSES.map((name, i) => [
        name,
        { grpc: free[i]!, membership: free[CLUSTER_PROCESSES.length + i]!, ...(name === 'frontend' ? { http: free.at(-1)! } : {}) },
      ]),
    ) as Record<ClusterProcess, ClusterPorts>;
    const certs = opts.tls ? makeDevCertificates(join(dir, 'tls')) : undefined;
    cluster = new TemporalCluster({
      dir,
      root: ROOT,
      db,
      ports,
      historyShards: 8,
      ...(certs
        ? {
            tls: {
              certFile: certs.serverCertFile,
              keyFile: certs.serverKeyFile,
              caFile: certs.caFile,
              clientCertFile: certs.clientCertFile,
              clientKeyFile: certs.clientKeyFile,
              serverName: DEV_TLS_SERVER_NAME,
              requireClientAuth: true,
            },
          }
        : {}),
      onUnexpectedExit: (name, code, signal) => {
        died = `temporal ${name} exited unexpectedly (code ${code}, signal ${signal}); logs in ${join(dir, 'logs')}`;
        console.error(died);
      },
    });
    await cluster.start();
    const env: Record<string, string> = { TEMPORAL_ADDRESS: cluster.frontendAddress };
    if (certs) {
      Object.assign(env, {
        TEMPORAL_TLS_CA_FILE: certs.caFile,
        TEMPORAL_TLS_CERT_FILE: certs.clientCertFile,
        TEMPORAL_TLS_KEY_FILE: certs.clientKeyFile,
        TEMPORAL_TLS_SERVER_NAME: DEV_TLS_SERVER_NAME,
      });
    }
    const connectionOptions = () => temporalConnectionOptions(loadTemporalConfig(env));
    const namespace = opts.namespace ?? 'default';
    const ready = (timeoutMs = 120_000) =>
      Promise.race([
        prepareNamespace(connectionOptions(), namespace, { timeoutMs }),
        new Promise<never>((_, rej) => {
          const t = setInterval(() => died && (clearInterval(t), rej(new Error(died))), 500);
          t.unref();
        }),
      ]);
    await ready();
    const c = cluster;
    return {
      cluster: c,
      pg,
      address: c.frontendAddress,
      env,
      connectionOptions,
      ready,
      stop: async () => {
        await c.stop();
        await pg.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await cluster?.stop().catch(() => undefined);
    await pg.stop().catch(() => undefined);
    throw err;
  }
}

export function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((res, rej) => {
    const attempt = () => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.end();
        res();
      });
      s.on('error', () => {
        s.destroy();
        if (Date.now() > deadline) rej(new Error(`nothing answered on port ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

/** A product process (dist/apps/api or dist/apps/worker) the test starts, kills and starts again; output in test-output/cluster/. */
export class ProductProcess {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  /** Everything it printed, for assertions on its log lines. */
  output = '';
  readonly starts: number[] = [];

  constructor(
    readonly name: string,
    private readonly script: 'apps/api/src/main.js' | 'apps/worker/src/main.js',
    private env: NodeJS.ProcessEnv,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(extraEnv: NodeJS.ProcessEnv = {}): void {
    if (this.running) throw new Error(`${this.name} is already running`);
    const dir = join(ROOT, 'test-output', 'cluster');
    mkdirSync(dir, { recursive: true });
    const log = createWriteStream(join(dir, `${this.name}.log`), { flags: 'a' });
    const child = spawn(process.execPath, [join(ROOT, 'dist', this.script)], {
      env: { ...this.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const take = (chunk: Buffer) => {
      this.output += chunk.toString();
      log.write(chunk);
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    this.exited = new Promise((res) => child.once('exit', () => res()));
    void this.exited.then(() => log.end());
    this.child = child;
    this.starts.push(Date.now());
  }

  /** SIGKILL (a crash) or SIGTERM (a clean stop, SIGKILL after 15 s). */
  async stop(signal: 'SIGKILL' | 'SIGTERM' = 'SIGTERM'): Promise<void> {
    if (!this.running) return;
    const timer = signal === 'SIGTERM' ? setTimeout(() => this.child?.kill('SIGKILL'), 15_000) : undefined;
    this.child!.kill(signal);
    await this.exited;
    if (timer) clearTimeout(timer);
  }
}

/** A temporary folder for evidence files of the product processes. */
export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'itest-data-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One HTTP call with fetch; a refused connection or a reset is status 0. */
export async function call(
  port: number,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<{ status: number; body: any; headers: Headers | null; error?: string }> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: {
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...opts.headers,
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body, headers: res.headers };
  } catch (err) {
    return { status: 0, body: null, headers: null, error: String((err as Error).cause ?? err) };
  }
}
