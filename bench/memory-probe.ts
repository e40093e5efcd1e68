/**
 * Measurement only: where a worker process's memory is, by thread. Loaded into the worker with
 * `NODE_OPTIONS="--require <dist>/bench/memory-probe.js --expose-gc"` and `MEMORY_PROBE_DIR=<dir>` (bench/scale.bench.ts
 * does this with `--probe`); Node runs `--require` modules in every worker thread too, so each workflow thread reports
 * its own V8 heap, which `process.memoryUsage()` on the main thread does not see.
 *
 * Protocol: whoever measures writes a number into `<dir>/request`; within a second every thread of the process runs a
 * full GC (when --expose-gc is given) and writes `<dir>/heap-<pid>-<threadId>.json` with that number, its V8 heap
 * statistics before and after the GC, and (main thread) the process's RSS and its smaps rollup. `readProbe` collects them.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import { isMainThread, threadId } from 'node:worker_threads';

export interface ProbeReport {
  request: number;
  pid: number;
  threadId: number;
  before: v8.HeapInfo;
  after: v8.HeapInfo;
  /** main thread only: /proc/self/status VmRSS and /proc/self/smaps_rollup (kB) */
  rssKb?: number;
  rollup?: Record<string, number>;
}

const dir = process.env.MEMORY_PROBE_DIR;
if (dir) {
  let seen = 0;
  const tick = () => {
    const file = join(dir, 'request');
    if (!existsSync(file)) return;
    const request = Number(readFileSync(file, 'utf8'));
    if (!(request > seen)) return;
    seen = request;
    const before = v8.getHeapStatistics();
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) gc();
    const report: ProbeReport = { request, pid: process.pid, threadId, before, after: v8.getHeapStatistics() };
    if (isMainThread) {
      report.rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
      report.rollup = {};
      for (const line of readFileSync('/proc/self/smaps_rollup', 'utf8').split('\n')) {
        const m = /^(\w+):\s+(\d+) kB/.exec(line);
        if (m) report.rollup[m[1]!] = Number(m[2]);
      }
    }
    writeFileSync(join(dir, `heap-${process.pid}-${threadId}.json`), JSON.stringify(report));
  };
  setInterval(tick, 1000).unref();
}

/** Asks every thread of the probed processes for a report and collects them (waits up to `ms`). */
export async function readProbe(probeDir: string, request: number, threads: number, ms = 15_000): Promise<ProbeReport[]> {
  writeFileSync(join(probeDir, 'request'), String(request));
  const until = Date.now() + ms;
  for (;;) {
    const reports = readdirSync(probeDir)
      .filter((f) => f.startsWith('heap-'))
      .map((f) => JSON.parse(readFileSync(join(probeDir, f), 'utf8')) as ProbeReport)
      .filter((r) => r.request === request);
    if (reports.length >= threads || Date.now() > until) return reports;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** One line: RSS, each thread's V8 heap (used after a full GC / committed before it), and what is outside the V8 heaps. */
export function describeProbe(reports: ProbeReport[]): string {
  const mib = (b: number) => (b / 1024 / 1024).toFixed(0);
  const main = reports.find((r) => r.rssKb !== undefined);
  const threads = [...reports].sort((a, b) => a.threadId - b.threadId);
  const committed = threads.reduce((s, r) => s + r.before.total_heap_size, 0);
  const parts = threads.map(
    (r) =>
      `thread ${r.threadId}: used ${mib(r.before.used_heap_size)}→${mib(r.after.used_heap_size)} after GC, committed ${mib(r.before.total_heap_size)}→${mib(r.after.total_heap_size)} MiB, ` +
      `malloced ${mib(r.before.malloced_memory)} MiB, contexts ${r.after.number_of_native_contexts} (detached ${r.after.number_of_detached_contexts})`,
  );
  const rss = main?.rssKb ? main.rssKb * 1024 : 0;
  return (
    `RSS ${mib(rss)} MiB; V8 heaps committed ${mib(committed)} MiB in ${threads.length} thread(s), so ≈ ${mib(rss - committed)} MiB outside them ` +
    `(Rust core, glibc malloc, code); ${parts.join('; ')}` +
    (main?.rollup
      ? `; smaps: Anonymous ${mib(main.rollup.Anonymous * 1024)} MiB, Private_Dirty ${mib(main.rollup.Private_Dirty * 1024)} MiB`
      : '')
  );
}
