/**
 * The one writer of `idempotency_keys` (migration 1765300000000): an Idempotency-Key bound to the request it first
 * came with. Scope is `case:<id>` or `paper:<id>`; a key may be used once per scope.
 */
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface IdempotentRequest {
  scope: string;
  key: string;
  userId: string;
  action: string;
  /** The request as the caller sent it: its canonical form is the fingerprint. */
  body: unknown;
}

export type Claim =
  /** The key is new: it is now bound to this request. */
  | { state: 'claimed'; fingerprint: string }
  /** The key already carries this very request: answer it with the workflow body it became (a retry). */
  | { state: 'retry'; request: Record<string, unknown> }
  /** The key carries another request. */
  | { state: 'reused'; action: string };

/** SHA-256 over action, caller and the body with its keys sorted (key order and white space do not matter). */
export function fingerprintOf(r: Pick<IdempotentRequest, 'action' | 'userId' | 'body'>): string {
  return createHash('sha256')
    .update(canonical({ action: r.action, userId: r.userId, body: r.body }))
    .digest('hex');
}

export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export class IdempotencyKeys {
  constructor(private readonly ds: DataSource) {}

  /** What the key already carries, without binding it (the lookup before the phase and body checks). */
  async lookup(r: IdempotentRequest): Promise<Exclude<Claim, { state: 'claimed' }> | null> {
    const rows: Array<{ fingerprint: string; action: string; request: Record<string, unknown> }> = await this.ds.query(
      `SELECT fingerprint, action, request FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [r.scope, r.key],
    );
    const row = rows[0];
    if (!row) return null;
    return row.fingerprint === fingerprintOf(r) ? { state: 'retry', request: row.request } : { state: 'reused', action: row.action };
  }

  /** Binds the key to this request and the workflow body it becomes; a concurrent request that bound it first wins. */
  async claim(r: IdempotentRequest, workflowBody: Record<string, unknown>): Promise<Claim> {
    const fingerprint = fingerprintOf(r);
    const inserted: unknown[] = await this.ds.query(
      `INSERT INTO idempotency_keys (scope, key, fingerprint, user_id, action, request) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (scope, key) DO NOTHING RETURNING 1`,
      [r.scope, r.key, fingerprint, r.userId, r.action, JSON.stringify(workflowBody)],
    );
    if (inserted.length) return { state: 'claimed', fingerprint };
    return (await this.lookup(r)) ?? (await this.claim(r, workflowBody));
  }

  /** The request was refused before it changed anything: the key is free again (Stripe keeps no result for it). */
  async release(scope: string, key: string, fingerprint: string): Promise<void> {
    await this.ds.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND fingerprint = $3`, [scope, key, fingerprint]);
  }
}
