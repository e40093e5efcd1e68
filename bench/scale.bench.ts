/**
 * Provincial and national scale (issue 21, points 1–3). A benchmark, not a timed test: it prints its figures (lines
 * starting with RESULT) and fails on nothing but a broken set-up.
 *
 * Build and run:  npm run build:ts && node dist/bench/scale.bench.js [options]
 *   --cases N        open cases (default 10,000); --stretch = 50,000
 *   --cache N        the worker's WORKER_MAX_CACHED_WORKFLOWS (default: the product default, libs/config)
 *   --http-sample N  cases opened through HTTP to measure that rate (default 300); the rest are started directly
 *   --wave N         deadlines due at the same instant in the expiry wave (default 2,000)
 *   --worker-nice N  the worker process at CPU priority nice N (what a worker sharing a host with the API would get)
 *   --only history|open|wave   one part only (default: all three, one after the other)
 *   --no-reload      part 2 without the calendar reload (worker memory and cache only, e.g. to compare --cache sizes)
 *   --settle S       after the reload job: seconds without any change before what is still unmoved is counted (default
 *                    300); the unmoved cases are then named with what their workflow, projection and history say
 *   --cluster        part 2 against a Temporal 1.29.1 cluster on PostgreSQL (frontend, two history, two matching, worker
 *                    service: test/support/cluster.ts) instead of the dev server
 *   --probe          the worker's memory by thread (bench/memory-probe.ts: each workflow thread's V8 heap after a full GC,
 *                    and what is outside the V8 heaps) beside its RSS (measurement only: the worker runs with --expose-gc)
 *   BENCH_SAVE_HISTORY=<file>  keeps the longest run of the two-year history as JSON (for a profile of its replay)
 *   CASE_RUN_MAX_EVENTS=N      the events after which a case run continues as new (issue 21; the product's variable,
 *                              default libs/config); 50000 gives the one-run history of before bounded runs
 *
 * 1. history: one case driven through every phase over about two years on the time-skipping server (real PostgreSQL,
 *    SMTP, projection and mails): events, bytes and continue-as-new runs of its history (events per run), and the time
 *    to replay its longest run, all its runs one after the other, and the longest saved history of test/histories/,
 *    once with a fresh replay worker and per history in a batch.
 * 2. open: the product as deployed (API and worker as child processes, NODE_ENV=production) on the Temporal dev server
 *    and an embedded PostgreSQL. N cases across the demo tree (both hospitals, two policy profiles): the first through
 *    POST /api/v1/cases (16 in flight) to measure that rate, the rest by the API's own registration steps run here
 *    directly (the case row with its number, then the workflow started with the same input the API builds: calendar
 *    snapshot, organisation, profile, reminder stages), 64 in flight; then realistic phases through the workflows'
 *    Update (55 % accepted, a tenth of them suspended; the rest in intake). Worker memory (RSS) and its workflow cache
 *    (the SDK's Prometheus metrics: size, hits, misses, forced evictions), history length and size per open case.
 *    Then the calendar reload of point 2 over all of them: a new version of this year's notice with the next working
 *    day off, through PUT /calendar/years/:year; the time until the job has told every case, every moved deadline is
 *    projected (`deadline_recomputed`) and every moved-due-date mail is sent; nothing lost or doubled.
 * 3. wave: the same product on the time-skipping server: N cases received the same day, so their acceptance deadlines
 *    are due at the same instant; time is skipped to the morning of the due day (the earlier reminders go out), then,
 *    measured, past the due instant: the due-day reminders and the expiries fire together. The time until every overdue
 *    event is recorded and every reminder sent, none lost or doubled, and the API's p95 on reads before and during.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { DataSource } from 'typeorm';
import { computeDeadline, isoDateOf, SHANGHAI_OFFSET_MS, WorkingCalendar, type CalendarYear } from '@libs/domain/src/calendar';
import { DEFAULT_MAX_CACHED_WORKFLOWS, loadCaseRunMaxEvents } from '@libs/config/src/config';
import { WORKFLOW_PRELOAD_MODULES } from '@apps/worker/src/workflow-bundle';
import { loadCalendarYears } from '@libs/persistence/src/case-numbers';
import { insertCaseRow } from '@libs/persistence/src/case-registration';
import { DEMO_ORGS, DEMO_PASSWORD, DEMO_USERS, demoUserId, prepareDatabase } from '@libs/persistence/src/seed';
import { caseWorkflow } from '@workflows/case.workflow';
import { actionUpdate, type Actor } from '@workflows/definitions';
import { freePort, quietLogger, ROOT, startPostgres, startTemporalDevServer, startTimeSkippingServer } from '@test/support/servers';
import { act, openTestCase, startWorkflowEnv } from '@test/support/workflow-env';
import { quietTemporalRuntime } from '@test/support/app';
import { BENCH_PG_FLAGS } from './pg-settings';
import { startTestCluster } from '@test/support/cluster';
import { describeProbe, readProbe } from './memory-probe';
import { anatomyOfMovedCase, diagnoseUnmoved, UNMOVED_SQL, unmovedCases } from './reload-diagnosis';

// ---------------------------------------------------------------------------------------------------------------------
// options

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number`);
  return Math.round(v);
}
const CASES = process.argv.includes('--stretch') ? 50_000 : option('cases', 10_000);
const CACHE = option('cache', DEFAULT_MAX_CACHED_WORKFLOWS);
const HTTP_SAMPLE = Math.min(CASES, option('http-sample', 300));
const WAVE = option('wave', 2_000);
/** --worker-nice N: the worker at a lower CPU priority (nice N) than the API, PostgreSQL and Temporal. */
const WORKER_NICE = process.argv.includes('--worker-nice') ? option('worker-nice', 10) : 0;
const NO_RELOAD = process.argv.includes('--no-reload');
/** --settle S: after the reload job, how long to keep watching without any change before counting what is unmoved. */
const SETTLE_S = option('settle', 300);
const CLUSTER = process.argv.includes('--cluster');
const PROBE = process.argv.includes('--probe');
const ONLY = (() => {
  const i = process.argv.indexOf('--only');
  return i < 0 ? undefined : process.argv[i + 1];
})();

