/**
 * The HTTP edge of an action taken through a workflow Update (cases and problem papers alike). Every action is checked
 * in one order, the same for both:
 *
 *   unknown or invisible 404 → role 403 (both by the caller) → a known Idempotency-Key: the first answer again, or 422
 *   when the key came with another request → If-Match missing 428 / malformed 400 / stale 412 → phase and
 *   preconditions 409 (with the caller's own allowedActions) → body 400 (every field named) → the action's own rules
 *   400 (rule and article) → the workflow's Update, whose validator checks all of it again against the live state.
 *
 * Idempotency follows Stripe: the key is bound to a fingerprint of the request (action, caller, canonical body) for the
 * life of the case or paper; the same request again is answered by the workflow with its first result (the stored
 * workflow body is sent again under the same Update id); a request the workflow refused leaves the key free.
 */
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TSchema } from '@sinclair/typebox';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@libs/config/src';
import { conform } from '@libs/contract/src';
import { DomainError, validationFailed } from '@libs/domain/src/shared';
import { IdempotencyKeys } from '@libs/persistence/src/idempotency-keys';
import { noteChange } from '../audit/audit.service';
import type { ActionCall } from './action-route';

export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9._:-]{8,128}$';
/** A strong entity tag: the version in double quotes, as `GET` sends it in `ETag`. */
export const IF_MATCH_PATTERN = '^"[0-9]{1,9}"$';

export function etagOf(version: number): string {
  return `"${version}"`;
}

/** `If-Match: "3"` → 3. Absent: 428 when required, else undefined. Anything else (W/"3", 3, *) → 400. */
export function parseIfMatch(ifMatch: string | undefined, what: string, required: boolean): number | undefined {
  if (ifMatch === undefined || ifMatch === '') {
    if (!required) return undefined;
    throw new DomainError('PRECONDITION_REQUIRED', `If-Match: send the ${what}'s version as it came in its ETag, e.g. If-Match: "3"`, {
      issues: [{ path: 'If-Match', rule: 'required', message: `the ${what}'s current version (its ETag) is required for every action` }],
    });
  }
  if (!new RegExp(IF_MATCH_PATTERN).test(ifMatch.trim())) {
    throw validationFailed([
      { path: 'If-Match', rule: 'pattern', message: `must be the ${what}'s ETag, the version in double quotes, e.g. "3"` },
    ]);
  }
  return Number(ifMatch.trim().slice(1, -1));
}

export function checkIdempotencyKey(key: string | undefined): void {
  if (key !== undefined && !new RegExp(IDEMPOTENCY_KEY_PATTERN).test(key)) {
    throw validationFailed([{ path: 'Idempotency-Key', rule: 'pattern', message: '8–128 characters of A–Z a–z 0–9 . _ : -' }]);
  }
}

/** The workflow validator's refusal comes back as an ApplicationFailure whose type is the domain code. */
export function fromUpdateFailure(err: unknown, what: string): unknown {
  if (err instanceof WorkflowNotFoundError)
    return new DomainError('CONFLICT', `the ${what} workflow has ended; no more actions are possible`);
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type) {
    const details = (err.cause.details?.[0] ?? {}) as Record<string, unknown>;
    return new DomainError(err.cause.type, err.cause.message, details);
  }
  return err;
}

/** Whether the workflow certainly did not apply the action (its validator or handler refused, or it has ended). */
function refused(err: unknown): boolean {
  return err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError;
}

export interface ActionRequest<V> {
  what: 'case' | 'paper' | 'lead';
  /** The case's, paper's or lead's id: an Idempotency-Key is unique within `<what>:<id>`. */
  id: string;
  userId: string;
  /** The action, its body and headers as the route received them. */
  call: ActionCall;
  /** The version as projected, for a quick 412 (the workflow checks it again). */
  projectedVersion: number | null;
  /** What the audit trail keeps before the action ({ phase, version } of a case, { status, version } of a paper); the
   *  same fields of the action's answer are kept after it (RULES.md §7). Default: the version. */
  projectedState?: Record<string, unknown>;
  /** The 409 for an action the case or paper does not offer the caller now, or null. */
  notOffered(): DomainError | null;
  schema: TSchema;
  /** Turns the checked body into the Update's body (resolving ids, storing a pending decision, …). */
  prepare(body: Record<string, unknown>): Promise<{ workflowBody: Record<string, unknown>; discard?: () => Promise<void> }>;
  /** Sends the Update; throws what the Temporal client threw. */
  execute(workflowBody: Record<string, unknown>, expectedVersion: number | undefined, updateId: string | undefined): Promise<V>;
  /** What to answer for an error of `execute` (default: the workflow's refusal as the domain error it was). */
  explain?(err: unknown): Promise<unknown>;
}

