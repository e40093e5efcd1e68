import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The procedure at its edges (issue 17).
 *
 * - `cases.transferred_by`, `cases.lead_unit`: who transferred the case to this organisation, and the lead
 *   investigating unit, as recorded at registration (an organisation of the tree `{orgId}` or an authority outside it
 *   `{name, email}`). Extensions and the decision are reported to them (003 art.25, 28).
 * - `cases.transferred_from_case_id`: the case whose transfer opened this one (unique: a transfer opens one case; the
 *   key that makes the opening activity idempotent).
 * - `cases.appeal_org_id`: the organisation hearing the appeal (复核, 003 art.42; 001 art.45), projected once the
 *   appeal is applied for; the API answers 403 to anyone else taking its steps.
 * - `case_deadlines.status` may be `suspended` (003 art.23 "中止的时间不计入调查时限"): a running deadline of a
 *   suspended case, with `suspended_on` the day counting stopped. For the supervision history it is like `open`: no
 *   overdue span runs while suspended (an overdue span ends at the suspension and is kept in
 *   case_deadline_overdue_spans), and it is not resolved.
 * - `organisations.defence_period`, `policy_profile_settings.defence_period`: the statement-and-defence period
 *   (003 art.27; RULES.md [decision] 5 working days, configurable) of new cases, like the reminder stages: the
 *   organisation's over the profile's setting over the profile's default.
 * - notifications may go to the transferring authority, the lead unit and the organisation hearing an appeal.
 */
export class ProcedureEdges1765500000000 implements MigrationInterface {
  name = 'ProcedureEdges1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN transferred_by jsonb,
        ADD COLUMN lead_unit jsonb,
        ADD COLUMN transferred_from_case_id uuid UNIQUE REFERENCES cases(id),
        ADD COLUMN appeal_org_id uuid REFERENCES organisations(id)`);
    await q.query(`ALTER TABLE organisations ADD COLUMN defence_period jsonb`);
    await q.query(`ALTER TABLE policy_profile_settings ADD COLUMN defence_period jsonb`);

    await q.query(`ALTER TABLE case_deadlines DROP CONSTRAINT IF EXISTS case_deadlines_status_check`);
    await q.query(
      `ALTER TABLE case_deadlines ADD CONSTRAINT case_deadlines_status_check CHECK (status IN ('open','met','overdue','closed','suspended'))`,
    );
    await q.query(`ALTER TABLE case_deadlines ADD COLUMN suspended_on date`);
    await q.query(historyFunction(`NEW.status IN ('open', 'suspended')`));

    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_audience_check`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_audience_check
         CHECK (audience IN ('handlers','escalation','reporter','participating_units','paper_org','transferring_authority','lead_unit','appeal_authority'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications WHERE audience IN ('transferring_authority','lead_unit','appeal_authority')`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_audience_check`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_audience_check CHECK (audience IN ('handlers','escalation','reporter','participating_units','paper_org'))`,
    );
    await q.query(`UPDATE case_deadlines SET status = 'open' WHERE status = 'suspended'`);
    await q.query(historyFunction(`NEW.status = 'open'`));
    await q.query(`ALTER TABLE case_deadlines DROP COLUMN suspended_on`);
    await q.query(`ALTER TABLE case_deadlines DROP CONSTRAINT case_deadlines_status_check`);
    await q.query(
      `ALTER TABLE case_deadlines ADD CONSTRAINT case_deadlines_status_check CHECK (status IN ('open','met','overdue','closed'))`,
    );
    await q.query(`ALTER TABLE policy_profile_settings DROP COLUMN defence_period`);
    await q.query(`ALTER TABLE organisations DROP COLUMN defence_period`);
    await q.query(
      `ALTER TABLE cases DROP COLUMN appeal_org_id, DROP COLUMN transferred_from_case_id, DROP COLUMN lead_unit, DROP COLUMN transferred_by`,
    );
  }
}

/** The history trigger of 1765000000000-OverdueSpans, with `running` deciding which statuses hold no overdue span. */
function historyFunction(running: string): string {
  return `
      CREATE OR REPLACE FUNCTION case_deadlines_history() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE span_end timestamptz;
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.status = OLD.status AND NEW.due_at = OLD.due_at THEN
          RETURN NEW;
        END IF;
        IF NEW.status = 'overdue' THEN
          NEW.overdue_since := NEW.due_at;
          NEW.resolved_at := NULL;
        ELSIF ${running} THEN
          NEW.overdue_since := NULL;
          NEW.resolved_at := NULL;
        ELSIF TG_OP = 'INSERT' THEN
          NEW.resolved_at := coalesce(NEW.resolved_at, now());
        ELSIF OLD.status IN ('open', 'overdue', 'suspended') THEN
          NEW.overdue_since := OLD.overdue_since;
          NEW.resolved_at := now();
        ELSE
          NEW.overdue_since := OLD.overdue_since;
          NEW.resolved_at := OLD.resolved_at;
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.overdue_since IS NOT NULL AND NEW.overdue_since IS DISTINCT FROM OLD.overdue_since THEN
          span_end := coalesce(OLD.resolved_at, now());
          IF NEW.overdue_since IS NOT NULL AND NEW.overdue_since < span_end THEN
            span_end := NEW.overdue_since; -- still overdue on the new due instant: the new span takes over from there
          END IF;
          IF span_end > OLD.overdue_since THEN
            INSERT INTO case_deadline_overdue_spans (case_id, kind, since, until, handling_org_path)
            VALUES (OLD.case_id, OLD.kind, OLD.overdue_since, span_end, OLD.handling_org_path)
            ON CONFLICT DO NOTHING;
          END IF;
        END IF;
        RETURN NEW;
      END $$`;
}
