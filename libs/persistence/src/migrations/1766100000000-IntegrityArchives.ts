import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 22 points 2, 3, 6:
 * - registry entries registered by hand (`origin = 'manual'`): no decision or case until a decision of the system takes
 *   one over (`reconciled_at`); the registering organisation, its provenance (decision number, issuing body, the
 *   document file) and whether it awaits a decision here (`awaits_decision`, `expected_case_id`). Every entry carries
 *   the severity level of its finding (the archives' 一票否决, 000 §6), filled from the decision forms for the old ones;
 * - `archive_persons`: one row per person known by ID number (decision authors, registry entries, training records),
 *   the page of the integrity archive; `training_records`;
 * - `notices`: public notices drawn from decisions in force (000 §3).
 */
export class IntegrityArchives1766100000000 implements MigrationInterface {
  name = 'IntegrityArchives1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE registry_entries
        ALTER COLUMN decision_id DROP NOT NULL,
        ALTER COLUMN case_id DROP NOT NULL,
        ALTER COLUMN author_order DROP NOT NULL,
        ADD COLUMN origin text NOT NULL DEFAULT 'decision' CHECK (origin IN ('decision', 'manual')),
        ADD COLUMN registration_id uuid,
        ADD COLUMN registered_org_id uuid REFERENCES organisations(id),
        ADD COLUMN registered_by uuid REFERENCES users(id),
        ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN severity text,
        ADD COLUMN provenance jsonb,
        ADD COLUMN awaits_decision boolean NOT NULL DEFAULT false,
        ADD COLUMN expected_case_id uuid REFERENCES cases(id),
        ADD COLUMN reconciled_at timestamptz,
        ADD COLUMN document jsonb,
        ADD CONSTRAINT registry_entries_provenance_check CHECK (
          (origin = 'decision' AND decision_id IS NOT NULL AND case_id IS NOT NULL AND author_order IS NOT NULL)
          OR (origin = 'manual' AND registered_org_id IS NOT NULL AND registration_id IS NOT NULL
              AND (decision_id IS NULL) = (case_id IS NULL) AND (decision_id IS NULL) = (reconciled_at IS NULL)))`);
    await q.query(`CREATE INDEX registry_entries_manual_idx ON registry_entries (registered_org_id, created_at) WHERE origin = 'manual'`);
    await q.query(`
      UPDATE registry_entries r SET severity = a->>'severity'
        FROM decisions d, jsonb_array_elements(coalesce(d.form->'authors', '[]'::jsonb)) a
       WHERE d.id = r.decision_id AND (a->>'order')::int = r.author_order`);

    await q.query(`
      CREATE TABLE archive_persons (
        id uuid PRIMARY KEY,
        person_name text NOT NULL,
        organisation text NOT NULL,
        id_number_enc text NOT NULL,
        id_number_hash text NOT NULL UNIQUE,
        id_number_masked text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX archive_persons_name_idx ON archive_persons (person_name)`);
    await q.query(`CREATE INDEX archive_persons_masked_idx ON archive_persons (id_number_masked)`);
    // The persons already known: authors of decision forms, then registry entries.
    await q.query(`
      INSERT INTO archive_persons (id, person_name, organisation, id_number_enc, id_number_hash, id_number_masked)
      SELECT DISTINCT ON (a->>'idNumberHash') gen_random_uuid(), a->>'name', coalesce(a->>'organisation', ''), a->>'idNumberEnc', a->>'idNumberHash', a->>'idNumberMasked'
        FROM decisions d, jsonb_array_elements(coalesce(d.form->'authors', '[]'::jsonb)) a
       WHERE d.status <> 'draft' AND a ? 'idNumberHash' AND a ? 'idNumberEnc'
       ORDER BY a->>'idNumberHash', d.updated_at DESC
      ON CONFLICT (id_number_hash) DO NOTHING`);
    await q.query(`
      INSERT INTO archive_persons (id, person_name, organisation, id_number_enc, id_number_hash, id_number_masked)
      SELECT DISTINCT ON (id_number_hash) gen_random_uuid(), person_name, organisation, id_number_enc, id_number_hash, id_number_masked
        FROM registry_entries ORDER BY id_number_hash, starts_on DESC
      ON CONFLICT (id_number_hash) DO NOTHING`);

    await q.query(`
      CREATE TABLE training_records (
        id uuid PRIMARY KEY,
        person_id uuid NOT NULL REFERENCES archive_persons(id),
        title text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('continuing_education', 'induction', 'case_warning', 'ethics', 'other')),
        hours numeric(6, 1),
        completed_on date NOT NULL,
        provider text,
        source text NOT NULL CHECK (source IN ('manual', 'import')),
        org_id uuid NOT NULL REFERENCES organisations(id),
        recorded_by uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (person_id, title, completed_on)
      )`);

    await q.query(`
      CREATE TABLE notices (
        id uuid PRIMARY KEY,
        decision_id uuid NOT NULL REFERENCES decisions(id),
        case_id uuid NOT NULL REFERENCES cases(id),
        author_order int NOT NULL,
        issuing_org_id uuid NOT NULL REFERENCES organisations(id),
        person_name text NOT NULL,
        unit text NOT NULL,
        misconduct text NOT NULL,
        measures text NOT NULL,
        decided_on date NOT NULL,
        title text NOT NULL,
        body text,
        status text NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
        version int NOT NULL DEFAULT 1,
        published_at timestamptz,
        published_by uuid REFERENCES users(id),
        withdrawn_at timestamptz,
        withdrawn_by uuid REFERENCES users(id),
        withdraw_reason text,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (decision_id, author_order)
      )`);
    await q.query(`CREATE INDEX notices_published_idx ON notices (published_at DESC, id) WHERE status = 'published'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['notices', 'training_records', 'archive_persons']) await q.query(`DROP TABLE IF EXISTS ${t}`);
    await q.query(
      `DELETE FROM registry_entry_history WHERE entry_id IN (SELECT id FROM registry_entries WHERE origin = 'manual' AND decision_id IS NULL)`,
    );
    await q.query(`DELETE FROM registry_entries WHERE origin = 'manual' AND decision_id IS NULL`);
    await q.query(`
      ALTER TABLE registry_entries DROP CONSTRAINT registry_entries_provenance_check,
        DROP COLUMN origin, DROP COLUMN registration_id, DROP COLUMN registered_org_id, DROP COLUMN registered_by, DROP COLUMN created_at,
        DROP COLUMN severity, DROP COLUMN provenance, DROP COLUMN awaits_decision, DROP COLUMN expected_case_id, DROP COLUMN reconciled_at,
        DROP COLUMN document,
        ALTER COLUMN decision_id SET NOT NULL, ALTER COLUMN case_id SET NOT NULL, ALTER COLUMN author_order SET NOT NULL`);
  }
}
