import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

/** Projections to PostgreSQL: idempotent, retried until they succeed. */
export const PROJECTION: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
};

/**
 * The same projection as a local activity: it runs inside the workflow task that produced the change (one workflow task
 * and a marker per action instead of two tasks and three activity events). Idempotent, so a retry on replay or after
 * a worker crash writes nothing twice.
 */
export const LOCAL_PROJECTION: LocalActivityOptions = { ...PROJECTION, localRetryThreshold: '10 seconds' };

/** Activities that open or move a case for another workflow (a paper, a lead). */
export const CASE_OPENING: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
};

/**
 * Mails: the activity records each failure in the outbox and, on the last attempt, returns instead of throwing: a mail
 * outage delays the workflow by about two minutes at most and never fails it.
 */
export const NOTIFICATION: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 4 },
};
