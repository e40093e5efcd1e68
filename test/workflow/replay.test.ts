/**
 * Determinism guard: every saved history under test/histories replays against the current workflow code. A change
 * that would break running cases (months-long workflows outlive releases) fails here; put it behind `patched()`.
 * Regenerate the histories with `UPDATE_HISTORIES=1 scripts/test dist/test/workflow/case.workflow.test.js` (it rewrites the five
 * unprefixed ones; rename them first if they are the only record of a release), and keep
 * old ones: they are the histories of cases that may still be running.
 */
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { expect } from 'expect';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { quietTemporalRuntime, quietLogger } from '../support/app';
import { ROOT } from '../support/servers';
import { WORKFLOW_PRELOAD_MODULES } from '@apps/worker/src/workflow-bundle';

describe('saved case histories replay on the current workflow code', () => {
  it('replays every history in test/histories without non-determinism', async () => {
    quietTemporalRuntime();
    const dir = join(ROOT, 'test', 'histories');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      preloadModules: WORKFLOW_PRELOAD_MODULES,
      logger: quietLogger,
    });
    const histories = files.map((f) => ({
      workflowId: f.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(readFileSync(join(dir, f), 'utf8'))),
    }));
    const results: Array<{ workflowId: string; error?: unknown }> = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle }, histories)) results.push(r);
    expect(results.map((r) => ({ id: r.workflowId, error: r.error ? String(r.error) : undefined }))).toEqual(
      files.map((f) => ({ id: f.replace(/\.json$/, ''), error: undefined })),
    );
  });
});