const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// child processes, HTTP, a mail sink (as bench/actions.bench.ts)

const cleanups: Array<() => Promise<void>> = [];
async function cleanUp(): Promise<void> {
  while (cleanups.length) await cleanups.pop()!().catch((err: unknown) => console.error('clean-up step failed:', err));
}

interface Child {
  name: string;
  proc: ChildProcess;
  log: string;
  exited: Promise<void>;
}

function startChild(dir: string, name: string, script: string, env: NodeJS.ProcessEnv, nice = 0): Child {
  const file = join(dir, `${name}.log`);
  const fd = openSync(file, 'a');
  // `nice`: a lower CPU priority, as a worker sharing a host with the API would get (--worker-nice)
  const proc = nice
    ? spawn('nice', ['-n', String(nice), process.execPath, script], { env, stdio: ['ignore', fd, fd] })
    : spawn(process.execPath, [script], { env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const child = { name, proc, log: file, exited };
  cleanups.push(async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const kill = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    proc.kill('SIGTERM');
    await exited;
    clearTimeout(kill);
  });
  return child;
}

/** Resident memory of a process and its peak (kB), from /proc. */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });
function http(
  port: number,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; text: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = {};
    if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': payload.length });
    if (token) headers.authorization = `Bearer ${token}`;
    const req = request({ agent, host: '127.0.0.1', port, method, path, headers, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 60 s')));
    req.on('error', reject);
    req.end(payload);
  });
}

let mailsReceived = 0;
function startMailSink(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    let buffer = '';
    let inData = false;
    socket.setEncoding('latin1');
    socket.on('error', () => socket.destroy());
    socket.write('220 bench mail sink\r\n');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          buffer = buffer.slice(end + 5);
          inData = false;
          mailsReceived += 1;
          socket.write('250 accepted\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const verb = buffer.slice(0, eol).slice(0, 4).toUpperCase();
        buffer = buffer.slice(eol + 2);
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 bench\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go on\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

async function until(what: string, timeoutMs: number, probe: () => Promise<boolean>, children: Child[] = []): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = children.find((c) => c.proc.exitCode !== null || c.proc.signalCode !== null);
    if (dead)
      throw new Error(
        `${what}: ${dead.name} exited; its log: ${dead.log}\n${readFileSync(dead.log, 'utf8').trim().split('\n').slice(-5).join('\n')}`,
      );
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

async function hasWorkflowPoller(client: Client, taskQueue: string): Promise<boolean> {
  const res = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  return (res.pollers ?? []).length > 0;
}

/** The worker's workflow-cache figures from its Prometheus endpoint (sdk-core metric names). */
async function cacheMetrics(metricsPort: number): Promise<Record<string, number>> {
  const res = await http(metricsPort, 'GET', '/metrics');
  const out: Record<string, number> = {};
  for (const line of res.text.split('\n')) {
    const m = /^(?:temporal_)?(sticky_cache_[a-z_]+|workflow_active_thread_count|num_pollers)(?:\{[^}]*\})?\s+([0-9.e+-]+)$/.exec(line);
    if (m && !m[1]!.endsWith('_bucket')) out[m[1]!] = (out[m[1]!] ?? 0) + Number(m[2]);
  }
  return out;
}

/** The product (API and worker as child processes) against a Temporal server at `temporalAddress`. */
async function startProduct(dir: string, pgUrl: string, temporalAddress: string, client: Client, temporalEnv: Record<string, string> = {}) {
  const apiPort = await freePort();
  const metricsPort = await freePort();
  const mail = await startMailSink();
  cleanups.push(() => new Promise<void>((resolve) => mail.server.close(() => resolve())));
  const taskQueue = `scale-${process.pid}-${Date.now()}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    ID_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SMTP_URL: `smtp://127.0.0.1:${mail.port}`,
    DATA_DIR: join(dir, 'data'),
    DATABASE_URL: pgUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    ...temporalEnv,
    TEMPORAL_NAMESPACE: client.options.namespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
    API_PORT: String(apiPort),
    WORKER_MAX_CACHED_WORKFLOWS: String(CACHE),
    WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
  };
  // --probe: the worker reports its threads' V8 heaps into <dir>/probe (bench/memory-probe.ts)
  if (PROBE) mkdirSync(join(dir, 'probe'), { recursive: true });
  const probe = PROBE
    ? {
        MEMORY_PROBE_DIR: join(dir, 'probe'),
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${join(ROOT, 'dist', 'bench', 'memory-probe.js')} --expose-gc`.trim(),
      }
    : {};
  // as deployed (docker/Dockerfile, scripts/dev-stack.ts): glibc malloc arenas capped unless MALLOC_ARENA_MAX is given
  const malloc = { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX || '2' };
  const worker = startChild(
    dir,
    'worker',
    join(ROOT, 'dist', 'apps', 'worker', 'src', 'main.js'),
    { ...env, ...malloc, ...probe },
    WORKER_NICE,
  );
  const api = startChild(dir, 'api', join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js'), { ...env, WORKER_METRICS_ADDRESS: '' });
  await until('API /health', 90_000, async () => (await http(apiPort, 'GET', '/health/live')).status === 200, [worker, api]);
  // the time-skipping server has no DescribeTaskQueue: the worker's own log line says it runs
  await until(
    'the worker polling',
    90_000,
    async () =>
      (await hasWorkflowPoller(client, taskQueue).catch(() => false)) || readFileSync(worker.log, 'utf8').includes('worker running'),
    [worker, api],
  );
  const tokens = new Map<string, string>();
  const login = async (username: string) => {
    if (!tokens.has(username)) {
      const res = await http(apiPort, 'POST', '/api/v1/auth/login', { username, password: DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.text}`);
      tokens.set(username, (JSON.parse(res.text) as { accessToken: string }).accessToken);
    }
    return tokens.get(username)!;
  };
  return { apiPort, metricsPort, taskQueue, worker, api, login, children: [worker, api] };
}

