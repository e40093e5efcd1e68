/**
 * The HTTP edge of an action taken through a workflow Update (cases and problem papers alike): the body, the
 * `Idempotency-Key` (the Update id) and `If-Match` (the expected version) are checked here, and the workflow
 * validator's refusal comes back as the domain error it was.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DomainError } from '../../../../libs/domain/src/shared';

export function checkActionRequest(body: unknown, idempotencyKey: string | undefined): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new DomainError('VALIDATION_FAILED', 'body: must be a JSON object', { field: 'body' });
  }
  if (idempotencyKey !== undefined && !/^[A-Za-z0-9._:-]{8,128}$/.test(idempotencyKey)) {
    throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key: 8–128 characters of A–Z a–z 0–9 . _ : -', { field: 'Idempotency-Key' });
  }
  return body as Record<string, unknown>;
}

/** `If-Match: "3"` (or W/"3", or 3) → 3; absent → undefined. */
export function parseIfMatch(ifMatch: string | undefined, what: string): number | undefined {
  if (ifMatch === undefined) return undefined;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim());
  if (!m) throw new DomainError('VALIDATION_FAILED', `If-Match: must be the ${what} version, e.g. "3"`, { field: 'If-Match' });
  return Number(m[1]);
}

/** The workflow validator's refusal comes back as an ApplicationFailure whose type is the domain code. */
export function fromUpdateFailure(err: unknown, what: string): unknown {
  if (err instanceof WorkflowNotFoundError) return new DomainError('CONFLICT', `the ${what} workflow has ended; no more actions are possible`);
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type) {
    const details = (err.cause.details?.[0] ?? {}) as Record<string, unknown>;
    return new DomainError(err.cause.type, err.cause.message, details);
  }
  return err;
}
