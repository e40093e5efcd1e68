/**
 * Summarises V8 .cpuprofile files (from `actions.bench.js --profile <dir>`): total sampled time, the functions with
 * the most self time, and self time by package or source file. Usage: node dist/bench/profile-summary.js <files…> [--top 40]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function where(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return url;
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + 6);
  return url || '(native/vm)';
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 40;
const files = args.filter((a, i) => !a.startsWith('--') && (topAt < 0 || i !== topAt + 1));
for (const file of files) {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()].filter(([id]) =>
    ['(idle)', '(program)', '(garbage collector)'].includes(byId.get(id)!.callFrame.functionName),
  );
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const f = `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    fn.set(f, (fn.get(f) ?? 0) + us);
    const k = n.callFrame.url ? where(n.callFrame.url) : n.callFrame.functionName;
    pkg.set(k, (pkg.get(k) ?? 0) + us);
  }
  // inclusive: each sample counts once for every distinct function on its stack
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const incl = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at)!;
      if (!n.callFrame.url) continue;
      seen.add(key(n));
    }
    for (const k of seen) incl.set(k, (incl.get(k) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const ms = (us: number) => (us / 1000).toFixed(0).padStart(7);
  const pc = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  console.log(
    `\n${file}: ${ms(total)} ms sampled; ${idle.map(([id, us]) => `${byId.get(id)!.callFrame.functionName} ${ms(us).trim()} ms`).join(', ')}`,
  );
  console.log('  self time by package / file:');
  for (const [k, us] of [...pkg].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${ms(us)} ms ${pc(us)}  ${k}`);
  console.log('  self time by function:');
  for (const [k, us] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${ms(us)} ms ${pc(us)}  ${k}`);
  console.log('  inclusive time by function (project code and the SDKs only):');
  const interesting = (k: string) => !/ (node:|express|body-parser|router|rxjs|reflect-metadata)/.test(k);
  for (const [k, us] of [...incl]
    .filter(([k]) => interesting(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top))
    console.log(`  ${ms(us)} ms ${pc(us)}  ${k}`);
}
