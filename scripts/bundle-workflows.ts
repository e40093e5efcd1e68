/**
 * Bundles the workflow code once, at build time (scripts/setup, the Docker image), into dist/workflow-bundle.js:
 * every worker start loads it (apps/worker/src/workflow-bundle.ts) instead of running webpack itself (seconds of CPU
 * per start, per instance).   node dist/scripts/bundle-workflows.js [output path]
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { DEFAULT_WORKFLOW_BUNDLE, WORKFLOW_PRELOAD_MODULES } from '@apps/worker/src/workflow-bundle';

async function main(): Promise<void> {
  const out = process.argv[2] ?? DEFAULT_WORKFLOW_BUNDLE;
  const started = Date.now();
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    preloadModules: WORKFLOW_PRELOAD_MODULES,
    logger: {
      log: () => undefined,
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: (m) => console.error(m),
      error: (m) => console.error(m),
    },
  });
  writeFileSync(out, code);
  console.error(`[bundle-workflows] ${out}: ${(code.length / 1e6).toFixed(1)} MB in ${Date.now() - started} ms`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
