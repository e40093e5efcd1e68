import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notification outbox (issue 7). One row per mail and recipient, unique by its deduplication key
 * `caseId|template|deadlineKind|dueDate|stage|recipient`, so a retried activity, a restarted worker or a replayed
 * workflow finds the row instead of writing (and sending) another.
 *
 * Delivery states (libs/notifications/src/delivery.ts explains the protocol):
 *   pending  written, never tried
 *   sending  claimed by one attempt (claim_token, claimed_at); handed_over_at is set just before the message goes to
 *            the SMTP server, so a stale claim without it is known not to have reached the server
 *   sent     the server answered 250 (smtp_response); sent_at
 *   failed   the last attempt failed for sure (no 250): attempts, last_error; next_attempt_at = when the activity's
 *            retry is expected, NULL when given up (final attempt, or a permanent 5xx answer)
 *   unknown  the attempt that handed the message over died before recording the answer: the server may have it;
 *            never resent automatically (a duplicate is worse than asking an operator), listed for review
 */
export class Notifications1764200000000 implements MigrationInterface {
  name = 'Notifications1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY,
        dedup_key text NOT NULL UNIQUE,
        case_id uuid REFERENCES cases(id),
        org_path text,
        kind text NOT NULL,
        audience text NOT NULL CHECK (audience IN ('handlers','escalation','reporter','participating_units')),
        deadline_kind text,
        due_date date,
        stage text,
        recipient_user_id uuid REFERENCES users(id),
        recipient_email text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        locale text NOT NULL CHECK (locale IN ('zh','en')),
        message_id text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sending','sent','failed','unknown')),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        claim_token uuid,
        claimed_at timestamptz,
        handed_over_at timestamptz,
        smtp_response text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        next_attempt_at timestamptz
      )`);
    // The list: one status of one subtree, newest first.
    await q.query(`CREATE INDEX notifications_status_org_idx ON notifications (status, org_path text_pattern_ops, created_at DESC)`);
    await q.query(`CREATE INDEX notifications_case_idx ON notifications (case_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS notifications`);
  }
}
