/**
 * SerialUpdates (workflows/support/serial-updates.ts), the one-at-a-time rule of a lead's and a paper's actions, on the
 * dev server: three Updates sent one after the other while the first one waits. Queued (runs since `patched('serial-updates-queue')`)
 * they run one after the other in the order they came; the busy
 * flag kept for older histories lets the second and third start together once the first is done, which is the defect
 * the queue mends.
 */
import { WorkflowUpdateStage } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { expect } from 'expect';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { quietLogger, quietTemporalRuntime } from '../support/app';
import { startTemporalDevServer } from '../support/servers';
import { doneSignal, serialUpdatesWorkflow, stepUpdate } from './fixtures/serial-updates.workflow';

describe('SerialUpdates: one action at a time, in the order they came (dev server)', { timeout: 180_000 }, () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `serial-${randomUUID()}`;

  before(async () => {
    quietTemporalRuntime();
    env = await startTemporalDevServer();
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflowCode({
        workflowsPath: require.resolve('./fixtures/serial-updates.workflow'),
        logger: quietLogger,
      }),
    });
    running = worker.run();
  });
  after(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  /** Starts the workflow and sends three steps while the first one waits (1.5 s); their answers. */
  const threeAtOnce = async (queued: boolean) => {
    const handle = await env.client.workflow.start(serialUpdatesWorkflow, {
      args: [{ queued }],
      taskQueue,
      workflowId: `serial-${randomUUID()}`,
    });
    // One after the other: each is accepted (its handler called) before the next is sent, so they came in this order.
    const sent = [];
    for (const n of [1, 2, 3]) {
      const args: [{ n: number; ms: number }] = [{ n, ms: n === 1 ? 1500 : 300 }];
      sent.push(await handle.startUpdate(stepUpdate, { args, updateId: `step-${n}`, waitForStage: WorkflowUpdateStage.ACCEPTED }));
    }
    const answers = await Promise.all(sent.map((u) => u.result()));
    return { handle, answers };
  };

  it('queued: the second and third start only when the one before has ended, in the order they came', async () => {
    const { handle, answers } = await threeAtOnce(true);
    const first = answers[0]!;
    expect(first).toEqual(['start 1', 'end 1']);
    // Each answer is the log as its own step ended: every step started after the one before it ended.
    await handle.signal(doneSignal);
    const log = await handle.result();
    expect(log.length).toBe(6);
    for (let i = 0; i < log.length; i += 2) expect(log[i + 1]).toBe(log[i]!.replace('start', 'end'));
    expect(log.filter((l) => l.startsWith('start'))).toEqual(['start 1', 'start 2', 'start 3']);
    // Each answer is the log as that step ended, in the order they came.
    expect(answers[1]).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
    expect(answers[2]).toEqual(log);
  });

  it('the busy flag of older histories lets the waiting ones start together (why runs from now on are queued)', async () => {
    const { handle } = await threeAtOnce(false);
    await handle.signal(doneSignal);
    const log = await handle.result();
    expect(log.slice(0, 2)).toEqual(['start 1', 'end 1']);
    // Both waiters were unblocked in the same pass of the conditions: the third started before the second ended.
    expect(log.slice(2, 4).every((l) => l.startsWith('start'))).toBe(true);
  });
});
