/**
 * The one writer of `calendar_reloads` and `calendar_reload_targets` (migration 1766050000000): calendar reload jobs
 * (issue 21, point 2) and the reads the API and the reload activities make of them. Typed rows; every statement
 * parameterised.
 */
import type { DataSource, EntityManager } from 'typeorm';

type Q = Pick<DataSource | EntityManager, 'query'>;

/** Rows of an UPDATE … RETURNING: TypeORM answers [rows, count] for it on PostgreSQL (an INSERT answers the rows). */
function updated<T>(res: T[] | [T[], number]): T[] {
  return Array.isArray(res[0]) ? (res[0] as T[]) : (res as T[]);
}

export type ReloadStatus = 'running' | 'completed' | 'failed';
export type ReloadTargetStatus = 'pending' | 'signalled' | 'failed';

export interface ReloadTarget {
  workflowId: string;
  subject: 'case' | 'lead';
}

export interface ReloadFailure extends ReloadTarget {
  attempts: number;
  error: string;
}

export interface ReloadProgress {
  id: string;
  year: number;
  version: number;
  workflowId: string;
  status: ReloadStatus;
  total: number;
  signalled: number;
  failed: number;
  pending: number;
  pageSize: number;
  signalsPerSecond: number;
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
  /** The first failures, in workflow id order (at most `failureLimit`). */
  failures: ReloadFailure[];
}

export interface NewReload {
  id: string;
  year: number;
  version: number;
  workflowId: string;
  pageSize: number;
  signalsPerSecond: number;
  requestedBy: string;
}

export class CalendarReloadStore {
  constructor(private readonly ds: Q) {}

  /**
   * Registers a reload job and its targets in the caller's transaction (the one that stores the notice), so the list is
   * the set of open workflows as of that notice: every open case received by the end of the year (a case received
   * after it has no deadline that touches the year) and every open lead. Returns how many targets it has.
   */
  async create(tx: Q, r: NewReload): Promise<number> {
    await tx.query(
      `INSERT INTO calendar_reloads (id, year, version, workflow_id, total, page_size, signals_per_second, requested_by)
       VALUES ($1, $2, $3, $4, 0, $5, $6, $7)`,
      [r.id, r.year, r.version, r.workflowId, r.pageSize, r.signalsPerSecond, r.requestedBy],
    );
    await tx.query(
      `INSERT INTO calendar_reload_targets (reload_id, workflow_id, subject)
       SELECT $1::uuid, number, 'case' FROM cases
        WHERE phase NOT IN ('transferred', 'terminated', 'merged') AND (phase <> 'closed' OR next_due_date IS NOT NULL)
          AND received_at <= make_date($2, 12, 31)
       UNION ALL
       SELECT $1::uuid, workflow_id, 'lead' FROM leads WHERE status = 'open'
       ON CONFLICT DO NOTHING`,
      [r.id, r.year],
    );
    const [{ total }]: Array<{ total: number }> = updated(
      await tx.query(
        `UPDATE calendar_reloads SET total = (SELECT count(*) FROM calendar_reload_targets WHERE reload_id = $1) WHERE id = $1 RETURNING total`,
        [r.id],
      ),
    );
    return total;
  }

  /** The job, or null when its row is not (yet) committed. */
  async exists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM calendar_reloads WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** The next `limit` pending targets after `after` (workflow id order; null: from the start). */
  async pendingPage(id: string, after: string | null, limit: number): Promise<ReloadTarget[]> {
    const rows: Array<{ workflow_id: string; subject: 'case' | 'lead' }> = await this.ds.query(
      `SELECT workflow_id, subject FROM calendar_reload_targets
        WHERE reload_id = $1 AND status = 'pending' AND ($2::text IS NULL OR workflow_id > $2)
        ORDER BY workflow_id LIMIT $3`,
      [id, after, limit],
    );
    return rows.map((r) => ({ workflowId: r.workflow_id, subject: r.subject }));
  }

