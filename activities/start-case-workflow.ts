import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { loadCaseRunMaxEvents } from '@libs/config/src/config';
import type { Queryable } from '@libs/persistence/src/queryable';
import { loadCalendarYears } from '@libs/persistence/src/case-numbers';
import { caseWorkflow } from '@workflows/case.workflow';
import type { CaseWorkflowInput } from '@workflows/definitions';

/**
 * Starts the workflow of a case an activity opened (a transferred case, a lead's case) on the worker's own task queue,
 * under the case number, with the working-day calendar as stored now. Idempotent: a workflow already started under that
 * number (a retried activity) is left as it runs.
 */
export async function startCaseWorkflow(db: Queryable, input: Omit<CaseWorkflowInput, 'calendar' | 'runMaxEvents'>): Promise<void> {
  const ctx = Context.current();
  try {
    await ctx.client.workflow.start(caseWorkflow, {
      workflowId: input.number,
      taskQueue: ctx.info.taskQueue,
      // The run's length limit (issue 21) from the worker's environment, checked when the worker started (loadConfig).
      args: [{ ...input, calendar: await loadCalendarYears(db), runMaxEvents: loadCaseRunMaxEvents() }],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
