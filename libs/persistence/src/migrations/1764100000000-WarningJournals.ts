import { MigrationInterface, QueryRunner } from 'typeorm';

/** The warning-journal list (预警期刊, RULES.md §6, 004). */
export class WarningJournals1764100000000 implements MigrationInterface {
  name = 'WarningJournals1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE warning_journals (
        id uuid PRIMARY KEY,
        issn text UNIQUE,
        title text NOT NULL,
        title_key text NOT NULL,
        publisher text,
        source text NOT NULL,
        added_by uuid NOT NULL REFERENCES users(id),
        added_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX warning_journals_title_key_idx ON warning_journals (title_key) WHERE issn IS NULL`);
    await q.query(`CREATE INDEX warning_journals_title_idx ON warning_journals (title_key text_pattern_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS warning_journals`);
  }
}
