import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A reminder or escalation that is no longer due when its turn to be sent comes (its deadline met, closed, suspended
 * or moved meanwhile) is `skipped`, never sent, with the reason (issue 17 point 6; libs/domain/src/notifications/
 * stale-reminder.ts). The outbox checks the case's deadline row when it claims the row and again just before the
 * message goes to the SMTP server (libs/notifications/src/delivery.ts).
 */
export class StaleReminders1765560000000 implements MigrationInterface {
  name = 'StaleReminders1765560000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications ADD COLUMN skip_reason text`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_status_check`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_status_check CHECK (status IN ('pending','sending','sent','failed','unknown','skipped'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE notifications SET status = 'failed', last_error = 'skipped: ' || coalesce(skip_reason, '') WHERE status = 'skipped'`,
    );
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_status_check`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_status_check CHECK (status IN ('pending','sending','sent','failed','unknown'))`,
    );
    await q.query(`ALTER TABLE notifications DROP COLUMN skip_reason`);
  }
}