const actorOf = (username: string, role: string): Actor => {
  const i = DEMO_USERS.findIndex((u) => u.username === username);
  const u = DEMO_USERS[i]!;
  return { userId: demoUserId(i), role, orgId: DEMO_ORGS[u.org].id, name: u.name };
};

interface OpenCase {
  id: string;
  number: string;
  org: 'hospitalA' | 'hospitalB';
}

/** The API's registration (CaseService.create) without HTTP: the case row with its number, then the workflow with the same input. */
async function openDirect(
  db: DataSource,
  client: Client,
  taskQueue: string,
  calendar: CalendarYear[],
  org: 'hospitalA' | 'hospitalB',
  receivedAt: string,
  title: string,
): Promise<OpenCase> {
  const o = DEMO_ORGS[org];
  const [{ path }] = (await db.query(`SELECT path FROM organisations WHERE id = $1`, [o.id])) as Array<{ path: string }>;
  const id = randomUUID();
  const officer = org === 'hospitalA' ? 'hospa.officer' : 'hospb.officer';
  let started: string | null = null;
  const number = await db
    .transaction(async (tx) => {
      const n = await insertCaseRow(tx, {
        id,
        title,
        source: 'report',
        handlingOrgId: o.id,
        handlingOrgPath: path,
        policyProfile: o.profile,
        receivedAt,
        details: { allegations: ['2'], subjects: [{ name: '张三', organisation: o.name }], paper: null },
      });
      await client.workflow.start(caseWorkflow, {
        workflowId: n,
        taskQueue,
        args: [
          {
            caseId: id,
            number: n,
            handlingOrgId: o.id,
            policyProfile: o.profile,
            receivedAt,
            source: 'report',
            calendar,
            openedBy: actorOf(officer, 'case_officer'),
          },
        ],
      });
      started = n;
      return n;
    })
    .catch(async (err: unknown) => {
      if (started)
        await client.workflow
          .getHandle(started)
          .terminate('registration did not commit')
          .catch(() => undefined);
      throw err;
    });
  return { id, number, org };
}

// ---------------------------------------------------------------------------------------------------------------------
// 1. a two-year history

