/**
 * The workflow code a worker runs: the bundle made once at build time (scripts/bundle-workflows.ts) when it is there
 * and newer than the compiled workflow code, else the worker bundles at start as before (a development checkout
 * rebuilt with tsc alone). WORKFLOW_BUNDLE names a bundle that must exist (production images).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** dist/workflow-bundle.js (this file compiles to dist/apps/worker/src/). */
export const DEFAULT_WORKFLOW_BUNDLE = resolve(__dirname, '..', '..', '..', 'workflow-bundle.js');
const DIST = resolve(__dirname, '..', '..', '..');

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (e.name.endsWith('.js')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Pure domain modules the workflows import (no `@temporalio/*`, no module-level mutable state), evaluated once per
 * workflow thread and shared by every workflow in it (`bundlerOptions.preloadModules`, reuseV8Context), instead of
 * once per workflow run: with reuseV8Context (the SDK's default) every other module of the bundle is evaluated anew
 * for each cached workflow and for each replay. The SDK deep-freezes what they export, so workflow code must not
 * mutate a domain export (the replay and workflow tests run with this list). Measured with bench/replay.bench.ts and
 * bench/scale.bench.ts (README "Benchmarks").
 */
export const WORKFLOW_PRELOAD_MODULES: string[] = [
  'calendar',
  'case',
  'case/lifecycle',
  'case/reminders',
  'documents/record',
  'lead',
  'notifications/procedural',
  'paper',
  'policy',
  'shared',
].map((m) => require.resolve(`../../../libs/domain/src/${m}`));

export type WorkflowCodeSource = { workflowBundle: { codePath: string } } | { workflowsPath: string; reason: string };

export function workflowCodeSource(env: Record<string, string | undefined> = process.env): WorkflowCodeSource {
  const explicit = env.WORKFLOW_BUNDLE;
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`WORKFLOW_BUNDLE names a file that does not exist: ${explicit}`);
    return { workflowBundle: { codePath: explicit } };
  }
  const workflowsPath = require.resolve('../../../workflows');
  if (!existsSync(DEFAULT_WORKFLOW_BUNDLE)) return { workflowsPath, reason: 'no prebuilt bundle' };
  // The code a workflow may import: workflows/ and the pure libs (domain). A bundle older than any of it is stale.
  const sources = Math.max(newestMtime(join(DIST, 'workflows')), newestMtime(join(DIST, 'libs', 'domain')));
  if (statSync(DEFAULT_WORKFLOW_BUNDLE).mtimeMs < sources)
    return { workflowsPath, reason: 'prebuilt bundle older than the compiled workflow code' };
  return { workflowBundle: { codePath: DEFAULT_WORKFLOW_BUNDLE } };
}
