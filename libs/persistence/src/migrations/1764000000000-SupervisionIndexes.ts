import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for supervisor monitoring (issue 8).
 * - Open and overdue deadlines of one subtree: status first (the lists ask for one status), then the materialised
 *   path (prefix range, text_pattern_ops), then the due day; partial, so met and closed deadlines, the bulk of the
 *   table over time, are not in it. INCLUDE (case_id, kind): the count and the choice of a page (with the
 *   denied-access check on case_id) are index-only scans.
 * - The officers of a handling organisation (users by organisation).
 */
export class SupervisionIndexes1764000000000 implements MigrationInterface {
  name = 'SupervisionIndexes1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX case_deadlines_supervision_idx ON case_deadlines (status, handling_org_path text_pattern_ops, due_date)
      INCLUDE (case_id, kind) WHERE status IN ('open', 'overdue')`);
    await q.query(`CREATE INDEX users_org_idx ON users (org_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS users_org_idx`);
    await q.query(`DROP INDEX IF EXISTS case_deadlines_supervision_idx`);
  }
}
