/**
 * Is this error a dependency being down (not a bug, not bad input)? PostgreSQL unreachable, restarting or out of
 * connections, the pool giving up waiting, Temporal's frontend or a history host unreachable or not answering in
 * time, or Temporal refusing for now: its rate limits (RESOURCE_EXHAUSTED), or a case workflow whose task has failed
 * its last attempts (the server refuses Updates and queries with "Workflow Task in failed state" while the task is
 * retried: a worker overloaded past the task timeout, or a worker that cannot run the task). Such a request answers 503
 * with `Retry-After` (domain-error.filter.ts): the client retries, with the same Idempotency-Key for an action, and
 * nothing is applied twice.
 */
import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';

export interface Unavailable {
  /** `workflow`: this case's (or paper's, lead's) workflow, not Temporal as a whole. */
  what: 'database' | 'temporal' | 'workflow';
  retryAfterSeconds: number;
}

/** Seconds a client is told to wait: PostgreSQL restarts or fails over in seconds; a Temporal host's shards move within ~10 s. */
export const RETRY_AFTER_SECONDS = { database: 5, temporal: 5, workflow: 5 } as const;

/** Node's socket errors: nothing listens, the connection broke, or it timed out. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** PostgreSQL SQLSTATEs of a server going away or not taking connections: class 08 (connection exception), 57P01–57P03 (shutdown, cannot connect now), 53300 (too many connections). */
const PG_UNAVAILABLE = /^(08\d{3}|57P0[1-3]|53300)$/;
/** Messages of node-postgres and its pool when the server is gone or the pool waited in vain. */
const PG_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated due to connection timeout/i;
/** gRPC status codes: 14 UNAVAILABLE, 4 DEADLINE_EXCEEDED, 8 RESOURCE_EXHAUSTED (a rate limit of the server). */
const GRPC_UNAVAILABLE = new Set([4, 8, 14]);
/** gRPC 9 FAILED_PRECONDITION, the server's WorkflowNotReady: an Update or a query refused while the workflow's task is
 *  failing and retried (temporalio/temporal service/history/api/updateworkflow, queryworkflow; from the 3rd attempt). */
const GRPC_FAILED_PRECONDITION = 9;
const TASK_FAILING = /Workflow Task in failed state/i;

function causes(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (
    let e = err, depth = 0;
    e && depth < 6;
    e = (e as { cause?: unknown; driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause, depth++
  ) {
    chain.push(e);
  }
  return chain;
}

export function serviceUnavailable(err: unknown): Unavailable | null {
  for (const e of causes(err)) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return { what: 'temporal', retryAfterSeconds: RETRY_AFTER_SECONDS.temporal };
    if (typeof e !== 'object' || e === null) continue;
    const { code, message, name } = e as { code?: unknown; message?: unknown; name?: unknown };
    // @temporalio/client ServiceError wraps the gRPC error (a numeric code, from the grpc-js client).
    const grpc = typeof code === 'number' && ('details' in e || 'metadata' in e);
    if (grpc && code === GRPC_FAILED_PRECONDITION && typeof message === 'string' && TASK_FAILING.test(message))
      return { what: 'workflow', retryAfterSeconds: RETRY_AFTER_SECONDS.workflow };
    if (grpc && GRPC_UNAVAILABLE.has(code)) return { what: 'temporal', retryAfterSeconds: RETRY_AFTER_SECONDS.temporal };
    if (name === 'ServiceError' && typeof message === 'string' && /UNAVAILABLE|DEADLINE_EXCEEDED|RESOURCE_EXHAUSTED/.test(message))
      return { what: 'temporal', retryAfterSeconds: RETRY_AFTER_SECONDS.temporal };
    if (name === 'ServiceError' && typeof message === 'string' && TASK_FAILING.test(message))
      return { what: 'workflow', retryAfterSeconds: RETRY_AFTER_SECONDS.workflow };
    if (typeof code === 'string' && (PG_UNAVAILABLE.test(code) || SOCKET_CODES.has(code)))
      return { what: 'database', retryAfterSeconds: RETRY_AFTER_SECONDS.database };
    if (typeof message === 'string' && PG_MESSAGES.test(message))
      return { what: 'database', retryAfterSeconds: RETRY_AFTER_SECONDS.database };
  }
  return null;
}
