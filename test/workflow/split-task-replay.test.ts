/**
 * Determinism under a split workflow task. Under load the worker (SDK 1.24) can complete a task with a local activity's
 * marker and hand the activity's result to the workflow code in the next task; replaying, the result comes in the
 * earlier task. Seen in the fault test: the case's first task split after its first projection, the code then asked
 * `patched('deadline-reminders')` before the next task's markers were known, and the restarted worker failed the case
 * with "[TMPRL1100] Nondeterminism error: Non-deprecated patch marker encountered for change deadline-reminders".
 *
 * Every saved history recorded since `patched('decide-before-projection')` is split in turn after each local-activity
 * marker the SDK could split at, and each variant must replay. Histories from before that patch read their patches
 * after the result, as they were recorded: split at their first projection they fail exactly as the fault test did,
 * which shows that the split reproduces the real failure (and that this test fails when a workflow reads a task-
 * dependent value right after a local activity).
 */
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { expect } from 'expect';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { quietLogger, quietTemporalRuntime } from '../support/app';
import { ROOT } from '../support/servers';
import { splitPoints, splitTaskAfter, type JsonHistory } from '../support/split-task';
import { WORKFLOW_PRELOAD_MODULES } from '@apps/worker/src/workflow-bundle';

const DIR = join(ROOT, 'test', 'histories');

function patchesOf(h: JsonHistory): string[] {
  return h.events.flatMap((e) => {
    const m = e.markerRecordedEventAttributes as
      { markerName?: string; details?: Record<string, { payloads: Array<{ data: string }> }> } | undefined;
    if (m?.markerName !== 'core_patch') return [];
    const data = m.details?.['patch-data']?.payloads[0]?.data;
    return data ? [(JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as { id: string }).id] : [];
  });
}

const load = (f: string): JsonHistory => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as JsonHistory;

async function replay(variants: Array<{ workflowId: string; json: JsonHistory }>): Promise<Array<{ id: string; error?: string }>> {
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    preloadModules: WORKFLOW_PRELOAD_MODULES,
    logger: quietLogger,
  });
  const out: Array<{ id: string; error?: string }> = [];
  const histories = variants.map((v) => ({ workflowId: v.workflowId, history: historyFromJSON(v.json) }));
  for await (const r of Worker.runReplayHistories({ workflowBundle }, histories))
    out.push({ id: r.workflowId, ...(r.error ? { error: String(r.error) } : {}) });
  return out;
}

describe('saved histories replay when a workflow task is split after a local activity', () => {
  quietTemporalRuntime();
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
  // Paper workflows since patched('paper-every-wait-told') decide everything before their projection without asking
  // the older patch.
  const current = files.filter((f) => ['decide-before-projection', 'paper-every-wait-told'].some((p) => patchesOf(load(f)).includes(p)));

  it('every split of every history recorded since decide-before-projection replays', async () => {
    // Both workflows are covered: the five case histories of case.workflow.test, the paper chains of papers.test and the
    // case of the paper revised after a return (paperResult signals, revise_decision).
    expect(current).toEqual(
      expect.arrayContaining([
        'henan-suspension.json',
        'national-acceptance-overdue.json',
        'national-full-to-window-closed.json',
        'national-investigation-extension.json',
        'national-review-overdue.json',
        'paper-returned-resubmitted-approved.json',
        'paper-revised-withdrawn-approved.json',
        'paper-case-revised.json',
      ]),
    );
    const variants = current.flatMap((f) => {
      const json = load(f);
      return splitPoints(json).map((p) => ({ workflowId: `${f}@event${p + 1}`, json: splitTaskAfter(json, p) }));
    });
    // Each history has a local activity per action: many places to split, the first projection among them.
    expect(variants.length).toBeGreaterThanOrEqual(40);
    const results = await replay(variants);
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(results).toHaveLength(variants.length);
  });

  it('a history from before, split at its first projection, fails as the fault test did (the split is the real one)', async () => {
    const old = load('before-decide-first-national-acceptance-overdue.json');
    expect(patchesOf(old)).not.toContain('decide-before-projection');
    const first = splitPoints(old)[0]!;
    const [whole, split] = await replay([
      { workflowId: 'whole', json: old },
      { workflowId: 'split', json: splitTaskAfter(old, first) },
    ]);
    expect(whole).toEqual({ id: 'whole' });
    expect(split!.error).toContain('Non-deprecated patch marker encountered for change deadline-reminders');
  });

  it('the paper history from before, split where its notice was decided, fails the same way', async () => {
    const old = load('paper-before-decide-first.json');
    const variants = splitPoints(old).map((p) => ({ workflowId: `event${p + 1}`, json: splitTaskAfter(old, p) }));
    const failed = (await replay(variants)).filter((r) => r.error);
    expect(failed.map((r) => r.error)).toEqual([
      expect.stringContaining('Non-deprecated patch marker encountered for change paper-notices'),
    ]);
  });
});
