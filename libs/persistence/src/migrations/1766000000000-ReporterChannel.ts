import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reporter channel and linked and merged cases (issue 23, points 1 and 3).
 *
 * - `reports`: what a reporter filed through the public channel (RULES.md §2: real-name or anonymous), to one
 *   organisation. The report key is stored only as its SHA-256 (the key is 100 random bits, shown once), the password
 *   only as a scrypt hash with its own salt. `reporter` holds the identity and the address for notices (RULES.md §7:
 *   handlers only). `status` is what the office chooses to show the reporter. Triage makes it a case (`case_id`) or
 *   refuses it, or makes it a lead (`lead_id`; the case the lead opens then takes it); a merge moves it to the surviving
 *   case.
 * - `report_messages`: the two-way exchange; never in workflow history, every message in the audit trail (by hash).
 * - `report_files`: attachments of either side (a handler's are shown to the reporter only once sent with a message).
 * - `reporter_rate_limits`: fixed-window counters per address and per key, shared by every API instance.
 * - `case_links`: officers' links between cases (related, with a note) and merges (merged → surviving case).
 * - `cases.merged_reporters`: reporters of cases merged into this one (moved with their reports and evidence).
 * - Supervision counters: `merged` is a phase that ends a case, like `closed`.
 */
export class ReporterChannel1766000000000 implements MigrationInterface {
  name = 'ReporterChannel1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reports (
        id uuid PRIMARY KEY,
        org_id uuid NOT NULL REFERENCES organisations(id),
        org_path text NOT NULL,
        policy_profile text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        anonymous boolean NOT NULL,
        reporter jsonb,
        title text NOT NULL,
        summary text NOT NULL,
        subjects jsonb NOT NULL,
        allegations jsonb NOT NULL,
        paper jsonb,
        status text NOT NULL DEFAULT 'received' CHECK (status IN ('received','accepted','not_accepted','in_investigation','decided')),
        status_note text,
        status_at timestamptz NOT NULL DEFAULT now(),
        triage text CHECK (triage IN ('case','refused','lead')),
        triage_note text,
        triaged_at timestamptz,
        triaged_by uuid REFERENCES users(id),
        case_id uuid REFERENCES cases(id),
        lead_id uuid REFERENCES leads(id),
        received_at timestamptz NOT NULL DEFAULT now(),
        -- a case by triage, or later by the lead it became
        CHECK (case_id IS NULL OR triage IN ('case', 'lead')),
        CHECK (lead_id IS NULL OR triage = 'lead')
      )`);
    await q.query(`CREATE INDEX reports_org_idx ON reports (org_path text_pattern_ops, received_at DESC)`);
    await q.query(`CREATE INDEX reports_case_idx ON reports (case_id) WHERE case_id IS NOT NULL`);
    await q.query(`CREATE INDEX reports_lead_idx ON reports (lead_id) WHERE lead_id IS NOT NULL`);
    // A report may become a lead (issue 22's leads, origin and category \`report\`; the case it opens has source report).
    await q.query(`ALTER TABLE leads DROP CONSTRAINT leads_origin_check`);
    await q.query(
      `ALTER TABLE leads ADD CONSTRAINT leads_origin_check CHECK (origin IN ('manual','paper_import','retraction_watch','spot_check','report'))`,
    );
    await q.query(`ALTER TABLE leads DROP CONSTRAINT leads_category_check`);
    await q.query(`ALTER TABLE leads ADD CONSTRAINT leads_category_check CHECK (category IN ('retraction','media','routine','report'))`);
    await q.query(`
      CREATE TABLE report_messages (
        id uuid PRIMARY KEY,
        report_id uuid NOT NULL REFERENCES reports(id),
        seq int NOT NULL,
        direction text NOT NULL CHECK (direction IN ('to_reporter','from_reporter')),
        body text NOT NULL,
        sha256 text NOT NULL,
        author_user_id uuid REFERENCES users(id),
        case_id uuid REFERENCES cases(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        UNIQUE (report_id, seq),
        CHECK ((direction = 'to_reporter') = (author_user_id IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE report_files (
        id uuid PRIMARY KEY,
        report_id uuid NOT NULL REFERENCES reports(id),
        side text NOT NULL CHECK (side IN ('reporter','handler')),
        message_id uuid REFERENCES report_messages(id),
        filename text NOT NULL,
        content_type text NOT NULL,
        size bigint NOT NULL,
        sha256 text NOT NULL,
        storage_key text NOT NULL,
        uploaded_by uuid REFERENCES users(id),
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((side = 'handler') = (uploaded_by IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX report_files_report_idx ON report_files (report_id, uploaded_at)`);
    await q.query(`
      CREATE TABLE reporter_rate_limits (
        bucket text NOT NULL,
        window_start timestamptz NOT NULL,
        count int NOT NULL,
        PRIMARY KEY (bucket, window_start)
      )`);
    await q.query(`
      CREATE TABLE case_links (
        id uuid PRIMARY KEY,
        from_case_id uuid NOT NULL REFERENCES cases(id),
        to_case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL CHECK (kind IN ('related','merged')),
        note text,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (from_case_id <> to_case_id)
      )`);
    // One link of a kind per pair, whichever way it was made.
    await q.query(
      `CREATE UNIQUE INDEX case_links_pair_idx ON case_links (LEAST(from_case_id, to_case_id), GREATEST(from_case_id, to_case_id), kind)`,
    );
    await q.query(`CREATE INDEX case_links_to_idx ON case_links (to_case_id)`);
    await q.query(`ALTER TABLE cases ADD COLUMN merged_reporters jsonb NOT NULL DEFAULT '[]'::jsonb`);
    // Possibly related cases: the same DOI, or a subject with the same name and organisation.
    await q.query(`CREATE INDEX cases_doi_idx ON cases (lower(details->'paper'->>'doi')) WHERE details->'paper'->>'doi' IS NOT NULL`);
    await q.query(`CREATE INDEX cases_subjects_idx ON cases USING gin ((details->'subjects') jsonb_path_ops)`);
    await q.query(`CREATE INDEX problem_papers_doi_lower_idx ON problem_papers (lower(doi)) WHERE doi IS NOT NULL`);

    // A merged case has ended, like a closed one: its closing month is counted (1764600000000-SupervisionHistory).
    await q.query(`
      CREATE OR REPLACE FUNCTION supervision_case_keys(phase text, profile text, received date, updated timestamptz, objection_closed boolean)
      RETURNS TABLE (metric text, key text, month text) LANGUAGE sql STABLE AS $$
        SELECT 'case', $1 || '|' || $2 || '|' || $5::text, ''
        UNION ALL SELECT 'opened', '', to_char($3, 'YYYY-MM')
        UNION ALL SELECT 'ended', $1 || '|' || $2 || '|' || $5::text, to_char($4 AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')
         WHERE $1 IN ('transferred', 'terminated', 'closed', 'rejected', 'merged')
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION supervision_counts_cases() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.handling_org_path = OLD.handling_org_path AND NEW.phase = OLD.phase
           AND NEW.policy_profile = OLD.policy_profile AND NEW.received_at = OLD.received_at
           AND (NEW.phase NOT IN ('transferred', 'terminated', 'closed', 'rejected', 'merged')
                OR to_char(NEW.updated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') = to_char(OLD.updated_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')) THEN
          RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          PERFORM supervision_count_case(OLD, supervision_rejected_closed(OLD.id, OLD.phase), -1);
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
          PERFORM supervision_count_case(NEW, supervision_rejected_closed(NEW.id, NEW.phase), 1);
        END IF;
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS problem_papers_doi_lower_idx`);
    await q.query(`DROP INDEX IF EXISTS cases_subjects_idx`);
    await q.query(`DROP INDEX IF EXISTS cases_doi_idx`);
    await q.query(`ALTER TABLE cases DROP COLUMN IF EXISTS merged_reporters`);
    for (const t of ['case_links', 'reporter_rate_limits', 'report_files', 'report_messages', 'reports'])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    await q.query(`ALTER TABLE leads DROP CONSTRAINT leads_origin_check`);
    await q.query(
      `ALTER TABLE leads ADD CONSTRAINT leads_origin_check CHECK (origin IN ('manual','paper_import','retraction_watch','spot_check'))`,
    );
    await q.query(`ALTER TABLE leads DROP CONSTRAINT leads_category_check`);
    await q.query(`ALTER TABLE leads ADD CONSTRAINT leads_category_check CHECK (category IN ('retraction','media','routine'))`);
  }
}
