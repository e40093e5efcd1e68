import { ApplicationFailure } from '@temporalio/workflow';
import { DomainError } from '@libs/domain/src/shared';

/** Domain refusals become ApplicationFailures the client can read; anything else is a bug and fails the task. */
export function toFailure(err: unknown): unknown {
  if (err instanceof DomainError) {
    return ApplicationFailure.create({ type: err.code, message: err.message, details: [err.details], nonRetryable: true });
  }
  return err;
}

/** Runs a reducer call, turning its domain refusal into the failure an Update answers with. */
export function refusing<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    throw toFailure(err);
  }
}
