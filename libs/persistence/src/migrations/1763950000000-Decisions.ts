import { MigrationInterface, QueryRunner } from 'typeorm';

/** Evidence files, handling decisions (drafts and submitted forms) and the misconduct-person registry (RULES.md §4, §6). */
export class Decisions1763950000000 implements MigrationInterface {
  name = 'Decisions1763950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_files (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL,
        filename text NOT NULL,
        content_type text NOT NULL,
        size bigint NOT NULL,
        sha256 text NOT NULL,
        storage_key text NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES users(id),
        uploaded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_files_case_idx ON case_files (case_id, kind)`);
    await q.query(`
      CREATE TABLE decisions (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        status text NOT NULL CHECK (status IN ('draft', 'pending', 'effective')),
        result text,
        effective_date date,
        form jsonb NOT NULL,
        updated_by uuid NOT NULL REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX decisions_one_draft_idx ON decisions (case_id) WHERE status = 'draft'`);
    await q.query(`CREATE UNIQUE INDEX decisions_one_decision_idx ON decisions (case_id) WHERE status <> 'draft'`);
    await q.query(`
      CREATE TABLE registry_entries (
        id uuid PRIMARY KEY,
        decision_id uuid NOT NULL REFERENCES decisions(id),
        case_id uuid NOT NULL REFERENCES cases(id),
        author_order int NOT NULL,
        person_name text NOT NULL,
        organisation text NOT NULL,
        id_number_enc text NOT NULL,
        id_number_hash text NOT NULL,
        id_number_masked text NOT NULL,
        profile text NOT NULL,
        measure_code text NOT NULL,
        measure_label text NOT NULL,
        starts_on date NOT NULL,
        ends_on date,
        permanent boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'changed', 'revoked')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (decision_id, author_order, measure_code)
      )`);
    await q.query(`CREATE INDEX registry_entries_id_hash_idx ON registry_entries (id_number_hash)`);
    await q.query(`CREATE INDEX registry_entries_name_idx ON registry_entries (person_name)`);
    await q.query(`
      CREATE TABLE registry_entry_history (
        id bigserial PRIMARY KEY,
        entry_id uuid NOT NULL REFERENCES registry_entries(id),
        changed_at timestamptz NOT NULL DEFAULT now(),
        changed_by uuid REFERENCES users(id),
        reason text NOT NULL,
        before jsonb,
        after jsonb NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['registry_entry_history', 'registry_entries', 'decisions', 'case_files']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
