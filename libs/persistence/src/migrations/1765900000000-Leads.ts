import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Leads before cases (issue 22; 004 二(一); 000 §1).
 *
 * - `organisations.aliases`: other names an organisation is published under (English names of hospitals in Retraction
 *   Watch affiliations); monitoring imports match names and aliases.
 * - `leads`: one row per lead, numbered `JC<YYYYMM>-<NNN>` per organisation and month (`lead_counters`, one row per
 *   organisation and month, drawn with an upsert: concurrent creations get distinct numbers). De-duplicated by DOI
 *   (unique where present) and by a monitoring record's id. The lead workflow projects status, holder and version.
 * - `lead_events`: the lead's timeline, keyed (lead_id, seq), written only by the projection.
 * - `lead_deadlines`: the triage deadline of each stay at an organisation (round), with the same columns as
 *   `case_deadlines` that supervision reads (`status`, `kind`, `due_date`, `due_at`, `handling_org_path`,
 *   `overdue_since`, `resolved_at`). The counters' trigger function of 1764600000000 (`supervision_counts_deadlines`)
 *   is attached to it unchanged, so the supervision summary, its overdue-by-kind figures and the overdue trend count an
 *   overdue triage like any deadline; `supervision_counts_rebuild()` reads it too.
 * - `lead_review_queue`: monitoring records naming China whose affiliations match no organisation: assigned to an
 *   organisation by hand (becoming a lead) or dismissed.
 * - `cases.lead_id`: the case a lead became (unique: opening it is idempotent).
 * - `notifications.lead_id`: reminders of a triage deadline go through the outbox (audiences `lead_org`, `lead_escalation`).
 */
