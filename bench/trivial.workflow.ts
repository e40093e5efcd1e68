/**
 * The baseline of bench/actions.bench.ts: a workflow whose Update handler does nothing but count, so an Update costs
 * only what Temporal itself costs (accept, workflow task, complete). Bundled on its own by the benchmark's bare worker.
 */
import { allHandlersFinished, condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

export const noopUpdate = defineUpdate<number, [number]>('noop');
export const stopSignal = defineSignal('stop');

export async function trivialWorkflow(): Promise<number> {
  let updates = 0;
  let stopped = false;
  setHandler(noopUpdate, () => {
    updates += 1;
    return updates;
  });
  setHandler(stopSignal, () => {
    stopped = true;
  });
  await condition(() => stopped);
  await condition(allHandlersFinished);
  return updates;
}
