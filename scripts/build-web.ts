/**
 * Builds the browser front-ends under web/ into dist/public/<app>/ with esbuild (run by scripts/setup after tsc, and by
 * `npm run build`; `npm run build:web` alone once dist/scripts exists). Each app is one folder under web/ with its own
 * tsconfig.json (browser lib, type-checked by `npm run typecheck:web`) and its own block in eslint.config.mjs.
 *
 *   node dist/scripts/build-web.js            build every app, print sizes and time
 *   node dist/scripts/build-web.js --analyze  also print which source files make up each bundle
 *
 * The supervision dashboard (web/dashboard): src/main.ts → app.js (one IIFE, minified), src/app.css → app.css, and
 * index.html copied as it is; the API serves the three at /dashboard (apps/api/src/supervision/dashboard/).
 * esbuild's output is deterministic: test/e2e/dashboard-bundle.test.ts builds again in memory and compares with what
 * the API serves.
 *
 * The officers' workbench (web/workbench, React + Ant Design): built by Vite (web/workbench/vite.config.mjs) into
 * dist/public/app/, which the API serves at /app (apps/api/src/workbench/). A few seconds, so skipped when nothing it is
 * built from changed (its sources, the generated client, package-lock.json): the hash sits in dist/public/app/.source-hash.
 *   node dist/scripts/build-web.js --force    build the workbench even when its sources did not change
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { analyzeMetafile, build, type Metafile } from 'esbuild';

/** The repository (this file runs as dist/scripts/build-web.js). */
export const ROOT = resolve(__dirname, '../..');
/** Where the built front-ends go: dist/public/<app>/. */
export const WEB_DIST = join(ROOT, 'dist', 'public');

/**
 * Browsers the bundles are lowered to **[decision]**: Chromium 87 covers the Chromium cores of the domestic browsers
 * offices use (360, QQ, Sogou in their current versions), beside Edge, Firefox ESR 78 and Safari 15 (14 mis-handles destructuring in for-of, which esbuild cannot lower).
 */
export const BROWSER_TARGETS = ['chrome87', 'edge88', 'firefox78', 'safari15'];

export interface BuiltApp {
  name: string;
  /** File name in dist/public/<name>/ → contents. */
  files: Map<string, Uint8Array>;
  metafile: Metafile;
}