async function historyPart(): Promise<void> {
  log('part 1: one case through every phase over about two years (time-skipping server)');
  const t = await startWorkflowEnv();
  cleanups.push(() => t.stop());
  const day = 86_400_000;
  const received = isoDateOf(await t.env.currentTimeMs());
  // The run length as the product would start the case with it (CASE_RUN_MAX_EVENTS).
  const runMaxEvents = loadCaseRunMaxEvents();
  const { handle } = await openTestCase(t, { org: 'hospitalB', receivedAt: received, runMaxEvents });
  const wait = (days: number) => t.env.sleep(days * day);
  await wait(12);
  await act(handle, 'accept', 'case_officer');
  for (const name of ['甲', '乙'])
    await act(handle, 'add_member', 'case_officer', { name, kind: 'team', declarationSigned: true, conflicts: [] });
  await act(handle, 'approve_plan', 'unit_head');
  await wait(60);
  // suspension is the unit head's decision (issue 17; 003 art.23)
  await act(handle, 'suspend', 'unit_head', { reason: '等待司法鉴定' });
  await wait(75);
  await act(handle, 'resume', 'case_officer');
  await wait(90);
  await act(handle, 'request_extension', 'case_officer', { months: 2, reason: '补充鉴定' });
  await act(handle, 'decide_extension', 'unit_head', { approve: true });
  // the extended investigation runs out, overdue for three months: reminders every 5 working days, an escalation
  await wait(230);
  await act(handle, 'record_interview', 'investigator', { investigators: ['甲', '乙'] });
  await act(handle, 'submit_report', 'investigator', { signedBy: ['甲', '乙'] });
  await act(handle, 'notify_participating_units', 'case_officer', { orgIds: [DEMO_ORGS.hospitalA.id] });
  await wait(20);
  await act(handle, 'send_proposed_decision', 'case_officer');
  await wait(4);
  await act(handle, 'waive_defence', 'case_officer');
  await wait(15);
  await act(handle, 'decide', 'unit_head', { outcome: 'no_misconduct' });
  await wait(5);
  await act(handle, 'deliver_decision', 'case_officer');
  await wait(12);
  await act(handle, 'apply_review', 'case_officer');
  await act(handle, 'accept_review', 'case_officer');
  await wait(120);
  await act(handle, 'complete_review', 'unit_head', { result: 'upheld' });
  await wait(10);
  // the appeal is heard by the superior authority, the city commission (003 art.42; issue 17)
  await act(handle, 'apply_appeal', 'case_officer', { appealOrgId: DEMO_ORGS.cityB.id });
  await act(handle, 'accept_appeal', 'case_officer', {}, { orgId: DEMO_ORGS.cityB.id });
  await wait(80);
  await act(handle, 'complete_appeal', 'unit_head', { result: 'changed' }, { orgId: DEMO_ORGS.cityB.id });
  await handle.result();

  // every run of the workflow (continue-as-new chains them)
  const runs: temporal.api.history.v1.IHistory[] = [];
  let runId: string | undefined = handle.firstExecutionRunId;
  while (runId) {
    const h: temporal.api.history.v1.IHistory = await t.env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
    runs.push(h);
    const last: temporal.api.history.v1.IHistoryEvent = h.events!.at(-1)!;
    runId = last.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  const longest = runs.reduce((a, h) => (h.events!.length > a.events!.length ? h : a));
  if (process.env.BENCH_SAVE_HISTORY) writeFileSync(process.env.BENCH_SAVE_HISTORY, historyToJSON(longest));
  const events = runs.reduce((a, h) => a + h.events!.length, 0);
  const bytes = runs.reduce((a, h) => a + temporal.api.history.v1.History.encode(h).finish().length, 0);
  const first = Number(runs[0]!.events![0]!.eventTime!.seconds);
  const lastRun = runs.at(-1)!;
  const end = Number(lastRun.events!.at(-1)!.eventTime!.seconds);
  const counts = new Map<string, number>();
  for (const h of runs)
    for (const e of h.events!) {
      const name = temporal.api.enums.v1.EventType[e.eventType!] ?? String(e.eventType);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  const [{ n: mails }] = (await t.db.query(
    `SELECT count(*)::int AS n FROM notifications WHERE case_id = (SELECT id FROM cases WHERE number = $1)`,
    [handle.workflowId],
  )) as Array<{ n: number }>;
  console.log(
    `RESULT two-year history: ${((end - first) / 86_400 / 365).toFixed(2)} years, ${runs.length} run(s) (${runs.length - 1} continue-as-new), ${events} events, ` +
      `${(bytes / 1024).toFixed(0)} KiB (protobuf), ${mails} notification rows; CASE_RUN_MAX_EVENTS ${runMaxEvents}, events per run ` +
      `${runs.map((h) => h.events!.length).join(' / ')} (longest ${longest.events!.length})`,
  );
  console.log(
    `  events by type: ${[...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k.replace('EVENT_TYPE_', '')} ${v}`)
      .join(', ')}`,
  );

  // replay: the two-year history and the longest saved one, with the build's bundle
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    preloadModules: WORKFLOW_PRELOAD_MODULES,
    logger: quietLogger,
  });
  const saved = readdirSync(join(ROOT, 'test', 'histories'))
    .map((f) => ({ f, h: historyFromJSON(JSON.parse(readFileSync(join(ROOT, 'test', 'histories', f), 'utf8'))) }))
    .sort((a, b) => b.h.events!.length - a.h.events!.length)[0]!;
  for (const [label, history] of [
    [`two-year history's longest run (${longest.events!.length} events, of ${runs.length} run(s))`, longest],
    [`longest saved history (${saved.f}, ${saved.h.events!.length} events)`, saved.h],
  ] as const) {
    const cold: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await Worker.runReplayHistory({ workflowBundle: bundle }, history, `replay-${i}`);
      cold.push(performance.now() - t0);
    }
    const N = 30;
    const t0 = performance.now();
    // CPU of this process (the replay worker runs the workflows on this thread, sdk-core on its own): on a shared
    // 2-core machine the wall time is mostly waiting for a core, the CPU time is what a replay costs
    const cpu0 = process.cpuUsage();
    let failed = 0;
    for await (const r of Worker.runReplayHistories(
      { workflowBundle: bundle },
      Array.from({ length: N }, (_, i) => ({ workflowId: `replay-batch-${i}`, history })),
    )) {
      if (r.error) failed += 1;
    }
    const each = (performance.now() - t0) / N;
    const cpu = process.cpuUsage(cpu0);
    console.log(
      `RESULT replay of the ${label}: ${each.toFixed(1)} ms per history in a batch of ${N} (one replay worker; CPU ${((cpu.user + cpu.system) / 1000 / N).toFixed(1)} ms each; load average ${load()})${failed ? `, ${failed} FAILED` : ''}; ` +
        `with a fresh replay worker each time ${cold.map((x) => x.toFixed(0)).join(' / ')} ms — goal < 100 ms: ${each < 100 ? 'met' : 'NOT met'}`,
    );
  }
  // Every run of the case one after the other (what replaying the whole case, rarely needed, costs in all).
  if (runs.length > 1) {
    const N = 10;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let failed = 0;
    for await (const r of Worker.runReplayHistories(
      { workflowBundle: bundle },
      Array.from({ length: N }, (_, i) => runs.map((history, k) => ({ workflowId: `replay-all-${i}-${k}`, history }))).flat(),
    )) {
      if (r.error) failed += 1;
    }
    const cpu = process.cpuUsage(cpu0);
    console.log(
      `RESULT replay of all ${runs.length} runs of the two-year history: ${((performance.now() - t0) / N).toFixed(1)} ms per case in a batch of ${N} ` +
        `(CPU ${((cpu.user + cpu.system) / 1000 / N).toFixed(1)} ms; ${((cpu.user + cpu.system) / 1000 / N / runs.length).toFixed(1)} ms per run; load average ${load()})${failed ? `, ${failed} FAILED` : ''}`,
    );
  }
  await cleanUp();
}

// ---------------------------------------------------------------------------------------------------------------------
// 2. ten thousand open cases, then a calendar reload over them

