import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The supervision lists at national scale (issue 21, point 4). The path-first indexes of 1764000000000 and
 * 1765900000000 pick a subtree's rows by a prefix range, then every overdue row of that subtree is sorted to find the
 * first page: at 1,000,000 deadlines the nation's 150,000 overdue rows. These indexes hold the open and overdue rows
 * in the lists' order (due day, then id and kind, the order's tie-breakers) with the path included, so the first page of
 * a large subtree is read in order and the scan stops after it, checking the path from the index alone (index-only).
 * The planner keeps the path index for a small subtree (an institution), where the ordered scan would pass many rows.
 */
export class SupervisionDueOrder1766060000000 implements MigrationInterface {
  name = 'SupervisionDueOrder1766060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX case_deadlines_due_order_idx ON case_deadlines (status, due_date, case_id, kind)
      INCLUDE (handling_org_path) WHERE status IN ('open', 'overdue')`);
    await q.query(`
      CREATE INDEX lead_deadlines_due_order_idx ON lead_deadlines (status, due_date, lead_id, kind)
      INCLUDE (handling_org_path, round) WHERE status IN ('open', 'overdue')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS lead_deadlines_due_order_idx`);
    await q.query(`DROP INDEX IF EXISTS case_deadlines_due_order_idx`);
  }
}
