/**
 * Preloaded (`node -r`) into the benchmark's child processes by `actions.bench.js --profile <dir>`. The first SIGWINCH
 * (neither Nest's shutdown hooks nor the Temporal runtime listen to it) starts the V8 CPU profiler in every thread of
 * the process (the Temporal worker runs workflow code in worker threads); the second writes
 * `<dir>/<name>-<window>-thread<id>.cpuprofile` per thread (windows 1, 2, 3 = the benchmark's phases). The benchmark
 * sends the signals at the edges of each measured window. Read the files in Chrome DevTools or summarise them with
 * `node dist/bench/profile-summary.js <files…>`. Not loaded otherwise.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { BroadcastChannel, isMainThread, threadId } from 'node:worker_threads';

const dir = process.env.BENCH_PROFILE_DIR;
const name = process.env.BENCH_PROFILE_NAME ?? 'process';
if (dir) {
  const session = new Session();
  session.connect();
  let running = false;
  let windows = 0;
  const toggle = () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 250 }, () => session.post('Profiler.start')),
      );
      return;
    }
    running = false;
    windows += 1;
    session.post('Profiler.stop', (err, res) => {
      if (!err) writeFileSync(join(dir, `${name}-${windows}-thread${threadId}.cpuprofile`), JSON.stringify(res.profile));
    });
  };
  const channel = new BroadcastChannel('bench-profile');
  (channel as unknown as { unref(): void }).unref();
  channel.onmessage = toggle;
  if (isMainThread) {
    process.on('SIGWINCH', () => {
      // to every channel of that name but the sender: this thread's and the worker threads'
      const sender = new BroadcastChannel('bench-profile');
      sender.postMessage('toggle');
      sender.close();
    });
  }
}