async function openPart(dir: string): Promise<void> {
  log(
    `part 2: ${CASES} open cases on ${CLUSTER ? 'a Temporal cluster on PostgreSQL' : 'the dev server'}, worker cache ${CACHE}; load average ${load()}`,
  );
  const pg = await startPostgres(undefined, BENCH_PG_FLAGS);
  cleanups.push(() => pg.stop());
  let client: Client;
  let temporalAddress: string;
  let temporalEnv: Record<string, string> = {};
  if (CLUSTER) {
    // the cluster's own embedded PostgreSQL (Temporal's persistence and visibility), the product's is `pg`
    const tc = await startTestCluster({ tls: false });
    cleanups.push(() => tc.stop());
    const connection = await Connection.connect(tc.connectionOptions());
    cleanups.push(() => connection.close());
    client = new Client({ connection });
    temporalAddress = tc.address;
    temporalEnv = tc.env;
  } else {
    const env: TestWorkflowEnvironment = await startTemporalDevServer();
    cleanups.push(() => env.teardown());
    client = env.client;
    temporalAddress = env.connection.options.address;
  }
  const { db } = await prepareDatabase(pg.url, { demo: true });
  cleanups.push(() => db.destroy());
  const product = await startProduct(dir, pg.url, temporalAddress, client, temporalEnv);
  const idle = memoryOf(product.worker.proc.pid!);
  log(`worker started: RSS ${mib(idle.rss)}`);

  const calendar = await loadCalendarYears(db);
  const today = isoDateOf(Date.now());
  const orgOf = (i: number): 'hospitalA' | 'hospitalB' => (i % 2 === 0 ? 'hospitalB' : 'hospitalA');
  const cases: OpenCase[] = [];

  // through HTTP, 16 in flight
  const tokens = { hospitalA: await product.login('hospa.officer'), hospitalB: await product.login('hospb.officer') };
  let t0 = performance.now();
  const viaHttp = await pool(
    Array.from({ length: HTTP_SAMPLE }, (_, i) => i),
    16,
    async (i) => {
      const org = orgOf(i);
      const res = await http(
        product.apiPort,
        'POST',
        '/api/v1/cases',
        {
          source: 'report',
          handlingOrgId: DEMO_ORGS[org].id,
          receivedAt: today,
          title: `规模测试案件 ${i}`,
          allegations: ['2'],
          subjects: [{ name: '张三', organisation: DEMO_ORGS[org].name }],
        },
        tokens[org],
      );
      if (res.status !== 201) throw new Error(`POST /cases: ${res.status} ${res.text.slice(0, 200)}`);
      const body = JSON.parse(res.text) as { id: string; number: string };
      return { id: body.id, number: body.number, org, ms: res.ms };
    },
  );
  const httpSeconds = (performance.now() - t0) / 1000;
  cases.push(...viaHttp);
  const httpLat = viaHttp.map((c) => c.ms).sort((a, b) => a - b);
  console.log(
    `RESULT opening through HTTP (POST /api/v1/cases, 16 in flight): ${(HTTP_SAMPLE / httpSeconds).toFixed(1)} cases/s ` +
      `(p50 ${percentile(httpLat, 50).toFixed(0)} ms, p95 ${percentile(httpLat, 95).toFixed(0)} ms); ${CASES} that way would take ${(CASES / (HTTP_SAMPLE / httpSeconds) / 60).toFixed(1)} min`,
  );

  // directly, 64 in flight
  t0 = performance.now();
  const rest = CASES - HTTP_SAMPLE;
  let done = 0;
  const direct = await pool(
    Array.from({ length: rest }, (_, i) => i + HTTP_SAMPLE),
    64,
    async (i) => {
      const c = await openDirect(db, client, product.taskQueue, calendar, orgOf(i), today, `规模测试案件 ${i}`);
      if (++done % 2000 === 0)
        log(
          `  ${done} of ${rest} started directly (${(done / ((performance.now() - t0) / 1000)).toFixed(0)}/s), worker RSS ${mib(memoryOf(product.worker.proc.pid!).rss)}`,
        );
      return c;
    },
  );
  const directSeconds = (performance.now() - t0) / 1000;
  cases.push(...direct);
  console.log(
    `RESULT opening directly (the API's registration steps without HTTP, 64 in flight): ${(rest / directSeconds).toFixed(1)} cases/s, ${rest} in ${directSeconds.toFixed(0)} s`,
  );

  // realistic phases: 55 % accepted, a tenth of those suspended
  t0 = performance.now();
  const toAccept = cases.filter((_, i) => i % 20 < 11);
  const refused: string[] = [];
  await pool(toAccept, 64, async (c) => {
    const officer = actorOf(c.org === 'hospitalA' ? 'hospa.officer' : 'hospb.officer', 'case_officer');
    try {
      // henan-2021 asks for the two staff of the preliminary check (001 art.12), named by their user ids (issue 17 edge rules)
      const body =
        c.org === 'hospitalA'
          ? { checkedBy: [actorOf('hospa.officer', 'case_officer').userId, actorOf('hospa.admin', 'org_admin').userId] }
          : {};
      await client.workflow
        .getHandle(c.number)
        .executeUpdate(actionUpdate, { args: [{ action: 'accept', actor: officer, body }], updateId: randomUUID() });
    } catch (err) {
      refused.push(
        `${c.number}: ${(err as Error).message}${(err as { cause?: Error }).cause ? ` (${(err as { cause?: Error }).cause!.message})` : ''}`,
      );
    }
  });
  const toSuspend = toAccept.filter((_, i) => i % 10 === 0);
  await pool(toSuspend, 64, async (c) => {
    // suspension is the unit head's decision (issue 17; 003 art.23)
    const head = actorOf(c.org === 'hospitalA' ? 'hospa.head' : 'hospb.head', 'unit_head');
    try {
      await client.workflow
        .getHandle(c.number)
        .executeUpdate(actionUpdate, { args: [{ action: 'suspend', actor: head, body: { reason: '等待鉴定' } }], updateId: randomUUID() });
    } catch (err) {
      refused.push(
        `${c.number}: ${(err as Error).message}${(err as { cause?: Error }).cause ? ` (${(err as { cause?: Error }).cause!.message})` : ''}`,
      );
    }
  });
  const actSeconds = (performance.now() - t0) / 1000;
  console.log(
    `RESULT phases: ${toAccept.length} accepted and ${toSuspend.length} of them suspended (Updates, 64 in flight) in ${actSeconds.toFixed(0)} s (${((toAccept.length + toSuspend.length) / actSeconds).toFixed(0)} actions/s); refused ${refused.length}${refused.length ? `, e.g. ${refused[0]}` : ''}`,
  );
  const phases = (await db.query(`SELECT phase, count(*)::int AS n FROM cases GROUP BY phase ORDER BY phase`)) as Array<{
    phase: string;
    n: number;
  }>;
  log(`phases: ${phases.map((p) => `${p.phase} ${p.n}`).join(', ')}`);
  await sleep(5000);
  const opened = memoryOf(product.worker.proc.pid!);
  const metrics1 = await cacheMetrics(product.metricsPort);
  // history per open case: a sample of 200
  const sample = cases.filter((_, i) => i % Math.max(1, Math.floor(cases.length / 200)) === 0).slice(0, 200);
  const described = await pool(sample, 16, async (c) => {
    const d = await client.workflowService.describeWorkflowExecution({
      namespace: client.options.namespace,
      execution: { workflowId: c.number },
    });
    return { events: Number(d.workflowExecutionInfo?.historyLength ?? 0), bytes: Number(d.workflowExecutionInfo?.historySizeBytes ?? 0) };
  });
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(
    `RESULT worker with ${CASES} open cases: RSS ${mib(opened.rss)} (peak ${mib(opened.hwm)}; idle ${mib(idle.rss)}) — goal < 1 GiB: ${opened.hwm < 1024 * 1024 ? 'met' : 'NOT met'}; ` +
      `cache (max ${CACHE}): ${JSON.stringify(metrics1)}; MALLOC_ARENA_MAX ${process.env.MALLOC_ARENA_MAX || '2'}; history per open case: ${avg(described.map((d) => d.events)).toFixed(1)} events, ${(avg(described.map((d) => d.bytes)) / 1024).toFixed(1)} KiB (sample of ${sample.length})`,
  );

  if (PROBE) console.log(`RESULT worker memory by thread: ${describeProbe(await readProbe(join(dir, 'probe'), 1, 3))}`);

  if (NO_RELOAD) {
    await cleanUp();
    return;
  }

  // the calendar reload over all of them (point 2)
  const sysadmin = await product.login('nhc.sysadmin');
  const known = new WorkingCalendar(calendar);
  const dayOff = known.addWorkingDays(today, 1);
  const year = Number(dayOff.slice(0, 4));
  const base = calendar.find((y) => y.year === year) ?? { year, holidays: [`${year}-01-01`], makeupWorkdays: [] };
  const notice = {
    holidays: [...new Set([...base.holidays, dayOff])].sort(),
    makeupWorkdays: base.makeupWorkdays.filter((d) => d !== dayOff),
  };
  const eventsBefore = (
    (await db.query(`SELECT count(*)::int AS n FROM case_events WHERE type = 'deadline_recomputed'`)) as Array<{ n: number }>
  )[0]!.n;
  mailsReceived = 0;
  log(`calendar reload: ${year} with ${dayOff} off, over ${CASES} open cases; load average ${load()}`);
  const start = Date.now();
  const put = await http(product.apiPort, 'PUT', `/api/v1/calendar/years/${year}`, notice, sysadmin);
  if (put.status !== 202) throw new Error(`PUT /calendar/years/${year}: ${put.status} ${put.text}`);
  const job = (JSON.parse(put.text) as { reload: { id: string; total: number } }).reload;
  log(`  answered ${put.status} in ${put.ms.toFixed(0)} ms: job ${job.id}, ${job.total} targets`);
  let jobDoneAt = 0;
  // Settled when the job is done, every queued mail is sent and nothing changed for 10 s with no open acceptance deadline
  // left unmoved; with some left unmoved it keeps watching up to --settle seconds after the last change (late or lost?).
  let last = { events: -1, notices: -1, sent: -1, unmoved: -1, at: Date.now() };
  const unmovedSeen: number[] = [];
  for (;;) {
    await sleep(1000);
    const progress = JSON.parse((await http(product.apiPort, 'GET', `/api/v1/calendar/reloads/${job.id}`, undefined, sysadmin)).text) as {
      status: string;
      signalled: number;
      failed: number;
      pending: number;
    };
    if (!jobDoneAt && progress.status !== 'running') jobDoneAt = Date.now();
    const [row] = (await db.query(
      `SELECT (SELECT count(*)::int FROM case_events WHERE type = 'deadline_recomputed') - $1 AS events,
              (SELECT count(*)::int FROM notifications WHERE kind = 'due_date_moved') AS notices,
              (SELECT count(*)::int FROM notifications WHERE kind = 'due_date_moved' AND status = 'sent') AS sent`,
      [eventsBefore],
    )) as Array<{ events: number; notices: number; sent: number }>;
    const unmoved = (await unmovedCases(db, dayOff)).length;
    log(
      `  ${((Date.now() - start) / 1000).toFixed(0)} s: job ${progress.status} signalled ${progress.signalled}, failed ${progress.failed}, pending ${progress.pending}; recomputed events ${row!.events}, notices ${row!.notices} (sent ${row!.sent}); unmoved ${unmoved}; RSS ${mib(memoryOf(product.worker.proc.pid!).rss)}`,
    );
    if (row!.events !== last.events || row!.notices !== last.notices || row!.sent !== last.sent || unmoved !== last.unmoved) {
      if (jobDoneAt && unmoved !== last.unmoved) unmovedSeen.push(unmoved);
      last = { ...row!, unmoved, at: Date.now() };
    }
    const quietFor = Date.now() - last.at;
    if (jobDoneAt && row!.sent === row!.notices && unmoved === 0 && quietFor > 10_000) break;
    if (jobDoneAt && quietFor > SETTLE_S * 1000) {
      log(`  nothing changed for ${SETTLE_S} s with ${unmoved} unmoved and ${row!.notices - row!.sent} mails unsent: giving up waiting`);
      break;
    }
    if (Date.now() - start > 45 * 60_000) {
      log('  the reload did not settle within 45 minutes: stopping the watch');
      break;
    }
  }
  if (unmovedSeen.length > 1) log(`  unmoved after the job ended, as it fell: ${unmovedSeen.join(' → ')}`);
  const [times] = (await db.query(
    `SELECT extract(epoch FROM (SELECT max(at) FROM case_events WHERE type = 'deadline_recomputed')) * 1000 AS last_event,
            extract(epoch FROM (SELECT max(sent_at) FROM notifications WHERE kind = 'due_date_moved')) * 1000 AS last_mail,
            (SELECT count(*)::int FROM (SELECT case_id, data->>'kind' FROM case_events WHERE type = 'deadline_recomputed' GROUP BY 1, 2 HAVING count(*) > 1) x) AS doubled_events,
            (SELECT count(*)::int FROM (SELECT case_id, recipient_email FROM notifications WHERE kind = 'due_date_moved' GROUP BY 1, 2 HAVING count(*) > 1) x) AS doubled_notices,
            (SELECT count(DISTINCT case_id)::int FROM case_events WHERE type = 'deadline_recomputed') AS cases_moved,
            (SELECT count(*)::int FROM (${UNMOVED_SQL}) u) AS missed`,
    [dayOff],
  )) as Array<{
    last_event: number;
    last_mail: number;
    doubled_events: number;
    doubled_notices: number;
    cases_moved: number;
    missed: number;
  }>;
  const progress = JSON.parse((await http(product.apiPort, 'GET', `/api/v1/calendar/reloads/${job.id}`, undefined, sysadmin)).text) as {
    signalled: number;
    failed: number;
    total: number;
  };
  const metrics2 = await cacheMetrics(product.metricsPort);
  const after = memoryOf(product.worker.proc.pid!);
  console.log(
    `RESULT calendar reload over ${CASES} open cases: answered in ${put.ms.toFixed(0)} ms; job told ${progress.signalled} of ${progress.total} (failed ${progress.failed}) in ${((jobDoneAt - start) / 1000).toFixed(1)} s; ` +
      `${times!.cases_moved} cases' deadlines moved, the last projected after ${((times!.last_event - start) / 1000).toFixed(1)} s, the last moved-due-date mail sent after ${((times!.last_mail - start) / 1000).toFixed(1)} s ` +
      `(${last.notices} mails; the sink received ${mailsReceived}) — goal < 60 s: ${Math.max(times!.last_event, times!.last_mail) - start < 60_000 ? 'met' : 'NOT met'}; ` +
      `doubled events ${times!.doubled_events}, doubled mails ${times!.doubled_notices}, open acceptance deadlines not moved ${times!.missed}`,
  );
  console.log(`RESULT worker after the reload: RSS ${mib(after.rss)} (peak ${mib(after.hwm)}); cache: ${JSON.stringify(metrics2)}`);
  // late or lost: every case still unmoved, named, with what its workflow, projection and history say
  const newCalendar = [...calendar.filter((y) => y.year !== year), { year, ...notice }];
  await diagnoseUnmoved(db, client, await unmovedCases(db, dayOff), calendar, newCalendar);
  await anatomyOfMovedCase(db, client).catch((err: unknown) => log(`anatomy of a moved case failed: ${String(err)}`));
  await cleanUp();
}

