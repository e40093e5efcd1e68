import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

/**
 * Every event of a workflow across its runs, oldest run first: a case continues as new every CASE_RUN_MAX_EVENTS events
 * (issue 21), and `getHandle(id).fetchHistory()` reads the latest run only, so a check that counts what happened to a
 * case (accepted Updates, fired timers) reads them all.
 */
export async function fetchAllRuns(
  client: Client,
  workflowId: string,
): Promise<{ events: temporal.api.history.v1.IHistoryEvent[]; runs: temporal.api.history.v1.IHistory[] }> {
  const described = await client.workflow.getHandle(workflowId).describe();
  const runs: temporal.api.history.v1.IHistory[] = [];
  let runId: string | undefined = described.raw.workflowExecutionInfo?.firstRunId ?? undefined;
  for (let n = 0; runId; n++) {
    if (n > 10_000) throw new Error(`${workflowId}: more than 10,000 runs`);
    const h = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.push(h);
    runId = h.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return { events: runs.flatMap((h) => h.events ?? []), runs };
}
