/** For the cluster-restart fault test: a timer due at a given instant, then one activity call that counts it. */
import { proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';

const { timerFired } = proxyActivities<{ timerFired(workflowId: string): Promise<void> }>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 seconds' },
});

export async function timerWorkflow(fireAt: number): Promise<number> {
  await sleep(Math.max(1, fireAt - Date.now()));
  await timerFired(workflowInfo().workflowId);
  return Date.now();
}