// ---------------------------------------------------------------------------------------------------------------------
// 3. an expiry wave

async function wavePart(dir: string): Promise<void> {
  log(`part 3: an expiry wave of ${WAVE} deadlines (time-skipping server); load average ${load()}`);
  const pg = await startPostgres(undefined, BENCH_PG_FLAGS);
  cleanups.push(() => pg.stop());
  const env = await startTimeSkippingServer();
  cleanups.push(() => env.teardown());
  const client = env.client;
  const { db } = await prepareDatabase(pg.url, { demo: true });
  cleanups.push(() => db.destroy());
  const product = await startProduct(dir, pg.url, env.connection.options.address, client);
  const calendar = await loadCalendarYears(db);
  const cal = new WorkingCalendar(calendar);
  const received = isoDateOf(await env.currentTimeMs());
  const due = computeDeadline(cal, received, { amount: 15, unit: 'working_days' }).dueDate;
  const dueAt = Date.parse(`${due}T23:59:59Z`) - SHANGHAI_OFFSET_MS;
  const cases = await pool(
    Array.from({ length: WAVE }, (_, i) => i),
    32,
    (i) => openDirect(db, client, product.taskQueue, calendar, 'hospitalB', received, `到期测试案件 ${i}`),
  );
  const settled = async (what: string, probe: () => Promise<boolean>) => until(what, 20 * 60_000, probe, product.children);
  await settled(
    'the cases projected',
    async () =>
      (
        (await db.query(`SELECT count(*)::int AS n FROM case_deadlines WHERE kind = 'acceptance' AND status = 'open'`)) as Array<{
          n: number;
        }>
      )[0]!.n === WAVE,
  );
  log(`${WAVE} cases received ${received}, acceptance due ${due} (23:59:59 Asia/Shanghai)`);
  // to the morning of the due day: the 5- and 1-day reminders go out on the way (not measured)
  const morning = Date.parse(`${due}T08:00:00Z`) - SHANGHAI_OFFSET_MS;
  await env.sleep(morning - (await env.currentTimeMs()));
  const reminders = (stage: string) =>
    db.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'sent')::int AS sent FROM notifications WHERE kind = 'deadline_reminder' AND stage = $1`,
      [stage],
    ) as Promise<Array<{ n: number; sent: number }>>;
  const [{ n: recipients }] = (await db.query(
    `SELECT count(*)::int AS n FROM users WHERE org_id = $1 AND active AND email IS NOT NULL AND roles ?| array['case_officer','integrity_admin']`,
    [DEMO_ORGS.hospitalB.id],
  )) as Array<{ n: number }>;
  await settled('the earlier reminders sent', async () => (await reminders('before_1'))[0]!.sent >= WAVE * recipients);

  // reads through the API: GET /cases/:id of random cases and the supervisor's overdue list, 4 clients
  const officer = await product.login('hospb.officer');
  const supervisor = await product.login('henan.supervisor');
  const readLoad = (seconds: number | (() => boolean)) => {
    const lat: number[] = [];
    const stop =
      typeof seconds === 'number'
        ? (() => {
            const end = Date.now() + seconds * 1000;
            return () => Date.now() > end;
          })()
        : seconds;
    const client1 = async () => {
      for (let i = 0; !stop(); i++) {
        const res =
          i % 4 === 3
            ? await http(product.apiPort, 'GET', '/api/v1/supervision/overdue', undefined, supervisor)
            : await http(
                product.apiPort,
                'GET',
                `/api/v1/cases/${cases[Math.floor(Math.random() * cases.length)]!.id}`,
                undefined,
                officer,
              );
        if (res.status !== 200) throw new Error(`read: ${res.status} ${res.text.slice(0, 200)}`);
        lat.push(res.ms);
      }
    };
    return Promise.all([client1(), client1(), client1(), client1()]).then(() => lat.sort((a, b) => a - b));
  };
  const quiet = await readLoad(15);
  log(
    `reads before the wave: ${quiet.length} in 15 s, p50 ${percentile(quiet, 50).toFixed(1)} ms, p95 ${percentile(quiet, 95).toFixed(1)} ms; load average ${load()}`,
  );

  // the wave: past the due instant
  let over = false;
  const during = readLoad(() => over);
  const start = Date.now();
  const skipping = env.sleep(dueAt + 60_000 - (await env.currentTimeMs())).then(() => Date.now());
  await settled('every overdue event and due-day reminder', async () => {
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM case_events WHERE type = 'deadline_overdue'`)) as Array<{ n: number }>;
    const [r] = await reminders('due_today');
    return n >= WAVE && r!.sent >= WAVE * recipients;
  });
  const settledAt = Date.now();
  over = true;
  const lat = await during;
  // The skip itself may not return: a workflow task whose completion the test server refused (seen once under load:
  // "Header size exceeded", then an h2 protocol error in the worker) keeps its time locked. Everything is measured by then.
  const skipped = await Promise.race([skipping, sleep(15_000).then(() => NaN)]);
  const [f] = (await db.query(
    `SELECT (SELECT count(*)::int FROM case_events WHERE type = 'deadline_overdue') AS overdue_events,
            (SELECT count(DISTINCT case_id)::int FROM case_events WHERE type = 'deadline_overdue') AS overdue_cases,
            (SELECT count(*)::int FROM case_deadlines WHERE kind = 'acceptance' AND status = 'overdue') AS overdue_projected,
            (SELECT count(*)::int FROM notifications WHERE kind = 'deadline_reminder' AND stage = 'due_today') AS reminders,
            (SELECT count(*)::int FROM notifications WHERE kind = 'deadline_reminder') AS all_reminders,
            (SELECT count(*)::int FROM (SELECT case_id, stage, recipient_email FROM notifications GROUP BY 1, 2, 3 HAVING count(*) > 1) x) AS doubled,
            extract(epoch FROM (SELECT max(created_at) FROM notifications WHERE stage = 'due_today')) * 1000 AS last_queued,
            extract(epoch FROM (SELECT max(sent_at) FROM notifications WHERE stage = 'due_today')) * 1000 AS last_sent`,
  )) as Array<{
    overdue_events: number;
    overdue_cases: number;
    overdue_projected: number;
    reminders: number;
    all_reminders: number;
    doubled: number;
    last_queued: number;
    last_sent: number;
  }>;
  console.log(
    `RESULT expiry wave of ${WAVE} deadlines (the due-day reminders at 09:00 and the expiries at 00:00 in one skip): all recorded after ${((settledAt - start) / 1000).toFixed(1)} s ` +
      `(time skip returned after ${Number.isNaN(skipped) ? 'NEVER (the test server kept time locked)' : `${((skipped - start) / 1000).toFixed(1)} s`}; last reminder queued +${((f!.last_queued - start) / 1000).toFixed(1)} s, sent +${((f!.last_sent - start) / 1000).toFixed(1)} s) — goal < 60 s: ${settledAt - start < 60_000 ? 'met' : 'NOT met'}; ` +
      `overdue events ${f!.overdue_events} in ${f!.overdue_cases} cases, projected overdue ${f!.overdue_projected}; due-day reminders ${f!.reminders} (${recipients} recipients a case), all reminders ${f!.all_reminders} = ${WAVE} × ${recipients} × 3 stages: ${f!.all_reminders === WAVE * recipients * 3 ? 'yes' : 'NO'}; doubled ${f!.doubled}`,
  );
  console.log(
    `RESULT API reads (GET /cases/:id and the overdue list, 4 clients): before the wave p50 ${percentile(quiet, 50).toFixed(1)} ms, p95 ${percentile(quiet, 95).toFixed(1)} ms (${quiet.length}); ` +
      `during it p50 ${percentile(lat, 50).toFixed(1)} ms, p95 ${percentile(lat, 95).toFixed(1)} ms (${lat.length})`,
  );
  await cleanUp();
}

