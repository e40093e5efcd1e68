import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Problem papers (issue: hierarchical dispatch and review; RULES.md §2, §5; 002, 004): the imported retracted papers,
 * the projection of each paper's workflow (position in the tree, status, review level), its events, and its files
 * (official letters, stamped versions). `cases.paper_id` links the case a paper became at the institution; the unique
 * (paper_id, paper_dispatch_seq) makes opening it idempotent. `organisations.pre_review` marks a commission that runs
 * a pre-review (004 二(二)).
 */
export class ProblemPapers1764400000000 implements MigrationInterface {
  name = 'ProblemPapers1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisations ADD COLUMN pre_review boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE problem_papers (
        id uuid PRIMARY KEY,
        workflow_id text NOT NULL UNIQUE,
        batch text NOT NULL,
        number text NOT NULL,
        title text NOT NULL,
        authors jsonb NOT NULL,
        corresponding_unit text NOT NULL,
        region_code text NOT NULL,
        journal text NOT NULL,
        doi text,
        retraction_date date,
        source text NOT NULL,
        imported_by uuid NOT NULL,
        imported_org_id uuid NOT NULL REFERENCES organisations(id),
        status text NOT NULL DEFAULT 'pending_dispatch',
        holder_org_id uuid NOT NULL REFERENCES organisations(id),
        holder_path text NOT NULL,
        current_org_id uuid REFERENCES organisations(id),
        review_level text,
        case_id uuid,
        case_number text,
        rounds int NOT NULL DEFAULT 0,
        version int NOT NULL DEFAULT 0,
        last_event_seq int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (batch, number)
      )`);
    await q.query(`CREATE INDEX problem_papers_holder_path ON problem_papers (holder_path text_pattern_ops, status)`);
    await q.query(`CREATE INDEX problem_papers_current_org ON problem_papers (current_org_id, status)`);
    await q.query(`
      CREATE TABLE paper_events (
        paper_id uuid NOT NULL REFERENCES problem_papers(id),
        seq int NOT NULL,
        type text NOT NULL,
        at timestamptz NOT NULL,
        actor jsonb,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        PRIMARY KEY (paper_id, seq)
      )`);
    await q.query(`
      CREATE TABLE paper_files (
        id uuid PRIMARY KEY,
        paper_id uuid NOT NULL REFERENCES problem_papers(id),
        kind text NOT NULL,
        filename text NOT NULL,
        content_type text NOT NULL,
        size bigint NOT NULL,
        sha256 text NOT NULL,
        storage_key text NOT NULL,
        org_id uuid NOT NULL REFERENCES organisations(id),
        uploaded_by uuid NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX paper_files_paper ON paper_files (paper_id)`);
    await q.query(`ALTER TABLE cases ADD COLUMN paper_id uuid REFERENCES problem_papers(id), ADD COLUMN paper_dispatch_seq int`);
    await q.query(`CREATE UNIQUE INDEX cases_paper_dispatch ON cases (paper_id, paper_dispatch_seq) WHERE paper_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_paper_dispatch`);
    await q.query(`ALTER TABLE cases DROP COLUMN paper_dispatch_seq, DROP COLUMN paper_id`);
    await q.query(`DROP TABLE paper_files`);
    await q.query(`DROP TABLE paper_events`);
    await q.query(`DROP TABLE problem_papers`);
    await q.query(`ALTER TABLE organisations DROP COLUMN pre_review`);
  }
}