  /** Failed attempts so far of some targets of the job. */
  async attempts(id: string, workflowIds: string[]): Promise<Map<string, number>> {
    if (workflowIds.length === 0) return new Map();
    const rows: Array<{ workflow_id: string; attempts: number }> = await this.ds.query(
      `SELECT workflow_id, attempts FROM calendar_reload_targets WHERE reload_id = $1 AND workflow_id = ANY($2::text[])`,
      [id, workflowIds],
    );
    return new Map(rows.map((r) => [r.workflow_id, r.attempts]));
  }

  /** Marks delivered targets (a pending row only: a retried page never changes a settled one). */
  async markSignalled(id: string, workflowIds: string[]): Promise<void> {
    if (workflowIds.length === 0) return;
    await this.ds.query(
      `UPDATE calendar_reload_targets SET status = 'signalled', attempts = attempts + 1, error = NULL, done_at = now()
        WHERE reload_id = $1 AND workflow_id = ANY($2::text[]) AND status = 'pending'`,
      [id, workflowIds],
    );
  }

  /** Records failed attempts; `final` settles the target as failed, otherwise it stays pending for the next attempt. */
  async markFailed(id: string, failures: Array<{ workflowId: string; error: string; final: boolean }>): Promise<void> {
    if (failures.length === 0) return;
    await this.ds.query(
      `UPDATE calendar_reload_targets t
          SET attempts = t.attempts + 1, error = f.error,
              status = CASE WHEN f.final THEN 'failed' ELSE t.status END,
              done_at = CASE WHEN f.final THEN now() END
         FROM unnest($2::text[], $3::text[], $4::boolean[]) AS f(workflow_id, error, final)
        WHERE t.reload_id = $1 AND t.workflow_id = f.workflow_id AND t.status = 'pending'`,
      [id, failures.map((f) => f.workflowId), failures.map((f) => f.error.slice(0, 500)), failures.map((f) => f.final)],
    );
  }

  /** Ends the job: `completed` once nothing is pending (failed targets are listed), or `failed` with the reason. */
  async finish(id: string, error?: string): Promise<ReloadStatus> {
    const [row]: Array<{ status: ReloadStatus }> = updated(
      await this.ds.query(
        `UPDATE calendar_reloads SET status = CASE WHEN $2::text IS NULL THEN 'completed' ELSE 'failed' END, error = $2, finished_at = now()
          WHERE id = $1 AND status = 'running' RETURNING status`,
        [id, error ?? null],
      ),
    );
    return row?.status ?? 'completed';
  }

  async progress(id: string, failureLimit = 100): Promise<ReloadProgress | null> {
    const rows: Array<{
      id: string;
      year: number;
      version: number;
      workflow_id: string;
      status: ReloadStatus;
      total: number;
      page_size: number;
      signals_per_second: number;
      requested_by: string;
      created_at: Date;
      finished_at: Date | null;
      error: string | null;
      signalled: number;
      failed: number;
      pending: number;
    }> = await this.ds.query(
      `SELECT r.*, c.signalled, c.failed, c.pending
         FROM calendar_reloads r
        CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE status = 'signalled')::int AS signalled,
                                   count(*) FILTER (WHERE status = 'failed')::int AS failed,
                                   count(*) FILTER (WHERE status = 'pending')::int AS pending
                              FROM calendar_reload_targets WHERE reload_id = r.id) c
        WHERE r.id = $1`,
      [id],
    );
    const r = rows[0];
    if (!r) return null;
    const failures: Array<{ workflow_id: string; subject: 'case' | 'lead'; attempts: number; error: string }> = await this.ds.query(
      `SELECT workflow_id, subject, attempts, error FROM calendar_reload_targets
        WHERE reload_id = $1 AND status = 'failed' ORDER BY workflow_id LIMIT $2`,
      [id, failureLimit],
    );
    return {
      id: r.id,
      year: r.year,
      version: r.version,
      workflowId: r.workflow_id,
      status: r.status,
      total: r.total,
      signalled: r.signalled,
      failed: r.failed,
      pending: r.pending,
      pageSize: r.page_size,
      signalsPerSecond: r.signals_per_second,
      requestedBy: r.requested_by,
      createdAt: r.created_at.toISOString(),
      finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
      error: r.error,
      failures: failures.map((f) => ({ workflowId: f.workflow_id, subject: f.subject, attempts: f.attempts, error: f.error })),
    };
  }
}
