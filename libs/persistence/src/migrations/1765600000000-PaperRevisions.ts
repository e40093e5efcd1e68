import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, problem papers as the national module works them:
 * - decision versions: a result returned in the review chain is revised (002 退回修改); the corrected form is a new row
 *   (`version`, `supersedes`, `revision_reason`, `answers_return`: the paper return it answers), the previous one stays
 *   as `superseded` (`superseded_by`, `superseded_at`). One pending and one effective decision per case at a time.
 * - the fields of 002's paper detail: the first corresponding author's affiliation as written in the paper
 *   (第一通讯作者所在单位原文) and the dispatching department (转办部门).
 * - a commission's setting that its approvals carry its official letter (省卫健委正式函件, 002).
 * The status check keeps the values of the decision status history (changed, revoked) besides the new one, so either
 * migration may run first.
 */
export class PaperRevisions1765600000000 implements MigrationInterface {
  name = 'PaperRevisions1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE decisions
        ADD COLUMN version int NOT NULL DEFAULT 1,
        ADD COLUMN supersedes uuid REFERENCES decisions(id),
        ADD COLUMN superseded_by uuid REFERENCES decisions(id),
        ADD COLUMN superseded_at timestamptz,
        ADD COLUMN revision_reason text,
        ADD COLUMN answers_return jsonb`);
    await q.query(`ALTER TABLE decisions DROP CONSTRAINT IF EXISTS decisions_status_check`);
    await q.query(
      `ALTER TABLE decisions ADD CONSTRAINT decisions_status_check CHECK (status IN ('draft', 'pending', 'effective', 'superseded', 'changed', 'revoked'))`,
    );
    await q.query(`DROP INDEX IF EXISTS decisions_one_decision_idx`);
    await q.query(`CREATE UNIQUE INDEX decisions_one_pending_idx ON decisions (case_id) WHERE status = 'pending'`);
    await q.query(`CREATE UNIQUE INDEX decisions_one_effective_idx ON decisions (case_id) WHERE status = 'effective'`);
    await q.query(`CREATE UNIQUE INDEX decisions_version_idx ON decisions (case_id, version) WHERE status <> 'draft'`);
    await q.query(`ALTER TABLE problem_papers ADD COLUMN affiliation_text text, ADD COLUMN dispatching_department text`);
    await q.query(`ALTER TABLE organisations ADD COLUMN approval_letter_required boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisations DROP COLUMN approval_letter_required`);
    await q.query(`ALTER TABLE problem_papers DROP COLUMN dispatching_department, DROP COLUMN affiliation_text`);
    await q.query(`DROP INDEX decisions_version_idx`);
    await q.query(`DROP INDEX decisions_one_effective_idx`);
    await q.query(`DROP INDEX decisions_one_pending_idx`);
    await q.query(`CREATE UNIQUE INDEX decisions_one_decision_idx ON decisions (case_id) WHERE status <> 'draft'`);
    await q.query(`ALTER TABLE decisions DROP CONSTRAINT decisions_status_check`);
    await q.query(`ALTER TABLE decisions ADD CONSTRAINT decisions_status_check CHECK (status IN ('draft', 'pending', 'effective'))`);
    await q.query(`ALTER TABLE decisions DROP COLUMN answers_return, DROP COLUMN revision_reason, DROP COLUMN superseded_at, DROP COLUMN superseded_by,
      DROP COLUMN supersedes, DROP COLUMN version`);
  }
}
