import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calendar reloads as jobs (issue 21, point 2). Loading a year's holiday notice stores the notice and, in the same
 * transaction, a reload job with the list of workflows to tell (every open case received by the end of the year, every
 * open lead): `calendar_reload_targets`, one row per workflow, `pending` until the reload workflow
 * (`workflows/calendar-reload.workflow.ts`) has signalled it (`signalled`) or given up on it (`failed`, with the error).
 * The job's progress is counted from these rows, so a retried page or a restarted worker never counts a target twice,
 * and what is still `pending` is exactly what a resumed job has left to do.
 */
export class CalendarReloads1766050000000 implements MigrationInterface {
  name = 'CalendarReloads1766050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_reloads (
        id uuid PRIMARY KEY,
        year int NOT NULL,
        version int NOT NULL,
        workflow_id text NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
        total int NOT NULL,
        page_size int NOT NULL,
        signals_per_second int NOT NULL,
        requested_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        error text,
        UNIQUE (year, version)
      )`);
    await q.query(`
      CREATE TABLE calendar_reload_targets (
        reload_id uuid NOT NULL REFERENCES calendar_reloads(id),
        workflow_id text NOT NULL,
        subject text NOT NULL CHECK (subject IN ('case', 'lead')),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'signalled', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        error text,
        done_at timestamptz,
        PRIMARY KEY (reload_id, workflow_id)
      )`);
    // The next page of a job: its pending targets in workflow id order.
    await q.query(
      `CREATE INDEX calendar_reload_targets_pending_idx ON calendar_reload_targets (reload_id, workflow_id) WHERE status = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS calendar_reload_targets`);
    await q.query(`DROP TABLE IF EXISTS calendar_reloads`);
  }
}
