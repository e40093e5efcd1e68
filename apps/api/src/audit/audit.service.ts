import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { auditChange, type AuditChange } from '@libs/domain/src/audit';
import { chainHash, GENESIS_HASH } from '@libs/security/src';
import type { Principal } from '../auth/principal';
import {
  allAuditRows,
  appendAuditRows,
  auditLogCount,
  auditLogHead,
  auditLogHeadHash,
  auditRowsOfCase,
  lockAuditLog,
  type AuditRow,
} from '@libs/persistence/src/audit-log';

/** The changes one request made, collected while its handler runs; the request's audit record carries them. */
export interface AuditScope {
  changes: AuditChange[];
}

/** Opened by AuditInterceptor around every write's handler. */
export const auditScope = new AsyncLocalStorage<AuditScope>();

/**
 * A stored record changed, inside a request: joins the request's audit record (see `AuditService.change`). For code
 * the audit module itself depends on (CaseAccess), which cannot inject AuditService. False outside a request.
 */
export function noteChange(entity: string, id: string | null, before: unknown, after: unknown): boolean {
  const scope = auditScope.getStore();
  if (!scope) return false;
  const c = auditChange(entity, id, before, after);
  if (c) scope.changes.push(c);
  return true;
}

const AUDITED = Symbol('audited');

/** The audit interceptor recorded this request: the error filter must not record it again. */
export function markAudited(req: object): void {
  (req as Record<symbol, boolean>)[AUDITED] = true;
}

export function isAudited(req: object): boolean {
  return (req as Record<symbol, boolean>)[AUDITED] === true;
}

/** What is recorded of a write refused before a route's handler ran (middleware, guard, unknown route). */
export function refusedWriteEntry(
  req: { method: string; path: string; route?: { path?: string }; params?: Record<string, unknown> },
  outcome: number,
  error: string,
): AuditEntry {
  const route = req.route?.path;
  return {
    // The route's pattern when one matched (Nest's not-found handler matches everything: then the path itself).
    action: `${req.method} ${route && !route.includes('*') ? route : req.path}`,
    outcome,
    caseId: null,
    details: { ...(req.params && Object.keys(req.params).length ? { params: req.params } : {}), refusedBeforeHandler: true, error },
  };
}

/** Strings as PostgreSQL's jsonb and text take them: no NUL, no lone surrogate, at most 300 characters each. */
export function auditSafe<T>(value: T, depth = 0): T {
  if (typeof value === 'string') {
    const clean = value
      .replace(/\u0000/g, '\\u0000')
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
    return (clean.length > 300 ? `${clean.slice(0, 300)}…` : clean) as T;
  }
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => auditSafe(v, depth + 1)) as T;
  return Object.fromEntries(
    Object.entries(value)
      .slice(0, 50)
      .map(([k, v]) => [auditSafe(k), auditSafe(v, depth + 1)]),
  ) as T;
}

export interface AuditEntry {
  action: string;
  outcome: number;
  caseId?: string | null;
  details?: Record<string, unknown>;
}

/** What the hash covers: every field of the record but its id and its own hash. */
function hashed(r: Omit<AuditRow, 'id' | 'hash' | 'prev_hash'>) {
  return {
    at: r.at.toISOString(),
    userId: r.user_id,
    username: r.username,
    roles: r.roles,
    orgId: r.org_id,
    action: r.action,
    caseId: r.case_id,
    outcome: r.outcome,
    details: r.details,
  };
}

interface Waiting {
  who: Principal | null;
  entry: AuditEntry;
  fallbackUsername?: string;
  done: (err?: unknown) => void;
}

/** At most this many records are appended in one transaction. */
const BATCH_MAX = 200;

/**
 * Append-only audit trail: who (user, roles, organisation), when, what, with what outcome. Records are chained by
 * hash; appends are serialised by a transaction-scoped advisory lock so the chain has one head.
 *
 * Group commit: records asked for while an append is running wait for it and then go together, in the order they
 * were asked for, in one transaction (one lock, one read of the head, one INSERT). `record` still resolves only once
 * its record is committed, so every write is audited before its answer leaves.
 */
@Injectable()
export class AuditService {
  private readonly waiting: Waiting[] = [];
  private appending = false;

  constructor(private readonly ds: DataSource) {}

  /**
   * A stored record changed (RULES.md §7: before/after; issue 17 point 13): called by the service that changed it, once
   * the change is committed. Inside a request it joins the request's audit record (`details.changes`); outside one
   * (a script, a test) it is a record of its own. Both values are masked (libs/domain/src/audit): passwords, hashes and
   * sealed values redacted, ID numbers and the reporter's identity masked. A write that changed nothing adds nothing.
   */
  async change(entity: string, id: string | null, before: unknown, after: unknown, who: Principal | null = null): Promise<void> {
    const c = auditChange(entity, id, before, after);
    if (!c) return;
    const scope = auditScope.getStore();
    if (scope) scope.changes.push(c);
    else await this.record(who, { action: `CHANGE ${entity}`, outcome: 200, details: { changes: [c] } });
  }

