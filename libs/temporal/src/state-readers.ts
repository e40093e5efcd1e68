/**
 * The API's reads of a workflow's own state (Temporal queries), in one place: right after a write the API answers from
 * the workflow itself, not from the projection that may not have landed yet (read-your-writes). Everything else reads
 * the projected rows (docs/ARCHITECTURE.md, "Reads and replay").
 */
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { getPaperQuery, getStateQuery, type CaseView, type PaperView } from '@workflows/definitions';

/** The case workflow's current view (workflow id = case number); rejects with WorkflowNotFoundError when there is none. */
export async function readCaseState(client: Client, workflowId: string): Promise<CaseView> {
  return client.workflow.getHandle(workflowId).query(getStateQuery);
}

/** The paper workflow's current view; rejects with WorkflowNotFoundError when there is none. */
export async function readPaperState(client: Client, workflowId: string): Promise<PaperView> {
  return client.workflow.getHandle(workflowId).query(getPaperQuery);
}

/** A read whose workflow may be gone: null instead of WorkflowNotFoundError; any other error passes. */
export async function orNullIfNoWorkflow<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}