export class Leads1765900000000 implements MigrationInterface {
  name = 'Leads1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisations ADD COLUMN aliases text[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      CREATE TABLE lead_counters (
        org_id uuid NOT NULL REFERENCES organisations(id),
        month text NOT NULL CHECK (month ~ '^[0-9]{6}$'),
        last int NOT NULL,
        PRIMARY KEY (org_id, month)
      )`);
    await q.query(`
      CREATE TABLE leads (
        id uuid PRIMARY KEY,
        number text NOT NULL,
        number_org_id uuid NOT NULL REFERENCES organisations(id),
        workflow_id text NOT NULL UNIQUE,
        origin text NOT NULL CHECK (origin IN ('manual','paper_import','retraction_watch','spot_check')),
        category text NOT NULL CHECK (category IN ('retraction','media','routine')),
        title text NOT NULL,
        doi text,
        authors jsonb NOT NULL DEFAULT '[]',
        institution text,
        journal text,
        published_on date,
        retraction_date date,
        summary text,
        source_ref text,
        details jsonb NOT NULL DEFAULT '{}',
        paper_id uuid REFERENCES problem_papers(id),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','case_opened','closed')),
        holder_org_id uuid NOT NULL REFERENCES organisations(id),
        holder_path text NOT NULL,
        case_id uuid REFERENCES cases(id),
        case_number text,
        close_reason text,
        close_note text,
        triage_due_date date,
        triage_status text,
        version int NOT NULL DEFAULT 0,
        last_event_seq int NOT NULL DEFAULT 0,
        view jsonb,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (number_org_id, number)
      )`);
    await q.query(`CREATE UNIQUE INDEX leads_doi_key ON leads (doi) WHERE doi IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX leads_source_ref_key ON leads (origin, source_ref) WHERE source_ref IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX leads_paper_key ON leads (paper_id) WHERE paper_id IS NOT NULL`);
    await q.query(`CREATE INDEX leads_holder_idx ON leads (holder_path text_pattern_ops, status, created_at DESC)`);
    await q.query(`
      CREATE TABLE lead_events (
        lead_id uuid NOT NULL REFERENCES leads(id),
        seq int NOT NULL,
        type text NOT NULL,
        at timestamptz NOT NULL,
        actor jsonb,
        data jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (lead_id, seq)
      )`);
    await q.query(`
      CREATE TABLE lead_deadlines (
        lead_id uuid NOT NULL REFERENCES leads(id),
        round int NOT NULL,
        kind text NOT NULL DEFAULT 'lead_triage',
        org_id uuid NOT NULL REFERENCES organisations(id),
        due_date date NOT NULL,
        due_at timestamptz NOT NULL,
        provisional boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('open','met','overdue','closed')),
        handling_org_path text NOT NULL,
        overdue_since timestamptz,
        resolved_at timestamptz,
        PRIMARY KEY (lead_id, round)
      )`);
    await q.query(`
      CREATE INDEX lead_deadlines_supervision_idx ON lead_deadlines (status, handling_org_path text_pattern_ops, due_date)
      INCLUDE (lead_id, round) WHERE status IN ('open', 'overdue')`);
    // The status rules of case_deadlines_history (1764600000000): overdue_since while overdue, resolved_at when met.
    await q.query(`
      CREATE FUNCTION lead_deadlines_history() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.status = OLD.status AND NEW.due_at = OLD.due_at THEN
          RETURN NEW;
        END IF;
        IF NEW.status = 'overdue' THEN
          NEW.overdue_since := NEW.due_at;
          NEW.resolved_at := NULL;
        ELSIF NEW.status = 'open' THEN
          NEW.overdue_since := NULL;
          NEW.resolved_at := NULL;
        ELSIF TG_OP = 'INSERT' THEN
          NEW.resolved_at := coalesce(NEW.resolved_at, now());
        ELSIF OLD.status IN ('open', 'overdue') THEN
          NEW.overdue_since := OLD.overdue_since;
          NEW.resolved_at := now();
        ELSE
          NEW.overdue_since := OLD.overdue_since;
          NEW.resolved_at := OLD.resolved_at;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER lead_deadlines_history BEFORE INSERT OR UPDATE ON lead_deadlines FOR EACH ROW EXECUTE FUNCTION lead_deadlines_history()`,
    );
    await q.query(`
      CREATE TRIGGER supervision_counts_deadlines AFTER INSERT OR UPDATE OR DELETE ON lead_deadlines
      FOR EACH ROW EXECUTE FUNCTION supervision_counts_deadlines()`);
    await q.query(
      `CREATE TRIGGER supervision_counts_truncated AFTER TRUNCATE ON lead_deadlines FOR EACH STATEMENT EXECUTE FUNCTION supervision_counts_truncated()`,
    );
    await q.query(REBUILD_WITH_LEADS);

    await q.query(`
      CREATE TABLE lead_review_queue (
        id uuid PRIMARY KEY,
        origin text NOT NULL,
        source_ref text NOT NULL,
        title text NOT NULL,
        doi text,
        institution text NOT NULL,
        country text,
        record jsonb NOT NULL,
        importer_org_id uuid NOT NULL REFERENCES organisations(id),
        importer_path text NOT NULL,
        imported_by uuid REFERENCES users(id),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','assigned','dismissed')),
        lead_id uuid REFERENCES leads(id),
        resolved_by uuid REFERENCES users(id),
        resolved_at timestamptz,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (origin, source_ref)
      )`);
    await q.query(`CREATE INDEX lead_review_queue_idx ON lead_review_queue (importer_path text_pattern_ops, status, created_at)`);

    // The case a lead became (source retraction, media or routine): opening it is idempotent by lead.
    await q.query(`ALTER TABLE cases ADD COLUMN lead_id uuid REFERENCES leads(id)`);
    await q.query(`CREATE UNIQUE INDEX cases_lead_key ON cases (lead_id) WHERE lead_id IS NOT NULL`);
    await q.query(`ALTER TABLE notifications ADD COLUMN lead_id uuid REFERENCES leads(id)`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_audience_check`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_audience_check
         CHECK (audience IN ('handlers','escalation','reporter','participating_units','paper_org','lead_org','lead_escalation'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications WHERE lead_id IS NOT NULL`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_audience_check`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_audience_check CHECK (audience IN ('handlers','escalation','reporter','participating_units','paper_org'))`,
    );
    await q.query(`ALTER TABLE notifications DROP COLUMN lead_id`);
    await q.query(`ALTER TABLE cases DROP COLUMN lead_id`);
    await q.query(`DROP TABLE IF EXISTS lead_review_queue`);
    await q.query(`DROP TABLE IF EXISTS lead_deadlines`);
    await q.query(`DROP FUNCTION IF EXISTS lead_deadlines_history()`);
    await q.query(`DROP TABLE IF EXISTS lead_events`);
    await q.query(`DROP TABLE IF EXISTS leads`);
    await q.query(`DROP TABLE IF EXISTS lead_counters`);
    await q.query(`ALTER TABLE organisations DROP COLUMN aliases`);
    await q.query(REBUILD_WITHOUT_LEADS);
    await q.query(`SELECT supervision_counts_rebuild()`);
  }
}

const rebuild = (withLeads: boolean) => `
  CREATE OR REPLACE FUNCTION supervision_counts_rebuild() RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    LOCK TABLE cases, case_deadlines, case_events, case_deadline_overdue_spans, ${withLeads ? 'lead_deadlines, ' : ''}supervision_counts IN SHARE ROW EXCLUSIVE MODE;
    DELETE FROM supervision_counts;
    INSERT INTO supervision_counts (org_path, parent_path, metric, key, month, n)
    SELECT a.org_path, a.parent_path, x.metric, x.key, x.month, sum(x.n)
      FROM (SELECT org_path, metric, key, month, count(*) AS n
              FROM (SELECT c.handling_org_path AS org_path, k.metric, k.key, k.month
                      FROM cases c
                     CROSS JOIN LATERAL supervision_case_keys(c.phase, c.policy_profile, c.received_at, c.updated_at,
                                                              supervision_rejected_closed(c.id, c.phase)) k
                    UNION ALL
                    SELECT cd.handling_org_path, k.metric, k.key, k.month
                      FROM case_deadlines cd
                     CROSS JOIN LATERAL supervision_deadline_keys(cd.status, cd.kind, cd.overdue_since, cd.resolved_at) k
                     WHERE cd.status = 'overdue' OR cd.overdue_since IS NOT NULL
                    UNION ALL
                    SELECT sp.handling_org_path, k.metric, k.key, k.month
                      FROM case_deadline_overdue_spans sp
                     CROSS JOIN LATERAL supervision_deadline_keys('closed', sp.kind, sp.since, sp.until) k${
                       withLeads
                         ? `
                    UNION ALL
                    SELECT ld.handling_org_path, k.metric, k.key, k.month
                      FROM lead_deadlines ld
                     CROSS JOIN LATERAL supervision_deadline_keys(ld.status, ld.kind, ld.overdue_since, ld.resolved_at) k
                     WHERE ld.status = 'overdue' OR ld.overdue_since IS NOT NULL`
                         : ''
                     }) y
             GROUP BY 1, 2, 3, 4) x
     CROSS JOIN LATERAL supervision_ancestors(x.org_path) a
     GROUP BY 1, 2, 3, 4, 5;
  END $$`;
const REBUILD_WITH_LEADS = rebuild(true);
const REBUILD_WITHOUT_LEADS = rebuild(false);