  record(who: Principal | null, entry: AuditEntry, fallbackUsername?: string): Promise<void> {
    // Whatever a request carried (a NUL in a path parameter, a broken surrogate) must not stop its record.
    // The changes of stored records are kept whole, however many (an import of hundreds): each is made safe on its own.
    const { changes, ...rest } = (entry.details ?? {}) as Record<string, unknown> & { changes?: unknown[] };
    const details = { ...auditSafe(rest), ...(Array.isArray(changes) ? { changes: changes.map((c) => auditSafe(c)) } : {}) };
    const safe = { ...entry, action: auditSafe(entry.action), details };
    const username = fallbackUsername === undefined ? undefined : auditSafe(fallbackUsername).slice(0, 100);
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ who, entry: safe, fallbackUsername: username, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!this.appending) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.appending = true;
    try {
      while (this.waiting.length) {
        const batch = this.waiting.splice(0, BATCH_MAX);
        try {
          await this.ds.transaction((tx) => this.append(tx, batch));
          for (const w of batch) w.done();
        } catch (err) {
          if (batch.length === 1) {
            batch[0]!.done(err ?? new Error('audit append failed'));
            continue;
          }
          // One bad record must not fail the others: append them one by one.
          for (const w of batch) {
            await this.ds
              .transaction((tx) => this.append(tx, [w]))
              .then(
                () => w.done(),
                (e: unknown) => w.done(e ?? new Error('audit append failed')),
              );
          }
        }
      }
    } finally {
      this.appending = false;
    }
  }

  private async append(tx: EntityManager, batch: Waiting[]): Promise<void> {
    await lockAuditLog(tx);
    let prev = (await auditLogHeadHash(tx)) ?? GENESIS_HASH;
    const rows: Array<Omit<AuditRow, 'id'>> = [];
    for (const { who, entry, fallbackUsername } of batch) {
      const row = {
        at: new Date(),
        user_id: who?.userId ?? null,
        username: who?.username ?? fallbackUsername ?? null,
        roles: who?.roles ?? [],
        org_id: who?.orgId ?? null,
        action: entry.action,
        case_id: entry.caseId ?? null,
        outcome: entry.outcome,
        details: entry.details ?? {},
      };
      const hash = chainHash(prev, hashed(row));
      rows.push({ ...row, prev_hash: prev, hash });
      prev = hash;
    }
    // One statement; ids are drawn row by row in VALUES order, so the chain order (by id) is the order above.
    await appendAuditRows(tx, rows);
  }

  async forCase(caseId: string) {
    const rows = await auditRowsOfCase(this.ds, caseId);
    return rows.map((r) => ({
      id: Number(r.id),
      at: r.at.toISOString(),
      user: { id: r.user_id, username: r.username, roles: r.roles, orgId: r.org_id },
      action: r.action,
      outcome: r.outcome,
      details: r.details,
    }));
  }

  /**
   * The newest record's id and hash: an anchor to keep outside this database (a printed report, a mail, another
   * system). A chain cannot show that its newest records were removed; `verify` with an anchor can.
   */
  async head(): Promise<{ id: number | null; hash: string; at: string | null; records: number }> {
    const last = await auditLogHead(this.ds);
    const n = await auditLogCount(this.ds);
    return { id: last ? Number(last.id) : null, hash: last?.hash ?? GENESIS_HASH, at: last?.at.toISOString() ?? null, records: n };
  }

  /**
   * Walks the whole chain; the first record whose link or content does not match is reported. With an anchor taken
   * earlier (`head`), the anchored record must still be there with the same hash: removing the newest records (which
   * leaves a shorter but consistent chain) is found too.
   */
  async verify(anchor?: {
    id: number;
    hash: string;
  }): Promise<{ ok: boolean; checked: number; firstBrokenId: number | null; reason?: string }> {
    const rows = await allAuditRows(this.ds);
    if (anchor) {
      const anchored = rows.find((r) => Number(r.id) === anchor.id);
      if (!anchored || anchored.hash !== anchor.hash) {
        return {
          ok: false,
          checked: 0,
          firstBrokenId: anchor.id,
          reason: anchored
            ? 'the anchored record has another hash (it was altered)'
            : 'the anchored record is missing (the newest records were removed)',
        };
      }
    }
    let prev = GENESIS_HASH;
    for (const [i, r] of rows.entries()) {
      if (r.prev_hash !== prev)
        return {
          ok: false,
          checked: i,
          firstBrokenId: Number(r.id),
          reason: 'link to the previous record broken (a record was removed or altered)',
        };
      if (chainHash(prev, hashed(r)) !== r.hash)
        return { ok: false, checked: i, firstBrokenId: Number(r.id), reason: 'record content does not match its hash' };
      prev = r.hash;
    }
    return { ok: true, checked: rows.length, firstBrokenId: null };
  }
}
