import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1763800000000 implements MigrationInterface {
  name = 'Initial1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        level text NOT NULL CHECK (level IN ('national','provincial','municipal','institution')),
        parent_id uuid REFERENCES organisations(id),
        path text NOT NULL,
        region_code text NOT NULL,
        policy_profile text NOT NULL DEFAULT 'national-2022'
      )`);
    await q.query(`CREATE INDEX organisations_path_idx ON organisations (path text_pattern_ops)`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        username text NOT NULL UNIQUE,
        name text NOT NULL,
        email text,
        org_id uuid NOT NULL REFERENCES organisations(id),
        roles jsonb NOT NULL,
        active boolean NOT NULL DEFAULT true,
        password_hash text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE case_counters (
        year int PRIMARY KEY,
        last int NOT NULL
      )`);
    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY,
        number text NOT NULL UNIQUE,
        title text NOT NULL,
        source text NOT NULL,
        handling_org_id uuid NOT NULL REFERENCES organisations(id),
        handling_org_path text NOT NULL,
        policy_profile text NOT NULL,
        received_at date NOT NULL,
        phase text NOT NULL,
        version int NOT NULL DEFAULT 0,
        last_event_seq int NOT NULL DEFAULT 0,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        reporter jsonb,
        next_due_date date,
        overdue boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX cases_org_path_idx ON cases (handling_org_path text_pattern_ops)`);
    await q.query(`CREATE INDEX cases_phase_idx ON cases (phase)`);
    await q.query(`
      CREATE TABLE case_events (
        case_id uuid NOT NULL REFERENCES cases(id),
        seq int NOT NULL,
        type text NOT NULL,
        at timestamptz NOT NULL,
        actor jsonb,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        PRIMARY KEY (case_id, seq)
      )`);
    await q.query(`
      CREATE TABLE case_deadlines (
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL,
        due_date date NOT NULL,
        due_at timestamptz NOT NULL,
        provisional boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('open','met','overdue','closed')),
        handling_org_path text NOT NULL,
        PRIMARY KEY (case_id, kind)
      )`);
    await q.query(`CREATE INDEX case_deadlines_status_due_idx ON case_deadlines (status, due_date)`);
    await q.query(`CREATE INDEX case_deadlines_org_path_idx ON case_deadlines (handling_org_path text_pattern_ops, status, due_date)`);
    await q.query(`
      CREATE TABLE calendar_years (
        year int NOT NULL,
        version int NOT NULL,
        holidays jsonb NOT NULL,
        makeup_workdays jsonb NOT NULL,
        source text NOT NULL,
        loaded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (year, version)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['calendar_years', 'case_deadlines', 'case_events', 'cases', 'case_counters', 'users', 'organisations']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
