import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tokens issued before an account was deactivated stay dead after it is reactivated: the guard refuses a token whose
 * issue time is before `tokens_valid_after` (set at deactivation).
 */
export class TokenRevocation1764800000000 implements MigrationInterface {
  name = 'TokenRevocation1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN tokens_valid_after timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN tokens_valid_after`);
  }
}
