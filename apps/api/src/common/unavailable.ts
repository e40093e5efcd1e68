/**
 * Is this error a dependency being down (not a bug, not bad input)? PostgreSQL unreachable, restarting or out of
 * connections, the pool giving up waiting, Temporal's frontend or a history host unreachable or not answering in
 * time. Such a request answers 503 with `Retry-After` (domain-error.filter.ts): the client retries, with the same
 * Idempotency-Key for an action, and nothing is applied twice.
 */
import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';

export interface Unavailable {
  what: 'database' | 'temporal';
  retryAfterSeconds: number;
}

/** Seconds a client is told to wait: PostgreSQL restarts or fails over in seconds; a Temporal host's shards move within ~10 s. */
export const RETRY_AFTER_SECONDS = { database: 5, temporal: 5 } as const;

/** Node's socket errors: nothing listens, the connection broke, or it timed out. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** PostgreSQL SQLSTATEs of a server going away or not taking connections: class 08 (connection exception), 57P01–57P03 (shutdown, cannot connect now), 53300 (too many connections). */
const PG_UNAVAILABLE = /^(08\d{3}|57P0[1-3]|53300)$/;
/** Messages of node-postgres and its pool when the server is gone or the pool waited in vain. */
const PG_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated due to connection timeout/i;
/** gRPC status codes: 14 UNAVAILABLE, 4 DEADLINE_EXCEEDED. */
const GRPC_UNAVAILABLE = new Set([4, 14]);

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
    if (typeof code === 'number' && GRPC_UNAVAILABLE.has(code) && ('details' in e || 'metadata' in e))
      return { what: 'temporal', retryAfterSeconds: RETRY_AFTER_SECONDS.temporal };
    if (name === 'ServiceError' && typeof message === 'string' && /UNAVAILABLE|DEADLINE_EXCEEDED/.test(message))
      return { what: 'temporal', retryAfterSeconds: RETRY_AFTER_SECONDS.temporal };
    if (typeof code === 'string' && (PG_UNAVAILABLE.test(code) || SOCKET_CODES.has(code)))
      return { what: 'database', retryAfterSeconds: RETRY_AFTER_SECONDS.database };
    if (typeof message === 'string' && PG_MESSAGES.test(message))
      return { what: 'database', retryAfterSeconds: RETRY_AFTER_SECONDS.database };
  }
  return null;
}
