/**
 * Where the worker's memory goes per evicted workflow run (issue 21: "worker RSS under 1 GiB at 10,000 open cases").
 * A benchmark, not a test: it prints figures (lines starting with RESULT), one configuration per process.
 *
 * Every replayed history is a new workflow run that is evicted at its end, as a case evicted from the worker's cache
 * and replayed on its next task is; so N replays show what N evictions leave behind, in minutes and without a
 * server (the 10,000-case scale benchmark takes 15–25 minutes).
 *
 * Build and run:  npm run build:ts && node dist/bench/eviction-memory.bench.js [options]
 *   --runs N          replays (default 3000), each with its own workflow id
 *   --every N         print the figures every N replays (default 500)
 *   --history FILE    the history replayed (default test/histories/national-acceptance-overdue.json: an open case)
 *   --no-preload      a bundle without the shared domain modules (WORKFLOW_PRELOAD_MODULES)
 *   --no-reuse        reuseV8Context false (a V8 context per workflow run)
 *   --threads N       workflow threads (default 2, as the product's worker; ignored with --debug)
 *   --debug           the SDK's debugMode: workflow code on this thread, so its V8 heap is this process's heap
 *   --snapshot DIR    with --debug: heap snapshots after the first `every` replays and at the end (compare in DevTools)
 *   --probe           run with NODE_OPTIONS="--require dist/bench/memory-probe.js --expose-gc" MEMORY_PROBE_DIR=<dir>:
 *                     at the end, every thread's V8 heap after a full GC (bench/memory-probe.ts)
 *   --gc              with node --expose-gc: a full GC of this thread before each figure (garbage vs retained; with
 *                     --debug that includes the workflows' heap, with threads only the SDK's main-thread side)
 *
 * RSS and the process's V8 heap come from /proc and process.memoryUsage(); with workflow threads the threads' heaps are
 * in RSS only. Environment variables such as MALLOC_ARENA_MAX apply as given to `node`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DEFAULT_WORKFLOW_BUNDLE } from '@apps/worker/src/workflow-bundle';
import { ROOT } from '@test/support/servers';
import { describeProbe, readProbe } from './memory-probe';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
function option(name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? fallback : argv[i + 1];
}
const RUNS = Number(option('runs', '3000'));
const EVERY = Number(option('every', '500'));
const HISTORY = option('history', join(ROOT, 'test', 'histories', 'national-acceptance-overdue.json'));
const PRELOAD = !flag('no-preload');
const REUSE = !flag('no-reuse');
const DEBUG = flag('debug');
const THREADS = Number(option('threads', '2'));
const SNAPSHOT = argv.includes('--snapshot') ? option('snapshot', '.') : undefined;
const GC = flag('gc');

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
function rss(): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return Number(m![1]) * 1024;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const label =
    `${PRELOAD ? 'shared domain modules' : 'no shared modules'}, reuseV8Context ${REUSE}, ` +
    `${DEBUG ? 'debugMode (workflows on this thread)' : `${THREADS} workflow thread(s)`}` +
    `${process.env.MALLOC_ARENA_MAX ? `, MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX}` : ''}` +
    `${process.env.NODE_OPTIONS ? `, NODE_OPTIONS=${process.env.NODE_OPTIONS}` : ''}`;
  const bundle = PRELOAD
    ? { code: readFileSync(DEFAULT_WORKFLOW_BUNDLE, 'utf8') }
    : await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: new DefaultLogger('WARN') });
  if (PRELOAD && !bundle.code.includes('preloadModules')) throw new Error(`${DEFAULT_WORKFLOW_BUNDLE} has no preloaded modules`);
  const history = historyFromJSON(JSON.parse(readFileSync(HISTORY, 'utf8')));
  console.log(`eviction memory: ${RUNS} replays of ${HISTORY} (${history.events?.length} events); ${label}; load average ${load()}`);

  const gc = (globalThis as { gc?: () => void }).gc;
  const t0 = Date.now();
  const rss0 = rss();
  let base: { rss: number; heap: number; at: number } | undefined;
  let failed = 0;
  let done = 0;
  function* histories() {
    for (let i = 0; i < RUNS; i += 1) yield { workflowId: `evict-${i}`, history };
  }
  const figure = () => {
    if (GC && gc) gc();
    const heap = process.memoryUsage();
    const r = rss();
    if (!base) base = { rss: r, heap: heap.heapUsed, at: done };
    const per = done > base.at ? ((r - base.rss) / (done - base.at) / 1024).toFixed(1) : '-';
    const perHeap = done > base.at ? ((heap.heapUsed - base.heap) / (done - base.at) / 1024).toFixed(1) : '-';
    const hs = v8.getHeapStatistics();
    console.log(
      `  ${String(done).padStart(6)} runs, ${((Date.now() - t0) / 1000).toFixed(0)} s: RSS ${mib(r)} (+${mib(r - rss0)} since start; ${per} KiB per run since run ${base.at}), ` +
        `this thread's V8 heap used ${mib(heap.heapUsed)} of ${mib(hs.total_heap_size)} (${perHeap} KiB per run), external ${mib(heap.external)}, ` +
        `contexts ${hs.number_of_native_contexts} (detached ${hs.number_of_detached_contexts}); load ${load()}`,
    );
    return r;
  };
  for await (const r of Worker.runReplayHistories(
    // debugMode is not in ReplayWorkerOptions' type, but the SDK passes it on (constructReplayWorker: `debugMode: true,
    // ...options`): a replay worker runs workflows on this thread unless told otherwise.
    {
      workflowBundle: bundle,
      reuseV8Context: REUSE,
      workflowThreadPoolSize: THREADS,
      replayName: 'eviction-memory',
      ...({ debugMode: DEBUG } as object),
    },
    histories(),
  )) {
    if (r.error) {
      failed += 1;
      if (failed === 1) console.error(`replay failed: ${String(r.error)}`);
    }
    done += 1;
    if (done % EVERY === 0) {
      figure();
      // while the replay worker (and its workflow threads) still runs
      if (flag('probe') && process.env.MEMORY_PROBE_DIR)
        console.log(`  by thread: ${describeProbe(await readProbe(process.env.MEMORY_PROBE_DIR, done, DEBUG ? 1 : THREADS + 1))}`);
      if (SNAPSHOT && DEBUG && (done === EVERY || done === RUNS))
        console.log(
          `  heap snapshot: ${v8.writeHeapSnapshot(join(SNAPSHOT, `eviction-${PRELOAD ? 'shared' : 'plain'}-${done}.heapsnapshot`))}`,
        );
    }
  }
  const end = figure();
  console.log(
    `RESULT ${label}: ${RUNS} evicted runs, RSS ${mib(rss0)} → ${mib(end)}; ` +
      `${((end - base!.rss) / Math.max(1, RUNS - base!.at) / 1024).toFixed(1)} KiB per run after the first ${base!.at}${failed ? `; ${failed} FAILED` : ''}; ` +
      `${((Date.now() - t0) / RUNS).toFixed(1)} ms per replay; load average ${load()}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
