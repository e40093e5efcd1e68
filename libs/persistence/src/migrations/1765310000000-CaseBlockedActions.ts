import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why each action of a case's phase that it does not allow now is refused, projected beside `allowed_actions`, so the
 * API's 409 says what to do first ("the subject must first be heard …") without asking the workflow. NULL for rows
 * projected before it (the 409 then names the phase).
 */
export class CaseBlockedActions1765310000000 implements MigrationInterface {
  name = 'CaseBlockedActions1765310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN blocked_actions jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP COLUMN blocked_actions`);
  }
}
