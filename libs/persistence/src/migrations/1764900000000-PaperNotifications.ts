import { MigrationInterface, QueryRunner } from 'typeorm';

/** Mails about problem papers go through the same outbox: a row names its paper, the audience is `paper_org`. */
export class PaperNotifications1764900000000 implements MigrationInterface {
  name = 'PaperNotifications1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications ADD COLUMN paper_id uuid REFERENCES problem_papers(id)`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_audience_check`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_audience_check
         CHECK (audience IN ('handlers','escalation','reporter','participating_units','paper_org'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications WHERE audience = 'paper_org'`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_audience_check`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_audience_check CHECK (audience IN ('handlers','escalation','reporter','participating_units'))`,
    );
    await q.query(`ALTER TABLE notifications DROP COLUMN paper_id`);
  }
}