/** The supervision dashboard, built in memory. */
export async function buildDashboard(): Promise<BuiltApp> {
  const dir = join(ROOT, 'web', 'dashboard');
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [
      { in: join(dir, 'src', 'main.ts'), out: 'app' },
      { in: join(dir, 'src', 'app.css'), out: 'app' },
    ],
    outdir: join(WEB_DIST, 'dashboard'),
    tsconfig: join(dir, 'tsconfig.json'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: BROWSER_TARGETS,
    minify: true,
    charset: 'utf8', // Chinese text as it is, not \u escapes (the API sends charset=utf-8)
    legalComments: 'none',
    sourcemap: false,
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  if (result.warnings.length > 0) {
    throw new Error(
      `esbuild warnings in web/dashboard:\n${result.warnings.map((w) => `${w.location?.file ?? ''}:${w.location?.line ?? ''} ${w.text}`).join('\n')}`,
    );
  }
  const files = new Map<string, Uint8Array>();
  for (const f of result.outputFiles) files.set(relative(join(WEB_DIST, 'dashboard'), f.path), f.contents);
  files.set('index.html', readFileSync(join(dir, 'index.html')));
  return { name: 'dashboard', files, metafile: result.metafile };
}

/** Every front-end under web/ (a second app adds its builder here). */
export const WEB_APPS: ReadonlyArray<() => Promise<BuiltApp>> = [buildDashboard];

export function writeApp(app: BuiltApp): string {
  const out = join(WEB_DIST, app.name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const [name, contents] of app.files) writeFileSync(join(out, name), contents);
  return out;
}

/** Where Vite puts the workbench (web/workbench/vite.config.mjs): dist/public/app/. */
export const WORKBENCH_DIST = join(WEB_DIST, 'app');
const WORKBENCH_HASH = join(WORKBENCH_DIST, '.source-hash');

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

/** A hash of what the workbench is built from: its folder, the generated client, the pinned packages. */
export function workbenchSourceHash(): string {
  const hash = createHash('sha256');
  const inputs = [
    ...filesUnder(join(ROOT, 'web', 'workbench')),
    join(ROOT, 'web', 'tsconfig.base.json'),
    ...filesUnder(join(ROOT, 'clients', 'typescript')),
    join(ROOT, 'package-lock.json'),
  ];
  for (const file of inputs) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/** Builds the workbench with Vite unless dist/public/app/ already holds the build of the same sources. */
export function buildWorkbench(force = false): {
  skipped: boolean;
  ms: number;
  files: Array<{ name: string; bytes: number; gzip: number }>;
} {
  const started = process.hrtime.bigint();
  const sourceHash = workbenchSourceHash();
  const upToDate =
    !force &&
    existsSync(join(WORKBENCH_DIST, 'index.html')) &&
    existsSync(WORKBENCH_HASH) &&
    readFileSync(WORKBENCH_HASH, 'utf8') === sourceHash;
  if (!upToDate) {
    const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
    const run = spawnSync(process.execPath, [vite, 'build', '--config', join(ROOT, 'web', 'workbench', 'vite.config.mjs')], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (run.status !== 0) throw new Error(`vite build of web/workbench failed (exit ${run.status ?? run.signal})`);
    writeFileSync(WORKBENCH_HASH, sourceHash);
  }
  const files = filesUnder(WORKBENCH_DIST)
    .filter((f) => f !== WORKBENCH_HASH)
    .map((f) => {
      const c = readFileSync(f);
      return { name: relative(WORKBENCH_DIST, f), bytes: c.byteLength, gzip: gzipSync(c).byteLength };
    });
  return { skipped: upToDate, ms: Number(process.hrtime.bigint() - started) / 1e6, files };
}

/**
 * What the browser fetches for each route of the workbench, from Vite's manifest (dist/public/app/.vite/manifest.json):
 * the first page (index.html's module script and its static imports, what the sign-in page runs), then each lazily
 * loaded page's chunks that the first page did not already bring. Bytes as built and gzip-compressed.
 */
export function workbenchRouteSizes(): Array<{ route: string; files: string[]; bytes: number; gzip: number }> {
  const manifestFile = join(WORKBENCH_DIST, '.vite', 'manifest.json');
  if (!existsSync(manifestFile)) return [];
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<
    string,
    { file: string; isEntry?: boolean; isDynamicEntry?: boolean; imports?: string[]; name?: string }
  >;
  const closure = (key: string, into: Set<string>): Set<string> => {
    if (into.has(key)) return into;
    into.add(key);
    for (const k of manifest[key]?.imports ?? []) closure(k, into);
    return into;
  };
  const size = (keys: Iterable<string>) => {
    const files = [...keys].map((k) => manifest[k]!.file);
    let bytes = 0;
    let gzip = 0;
    for (const f of files) {
      const c = readFileSync(join(WORKBENCH_DIST, f));
      bytes += c.byteLength;
      gzip += gzipSync(c).byteLength;
    }
    return { files, bytes, gzip };
  };
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (!entry) return [];
  const first = closure(entry, new Set());
  const out = [{ route: 'first page (sign-in)', ...size(first) }];
  for (const k of Object.keys(manifest).filter((key) => manifest[key]!.isDynamicEntry)) {
    out.push({ route: `+ ${manifest[k]!.name ?? k}`, ...size([...closure(k, new Set())].filter((x) => !first.has(x))) });
  }
  return out;
}

async function main(): Promise<void> {
  const analyze = process.argv.includes('--analyze');
  const wb = buildWorkbench(process.argv.includes('--force'));
  const sizes = wb.files.filter((f) => !f.name.startsWith('.vite')).map((f) => `${f.name} ${f.bytes} B (gzip ${f.gzip} B)`);
  console.log(
    `[build-web] workbench → ${relative(ROOT, WORKBENCH_DIST)}/ ${wb.skipped ? 'up to date' : 'built'} in ${wb.ms.toFixed(0)} ms: ${sizes.join(', ')}`,
  );
  for (const r of workbenchRouteSizes())
    console.log(`[build-web] workbench ${r.route}: ${r.bytes} B (gzip ${r.gzip} B) in ${r.files.length} file(s)`);
  for (const builder of WEB_APPS) {
    const started = process.hrtime.bigint();
    const app = await builder();
    const out = writeApp(app);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const sizes = [...app.files].map(([name, c]) => `${name} ${c.byteLength} B (gzip ${gzipSync(c).byteLength} B)`);
    console.log(`[build-web] ${app.name} → ${relative(ROOT, out)}/ in ${ms.toFixed(0)} ms: ${sizes.join(', ')}`);
    if (analyze) console.log(await analyzeMetafile(app.metafile, { color: false }));
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
