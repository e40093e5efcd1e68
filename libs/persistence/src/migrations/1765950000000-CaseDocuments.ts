import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Generated documents (issue 23, point 2): each is a file among the case's files (case_files, kind = the document
 * kind) and a row here with its number (发文字号), issuer, date and the timeline event that records it. Numbers run
 * per issuing organisation, prefix and year (document_numbers); a number is never given twice.
 */
export class CaseDocuments1765950000000 implements MigrationInterface {
  name = 'CaseDocuments1765950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document_numbers (
        issuer_org_id uuid NOT NULL REFERENCES organisations(id),
        prefix text NOT NULL,
        year int NOT NULL,
        last int NOT NULL,
        PRIMARY KEY (issuer_org_id, prefix, year)
      )`);
    await q.query(`
      CREATE TABLE case_documents (
        file_id uuid PRIMARY KEY REFERENCES case_files(id),
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL,
        title text NOT NULL,
        number text NOT NULL,
        issuer_org_id uuid NOT NULL REFERENCES organisations(id),
        prefix text NOT NULL,
        year int NOT NULL,
        seq int NOT NULL,
        document_date date NOT NULL,
        template text NOT NULL,
        event_seq int NOT NULL,
        generated_by uuid NOT NULL REFERENCES users(id),
        generated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (issuer_org_id, prefix, year, seq)
      )`);
    await q.query(`CREATE INDEX case_documents_case_idx ON case_documents (case_id, event_seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS case_documents`);
    await q.query(`DROP TABLE IF EXISTS document_numbers`);
  }
}
