import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Settings of a policy profile that administrators may change (issue 7): its reminder stages. The procedural numbers
 * of a profile stay in code (libs/domain/src/policy, cited to the seeds); reminder stages are a product choice, so
 * they are data here. Resolution for a new case: organisations.reminder_policy, else this row, else the product
 * default (libs/domain/src/case/reminders.ts effectiveReminderPolicy).
 */
export class PolicyProfileReminders1764500000000 implements MigrationInterface {
  name = 'PolicyProfileReminders1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE policy_profile_settings (
        profile text PRIMARY KEY,
        reminder_policy jsonb,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES users(id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS policy_profile_settings`);
  }
}