// ---------------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error('watchdog: 90 minutes, stopping');
    void cleanUp().finally(() => process.exit(2));
  }, 90 * 60_000);
  const interrupted = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  quietTemporalRuntime();
  const dir = mkdtempSync(join(tmpdir(), 'scale-bench-'));
  let keep = false;
  console.log(
    `Scale benchmark (issue 21): ${CASES} open cases, worker cache ${CACHE}, wave ${WAVE}${WORKER_NICE ? `, worker at nice ${WORKER_NICE}` : ''}; ${new Date().toISOString()}, load average ${load()}`,
  );
  try {
    if (!ONLY || ONLY === 'history') await historyPart();
    if (!ONLY || ONLY === 'open') await openPart(dir);
    if (!ONLY || ONLY === 'wave') await wavePart(dir);
  } catch (err) {
    keep = true;
    console.error(
      `\nbenchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}${(err as { cause?: Error }).cause ? `\ncause: ${(err as { cause?: Error }).cause!.message}` : ''}\nlogs of the child processes kept in ${dir}`,
    );
    process.exitCode = 1;
  } finally {
    agent.destroy();
    await cleanUp();
    if (!keep) rmSync(dir, { recursive: true, force: true });
    clearTimeout(watchdog);
  }
  process.exit(process.exitCode ?? 0);
}

void main();

export type { WorkflowHandle };
