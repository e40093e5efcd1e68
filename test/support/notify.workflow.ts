/**
 * A one-activity workflow for the notification tests: runs `notify` under a retry policy the test chooses, so the
 * activity's retries are Temporal's own (attempt numbers, backoff, last attempt) and not simulated.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { NotificationActivities, NotifyInput, NotifyResult } from '@activities/case-activities.interface';

export async function notifyWorkflow(
  input: NotifyInput,
  retry: { maximumAttempts: number; initialIntervalMs: number },
): Promise<NotifyResult> {
  const { notify } = proxyActivities<NotificationActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: retry.initialIntervalMs, backoffCoefficient: 1.5, maximumAttempts: retry.maximumAttempts },
  });
  return notify(input);
}
