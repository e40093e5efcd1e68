import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox audiences of both issue 17 (1765500000000-ProcedureEdges: `transferring_authority`, `lead_unit`,
 * `appeal_authority`) and issue 22 (1765900000000-Leads: `lead_org`, `lead_escalation`). Each of those migrations
 * replaces `notifications_audience_check` with its own list, and TypeORM runs them in timestamp order, so on a fresh
 * database the later one dropped the earlier one's audiences (the reports to a transferring authority then failed
 * with the check violation). This one, ordered after both, sets the union. [decision] Numbered right after the Leads
 * migrations because it must follow them; outside issue 17's range (1765500000000–1765549999999), which sorts before.
 */
export class NotificationAudiencesAfterLeads1765900100001 implements MigrationInterface {
  name = 'NotificationAudiencesAfterLeads1765900100001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_audience_check`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_audience_check
         CHECK (audience IN ('handlers','escalation','reporter','participating_units','paper_org','lead_org','lead_escalation',
                             'transferring_authority','lead_unit','appeal_authority'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications WHERE audience IN ('transferring_authority','lead_unit','appeal_authority')`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_audience_check`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_audience_check
         CHECK (audience IN ('handlers','escalation','reporter','participating_units','paper_org','lead_org','lead_escalation'))`,
    );
  }
}
