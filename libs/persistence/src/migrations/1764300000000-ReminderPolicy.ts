import { MigrationInterface, QueryRunner } from 'typeorm';

/** An organisation's reminder stages (issue: reminders); null = the product default. */
export class ReminderPolicy1764300000000 implements MigrationInterface {
  name = 'ReminderPolicy1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisations ADD COLUMN reminder_policy jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisations DROP COLUMN reminder_policy`);
  }
}
