/**
 * Replay cost of one long case history (issue 21 point 1: "replay of a two-year history under 100 ms"). A benchmark,
 * not a timed test: it prints figures (lines starting with RESULT).
 *
 * Build and run:  npm run build:ts && node dist/bench/replay.bench.js [history.json] [--batch N]
 *   history.json  a history saved as JSON (BENCH_SAVE_HISTORY of bench/scale.bench.ts keeps the two-year one);
 *                 default: the longest of test/histories/
 *   --batch N     replays per batch (default 30)
 *   --anatomy     also where a warm replay's time goes: the workflow code runs on this thread in a replay worker (the SDK's debugMode), the
 *                 calls into the sandbox (`vm.Script#runInContext`) counted and timed, once as the SDK makes them (each
 *                 under a V8 watchdog thread: `isolateExecutionTimeout`) and once without the watchdog (measurement
 *                 only: the product keeps the SDK's timeout)
 *
 * For each bundle (the workflow code as the worker runs it, i.e. with the modules shared across workflows
 * (`WORKFLOW_PRELOAD_MODULES`), and without them, as before) it measures:
 *   - cold: a fresh replay worker per history (the bundle loaded and the sandbox created each time), 3 times;
 *   - warm: N replays of the same history by one replay worker (each replay is a new workflow run in the warm
 *     sandbox: what a worker pays when a case evicted from its cache gets a task), wall and CPU of this process
 *     (the workflow code runs on this thread with reuseV8Context, sdk-core on its own threads).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { performance } from 'node:perf_hooks';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { WORKFLOW_PRELOAD_MODULES } from '@apps/worker/src/workflow-bundle';
import { quietLogger, ROOT } from '@test/support/servers';

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number`);
  return Math.round(v);
}

/** Calls into the sandbox during warm replays on this thread: how many, how long, and what the watchdog adds. */
async function anatomy(bundle: { code: string }, history: ReturnType<typeof historyFromJSON>, N: number, label: string): Promise<void> {
  const original = vm.Script.prototype.runInContext;
  for (const watchdog of [true, false]) {
    let calls = 0;
    let inside = 0;
    vm.Script.prototype.runInContext = function (this: vm.Script, context: vm.Context, options?: vm.RunningScriptOptions) {
      calls += 1;
      const t0 = performance.now();
      try {
        return original.call(this, context, watchdog || !options ? options : { ...options, timeout: undefined });
      } finally {
        inside += performance.now() - t0;
      }
    };
    try {
      // one replay first: the sandbox created and the bundle evaluated, not counted
      await Worker.runReplayHistory({ workflowBundle: bundle }, history, 'anatomy-warm-up');
      calls = 0;
      inside = 0;
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      let failed = 0;
      for await (const r of Worker.runReplayHistories(
        { workflowBundle: bundle },
        Array.from({ length: N }, (_, i) => ({ workflowId: `anatomy-${i}`, history })),
      )) {
        if (r.error) failed += 1;
      }
      const each = (performance.now() - t0) / N;
      const cpu = process.cpuUsage(cpu0);
      console.log(
        `RESULT ${label}, workflow code on this thread, ${watchdog ? 'with the V8 watchdog (as the SDK runs)' : 'WITHOUT the watchdog (measurement only)'}: ${each.toFixed(1)} ms per history ` +
          `(CPU ${((cpu.user + cpu.system) / 1000 / N).toFixed(1)} ms); ${(calls / N).toFixed(0)} calls into the sandbox per replay, ${(inside / N).toFixed(1)} ms inside them ` +
          `(${((inside / calls) * 1000).toFixed(0)} µs per call)${failed ? `, ${failed} FAILED` : ''}; load average ${load()}`,
      );
    } finally {
      vm.Script.prototype.runInContext = original;
    }
  }
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const N = option('batch', 30);
  const file = process.argv.slice(2).find((a, i, all) => a.endsWith('.json') && all[i - 1] !== '--batch');
  const source = file
    ? { f: file, h: historyFromJSON(JSON.parse(readFileSync(file, 'utf8'))) }
    : readdirSync(join(ROOT, 'test', 'histories'))
        .map((f) => ({ f, h: historyFromJSON(JSON.parse(readFileSync(join(ROOT, 'test', 'histories', f), 'utf8'))) }))
        .sort((a, b) => b.h.events!.length - a.h.events!.length)[0]!;
  const history = source.h;
  console.log(`Replay of ${source.f}: ${history.events!.length} events; load average ${load()}`);
  const variants = [
    { label: `with ${WORKFLOW_PRELOAD_MODULES.length} modules preloaded (as the worker runs)`, preloadModules: WORKFLOW_PRELOAD_MODULES },
    { label: 'without preloaded modules (before)', preloadModules: [] as string[] },
  ];
  for (const v of variants) {
    const t = performance.now();
    const bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('../workflows'),
      logger: quietLogger,
      preloadModules: v.preloadModules,
    });
    const bundleMs = performance.now() - t;
    const cold: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await Worker.runReplayHistory({ workflowBundle: bundle }, history, `replay-cold-${i}`);
      cold.push(performance.now() - t0);
    }
    const runs: number[] = [];
    for (let round = 0; round < 2; round++) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      let failed = 0;
      for await (const r of Worker.runReplayHistories(
        { workflowBundle: bundle },
        Array.from({ length: N }, (_, i) => ({ workflowId: `replay-${round}-${i}`, history })),
      )) {
        if (r.error) {
          failed += 1;
          if (failed === 1) console.error(r.error);
        }
      }
      const each = (performance.now() - t0) / N;
      const cpu = process.cpuUsage(cpu0);
      runs.push(each);
      console.log(
        `RESULT ${v.label}: batch ${round + 1}, ${each.toFixed(1)} ms per history (CPU ${((cpu.user + cpu.system) / 1000 / N).toFixed(1)} ms) in a batch of ${N}${failed ? `, ${failed} FAILED` : ''}; load average ${load()}`,
      );
    }
    if (process.argv.includes('--anatomy')) await anatomy(bundle, history, N, v.label);
    console.log(
      `RESULT ${v.label}: fresh replay worker each time ${cold.map((x) => x.toFixed(0)).join(' / ')} ms (bundling ${bundleMs.toFixed(0)} ms, not counted); goal < 100 ms per warm replay: ${Math.min(...runs) < 100 ? 'met' : 'NOT met'}`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
