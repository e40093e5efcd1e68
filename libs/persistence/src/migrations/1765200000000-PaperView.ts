import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A problem paper's view (status, holder, chain, who acts next) projected with its row, so that reading a paper and
 * preparing a paper action never query its workflow (the reason is in 1765100000000-CaseAllowedActions and
 * docs/ARCHITECTURE.md, "Reads and replay"). Rows projected before hold NULL until their next change; the API reads
 * those from the workflow, as before.
 */
export class PaperView1765200000000 implements MigrationInterface {
  name = 'PaperView1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE problem_papers ADD COLUMN view jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE problem_papers DROP COLUMN view`);
  }
}
