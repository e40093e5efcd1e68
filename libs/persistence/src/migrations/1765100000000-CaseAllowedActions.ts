import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The actions a case allows now, projected with its phase and version, so that reading a case never queries its
 * workflow. A query that reaches a workflow task while the task's local activity (the projection) runs makes the
 * worker (SDK 1.24) complete the task and hand the activity's result to the code in the next task; replaying, the
 * result comes in the earlier task, so a concurrent officer's action is ordered differently and the case fails with a
 * nondeterminism error on the next worker restart (docs/ARCHITECTURE.md, "Reads and replay"). Rows projected before
 * this column hold NULL until their next change; the API reads those few from the workflow as before.
 */
export class CaseAllowedActions1765100000000 implements MigrationInterface {
  name = 'CaseAllowedActions1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN allowed_actions jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP COLUMN allowed_actions`);
  }
}