@Injectable()
export class ActionPipeline {
  private readonly keys: IdempotencyKeys;
  private readonly requireIfMatch: boolean;

  constructor(ds: DataSource, config: ConfigService<{ app: AppConfig }, true>) {
    this.keys = new IdempotencyKeys(ds);
    this.requireIfMatch = config.get('app', { infer: true }).requireIfMatch;
  }

  async run<V>(r: ActionRequest<V>): Promise<V> {
    const { action, body: sent, ifMatch, idempotencyKey } = r.call;
    const scope = `${r.what}:${r.id}`;
    checkIdempotencyKey(idempotencyKey);
    const keyed = idempotencyKey === undefined ? null : { scope, key: idempotencyKey, userId: r.userId, action, body: sent ?? null };
    if (keyed) {
      const known = await this.keys.lookup(keyed);
      if (known?.state === 'reused') throw reusedKey(idempotencyKey!, known.action);
      if (known?.state === 'retry') return this.send(r, known.request, undefined, null);
    }
    const expectedVersion = parseIfMatch(ifMatch, r.what, this.requireIfMatch);
    if (expectedVersion !== undefined && r.projectedVersion !== null && expectedVersion !== r.projectedVersion) {
      throw new DomainError('VERSION_MISMATCH', `the ${r.what} is at version ${r.projectedVersion}, not ${expectedVersion}`, {
        version: r.projectedVersion,
      });
    }
    const notOffered = r.notOffered();
    if (notOffered) throw notOffered;
    const body = conform<Record<string, unknown>>(r.schema, sent);
    const prepared = await r.prepare(body);
    if (!keyed) return this.send(r, prepared.workflowBody, expectedVersion, null, prepared.discard);
    const claim = await this.keys.claim(keyed, prepared.workflowBody);
    if (claim.state !== 'claimed') {
      // A concurrent request with the same key bound it first.
      await prepared.discard?.();
      if (claim.state === 'reused') throw reusedKey(idempotencyKey!, claim.action);
      return this.send(r, claim.request, undefined, null);
    }
    return this.send(
      r,
      prepared.workflowBody,
      expectedVersion,
      { scope, key: idempotencyKey!, fingerprint: claim.fingerprint },
      prepared.discard,
    );
  }

  private async send<V>(
    r: ActionRequest<V>,
    workflowBody: Record<string, unknown>,
    expectedVersion: number | undefined,
    claimed: { scope: string; key: string; fingerprint: string } | null,
    discard?: () => Promise<void>,
  ): Promise<V> {
    try {
      const result = await r.execute(workflowBody, expectedVersion, r.call.idempotencyKey);
      const before = r.projectedState ?? { version: r.projectedVersion };
      const answered = (result ?? {}) as Record<string, unknown>;
      noteChange(r.what, r.id, before, Object.fromEntries(Object.keys(before).map((k) => [k, answered[k] ?? null])));
      return result;
    } catch (err) {
      // Only a certain refusal frees the key and removes what was prepared; an answer lost on the way (timeout, broken
      // connection) may have been applied, and a retry with the same key gets its result.
      if (refused(err)) {
        if (claimed) await this.keys.release(claimed.scope, claimed.key, claimed.fingerprint);
        await discard?.();
      }
      throw r.explain ? await r.explain(err) : fromUpdateFailure(err, r.what);
    }
  }
}

function reusedKey(key: string, firstAction: string): DomainError {
  return new DomainError(
    'IDEMPOTENCY_KEY_REUSED',
    `Idempotency-Key "${key}" was first used for another request (${firstAction}); use a new key for a new request`,
    { issues: [{ path: 'Idempotency-Key', rule: 'idempotency_key_reused', message: 'this key is bound to a different request' }] },
  );
}
